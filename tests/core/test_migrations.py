"""Migrations: the revision list matches the scripts, and every frozen journal of a released schema opens today with
every entry, tag and revision unchanged (backed up first when it needs upgrading)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from alembic.script import ScriptDirectory

from journal.db import open_journal
from journal.entries import EntryFilter, count_entries, get_entry, list_entries, list_revisions
from journal.markdown.words import count_words
from journal.migrations import HEAD, REVISIONS
from journal.search import search
from journal.tags import list_tags

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "tests" / "data" / "schemas"
FROZEN = sorted(SCHEMAS.glob("journal-*.db"))


def load_maker(revision: str) -> ModuleType:
    path = SCHEMAS / f"make_{revision}.py"
    assert path.is_file(), f"{path.name} (which builds journal-{revision}.db and describes its content) is missing"
    spec = importlib.util.spec_from_file_location(f"make_{revision}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_rows(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of the data tables, as plain dicts ordered by primary key (read-only, straight from SQLite)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        return {
            table: [dict(r) for r in con.execute(f"SELECT * FROM {table} ORDER BY {order}")]
            for table, order in (
                ("entries", "id"),
                ("tags", "id"),
                ("entry_tags", "entry_id, tag_id"),
                ("revisions", "id"),
            )
        }
    finally:
        con.close()


def schema_of(db: Path) -> dict[str, Any]:
    """Tables with their columns, indexes and triggers: what a migration defines, without the DDL's exact spelling."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        objects = con.execute("SELECT type, name, tbl_name FROM sqlite_master ORDER BY type, name").fetchall()
        columns = {
            name: con.execute(f"PRAGMA table_info({name})").fetchall()
            for kind, name, _ in objects
            if kind == "table" and not name.startswith("entries_fts")
        }
        return {"objects": objects, "columns": columns}
    finally:
        con.close()


def revision_of(db: Path) -> str:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def test_revisions_match_the_alembic_scripts() -> None:
    scripts = ScriptDirectory(str(ROOT / "journal" / "migrations"))
    chain = tuple(s.revision for s in reversed(list(scripts.walk_revisions())))
    assert chain == REVISIONS
    assert tuple(scripts.get_heads()) == (HEAD,)
    assert len(set(REVISIONS)) == len(REVISIONS)


def test_the_frozen_journals_are_of_known_schemas() -> None:
    frozen = [p.stem.removeprefix("journal-") for p in FROZEN]
    assert "0001" in frozen
    assert set(frozen) <= set(REVISIONS)
    for revision in frozen:
        assert (SCHEMAS / f"make_{revision}.py").is_file()


def test_the_frozen_0001_file_is_what_its_script_builds(tmp_path: Path) -> None:
    """Catches an edit to a released migration (or to the frozen file): both must stay as they were."""
    maker = load_maker("0001")
    rebuilt = tmp_path / "journal-0001.db"
    maker.build(rebuilt)
    committed = SCHEMAS / "journal-0001.db"
    assert schema_of(rebuilt) == schema_of(committed)
    assert read_rows(rebuilt) == read_rows(committed)


@pytest.mark.parametrize("frozen", FROZEN, ids=[p.name for p in FROZEN])
def test_a_frozen_journal_opens_with_everything_unchanged(frozen: Path, tmp_path: Path) -> None:
    revision = frozen.stem.removeprefix("journal-")
    assert revision_of(frozen) == revision
    maker = load_maker(revision)
    home = tmp_path / "home"
    home.mkdir()
    db = home / "journal.db"
    shutil.copyfile(frozen, db)
    before = read_rows(db)
    want = maker.expected()
    assert {k: before[k] for k in ("tags", "revisions")} == {"tags": want["tags"], "revisions": want["revisions"]}
    assert [tuple(r.values()) for r in before["entry_tags"]] == [tuple(p) for p in want["entry_tags"]]

    with open_journal(home, create=False) as journal:
        backups = sorted(journal.paths.backups.glob("journal-*-before-upgrade.db"))
        if revision != HEAD:
            assert len(backups) == 1
            assert revision_of(backups[0]) == revision
            assert read_rows(backups[0]) == before
        else:
            assert backups == []
        assert revision_of(db) == HEAD

        # Row by row, every column the old schema had is unchanged, but the word counts: schema 0010 counts them
        # again with the one counter the app shows.
        after = read_rows(db)
        for table, rows in before.items():
            assert len(after[table]) == len(rows), table
            for old, new in zip(rows, after[table], strict=True):
                kept = {k: v for k, v in old.items() if (table, k) != ("entries", "word_count")}
                assert {k: new[k] for k in kept} == kept, table
                if table == "entries":
                    assert new["word_count"] == count_words(new["body"])

        # And through today's services, in the person's terms.
        tags_by_entry: dict[int, list[str]] = {}
        names = {t["id"]: t["name"] for t in want["tags"]}
        for entry_id, tag_id in want["entry_tags"]:
            tags_by_entry.setdefault(entry_id, []).append(names[tag_id])
        for row in want["entries"]:
            entry = get_entry(journal, row["uuid"])
            assert entry.title == row["title"]
            assert entry.body == row["body"]
            assert entry.body.encode("utf-8") == row["body"].encode("utf-8")
            assert entry.day == dt.date.fromisoformat(row["day"])
            assert entry.created == dt.datetime.fromisoformat(row["created"])
            assert entry.updated == dt.datetime.fromisoformat(row["updated"])
            assert entry.private == bool(row["private"])
            assert entry.summary == row["summary"]
            assert entry.slug == row["slug"]
            assert entry.deleted_at == (dt.datetime.fromisoformat(row["deleted_at"]) if row["deleted_at"] else None)
            assert entry.word_count == count_words(row["body"])
            assert sorted(entry.tags, key=str.lower) == sorted(tags_by_entry.get(row["id"], []), key=str.lower)
            revisions = [r for r in want["revisions"] if r["entry_id"] == row["id"]]
            got = list_revisions(journal, row["uuid"])
            assert sorted((r.saved_at, r.title, r.body) for r in got) == sorted(
                (dt.datetime.fromisoformat(r["saved_at"]), r["title"], r["body"]) for r in revisions
            )
        assert [(a.name, a.colour, a.description) for a in list_tags(journal)] == sorted(
            ((t["name"], t["colour"], t["description"]) for t in want["tags"]), key=lambda t: t[0].lower()
        )
        live = [e for e in want["entries"] if e["deleted_at"] is None]
        trashed = [e for e in want["entries"] if e["deleted_at"] is not None]
        assert count_entries(journal) == len(live)
        assert {s.id for s in list_entries(journal, EntryFilter(trash=True), limit=None)} == {
            e["uuid"] for e in trashed
        }
        assert {s.id for s in list_entries(journal, EntryFilter(private=True), limit=None)} == {
            e["uuid"] for e in live if e["private"]
        }
        # The full-text index came along: words (accents folded) and the private filter work.
        assert [h.entry.id for h in search(journal, "cafe naive")] == [want["entries"][1]["uuid"]]
        assert [h.entry.id for h in search(journal, "negotiation is:private")] == [want["entries"][2]["uuid"]]
        assert search(journal, "trash") == []  # trashed entries never show
        # Words inside a Japanese title and sentence are found (schema 0005's trigram index), two characters too.
        japanese = want["entries"][1]["uuid"]
        assert [h.entry.id for h in search(journal, "トークン")] == [japanese]  # in 日本語のトークン化
        assert [h.entry.id for h in search(journal, "解析")] == [japanese]  # in 形態素解析は難しい。
        assert [h.entry.id for h in search(journal, "解析 cafe")] == [japanese]
        with journal.snapshot() as con:
            con.execute("INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')")
            con.execute("INSERT INTO entries_trigram(entries_trigram) VALUES ('integrity-check')")
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
