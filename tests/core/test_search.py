"""Search: the query language, accent- and case-insensitivity, highlighted snippets, the trash, hostile input, the
common-term window, very large entries, prefixes and the scripts written without spaces (Chinese, Japanese, Thai)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journal.search as search_module
from journal.db import Journal, open_journal
from journal.entries import create_entry, trash_entry, update_entry
from journal.jobs import run
from journal.maintenance import rebuild_search_index
from journal.records import EntryFilter
from journal.search import (
    MARK_END,
    MARK_START,
    count_matches,
    is_unspaced,
    parse_query,
    search,
    snippet_html,
    snippet_parts,
)
from journal.snippets import SCAN_CHUNK, SCAN_FIRST, SNIPPET_CHARS, SNIPPET_TOKENS, Marker


def found(journal: Journal, query: str, limit: int = 50) -> set[str]:
    """Bodies of the entries a query finds; also checks ``count_matches`` agrees with ``search``."""
    hits = search(journal, query, limit=limit)
    bodies = {h.entry.excerpt or "" for h in hits}
    assert len(hits) == len({h.entry.id for h in hits})  # no entry twice
    if limit >= 50:
        assert count_matches(journal, query) == len(hits), query
    return bodies if all(bodies) else {_body(journal, h.entry.id) for h in hits}


def _body(journal: Journal, entry_id: str) -> str:
    from journal.entries import get_entry

    return get_entry(journal, entry_id).body


@pytest.fixture
def notes(journal: Journal) -> Iterator[Journal]:
    create_entry(journal, "gradient descent with momentum", day=dt.date(2025, 1, 10), tags=["foundations"])
    create_entry(journal, "descent into madness: debugging CUDA", day=dt.date(2025, 2, 10), tags=["serving"])
    create_entry(journal, "stochastic gradient noise", day=dt.date(2025, 3, 10), tags=["foundations"], private=True)
    create_entry(journal, "Un café à Paris, très naïve", day=dt.date(2025, 4, 10))
    create_entry(journal, "CAFÉ NOIR en majuscules", day=dt.date(2025, 5, 10), tags=["Serving"])
    create_entry(journal, "deployment and deploys of deployable things", day=dt.date(2025, 6, 10))
    create_entry(journal, "emoji 🚀 launch day", day=dt.date(2025, 7, 10))
    yield journal


def test_all_words_must_match_in_any_order(notes: Journal) -> None:
    assert found(notes, "gradient") == {"gradient descent with momentum", "stochastic gradient noise"}
    assert found(notes, "descent gradient") == {"gradient descent with momentum"}
    assert found(notes, "gradient madness") == set()


def test_a_quoted_phrase_matches_those_words_together(notes: Journal) -> None:
    assert found(notes, '"gradient descent"') == {"gradient descent with momentum"}
    assert found(notes, '"descent gradient"') == set()
    assert found(notes, '"gradient noise" stochastic') == {"stochastic gradient noise"}
    assert found(notes, '"gradient descent') == {"gradient descent with momentum"}  # unclosed quote: still a phrase


def test_a_star_matches_prefixes(notes: Journal) -> None:
    assert found(notes, "deploy*") == {"deployment and deploys of deployable things"}
    assert found(notes, "deploy") == set()
    assert found(notes, "grad*") == {"gradient descent with momentum", "stochastic gradient noise"}
    assert found(notes, "*") == set()  # a lone star is no word: searched as the text "*"


def test_a_minus_excludes(notes: Journal) -> None:
    assert found(notes, "descent -madness") == {"gradient descent with momentum"}
    assert found(notes, "gradient -stochastic -momentum") == set()
    assert found(notes, '-"gradient descent" gradient') == {"stochastic gradient noise"}
    only_excluded = found(notes, "-gradient")
    assert len(only_excluded) == 5 and not any("gradient" in b for b in only_excluded)


def test_a_skill_area_of_several_words_is_found_by_its_quoted_name(journal: Journal) -> None:
    ml = create_entry(journal, "attention is what you need", tags=["machine learning"])
    create_entry(journal, "a machine for learning the piano", tags=["music"])
    assert [h.entry.id for h in search(journal, 'tag:"machine learning"')] == [ml.id]
    assert [h.entry.id for h in search(journal, 'tag:"Machine Learning" attention')] == [ml.id]
    assert count_matches(journal, 'tag:"machine learning"') == 1
    assert [h.entry.id for h in search(journal, "", place=EntryFilter(tags=("machine learning",)))] == [ml.id]


def test_tag_filter_ignores_case(notes: Journal) -> None:
    assert found(notes, "tag:serving") == {"descent into madness: debugging CUDA", "CAFÉ NOIR en majuscules"}
    assert found(notes, "tag:SERVING cuda") == {"descent into madness: debugging CUDA"}
    assert found(notes, "tag:foundations gradient") == {"gradient descent with momentum", "stochastic gradient noise"}
    assert found(notes, "tag:nothing") == set()


def test_date_filters_are_inclusive(notes: Journal) -> None:
    assert found(notes, "after:2025-03-10 before:2025-04-10") == {
        "stochastic gradient noise",
        "Un café à Paris, très naïve",
    }
    assert found(notes, "gradient after:2025-01-11") == {"stochastic gradient noise"}
    assert found(notes, "gradient before:2025-01-10") == {"gradient descent with momentum"}
    assert found(notes, "after:not-a-date") == set()  # a date that is not one: a problem (below), matches nothing


def test_a_date_that_is_not_one_is_said_not_searched_as_text(notes: Journal) -> None:
    # The command line exits with it and the app shows it in the list (tests/core/test_cli.py, tests/ui).
    for typed in ("after:2025-13-01 gradient", "gradient before:2026-1-1", "after:soon"):
        parsed = parse_query(typed)
        assert len(parsed.problems) == 1 and "use YYYY-MM-DD" in parsed.problems[0], typed
        assert search(notes, parsed) == [] and count_matches(notes, parsed) == 0
    assert parse_query("after:2025-13-01").problems == [
        "bad date for after: '2025-13-01': use YYYY-MM-DD, e.g. 2025-03-14"
    ]
    assert parse_query("-after:2025-13-01").problems == []  # an excluded word, as any other
    assert parse_query("after:yesterday before:today").problems == []
    assert found(notes, "gradient after:yesterday") == set()  # (the notes are of 2025)


def test_an_excluded_tag_leaves_out_its_entries(journal: Journal) -> None:
    both = create_entry(journal, "docker layers and deployment caching", tags=["mlops", "serving"])
    serving = create_entry(journal, "serving with fastapi", tags=["serving"])
    create_entry(journal, "untagged deployment notes")
    assert [h.entry.id for h in search(journal, "tag:serving -tag:mlops")] == [serving.id]
    assert [h.entry.id for h in search(journal, 'deployment -tag:"MLOps"')] == [
        h.entry.id for h in search(journal, "deployment") if h.entry.id != both.id
    ]
    assert count_matches(journal, "-tag:mlops") == 2
    assert parse_query("-tag:mlops").filter == EntryFilter(without_tags=("mlops",), trash=None)


def test_private_and_public_filters(notes: Journal) -> None:
    assert found(notes, "gradient is:private") == {"stochastic gradient noise"}
    assert found(notes, "gradient is:public") == {"gradient descent with momentum"}
    assert found(notes, "is:private") == {"stochastic gradient noise"}
    assert found(notes, "gradient -is:private") == {"gradient descent with momentum"}


@pytest.mark.parametrize("query", ["cafe", "café", "CAFÉ", "Cafe\u0301", "CAFE"])
def test_accents_and_case_do_not_matter(notes: Journal, query: str) -> None:
    assert found(notes, query) == {"Un café à Paris, très naïve", "CAFÉ NOIR en majuscules"}


def test_accents_fold_in_stored_text_as_well(journal: Journal) -> None:
    create_entry(journal, "Cafe\u0301 written decomposed (NFD)")
    create_entry(journal, "naïve résumé")
    assert found(journal, "café") == {"Cafe\u0301 written decomposed (NFD)"}
    assert found(journal, "naive resume") == {"naïve résumé"}
    assert found(journal, "NAÏVE") == {"naïve résumé"}


def test_symbols_the_index_cannot_hold_are_searched_as_text(notes: Journal) -> None:
    assert found(notes, "🚀") == {"emoji 🚀 launch day"}
    assert found(notes, "launch 🚀") == {"emoji 🚀 launch day"}
    assert found(notes, "-🚀 launch") == set()
    assert found(notes, "🦄") == set()


def test_snippets_mark_the_matched_word(notes: Journal) -> None:
    (hit,) = search(notes, "momentum")
    assert hit.snippet.count(MARK_START) == hit.snippet.count(MARK_END) == 1
    assert ("momentum", True) in snippet_parts(hit.snippet)
    assert "".join(t for t, _ in snippet_parts(hit.snippet)) == "gradient descent with momentum"
    (hit,) = search(notes, "cafe tag:serving")
    assert [t for t, marked in snippet_parts(hit.snippet) if marked] == ["CAFÉ"]
    assert "<mark>CAFÉ</mark>" in snippet_html(hit.snippet)
    (hit,) = search(notes, "🚀")
    assert ("🚀", True) in snippet_parts(hit.snippet)


def test_snippet_html_escapes_the_text(journal: Journal) -> None:
    create_entry(journal, "<script>alert('owl')</script> owl & <b>owl</b>", title="Escaping")
    (hit,) = search(journal, "owl")
    html = snippet_html(hit.snippet)
    assert "&lt;script&gt;" in html and "&amp;" in html and "<mark>owl</mark>" in html
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")


def test_titles_rank_above_bodies(journal: Journal) -> None:
    create_entry(journal, "a note that mentions transformers once", title="Misc")
    create_entry(journal, "body text", title="Transformers")
    hits = search(journal, "transformers")
    assert [h.entry.title for h in hits] == ["Transformers", "Misc"]
    assert hits[0].rank <= hits[1].rank


def test_trashed_entries_never_appear(journal: Journal) -> None:
    keep = create_entry(journal, "wombat kept", tags=["zoo"], private=True)
    gone = create_entry(journal, "wombat trashed", tags=["zoo"], private=True)
    trash_entry(journal, gone.id)
    for query in ("wombat", "wombat tag:zoo", "wombat is:private", "tag:zoo", "is:private", "-nothing", "", "wom*"):
        assert [h.entry.id for h in search(journal, query)] == [keep.id], query
        assert count_matches(journal, query) == 1, query


TRASH = EntryFilter(trash=True)


def test_searching_inside_the_trash_finds_the_trashed_entry_and_not_the_live_one(journal: Journal) -> None:
    keep = create_entry(journal, "wombat kept", tags=["zoo"], private=True)
    gone = create_entry(journal, "wombat trashed", tags=["zoo"], private=True)
    trash_entry(journal, gone.id)
    for query in ("wombat", "wombat tag:zoo", "is:private", "tag:zoo", "-nothing", "", "wom*", "trashed"):
        assert [h.entry.id for h in search(journal, query, place=TRASH)] == [gone.id], query
        assert count_matches(journal, query, place=TRASH) == 1, query
    assert search(journal, "kept", place=TRASH) == []
    # The place and the typed filters narrow each other: a tag filter in a skill area, dates in a day.
    zoo = EntryFilter(tags=("zoo",))
    assert [h.entry.id for h in search(journal, "wombat", place=zoo)] == [keep.id]
    assert search(journal, "wombat tag:other", place=zoo) == []
    assert search(journal, "wombat is:public", place=EntryFilter(private=True)) == []
    assert count_matches(journal, "wombat is:public", place=EntryFilter(private=True)) == 0


def test_many_trashed_entries_still_never_appear(journal: Journal) -> None:
    con = journal.raw()
    try:
        con.execute("BEGIN IMMEDIATE")
        for i in range(1100):
            con.execute(
                "INSERT INTO entries(uuid, title, day, created, updated, private, summary, deleted_at, word_count, "
                "body) VALUES (?, 'gone', '2025-01-01', '2025-01-01T00:00:00.000000+00:00', "
                "'2025-01-01T00:00:00.000000+00:00', 0, '', '2025-01-02T00:00:00.000000+00:00', 2, 'wombat gone')",
                (f"00000000-0000-4000-8000-{i:012d}",),
            )
        con.execute("COMMIT")
    finally:
        con.close()
    keep = create_entry(journal, "wombat kept")
    assert [h.entry.id for h in search(journal, "wombat")] == [keep.id]
    assert count_matches(journal, "wombat") == 1


def test_the_index_follows_edits(journal: Journal) -> None:
    entry = create_entry(journal, "platypus")
    update_entry(journal, entry.id, title="Monotremes", body="echidna")
    assert search(journal, "platypus") == []
    assert [h.entry.id for h in search(journal, "echidna")] == [entry.id]


def test_limit_and_offset_page_through_results(journal: Journal) -> None:
    for i in range(12):
        create_entry(journal, f"heron {i}")
    first = [h.entry.id for h in search(journal, "heron", limit=5)]
    second = [h.entry.id for h in search(journal, "heron", limit=5, offset=5)]
    everything = [h.entry.id for h in search(journal, "heron", limit=100)]
    assert first + second == everything[:10]
    assert len(everything) == 12
    assert search(journal, "heron", limit=0) == []


def test_parse_query_understands_the_language() -> None:
    parsed = parse_query('gradient "exact phrase" pre* -bad tag:serving after:2025-01-01 before:2025-02-01 is:public')
    assert parsed.required == ['"gradient"', '"exact phrase"', '"pre"*']
    assert parsed.excluded == ['"bad"']
    assert parsed.filter == EntryFilter(
        tags=("serving",), since=dt.date(2025, 1, 1), until=dt.date(2025, 2, 1), private=False, trash=None
    )


def test_a_quoted_filter_value_is_one_value() -> None:
    parsed = parse_query('tag:"machine  learning" TAG:"deep learning" gradient tag:"" "two words"')
    assert parsed.filter.tags == ("machine learning", "deep learning")
    assert parsed.required == ['"gradient"', '"two words"']
    assert parse_query('tag:"unclosed value').filter.tags == ("unclosed value",)


# --- hostile input ---------------------------------------------------------------------------------------------------

NASTY = [
    '"',
    '""',
    '"""',
    "(",
    ")",
    "AND (",
    "OR",
    "NOT",
    "a AND",
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "**",
    "-",
    "--",
    "-*",
    ":",
    "tag:",
    "is:",
    "after:",
    "title:secret",
    "body:x",
    "{title}: x",
    "^start",
    "a + b",
    "'",
    "\x00",
    "\x01\x02\x03",
    "\u202e",
    "👩\u200d💻",
    "\ud7ff",
    "a" * 5000,
    "-" * 100,
    'x"y',
    "entries_fts",
    "rank:1",
    "col:",
    "a\nb\tc\r\n",
]


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_never_raise(notes: Journal, query: str) -> None:
    hits = search(notes, query)
    assert count_matches(notes, query) >= 0
    for hit in hits:
        assert hit.snippet.count(MARK_START) == hit.snippet.count(MARK_END)
        assert not any(c in hit.snippet for c in "\x00\x01\x04\x1f")  # control characters are cleaned out


@pytest.fixture(scope="module")
def shared_journal() -> Iterator[Journal]:
    with tempfile.TemporaryDirectory(prefix="trailbook-search-") as tmp, open_journal(Path(tmp) / "home") as journal:
        create_entry(journal, 'alpha beta gamma (parenthesis) "quoted" café 🚀 AND OR NOT NEAR')
        create_entry(journal, "second entry with - dashes : colons * stars", tags=["t"], private=True)
        yield journal


QUERY_TEXT = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", "NEAR(", "*", "-", ":", "tag:", "is:", "after:", "^"]),
        st.sampled_from(["🚀", "👩\u200d💻", "\u202e", "\x00", "\x1f", "café", "alpha", "ß", "İ"]),
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERY_TEXT)
def test_search_never_raises_on_arbitrary_text(shared_journal: Journal, query: str) -> None:
    hits = search(shared_journal, query, limit=5)
    count = count_matches(shared_journal, query)
    assert count >= len(hits)


# --- the common-term window ------------------------------------------------------------------------------------------


@pytest.fixture
def common(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> Iterator[Journal]:
    """30 entries all containing "common"; "rare" in entries 2 and 27; entry 29 (the newest) trashed."""
    monkeypatch.setattr(search_module, "COMMON_DOCS", 5)
    monkeypatch.setattr(search_module, "COMMON_WINDOW", 8)
    for i in range(30):
        create_entry(journal, f"common words number n{i}" + (" rare" if i in (2, 27) else ""), title=f"e{i}")
    trash_entry(journal, search(journal, "n29")[0].entry.id)
    yield journal


def titles(journal: Journal, query: str, limit: int) -> list[str]:
    return [h.entry.title for h in search(journal, query, limit=limit)]


def test_a_common_term_ranks_within_the_newest_window(common: Journal) -> None:
    got = titles(common, "common", limit=3)
    assert len(got) == 3
    assert set(got) <= {f"e{i}" for i in range(21, 29)}  # from the 8 newest rows, never the trashed e29


def test_the_window_falls_back_when_it_holds_too_few_matches(common: Journal) -> None:
    got = titles(common, "common", limit=20)
    assert len(got) == 20  # the window has at most 8: the search went on over all entries
    assert "e29" not in got
    assert len(titles(common, "common", limit=100)) == 29
    assert count_matches(common, "common") == 29


def test_a_rare_term_is_not_windowed(common: Journal) -> None:
    assert sorted(titles(common, "common rare", limit=10)) == ["e2", "e27"]
    assert sorted(titles(common, "rare", limit=10)) == ["e2", "e27"]


def test_the_window_with_filters(common: Journal) -> None:
    got = titles(common, "common -rare", limit=5)
    assert len(got) == 5 and "e27" not in got and "e2" not in got
    assert titles(common, "common n3", limit=5) == ["e3"]  # old entry, found through the fallback


def test_the_window_with_paging(common: Journal) -> None:
    pages = [titles_page(common, "common", page) for page in range(7)]
    seen = [t for page in pages for t in page]
    assert len(seen) == len(set(seen)) == 29  # no page repeats or skips an entry
    assert seen[:8] == titles(common, "common", limit=8)  # and the pages follow the one-shot order
    assert seen == titles(common, "common", limit=100)


def titles_page(journal: Journal, query: str, page: int) -> list[str]:
    return [h.entry.title for h in search(journal, query, limit=5, offset=page * 5)]


# --- very large entries ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_50_mb_entry_is_stored_found_and_snippeted(journal: Journal) -> None:
    words = [f"{w}{i % 997}" for i, w in enumerate(["alpha", "beta", "gamma", "delta", "epsilon"] * 1_300_000)]
    body = " ".join(words)
    body += " " + "x" * max(0, 50 * 1024 * 1024 - len(body) - 100) + " needlefinale at the very end\n"
    assert len(body.encode("utf-8")) >= 50 * 1024 * 1024
    entry = create_entry(journal, body)
    create_entry(journal, "a small neighbour")
    hits = search(journal, "needlefinale")
    assert [h.entry.id for h in hits] == [entry.id]
    assert ("needlefinale", True) in snippet_parts(hits[0].snippet)
    assert len(hits[0].snippet) < 1000
    assert count_matches(journal, "needlefinale") == 1
    from journal.entries import get_entry

    assert get_entry(journal, entry.id).body == body


@pytest.mark.slow
def test_snippets_of_a_50_mb_entry_examine_a_bounded_part_of_it(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten million matches in one entry: the snippet reads the start of the entry, not every match (FTS5's snippet()
    compares each match with every other one); a word at the very end is found reading the entry once."""
    body = "data " * 10_000_000 + "needlefinale\n"
    assert len(body) >= 50_000_000
    huge = create_entry(journal, body, title="Huge")
    create_entry(journal, "a small neighbour with data")
    markers: list[Marker] = []

    class Counted(Marker):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            markers.append(self)

    monkeypatch.setattr(search_module, "Marker", Counted)
    hits = search(journal, "data")
    assert {h.entry.id for h in hits} == {huge.id, search(journal, "neighbour")[0].entry.id}
    huge_hit = next(h for h in hits if h.entry.id == huge.id)
    assert [t for t, marked in snippet_parts(huge_hit.snippet) if marked] == ["data"] * SNIPPET_TOKENS
    assert markers[0].examined <= SCAN_FIRST + 2 * SNIPPET_CHARS + len("a small neighbour with data")

    markers.clear()
    (hit,) = search(journal, "needlefinale")
    assert ("needlefinale", True) in snippet_parts(hit.snippet)
    assert len(body) <= markers[0].examined <= len(body) + 2 * SCAN_CHUNK  # each character looked at about once


# --- prefixes --------------------------------------------------------------------------------------------------------


def test_two_and_three_letter_prefixes(notes: Journal) -> None:
    descent = {"gradient descent with momentum", "descent into madness: debugging CUDA"}
    deploy = {"deployment and deploys of deployable things"}
    assert found(notes, "de*") == descent | deploy
    assert found(notes, "DE*") == descent | deploy
    assert found(notes, "dep*") == deploy
    assert found(notes, "de* -dep*") == descent
    assert found(notes, "d*") == descent | deploy | {"emoji 🚀 launch day"}  # one letter: no prefix index
    assert found(notes, "ca*") == {"Un café à Paris, très naïve", "CAFÉ NOIR en majuscules"}
    (hit,) = search(notes, "dep*")
    assert [t for t, marked in snippet_parts(hit.snippet) if marked] == ["deployment", "deploys", "deployable"]


def test_the_word_index_has_two_and_three_letter_prefix_indexes(journal: Journal) -> None:
    with journal.snapshot() as con:
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'entries_fts'").fetchone()[0]
    assert "prefix='2 3'" in sql


# --- scripts written without spaces ----------------------------------------------------------------------------------

ZH = "今天我们学习梯度下降，模型终于收敛了。"
JA = "今日は勾配降下法を学習しました。Pythonでデータ分析。"
TH = "วันนี้เรียนรู้เรื่องข้อมูลและโมเดล"
ZH_SHORT = "模型"  # a body that ends with a two-character word


@pytest.fixture
def unspaced(journal: Journal) -> Iterator[Journal]:
    create_entry(journal, ZH, title="训练笔记", tags=["foundations"])
    create_entry(journal, JA, private=True)
    create_entry(journal, TH)
    create_entry(journal, ZH_SHORT, title="Short")
    create_entry(journal, "gradient descent, in English only", title="English")
    yield journal


def test_a_word_inside_a_chinese_japanese_or_thai_sentence_is_found(unspaced: Journal) -> None:
    assert found(unspaced, "梯度下降") == {ZH}
    assert found(unspaced, "收敛") == {ZH}
    assert found(unspaced, "勾配降下法") == {JA}
    assert found(unspaced, "データ分析") == {JA}
    assert found(unspaced, "ข้อมูล") == {TH}
    assert found(unspaced, "โมเดล") == {TH}
    assert found(unspaced, "梯度上升") == set()


def test_one_and_two_character_words_are_found(unspaced: Journal) -> None:
    assert found(unspaced, "模型") == {ZH, ZH_SHORT}  # inside a sentence, and a whole body ending with it
    assert found(unspaced, "学") == {ZH, JA}  # 学习 and 学習
    assert found(unspaced, "習") == {JA}
    assert found(unspaced, "析") == {JA}  # the last character before 。
    assert found(unspaced, "猫") == set()
    assert found(unspaced, "笔记") == {ZH}  # in the title


def test_unspaced_terms_combine_with_the_rest_of_the_language(unspaced: Journal) -> None:
    assert found(unspaced, "模型 -梯度") == {ZH_SHORT}
    assert found(unspaced, "模型 -收敛了") == {ZH_SHORT}
    assert found(unspaced, "学 is:private") == {JA}
    assert found(unspaced, "学 tag:foundations") == {ZH}
    assert found(unspaced, "梯度下降 gradient") == set()
    assert found(unspaced, "模型 short") == {ZH_SHORT}  # a title word and a body word
    assert found(unspaced, '"学習しました"') == {JA}
    assert found(unspaced, "pythonで") == {JA}  # a Latin name glued to Japanese, case ignored
    assert found(unspaced, "-学") == {TH, ZH_SHORT, "gradient descent, in English only"}
    assert found(unspaced, "gradient") == {"gradient descent, in English only"}


def test_unspaced_matches_are_ranked_and_marked(unspaced: Journal) -> None:
    (hit,) = search(unspaced, "梯度下降")
    assert ("梯度下降", True) in snippet_parts(hit.snippet)
    assert "".join(t for t, _ in snippet_parts(hit.snippet)) == ZH
    create_entry(unspaced, "别的内容，模型", title="模型和梯度下降")  # in the title: ranked first
    for query in ("模型", "梯度下降"):
        hits = search(unspaced, query)
        assert len(hits) >= 2 and hits[0].entry.title == "模型和梯度下降", query
        assert hits[0].rank < hits[1].rank
    (hit,) = search(unspaced, "笔记")
    assert [t for t, marked in snippet_parts(hit.snippet) if marked] == ["笔记"]  # from the title


def trigram_rows(journal: Journal) -> list[tuple[object, ...]]:
    with journal.snapshot() as con:
        return sorted(con.execute("SELECT doc, col, offset, term FROM entries_trigram_instance"))


def test_the_trigram_index_follows_every_change_from_any_connection(unspaced: Journal) -> None:
    english = search(unspaced, "english")[0].entry
    update_entry(unspaced, english.id, body="now with 中文内容 too")
    assert [h.entry.id for h in search(unspaced, "中文")] == [english.id]
    update_entry(unspaced, english.id, body="English again")
    assert search(unspaced, "中文") == []
    zh = search(unspaced, "梯度下降")[0].entry
    trash_entry(unspaced, zh.id)
    assert search(unspaced, "梯度下降") == []
    # A plain sqlite3 connection, with none of Trailbook's functions, keeps the index right too.
    plain = sqlite3.connect(unspaced.paths.db, isolation_level=None)
    try:
        plain.execute("UPDATE entries SET body = 'ภาษาไทยไม่มีช่องว่าง' WHERE uuid = ?", (english.id,))
        plain.execute("DELETE FROM entries WHERE title = 'Short'")
    finally:
        plain.close()
    assert [h.entry.id for h in search(unspaced, "ช่องว่าง")] == [english.id]
    assert found(unspaced, "模型") == set()  # trashed or deleted
    before = trigram_rows(unspaced)
    run(rebuild_search_index(unspaced))
    assert trigram_rows(unspaced) == before  # what the triggers kept is what a rebuild makes
    with unspaced.snapshot() as con:
        con.execute("INSERT INTO entries_trigram(entries_trigram) VALUES ('integrity-check')")
        # The rebuild's larger budget for pending terms was for that pass only: later writers keep FTS5's 1 MB.
        for index in ("entries_fts", "entries_trigram"):
            assert con.execute(f"SELECT v FROM {index}_config WHERE k = 'hashsize'").fetchall() == [(1024 * 1024,)]


@pytest.mark.parametrize(
    "code", [0x0DFF, 0x0E00, 0x0E2D, 0x0E7F, 0x0E80, 0x2FFF, 0x3000, 0x3042, 0x4E00, 0x9FFF, 0xA000, 0xAC00, 0x1F680]
)
def test_the_index_and_the_query_agree_on_which_text_is_unspaced(journal: Journal, code: int) -> None:
    """The view that fills the trigram index tests UTF-8 lead bytes; the parser tests ranges: one answer."""
    entry = create_entry(journal, f"x{chr(code)}y", title="t")
    with journal.snapshot() as con:
        indexed = con.execute(
            "SELECT count(*) FROM entries_unspaced WHERE id = (SELECT id FROM entries WHERE uuid = ?)", (entry.id,)
        ).fetchone()[0]
    assert bool(indexed) == is_unspaced(chr(code))
    if is_unspaced(chr(code)):
        assert [h.entry.id for h in search(journal, chr(code))] == [entry.id]
