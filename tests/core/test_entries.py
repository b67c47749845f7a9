"""Entries: create / read / update / list / count, titles, id prefixes, revisions and their pruning, the trash."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from journal.adding import add_daily_entry, add_entry
from journal.db import Journal
from journal.entries import (
    MAX_TITLE_LEN,
    EntryFilter,
    count_entries,
    count_words,
    create_entry,
    daily_entry,
    empty_trash,
    get_entry,
    list_entries,
    list_revisions,
    restore_entry,
    restore_revision,
    title_from_body,
    trash_entry,
    update_entry,
)
from journal.errors import AmbiguousId, EntryNotFound, InvalidInput
from journal.records import TUTORIAL
from journal.revisions import revisions_to_prune

UTC = dt.UTC


def fts_rows(journal: Journal, word: str) -> int:
    """How many entries the full-text index itself holds for ``word`` (not joined with the entries table)."""
    with journal.snapshot() as con:
        row = con.execute("SELECT doc FROM entries_fts_vocab WHERE term = ?", (word,)).fetchone()
        return int(row[0]) if row else 0


def check_fts(journal: Journal) -> None:
    """FTS5's own check that the index matches the entries table exactly (raises on any stale or missing row)."""
    con = journal.raw()
    try:
        con.execute("INSERT INTO entries_fts(entries_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        con.close()


def set_uuid(journal: Journal, entry_id: str, new_uuid: str) -> None:
    con = journal.raw()
    try:
        con.execute("UPDATE entries SET uuid = ? WHERE uuid = ?", (new_uuid, entry_id))
    finally:
        con.close()


# --- create / get / update -------------------------------------------------------------------------------------------


def test_create_then_get_returns_everything_given(journal: Journal) -> None:
    entry = create_entry(
        journal,
        "# Serving with ONNX\n\nExported the model; p95 down to 40 ms.\n",
        tags=["serving", "mlops"],
        day=dt.date(2025, 3, 14),
        private=True,
        summary="ONNX export",
    )
    assert len(entry.id) == 36
    assert entry.title == "Serving with ONNX"
    assert entry.tags == ("mlops", "serving")
    assert entry.day == dt.date(2025, 3, 14)
    assert entry.created.tzinfo is not None and entry.created == entry.updated
    assert entry.word_count == 11
    assert entry.deleted_at is None and not entry.in_trash
    assert get_entry(journal, entry.id) == entry


def test_bodies_are_stored_byte_for_byte(journal: Journal) -> None:
    body = "Cafe\u0301 / Café\r\n👩\u200d💻 \u202eabc\u202c 中文\t  \n\n\n"
    entry = create_entry(journal, body)
    assert get_entry(journal, entry.id).body.encode("utf-8") == body.encode("utf-8")


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("# Heading one\n\ntext", "Heading one"),
        ("intro line\n# Heading later", "intro line"),
        ("\n\n   \n## Second level ##\nrest", "Second level"),
        ("**Bold** and `code` and [a link](https://example.com)", "Bold and code and a link"),
        ("![diagram](img.png)\n\nCaption below", "Caption below"),
        ("", "Untitled"),
        ("   \n\t\n", "Untitled"),
        ("#hashtag is not a heading", "hashtag is not a heading"),
        # As the preview reads them: a code span as written, emphasis only where it pairs, a # inside a word kept
        ("# The `__call__` method", "The __call__ method"),
        ("# How __init__.py works", "How init.py works"),  # __init__ is bold "init", as the preview shows it
        ("# Using **kwargs and *args", "Using **kwargs and *args"),
        ("# C# and F# notes", "C# and F# notes"),
        ("## snake_case names and tmp_path", "snake_case names and tmp_path"),
        ("- a list item with **bold *nested* text**", "a list item with bold nested text"),
        ("> quoted: x -> y", "quoted: x -> y"),
        ("Drift checks on the *feature store*.", "Drift checks on the feature store."),
    ],
)
def test_title_comes_from_the_first_heading_or_line(body: str, title: str) -> None:
    assert title_from_body(body) == title


def test_a_long_first_line_gives_a_clean_title_of_bounded_length() -> None:
    title = title_from_body("word " * 100)
    assert len(title) <= MAX_TITLE_LEN
    assert title == title.strip()  # never ends in the space where it was cut


def test_an_explicit_title_wins_and_is_tidied(journal: Journal) -> None:
    entry = create_entry(journal, "# From the body", title="  Given \n  title ")
    assert entry.title == "Given title"
    with pytest.raises(InvalidInput):
        create_entry(journal, "x", title="t" * (MAX_TITLE_LEN + 1))
    assert count_entries(journal) == 1


def test_update_changes_only_what_is_given(journal: Journal) -> None:
    entry = create_entry(journal, "# Old\n\nbody", tags=["a"], day=dt.date(2025, 1, 1))
    updated = update_entry(journal, entry.id, tags=["b", "A"], private=True)
    assert updated.body == entry.body and updated.title == entry.title
    assert updated.tags == ("A", "b") or updated.tags == ("a", "b")
    assert updated.private is True
    assert updated.updated > entry.updated
    assert list_revisions(journal, entry.id) == []  # only metadata changed: no revision
    same = update_entry(journal, entry.id, body="# Old\n\nbody", private=True)
    assert same.updated == updated.updated  # nothing changed, nothing touched


def test_a_body_change_keeps_the_title_unless_one_is_given(journal: Journal) -> None:
    entry = create_entry(journal, "# First heading\n")
    assert update_entry(journal, entry.id, body="# Second heading\n").title == "First heading"


def test_an_empty_title_on_update_falls_back_to_the_body(journal: Journal) -> None:
    entry = create_entry(journal, "x", title="Named")
    assert update_entry(journal, entry.id, title="  ", body="# New heading\n").title == "New heading"


def test_the_daily_entry_is_the_one_today_made_not_any_entry_of_the_day(journal: Journal) -> None:
    day = dt.date(2025, 5, 5)
    add_entry(journal, "# Welcome", title="Welcome", private=True, day=day, kind=TUTORIAL)
    create_entry(journal, "a TIL of the day", day=day)
    assert daily_entry(journal, day) is None  # neither the tutorial nor a TIL is the day's daily entry
    daily, made = add_daily_entry(journal, day, "## Worked on\n\n- …\n", title="Monday 2025-05-05")
    assert made and daily.is_daily and daily.day == day
    assert daily_entry(journal, day) == daily
    again, made = add_daily_entry(journal, day, "another text")
    assert not made and again == daily  # the day has one: it is given back, not a second one
    assert daily_entry(journal, dt.date(2025, 5, 6)) is None
    trash_entry(journal, daily.id)
    assert daily_entry(journal, day) is None  # a trashed one is not opened: Today makes a new one
    restore_entry(journal, daily.id)
    assert daily_entry(journal, day) == daily


def test_an_unknown_kind_of_entry_is_refused(journal: Journal) -> None:
    with pytest.raises(InvalidInput, match="unknown kind"):
        add_entry(journal, "x", kind="weekly")
    assert count_entries(journal) == 0


# --- ids and prefixes ------------------------------------------------------------------------------------------------


def test_any_unique_prefix_names_an_entry(journal: Journal) -> None:
    entry = create_entry(journal, "x")
    set_uuid(journal, entry.id, "abcdef01-2345-4678-9abc-def012345678")
    for ref in ("a", "abcd", "ABCDEF01", "abcdef01-23", " abcdef01-2345-4678-9abc-def012345678 "):
        assert get_entry(journal, ref).body == "x"


def test_an_ambiguous_prefix_is_refused_with_the_count(journal: Journal) -> None:
    ids = [create_entry(journal, f"e{i}").id for i in range(3)]
    set_uuid(journal, ids[0], "abc00000-0000-4000-8000-000000000001")
    set_uuid(journal, ids[1], "abc00000-0000-4000-8000-000000000002")
    set_uuid(journal, ids[2], "abd00000-0000-4000-8000-000000000003")
    with pytest.raises(AmbiguousId) as info:
        get_entry(journal, "abc")
    assert "2 entries" in str(info.value)
    with pytest.raises(AmbiguousId):
        get_entry(journal, "ab")
    assert get_entry(journal, "abc00000-0000-4000-8000-000000000002").body == "e1"
    assert get_entry(journal, "abd").body == "e2"
    with pytest.raises(AmbiguousId):
        update_entry(journal, "abc", body="changed")
    assert {get_entry(journal, i).body for i in ("abc00000-0000-4000-8000-000000000001", "abd")} == {"e0", "e2"}


@pytest.mark.parametrize("ref", ["zzz", "", "   ", "abc%", "a_c", "1234567890abcdef" * 3, "g", "abc'; DROP TABLE"])
def test_a_reference_that_cannot_be_an_id_is_not_found(journal: Journal, ref: str) -> None:
    create_entry(journal, "x")
    with pytest.raises(EntryNotFound):
        get_entry(journal, ref)


def test_an_unknown_hex_prefix_is_not_found(journal: Journal) -> None:
    entry = create_entry(journal, "x")
    other = "0" if entry.id[0] != "0" else "1"
    with pytest.raises(EntryNotFound):
        get_entry(journal, other * 8)
    with pytest.raises(EntryNotFound):
        trash_entry(journal, other * 8)


# --- revisions -------------------------------------------------------------------------------------------------------


def test_changing_the_text_keeps_the_previous_text_as_a_revision(journal: Journal) -> None:
    entry = create_entry(journal, "# v1\n\none")
    second = update_entry(journal, entry.id, title="v2", body="# v2\n\ntwo")
    third = update_entry(journal, entry.id, title="Renamed")
    revisions = list_revisions(journal, entry.id)
    assert [(r.title, r.body) for r in revisions] == [("v2", "# v2\n\ntwo"), ("v1", "# v1\n\none")]  # newest first
    assert revisions[0].saved_at == second.updated  # when that text was current
    assert revisions[1].saved_at == entry.updated
    assert third.title == "Renamed" and third.body == "# v2\n\ntwo"
    assert revisions[1].word_count == 2


def test_restoring_a_revision_can_itself_be_undone(journal: Journal) -> None:
    entry = create_entry(journal, "original text")
    update_entry(journal, entry.id, body="rewritten text")
    (old,) = list_revisions(journal, entry.id)
    restored = restore_revision(journal, entry.id, old.id)
    assert restored.body == "original text"
    revisions = list_revisions(journal, entry.id)
    assert [r.body for r in revisions] == ["rewritten text", "original text"]
    undone = restore_revision(journal, entry.id, revisions[0].id)
    assert undone.body == "rewritten text"
    assert get_entry(journal, entry.id).body == "rewritten text"


def test_a_revision_of_another_entry_cannot_be_restored(journal: Journal) -> None:
    a = create_entry(journal, "a1")
    b = create_entry(journal, "b1")
    update_entry(journal, a.id, body="a2")
    (rev,) = list_revisions(journal, a.id)
    with pytest.raises(InvalidInput):
        restore_revision(journal, b.id, rev.id)
    with pytest.raises(InvalidInput):
        restore_revision(journal, a.id, 999_999)
    assert get_entry(journal, b.id).body == "b1"


NOW = dt.datetime(2025, 6, 15, 12, 0, tzinfo=UTC)  # a Sunday


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_pruning_keeps_everything_from_the_last_hour() -> None:
    saved = [(1, NOW - dt.timedelta(minutes=1)), (2, NOW - dt.timedelta(minutes=2)), (3, NOW - dt.timedelta(hours=1))]
    assert revisions_to_prune(saved, NOW) == []


def test_pruning_keeps_the_newest_of_each_hour_for_a_day() -> None:
    saved = [
        (1, at(2025, 6, 15, 8, 10)),
        (2, at(2025, 6, 15, 8, 50)),  # same clock hour as 1, newer: kept
        (3, at(2025, 6, 15, 7, 59)),  # the hour before: kept
        (4, at(2025, 6, 14, 13, 5)),  # within the day, alone in its hour: kept
        (5, at(2025, 6, 14, 13, 1)),
    ]
    assert sorted(revisions_to_prune(saved, NOW)) == [1, 5]


def test_pruning_keeps_the_newest_of_each_day_for_a_month() -> None:
    saved = [
        (1, at(2025, 6, 10, 9, 0)),
        (2, at(2025, 6, 10, 18, 0)),
        (3, at(2025, 6, 9, 23, 59)),
        (4, at(2025, 5, 17, 1, 0)),  # 29 days old
        (5, at(2025, 5, 17, 2, 0)),
    ]
    assert sorted(revisions_to_prune(saved, NOW)) == [1, 4]


def test_pruning_keeps_the_newest_of_each_week_beyond_a_month() -> None:
    saved = [
        (1, at(2025, 3, 3, 9, 0)),  # Monday
        (2, at(2025, 3, 9, 20, 0)),  # Sunday of the same week: the survivor
        (3, at(2025, 3, 10, 0, 0)),  # next Monday: a new week
        (4, at(2019, 1, 1, 0, 0)),  # years ago, alone in its week
        (5, at(2025, 3, 5, 12, 0)),
    ]
    assert sorted(revisions_to_prune(saved, NOW)) == [1, 5]


def test_pruning_tiers_do_not_mix_and_the_order_given_does_not_matter() -> None:
    saved = [
        (1, NOW - dt.timedelta(minutes=59)),  # last hour
        (2, NOW - dt.timedelta(minutes=61)),  # same clock hour as nothing else in the day tier
        (3, NOW - dt.timedelta(days=1, minutes=1)),  # month tier
        (4, NOW - dt.timedelta(days=31)),  # week tier
    ]
    assert revisions_to_prune(saved, NOW) == []
    assert revisions_to_prune(list(reversed(saved)), NOW) == []
    dense = [(i, NOW - dt.timedelta(days=2, minutes=i)) for i in range(1, 50)]
    assert sorted(revisions_to_prune(dense, NOW)) == list(range(2, 50))
    assert sorted(revisions_to_prune(list(reversed(dense)), NOW)) == list(range(2, 50))


def test_saving_prunes_old_revisions_by_the_policy(journal: Journal) -> None:
    entry = create_entry(journal, "current")
    con = journal.raw()
    try:
        row_id = con.execute("SELECT id FROM entries WHERE uuid = ?", (entry.id,)).fetchone()[0]
        old_week = [at(2020, 3, 2, 9), at(2020, 3, 4, 9), at(2020, 3, 6, 9)]  # one week, three saves
        for i, stamp in enumerate(old_week):
            con.execute(
                "INSERT INTO revisions(entry_id, title, saved_at, body) VALUES (?, 't', ?, ?)",
                (row_id, stamp.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"), f"old {i}"),
            )
    finally:
        con.close()
    update_entry(journal, entry.id, body="newer")
    assert [r.body for r in list_revisions(journal, entry.id)] == ["current", "old 2"]


# --- lists and filters -----------------------------------------------------------------------------------------------


@pytest.fixture
def spread(journal: Journal) -> Iterator[Journal]:
    """Twelve entries over three months: every third tagged "serving", every fourth private, one trashed."""
    for i in range(12):
        create_entry(
            journal,
            f"entry {i}",
            day=dt.date(2025, 1 + i // 4, 1 + i),
            tags=["Serving"] if i % 3 == 0 else ["other"],
            private=i % 4 == 0,
        )
    trash_entry(journal, next(e.id for e in list_entries(journal, limit=None) if e.excerpt == "entry 11"))
    yield journal


def bodies(journal: Journal, flt: EntryFilter, limit: int | None = None) -> list[str]:
    return [e.excerpt for e in list_entries(journal, flt, limit=limit)]


def test_lists_are_newest_first_and_skip_the_trash(spread: Journal) -> None:
    assert bodies(spread, EntryFilter()) == [f"entry {i}" for i in range(10, -1, -1)]
    assert count_entries(spread) == 11
    assert bodies(spread, EntryFilter(), limit=3) == ["entry 10", "entry 9", "entry 8"]
    assert [e.excerpt for e in list_entries(spread, limit=2, offset=3)] == ["entry 7", "entry 6"]


def test_filters_combine(spread: Journal) -> None:
    assert bodies(spread, EntryFilter(tags=("serving",))) == ["entry 9", "entry 6", "entry 3", "entry 0"]
    assert bodies(spread, EntryFilter(tags=("  SERVING ",))) == ["entry 9", "entry 6", "entry 3", "entry 0"]
    assert bodies(spread, EntryFilter(tags=("nothing",))) == []
    assert bodies(spread, EntryFilter(since=dt.date(2025, 2, 6), until=dt.date(2025, 3, 9))) == [
        "entry 8",
        "entry 7",
        "entry 6",
        "entry 5",
    ]
    assert bodies(spread, EntryFilter(private=True)) == ["entry 8", "entry 4", "entry 0"]
    assert len(bodies(spread, EntryFilter(private=False))) == 8
    assert bodies(spread, EntryFilter(tags=("serving",), private=True)) == ["entry 0"]
    assert bodies(spread, EntryFilter(trash=True)) == ["entry 11"]
    assert count_entries(spread, EntryFilter(tags=("serving",), since=dt.date(2025, 2, 1))) == 2
    assert count_entries(spread, EntryFilter(trash=True)) == 1


def test_filters_are_applied_in_sql_before_the_limit(spread: Journal) -> None:
    """A filter applied after LIMIT in Python would return fewer rows than asked for."""
    statements: list[str] = []
    with spread.snapshot() as con:  # the list reads through this pool: trace the connection it hands out
        con.set_trace_callback(statements.append)
    try:
        assert bodies(spread, EntryFilter(tags=("serving",), private=False), limit=2) == ["entry 9", "entry 6"]
    finally:
        with spread.snapshot() as con:
            con.set_trace_callback(None)
    listing = next(s for s in statements if "FROM entries" in s and "LIMIT" in s)
    assert "entry_tags" in listing and "private" in listing and "deleted_at IS NULL" in listing


# --- the trash -------------------------------------------------------------------------------------------------------


def test_trash_and_restore_keep_everything(journal: Journal) -> None:
    entry = create_entry(journal, "keep me, zanzibar", tags=["t"])
    update_entry(journal, entry.id, body="keep me, zanzibar v2")
    trashed = trash_entry(journal, entry.id)
    assert trashed.in_trash
    again = trash_entry(journal, entry.id)
    assert again.deleted_at == trashed.deleted_at  # trashing twice keeps the first time
    assert count_entries(journal) == 0
    assert get_entry(journal, entry.id).in_trash  # still readable by id
    restored = restore_entry(journal, entry.id)
    assert restored.deleted_at is None
    assert restored.body == "keep me, zanzibar v2" and restored.tags == ("t",)
    assert len(list_revisions(journal, entry.id)) == 1


def test_emptying_the_trash_deletes_entries_revisions_and_index_rows(journal: Journal) -> None:
    keep = create_entry(journal, "staying around", tags=["t"])
    gone = create_entry(journal, "quetzalcoatl first", tags=["t"])
    update_entry(journal, gone.id, body="quetzalcoatl second")
    update_entry(journal, keep.id, body="staying around still")
    trash_entry(journal, gone.id)
    assert fts_rows(journal, "quetzalcoatl") == 1  # trashed, but not deleted yet
    assert empty_trash(journal) == 1
    with pytest.raises(EntryNotFound):
        get_entry(journal, gone.id)
    assert fts_rows(journal, "quetzalcoatl") == 0
    check_fts(journal)
    con = sqlite3.connect(journal.paths.db)
    try:
        assert con.execute("SELECT count(*) FROM revisions").fetchone()[0] == 1  # only keep's
        assert con.execute("SELECT count(*) FROM entry_tags").fetchone()[0] == 1
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    assert empty_trash(journal) == 0
    assert get_entry(journal, keep.id).body == "staying around still"


def test_the_index_follows_every_change(journal: Journal) -> None:
    entry = create_entry(journal, "axolotl")
    update_entry(journal, entry.id, body="narwhal", title="Okapi")
    assert fts_rows(journal, "axolotl") == 0
    assert fts_rows(journal, "narwhal") == 1 and fts_rows(journal, "okapi") == 1
    check_fts(journal)


_MARKDOWNISH = st.lists(
    st.sampled_from(["word", "3.14", "a_b", "don't", "- ", "1. ", "- [x] ", "> ", "|", "_", "--", "`x`", "$x$", "\n"])
    | st.text(st.characters(max_codepoint=127), max_size=6),
    max_size=30,
).map("".join)


@given(_MARKDOWNISH)
@example("_")
@example("a_b 3.14 don't")
@example("")
@example("\x1c\x1f a")
@example("1. one\n- [x] two | three")
def test_the_ascii_fast_path_counts_as_the_general_path(text: str) -> None:
    # An ASCII text is counted by a byte map in C; a separator appended alone on its own line is no word, and sends the
    # same text through the path every other text takes.
    assert count_words(text) == count_words(text + "\n\n\u2014")


def test_the_stored_word_count_is_the_one_counter(journal: Journal) -> None:
    text = "# Batching\n\n1. Dynamic [batching](https://example.com/a-long-url) halved `p99` — see ![chart](x.png)\n"
    entry = create_entry(journal, text)
    assert entry.word_count == count_words(text) == 6
    changed = update_entry(journal, entry.id, body=text + "\n- [x] and a | table\n")
    assert changed.word_count == count_words(changed.body) == 9
    assert list_revisions(journal, entry.id)[0].word_count == 6
