"""Word count of markdown source, as a person reading the preview would count.

The rule (also in docs/markdown.md):

- Markup is not counted: heading ``#``, list markers and ``[ ]`` boxes, ``>``, emphasis marks, table pipes and
  delimiter rows, fence lines (with their language), HTML tags and comments, ``[TOC]``, footnote marks.
- Links count their text, not their URL; images and reference definitions count nothing (the reader sees a picture).
  A link to an entry counts what the preview shows of it: ``[[Title|shown text]]`` its shown text, ``[[Title]]`` the
  title, ``[[Title#Heading]]`` both (the rules are ``journal.markdown.wikilinks``'; as with ``[text](url)``, a
  link written in code counts so too).
- Each formula (``$…$`` or ``$$…$$``) counts as one word.
- Code counts: it is visible text, one word per whitespace-separated token that has a letter or digit.
- A word is a run between spaces (or em/en dashes) that holds at least one letter or digit, so ``don't``,
  ``state-of-the-art``, ``3.14`` and ``snake_case`` are one word each and a lone ``—`` or ``-`` is none.
- Chinese characters, kana and other CJK ideographs count one word each, as word processors do; Hangul is counted
  by spaces like Latin script. Scripts written without spaces (Thai, Lao, Khmer, Burmese) count a run as one word.
"""

from __future__ import annotations

import re

from journal.markdown.source import comment_spans
from journal.markdown.wikilinks import shown_as_text

# Line-start patterns begin with a newline (put before the text) rather than ``^`` with MULTILINE: sre finds a literal
# start in C, where ``^`` is tried at every character (the fence and list passes take a third to a quarter of the time).
_FENCE_LINE_RE = re.compile(r"\n[ \t>]*(?:`{3,}|~{3,})[^\n]*")
_DEFINITION_RE = re.compile(r"\n[ \t>]*\[[^\]\n]+\]:[^\n]*")
_FOOTNOTE_DEF_RE = re.compile(r"\n([ \t>]*)\[\^[^\]\n]+\]:")
# Destinations stop at the next unmatched parenthesis, so many unclosed `](` never make a regex rescan the text.
_IMAGE_RE = re.compile(r"!\[(?:[^\[\]]|\[[^\[\]]*\])*\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\])?")
_LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\])")
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")
# An escaped `\$` never opens a formula (also what keeps this linear on text full of `\$`).
_MATH_RE = re.compile(
    r"(?=\$)(?<!\\)(?:\$\$(?:[^$\\]|\\.)+?\$\$|\$(?![\s$])(?:[^$\\]|\\.)+?(?<=\S)\$(?!\d))", re.DOTALL
)
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^>\s]*)>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_LIST_MARKER_RE = re.compile(r"\n([ \t>]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_SEPARATORS_RE = re.compile(r"[|\u2014\u2013\u2026]")
_TOC_RE = re.compile(r"^[ \t]*\[TOC\][ \t]*$", re.MULTILINE)
# Han (incl. extensions and compatibility), kana, bopomofo, CJK symbols' letters; each counts as a word.
_CJK = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_CJK_RE = re.compile(f"[{_CJK}]")
# A run between spaces (and CJK characters) holding a letter or digit, matched once from the start of the run.
_WORD_RUN_RE = re.compile(rf"(?<![^\s{_CJK}])[^\s{_CJK}]*?[^\W_{_CJK}][^\s{_CJK}]*")
_NO_WORD_TOKEN_RE = re.compile(r"(?<!\S)(?:[^\w\s]|_)+(?!\S)")
# A list marker holding a letter or digit ("1.", "[x]"), searched for after a newline put before the text (a literal
# start is found in C; ``^`` with MULTILINE is tried at every character): only then are markers taken out.
_WORDY_MARKER_RE = re.compile(r"\n[ \t>]*(?:\d{1,9}[.)][ \t]|[-*+][ \t]+\[[xX]\][ \t])")
# ASCII text is counted in C: letters and digits become "a", white space (as str.split() sees it) and the separator
# "|" a space, and everything else is dropped, so a token of punctuation alone is gone and a word is a run of "a"s.
_ASCII_DROPPED = bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c).isspace() or c == 0x7C))
_ASCII_TABLE = bytes(0x61 if chr(c).isalnum() else 0x20 if chr(c).isspace() or c == 0x7C else c for c in range(256))


def count_words(text: str) -> int:
    """Words a person sees in this markdown (see the module docstring for the rule)."""
    if not text:
        return 0
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "[[" in text:
        text = shown_as_text(text)
    # Each pass only runs when its syntax can be there: the count runs on every preview render.
    if "<!--" in text:
        pieces, pos = [], 0
        for start, end in comment_spans(text):
            pieces.append(text[pos:start])
            pos = end
        text = " ".join([*pieces, text[pos:]])
    if "```" in text or "~~~" in text:
        text = _FENCE_LINE_RE.sub("\n ", "\n" + text)[1:]
    if "[TOC]" in text:
        text = _TOC_RE.sub(" ", text)
    if "]:" in text:
        text = _DEFINITION_RE.sub("\n ", _FOOTNOTE_DEF_RE.sub(r"\n\1 ", "\n" + text))[1:]
    if "$" in text:
        text = _MATH_RE.sub(" M ", text)  # a formula is one word
    if "[" in text:
        text = _IMAGE_RE.sub(" ", text)
        text = _LINK_RE.sub(r"\1", text)
        text = _FOOTNOTE_REF_RE.sub(" ", text)
    if "<" in text:
        text = _AUTOLINK_RE.sub(r" \1 ", text)
        text = _TAG_RE.sub(" ", text)
    if _WORDY_MARKER_RE.search("\n" + text) is not None:  # a numbered marker or a ticked box (a bullet is no word)
        text = _LIST_MARKER_RE.sub(r"\n\1 ", "\n" + text)[1:]
    if text.isascii():  # the fast path
        marks = text.encode("ascii").translate(_ASCII_TABLE, _ASCII_DROPPED)
        return marks.count(b" a") + marks.startswith(b"a")
    text = _SEPARATORS_RE.sub(" ", text)
    if _CJK_RE.search(text) is None:  # whitespace-separated tokens less those without letters
        return len(text.split()) - len(_NO_WORD_TOKEN_RE.findall(text))
    return len(_CJK_RE.findall(text)) + len(_WORD_RUN_RE.findall(text))
