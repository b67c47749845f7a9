"""Skill-area tags: names unique regardless of case, rename, merge, delete (entries always stay)."""

from __future__ import annotations

import sqlite3

import pytest

from journal.db import Journal
from journal.entries import EntryFilter, count_entries, create_entry, get_entry, trash_entry, update_entry
from journal.errors import InvalidInput, TagExists, TagNotFound
from journal.tags import (
    PALETTE,
    add_tag,
    default_colour,
    delete_tag,
    edit_tag,
    list_tags,
    merge_tags,
    normalize_name,
    rename_tag,
)


def names(journal: Journal) -> list[str]:
    return [a.name for a in list_tags(journal)]


def link_rows(journal: Journal) -> list[tuple[int, int]]:
    con = sqlite3.connect(journal.paths.db)
    try:
        return con.execute("SELECT entry_id, tag_id FROM entry_tags ORDER BY 1, 2").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(("raw", "clean"), [("  deep   learning ", "deep learning"), ("MLOps", "MLOps"), ("🧪", "🧪")])
def test_names_are_tidied(raw: str, clean: str) -> None:
    assert normalize_name(raw) == clean


@pytest.mark.parametrize("bad", ["", "   ", "a,b", "x" * 65])
def test_bad_names_are_refused(journal: Journal, bad: str) -> None:
    with pytest.raises(InvalidInput):
        add_tag(journal, bad)
    with pytest.raises(InvalidInput):
        create_entry(journal, "x", tags=[bad])
    assert names(journal) == [] and count_entries(journal) == 0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Serving", "serving"),
        ("serving", "  SERVING  "),
        ("Économie", "économie"),
        ("ÆSIR", "æsir"),
        ("Straße", "STRASSE"),
    ],
)
def test_names_are_unique_regardless_of_case(journal: Journal, first: str, second: str) -> None:
    add_tag(journal, first)
    with pytest.raises(TagExists):
        add_tag(journal, second)
    entry = create_entry(journal, "x", tags=[second, first])
    assert entry.tags == (first,)
    assert names(journal) == [first]
    assert list_tags(journal)[0].entry_count == 1
    assert edit_tag(journal, second, description="found by any case").name == first


def test_one_entry_never_carries_a_tag_twice(journal: Journal) -> None:
    entry = create_entry(journal, "x", tags=["ml", "ML", " ml "])
    assert entry.tags == ("ml",)
    assert update_entry(journal, entry.id, tags=["ML", "ml", "Ml"]).tags == ("ml",)
    assert len(link_rows(journal)) == 1


def test_list_counts_live_entries_only(journal: Journal) -> None:
    a = create_entry(journal, "a", tags=["x", "y"])
    create_entry(journal, "b", tags=["x"])
    add_tag(journal, "empty", colour="#ABCDEF", description="nothing yet")
    trash_entry(journal, a.id)
    assert [(t.name, t.entry_count) for t in list_tags(journal)] == [("empty", 0), ("x", 1), ("y", 0)]
    assert list_tags(journal)[0].colour == "#abcdef"


def test_colours(journal: Journal) -> None:
    assert default_colour("serving") == default_colour("SERVING") in PALETTE
    assert add_tag(journal, "serving").colour == default_colour("serving")
    with pytest.raises(InvalidInput):
        edit_tag(journal, "serving", colour="red")
    assert edit_tag(journal, "serving", colour="#112233").colour == "#112233"
    with pytest.raises(TagNotFound):
        edit_tag(journal, "nope", colour="#112233")


def test_rename_keeps_the_entries(journal: Journal) -> None:
    entry = create_entry(journal, "x", tags=["servng"])
    assert rename_tag(journal, "SERVNG", "serving").name == "serving"
    assert get_entry(journal, entry.id).tags == ("serving",)
    assert rename_tag(journal, "serving", "Serving").name == "Serving"  # a change of case is allowed
    assert names(journal) == ["Serving"]
    with pytest.raises(TagNotFound):
        rename_tag(journal, "servng", "whatever")


@pytest.mark.parametrize("taken", ["testing", "TESTING", " testing "])
def test_rename_onto_an_existing_name_is_refused(journal: Journal, taken: str) -> None:
    a = create_entry(journal, "a", tags=["serving"])
    b = create_entry(journal, "b", tags=["testing"])
    with pytest.raises(TagExists):
        rename_tag(journal, "serving", taken)
    assert get_entry(journal, a.id).tags == ("serving",)
    assert get_entry(journal, b.id).tags == ("testing",)
    assert names(journal) == ["serving", "testing"]


def test_rename_onto_a_name_differing_only_beyond_ascii_case_is_refused(journal: Journal) -> None:
    add_tag(journal, "Économie")
    add_tag(journal, "other")
    with pytest.raises(TagExists):
        rename_tag(journal, "other", "économie")


def test_merge_moves_links_without_duplicates(journal: Journal) -> None:
    both = create_entry(journal, "both", tags=["ml-ops", "mlops"])
    only_old = create_entry(journal, "old", tags=["ml-ops"])
    only_third = create_entry(journal, "third", tags=["MLOPS-2"])
    only_new = create_entry(journal, "new", tags=["mlops"])
    area = merge_tags(journal, ["ml-ops", "mlops-2"], "MLOps")
    assert area.name == "mlops"  # merging into an existing area keeps its spelling
    for entry in (both, only_old, only_third, only_new):
        assert get_entry(journal, entry.id).tags == ("mlops",)
    assert names(journal) == ["mlops"]
    assert len(link_rows(journal)) == 4
    assert count_entries(journal, EntryFilter(tags=("mlops",))) == 4


def test_merge_into_a_new_area_creates_it(journal: Journal) -> None:
    entry = create_entry(journal, "x", tags=["a", "b"])
    merge_tags(journal, ["a", "b"], "c")
    assert get_entry(journal, entry.id).tags == ("c",)
    assert names(journal) == ["c"]


def test_merge_with_an_unknown_source_changes_nothing(journal: Journal) -> None:
    entry = create_entry(journal, "x", tags=["a"])
    with pytest.raises(TagNotFound):
        merge_tags(journal, ["a", "missing"], "b")
    assert get_entry(journal, entry.id).tags == ("a",)
    assert names(journal) == ["a"]


def test_merge_into_itself_is_harmless(journal: Journal) -> None:
    entry = create_entry(journal, "x", tags=["a"])
    merge_tags(journal, ["A"], "a")
    assert get_entry(journal, entry.id).tags == ("a",)


def test_delete_keeps_the_entries(journal: Journal) -> None:
    tagged = create_entry(journal, "tagged", tags=["gone", "stays"])
    trashed = create_entry(journal, "trashed", tags=["gone"])
    trash_entry(journal, trashed.id)
    assert delete_tag(journal, "GONE") == 2
    assert get_entry(journal, tagged.id).tags == ("stays",)
    assert get_entry(journal, trashed.id).tags == ()
    assert get_entry(journal, tagged.id).body == "tagged"
    assert names(journal) == ["stays"]
    with pytest.raises(TagNotFound):
        delete_tag(journal, "gone")
