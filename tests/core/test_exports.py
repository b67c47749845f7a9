"""Exports hold everything: the JSON archive (or folder) and the markdown folder carry every image, the front matter
kept from imports and (markdown with ``with_history``) the revisions; a round trip through either restores the journal
exactly, attachment bytes included; the markdown folder is an Obsidian vault whose links resolve."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import frontmatter, queries
from journal.adding import add_daily_entry, add_entry
from journal.attachments import store_attachment
from journal.db import Journal, open_journal
from journal.entries import create_entry, empty_trash, trash_entry, update_entry
from journal.jobs import run
from journal.publish.post_fields import get_post_fields, set_post_fields
from journal.records import DAILY, TUTORIAL
from journal.transfer.importer import import_source
from journal.transfer.jsonfile import export_document, export_json
from journal.transfer.markdownfiles import export_markdown, safe_file_name
from tests.core.test_importers import png, write


def document(journal: Journal) -> dict[str, Any]:
    return next(item for item in export_document(journal) if isinstance(item, dict))


def attachment_bytes(journal: Journal) -> dict[str, bytes]:
    folder = journal.paths.attachments
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}


@pytest.fixture
def full(journal: Journal, tmp_path: Path) -> Journal:
    """A journal with everything an export must carry: images (one shown by a trashed entry, one by a revision only,
    one only a cover), tags, a private entry, the trash, revisions, front matter kept from an Obsidian import, post
    fields (categories, a cover the text does not show, a publish date with its own offset; a trashed entry's cover),
    awkward titles, and the kinds: the Welcome tutorial, a day's daily entry and, trashed, the one it replaced."""
    one, two, old, cover = png(21), png(22), png(23), png(25)
    link_one, link_two, link_old, link_cover = (store_attachment(journal, data) for data in (one, two, old, cover))
    first = create_entry(journal, f"# Serving\n\n![chart]({link_one})\n", tags=["serving", "Économie"],
                         day=dt.date(2024, 3, 14))  # fmt: skip
    update_entry(journal, first.id, body=f"# Serving\n\n![chart]({link_one})\n\nedited\n")
    set_post_fields(journal, first.id, categories=["ML ops", "Économie"], cover=link_cover,
                    publish_at=dt.datetime.fromisoformat("2024-03-14T23:30:00+02:00"))  # fmt: skip
    revised = create_entry(journal, f"# Old picture\n\n![]({link_old})\n", day=dt.date(2024, 3, 15))
    update_entry(journal, revised.id, body="# Old picture\n\nthe picture went away\n")
    create_entry(journal, "secret", title="Private: a/b\\c *?", private=True, day=dt.date(2024, 3, 16))
    gone = create_entry(journal, f'Trashed <img src="{link_two}"> and ![x]({link_two})\n', title="Same title")
    set_post_fields(journal, gone.id, cover=link_two, categories=[])
    trash_entry(journal, gone.id)
    create_entry(journal, "first of two", title="Same title")
    create_entry(journal, "second", title="same TITLE")
    create_entry(journal, "nfd", title=unicodedata.normalize("NFD", "Café"))
    create_entry(journal, "nfc", title="Café")
    vault = tmp_path / "vault"
    write(vault / ".obsidian" / "app.json", "{}")
    write(vault / "cover.png", png(24))
    write(vault / "Kept.md", "---\naliases: [k]\ncover: cover.png\nnested: {a: [1, 2], b: null}\n---\n[[Serving]] #x\n")
    run(import_source(journal, vault))
    add_entry(journal, "# Welcome to Trailbook\n\nthe tour", title="Welcome to Trailbook", private=True, kind=TUTORIAL)
    replaced, _ = add_daily_entry(journal, DAILY_DAY, "## Worked on\n\n- …\n", title="Monday 2024-03-18")
    trash_entry(journal, replaced.id)
    add_daily_entry(journal, DAILY_DAY, "## Worked on\n\n- profiling\n", title="Monday 2024-03-18")
    return journal


DAILY_DAY = dt.date(2024, 3, 18)
ENTRIES = 12  # in the full journal


def kinds(journal: Journal) -> dict[str, str]:
    """Each entry's kind, by id, as the journal keeps it (not as an export writes it)."""
    with journal.snapshot() as con:
        return dict(con.execute("SELECT uuid, kind FROM entries"))


def live_daily(journal: Journal, day: dt.date) -> list[str]:
    with journal.snapshot() as con:
        rows = con.execute("SELECT uuid FROM entries WHERE kind = 'daily' AND day = ? AND deleted_at IS NULL",
                           (day.isoformat(),))  # fmt: skip
        return [uuid for (uuid,) in rows]


def assert_same_journal(a: Journal, b: Journal) -> None:
    before, after = document(a), document(b)
    # The kinds went out (the tutorial, the daily entry and the trashed one it replaced) and came back.
    assert sorted(e["kind"] for e in before["entries"] if "kind" in e) == [DAILY, DAILY, TUTORIAL]
    assert kinds(b) == kinds(a)
    assert queries.daily_entry(b, DAILY_DAY) == queries.daily_entry(a, DAILY_DAY) is not None
    assert after["entries"] == before["entries"]
    assert after["tags"] == before["tags"]
    assert after["revisions"] == before["revisions"]
    shown = set()
    for entry in before["entries"]:
        shown |= set(re.findall(r"attachments/([0-9a-f]{64}\.[a-z]+)", json.dumps(entry)))
    for revision in before["revisions"]:
        shown |= set(re.findall(r"attachments/([0-9a-f]{64}\.[a-z]+)", revision["body"]))
    theirs, ours = attachment_bytes(a), attachment_bytes(b)
    assert shown and all(ours[name] == theirs[name] for name in shown)
    # The post fields came back as they were stored, their own time of change included.
    posted = [e["id"] for e in before["entries"] if "post" in e]
    assert len(posted) == 2
    assert all(get_post_fields(b, uuid) == get_post_fields(a, uuid) for uuid in posted)


def test_json_zip_round_trip_restores_everything(full: Journal, tmp_path: Path) -> None:
    result = run(export_json(full, tmp_path / "journal.zip"))
    assert result == ENTRIES and result.images == 5 and result.missing == ()
    with zipfile.ZipFile(tmp_path / "journal.zip") as zf:
        assert sorted(n.split("/")[0] for n in zf.namelist()) == ["attachments"] * 5 + ["journal.json"]
    with open_journal(tmp_path / "other") as other:
        report = run(import_source(other, tmp_path / "journal.zip"))
        assert report.tool == "trailbook" and report.skipped == [] and report.attachments_added == 5
        assert_same_journal(full, other)
        run(export_json(other, tmp_path / "again.zip"))
    assert (tmp_path / "again.zip").read_bytes() == (tmp_path / "journal.zip").read_bytes()


def test_json_folder_round_trip(full: Journal, tmp_path: Path) -> None:
    run(export_json(full, tmp_path / "out", folder=True))
    assert (tmp_path / "out" / "journal.json").is_file() and len(
        list((tmp_path / "out" / "attachments").iterdir())
    ) == 5
    with open_journal(tmp_path / "other") as other:
        assert run(import_source(other, tmp_path / "out")).skipped == []
        assert_same_journal(full, other)


def test_a_lone_json_document_says_which_images_it_cannot_hold(full: Journal, tmp_path: Path) -> None:
    result = run(export_json(full, tmp_path / "journal.json"))
    assert result.left_out == 5
    kept = [e for e in json.loads((tmp_path / "journal.json").read_text(encoding="utf-8"))["entries"]
            if "front_matter" in e]  # fmt: skip
    assert [e["title"] for e in kept] == ["Kept"]
    assert kept[0]["front_matter"]["aliases"] == ["k"] and kept[0]["front_matter"]["nested"] == {"a": [1, 2], "b": None}


def test_markdown_round_trip_with_history_restores_everything(full: Journal, tmp_path: Path) -> None:
    result = run(export_markdown(full, tmp_path / "md", with_history=True))
    assert result == ENTRIES and result.images == 5
    with open_journal(tmp_path / "other") as other:
        report = run(import_source(other, tmp_path / "md"))
        assert report.tool == "trailbook" and report.skipped == [] and report.repaired == []
        assert_same_journal(full, other)
        again = run(import_source(other, tmp_path / "md"))
        assert (again.added, again.updated, again.unchanged) == (0, 0, ENTRIES)


def test_the_markdown_export_fsyncs_each_file_and_folder_it_writes_never_the_whole_machine(
    full: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # the real fsync, noting what it was given
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def whole_machine() -> None:
        raise AssertionError("os.sync waits for every other process's writes")

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "sync", whole_machine)
    out = tmp_path / "md"
    run(export_markdown(full, out, with_history=True))
    # The files were written in a folder beside the target, then renamed as one.
    work = re.compile(re.escape(str(tmp_path)) + r"/\.md\.trailbook-\d+(?:/(.*))?$")
    as_synced = {m.group(1) or "" for path in synced if (m := work.match(path))}
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert written <= as_synced  # every .md file, the history, the marker, the images
    assert {"", "trash", "attachments"} <= as_synced  # and the folders that hold them
    assert str(tmp_path) in synced  # and the folder the export was renamed into


def test_a_failed_fsync_fails_the_export_and_leaves_nothing_behind(
    full: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from journal.errors import ExportFailed

    def failing(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(ExportFailed, match="Input/output error"):
        run(export_markdown(full, tmp_path / "md"))
    assert not (tmp_path / "md").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".md.")]  # the half-made folder is gone


def test_a_markdown_export_given_up_halfway_leaves_nothing_behind(full: Journal, tmp_path: Path) -> None:
    job = export_markdown(full, tmp_path / "md")
    while next(job).message != "making the files durable":  # the files are written, on their way to the disk
        pass
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".md.")]
    job.close()  # as a cancelled job is: its generator closed at the step it was at
    assert not (tmp_path / "md").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".md.")]
    exported = run(export_markdown(full, tmp_path / "md"))  # and nothing stands in the way of the next one
    assert exported == len(document(full)["entries"]) > 0


def test_markdown_round_trip_without_history_keeps_every_image_and_front_matter(full: Journal, tmp_path: Path) -> None:
    """Images only kept front matter or a post's cover names (nothing in the text shows them) come back, a trashed
    entry's too (its file is in trash/, its kept image written one folder up); the text is the same, and importing
    the folder again changes nothing."""
    kept = next(e for e in document(full)["entries"] if e["title"] == "Kept")
    trash_entry(full, kept["id"])
    run(export_markdown(full, tmp_path / "md"))
    trashed = frontmatter.parse((tmp_path / "md" / "trash" / "Kept.md").read_text(encoding="utf-8"))[0]
    assert trashed["cover"].startswith("../attachments/") and (tmp_path / "md" / "trash" / trashed["cover"]).is_file()
    with open_journal(tmp_path / "other") as other:
        report = run(import_source(other, tmp_path / "md"))
        assert report.skipped == [] and report.attachments_added == 4  # not the image only a revision showed
        before, after = document(full), document(other)
        assert after["entries"] == before["entries"] and after["revisions"] == []
        shown = set(re.findall(r"attachments/([0-9a-f]{64}\.[a-z]+)", json.dumps(before["entries"])))
        assert len(shown) == 4 and attachment_bytes(other) == {
            n: b for n, b in attachment_bytes(full).items() if n in shown
        }
        again = run(import_source(other, tmp_path / "md"))
        assert (again.added, again.updated, again.unchanged, again.attachments_added) == (0, 0, ENTRIES, 0)


def test_a_post_field_changed_after_an_export_is_taken_by_the_next_import(full: Journal, tmp_path: Path) -> None:
    """The post fields have their own time of change: an export made after only they changed replaces the older
    copy's, and an older export does not undo them."""
    run(export_json(full, tmp_path / "old.json"))
    with open_journal(tmp_path / "other") as other:
        run(import_source(other, tmp_path / "old.json"))
        first = next(e for e in document(full)["entries"] if e["title"] == "Serving")
        set_post_fields(full, first["id"], categories=["changed"], publish_at=None)
        run(export_json(full, tmp_path / "new.json"))
        report = run(import_source(other, tmp_path / "new.json"))
        assert (report.added, report.updated, report.unchanged) == (0, 1, ENTRIES - 1)
        assert get_post_fields(other, first["id"]) == get_post_fields(full, first["id"])
        assert get_post_fields(other, first["id"]).categories == ("changed",)
        older = run(import_source(other, tmp_path / "old.json"))
        assert older.updated == 0 and get_post_fields(other, first["id"]).categories == ("changed",)


def test_emptying_the_trash_keeps_the_images_a_cover_or_kept_front_matter_names(full: Journal) -> None:
    """The clean-up after emptying the trash deletes only images nothing refers to: not a post's cover or an image
    kept front matter names when the text shows neither."""
    before = document(full)["entries"]
    covers = {e["post"]["cover"].split("/")[1] for e in before if e.get("post", {}).get("cover") and not e["deleted"]}
    kept = {e["front_matter"]["cover"].split("/")[1] for e in before if "front_matter" in e}
    only_trashed = {n for n in attachment_bytes(full) if n in json.dumps([e for e in before if e["deleted"]])}
    assert len(covers) == 1 and len(kept) == 1 and len(only_trashed) == 1
    assert empty_trash(full) == 2  # the trashed entry and the trashed daily entry
    left = set(attachment_bytes(full))
    assert covers | kept <= left and not only_trashed & left


def test_the_markdown_folder_is_an_obsidian_vault(full: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "vault-out"
    run(export_markdown(full, folder))
    notes = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))
    # Unique across the whole vault, the trash included, regardless of case and normalisation: no [[link]] is
    # ambiguous. The trashed "Same title" was written first (entries go in order of creation).
    nfc = {unicodedata.normalize("NFC", n) for n in notes}
    assert {"trash/Same title.md", "Same title 2.md", "same TITLE 3.md", "Café.md", "Café 2.md"} <= nfc
    assert "Private a b c.md" in notes
    assert len({unicodedata.normalize("NFC", n).casefold() for n in notes}) == len(notes)
    # Every image link, from the top and from trash/, leads to a file that is there.
    for name in notes:
        text = (folder / name).read_text(encoding="utf-8")
        meta, body, had = frontmatter.parse(text)
        assert had and meta["id"] and meta["title"]
        links = re.findall(r"\]\(([^)]+)\)|src=\"([^\"]+)\"", body)
        for target in [a or b for a, b in links]:
            assert ((folder / name).parent / unquote(target)).is_file(), (name, target)
    kept = frontmatter.parse((folder / "Kept.md").read_text(encoding="utf-8"))[0]
    assert kept["aliases"] == ["k"] and (folder / kept["cover"]).is_file()
    assert "[[Serving]]" in (folder / "Kept.md").read_text(encoding="utf-8")  # the link, as written, finds Serving.md
    assert (folder / "Serving.md").is_file()
    # The kinds as Trailbook's own key (a plain "kind" is the person's: see the next tests); none on other entries.
    daily = frontmatter.parse((folder / "Monday 2024-03-18 2.md").read_text(encoding="utf-8"))[0]
    trashed = frontmatter.parse((folder / "trash" / "Monday 2024-03-18.md").read_text(encoding="utf-8"))[0]
    welcome = frontmatter.parse((folder / "Welcome to Trailbook.md").read_text(encoding="utf-8"))[0]
    assert (daily["trailbook_kind"], trashed["trailbook_kind"], welcome["trailbook_kind"]) == (DAILY, DAILY, TUTORIAL)
    assert "trailbook_kind" not in kept and "kind" not in daily


def export_of(journal: Journal, tmp_path: Path, how: str) -> Path:
    target = tmp_path / ("journal.zip" if how == "zip" else "md")
    run(export_json(journal, target) if how == "zip" else export_markdown(journal, target))
    return target


@pytest.mark.parametrize("how", ["zip", "markdown"])
def test_an_export_into_a_journal_with_its_own_daily_entry_leaves_that_day_one_daily_entry(
    full: Journal, tmp_path: Path, how: str
) -> None:
    """A day has one live daily entry, the one Today opens. The journal's own stays it (the person has been writing in
    it; marking it otherwise would change an entry the import does not bring); the imported one comes in with its
    text, as an ordinary entry, and the report says so. The trashed one keeps its mark: Today never opens the trash.
    Importing the same export again changes nothing."""
    source = export_of(full, tmp_path, how)
    theirs = queries.daily_entry(full, DAILY_DAY)
    assert theirs is not None
    with open_journal(tmp_path / "other") as other:
        mine, _ = add_daily_entry(other, DAILY_DAY, "## Worked on\n\n- my own day\n", title="Monday 2024-03-18")
        report = run(import_source(other, source))
        assert (report.added, report.skipped) == (ENTRIES, [])
        assert live_daily(other, DAILY_DAY) == [mine.id] and queries.daily_entry(other, DAILY_DAY) == mine
        imported = queries.get_entry(other, theirs.id)
        assert imported.kind == "" and imported.body == theirs.body and imported.created == theirs.created
        (item,) = [i for i in report.items if i.entry == theirs.id]
        assert item.notes == (
            "not marked as the daily entry of 2024-03-18: the journal has one for that day already "
            "('Monday 2024-03-18'), which Today goes on opening",
        )
        assert [i.entry for i in report.items if i.notes] == [theirs.id]
        assert sorted(kinds(other).values()) == ["", *[""] * (ENTRIES - 3), DAILY, DAILY, TUTORIAL]
        before = document(other)
        again = run(import_source(other, source))
        assert (again.added, again.updated, again.unchanged) == (0, 0, ENTRIES)
        assert document(other) == before and live_daily(other, DAILY_DAY) == [mine.id]


def test_an_older_copy_of_an_entry_without_its_kind_leaves_the_mark_alone(full: Journal, tmp_path: Path) -> None:
    """A kind is given when an entry is made and never changes: an export from before kinds (or a document whose
    entries leave it out) that replaces an entry's text keeps the entry's mark, and one that has it is unchanged."""
    daily = queries.daily_entry(full, DAILY_DAY)
    assert daily is not None
    doc = document(full)
    for entry in doc["entries"]:
        entry.pop("kind", None)
        if entry["id"] == daily.id:
            entry["body"] += "- written elsewhere\n"
            entry["updated"] = "2099-01-01T00:00:00.000000+00:00"
    (tmp_path / "older.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = run(import_source(full, tmp_path / "older.json"))
    assert (report.added, report.updated, report.unchanged) == (0, 1, ENTRIES - 1)
    after = queries.daily_entry(full, DAILY_DAY)
    assert after is not None and after.id == daily.id and after.body.endswith("- written elsewhere\n")
    assert sorted(k for k in kinds(full).values() if k) == [DAILY, DAILY, TUTORIAL]


def test_a_kind_trailbook_does_not_know_leaves_an_ordinary_entry_with_a_note(journal: Journal, tmp_path: Path) -> None:
    """Not a reason to leave the text out: a later Trailbook's kind, a typo or a value that is no text makes an
    ordinary entry (counted, never what Today opens), with a note; none, null and "" are no kind, without one."""
    values: list[Any] = ["weekly", "Daily", 5, ["daily"], {"kind": "daily"}, True, "\ud800", None, "", TUTORIAL]
    entries = [{"id": f"00000000-0000-4000-8000-{i:012d}", "body": f"entry {i}", "date": "2024-03-18", "kind": v}
               for i, v in enumerate(values)]  # fmt: skip
    entries.append({"id": "00000000-0000-4000-8000-000000000099", "body": "no kind at all", "date": "2024-03-18"})
    (tmp_path / "kinds.json").write_text(json.dumps({"entries": entries}), encoding="utf-8")
    report = run(import_source(journal, tmp_path / "kinds.json"))
    assert (report.added, report.skipped) == (len(entries), [])
    got = kinds(journal)
    assert [got[e["id"]] for e in entries] == [""] * 9 + [TUTORIAL, ""]
    notes = {item.entry: item.notes for item in report.items}
    assert notes[entries[0]["id"]] == (
        "kind 'weekly' is not a kind Trailbook knows (daily, tutorial): imported as an ordinary entry",
    )
    assert notes[entries[6]["id"]] == (
        "kind '\\ud800' is not a kind Trailbook knows (daily, tutorial): imported as an ordinary entry",
    )
    assert [bool(notes[e["id"]]) for e in entries] == [True] * 7 + [False] * 4
    # The same rule for a markdown export's key, which the note names.
    folder = tmp_path / "md"
    run(export_markdown(journal, folder))
    note = folder / "entry 0.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("private: false\n", "private: false\ntrailbook_kind: weekly\n"), encoding="utf-8")
    with open_journal(tmp_path / "other") as other:
        report = run(import_source(other, folder))
        assert report.added == len(entries) and report.skipped == []
        assert kinds(other) == got
        (item,) = [i for i in report.items if i.notes]
        assert item.notes == (
            "trailbook_kind 'weekly' is not a kind Trailbook knows (daily, tutorial): imported as an ordinary entry",
        )


def test_a_notes_own_kind_is_kept_front_matter_never_a_mark(journal: Journal, tmp_path: Path) -> None:
    """Other tools' imports never mark an entry: an Obsidian note's "kind: daily" is the person's own front matter,
    kept, written back by both exports as it was, and still not Trailbook's mark after a round trip through either."""
    vault = tmp_path / "vault"
    write(vault / ".obsidian" / "app.json", "{}")
    write(vault / "2024-03-18.md", "---\nkind: daily\n---\nWorked on profiling.\n")
    write(vault / "Book.md", "---\nkind: book\ntrailbook: no\n---\nA book.\n")
    assert run(import_source(journal, vault)).added == 2
    assert set(kinds(journal).values()) == {""} and queries.daily_entry(journal, DAILY_DAY) is None
    kept = sorted(e["front_matter"]["kind"] for e in document(journal)["entries"])
    assert kept == ["book", "daily"] and all("kind" not in e for e in document(journal)["entries"])
    for how in ("zip", "markdown"):
        (tmp_path / how).mkdir()
        source = export_of(journal, tmp_path / how, how)
        if how == "markdown":
            meta = frontmatter.parse((source / "2024-03-18.md").read_text(encoding="utf-8"))[0]
            assert meta["kind"] == "daily" and "trailbook_kind" not in meta
        with open_journal(tmp_path / how / "journal") as other:
            report = run(import_source(other, source))
            assert report.added == 2 and not [i for i in report.items if i.notes]
            assert document(other)["entries"] == document(journal)["entries"]
            assert set(kinds(other).values()) == {""} and queries.daily_entry(other, DAILY_DAY) is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [("a/b", "a b.md"), ("..", "Untitled.md"), ("CON", "CON (entry).md"), ("  .hidden  ", "hidden.md"),
     ("\u202eevil", "evil.md"), ("x" * 300, "x" * 180 + ".md"), ("👩\u200d💻 dev", "👩\u200d💻 dev.md")],
)  # fmt: skip
def test_file_names_are_safe(title: str, expected: str) -> None:
    assert safe_file_name(title, set()) == expected


def test_a_bulk_import_into_an_empty_journal_is_searchable_and_keeps_indexing(journal: Journal, tmp_path: Path) -> None:
    """Past BULK_MIN entries into an empty journal the search index is filled once at the end and the journal's clock
    ticked once; every trigger is back afterwards as it was, so what is written next is indexed and ticked as before."""
    from journal.search import search
    from journal.transfer.common import BULK_MIN

    def triggers() -> list[tuple[str, str]]:
        with journal.snapshot() as con:
            return sorted(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))

    def tick() -> int:
        with journal.snapshot() as con:
            return int(con.execute("SELECT tick FROM journal_clock WHERE id = 1").fetchone()[0])

    before, ticked = triggers(), tick()
    entries = [{"body": f"entry {i} about batching", "date": "2024-01-01"} for i in range(BULK_MIN)]
    entries.append({"body": "今天我们学习梯度下降", "date": "2024-01-02"})
    source = tmp_path / "many.json"
    source.write_text(json.dumps({"entries": entries}, ensure_ascii=False), encoding="utf-8")
    assert run(import_source(journal, source)).added == BULK_MIN + 1
    assert triggers() == before
    assert tick() > ticked  # the other writers (the app) see that the journal changed
    ticked = tick()
    assert len(search(journal, "batching", limit=BULK_MIN + 5)) == BULK_MIN
    assert len(search(journal, "梯度")) == 1
    later = create_entry(journal, "written afterwards: zeitgeber")
    assert [h.entry.id for h in search(journal, "zeitgeber")] == [later.id]
    assert tick() > ticked


def test_a_bulk_import_makes_the_journal_the_row_by_row_import_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk path (search indexes filled part by part on a thread, some indexes built after the rows) and the
    row-by-row path (every trigger and index kept) leave the same rows, the same search indexes and the same schema."""
    import sqlite3

    from journal.transfer import common

    entries = [
        {"id": f"00000000-0000-4000-8000-{i:012d}", "date": f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
         "title": f"Entry {i}", "body": f"entry {i} about batching [[Entry {i + 1}]] " + "梯度下降 " * (i % 7 == 0),
         "tags": ["serving"] if i % 2 else ["testing", "mlops"], "private": i % 5 == 0, "kind": "daily" * (i % 9 == 0),
         "deleted": "2024-06-01T00:00:00+00:00" if i % 11 == 0 else None}
        for i in range(1100)
    ]  # fmt: skip
    source = tmp_path / "many.json"
    source.write_text(json.dumps({"entries": entries}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(common, "BATCH", 100)
    monkeypatch.setattr(common, "INDEX_BATCHES", 3)  # five parts: one batch, then three batches each
    with open_journal(tmp_path / "bulk") as bulk:
        assert run(import_source(bulk, source)).added == len(entries)
    monkeypatch.setattr(common, "BULK_MIN", len(entries) + 1)
    with open_journal(tmp_path / "rows") as rows:
        assert run(import_source(rows, source)).added == len(entries)

    def made(home: Path) -> dict[str, list[tuple[object, ...]]]:
        con = sqlite3.connect(home / "journal.db")
        try:
            con.execute("INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')")
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            return {
                sql: con.execute(sql).fetchall()
                for sql in (
                    "SELECT * FROM entries ORDER BY id",
                    "SELECT * FROM entry_tags ORDER BY entry_id, tag_id",
                    "SELECT * FROM tags ORDER BY id",
                    "SELECT * FROM entry_links ORDER BY source_id, key",
                    "SELECT * FROM links_pending",
                    "SELECT * FROM entries_fts_vocab ORDER BY term",
                    "SELECT * FROM entries_fts_docsize ORDER BY id",
                    "SELECT term, doc, col, offset FROM entries_trigram_instance ORDER BY 1, 2, 3, 4",
                    "SELECT * FROM entries_trigram_docsize ORDER BY id",
                    # (the bulk path leaves FTS5's budget for pending terms set back to its default, 1 MB)
                    "SELECT * FROM entries_fts_config WHERE NOT (k = 'hashsize' AND v = 1048576) ORDER BY k",
                    "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name",
                )
            }
        finally:
            con.close()

    bulk_made, rows_made = made(tmp_path / "bulk"), made(tmp_path / "rows")
    assert bulk_made == rows_made
    assert len(bulk_made["SELECT * FROM entries_trigram_docsize ORDER BY id"]) == len(range(0, 1100, 7))


KEYS = st.one_of(st.from_regex(r"[a-zA-Z_][a-z0-9_-]{0,8}", fullmatch=True), st.sampled_from(["no", "On", "NULL", "y"]))
VALUES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.booleans(),
    st.none(),
    st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=10), max_size=4),
    st.dates(min_value=dt.date(1000, 1, 1)),
)


@settings(max_examples=300, deadline=None)
@given(meta=st.dictionaries(KEYS, VALUES, max_size=6))
def test_front_matter_written_fast_reads_back_the_same_with_or_without_yaml(meta: dict[str, Any]) -> None:
    """The export writes plain front matter directly and the import reads it directly; both agree with YAML."""
    import yaml

    text = frontmatter.dump_fast(meta, "body")
    assert frontmatter.parse(text) == (meta, "body", True)
    block = text[4 : -len("---\nbody")]
    assert {str(k): v for k, v in (yaml.safe_load(block) or {}).items()} == meta


def _dump_fast_before(metadata: dict[str, Any], body: str) -> str:
    """``frontmatter.dump_fast`` as it was before its exact-type fast paths (commit 18d471e): the reference."""
    lines, rest = [], {}
    for key, value in metadata.items():
        line = frontmatter._simple(value)
        if line is None or frontmatter._BARE_KEY_RE.fullmatch(key) is None or not frontmatter._plain_key(key):
            rest[key] = value
            continue
        if rest:
            rest[key] = value
            continue
        lines.append(f"{key}: {line}\n")
    tail = frontmatter.dump(rest, "")[4:-4] if rest else ""
    return "---\n" + "".join(lines) + tail + "---\n" + body


class _Text(str):
    """A str subclass: not the exact type the fast paths take."""


NESTED = st.one_of(
    VALUES,
    st.integers(),
    st.floats(allow_nan=False),
    st.lists(st.one_of(st.text(max_size=3), st.integers()), max_size=3),
    st.tuples(st.text(max_size=3)),
    st.dictionaries(st.text(max_size=3), st.lists(st.integers(), max_size=2), max_size=2),
    st.datetimes(timezones=st.just(dt.UTC)),
)
TRICKY_KEYS = st.one_of(KEYS, st.sampled_from(["two words", "é", "trailbook_kind", "-x", "true", "~", "1a"]))


@settings(max_examples=500, deadline=None)
@given(meta=st.dictionaries(TRICKY_KEYS, NESTED, max_size=8), body=st.text(max_size=20))
def test_front_matter_fast_paths_write_byte_for_byte_what_the_previous_code_wrote(
    meta: dict[str, Any], body: str
) -> None:
    """Text (escaped or not, beyond ASCII, controls), flags, days, lists, numbers, nesting, keys YAML
    would not read bare, and values after the first one YAML must write: the same bytes as before."""
    assert frontmatter.dump_fast(meta, body) == _dump_fast_before(meta, body)


def test_front_matter_fast_paths_leave_subclasses_to_the_general_path() -> None:
    """Values of a subclass of text, or lists holding one, are not the exact types the fast paths take: as before."""
    meta = {"a": _Text("sub"), "b": [_Text("x"), "y"], "c": "é\x85", "d": True, "e": dt.date(2024, 1, 2), "f": 1}
    assert frontmatter.dump_fast(meta, "b") == _dump_fast_before(meta, "b")


def test_markdown_export_files_are_byte_identical_to_the_previous_formatter(
    full: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file of an export of varied entries (trashed, tagged, private, kept front matter, post fields, the kinds,
    awkward titles, text to escape) holds the bytes the previous formatter wrote for it."""
    add_entry(full, 'x\u2028y \x85 \\ "q"', title='Quote " and \\ back\t', tags=["ü", "A b"], private=True)
    run(export_markdown(full, tmp_path / "new"))
    monkeypatch.setattr(frontmatter, "dump_fast", _dump_fast_before)
    run(export_markdown(full, tmp_path / "old"))
    new = {p.relative_to(tmp_path / "new"): p.read_bytes() for p in (tmp_path / "new").rglob("*") if p.is_file()}
    old = {p.relative_to(tmp_path / "old"): p.read_bytes() for p in (tmp_path / "old").rglob("*") if p.is_file()}
    assert len(new) > 8 and any(b"post:" in data for data in new.values())
    assert new == old
