"""Importers for the tools people come from, each fed files made the way that tool makes them: jrnl's by the real
``jrnl`` command, the others from their published export formats, with images and the broken cases of issue 12
(Day One's "body is missing", Hugo's TOML title "+++", Notion's lost properties, a NotionNext page titled "type",
Joplin dated today, Mac Roman emoji, jrnl's lost times and ``@`` tags)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from journal.attachments import attachment_name
from journal.db import Journal, open_journal
from journal.entries import get_entry, list_entries
from journal.jobs import run
from journal.transfer.common import ImportReport
from journal.transfer.importer import import_source

UTC = dt.UTC


def png(seed: int, size: int = 2) -> bytes:
    """A real PNG image (``size`` × ``size``, one colour from ``seed``): what a photo export holds, small."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes([seed % 256, (seed * 7) % 256, (seed * 13) % 256]) * size
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def imported(journal: Journal, path: Path, tool: str | None = None, **kw: Any) -> ImportReport:
    report = run(import_source(journal, path, tool=tool, **kw))
    assert isinstance(report, ImportReport)
    return report


def by_title(journal: Journal) -> dict[str, Any]:
    return {s.title: get_entry(journal, s.id) for s in list_entries(journal, limit=None)}


def stored(journal: Journal, data: bytes, suffix: str = ".png") -> Path:
    path = journal.paths.attachments / attachment_name(data, suffix)
    assert path.is_file(), f"{path.name} was not stored"
    assert path.read_bytes() == data
    return path


def items(report: ImportReport) -> dict[str, Any]:
    return {item.title: item for item in report.items}


# --- jrnl: inputs made by the real jrnl command ----------------------------------------------------------------------


def jrnl(config: Path, *args: str, stdin: str | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "jrnl", "--config-file", str(config), *args],
        input=stdin or "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture
def jrnl_journal(tmp_path: Path) -> Path:
    config = tmp_path / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\ndefault_hour: 9\ndefault_minute: 0\n"
        f"editor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\njournals:\n  default:\n"
        f"    journal: {tmp_path / 'journal.txt'}\nlinewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
        "timeformat: '%F %r'\nversion: v4.6\n",
        encoding="utf-8",
    )
    jrnl(
        config, "2024-03-14 08:30: Batching requests. Dynamic batching cut @serving p99 from 180 ms to 90 ms. Café 👍🏽"
    )
    jrnl(config, "2024-03-15 21:05: Second day with @ml-ops and @serving")
    jrnl(config, "2024-03-15 22:05: *Starred one")
    jrnl(config, stdin="2024-03-16 07:00: Headings inside\n# A heading\n\nbody under it\n")
    return config


def test_jrnl_json_markdown_and_text_import_the_same_entries(journal: Journal, tmp_path: Path, jrnl_journal: Path):
    json_export = write(tmp_path / "export.json", jrnl(jrnl_journal, "--format", "json"))
    md_export = write(tmp_path / "export.md", jrnl(jrnl_journal, "--format", "markdown"))
    text_file = tmp_path / "journal.txt"

    report = imported(journal, json_export)
    assert report.tool == "jrnl" and report.skipped == [], report.skipped  # no false "skipped tags[i]"
    assert report.added == 4
    entries = by_title(journal)
    batching = entries["Batching requests."]
    # The time of day is kept (jrnl writes local time without an offset), and tags lose their "@".
    assert batching.created == dt.datetime(2024, 3, 14, 8, 30).astimezone()
    assert batching.day == dt.date(2024, 3, 14)
    assert batching.tags == ("serving",)
    assert batching.body == "Batching requests.\nDynamic batching cut @serving p99 from 180 ms to 90 ms. Café 👍🏽"
    assert entries["Second day with @ml-ops and @serving"].tags == ("ml-ops", "serving")
    assert entries["Starred one"].front_matter == {"starred": True}
    assert items(report)["Batching requests."].dated_by == "jrnl date and time (local time)"

    # The markdown export (one file for the whole journal) and the journal file itself are the same entries.
    for other in (md_export, text_file):
        again = imported(journal, other)
        assert again.tool == "jrnl" and again.skipped == [], (other.name, again.skipped)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 4), other.name
    assert "2024" not in by_title(journal)  # the year heading never became an entry
    # jrnl's markdown export pushed the body's heading down to ####; it comes back as it was written.
    assert by_title(journal)["Headings inside"].body == "Headings inside\n# A heading\n\nbody under it"


def test_jrnl_markdown_export_alone(journal: Journal, tmp_path: Path, jrnl_journal: Path) -> None:
    md_export = write(tmp_path / "export.md", jrnl(jrnl_journal, "--format", "markdown"))
    report = imported(journal, md_export)
    assert report.added == 4
    titles = sorted(by_title(journal))
    assert titles == ["Batching requests.", "Headings inside", "Second day with @ml-ops and @serving", "Starred one"]
    assert (
        by_title(journal)["Second day with @ml-ops and @serving"].created
        == dt.datetime(2024, 3, 15, 21, 5).astimezone()
    )


def test_jrnl_hash_tags_come_from_every_form(tmp_path: Path, jrnl_journal: Path) -> None:
    """jrnl's default tag symbols are # and @: a #tag is in the JSON export's tags, and the markdown export and the
    journal file must give it too (they kept only @tags)."""
    jrnl(jrnl_journal, "2024-03-17 09:00: Hash tags. Read about #feature-stores and @serving in issue #12, page#part")
    sources = {
        "json": write(tmp_path / "export.json", jrnl(jrnl_journal, "--format", "json")),
        "markdown": write(tmp_path / "export.md", jrnl(jrnl_journal, "--format", "markdown")),
        "text": tmp_path / "journal.txt",
    }
    tags = {}
    for form, source in sources.items():
        with open_journal(tmp_path / form) as journal:
            report = imported(journal, source)
            assert report.tool == "jrnl" and report.skipped == [], report.skipped
            tags[form] = {title: e.tags for title, e in by_title(journal).items()}
    assert tags["json"]["Hash tags."] == ("12", "feature-stores", "serving")
    assert tags["markdown"] == tags["json"] and tags["text"] == tags["json"]


def test_jrnl_json_with_lone_surrogates_skips_those_entries(journal: Journal, tmp_path: Path) -> None:
    """A lone surrogate (\\ud800) in a jrnl entry's title, body, tags or other field skips that entry, saying which
    field; the rest of the file imports (it raised UnicodeEncodeError out of the command before)."""

    def entry(**kw: object) -> dict[str, object]:
        return {"title": "Fine.", "body": "b", "date": "2024-03-14", "time": "08:30", "tags": [], "starred": False,
                **kw}  # fmt: skip

    doc = {"tags": {}, "entries": [entry(title="Lone \ud800."), entry(body="x \udfff"), entry(tags=["@a\ud800"]),
                                   entry(mood="\ud800"), entry(title="Good one.")]}  # fmt: skip
    source = write(tmp_path / "export.json", json.dumps(doc))
    report = imported(journal, source)
    assert report.tool == "jrnl" and report.added == 1 and sorted(by_title(journal)) == ["Good one."]
    reasons = {where.rpartition(": ")[2]: why for where, why in report.skipped}
    assert sorted(reasons) == [f"entries[{i}]" for i in range(4)], reasons
    assert "title" in reasons["entries[0]"] and "U+D800" in reasons["entries[0]"]
    assert "body" in reasons["entries[1]"] and "U+DFFF" in reasons["entries[1]"]
    assert "U+D800" in reasons["entries[2]"] and "U+D800" in reasons["entries[3]"]


# --- Day One: its JSON export, and the zip with photos ---------------------------------------------------------------


def dayone_document(photo_md5: str) -> dict[str, Any]:
    return {
        "metadata": {"version": "1.0"},
        "entries": [
            {
                "uuid": "81F0F3CA693F484792F76359E9E2ACE8",
                "creationDate": "2024-03-14T23:30:00Z",
                "modifiedDate": "2024-03-15T01:00:00Z",
                "timeZone": "Asia/Tokyo",
                "starred": True,
                "tags": ["travel", "ml"],
                "text": "# Late night in Tokyo\n\n![](dayone-moment://68D729369ED84A8B91B5D348E4592EFE)\n\n"
                "Trained the model on the train\\. It worked\\!",
                "photos": [
                    {
                        "identifier": "68D729369ED84A8B91B5D348E4592EFE",
                        "md5": photo_md5,
                        "type": "png",
                        "width": 2,
                        "height": 2,
                        "orderInEntry": 0,
                    }
                ],
                "location": {"localityName": "Shibuya", "country": "Japan", "latitude": 35.66, "longitude": 139.7},
                "weather": {"conditionsDescription": "Clear", "temperatureCelsius": 12},
                "creationDevice": "Ann’s iPhone",
                "duration": 0,
            },
            {
                "uuid": "1546F37361264E129200B2CA6A885855",
                "creationDate": "2024-03-10T08:00:00Z",
                "timeZone": "Europe/Berlin",
                "starred": False,
                "text": "Plain first line that says what the day was\n\nand then more of it.",
            },
        ],
    }


def test_day_one_zip_with_photos(journal: Journal, tmp_path: Path) -> None:
    photo = png(1)
    md5 = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    archive = tmp_path / "dayone.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Journal.json", json.dumps(dayone_document(md5), indent=2))
        zf.writestr(f"photos/{md5}.png", photo)
    report = imported(journal, archive)
    assert report.tool == "dayone" and report.skipped == [], report.skipped
    assert report.added == 2 and report.attachments_added == 1
    entries = by_title(journal)
    tokyo = entries["Late night in Tokyo"]
    assert tokyo.id == "81f0f3ca-693f-4847-92f7-6359e9e2ace8"
    assert tokyo.day == dt.date(2024, 3, 15)  # 23:30 UTC is the next morning in Tokyo
    assert tokyo.created == dt.datetime(2024, 3, 14, 23, 30, tzinfo=UTC)
    assert tokyo.tags == ("ml", "travel")
    name = stored(journal, photo).name
    assert (
        tokyo.body == f"# Late night in Tokyo\n\n![](attachments/{name})\n\nTrained the model on the train. It worked!"
    )
    assert tokyo.front_matter["starred"] is True
    assert tokyo.front_matter["location"]["localityName"] == "Shibuya"  # kept, not dropped
    assert tokyo.front_matter["timeZone"] == "Asia/Tokyo"
    assert items(report)["Late night in Tokyo"].dated_by == "Day One creationDate in Asia/Tokyo"
    berlin = entries["Plain first line that says what the day was"]
    assert berlin.day == dt.date(2024, 3, 10) and "starred" not in berlin.front_matter
    assert imported(journal, archive).unchanged == 2  # again: nothing changes


def test_day_one_json_alone_keeps_the_photo_reference(journal: Journal, tmp_path: Path) -> None:
    source = write(tmp_path / "Journal.json", json.dumps(dayone_document("ab" * 16)))
    report = imported(journal, source)
    assert report.tool == "dayone" and report.added == 2  # not "body is missing"
    tokyo = by_title(journal)["Late night in Tokyo"]
    assert "dayone-moment://68D729369ED84A8B91B5D348E4592EFE" in tokyo.body
    assert any("not found" in note for note in items(report)["Late night in Tokyo"].notes)


def test_a_number_past_pythons_digit_limit_skips_only_its_entry(journal: Journal, tmp_path: Path) -> None:
    """A 5,000-digit integer in a jrnl or Day One export: the file is still that tool's (it was read as a Trailbook
    document, losing jrnl's times and fields); the entry holding it is skipped, saying so, and the rest imports."""
    huge = "9" * 5000
    good = {"title": "Kept.", "body": "b", "date": "2024-03-14", "time": "08:30", "tags": [], "starred": False}
    text = json.dumps({"tags": {}, "entries": [{**good, "title": "Huge.", "n": "HUGE"}, good]})
    report = imported(journal, write(tmp_path / "jrnl.json", text.replace('"HUGE"', huge)))
    assert report.tool == "jrnl" and report.added == 1, report.skipped
    assert by_title(journal)["Kept."].created == dt.datetime(2024, 3, 14, 8, 30).astimezone()
    assert len(report.skipped) == 1 and "5000 digits" in report.skipped[0][1], report.skipped
    doc = dayone_document("ab" * 16)
    doc["entries"][0]["weather"] = {"pressureMB": "HUGE"}
    report = imported(journal, write(tmp_path / "Journal.json", json.dumps(doc).replace('"HUGE"', huge)))
    assert report.tool == "dayone" and report.added == 1, report.skipped
    assert len(report.skipped) == 1 and "5000 digits" in report.skipped[0][1], report.skipped


# --- Obsidian ------------------------------------------------------------------------------------------------------


def test_obsidian_vault(journal: Journal, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write(vault / ".obsidian" / "app.json", "{}")
    pasted, diagram = png(2), png(3)
    write(vault / "attachments" / "Pasted image 20240314.png", pasted)
    write(vault / "assets" / "diagram 1.png", diagram)
    write(vault / "Batching requests.md", "Dynamic batching cut p99. See [[Latency budget]] and #serving.\n\n"
          "![[Pasted image 20240314.png]]\n\n```python\nx = 1  # not a #tag\n```\nand `#nope` in code.\n")  # fmt: skip
    write(vault / "notes" / "Latency.md", "---\ntitle: Latency budget\ntags: [perf, ml/serving]\naliases:\n  - p99\n"
          "created: 2024-03-12T07:45:00+01:00\ncssclasses: wide\n---\n# Something else\n\n"
          "![diagram](../assets/diagram%201.png) #perf #2024 #learning/ml\n")  # fmt: skip
    write(vault / "Daily" / "2024-03-14.md", "Worked on [[Batching requests|batching]].\n")
    report = imported(journal, vault)
    assert report.tool == "obsidian" and report.skipped == [], report.skipped
    entries = by_title(journal)
    batching = entries["Batching requests"]  # the file name: no front matter title, no heading
    assert batching.tags == ("serving",)  # inline, and none from code
    name = stored(journal, pasted).name
    assert batching.body.startswith(
        f"Dynamic batching cut p99. See [[Latency budget]] and #serving.\n\n![](attachments/{name})"
    )
    latency = entries["Latency budget"]  # front matter title over heading and file name
    assert latency.tags == ("learning/ml", "ml/serving", "perf")
    # Its file name joins its aliases: Obsidian links it as [[Latency]].
    assert latency.front_matter == {"aliases": ["p99", "Latency"], "cssclasses": "wide"}
    assert latency.created == dt.datetime(2024, 3, 12, 6, 45, tzinfo=UTC) and latency.day == dt.date(2024, 3, 12)
    assert f"![diagram](attachments/{stored(journal, diagram).name})" in latency.body
    daily = entries["2024-03-14"]
    assert daily.day == dt.date(2024, 3, 14) and daily.body == "Worked on [[Batching requests|batching]].\n"
    dated = {i.title: i.dated_by for i in report.items}
    assert dated == {
        "Batching requests": "file time (the source has no date)",
        "Latency budget": "front matter created",
        "2024-03-14": "file name",
    }
    assert imported(journal, vault).unchanged == 3


def test_obsidian_title_is_the_file_name_over_a_heading(journal: Journal, tmp_path: Path) -> None:
    """Obsidian shows a note by its file name: a heading inside it is a section, not the title."""
    vault = tmp_path / "vault"
    write(vault / ".obsidian" / "app.json", "{}")
    write(vault / "Serving latency.md", "# Measuring\n\nSaw the #latency spike.\n")
    write(vault / "my-note.md", "---\ntags: [x]\n---\n# A heading\n\ntext\n")
    report = imported(journal, vault)
    assert report.skipped == [], report.skipped
    entries = by_title(journal)
    assert set(entries) == {"Serving latency", "my-note"}
    assert entries["Serving latency"].body == "# Measuring\n\nSaw the #latency spike.\n"
    assert entries["Serving latency"].front_matter == {}  # the title is the name: no alias needed


# --- Notion ---------------------------------------------------------------------------------------------------------


def test_notion_markdown_and_csv_export(journal: Journal, tmp_path: Path) -> None:
    hexa, hexb, hexdb = "a1" * 16, "b2" * 16, "c3" * 16
    image = png(4)
    archive = tmp_path / "Export-1234.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"Learning log {hexdb}.csv", "Name,Created,Tags,Status\n"
                    "Batching requests,\"March 14, 2024 8:30 AM\",\"ml, serving\",Done\n"
                    "Only in the table,\"March 20, 2024\",ml,Todo\n")  # fmt: skip
        zf.writestr(f"Learning log {hexdb}/Batching requests {hexa}.md", "# Batching requests\n\n"
                    "Created: March 14, 2024 8:30 AM (GMT+1)\nTags: ml, serving\nStatus: Done\n\n"
                    f"Cut p99 in half.\n\n![image.png](Batching%20requests%20{hexa}/image.png)\n")  # fmt: skip
        zf.writestr(f"Learning log {hexdb}/Batching requests {hexa}/image.png", image)
        zf.writestr(f"Reading notes {hexb}.md", "# Reading notes\n\nNo properties here, just text: with a colon.\n")
    report = imported(journal, archive)
    assert report.tool == "notion" and report.skipped == [], report.skipped
    entries = by_title(journal)
    batching = entries["Batching requests"]
    assert batching.created == dt.datetime(2024, 3, 14, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert batching.tags == ("ml", "serving") and batching.front_matter == {"Status": "Done"}
    assert (
        batching.body
        == f"# Batching requests\n\nCut p99 in half.\n\n![image.png](attachments/{stored(journal, image).name})\n"
    )
    assert entries["Only in the table"].day == dt.date(2024, 3, 20)
    assert entries["Only in the table"].tags == ("ml",)
    assert "Reading notes" in entries
    assert items(report)["Batching requests"].dated_by == "property Created"


def test_a_notionnext_page_copy_is_titled_from_its_properties(journal: Journal, tmp_path: Path) -> None:
    page = write(tmp_path / "copy" / "page.md", "type: Post\ntitle: Serving at scale\nstatus: Published\n"
                 "date: 2024-03-14\nslug: serving-at-scale\ntags: ml, serving\nsummary: What I learned\n\n"
                 "The body starts here.\n")  # fmt: skip
    report = imported(journal, page.parent)
    (entry,) = by_title(journal).values()
    assert entry.title == "Serving at scale"  # not "type"
    assert (entry.day, entry.slug, entry.summary, entry.tags) == (
        dt.date(2024, 3, 14), "serving-at-scale", "What I learned", ("ml", "serving"))  # fmt: skip
    assert entry.front_matter == {"type": "Post", "status": "Published"}
    assert entry.body == "The body starts here.\n"
    assert report.items[0].dated_by == "property date"


# --- Joplin -----------------------------------------------------------------------------------------------------------


def test_joplin_markdown_with_front_matter(journal: Journal, tmp_path: Path) -> None:
    export = tmp_path / "joplin"
    image = png(5)
    write(export / "_resources" / "chart.png", image)
    write(export / "Machine learning" / "Gradient descent.md", "---\ntitle: Gradient descent\n"
          "updated: 2024-03-15 10:00:00Z\ncreated: 2024-03-14 08:30:00Z\nlatitude: 52.52000000\n"
          "longitude: 13.40500000\naltitude: 0.0000\ntags:\n  - ml\n  - math\n---\n\n"
          "Step size matters.\n\n![chart.png](../_resources/chart.png)\n")  # fmt: skip
    report = imported(journal, export)
    assert report.tool == "joplin" and report.skipped == [], report.skipped
    (entry,) = by_title(journal).values()
    assert entry.created == dt.datetime(2024, 3, 14, 8, 30, tzinfo=UTC) and entry.day == dt.date(2024, 3, 14)
    assert entry.updated == dt.datetime(2024, 3, 15, 10, tzinfo=UTC)
    assert entry.tags == ("math", "ml")
    assert entry.front_matter == {
        "latitude": 52.52,
        "longitude": 13.405,
        "altitude": 0.0,
        "notebook": "Machine learning",
    }
    assert f"![chart.png](attachments/{stored(journal, image).name})" in entry.body


def jex_item(title: str, body: str, props: dict[str, str]) -> bytes:
    lines = [title, "", body, ""] if body else [title, ""]
    lines += [f"{k}: {v}" for k, v in props.items()]
    return "\n".join(lines).encode("utf-8")


def test_joplin_jex_archive(journal: Journal, tmp_path: Path) -> None:
    note, folder, resource, tag, link = "1" * 32, "2" * 32, "4" * 32, "5" * 32, "6" * 32
    image = png(6)
    archive = tmp_path / "notes.jex"
    members = {
        f"{note}.md": jex_item(
            "Attention is all you need",
            f"Notes on the paper.\n\n![fig.png](:/{resource})",
            {
                "id": note,
                "parent_id": folder,
                "created_time": "2024-03-14T08:30:00.000Z",
                "updated_time": "2024-03-15T09:00:00.000Z",
                "is_conflict": "0",
                "latitude": "0.00000000",
                "author": "Ann",
                "source_url": "https://arxiv.org/abs/1706.03762",
                "is_todo": "0",
                "user_created_time": "2024-03-14T08:30:00.000Z",
                "user_updated_time": "2024-03-15T09:00:00.000Z",
                "markup_language": "1",
                "type_": "1",
            },
        ),
        f"{folder}.md": jex_item("Papers", "", {"id": folder, "type_": "2"}),
        f"{resource}.md": jex_item(
            "fig.png", "", {"id": resource, "mime": "image/png", "file_extension": "png", "type_": "4"}
        ),
        f"{tag}.md": jex_item("transformers", "", {"id": tag, "type_": "5"}),
        f"{link}.md": jex_item("", "", {"id": link, "note_id": note, "tag_id": tag, "type_": "6"}),
        f"resources/{resource}.png": image,
    }
    with tarfile.open(archive, "w") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    report = imported(journal, archive)
    assert report.tool == "joplin" and report.skipped == [], report.skipped
    (entry,) = by_title(journal).values()
    assert entry.id == "11111111-1111-1111-1111-111111111111"
    assert entry.created == dt.datetime(2024, 3, 14, 8, 30, tzinfo=UTC)
    assert entry.tags == ("transformers",)
    assert entry.front_matter == {
        "notebook": "Papers",
        "author": "Ann",
        "source_url": "https://arxiv.org/abs/1706.03762",
    }
    assert entry.body == f"Notes on the paper.\n\n![fig.png](attachments/{stored(journal, image).name})"


# --- Hugo and Jekyll ------------------------------------------------------------------------------------------------


def test_hugo_site(journal: Journal, tmp_path: Path) -> None:
    site = tmp_path / "site"
    cover, shared, bundle_img = png(7), png(8), png(9)
    write(site / "hugo.toml", 'baseURL = "https://example.org/"\ntitle = "Notes"\n')
    write(site / "content" / "_index.md", "---\ntitle: Home\n---\n")
    write(site / "content" / "posts" / "_index.md", "+++\ntitle = 'Posts'\n+++\n")
    write(site / "content" / "posts" / "toml-post.md", '+++\ntitle = "TOML front matter"\n'
          'date = 2024-03-14T08:30:00-05:00\ntags = ["hugo"]\ndraft = false\nweight = 3\n+++\n\n'
          "Body of the TOML post ![shared](/images/shared.png).\n")  # fmt: skip
    write(site / "content" / "posts" / "yaml-post.md", "---\ntitle: YAML post\ndate: 2024-03-10\n"
          "description: A short description\ncategories: [engineering]\nfeatureImage: /images/shared.png\n"
          "images: [/images/shared.png]\ntags: [ml]\n---\nText.\n")  # fmt: skip
    write(site / "content" / "posts" / "bundle" / "index.md", '{\n "title": "A bundle",\n "date": "2024-03-01"\n}\n'
          '{{< figure src="cover.png" title="Cover" >}}\n\n![inside](inside.png)\n')  # fmt: skip
    write(site / "content" / "posts" / "bundle" / "cover.png", cover)
    write(site / "content" / "posts" / "bundle" / "inside.png", bundle_img)
    write(site / "static" / "images" / "shared.png", shared)
    write(
        site / "content" / "posts" / "emoji.md",
        "---\ntitle: Sparkles\ndate: 2024-02-01\n---\n" + "Stars \uf8ffüí´ tonight, and the caf√© was closed.\n",
    )  # fmt: skip  (UTF-8 read as Mac Roman)
    report = imported(journal, site)
    assert report.tool == "hugo"
    assert dict(report.skipped) == {
        "content/_index.md": "a Hugo section page (a list of posts, not a post)",
        "content/posts/_index.md": "a Hugo section page (a list of posts, not a post)",
    }
    entries = by_title(journal)
    toml = entries["TOML front matter"]  # not "+++", not today, and the TOML is not in the body
    assert toml.created == dt.datetime(2024, 3, 14, 13, 30, tzinfo=UTC) and toml.day == dt.date(2024, 3, 14)
    assert toml.body == f"\nBody of the TOML post ![shared](attachments/{stored(journal, shared).name}).\n"
    assert toml.front_matter == {"draft": False, "weight": 3} and toml.tags == ("hugo",)
    yaml_post = entries["YAML post"]
    shared_link = f"attachments/{stored(journal, shared).name}"
    assert yaml_post.front_matter == {"description": "A short description", "categories": ["engineering"],
                                      "featureImage": shared_link, "images": [shared_link]}  # fmt: skip
    bundle = entries["A bundle"]
    assert f'{{{{< figure src="attachments/{stored(journal, cover).name}" title="Cover" >}}}}' in bundle.body
    assert f"![inside](attachments/{stored(journal, bundle_img).name})" in bundle.body
    sparkles = entries["Sparkles"]
    assert sparkles.body == "Stars 💫 tonight, and the café was closed.\n"
    (repair,) = [change for source, change in report.repaired if source == "content/posts/emoji.md"]
    assert "Mac Roman" in repair and "💫" in repair
    assert {i.title: i.dated_by for i in report.items}["A bundle"] == "front matter date"


def test_jekyll_site(journal: Journal, tmp_path: Path) -> None:
    site = tmp_path / "blog"
    image = png(10)
    write(site / "_config.yml", "title: Blog\n")
    write(site / "assets" / "img" / "plot.png", image)
    write(site / "_posts" / "2024-03-14-first-post.md", "---\nlayout: post\ntags: ml serving\n---\n"
          "Hello ![plot](/assets/img/plot.png)\n")  # fmt: skip
    write(site / "about.md", "---\ntitle: About\n---\nnot a post\n")
    report = imported(journal, site)
    assert report.tool == "jekyll" and report.skipped == [], report.skipped
    (entry,) = by_title(journal).values()
    assert entry.title == "first post" and entry.day == dt.date(2024, 3, 14)
    assert entry.tags == ("ml", "serving") and entry.front_matter == {"layout": "post"}
    assert entry.body == f"Hello ![plot](attachments/{stored(journal, image).name})\n"


# --- plain markdown, forcing a tool, dry runs ------------------------------------------------------------------------


def test_plain_markdown_titles_and_dates(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    write(folder / "2024-01-05-standup.md", "Long first paragraph that is no title at all, it goes on and on.\n")
    write(folder / "headed.md", "Intro line.\n\n# The real title\n\ntext\n")
    write(folder / "fm.md", "---\ntitle: From front matter\ndate: 2023-12-31T23:00:00-02:00\n---\n# Heading\n")
    report = imported(journal, folder)
    assert report.tool == "markdown"
    entries = by_title(journal)
    assert set(entries) == {"standup", "The real title", "From front matter"}
    assert entries["standup"].day == dt.date(2024, 1, 5)
    assert entries["From front matter"].day == dt.date(2023, 12, 31)  # the day where it was written
    dated = {i.title: i.dated_by for i in report.items}
    assert dated["standup"] == "file name" and dated["From front matter"] == "front matter date"


def test_a_dry_run_changes_nothing_and_says_what_would_happen(journal: Journal, tmp_path: Path) -> None:
    site = tmp_path / "vault"
    write(site / ".obsidian" / "app.json", "{}")
    write(site / "img.png", png(11))
    write(site / "Note.md", "![[img.png]]\n")
    report = imported(journal, site, dry_run=True)
    assert report.dry_run and report.added == 1 and report.attachments_added == 1
    assert list_entries(journal) == [] and not any(journal.paths.attachments.glob("*"))
    assert imported(journal, site).added == 1
    assert imported(journal, site, dry_run=True).unchanged == 1


def test_from_forces_the_tool(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    write(folder / "note.md", "text with #tag\n")
    imported(journal, folder)
    assert by_title(journal)["note"].tags == ()
    report = imported(journal, folder, tool="obsidian")
    assert report.tool == "obsidian" and report.updated == 0  # same entry, same updated: left alone


def test_kept_front_matter_is_written_back_on_publish(journal: Journal, tmp_path: Path) -> None:
    """A Hugo post imported with keys Trailbook has no field for gets them back in the post it publishes; keys the
    blog's own post sets win, Trailbook's own keys stay Trailbook's, and an image key names the image copied."""
    from journal.publish import matter
    from tests.core.test_publish_posts import render

    site = tmp_path / "site"
    write(site / "content" / "posts" / "cover.png", png(41))
    write(site / "content" / "posts" / "post.md", "---\ntitle: Imported\ndate: 2024-03-10\ncategories: [engineering]\n"
          "weight: 3\nseries: [serving]\ndescription: theirs\nfeatureImage: cover.png\n---\nText.\n")  # fmt: skip
    imported(journal, site / "content", tool="hugo")
    entry = by_title(journal)["Imported"]
    assert entry.front_matter["series"] == ["serving"] and entry.front_matter["featureImage"].startswith("attachments/")
    post = render(journal, entry)
    _, meta, _ = matter.read_post(post.text)
    assert meta["weight"] == 3 and meta["series"] == ["serving"] and meta["categories"] == ["engineering"]
    # The image the key names is copied into the blog with the post, and the key names it there.
    (image,) = post.images
    assert "attachments/" not in meta["featureImage"] and meta["featureImage"].endswith(image.name)
    assert meta["title"] == "Imported"
    _, meta, _ = matter.read_post(render(journal, entry, existing="---\nweight: 9\n---\nold\n").text)
    assert meta["weight"] == 9  # the blog's own post wins
