"""Full-text search: a query language a person can guess, compiled to SQLite FTS5 plus SQL filters.

Query language: words (all must match), ``"exact phrase"``, ``prefix*``, ``-excluded``, ``tag:serving``,
``after:2025-01-01`` and ``before:2025-06-30`` (both inclusive), ``is:private`` / ``is:public``. Anything else is
searched as plain text: every term is quoted before it reaches FTS5, so no input can raise a syntax error. Matching
ignores case and diacritics (``cafe`` finds ``café``).

Ranking is bm25 with titles weighted above bodies. A word found in nearly every entry would make exact ranking cost
O(matches), so when the rarest required term is that common, only the newest ``COMMON_WINDOW`` entries are ranked
(followed by the older entries, ranked, when that window holds too few matches).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field

from journal.db import Journal
from journal.jobs import CancelToken
from journal.records import EntrySummary, excerpt_of

TITLE_WEIGHT = 8.0
BODY_WEIGHT = 1.0
COMMON_DOCS = 15_000  # a required term in more entries than this is "common"
COMMON_WINDOW = 15_000  # ...and then only this many newest entries are ranked
SNIPPET_TOKENS = 14
MARK_START, MARK_END = "\x02", "\x03"

_TOKEN_RE = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
_INDEXABLE_RE = re.compile(r"[^\W_]")  # what FTS5's unicode61 tokenizer keeps: letters and digits
_WORD_SPLIT_RE = re.compile(r"[^\w]+|_+")
_FILTER_RE = re.compile(r"^(tag|after|before|is):(.+)$", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00\x01\x04-\x08\x0b\x0c\x0e-\x1f]")  # all but the two marks


@dataclass
class ParsedQuery:
    """A query split into what FTS5 matches and what SQL filters."""

    required: list[str] = field(default_factory=list)  # FTS5 expressions, each already quoted
    excluded: list[str] = field(default_factory=list)
    substrings: list[str] = field(default_factory=list)  # terms FTS5 cannot index (emoji, punctuation)
    excluded_substrings: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    after: dt.date | None = None
    before: dt.date | None = None
    private: bool | None = None
    words: list[str] = field(default_factory=list)  # normalised plain words, for frequency estimates

    @property
    def has_text(self) -> bool:
        return bool(self.required or self.substrings)

    @property
    def is_empty(self) -> bool:
        return not (
            self.required
            or self.excluded
            or self.substrings
            or self.excluded_substrings
            or self.tags
            or self.after
            or self.before
            or self.private is not None
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
    """One result: the entry, a snippet with matches wrapped in MARK_START/MARK_END, and its bm25 rank."""

    entry: EntrySummary
    snippet: str
    rank: float


def fold(word: str) -> str:
    """Lower-case without diacritics, as FTS5's ``unicode61 remove_diacritics 2`` tokenizer sees it."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _add_text(parsed: ParsedQuery, term: str, *, negate: bool, phrase: bool) -> None:
    if not _INDEXABLE_RE.search(term):
        (parsed.excluded_substrings if negate else parsed.substrings).append(term)
        return
    prefix = not phrase and term.endswith("*") and _INDEXABLE_RE.search(term.rstrip("*")) is not None
    body = term.rstrip("*") if prefix else term
    expr = _quote(body) + ("*" if prefix else "")
    (parsed.excluded if negate else parsed.required).append(expr)
    if not negate:
        parsed.words.extend(w for w in (fold(p) for p in _WORD_SPLIT_RE.split(body)) if w)


def _parse_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_query(query: str) -> ParsedQuery:
    """Split what a person typed into FTS5 terms and filters. Never raises."""
    parsed = ParsedQuery()
    query = query.replace("\x00", " ")  # FTS5 ends a quoted string at NUL: "unterminated string"
    for match in _TOKEN_RE.finditer(query):
        negate = bool(match.group(1))
        phrase = match.group(2)
        if phrase is not None:
            if phrase.strip():
                _add_text(parsed, phrase.strip(), negate=negate, phrase=True)
            continue
        term = match.group(3)
        filt = _FILTER_RE.match(term)
        if filt:
            key, value = filt.group(1).lower(), filt.group(2)
            if key == "tag":
                if not negate:
                    parsed.tags.append(value)
                    continue
            elif key in ("after", "before"):
                day = _parse_day(value)
                if day is not None and not negate:
                    setattr(parsed, key, day)
                    continue
            elif key == "is" and value.lower() in ("private", "public"):
                parsed.private = (value.lower() == "private") != negate
                continue
        if term == "-":
            continue
        _add_text(parsed, term, negate=negate, phrase=False)
    return parsed


def _filters_sql(parsed: ParsedQuery, params: list[object]) -> str:
    """SQL conditions on ``entries e`` for everything but the FTS words; appends their parameters in order."""
    clauses = ["e.deleted_at IS NULL"]
    for tag in parsed.tags:
        params.append(" ".join(tag.split()))
        clauses.append(
            "e.id IN (SELECT et.entry_id FROM entry_tags et JOIN tags t ON t.id = et.tag_id WHERE t.name = ?)"
        )
    if parsed.after:
        params.append(parsed.after.isoformat())
        clauses.append("e.day >= ?")
    if parsed.before:
        params.append(parsed.before.isoformat())
        clauses.append("e.day <= ?")
    if parsed.private is not None:
        params.append(int(parsed.private))
        clauses.append("e.private = ?")
    for sub in parsed.substrings:
        params.extend((sub, sub))
        clauses.append("(instr(e.title, ?) > 0 OR instr(e.body, ?) > 0)")
    for sub in parsed.excluded_substrings:
        params.extend((sub, sub))
        clauses.append("NOT (instr(e.title, ?) > 0 OR instr(e.body, ?) > 0)")
    return " AND ".join(clauses)


def _has_filters(parsed: ParsedQuery) -> bool:
    return bool(
        parsed.tags
        or parsed.after
        or parsed.before
        or parsed.private is not None
        or parsed.substrings
        or parsed.excluded_substrings
    )


def _is_common(con: sqlite3.Connection, words: list[str]) -> bool:
    """Whether every required word is in more than ``COMMON_DOCS`` entries (an AND matches no more than its rarest
    word). Counting a word's documents walks its doclist, so stop at the first rare word."""
    for word in dict.fromkeys(words):
        row = con.execute("SELECT doc FROM entries_fts_vocab WHERE term = ?", (word,)).fetchone()
        if not row or row[0] <= COMMON_DOCS:
            return False
    return bool(words)


def _window_start(con: sqlite3.Connection) -> int | None:
    row = con.execute("SELECT id FROM entries ORDER BY id DESC LIMIT 1 OFFSET ?", (COMMON_WINDOW,)).fetchone()
    return int(row[0]) if row else None


_RANK = f"bm25({TITLE_WEIGHT}, {BODY_WEIGHT})"
_SNIPPET = f"snippet(entries_fts, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS})"


def _rowid_range(column: str, min_rowid: int | None, max_rowid: int | None, params: list[object]) -> str:
    """SQL limiting ``column`` to ``min_rowid < column <= max_rowid`` (either end open); appends the parameters."""
    sql = ""
    if min_rowid is not None:
        sql += f"AND {column} > ? "
        params.append(min_rowid)
    if max_rowid is not None:
        sql += f"AND {column} <= ? "
        params.append(max_rowid)
    return sql


def _ranked_unfiltered(
    con: sqlite3.Connection,
    expr: str,
    want: int,
    trashed: set[int],
    min_rowid: int | None,
    max_rowid: int | None = None,
) -> list[tuple[int, float, str]]:
    """FTS5's own rank-sorted scan (snippets computed only for the rows returned), minus trashed entries."""
    params: list[object] = [expr, _RANK]
    window = _rowid_range("rowid", min_rowid, max_rowid, params)
    params.append(want + len(trashed))
    rows = con.execute(
        f"SELECT rowid, rank, {_SNIPPET} FROM entries_fts WHERE entries_fts MATCH ? AND rank MATCH ? {window} "
        "ORDER BY rank LIMIT ?",
        params,
    ).fetchall()
    return [r for r in rows if r[0] not in trashed][:want]


def _ranked_filtered(
    con: sqlite3.Connection,
    parsed: ParsedQuery,
    expr: str,
    want: int,
    min_rowid: int | None,
    max_rowid: int | None = None,
) -> list[tuple[int, float, str]]:
    """Rank with the filters applied in SQL, then compute snippets for the winners only."""
    params: list[object] = [expr]
    window = _rowid_range("f.rowid", min_rowid, max_rowid, params)
    where = _filters_sql(parsed, params)
    params.append(want)
    ranked = con.execute(
        f"SELECT f.rowid, bm25(entries_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
        f"FROM entries_fts f JOIN entries e ON e.id = f.rowid WHERE entries_fts MATCH ? {window} AND {where} "
        "ORDER BY score LIMIT ?",
        params,
    ).fetchall()
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    snippets = dict(
        con.execute(
            f"SELECT rowid, {_SNIPPET} FROM entries_fts WHERE entries_fts MATCH ? AND rowid IN ({marks})",
            [expr, *(r[0] for r in ranked)],
        ).fetchall()
    )
    return [(rowid, score, snippets.get(rowid, "")) for rowid, score in ranked]


def _summaries(con: sqlite3.Connection, ids: list[int], with_excerpt: bool) -> dict[int, EntrySummary]:
    """Lean summaries of a page of results straight from sqlite3 (the ORM path costs more than the search itself)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    head = "substr(e.body, 1, 600)" if with_excerpt else "''"
    found = {}
    for rid, uuid, title, day, created, updated, private, deleted, words, text, tag_names in con.execute(
        f"SELECT e.id, e.uuid, e.title, e.day, e.created, e.updated, e.private, e.deleted_at, e.word_count, {head}, "
        "(SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id "
        f"WHERE et.entry_id = e.id ORDER BY t.name)) FROM entries e WHERE e.id IN ({marks})",
        ids,
    ):
        found[rid] = EntrySummary(
            id=uuid,
            title=title,
            day=dt.date.fromisoformat(day),
            created=dt.datetime.fromisoformat(created),
            updated=dt.datetime.fromisoformat(updated),
            excerpt=excerpt_of(text) if with_excerpt else "",
            tags=tuple(tag_names.split("\x1f")) if tag_names else (),
            private=bool(private),
            deleted_at=dt.datetime.fromisoformat(deleted) if deleted else None,
            word_count=words,
            row_id=rid,
        )
    return found


def search(
    journal: Journal, query: str, *, limit: int = 50, offset: int = 0, cancel: CancelToken | None = None
) -> list[SearchHit]:
    """Entries matching ``query``, best first (newest first when the query has no words). Never raises on input.

    With a ``cancel`` token, ``cancel.cancel()`` from another thread stops the search mid-query (``Cancelled``): the
    app does this when the person types on, so a stale search never delays the current one."""
    with journal.snapshot() as con:
        if cancel is None:
            return _search(con, query, limit, offset)
        cancel.attach(con)
        try:
            return _search(con, query, limit, offset)
        finally:
            cancel.detach(con)


def _search(con: sqlite3.Connection, query: str, limit: int, offset: int) -> list[SearchHit]:
    parsed = parse_query(query)
    want = max(0, limit) + max(0, offset)
    expr = parsed.fts_expression()
    if expr is None:
        return _unranked(con, parsed, max(0, limit), max(0, offset))
    min_rowid = _window_start(con) if _is_common(con, parsed.words) else None
    trashed = {r[0] for r in con.execute("SELECT id FROM entries WHERE deleted_at IS NOT NULL LIMIT 1001")}
    filtered = _has_filters(parsed) or len(trashed) > 1000

    def ranked_in(low: int | None, high: int | None, count: int) -> list[tuple[int, float, str]]:
        if filtered:
            return _ranked_filtered(con, parsed, expr, count, low, high)
        return _ranked_unfiltered(con, expr, count, trashed, low, high)

    # The newest window first, then the older entries: one order whatever the page asked for, so paging
    # through results never repeats or skips an entry.
    ranked = ranked_in(min_rowid, None, want)
    if min_rowid is not None and len(ranked) < want:
        ranked += ranked_in(None, min_rowid, want - len(ranked))
    ranked = ranked[offset:]
    summaries = _summaries(con, [r[0] for r in ranked], with_excerpt=False)
    return [
        SearchHit(summaries[rowid], _CONTROL_RE.sub("", snippet or "").replace("\n", " "), score)
        for rowid, score, snippet in ranked
        if rowid in summaries
    ]


def _unranked(con: sqlite3.Connection, parsed: ParsedQuery, limit: int, offset: int) -> list[SearchHit]:
    """No FTS words: filters (and excluded words) only, newest first; the excerpt stands in for a snippet."""
    params: list[object] = []
    where = _filters_sql(parsed, params)
    if parsed.excluded:
        params.append(" OR ".join(parsed.excluded))
        where += " AND e.id NOT IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)"
    params.extend((limit, offset))
    sql = f"SELECT e.id FROM entries e WHERE {where} ORDER BY e.day DESC, e.created DESC LIMIT ? OFFSET ?"
    ids = [int(r[0]) for r in con.execute(sql, params)]
    summaries = _summaries(con, ids, with_excerpt=True)
    return [SearchHit(summaries[i], _substring_snippet(summaries[i], parsed), 0.0) for i in ids]


def _substring_snippet(summary: EntrySummary, parsed: ParsedQuery) -> str:
    snippet = summary.excerpt
    for sub in parsed.substrings:
        snippet = snippet.replace(sub, f"{MARK_START}{sub}{MARK_END}")
    return snippet


def count_matches(journal: Journal, query: str) -> int:
    """How many live entries match (for "N results" labels)."""
    parsed = parse_query(query)
    params: list[object] = []
    expr = parsed.fts_expression()
    if expr is not None:
        params.append(expr)
    where = _filters_sql(parsed, params)
    if expr is not None:
        sql = (
            f"SELECT count(*) FROM entries_fts f JOIN entries e ON e.id = f.rowid WHERE entries_fts MATCH ? AND {where}"
        )
    else:
        if parsed.excluded:
            params.append(" OR ".join(parsed.excluded))
            where += " AND e.id NOT IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)"
        sql = f"SELECT count(*) FROM entries e WHERE {where}"
    with journal.snapshot() as con:
        return int(con.execute(sql, params).fetchone()[0])


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, highlighted) pieces, for the command line and the app to style as they like."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts


def snippet_html(snippet: str) -> str:
    """A snippet as HTML: text escaped, matches in ``<mark>``."""
    from html import escape

    return "".join(f"<mark>{escape(t)}</mark>" if hit else escape(t) for t, hit in snippet_parts(snippet))
