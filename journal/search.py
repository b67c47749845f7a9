"""Full-text search: a query language a person can guess, compiled to SQLite FTS5 plus SQL filters.

Query language: words (all must match), ``"exact phrase"``, ``prefix*``, ``-excluded``, ``tag:serving``,
``after:2025-01-01`` and ``before:2025-06-30`` (both inclusive), ``is:private`` / ``is:public``. Anything else is
searched as plain text: every term is quoted before it reaches FTS5, so no input can raise a syntax error. Matching
ignores case and diacritics (``cafe`` finds ``café``).

Ranking is bm25 with titles weighted above bodies. A word found in nearly every entry would make exact ranking cost
O(matches), so when the rarest required term is that common, only the newest ``COMMON_WINDOW`` entries are ranked
(falling back to all of them if that window holds too few matches).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from journal.db import Journal
from journal.entries import EntrySummary, summaries_by_id

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


def _filters_sql(parsed: ParsedQuery, params: dict[str, object]) -> str:
    clauses = ["e.deleted_at IS NULL"]
    for i, tag in enumerate(parsed.tags):
        params[f"tag{i}"] = " ".join(tag.split())
        clauses.append(
            f"e.id IN (SELECT et.entry_id FROM entry_tags et JOIN tags t ON t.id = et.tag_id WHERE t.name = :tag{i})"
        )
    if parsed.after:
        params["after"] = parsed.after.isoformat()
        clauses.append("e.day >= :after")
    if parsed.before:
        params["before"] = parsed.before.isoformat()
        clauses.append("e.day <= :before")
    if parsed.private is not None:
        params["private"] = int(parsed.private)
        clauses.append("e.private = :private")
    for i, sub in enumerate(parsed.substrings):
        params[f"sub{i}"] = sub
        clauses.append(f"(instr(e.title, :sub{i}) > 0 OR instr(e.body, :sub{i}) > 0)")
    for i, sub in enumerate(parsed.excluded_substrings):
        params[f"nsub{i}"] = sub
        clauses.append(f"NOT (instr(e.title, :nsub{i}) > 0 OR instr(e.body, :nsub{i}) > 0)")
    return " AND ".join(clauses)


def _document_frequency(session: Session, words: list[str]) -> int | None:
    """How many entries hold the rarest of ``words`` (an upper bound of the match count), from the FTS vocabulary."""
    if not words:
        return None
    rarest: int | None = None
    for word in set(words):
        count = session.execute(text("SELECT doc FROM entries_fts_vocab WHERE term = :w"), {"w": word}).scalar()
        count = int(count or 0)
        rarest = count if rarest is None else min(rarest, count)
    return rarest


def _window_start(session: Session) -> int | None:
    return session.execute(
        text("SELECT id FROM entries ORDER BY id DESC LIMIT 1 OFFSET :n"), {"n": COMMON_WINDOW}
    ).scalar()


def _ranked_ids(
    session: Session, parsed: ParsedQuery, expr: str, limit: int, offset: int, min_rowid: int | None
) -> list[tuple[int, float]]:
    params: dict[str, object] = {"q": expr, "limit": limit, "offset": offset}
    where = _filters_sql(parsed, params)
    window = ""
    if min_rowid is not None:
        params["min_rowid"] = min_rowid
        window = "AND f.rowid > :min_rowid"
    sql = (
        f"SELECT f.rowid, bm25(entries_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
        f"FROM entries_fts f JOIN entries e ON e.id = f.rowid "
        f"WHERE entries_fts MATCH :q {window} AND {where} "
        f"ORDER BY score LIMIT :limit OFFSET :offset"
    )
    return [(int(r[0]), float(r[1])) for r in session.execute(text(sql), params)]


def _snippets(session: Session, expr: str, ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    sql = text(
        "SELECT snippet(entries_fts, -1, :a, :b, '…', :n) FROM entries_fts WHERE entries_fts MATCH :q AND rowid = :id"
    )
    for rowid in ids:
        value = session.execute(
            sql, {"a": MARK_START, "b": MARK_END, "n": SNIPPET_TOKENS, "q": expr, "id": rowid}
        ).scalar()
        found[rowid] = _CONTROL_RE.sub("", value or "").replace("\n", " ")
    return found


def search(journal: Journal, query: str, *, limit: int = 50, offset: int = 0) -> list[SearchHit]:
    """Entries matching ``query``, best first (newest first when the query has no words). Never raises on input."""
    parsed = parse_query(query)
    limit = max(0, limit)
    with journal.reading() as session:
        expr = parsed.fts_expression()
        if expr is None:
            return _unranked(session, parsed, limit, offset)
        min_rowid = None
        frequency = _document_frequency(session, parsed.words)
        if frequency is not None and frequency > COMMON_DOCS:
            min_rowid = _window_start(session)
        ranked = _ranked_ids(session, parsed, expr, limit, offset, min_rowid)
        if min_rowid is not None and len(ranked) < limit:
            ranked = _ranked_ids(session, parsed, expr, limit, offset, None)
        ids = [rowid for rowid, _ in ranked]
        summaries = summaries_by_id(session, ids)
        snippets = _snippets(session, expr, ids)
        return [SearchHit(summaries[rowid], snippets.get(rowid, ""), score) for rowid, score in ranked]


def _unranked(session: Session, parsed: ParsedQuery, limit: int, offset: int) -> list[SearchHit]:
    """No FTS words: filters (and excluded words) only, newest first; the excerpt stands in for a snippet."""
    params: dict[str, object] = {"limit": limit, "offset": offset}
    where = _filters_sql(parsed, params)
    if parsed.excluded:
        params["neg"] = " OR ".join(parsed.excluded)
        where += " AND e.id NOT IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH :neg)"
    sql = f"SELECT e.id FROM entries e WHERE {where} ORDER BY e.day DESC, e.created DESC LIMIT :limit OFFSET :offset"
    ids = [int(r[0]) for r in session.execute(text(sql), params)]
    summaries = summaries_by_id(session, ids)
    return [SearchHit(summaries[i], _substring_snippet(summaries[i], parsed), 0.0) for i in ids]


def _substring_snippet(summary: EntrySummary, parsed: ParsedQuery) -> str:
    snippet = summary.excerpt
    for sub in parsed.substrings:
        snippet = snippet.replace(sub, f"{MARK_START}{sub}{MARK_END}")
    return snippet


def count_matches(journal: Journal, query: str) -> int:
    """How many live entries match (used for "N results" labels)."""
    parsed = parse_query(query)
    params: dict[str, object] = {}
    where = _filters_sql(parsed, params)
    expr = parsed.fts_expression()
    with journal.reading() as session:
        if expr is not None:
            params["q"] = expr
            sql = (
                "SELECT count(*) FROM entries_fts f JOIN entries e ON e.id = f.rowid "
                f"WHERE entries_fts MATCH :q AND {where}"
            )
        else:
            if parsed.excluded:
                params["neg"] = " OR ".join(parsed.excluded)
                where += " AND e.id NOT IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH :neg)"
            sql = f"SELECT count(*) FROM entries e WHERE {where}"
        return int(session.execute(text(sql), params).scalar() or 0)


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
