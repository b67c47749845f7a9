"""The navigation column's counts (journal.queries.place_counts): live, private and trashed entries, each counted
from the partial index kept for it (the window reads them on its start path, so never row by row)."""

from __future__ import annotations

from journal.db import Journal
from journal.entries import create_entry, trash_entry
from journal.queries import place_counts


def test_the_counts_of_the_places(journal: Journal) -> None:
    assert place_counts(journal) == {"all": 0, "private": 0, "trash": 0}
    create_entry(journal, "open")
    create_entry(journal, "mine", private=True)
    trash_entry(journal, create_entry(journal, "gone, and mine", private=True).id)
    trash_entry(journal, create_entry(journal, "gone").id)
    assert place_counts(journal) == {"all": 2, "private": 1, "trash": 2}
