"""Search: the query language, accent- and case-insensitivity, highlighted snippets, the trash, hostile input, the
common-term window and very large entries."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journal.search as search_module
from journal.db import Journal, open_journal
from journal.entries import create_entry, trash_entry, update_entry
from journal.search import MARK_END, MARK_START, count_matches, parse_query, search, snippet_html, snippet_parts


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
    assert found(notes, "after:not-a-date") == set()  # not a filter: searched as text, finds nothing


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
    assert parsed.tags == ["serving"]
    assert parsed.after == dt.date(2025, 1, 1) and parsed.before == dt.date(2025, 2, 1)
    assert parsed.private is False


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
