"""Mojibake repair for imported text: UTF-8 that was once read as cp1252, Latin-1 or Mac Roman (once or twice), put
back, with a description of what changed; correct text in any language is left exactly as it is.

ftfy (a maintained library) undoes cp1252, Latin-1 and double encoding, and Mac Roman where the damage is long
enough for its heuristics. What it leaves is the short Mac Roman case, an emoji alone (``💫`` read as Mac Roman is
``\\uf8ffüí´``: Apple's logo, a private-use character, then three letters), and Cyrillic or Greek read as Mac Roman
(``–ü—Ä–∏``); a targeted re-decode handles those: a run of characters from Mac Roman's upper half whose bytes are
valid UTF-8 is decoded when the evidence is strong (several characters, an emoji or a character of three bytes), and
a lone two-byte letter such as ``√©`` only beside other repairs, since ``√π`` is also how someone writes √π.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

# Characters mojibake is made of: the upper halves of cp1252, Latin-1 and Mac Roman. Text with none of them (ASCII,
# CJK, Cyrillic, emoji...) cannot hold mojibake of these kinds, and is passed over without calling ftfy.
_UPPER = bytes(range(0x80, 0x100))
_MAC = _UPPER.decode("mac_roman")
_SUSPECT = set(_UPPER.decode("latin-1")) | set(_UPPER.decode("cp1252", "ignore")) | set(_MAC)
_SUSPECT_RE = re.compile("[" + re.escape("".join(sorted(_SUSPECT))) + "]")
_MAC_RUN_RE = re.compile("[" + re.escape(_MAC) + "]{2,}")
_WEAK_LEADS = {"√", "¬"}  # C3, C2: the leads of Latin letters and of the no-break space and degree sign
_ENCODING_WORDS = {
    "sloppy-windows-1252": "cp1252",
    "windows-1252": "cp1252",
    "latin-1": "Latin-1",
    "iso-8859-1": "Latin-1",
    "macroman": "Mac Roman",
    "mac_roman": "Mac Roman",
}
MAX_EXAMPLES = 3


@dataclass
class Repaired:
    """The repaired text and what changed: ``how`` names the damage, ``examples`` shows a few changes."""

    text: str
    how: set[str] = field(default_factory=set)
    examples: list[tuple[str, str]] = field(default_factory=list)
    count: int = 0

    @property
    def changed(self) -> bool:
        return self.count > 0

    def describe(self) -> str:
        shown = ", ".join(f"{before!r} → {after!r}" for before, after in self.examples[:MAX_EXAMPLES])
        more = self.count - min(len(self.examples), MAX_EXAMPLES)
        how = " and ".join(sorted(self.how)) or "mojibake"
        return f"repaired mojibake ({how}): {shown}" + (f" and {more} more" if more > 0 else "")


def _ftfy(text: str) -> tuple[str, set[str]]:
    import ftfy

    result = ftfy.fix_encoding_and_explain(text)
    how: set[str] = set()
    steps = [step for step in (result.explanation or []) if step[0] == "encode"]
    for _, encoding in steps:
        how.add(f"UTF-8 read as {_ENCODING_WORDS.get(encoding, encoding)}")
    if len(steps) > 1:
        how = {"UTF-8 encoded twice"} | how
    return result.text, how


def _mac_roman_runs(text: str) -> tuple[str, int]:
    """Decode runs of Mac Roman mojibake that ftfy left; returns the text and how many runs changed."""
    strong = weak = 0
    candidates: list[tuple[int, int, str, bool]] = []
    for match in _MAC_RUN_RE.finditer(text):
        run = match.group(0)
        raw = run.encode("mac_roman")
        decoded = raw.decode("utf-8", "surrogateescape")
        if decoded == run or not any(ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF for c in decoded):
            continue
        # Bytes that were no UTF-8 go back to the Mac Roman characters they were.
        fixed = "".join(
            bytes([ord(c) - 0xDC00]).decode("mac_roman") if 0xDC80 <= ord(c) <= 0xDCFF else c for c in decoded
        )
        if fixed == run:
            continue
        made = [c for c in decoded if ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF]
        is_strong = len(made) >= 2 or any(len(c.encode("utf-8")) >= 3 for c in made)
        if is_strong:
            strong += 1
        elif run[0] in _WEAK_LEADS:
            weak += 1
        candidates.append((match.start(), match.end(), fixed, is_strong))
    # Strong evidence anywhere (or two accented letters) shows the text was damaged: then the short runs are too.
    if not candidates or (strong == 0 and weak < 2):
        return text, 0
    pieces: list[str] = []
    pos = 0
    for start, end, fixed, _ in candidates:
        pieces.append(text[pos:start])
        pieces.append(fixed)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), len(candidates)


def _examples(before: str, after: str, limit: int) -> list[tuple[str, str]]:
    """A few of the changed pieces, found line by line (lines keep their count: mojibake never holds a newline)."""
    found: list[tuple[str, str]] = []
    old_lines, new_lines = before.splitlines(), after.splitlines()
    if len(old_lines) != len(new_lines):
        old_lines, new_lines = [before], [after]
    for old, new in zip(old_lines, new_lines, strict=True):
        if old == new:
            continue
        if len(old) > 4000:  # bounded work: the differing middle of a very long line
            head = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), 0)
            found.append((old[head : head + 12], new[head : head + 6]))
        else:
            matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag != "equal":
                    found.append((old[i1:i2], new[j1:j2]))
        if len(found) >= limit:
            break
    return found


def repair(text: str) -> Repaired:
    """``text`` with mojibake undone, and what was done (``changed`` is False for text left alone)."""
    if text.isascii() or not _SUSPECT_RE.search(text):
        return Repaired(text)
    fixed, how = _ftfy(text)
    fixed_mac, runs = _mac_roman_runs(fixed)
    if runs:
        how.add("UTF-8 read as Mac Roman")
    if fixed_mac == text:
        return Repaired(text)
    examples = _examples(text, fixed_mac, 50)
    merged: list[tuple[str, str]] = []
    for pair in examples:
        if pair not in merged:
            merged.append(pair)
    return Repaired(fixed_mac, how, merged, max(len(merged), 1))
