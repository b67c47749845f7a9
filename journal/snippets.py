"""Snippets: a line of an entry around its first match, the matches marked, cut with work bounded by where that match
is, never by how many matches there are.

FTS5's own ``snippet()`` scores every match against every other (quadratic in the matches of a row: a 50 MB entry
with ten million matches never finished) and cannot see the trigram index's matches at all. Here the text is read in
chunks from its start; each chunk is first tested with plain substring searches on a folded copy (C speed), and only a
chunk where one hits is searched with the exact pattern. So the work is the text up to the first match plus one
window — ``Marker.examined`` counts it — and a word found in every line costs one chunk.

Matching follows the index closely enough to mark what it found: words are tokens of letters and digits, case and
Latin diacritics ignored (as ``unicode61 remove_diacritics 2``); text from the trigram index is a substring, case
ignored; symbols the index cannot hold are exact substrings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_TOKENS = 14  # as many words as FTS5's snippet() showed
SNIPPET_CHARS = 180  # and at most this many characters (a Chinese sentence is one "word" to the tokenizer)
LEAD_CHARS = 40  # text shown before the first match (a few words), starting at a word
SCAN_FIRST = 4_096  # characters tested first while looking for the first match (it is usually early)...
SCAN_CHUNK = 65_536  # ...and then at a time

_TOKEN_RE = re.compile(r"[^\W_]+")
_SEPARATOR_RE = re.compile(r"[\W_]+")
_WINDOW_RE = re.compile(rf"(?:[\W_]*[^\W_]+){{1,{SNIPPET_TOKENS}}}")
# Control characters (the marks among them: the text must not fake them) and line breaks become spaces.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_LOOK = 4096  # how far past a window to look for more text (an ellipsis), without copying a 50 MB tail
_MARKS_RE = re.compile("[\u0300-\u036f]+")
_LATIN = [chr(c) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))]


def fold(text: str) -> str:
    """Lower-case without diacritics, as FTS5's ``unicode61 remove_diacritics 2`` tokenizer sees a word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold_chunk(chunk: str) -> str:
    """A folded copy of non-ASCII text for substring tests (positions do not line up with the original's)."""
    return _MARKS_RE.sub("", unicodedata.normalize("NFKD", chunk.casefold()))


@cache
def _variants() -> dict[str, str]:
    """For each folded letter, the Latin letters that fold to it (``e`` → ``éèêë…``)."""
    found: dict[str, list[str]] = {}
    for char in _LATIN:
        folded = fold(char)
        if len(folded) == 1:
            found.setdefault(folded, []).append(char)
    return {k: "".join(v) for k, v in found.items()}


_MARKS = "(?-i:[\u0300-\u036f]*)"  # combining diacritics (text in NFD), case-blind matching not needed


def _letter(char: str, *, full: bool) -> str:
    others = _variants().get(char, "")
    if not full:  # Latin-1 only: a set above U+00FF costs milliseconds to compile, every query
        others = "".join(c for c in others if c <= "\xff")
    return f"[{re.escape(char + others)}]" if others else re.escape(char)


def _word_pattern(words: tuple[str, ...], prefix: bool, *, full: bool) -> str:
    """A regular expression for a run of words as unicode61 tokens. ``full`` allows every Latin letter with a
    diacritic and combining marks after any letter; else only Latin-1 letters, marks only at the end of a word
    (what text nearly always holds; the full one is compiled only where this one misses). The check that no letter
    comes before the first one follows it, so that the expression starts with a set the engine scans for quickly."""
    marks = _MARKS if full else ""
    spelled = ["".join(_letter(c, full=full) + marks for c in word) for word in words]
    first = _letter(words[0][0], full=full)
    spelled[0] = first + r"(?<![^\W_].)" + marks + spelled[0][len(first + marks) :]
    tail = r"(?:[^\W_]|[\u0300-\u036f])*" if prefix else r"(?![^\W_])"
    return r"[\W_]+".join(spelled) + ("" if full else _MARKS) + tail


@dataclass(frozen=True)
class Needle:
    """One thing a snippet marks: ``words`` (folded tokens in a row, the last a prefix when ``prefix``), or ``text``
    found as a substring, ignoring case unless ``exact``."""

    words: tuple[str, ...] = ()
    prefix: bool = False
    text: str = ""
    exact: bool = False


@lru_cache(maxsize=64)
def _compiled(needles: tuple[Needle, ...], full: bool) -> re.Pattern[str] | None:
    """One pattern for all the needles (built once per query: typing on asks for the same ones again)."""
    parts = []
    for needle in needles:
        if needle.words:
            parts.append(_word_pattern(needle.words, needle.prefix, full=full))
        elif needle.exact or needle.text.lower() == needle.text.upper():  # a literal is found faster
            parts.append(re.escape(needle.text))
        else:
            parts.append("(?i:" + re.escape(needle.text) + ")")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


class Marker:
    """Finds and marks a query's needles in entry texts; ``examined`` counts the characters it has looked at."""

    def __init__(self, needles: Iterable[Needle]) -> None:
        self.needles = tuple(dict.fromkeys(n for n in needles if n.words or n.text))
        self.examined = 0
        self._folded = tuple(n.words[0] for n in self.needles if n.words)
        caseless = [n for n in self.needles if n.text and (n.exact or n.text.lower() == n.text.upper())]
        self._lowered = tuple(n.text.lower() for n in self.needles if n.text and n not in caseless)
        self._exact = tuple(n.text for n in caseless)
        self._fast = self._compile(full=False)
        self._full: re.Pattern[str] | None = None  # compiled when first needed
        self._has_words = bool(self._folded)
        self.overlap = max((len(n.text) + sum(len(w) * 3 + 8 for w in n.words) for n in self.needles), default=0)

    def _compile(self, *, full: bool) -> re.Pattern[str] | None:
        return _compiled(self.needles, full)

    def _patterns(self, chunk: str) -> list[re.Pattern[str]]:
        """The fast pattern, then (for a chunk with non-ASCII text and words to find) the full one."""
        assert self._fast is not None
        if not self._has_words or chunk.isascii():
            return [self._fast]
        if self._full is None:
            self._full = self._compile(full=True)
        assert self._full is not None
        return [self._fast, self._full]

    def _hint(self, chunk: str) -> int | None:
        """Where in ``chunk`` a needle may start, or None when none can be in it. The lower-cased chunk is tried
        first; only when it holds no needle is a non-ASCII chunk folded (its diacritics dropped), and then the hint
        is 0: a folded copy does not line up with the chunk."""
        lowered = chunk.lower() if self._folded or self._lowered else ""
        lined_up = len(lowered) == len(chunk)
        hits = [at if lined_up else 0 for p in (*self._folded, *self._lowered) if (at := lowered.find(p)) >= 0]
        hits += [at for p in self._exact if (at := chunk.find(p)) >= 0]
        if hits:
            return min(hits)
        if self._folded and not chunk.isascii():
            folded = _fold_chunk(chunk)
            if any(folded.find(p) >= 0 for p in self._folded):
                return 0
        return None

    def first(self, text: str, start: int = 0) -> re.Match[str] | None:
        """A match at or after ``start`` (the first one, unless an earlier one needs the full pattern), reading
        ``text`` a chunk at a time."""
        if self._fast is None:
            return None
        pos, size, step = start, len(text), SCAN_FIRST
        while pos < size:
            end = min(size, pos + step)
            step = SCAN_CHUNK
            stop = min(size, end + self.overlap)
            chunk = text[pos:stop]
            self.examined += len(chunk)
            hint = self._hint(chunk)
            if hint is not None:
                for pattern in self._patterns(chunk):
                    match = self._search(pattern, text, pos + hint, stop)
                    if match:
                        return match
            pos = end
        return None

    @staticmethod
    def _search(pattern: re.Pattern[str], text: str, at: int, stop: int) -> re.Match[str] | None:
        while match := pattern.search(text, at, stop):
            if match.end() < stop or stop == len(text):
                return match
            whole = pattern.match(text, match.start())  # cut by the chunk's end: look at all of it
            if whole:
                return whole
            at = match.start() + 1
        return None

    def snippet(self, text: str, match: re.Match[str]) -> str:
        """The text around ``match``: the words in the ``LEAD_CHARS`` before it, then up to ``SNIPPET_TOKENS`` words
        in all (at most ``SNIPPET_CHARS`` characters), every match inside marked, "…" where the text goes on."""
        start = match.start()
        lead_from = max(0, start - LEAD_CHARS)
        if lead_from > 0 and _TOKEN_RE.match(text, lead_from - 1):  # do not start inside a word
            separator = _SEPARATOR_RE.search(text, lead_from, start)
            lead_from = separator.end() if separator else start
        first_word = _TOKEN_RE.search(text, lead_from, start)
        begin = first_word.start() if first_word else start
        window = _WINDOW_RE.match(text, begin, min(len(text), max(begin + SNIPPET_CHARS, match.end())))
        end = max(window.end() if window else begin, match.end())
        before = begin > _LOOK or _TOKEN_RE.search(text, 0, begin) is not None
        after = end + _LOOK < len(text) or _TOKEN_RE.search(text, end, end + _LOOK) is not None
        if not before and begin <= SNIPPET_CHARS:
            begin = 0  # what comes before the first word, such as a "<" or a "#"
        if not after and len(text) - end <= SNIPPET_CHARS:
            end = len(text)
        self.examined += end - min(lead_from, begin)
        shown = _CONTROL_RE.sub(" ", text[begin:end])
        pieces, pos = [], 0
        for found in match.re.finditer(text, begin, end):  # the pattern that found the first match
            a, b = found.start() - begin, found.end() - begin
            pieces += [shown[pos:a], MARK_START, shown[a:b], MARK_END]
            pos = b
        pieces.append(shown[pos:])
        return ("…" if before else "") + "".join(pieces).strip() + ("…" if after else "")


def entry_snippet(marker: Marker, title: str, head: str, rest: Callable[[], str] | None) -> str:
    """The snippet of one entry: from its body when a needle is there, else from its title. ``head`` is the start of
    the body; ``rest`` fetches the whole body, and is called only when ``head`` holds no match but is not all of it."""
    match = marker.first(head)
    body = head
    if match is None and rest is not None:
        body = rest()
        match = marker.first(body, max(0, len(head) - marker.overlap))
    if match is not None:
        return marker.snippet(body, match)
    match = marker.first(title)
    return marker.snippet(title, match) if match is not None else ""


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
