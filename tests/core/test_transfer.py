"""Import and export: JSON documents and folders of markdown files, byte-identical round trips, merging rules, and
hostile or broken input files (each skipped with a reason while the rest imports)."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import unicodedata
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.db import Journal, open_journal
from journal.entries import count_entries, create_entry, get_entry, list_entries, list_revisions, update_entry
from journal.errors import InvalidInput, OutputExists
from journal.jobs import run
from journal.tags import list_tags
from journal.transfer.common import ImportReport
from journal.transfer.jsonfile import export_json, import_json
from journal.transfer.markdownfiles import EXPORT_MARKER, export_markdown, import_markdown

UTC = dt.UTC


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def export_bytes(journal: Journal, path: Path) -> bytes:
    run(export_json(journal, path))
    return path.read_bytes()


def import_file(journal: Journal, path: Path) -> ImportReport:
    report = run(import_json(journal, path))
    assert isinstance(report, ImportReport)
    return report


def import_md(journal: Journal, path: Path) -> ImportReport:
    report = run(import_markdown(journal, path))
    assert isinstance(report, ImportReport)
    return report


def skipped_reasons(report: ImportReport) -> dict[str, str]:
    return {Path(source).name: reason for source, reason in report.skipped}


# --- the property: import → export → import into an empty journal → export gives the same bytes -----------------------

SPECIALS = [
    "👩\u200d👩\u200d👧\u200d👦",  # family: ZWJ sequence
    "🏳️\u200d🌈",
    "👍🏽",
    "🇯🇵",
    "日本語のテキスト",
    "中文字符",
    "한국어",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "e\u0301\u0302\u0303",  # stacked combining marks
    "Z\u0351\u0352\u0357a\u0300\u0301lgo",
    "café",  # NFC
    "cafe\u0301",  # NFD
    unicodedata.normalize("NFD", "Ångström naïve"),
    "\r\n",
    "\r",
    "\n",
    "   ",
    "\t",
    " \n",
    "trailing   ",
    "\ufeff",
    "\u2028\u2029",
    "\x85",
    "---\n",
    "...\n",
    "# heading\n",
    "Ã©",  # looks like mojibake, but it is what the person wrote
    "ðŸ‘‡",
    '"quoted" \\ backslash',
]
TEXT = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(SPECIALS)), max_size=8).map("".join)
TAG_NAMES = st.one_of(
    st.sampled_from(["serving", "Serving", "SERVING", "Économie", "économie", "Straße", "STRASSE", "日本", "🧪 lab"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=","), min_size=1, max_size=20).filter(
        lambda t: 0 < len(" ".join(t.split())) <= 64
    ),
)
ZONES = st.sampled_from(
    [
        UTC,
        dt.timezone(dt.timedelta(hours=14)),
        dt.timezone(dt.timedelta(hours=-12)),
        dt.timezone(dt.timedelta(hours=5, minutes=30)),
    ]
)
# Titles are cut at 200 characters: make sure cuts land on spaces, combining marks and emoji too.
LONG_TITLES = st.lists(
    st.sampled_from(["word ", "e\u0301", "👩\u200d💻", " ", "日本", "x"]), min_size=150, max_size=260
).map("".join)
STAMPS = st.datetimes(min_value=dt.datetime(1000, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=ZONES).map(
    lambda d: d.isoformat()
)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(st.uuids(), min_size=1, max_size=6, unique=True))
    entries = []
    for entry_id in ids:
        entry: dict[str, Any] = {
            "id": str(entry_id),
            "title": draw(st.one_of(TEXT, LONG_TITLES)),
            "body": draw(TEXT),
            "date": draw(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))).isoformat(),
            "created": draw(STAMPS),
            "updated": draw(STAMPS),
            "tags": draw(st.lists(TAG_NAMES, max_size=3)),
            "private": draw(st.booleans()),
        }
        if draw(st.booleans()):
            entry["deleted"] = draw(STAMPS)
        if draw(st.booleans()):
            entry["summary"] = draw(TEXT)
        if draw(st.booleans()):
            entry["slug"] = draw(st.text(max_size=20))
        entries.append(entry)
    revisions = [
        {"entry": str(draw(st.sampled_from(ids))), "saved_at": draw(STAMPS), "title": draw(TEXT), "body": draw(TEXT)}
        for _ in range(draw(st.integers(0, 4)))
    ]
    return {"format": "trailbook-journal", "version": 1, "entries": entries, "revisions": revisions}


PROPERTY = settings(
    max_examples=int(os.environ.get("TRAILBOOK_PROPERTY_EXAMPLES", "50")),  # raise it for a longer hunt
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)


@PROPERTY
@given(doc=documents())
def test_json_round_trip_is_byte_identical(tmp_path: Path, doc: dict[str, Any]) -> None:
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    source = write_json(work / "in.json", doc)
    with open_journal(work / "a") as a:
        report = import_file(a, source)
        assert report.skipped == [], report.skipped
        assert report.added == len(doc["entries"])
        first = export_bytes(a, work / "a.json")
    with open_journal(work / "b") as b:
        import_file(b, work / "a.json")
        second = export_bytes(b, work / "b.json")
    assert first == second

    exported = json.loads(first)
    by_id = {e["id"]: e for e in exported["entries"]}
    for given_entry in doc["entries"]:
        out = by_id[given_entry["id"]]
        assert out["body"].encode("utf-8") == given_entry["body"].encode("utf-8")
        assert out["private"] == given_entry["private"]
        assert (out["deleted"] is None) == ("deleted" not in given_entry)
        assert out["date"] == given_entry["date"]
        assert dt.datetime.fromisoformat(out["created"]) == dt.datetime.fromisoformat(given_entry["created"])


@PROPERTY
@given(doc=documents())
def test_markdown_round_trip_keeps_every_entry(tmp_path: Path, doc: dict[str, Any]) -> None:
    """Export as markdown files, import them into an empty journal: the entries (bodies byte for byte, titles, days,
    times, tags, private and trash flags) are the same. Revisions and tag colours are not part of markdown files."""
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    with open_journal(work / "a") as a:
        import_file(a, write_json(work / "in.json", doc))
        run(export_markdown(a, work / "md"))
        before = json.loads(export_bytes(a, work / "a.json"))
    with open_journal(work / "c") as c:
        report = import_md(c, work / "md")
        assert report.skipped == [] and report.repaired == [], (report.skipped, report.repaired)
        after = json.loads(export_bytes(c, work / "c.json"))
    assert after["entries"] == before["entries"]
    for old, new in zip(before["entries"], after["entries"], strict=True):
        assert new["body"].encode("utf-8") == old["body"].encode("utf-8")


def test_round_trip_of_hand_picked_text(tmp_path: Path) -> None:
    """The property's specials, all in one entry, through JSON and markdown, compared as bytes."""
    body = "".join(SPECIALS) + "\r\nend with spaces   \r\n\r\n"
    with open_journal(tmp_path / "a") as a:
        entry = create_entry(a, body, title="\u202eRTL 👩\u200d💻 " + "cafe\u0301", tags=["日本", "Économie"])
        run(export_markdown(a, tmp_path / "md"))
        run(export_json(a, tmp_path / "a.json"))
    for kind in ("md", "a.json"):
        with open_journal(tmp_path / f"from-{kind}") as other:
            report = import_md(other, tmp_path / kind) if kind == "md" else import_file(other, tmp_path / kind)
            assert report.added == 1 and report.repaired == []
            back = get_entry(other, entry.id)
            assert back.body.encode("utf-8") == body.encode("utf-8")
            assert back.title == entry.title and back.tags == entry.tags


# --- other shapes of JSON --------------------------------------------------------------------------------------------


def test_an_entries_only_document_and_a_bare_array_import(journal: Journal, tmp_path: Path) -> None:
    only = write_json(tmp_path / "only.json", {"entries": [{"body": "# From a script\n", "date": "2025-01-02"}]})
    report = import_file(journal, only)
    assert report.added == 1
    assert list_entries(journal)[0].title == "From a script"


def test_what_list_json_prints_imports_back(tmp_path: Path) -> None:
    import subprocess
    import sys

    with open_journal(tmp_path / "a") as a:
        one = create_entry(a, "first 🌍", tags=["x"], private=True, day=dt.date(2024, 2, 29))
        create_entry(a, "second")
    listed = subprocess.run(
        [sys.executable, "-m", "journal", "list", "--json", "--home", str(tmp_path / "a")],
        capture_output=True,
        check=True,
    ).stdout
    (tmp_path / "list.json").write_bytes(listed)
    assert isinstance(json.loads(listed), list)
    with open_journal(tmp_path / "b") as b:
        report = import_file(b, tmp_path / "list.json")
        assert report.added == 2 and report.skipped == []
        back = get_entry(b, one.id)
        assert (back.body, back.tags, back.private, back.day, back.created) == (
            one.body,
            one.tags,
            one.private,
            one.day,
            one.created,
        )


def test_reimporting_the_same_file_adds_nothing(journal: Journal, tmp_path: Path) -> None:
    entries = [{"body": f"entry {i}", "date": "2025-03-01", "tags": ["t"]} for i in range(3)]  # no ids: from content
    source = write_json(tmp_path / "in.json", {"entries": entries})
    first = import_file(journal, source)
    before = export_bytes(journal, tmp_path / "before.json")
    second = import_file(journal, source)
    assert (first.added, second.added, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert export_bytes(journal, tmp_path / "after.json") == before
    assert count_entries(journal) == 3


def test_same_id_newer_updated_wins_and_keeps_the_old_text(journal: Journal, tmp_path: Path) -> None:
    entry_id = str(uuid.uuid4())
    base = {"id": entry_id, "date": "2025-01-01", "created": "2025-01-01T10:00:00+00:00"}
    import_file(journal, write_json(tmp_path / "v1.json", [{**base, "body": "v1", "updated": "2025-01-01T10:00:00Z"}]))
    newer = [{**base, "body": "v2", "updated": "2025-01-02T10:00:00Z", "tags": ["new"]}]
    report = import_file(journal, write_json(tmp_path / "v2.json", newer))
    assert (report.added, report.updated, report.revisions_added) == (0, 1, 0)
    entry = get_entry(journal, entry_id)
    assert entry.body == "v2" and entry.tags == ("new",)
    assert [(r.body, r.saved_at) for r in list_revisions(journal, entry_id)] == [
        ("v1", dt.datetime(2025, 1, 1, 10, tzinfo=UTC))
    ]
    older = [{**base, "body": "v0", "updated": "2024-12-31T10:00:00Z"}]
    report = import_file(journal, write_json(tmp_path / "v0.json", older))
    assert (report.updated, report.unchanged) == (0, 1)
    assert get_entry(journal, entry_id).body == "v2"
    assert len(list_revisions(journal, entry_id)) == 1


def test_a_local_edit_newer_than_the_file_is_kept(journal: Journal, tmp_path: Path) -> None:
    entry = create_entry(journal, "original")
    run(export_json(journal, tmp_path / "old.json"))
    update_entry(journal, entry.id, body="edited after the export")
    report = import_file(journal, tmp_path / "old.json")
    assert report.unchanged == 1
    assert get_entry(journal, entry.id).body == "edited after the export"


def test_invalid_utf8_names_the_file_and_writes_nothing(journal: Journal, tmp_path: Path) -> None:
    create_entry(journal, "already here")
    before = export_bytes(journal, tmp_path / "before.json")
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"entries": [{"body": "caf\xe9", "date": "2025-01-01"}]}'.encode("latin-1"))
    with pytest.raises(InvalidInput) as info:
        import_file(journal, bad)
    assert str(bad) in str(info.value) and "UTF-8" in str(info.value)
    assert export_bytes(journal, tmp_path / "after.json") == before


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [('{"entries": [\n  {"body": "x",}\n]}', 2, 16), ('[\n\n  {"body": }', 3, 12), ("", 1, 1)],
)
def test_malformed_json_says_where(journal: Journal, tmp_path: Path, text: str, line: int, column: int) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        import_file(journal, path)
    assert f"line {line}, column {column}" in str(info.value)
    assert str(path) in str(info.value)
    assert count_entries(journal) == 0


def test_a_document_from_a_newer_format_is_refused(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="newer"):
        import_file(journal, write_json(tmp_path / "v9.json", {"version": 9, "entries": []}))


def test_broken_entries_are_skipped_with_reasons_and_the_rest_imports(journal: Journal, tmp_path: Path) -> None:
    good = {"body": "good", "date": "2025-01-01"}
    entries = [
        good,
        {"date": "2025-01-01"},  # no body
        {"body": "x", "date": "31/12/2025"},
        {"body": "x", "date": "2025-01-01", "private": "yes"},
        {"body": "x", "date": "2025-01-01", "tags": "a,b", "id": "not-a-uuid"},
        {"body": "x", "date": "2025-01-01", "tags": ["bad,name"]},
        {"body": "x", "date": "2025-01-01", "created": "yesterday"},
        {"body": "x", "date": "2025-01-01", "created": "0001-01-01T00:00:00Z"},  # Go's zero time
        {"body": "x", "date": "2025-01-01", "updated": "9999-12-31T23:00:00-05:00"},  # past year 9999 in UTC
        {"body": "x", "date": "0999-12-31"},
        "just a string",
    ]
    report = import_file(journal, write_json(tmp_path / "mixed.json", {"entries": entries}))
    assert report.added == 1
    assert [s for s, _ in report.skipped] == [f"{tmp_path / 'mixed.json'}: entries[{i}]" for i in range(1, 11)]
    assert all(reason for _, reason in report.skipped)
    assert [e.excerpt for e in list_entries(journal)] == ["good"]
    run(export_json(journal, tmp_path / "out.json"))  # and the journal still reads and exports


def test_a_long_integer_in_kept_front_matter_survives_the_json_round_trip(tmp_path: Path) -> None:
    """A kept front matter value is the person's, not a field of the format: a 45-digit number (a YAML key of
    theirs) came back from export → import as the text "a number of 45 digits". One past Python's limit for int()
    skips that entry with a reason."""
    snowflake = 123456789012345678901234567890123456789012345
    source = tmp_path / "notes"
    md(source, "a.md", f"---\ntitle: Big\ndate: 2024-01-01\nsnowflake: {snowflake}\nlist: [{-snowflake}]\n---\nx\n")
    with open_journal(tmp_path / "one") as one, open_journal(tmp_path / "two") as two:
        import_md(one, source)
        kept = {"snowflake": snowflake, "list": [-snowflake]}
        assert get_entry(one, list_entries(one)[0].id).front_matter == kept
        first = export_bytes(one, tmp_path / "one.json")
        report = import_file(two, tmp_path / "one.json")
        assert report.added == 1 and report.skipped == []
        assert get_entry(two, list_entries(two)[0].id).front_matter == kept
        assert export_bytes(two, tmp_path / "two.json") == first
        doc = json.loads(first)
        doc["entries"][0]["id"] = str(uuid.uuid4())
        text = json.dumps(doc).replace(str(snowflake), "9" * 5000)
        (tmp_path / "huge.json").write_text(text, encoding="utf-8")
        report = import_file(two, tmp_path / "huge.json")
        assert report.added == 0 and "5000 digits" in report.skipped[0][1], report.skipped
        doc["entries"][0]["front_matter"] = {"deep": "here"}  # json.loads takes 700 levels; the entry is skipped
        deep = json.dumps(doc).replace('"here"', "[" * 700 + "]" * 700)
        (tmp_path / "deep.json").write_text(deep, encoding="utf-8")
        report = import_file(two, tmp_path / "deep.json")
        assert report.added == 0 and "too deeply" in report.skipped[0][1], report.skipped


# --- markdown folders ------------------------------------------------------------------------------------------------


def test_markdown_export_writes_one_file_per_entry_and_trash_apart(journal: Journal, tmp_path: Path) -> None:
    from journal.entries import trash_entry

    create_entry(journal, "# Same title\n", day=dt.date(2025, 1, 1))
    create_entry(journal, "# Same title\n", day=dt.date(2025, 1, 1))
    gone = create_entry(journal, "# Gone\n", day=dt.date(2025, 1, 2))
    trash_entry(journal, gone.id)
    assert run(export_markdown(journal, tmp_path / "out")) == 3
    names = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*"))
    assert names == [  # named by title, as Obsidian names notes, so [[Same title]] finds its file
        EXPORT_MARKER,
        "Same title 2.md",
        "Same title.md",
        "trash",
        "trash/Gone.md",
    ]
    # Exporting again into the same folder replaces its files only when asked; into somebody's folder never.
    with pytest.raises(OutputExists):
        run(export_markdown(journal, tmp_path / "out"))
    assert run(export_markdown(journal, tmp_path / "out", force=True)) == 3
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInput):
        run(export_markdown(journal, tmp_path / "mine"))


def md(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def test_broken_markdown_files_are_skipped_with_reasons(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    md(folder, "2025-01-05-good.md", "# Good one\n\nkept")
    md(folder, "plain.md", "no front matter at all\n")
    md(folder, "unclosed.md", "---\ntitle: never closed\n\nbody\n")
    md(folder, "tabs.md", "---\ntitle: x\ntags:\n\t- a\n---\nbody\n")
    md(folder, "duplicate.md", "---\ntitle: one\ntitle: two\n---\nbody\n")
    md(folder, "draft-string.md", '---\ntitle: x\ndraft: "false"\n---\nbody\n')
    md(folder, "not-a-mapping.md", "---\n- a\n- b\n---\nbody\n")
    md(folder, "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    md(folder, "latin1.md", "caf\xe9".encode("latin-1"))
    md(folder, "picture.png", b"\x89PNG")
    outside = md(tmp_path / "elsewhere", "secret.md", "# Secret\n\nnot for this import")
    (folder / "link-out.md").symlink_to(outside)
    inside = md(folder / "sub", "inner.md", "# Inner\n")
    (folder / "link-in.md").symlink_to(inside)

    report = import_md(journal, folder)
    reasons = skipped_reasons(report)
    # A symlink inside the folder is the same file as its target: imported once, the second sighting skipped.
    twin = "inner.md" if "inner.md" in reasons else "link-in.md"
    assert "same id" in reasons.pop(twin)
    assert set(reasons) == {
        "unclosed.md",
        "tabs.md",
        "duplicate.md",
        "draft-string.md",
        "not-a-mapping.md",
        "binary.md",
        "latin1.md",
        "picture.png",
        "link-out.md",
    }
    assert "never closed" in reasons["unclosed.md"]
    assert "line" in reasons["tabs.md"]
    assert "duplicate key 'title'" in reasons["duplicate.md"]
    assert "draft" in reasons["draft-string.md"]
    assert "binary" in reasons["binary.md"]
    assert "UTF-8" in reasons["latin1.md"]
    assert "outside" in reasons["link-out.md"]
    titles = sorted(e.title for e in list_entries(journal))
    assert titles == ["Good one", "Inner", "plain"]  # no heading: the file name (never the first paragraph)
    good = next(e for e in list_entries(journal) if e.title == "Good one")
    assert good.day == dt.date(2025, 1, 5)  # the day comes from the file name
    assert "Secret" not in {e.title for e in list_entries(journal)}


def test_a_zip_with_unsafe_members_imports_the_safe_ones(journal: Journal, tmp_path: Path) -> None:
    archive = tmp_path / "notes.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("notes/2025-02-01-ok.md", "# Fine\n")
        zf.writestr("../evil.md", "# Evil\n")
        zf.writestr("notes/../../evil2.md", "# Evil too\n")
        zf.writestr("/etc/evil3.md", "# Absolute\n")
        zf.writestr("C:/evil4.md", "# Drive\n")
        zf.writestr("notes/image.jpg", b"\xff\xd8\xff")
    report = import_md(journal, archive)
    reasons = dict(report.skipped)
    assert set(reasons) == {"../evil.md", "notes/../../evil2.md", "/etc/evil3.md", "C:/evil4.md", "notes/image.jpg"}
    assert all("unsafe" in reasons[name] for name in ("../evil.md", "notes/../../evil2.md", "/etc/evil3.md"))
    assert [e.title for e in list_entries(journal)] == ["Fine"]
    assert not (tmp_path / "evil.md").exists()


def test_a_broken_zip_is_a_clear_error(journal: Journal, tmp_path: Path) -> None:
    archive = tmp_path / "broken.zip"
    archive.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InvalidInput, match="zip"):
        import_md(journal, archive)


def test_mojibake_is_repaired_and_reported(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "from-windows"
    md(folder, "2025-03-03-note.md", "# Pointing down ðŸ‘‡\n\nThe cafÃ© was closed.\n")
    report = import_md(journal, folder)
    (entry,) = list_entries(journal)
    body = get_entry(journal, entry.id).body
    assert body == "# Pointing down 👇\n\nThe café was closed.\n"
    assert entry.title == "Pointing down 👇"
    ((source, change),) = report.repaired
    assert source == "2025-03-03-note.md"
    assert "ðŸ‘‡" in change and "👇" in change


def test_importing_the_same_folder_twice_adds_nothing(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    md(folder, "a.md", "# A\n")
    md(folder, "b.md", "---\ntitle: B\ntags: x, y\n---\nbody b\n")
    first = import_md(journal, folder)
    second = import_md(journal, folder)
    assert (first.added, second.added, second.unchanged) == (2, 0, 2)
    assert sorted(t.name for t in list_tags(journal)) == ["x", "y"]


def test_a_missing_path_is_a_clear_error(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such"):
        import_md(journal, tmp_path / "nope")
    with pytest.raises(InvalidInput, match="no such"):
        import_file(journal, tmp_path / "nope.json")


# --- hostile input files: a reason per skipped item, never a traceback -----------------------------------------------


def test_the_optional_arrays_and_their_items_are_checked_one_by_one(journal: Journal, tmp_path: Path) -> None:
    kept = "0a1b2c3d-0000-4000-8000-000000000001"
    entry = {"id": kept, "body": "kept", "date": "2025-01-01"}
    report = import_file(
        journal, write_json(tmp_path / "a.json", {"entries": [entry], "tags": {"x": 1}, "revisions": 5})
    )
    assert report.added == 1
    assert [(Path(s).name, r) for s, r in report.skipped] == [
        ("a.json: tags", "must be an array, got an object"),
        ("a.json: revisions", "must be an array, got a number"),
    ]
    revisions = [
        {"entry": kept, "saved_at": "2024-12-31T00:00:00Z", "title": ["not", "text"], "body": "x"},
        {"entry": kept, "saved_at": "2024-12-30T00:00:00Z", "body": "\ud800"},
        {"entry": kept, "saved_at": "2024-12-29T00:00:00Z", "body": "fine"},
    ]
    tags = [{"name": "x" * 65}, {"name": " "}, {"name": "ok", "description": "\udcff"}, {"name": "fine"}, "text"]
    newer = {**entry, "body": "kept, edited", "updated": "2030-01-01T00:00:00Z"}
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"entries": [newer], "tags": tags, "revisions": revisions}), encoding="utf-8")
    report = import_file(journal, path)
    assert (report.updated, report.revisions_added) == (1, 1)
    reasons = {source.removeprefix(f"{path}: "): reason for source, reason in report.skipped}
    assert list(reasons) == ["tags[0]", "tags[1]", "tags[2]", "tags[4]", "revisions[0]", "revisions[1]"]
    assert "too long" in reasons["tags[0]"] and "needs a name" in reasons["tags[1]"]
    assert "description" in reasons["tags[2]"] and "surrogate" in reasons["tags[2]"]
    assert "title must be a string" in reasons["revisions[0]"] and "surrogate" in reasons["revisions[1]"]
    assert [t.name for t in list_tags(journal)] == ["fine"]
    assert sorted(r.body for r in list_revisions(journal, kept)) == ["fine", "kept"]
    run(export_json(journal, tmp_path / "out.json"))  # nothing that cannot be written as UTF-8 got in


def test_front_matter_that_breaks_the_yaml_loader_is_skipped_with_a_reason(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    md(folder, "good.md", "# Good\n")
    md(folder, "huge-number.md", "---\nsummary: " + "9" * 5000 + "\n---\nbody\n")  # int() refuses past 4,300 digits
    md(folder, "huge-hex.md", "---\nprivate: 0x" + "f" * 5000 + "\n---\nbody\n")  # int() takes this one
    md(folder, "deep.md", "---\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\nbody\n")
    md(folder, "list-as-key.md", "---\n? [a, b]\n: 1\n---\nbody\n")
    md(folder, "no-such-day.md", "---\ndate: 2025-13-45\n---\nbody\n")
    md(folder, "surrogate.md", '---\ntitle: "lone \\ud800"\n---\nbody\n')
    md(folder, "surrogate-tag.md", '---\ntags: ["\\udfff"]\n---\nbody\n')
    report = import_md(journal, folder)
    reasons = skipped_reasons(report)
    assert set(reasons) == {
        "huge-number.md",
        "huge-hex.md",
        "deep.md",
        "list-as-key.md",
        "no-such-day.md",
        "surrogate.md",
        "surrogate-tag.md",
    }
    assert "cannot be read" in reasons["huge-number.md"]
    assert "private must be true or false" in reasons["huge-hex.md"] and "digits" in reasons["huge-hex.md"]
    assert "nested too deeply" in reasons["deep.md"]
    assert "not a name" in reasons["list-as-key.md"]
    assert "month" in reasons["no-such-day.md"]
    assert "title" in reasons["surrogate.md"] and "U+D800" in reasons["surrogate.md"]
    assert "tag" in reasons["surrogate-tag.md"] and "U+DFFF" in reasons["surrogate-tag.md"]
    assert all(len(reason) < 200 for reason in reasons.values())
    assert [e.title for e in list_entries(journal)] == ["Good"]


def test_zip_members_that_are_not_plain_readable_files_are_skipped(journal: Journal, tmp_path: Path) -> None:
    import stat

    archive = tmp_path / "notes.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ok.md", "# Fine\n")
        link = zipfile.ZipInfo("link.md")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        fifo = zipfile.ZipInfo("pipe.md")
        fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
        zf.writestr(fifo, "")
        zf.writestr(zipfile.ZipInfo("2025-01-02-no-month.md", date_time=(2025, 0, 0, 0, 0, 0)), "# No month\n")
        zf.writestr("corrupt.md", "# intact text\n")
    data = archive.read_bytes()
    archive.write_bytes(data.replace(b"# intact text", b"# damaged txt"))  # the stored checksum no longer matches
    report = import_md(journal, archive)
    reasons = dict(report.skipped)
    assert set(reasons) == {"link.md", "pipe.md", "corrupt.md"}
    assert "symlink" in reasons["link.md"] and "named pipe" in reasons["pipe.md"]
    assert "cannot be read" in reasons["corrupt.md"]
    assert {e.title for e in list_entries(journal)} == {"Fine", "No month"}
    assert next(e for e in list_entries(journal) if e.title == "No month").day == dt.date(2025, 1, 2)


def test_a_folder_symlink_inside_the_import_is_not_followed(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    md(folder / "real", "a.md", "# A\n")
    (folder / "again").symlink_to(folder / "real")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    report = import_md(journal, folder)
    reasons = skipped_reasons(report)
    assert "inside the imported folder (not followed)" in reasons["again"]
    assert "cannot read" in reasons["loop.md"]
    assert [e.title for e in list_entries(journal)] == ["A"]
