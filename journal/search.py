"""Full-text search: a query language a person can guess, compiled to SQLite FTS5 plus SQL filters.

Query language: words (all must match), ``"exact phrase"``, ``prefix*``, ``-excluded``, ``tag:serving`` (a name of
several words in quotes: ``tag:"machine learning"``), ``-tag:mlops`` (not tagged so), ``after:2025-01-01`` and
``before:2025-06-30`` (both inclusive; ``today`` and ``yesterday`` too), ``is:private`` / ``is:public``. Anything else
is searched as plain text: every term is quoted before it reaches FTS5, so no input can raise a syntax error; a date
that is not one is a ``problem`` of the parsed query, which the command line and the app say instead of searching.
Matching ignores case and diacritics (``cafe`` finds ``café``).

The text is parsed once (``parse_query``); its filters become an ``EntryFilter``, and the place the search runs in
(the trash, a skill area, a day, the private entries) is another one, passed as a structure (``place``), never as
text to parse again. Both become SQL in ``journal.queries.filter_sql``, as every list does.

Two indexes (schema 0005). ``entries_fts`` holds words (``unicode61``), with prefix indexes so that ``da*`` is one
lookup. Chinese, Japanese and Thai are written without spaces, and ``unicode61`` makes one token of a whole sentence,
so a term with a character of those scripts is searched in ``entries_trigram`` instead, as a substring: with three or
more characters through FTS5's ``trigram`` tokenizer, with one or two through the trigrams the term begins (the
index's vocabulary; every character of the indexed text begins one).

Ranking is bm25 with titles weighted above bodies. bm25 costs O(matches), so a query matching more than
``COMMON_DOCS`` entries ranks the newest ``COMMON_WINDOW`` entries (by id) first, then the next older ones, window by
window, only as far as the page asked for needs. Snippets are cut in Python (journal.snippets) with bounded work.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from journal.dates import parse_day
from journal.db import Journal
from journal.errors import InvalidInput
from journal.jobs import CancelToken
from journal.queries import filter_sql, summary_columns, summary_from_row
from journal.records import EntryFilter, EntrySummary
from journal.snippets import MARK_END, MARK_START, SCAN_CHUNK, Marker, Needle, entry_snippet, fold
from journal.snippets import snippet_html as snippet_html
from journal.snippets import snippet_parts as snippet_parts

__all__ = [
    "MARK_END",
    "MARK_START",
    "ParsedQuery",
    "SearchHit",
    "count_matches",
    "parse_query",
    "search",
    "snippet_html",
]

TITLE_WEIGHT = 8.0
BODY_WEIGHT = 1.0
COMMON_DOCS = 4_000  # a query matching more entries than this is "common"...
COMMON_WINDOW = 4_000  # ...and is ranked this many entries at a time, newest first
# The scripts written without spaces that ``entries_trigram`` indexes: Thai, and CJK punctuation, kana and ideographs.
# The view ``entries_unspaced`` (migration 0005) tests the same ranges by their UTF-8 lead bytes; a test checks both.
UNSPACED_RANGES = ((0x0E00, 0x0E7F), (0x3000, 0x9FFF))

# A filter with a quoted value (``tag:"machine learning"``) is one token, then a phrase, then any other run.
_TOKEN_RE = re.compile(r'(-?)(?:((?i:tag|after|before|is):"[^"]*"?)|"([^"]*)"?|(\S+))')
_INDEXABLE_RE = re.compile(r"[^\W_]")  # what FTS5's unicode61 tokenizer keeps: letters and digits
_WORDS_RE = re.compile(r"[^\W_]+")
_FILTER_RE = re.compile(r"^(tag|after|before|is):(.+)$", re.IGNORECASE)
_UNSPACED_RE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in UNSPACED_RANGES) + "]")
_LAST_CHAR = "\U0010ffff"


def is_unspaced(text: str) -> bool:
    """Whether ``text`` has a character of a script written without spaces (searched in the trigram index)."""
    return _UNSPACED_RE.search(text) is not None


@dataclass
class ParsedQuery:
    """A query split into what FTS5 matches and what SQL filters."""

    required: list[str] = field(default_factory=list)  # entries_fts expressions, each already quoted
    excluded: list[str] = field(default_factory=list)
    grams: list[str] = field(default_factory=list)  # Thai/CJK terms, searched as substrings in entries_trigram
    excluded_grams: list[str] = field(default_factory=list)
    substrings: list[str] = field(default_factory=list)  # terms FTS5 cannot index (emoji, punctuation)
    excluded_substrings: list[str] = field(default_factory=list)
    # tag:, after:, before:, is: as the structure every list filters by; it leaves the place's trash (or not) alone.
    filter: EntryFilter = field(default_factory=lambda: EntryFilter(trash=None))
    needles: list[Needle] = field(default_factory=list)  # what snippets mark
    problems: list[str] = field(default_factory=list)  # what cannot be searched as typed (``after:2025-13-01``)

    @property
    def filters(self) -> bool:
        """Whether the query has filters (tag:, after:, before:, is:)."""
        return self.filter != EntryFilter(trash=None)

    @property
    def is_empty(self) -> bool:
        return not (
            self.required
            or self.excluded
            or self.grams
            or self.excluded_grams
            or self.substrings
            or self.excluded_substrings
            or self.filters
        )

    def fts_expression(self) -> str | None:
        if not self.required:
            return None
        expr = " AND ".join(self.required)
        if self.excluded:
            expr = f"({expr}) NOT ({' OR '.join(self.excluded)})"
        return expr


@dataclass(frozen=True)
class SearchHit:
    """One result: the entry, a snippet with matches wrapped in MARK_START/MARK_END, and its rank (lower is better)."""

    entry: EntrySummary
    snippet: str
    rank: float


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _add_text(parsed: ParsedQuery, term: str, *, negate: bool, phrase: bool) -> None:
    if is_unspaced(term):
        gram = unicodedata.normalize("NFC", term.rstrip("*") if not phrase else term)
        (parsed.excluded_grams if negate else parsed.grams).append(gram)
        if not negate:
            parsed.needles.append(Needle(text=gram))
        return
    if not _INDEXABLE_RE.search(term):
        (parsed.excluded_substrings if negate else parsed.substrings).append(term)
        if not negate:
            parsed.needles.append(Needle(text=term, exact=True))
        return
    prefix = not phrase and term.endswith("*") and _INDEXABLE_RE.search(term.rstrip("*")) is not None
    body = term.rstrip("*") if prefix else term
    (parsed.excluded if negate else parsed.required).append(_quote(body) + ("*" if prefix else ""))
    if not negate:
        parsed.needles.append(Needle(words=tuple(_WORDS_RE.findall(fold(body))), prefix=prefix))


def parse_query(query: str) -> ParsedQuery:
    """Split what a person typed into FTS5 terms and filters. Never raises."""
    parsed = ParsedQuery()
    tags: list[str] = []
    without: list[str] = []
    dates: dict[str, dt.date] = {}
    private: bool | None = None
    query = query.replace("\x00", " ")  # FTS5 ends a quoted string at NUL: "unterminated string"
    for match in _TOKEN_RE.finditer(query):
        negate = bool(match.group(1))
        quoted, phrase, term = match.group(2), match.group(3), match.group(4)
        if phrase is not None:
            if phrase.strip():
                _add_text(parsed, phrase.strip(), negate=negate, phrase=True)
            continue
        if quoted is not None:  # key:"value", the value without its quotes
            key, _, value = quoted.partition(":")
            term, value = quoted, value.strip('"')
        else:
            filt = _FILTER_RE.match(term)
            key, value = (filt.group(1), filt.group(2)) if filt else ("", "")
        key = key.lower()
        if key == "tag" and value.strip():
            (without if negate else tags).append(" ".join(value.split()))
            continue
        if key in ("after", "before") and not negate:
            try:
                dates[key] = parse_day(value, what=f"date for {key}:")
            except InvalidInput as exc:
                parsed.problems.append(exc.message)
            continue
        if key == "is" and value.lower() in ("private", "public"):
            private = (value.lower() == "private") != negate
            continue
        if key and quoted is not None and not value.strip():
            continue  # tag:"" filters nothing and searches nothing
        if term == "-":
            continue
        _add_text(parsed, term, negate=negate, phrase=False)
    parsed.filter = EntryFilter(
        tags=tuple(dict.fromkeys(tags)),
        without_tags=tuple(dict.fromkeys(without)),
        since=dates.get("after"),
        until=dates.get("before"),
        private=private,
        trash=None,
    )
    return parsed


# --- SQL -------------------------------------------------------------------------------------------------------------


def _is_long(gram: str) -> bool:
    """Whether the trigram tokenizer can match ``gram`` itself (three characters or more)."""
    return len(gram) >= 3


def _trigram_expression(grams: list[str]) -> str:
    return " AND ".join(_quote(g) for g in grams)


def _gram_sql(gram: str, params: list[object]) -> str:
    """A subquery of the entry ids whose text holds ``gram``; appends its parameters."""
    if _is_long(gram):
        params.append(_quote(gram))
        return "SELECT rowid FROM entries_trigram WHERE entries_trigram MATCH ?"
    start = gram.lower()  # the trigram tokenizer folds case
    params.extend((start, start + _LAST_CHAR))
    return "SELECT doc FROM entries_trigram_instance WHERE term >= ? AND term < ?"


LIVE = EntryFilter()  # where a search runs unless told otherwise: the live entries


def _filters_sql(parsed: ParsedQuery, place: EntryFilter, params: list[object], *, ranked_grams: int = 0) -> str:
    """SQL conditions on ``entries e`` for the place and everything but the FTS words (and the first ``ranked_grams``
    grams, which the ranking query matches itself); appends their parameters in order."""
    clauses = [filter_sql(place, params)]
    if parsed.filters:
        clauses.append(filter_sql(parsed.filter, params))
    if parsed.excluded and not parsed.required:  # else the FTS expression excludes them
        params.append(" OR ".join(parsed.excluded))
        clauses.append("e.id NOT IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
    for gram in parsed.grams[ranked_grams:]:
        clauses.append(f"e.id IN ({_gram_sql(gram, params)})")
    for gram in parsed.excluded_grams:
        clauses.append(f"e.id NOT IN ({_gram_sql(gram, params)})")
    for sub in parsed.substrings:
        params.extend((sub, sub))
        clauses.append("(instr(e.title, ?) > 0 OR instr(e.body, ?) > 0)")
    for sub in parsed.excluded_substrings:
        params.extend((sub, sub))
        clauses.append("NOT (instr(e.title, ?) > 0 OR instr(e.body, ?) > 0)")
    return " AND ".join(clauses)


def _has_filters(parsed: ParsedQuery, place: EntryFilter, ranked_grams: int = 0) -> bool:
    """Whether ``_filters_sql`` holds more than the live-entries condition."""
    return bool(
        place != LIVE
        or parsed.filters
        or (parsed.excluded and not parsed.required)
        or parsed.grams[ranked_grams:]
        or parsed.excluded_grams
        or parsed.substrings
        or parsed.excluded_substrings
    )


def _rowid_range(column: str, low: int | None, high: int | None, params: list[object]) -> str:
    """SQL limiting ``column`` to ``low < column <= high`` (either end open); appends the parameters."""
    sql = ""
    if low is not None:
        sql += f"AND {column} > ? "
        params.append(low)
    if high is not None:
        sql += f"AND {column} <= ? "
        params.append(high)
    return sql


Ranked = list[tuple[int, float]]
Ranker = Callable[[int | None, int | None, int], Ranked]


def _index_ranker(
    con: sqlite3.Connection, parsed: ParsedQuery, place: EntryFilter, table: str, expr: str, ranked_grams: int
) -> Ranker:
    """Ranking by bm25 over ``table`` (``entries_fts`` or ``entries_trigram``) matching ``expr``: over the index
    alone, minus trashed entries, when nothing else filters (a join per match would cost more than the ranking);
    else over the rows the filters keep."""
    trashed = {r[0] for r in con.execute("SELECT id FROM entries WHERE deleted_at IS NOT NULL LIMIT 1001")}
    score = f"bm25({table}, {TITLE_WEIGHT}, {BODY_WEIGHT})"
    if not _has_filters(parsed, place, ranked_grams) and len(trashed) <= 1000:

        def unfiltered(low: int | None, high: int | None, want: int) -> Ranked:
            params: list[object] = [expr]
            window = _rowid_range("rowid", low, high, params)
            params.append(want + len(trashed))
            rows = con.execute(
                f"SELECT rowid, {score} AS score FROM {table} WHERE {table} MATCH ? {window}ORDER BY score LIMIT ?",
                params,
            ).fetchall()
            return [r for r in rows if r[0] not in trashed][:want]

        return unfiltered

    def filtered(low: int | None, high: int | None, want: int) -> Ranked:
        params: list[object] = [expr]
        window = _rowid_range("f.rowid", low, high, params)
        where = _filters_sql(parsed, place, params, ranked_grams=ranked_grams)
        params.append(want)
        return con.execute(
            f"SELECT f.rowid, {score} AS score FROM {table} f JOIN entries e ON e.id = f.rowid "
            f"WHERE {table} MATCH ? {window}AND {where} ORDER BY score LIMIT ?",
            params,
        ).fetchall()

    return filtered


def _occurrence_ranker(con: sqlite3.Connection, parsed: ParsedQuery, place: EntryFilter) -> Ranker:
    """Ranking by a one- or two-character gram: its occurrences (title ones weighted), from the trigram vocabulary;
    joined with the entries only when something else filters, as in ``_index_ranker``."""
    trashed = {r[0] for r in con.execute("SELECT id FROM entries WHERE deleted_at IS NOT NULL LIMIT 1001")}
    start = parsed.grams[0].lower()
    occurrences = (
        "SELECT doc, -sum(CASE col WHEN 'title' THEN ? ELSE ? END) AS score FROM entries_trigram_instance "
        "WHERE term >= ? AND term < ? GROUP BY doc"
    )
    head: list[object] = [TITLE_WEIGHT, BODY_WEIGHT, start, start + _LAST_CHAR]
    if not _has_filters(parsed, place, 1) and len(trashed) <= 1000:

        def unfiltered(low: int | None, high: int | None, want: int) -> Ranked:
            rows = con.execute(
                f"{occurrences} ORDER BY score, doc DESC LIMIT ?", [*head, want + len(trashed)]
            ).fetchall()
            return [r for r in rows if r[0] not in trashed][:want]

        return unfiltered

    def filtered(low: int | None, high: int | None, want: int) -> Ranked:
        params = list(head)
        where = _filters_sql(parsed, place, params, ranked_grams=1)
        params.append(want)
        return con.execute(
            f"SELECT e.id, h.score FROM ({occurrences}) h JOIN entries e ON e.id = h.doc WHERE {where} "
            "ORDER BY h.score, e.id DESC LIMIT ?",
            params,
        ).fetchall()

    return filtered


def _ranker(con: sqlite3.Connection, parsed: ParsedQuery, place: EntryFilter) -> tuple[Ranker, str | None, str | None]:
    """How to rank this query, and the (table, expression) whose match count decides whether it is common."""
    expr = parsed.fts_expression()
    if expr is not None:
        return _index_ranker(con, parsed, place, "entries_fts", expr, 0), "entries_fts", expr
    long = [g for g in parsed.grams if _is_long(g)]
    if long:  # the long grams first: the ranking query matches them all at once, the filters the rest
        parsed = replace(parsed, grams=long + [g for g in parsed.grams if not _is_long(g)])
        gram_expr = _trigram_expression(long)
        ranker = _index_ranker(con, parsed, place, "entries_trigram", gram_expr, len(long))
        return ranker, "entries_trigram", gram_expr
    return _occurrence_ranker(con, parsed, place), None, None


_PREFIX_TERM_RE = re.compile(r'^"([^\W_]+)"\*$')
PREFIX_INDEXES = (2, 3)  # entries_fts's prefix='2 3': longer prefixes are spelled out
SPELLED_OUT_MAX = 32  # words a prefix may stand for and be spelled out


def _spelled_out(con: sqlite3.Connection, parsed: ParsedQuery) -> ParsedQuery:
    """``deploy*`` as ``("deploy" OR "deployment")``, the words of the index it stands for. With no prefix index of
    its length, FTS5 merges those words' lists into one each time the query runs (to decide whether it is common, to
    rank, for bm25's statistics: three times); spelled out, each list is read only in the window being ranked. The
    index's vocabulary is read once instead."""

    def spell(expr: str) -> str:
        found = _PREFIX_TERM_RE.match(expr)
        if not found or len(found.group(1)) in PREFIX_INDEXES or len(found.group(1)) < min(PREFIX_INDEXES):
            return expr
        start = fold(found.group(1))
        words = [
            r[0]
            for r in con.execute(
                "SELECT term FROM entries_fts_vocab WHERE term >= ? AND term < ? LIMIT ?",
                (start, start + _LAST_CHAR, SPELLED_OUT_MAX + 1),
            )
        ]
        if not words or len(words) > SPELLED_OUT_MAX:
            return expr
        return "(" + " OR ".join(_quote(w) for w in words) + ")"

    return replace(parsed, required=[spell(e) for e in parsed.required], excluded=[spell(e) for e in parsed.excluded])


def _is_common(con: sqlite3.Connection, table: str, expr: str) -> bool:
    """Whether more than ``COMMON_DOCS`` rows match: counting stops there (no ranking, no snippets)."""
    row = con.execute(
        f"SELECT 1 FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?", (expr, COMMON_DOCS)
    ).fetchone()
    return row is not None


WHOLE_BODY_WORDS = 20_000  # a body this long or shorter is read whole with its summary; longer ones, its start


# The body of a result, or the start of a long one, read with its summary: snippets and the excerpt are cut from it.
_HEAD = "CASE WHEN e.word_count <= ?1 THEN e.body ELSE substr(e.body, 1, ?2) END"


def _summaries(con: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[EntrySummary, str, bool]]:
    """The summaries of a page of results (built as every list builds them, ``journal.queries.summary_from_row``),
    each with its body, or the first ``SCAN_CHUNK`` characters of a long one (and whether that is all of it)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found = {}
    for row in con.execute(
        f"SELECT {summary_columns(_HEAD)}, e.word_count <= ?1 FROM entries e WHERE e.id IN ({marks})",
        [WHOLE_BODY_WORDS, SCAN_CHUNK, *ids],
    ):
        summary, text, whole = summary_from_row(row[:11]), str(row[6] or ""), row[11]
        found[summary.row_id] = (summary, text, bool(whole) or len(text) < SCAN_CHUNK)
    return found


def _hits(con: sqlite3.Connection, parsed: ParsedQuery, ranked: Ranked) -> list[SearchHit]:
    """The page's entries with their snippets: the body (or the start of a long one) is read with the summaries,
    the rest of a long body only when its start holds no match. The excerpt stands in for a snippet that marks
    nothing."""
    marker = Marker(parsed.needles)
    found = _summaries(con, [r[0] for r in ranked])
    hits = []
    for rowid, score in ranked:
        if rowid not in found:
            continue
        summary, head, whole = found[rowid]

        def rest(rowid: int = rowid) -> str:
            return str(con.execute("SELECT body FROM entries WHERE id = ?", (rowid,)).fetchone()[0])

        snippet = entry_snippet(marker, summary.title, head, None if whole else rest) if marker.needles else ""
        hits.append(SearchHit(summary, snippet or summary.excerpt, score))
    return hits


def search(
    journal: Journal,
    query: str | ParsedQuery,
    *,
    place: EntryFilter = LIVE,
    limit: int = 50,
    offset: int = 0,
    cancel: CancelToken | None = None,
) -> list[SearchHit]:
    """Entries of ``place`` (default: the live ones; ``EntryFilter(trash=True)`` searches the trash) matching
    ``query`` (text, or a query parsed once), best first (newest first when the query has no words). Never raises on
    input.

    With a ``cancel`` token, ``cancel.cancel()`` from another thread stops the search mid-query (``Cancelled``): the
    app does this when the person types on, so a stale search never delays the current one."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if parsed.problems:  # (a date that is not one matches nothing)
        return []
    with journal.snapshot() as con:
        if cancel is None:
            return _search(con, parsed, place, limit, offset)
        cancel.attach(con)
        try:
            return _search(con, parsed, place, limit, offset)
        finally:
            cancel.detach(con)


def _search(
    con: sqlite3.Connection, parsed: ParsedQuery, place: EntryFilter, limit: int, offset: int
) -> list[SearchHit]:
    limit, offset = max(0, limit), max(0, offset)
    if not parsed.required and not parsed.grams:
        return _unranked(con, parsed, place, limit, offset)
    want = limit + offset
    if want == 0:
        return []
    rank, table, expr = _ranker(con, _spelled_out(con, parsed), place)
    top = int(con.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0])
    if table is None or expr is None or not _is_common(con, table, expr):
        ranked = rank(None, None, want)
    else:
        # Newest window first, then older ones: one order whatever the page asked for, so paging through results
        # never repeats or skips an entry.
        ranked, high = [], top
        while len(ranked) < want and high > 0:
            low = max(0, high - COMMON_WINDOW)
            ranked += rank(low or None, high, want - len(ranked))
            high = low
    return _hits(con, parsed, ranked[offset:])


def _unranked(
    con: sqlite3.Connection, parsed: ParsedQuery, place: EntryFilter, limit: int, offset: int
) -> list[SearchHit]:
    """No words: filters (and excluded words) only, in the place's list order; snippets mark the symbols searched as
    text."""
    params: list[object] = []
    where = _filters_sql(parsed, place, params)
    params.extend((limit, offset))
    order = "e.deleted_at DESC" if place.trash else "e.day DESC, e.created DESC"  # as journal.queries lists them
    sql = f"SELECT e.id FROM entries e WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
    ids = [int(r[0]) for r in con.execute(sql, params)]
    return _hits(con, parsed, [(i, 0.0) for i in ids])


def count_matches(journal: Journal, query: str | ParsedQuery, *, place: EntryFilter = LIVE) -> int:
    """How many entries of ``place`` match (for "N results" labels). Words alone among the live entries are counted
    in the index, minus the trashed entries among them: a join per match would cost more than the search."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if parsed.problems:
        return 0
    params: list[object] = []
    expr = parsed.fts_expression()
    if expr is not None and not _has_filters(parsed, place):
        # "+rowid": tested on each match, never turned into one index lookup per trashed entry
        sql = (
            "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ? "
            "AND +rowid NOT IN (SELECT id FROM entries WHERE deleted_at IS NOT NULL)"
        )
        params.append(expr)
    elif expr is not None:
        params.append(expr)
        where = _filters_sql(parsed, place, params)
        sql = (
            f"SELECT count(*) FROM entries_fts f JOIN entries e ON e.id = f.rowid WHERE entries_fts MATCH ? AND {where}"
        )
    else:
        sql = f"SELECT count(*) FROM entries e WHERE {_filters_sql(parsed, place, params)}"
    with journal.snapshot() as con:
        return int(con.execute(sql, params).fetchone()[0])
