"""The navigation column's counts (journal.queries.place_counts): live, private and trashed entries, each counted
from the partial index kept for it (the window reads them on its start path, so never row by row)."""

from __future__ import annotations

from journal.adding import add_entry
from journal.db import Journal
from journal.entries import create_entry, trash_entry
from journal.queries import count_entries, filter_sql, place_counts
from journal.records import TUTORIAL, EntryFilter


def test_the_counts_of_the_places(journal: Journal) -> None:
    assert place_counts(journal) == {"all": 0, "private": 0, "trash": 0}
    create_entry(journal, "open")
    create_entry(journal, "mine", private=True)
    trash_entry(journal, create_entry(journal, "gone, and mine", private=True).id)
    trash_entry(journal, create_entry(journal, "gone").id)
    assert place_counts(journal) == {"all": 2, "private": 1, "trash": 2}


def test_the_live_count_agrees_with_the_filter_it_stands_for(journal: Journal) -> None:
    """``count_entries`` of every live entry is all the rows less the trash (no row read); counted row by row
    through ``filter_sql`` it is the same number, the Welcome tutorial and trashed entries included or not."""

    def by_rows(flt: EntryFilter) -> int:
        params: list[object] = []
        with journal.snapshot() as con:
            return int(
                con.execute(f"SELECT count(*) FROM entries e WHERE {filter_sql(flt, params)}", params).fetchone()[0]
            )

    add_entry(journal, "Welcome", title="Welcome", private=True, kind=TUTORIAL)
    for text in ("one", "two", "three"):
        create_entry(journal, text)
    trash_entry(journal, create_entry(journal, "gone").id)
    for flt in (EntryFilter(), EntryFilter(with_tutorial=False), EntryFilter(trash=True), EntryFilter(trash=None)):
        assert count_entries(journal, flt) == by_rows(flt)
    assert count_entries(journal) == 4  # the three and the tutorial; not the one in the trash
    assert place_counts(journal)["all"] == 4
