"""Two writers on one journal (the app and the command line, later a sync): each write is conditional on the version it
read, nothing is overwritten silently, an entry in the trash is not written into, and a writer can tell another's
changes from its own. Other writers are real: a second connection, the ``sqlite3`` module writing plain SQL, and the
``trailbook`` command as a process."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from journal.changes import ChangeProbe, covered
from journal.db import Journal, open_journal
from journal.entries import (
    create_entry,
    get_entry,
    keep_version,
    list_revisions,
    restore_entry,
    trash_entry,
    update_entry,
)
from journal.errors import EntryChanged, EntryInTrash
from journal.merge import EntryFields, fields_of, merge_entry, merge_tags, merge_text

PROGRAM = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "journal"]


def other_process(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PROGRAM, *args, "--home", str(home)],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=60,
    )


def test_every_change_moves_the_version(journal: Journal) -> None:
    entry = create_entry(journal, "one")
    assert entry.version == 1 and get_entry(journal, entry.id).version == 1
    two = update_entry(journal, entry.id, body="two")
    assert two.version == 2 == get_entry(journal, entry.id).version
    assert update_entry(journal, entry.id, tags=["serving"]).version == 3
    assert trash_entry(journal, entry.id).version == 4
    assert restore_entry(journal, entry.id).version == 5


def test_a_stale_write_is_refused_and_carries_the_newer_entry(journal: Journal) -> None:
    entry = create_entry(journal, "first")
    newer = update_entry(journal, entry.id, body="someone else's text", expected_version=entry.version)
    with pytest.raises(EntryChanged) as refused:
        update_entry(journal, entry.id, body="my stale text", expected_version=entry.version)
    assert "changed elsewhere" in refused.value.message and "nothing was overwritten" in refused.value.message
    assert refused.value.current.body == "someone else's text"
    assert refused.value.current.version == newer.version
    assert get_entry(journal, entry.id).body == "someone else's text"
    assert [r.body for r in list_revisions(journal, entry.id)] == ["first"]  # the refused text left no trace


def test_a_writer_outside_trailbook_moves_the_version_too(journal: Journal) -> None:
    """The ``sqlite3`` shell, a script, an older tool: the trigger counts its change, so our stale write is refused."""
    entry = create_entry(journal, "mine")
    con = sqlite3.connect(journal.paths.db)
    try:
        con.execute("UPDATE entries SET body = 'written by a script' WHERE uuid = ?", (entry.id,))
        con.commit()
    finally:
        con.close()
    assert get_entry(journal, entry.id).version == entry.version + 1
    with pytest.raises(EntryChanged):
        update_entry(journal, entry.id, body="stale", expected_version=entry.version)
    assert get_entry(journal, entry.id).body == "written by a script"


def test_an_entry_in_the_trash_is_never_written_into(journal: Journal) -> None:
    entry = create_entry(journal, "draft")
    trashed = trash_entry(journal, entry.id)
    for kwargs in ({"body": "typed after the trash"}, {"title": "new"}, {"tags": ["x"]}, {"private": True}):
        with pytest.raises(EntryInTrash) as refused:
            update_entry(journal, entry.id, **kwargs)  # type: ignore[arg-type]
        assert "in the trash" in refused.value.message
        with pytest.raises(EntryInTrash):  # a writer that read it before the trash learns where it went
            update_entry(journal, entry.id, expected_version=entry.version, **kwargs)  # type: ignore[arg-type]
    after = get_entry(journal, entry.id)
    assert (after.body, after.title, after.tags, after.private) == ("draft", "draft", (), False)
    assert after.version == trashed.version


def test_keep_version_puts_a_text_in_history_only(journal: Journal) -> None:
    entry = create_entry(journal, "current")
    keep_version(journal, entry.id, "Mine", "the text not chosen")
    assert get_entry(journal, entry.id).body == "current"
    assert [(r.title, r.body) for r in list_revisions(journal, entry.id)] == [("Mine", "the text not chosen")]


# --- telling our writes from other writers' -------------------------------------------------------------------------


def test_covered_ranges() -> None:
    assert covered(3, 3, [])
    assert covered(3, 7, [(3, 5), (5, 7)])
    assert covered(3, 7, [(5, 7), (2, 5)])
    assert not covered(3, 7, [(3, 5), (6, 7)])  # tick 6 was someone else's
    assert not covered(3, 7, [(4, 7)])


def test_the_probe_ignores_our_own_writes_and_sees_another_writer(journal: Journal) -> None:
    probe = ChangeProbe(journal)
    probe.start()
    try:
        assert not probe.poll()
        entry = create_entry(journal, "ours")
        update_entry(journal, entry.id, body="still ours")
        assert not probe.poll()  # our own writes are not news
        with open_journal(journal.paths.home, full_check=False) as other:  # another writer: its own connections
            update_entry(other, entry.id, body="theirs")
        assert probe.poll()
        assert not probe.poll()  # seen once
        update_entry(journal, entry.id, body="ours again")
        con = sqlite3.connect(journal.paths.db)  # and one without Trailbook at all, in the same moment as ours
        con.execute("UPDATE entries SET private = 1 WHERE uuid = ?", (entry.id,))
        con.commit()
        con.close()
        assert probe.poll()
    finally:
        probe.close()


def test_the_probe_sees_the_command_line(journal: Journal, home: Path) -> None:
    probe = ChangeProbe(journal)
    probe.start()
    try:
        result = other_process(home, "new", "from the command line")
        assert result.returncode == 0, result.stderr
        assert probe.poll()
    finally:
        probe.close()


# --- merging ----------------------------------------------------------------------------------------------------------

BASE = "# Plan\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"


def test_edits_to_different_paragraphs_merge() -> None:
    mine = BASE.replace("First paragraph.", "First paragraph, with my words.")
    theirs = BASE.replace("Third paragraph.", "Third paragraph, with theirs.")
    merged = merge_text(BASE, mine, theirs)
    assert merged == "# Plan\n\nFirst paragraph, with my words.\n\nSecond paragraph.\n\nThird paragraph, with theirs.\n"


def test_edits_to_one_line_conflict() -> None:
    assert merge_text(BASE, BASE.replace("Second", "My second"), BASE.replace("Second", "Their second")) is None
    same = BASE.replace("Second", "Both second")
    assert merge_text(BASE, same, same) == same
    assert merge_text(BASE, BASE, same) == same and merge_text(BASE, same, BASE) == same


def test_tags_merge_as_sets() -> None:
    assert merge_tags(("a", "b"), ("a", "b", "mine"), ("b", "theirs")) == ("b", "mine", "theirs")
    assert merge_tags(("a",), ("A",), ("a", "x")) == ("A", "x")


def test_whole_entries_merge_or_name_the_conflict(journal: Journal) -> None:
    day = dt.date(2026, 3, 1)
    base = EntryFields("Plan", BASE, ("a",), day, False)
    mine = EntryFields("Plan", BASE + "\nMine.\n", ("a", "b"), day, True)
    theirs = EntryFields("Plan v2", "Intro.\n\n" + BASE, ("a",), dt.date(2026, 3, 2), False)
    result = merge_entry(base, mine, theirs)
    assert result.clean and result.fields is not None
    assert result.fields == EntryFields(
        "Plan v2", "Intro.\n\n" + BASE + "\nMine.\n", ("a", "b"), dt.date(2026, 3, 2), True
    )
    clash = merge_entry(base, EntryFields("Mine", BASE, (), day, False), EntryFields("Theirs", BASE, (), day, False))
    assert not clash.clean and clash.conflicts == ("title",)
    entry = create_entry(journal, BASE, title="Plan", tags=["a"], day=day)
    assert fields_of(entry) == base


# --- the command line's edit ------------------------------------------------------------------------------------------


def _editor(tmp_path: Path, script: str) -> str:
    path = tmp_path / "slow-editor.sh"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return str(path)


@pytest.mark.parametrize("meanwhile", ["edit", "trash"])
def test_a_stale_edit_from_the_command_line_is_refused(home: Path, tmp_path: Path, meanwhile: str) -> None:
    """While ``trailbook edit`` has its editor open, another writer changes (or trashes) the entry: the edit is
    refused with one clear line and exit 1, the other writer's change stays, and the refused text is kept in a file."""
    with open_journal(home) as journal:
        entry = create_entry(journal, "the text both writers read")
    other = (
        f"UPDATE entries SET body = 'the other writer''s text' WHERE uuid = '{entry.id}'"
        if meanwhile == "edit"
        else f"UPDATE entries SET deleted_at = '2026-12-01T10:00:00.000000+00:00' WHERE uuid = '{entry.id}'"
    )
    script = (
        f'{sys.executable} -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); '
        f'c.commit()" "{home / "journal.db"}" "{other}"\n'
        'printf "my edit, made in the editor\\n" > "$1"\n'
    )
    result = other_process(home, "edit", entry.id[:8], env={"EDITOR": _editor(tmp_path, script), "VISUAL": ""})
    assert result.returncode == 1, (result.stdout, result.stderr)
    (line,) = result.stderr.splitlines()
    assert line.startswith("trailbook: error: ") and "your text was not saved" in line
    assert ("changed elsewhere" if meanwhile == "edit" else "moved to the trash") in line
    kept = Path(line.split(" is kept in ")[1].split(":")[0].split(";")[0])
    assert kept.read_text(encoding="utf-8") == "my edit, made in the editor\n"
    kept.unlink()
    with open_journal(home, create=False) as journal:
        now = get_entry(journal, entry.id)
        assert now.body == ("the other writer's text" if meanwhile == "edit" else "the text both writers read")
        assert list_revisions(journal, entry.id) == []


def test_the_command_line_refuses_to_edit_an_entry_in_the_trash(home: Path) -> None:
    with open_journal(home) as journal:
        entry = create_entry(journal, "gone")
        trash_entry(journal, entry.id)
    result = other_process(home, "edit", entry.id, env={"EDITOR": "false", "VISUAL": ""})
    assert result.returncode == 1 and "in the trash" in result.stderr and "Traceback" not in result.stderr
