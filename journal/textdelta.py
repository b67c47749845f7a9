"""Reverse deltas between two versions of a text: how to make the older one from the newer, in a few hundred bytes
when a small edit separates them (History keeps these instead of a full copy per autosave).

The texts are cut into chunks that end at a newline or after a word whose hash says so (about one word in eight), so
a chunk boundary depends only on the words around it: an edit changes the chunks it touches and no others, in one
long paragraph as in many short ones. ``difflib`` matches the chunks; the delta lists, in order, runs of chunks to copy
from the newer text and literal text for the rest, as compact JSON, compressed with zlib, with the CRC-32 of the
older text and of the newer one it was made against, so that applying it to the wrong base fails loudly instead of
returning another text.

This is a stored format (schema 0009): change it only with a migration.
"""

from __future__ import annotations

import difflib
import json
import re
import zlib

_TOKEN_RE = re.compile(r"\s+|\S+\s*")
_FORMAT = 1


class DeltaMismatch(ValueError):
    """A delta was applied to a text it was not made against."""


_recent: dict[tuple[int, int], tuple[str, list[str]]] = {}  # long texts cut lately: each autosave's newer text is
_RECENT_MAX = 8  # the older text of the next one


def chunks(text: str) -> list[str]:
    """``text`` cut at content-defined boundaries; ``"".join(chunks(text)) == text``. Do not change the list."""
    if len(text) < 4096:
        return _cut(text)
    key = (len(text), _crc(text))
    hit = _recent.get(key)
    if hit is not None and hit[0] == text:
        return hit[1]
    cut = _cut(text)
    if len(_recent) >= _RECENT_MAX:
        _recent.pop(next(iter(_recent)))
    _recent[key] = (text, cut)
    return cut


def _cut(text: str) -> list[str]:
    tokens = _TOKEN_RE.findall(text)
    crc = zlib.crc32
    out: list[str] = []
    start = 0
    for i, token in enumerate(tokens):
        if "\n" in token or crc(token.encode("utf-8")) & 7 == 0:
            out.append("".join(tokens[start : i + 1]))
            start = i + 1
    if start < len(tokens):
        out.append("".join(tokens[start:]))
    return out


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def encode(older: str, newer: str, *, newer_chunks: list[str] | None = None) -> bytes:
    """The delta that turns ``newer`` back into ``older`` (``encode(text, "")`` is the whole text, compressed)."""
    new_chunks = chunks(newer) if newer_chunks is None else newer_chunks
    old_chunks = chunks(older)
    ops: list[object] = [_FORMAT, _crc(older), _crc(newer)]
    # The parts both share at their start and end first: a small edit leaves difflib a few chunks to match.
    head = 0
    limit = min(len(new_chunks), len(old_chunks))
    while head < limit and new_chunks[head] == old_chunks[head]:
        head += 1
    tail = 0
    while tail < limit - head and new_chunks[-1 - tail] == old_chunks[-1 - tail]:
        tail += 1
    if head:
        ops.append([0, head])
    middle_new = new_chunks[head : len(new_chunks) - tail]
    middle_old = old_chunks[head : len(old_chunks) - tail]
    matcher = difflib.SequenceMatcher(None, middle_new, middle_old, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append([head + i1, i2 - i1])
        elif j2 > j1:  # replace or insert: the older text's own chunks
            ops.append("".join(middle_old[j1:j2]))
    if tail:
        ops.append([len(new_chunks) - tail, tail])
    return zlib.compress(json.dumps(ops, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)


def apply_chunks(delta: bytes, newer: str, newer_chunks: list[str]) -> tuple[str, list[str]]:
    """``apply`` for a caller walking a chain: takes the newer text's chunks and gives the older's, so each text of
    the chain is cut once. A literal is whole chunks of the older text, so cutting it alone gives the same chunks."""
    try:
        ops = json.loads(zlib.decompress(delta).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DeltaMismatch(f"unreadable delta ({exc})") from exc
    if not isinstance(ops, list) or len(ops) < 3 or ops[0] != _FORMAT:
        raise DeltaMismatch("a delta of an unknown format")
    if _crc(newer) != ops[2]:
        raise DeltaMismatch("the delta was made against another text")
    parts: list[str] = []
    for op in ops[3:]:
        if isinstance(op, str):
            parts.extend(chunks(op))
        else:
            start, count = op
            parts.extend(newer_chunks[start : start + count])
    older = "".join(parts)
    if _crc(older) != ops[1]:
        raise DeltaMismatch("the delta does not belong to this text")
    return older, parts


def apply(delta: bytes, newer: str) -> str:
    """The older text ``delta`` was made for, from ``newer``; ``DeltaMismatch`` when ``newer`` is not its base."""
    return apply_chunks(delta, newer, chunks(newer))[0]


def literals(delta: bytes) -> list[str]:
    """The text a delta carries itself (what its older version has that the newer does not)."""
    ops = json.loads(zlib.decompress(delta).decode("utf-8"))
    return [op for op in ops[3:] if isinstance(op, str)]
