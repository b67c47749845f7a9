"""Maintenance jobs (generators yielding Progress, run off the GUI thread by the app): rebuild the search index,
check the file, back up now."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from journal.db import Journal, translate_sqlite_error
from journal.errors import Cancelled
from journal.jobs import CancelToken, Progress


def rebuild_search_index(journal: Journal, cancel: CancelToken | None = None) -> Iterator[Progress]:
    """Rebuild the search indexes from the entries (FTS5's ``rebuild``: correct even when an index is damaged; the
    contentless trigram index is emptied and refilled from the view that says which entries it holds), then merge
    them; returns the number of entries. Cancelling interrupts the statement and the old indexes stay."""
    con = journal.raw()
    if cancel is not None:
        cancel.attach(con)
    try:
        total = con.execute("SELECT count(*) FROM entries").fetchone()[0]
        yield Progress(0, 0, f"re-indexing {total:,} entries")
        con.execute("BEGIN IMMEDIATE")
        refill_search_indexes(con)
        con.execute("COMMIT")
        yield Progress(0, 0, "merging the index")
        con.execute("INSERT INTO entries_fts(entries_fts) VALUES ('optimize')")
        con.execute("INSERT INTO entries_trigram(entries_trigram) VALUES ('optimize')")
        return int(total)
    except sqlite3.OperationalError as exc:
        if con.in_transaction:
            con.rollback()
        if "interrupted" in str(exc):
            raise Cancelled from None
        raise translate_sqlite_error(exc, journal.paths) or exc from exc
    finally:
        if cancel is not None:
            cancel.detach(con)
        con.close()


# FTS5 writes its pending terms out as a new segment whenever they pass ``hashsize`` (1 MB by default), and merges
# the segments as they pile up; a whole journal at once in 64 MB makes far fewer of both: 100,000 entries indexed in
# 8.6 s instead of 14.6 s (the trigram index 2.4 s instead of 3.8 s). It is set for the pass only.
BULK_HASH_BYTES = 64 * 1024 * 1024
DEFAULT_HASH_BYTES = 1024 * 1024  # FTS5_DEFAULT_HASHSIZE


@contextlib.contextmanager
def index_budget(con: sqlite3.Connection) -> Iterator[None]:
    """FTS5's budget for pending terms raised to ``BULK_HASH_BYTES`` for a pass over many entries, inside the caller's
    transaction, and back to the default after (a pass that fails rolls the setting back with its transaction)."""
    for index in ("entries_fts", "entries_trigram"):
        con.execute(f"INSERT INTO {index}({index}, rank) VALUES ('hashsize', ?)", (BULK_HASH_BYTES,))
    yield
    for index in ("entries_fts", "entries_trigram"):
        con.execute(f"INSERT INTO {index}({index}, rank) VALUES ('hashsize', ?)", (DEFAULT_HASH_BYTES,))


def refill_search_indexes(con: sqlite3.Connection) -> None:
    """Fill the search indexes from the entries as they are, inside the caller's transaction (the rebuild above)."""
    with index_budget(con):
        con.execute("INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')")
        con.execute("INSERT INTO entries_trigram(entries_trigram) VALUES ('delete-all')")
        con.execute("INSERT INTO entries_trigram(rowid, title, body) SELECT id, title, body FROM entries_unspaced")


def empty_search_indexes(con: sqlite3.Connection) -> None:
    """Empty both search indexes (a bulk import into an empty journal, before it indexes its entries batch by batch
    with ``index_entries_after``: whatever a stale index held is gone, as a rebuild would make it)."""
    con.execute("INSERT INTO entries_fts(entries_fts) VALUES ('delete-all')")
    con.execute("INSERT INTO entries_trigram(entries_trigram) VALUES ('delete-all')")


def index_entries_after(con: sqlite3.Connection, last_id: int) -> int:
    """Index for search the entries with a row id above ``last_id``, as the insert triggers would have (a bulk import
    with those triggers dropped, one batch at a time, in its transaction); returns the highest row id indexed."""
    con.execute("INSERT INTO entries_fts(rowid, title, body) SELECT id, title, body FROM entries WHERE id > ?",
                (last_id,))  # fmt: skip
    con.execute("INSERT INTO entries_trigram(rowid, title, body) SELECT id, title, body FROM entries_unspaced "
                "WHERE id > ?", (last_id,))  # fmt: skip
    return int(con.execute("SELECT coalesce(max(id), ?) FROM entries", (last_id,)).fetchone()[0])


def check_journal(journal: Journal) -> Iterator[Progress]:
    """Run the full integrity check; raises ``JournalCorrupt`` on damage, returns True when healthy."""
    yield Progress(0, 0, "checking the journal file")
    journal.quick_check()
    return True


def back_up_now(journal: Journal) -> Iterator[Progress]:
    """A backup copy made with SQLite's backup API; returns its path."""
    yield Progress(0, 0, "backing up")
    path: Path = journal.backup("manual")
    return path
