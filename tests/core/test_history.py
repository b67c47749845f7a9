"""History kept as reverse deltas (journal.textdelta, journal.revisions): every kept version comes back byte-exactly,
through autosaves, thinning over weeks, restores, exports, the attachments' clean-up and the migration of revisions
kept whole before; and 200 autosaves of small edits to a 10,000-word entry keep under 1 MB."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import entries, textdelta
from journal.attachments import collect_garbage, store_attachment
from journal.db import Journal, open_journal
from journal.entries import create_entry, get_entry, list_revisions, restore_revision, update_entry
from journal.revisions import SNAPSHOT_EVERY

WORDS = "gradient descent model serving latency batch tensor 推理 données naïve 👩\u200d💻 shard cache queue".split(" ")  # noqa: SIM905


def long_text(rng: random.Random, words: int = 10_000) -> str:
    out, count = [], 0
    while count < words:
        n = rng.randint(40, 120)
        out.append(" ".join(rng.choice(WORDS) for _ in range(n)) + ".")
        count += n
    return "# A long entry\n\n" + "\n\n".join(out) + "\n"


def small_edit(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text))
    if rng.random() < 0.7:
        return text[:at] + " " + rng.choice(WORDS) + text[at:]
    return text[:at] + text[at + rng.randint(1, 12) :]


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_a_delta_makes_the_older_text_exactly(older: str, newer: str) -> None:
    assert textdelta.apply(textdelta.encode(older, newer), newer) == older
    assert "".join(textdelta.chunks(older)) == older


def test_chunks_depend_only_on_the_words_around_them() -> None:
    rng = random.Random(1)
    text = " ".join(rng.choice(WORDS) for _ in range(2000))  # one long paragraph, no newline
    edited = text[:5000] + " inserted " + text[5000:]
    before, after = textdelta.chunks(text), textdelta.chunks(edited)
    assert len(set(after) - set(before)) <= 3  # the edit touched a chunk or two, not the rest of the line
    assert len(textdelta.encode(text, edited)) < 300


def test_a_delta_on_the_wrong_text_fails_loudly() -> None:
    delta = textdelta.encode("the older text", "the newer text")
    with pytest.raises(textdelta.DeltaMismatch):
        textdelta.apply(delta, "another text entirely")


def _stored_bytes(journal: Journal) -> int:
    with journal.snapshot() as con:
        row = con.execute(
            "SELECT total(length(CAST(title AS BLOB)) + length(CAST(body AS BLOB)) + ifnull(length(delta), 0)) "
            "FROM revisions"
        ).fetchone()
    return int(row[0])


def test_200_autosaves_of_a_long_entry_keep_under_a_megabyte(journal: Journal) -> None:
    rng = random.Random(10)
    text = long_text(rng)
    entry = create_entry(journal, text)
    versions = [text]
    for _ in range(200):
        text = small_edit(rng, text)
        entry = update_entry(journal, entry.id, body=text, expected_version=entry.version)
        versions.append(text)
    assert get_entry(journal, entry.id).body == versions[-1]
    kept = list_revisions(journal, entry.id)
    assert len(kept) == 200  # all within the hour: the policy keeps every one
    assert [r.body for r in kept] == versions[-2::-1]  # newest first, each byte for byte
    assert _stored_bytes(journal) <= 1_000_000
    assert sum(len(v.encode("utf-8")) for v in versions[:-1]) > 12_000_000  # what whole copies took
    with journal.snapshot() as con:
        whole = con.execute("SELECT count(*) FROM revisions WHERE base_id IS NULL").fetchone()[0]
    assert 200 // SNAPSHOT_EVERY <= whole <= 200 // SNAPSHOT_EVERY + 2
    oldest = kept[-1]
    assert restore_revision(journal, entry.id, oldest.id).body.encode("utf-8") == versions[0].encode("utf-8")


def test_thinning_over_weeks_keeps_every_kept_text_exact(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves spread over six weeks: the policy drops revisions from the middle of chains, and every revision it keeps
    is still exactly the text that was current when it was saved."""
    rng = random.Random(7)
    clock = [dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)]
    monkeypatch.setattr(entries, "utcnow", lambda: clock[0])
    text = long_text(rng, 800)
    entry = create_entry(journal, text)
    current_at: dict[dt.datetime, str] = {}
    for _ in range(400):
        clock[0] += dt.timedelta(minutes=rng.choice([1, 5, 30, 90, 600]))
        current_at[get_entry(journal, entry.id).updated] = text
        text = small_edit(rng, text)
        update_entry(journal, entry.id, body=text)
    kept = list_revisions(journal, entry.id)
    assert 30 < len(kept) < 300  # thinned, not emptied
    for rev in kept:
        assert rev.body == current_at[rev.saved_at]
    with journal.snapshot() as con:
        rows = {i: b for i, b in con.execute("SELECT id, base_id FROM revisions")}
    for rev_id in rows:  # every chain ends at a whole text within the bound
        depth, current = 0, rows[rev_id]
        while current is not None:
            depth, current = depth + 1, rows[current]
        assert depth <= SNAPSHOT_EVERY


def test_exports_and_the_attachment_clean_up_see_texts_kept_as_deltas(journal: Journal) -> None:
    import json

    from journal.transfer.jsonfile import export_document

    rng = random.Random(3)
    base = long_text(rng, 400)
    link = store_attachment(journal, b"\x89PNG only the history shows this", ".png")
    entry = create_entry(journal, base + f"\n![diagram]({link})\n")
    update_entry(journal, entry.id, body=base + "\nthe link is gone\n")
    update_entry(journal, entry.id, body=base + "\nthe link is gone, and more\n")
    with journal.snapshot() as con:
        assert con.execute("SELECT count(*) FROM revisions WHERE delta IS NOT NULL").fetchone()[0] == 1
    assert collect_garbage(journal) == []  # the image is still shown by the revision kept as a delta
    document = next(step for step in export_document(journal) if isinstance(step, dict))
    bodies = sorted(r["body"] for r in document["revisions"])
    assert bodies == sorted(r.body for r in list_revisions(journal, entry.id))
    assert any(link in b for b in bodies)
    json.dumps(document)


def downgrade(db: Path, revision: str) -> None:
    """Take a journal file back to an older schema through the later migrations' downgrades."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    engine = sa.create_engine(f"sqlite:///{db}")
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(entries.__file__).parent / "migrations"))
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()


def test_revisions_kept_whole_before_are_migrated(home: Path) -> None:
    """A journal of schema 0008 (every revision a whole copy) opens with its history as deltas, every text exact."""
    rng = random.Random(5)
    with open_journal(home) as journal:
        text = long_text(rng, 2000)
        entry = create_entry(journal, text)
        versions = [text]
        for _ in range(40):
            text = small_edit(rng, text)
            update_entry(journal, entry.id, body=text)
            versions.append(text)
    con = sqlite3.connect(home / "journal.db")
    saved = con.execute("SELECT id, entry_id, title, saved_at FROM revisions ORDER BY id").fetchall()
    con.close()
    with open_journal(home) as journal:
        expected = {r.id: r.body for r in list_revisions(journal, entry.id)}
    downgrade(home / "journal.db", "0009")  # the later schemas' own steps back, so 0009 on is migrated again
    con = sqlite3.connect(home / "journal.db")
    con.execute("DROP TABLE IF EXISTS revisions_old")
    con.execute("ALTER TABLE revisions RENAME TO revisions_old")
    con.execute(
        "CREATE TABLE revisions (id INTEGER NOT NULL PRIMARY KEY, entry_id INTEGER NOT NULL REFERENCES entries (id) "
        "ON DELETE CASCADE, title TEXT NOT NULL, saved_at VARCHAR(32) NOT NULL, body TEXT NOT NULL)"
    )
    con.executemany(
        "INSERT INTO revisions (id, entry_id, title, saved_at, body) VALUES (?, ?, ?, ?, ?)",
        [(i, e, t, s, expected[i]) for i, e, t, s in saved],
    )
    con.execute("DROP TABLE revisions_old")
    con.execute("CREATE INDEX ix_revisions_entry ON revisions (entry_id, saved_at)")
    con.execute("UPDATE alembic_version SET version_num = '0008'")
    con.commit()
    before = con.execute("SELECT total(length(body)) FROM revisions").fetchone()[0]
    con.close()
    with open_journal(home, create=False) as journal:
        assert {r.id: r.body for r in list_revisions(journal, entry.id)} == expected
        assert [r.body for r in list_revisions(journal, entry.id)] == versions[-2::-1]
        assert _stored_bytes(journal) < before / 5


def _chains(journal: Journal) -> dict[int, list[tuple[int, str | None, bytes | None, int | None]]]:
    """Each entry's stored revisions, newest first: (id, body, delta, base_id)."""
    with journal.snapshot() as con:
        rows = con.execute(
            "SELECT entry_id, id, body, delta, base_id FROM revisions ORDER BY entry_id, saved_at DESC, id DESC"
        ).fetchall()
    out: dict[int, list[tuple[int, str | None, bytes | None, int | None]]] = {}
    for entry_id, *row in rows:
        out.setdefault(entry_id, []).append(tuple(row))  # type: ignore[arg-type]
    return out


def _assert_kept_as_the_history_keeps_it(journal: Journal) -> None:
    for chain in _chains(journal).values():
        assert chain[0][2] is None and chain[0][3] is None  # the newest: a whole text
        run = 0
        for (newer_id, *_), (_, body, delta, base) in pairwise(chain):
            if base is None:
                run = 0  # a whole text (compressed when that is smaller)
            else:
                assert base == newer_id and delta is not None and body == ""
                run += 1
                assert run < SNAPSHOT_EVERY


@pytest.mark.parametrize("kind", ["json", "markdown"])
def test_an_imported_history_is_kept_as_deltas_and_comes_back_exactly(journal: Journal, tmp_path: Path,
                                                                       kind: str) -> None:  # fmt: skip
    from journal.jobs import run
    from journal.transfer.importer import import_source
    from journal.transfer.jsonfile import export_json
    from journal.transfer.markdownfiles import export_markdown

    rng = random.Random(5)
    text = long_text(rng, 1500)
    entry = create_entry(journal, text)
    for _ in range(40):  # past SNAPSHOT_EVERY: a whole text must come back in the chain
        text = small_edit(rng, text)
        entry = update_entry(journal, entry.id, body=text)
    create_entry(journal, "no history here")
    before = [(r.saved_at, r.title, r.body) for r in list_revisions(journal, entry.id)]
    source = tmp_path / ("journal.json" if kind == "json" else "md")
    run(export_json(journal, source) if kind == "json" else export_markdown(journal, source, with_history=True))
    with open_journal(tmp_path / "other") as other:
        report = run(import_source(other, source))
        assert report.revisions_added == 40
        assert [(r.saved_at, r.title, r.body) for r in list_revisions(other, entry.id)] == before
        _assert_kept_as_the_history_keeps_it(other)
        assert _stored_bytes(other) < sum(len(b.encode("utf-8")) for _, _, b in before) / 10
        stored = _chains(other)
        again = run(import_source(other, source))
        assert again.revisions_added == 0 and _chains(other) == stored


def test_an_import_that_replaces_a_text_keeps_it_in_the_history_as_a_delta(journal: Journal, tmp_path: Path) -> None:
    import json

    from journal.jobs import run
    from journal.transfer.importer import import_source

    rng = random.Random(6)
    first = long_text(rng, 800)
    entry = create_entry(journal, first)
    second = small_edit(rng, first)
    entry = update_entry(journal, entry.id, body=second)
    third = small_edit(rng, second)
    later = (entry.updated + dt.timedelta(days=1)).isoformat()
    source = tmp_path / "newer.json"
    source.write_text(json.dumps({"entries": [{"id": entry.id, "body": third, "date": entry.day.isoformat(),
                                               "created": entry.created.isoformat(), "updated": later}]}),
                      encoding="utf-8")  # fmt: skip
    assert run(import_source(journal, source)).updated == 1
    assert [r.body for r in list_revisions(journal, entry.id)] == [second, first]
    _assert_kept_as_the_history_keeps_it(journal)
    chain = next(iter(_chains(journal).values()))
    assert chain[1][3] == chain[0][0]  # the older text leans on the one the import replaced
