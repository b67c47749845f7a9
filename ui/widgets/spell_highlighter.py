"""The editor's highlighter with spell checking layered on the markdown one: misspelt words get a red wavy underline
over whatever colour the markdown highlighting gave them.

Which words are checked is the core's rule (:mod:`journal.markdown.spelling`), run line by line: the state it
carries from one line to the next (in code, math, front matter…) is kept in the upper bits of each block's state, above
the markdown highlighter's own, so that a line whose spelling state changes makes Qt highlight the next line again, as
it does for the markdown states. The markdown highlighter reads its own part only (``previousBlockState`` is masked).

Only the lines Qt re-highlights are checked (the line being typed in, as a rule), and every word's verdict is cached by
the checker. The word being typed, with the cursor at its end, is not marked until the cursor leaves it: a half-typed
word is not a mistake. A long text that replaces the whole document (an entry opened) is highlighted without checking
(``deferred``), so it opens as fast as with checking off; the spell checker then checks it a slice at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QColor, QTextBlock, QTextCharFormat, QTextDocument

from journal.markdown.spelling import START, LineState, scan_line, word_spans
from journal.spellcheck import SpellChecker
from ui import theme
from ui.widgets.highlighter import MarkdownHighlighter

SHIFT = 8  # the markdown highlighter's states fit below these bits
DEFER_CHARS = 30_000  # a new text longer than this (some 5,000 words) is checked after it is shown
MARKDOWN_BITS = (1 << SHIFT) - 1
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def utf16_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code-point offsets as the UTF-16 offsets Qt counts in (an emoji is two units there)."""
    if text.isascii() or _ASTRAL_RE.search(text) is None:
        return spans
    units, at = [0] * (len(text) + 1), 0
    for k, ch in enumerate(text):
        units[k] = at
        at += 2 if ord(ch) > 0xFFFF else 1
    units[len(text)] = at
    return [(units[s], units[e]) for s, e in spans]


def line_state_before(block: QTextBlock) -> LineState:
    """The spelling state the line before ``block`` left (as last highlighted)."""
    previous = block.previous()
    raw = previous.userState() if previous.isValid() else -1
    return START if raw < 0 else LineState.unpack(raw >> SHIFT)


class SpellCheckHighlighter(MarkdownHighlighter):
    """Markdown highlighting, plus misspelt words underlined while ``checker`` is set."""

    checker: SpellChecker | None = None
    caret: Callable[[], int] | None = None  # the editor's cursor position (the word being typed is left alone)
    held: tuple[int, int] | None = None  # (block number, caret position) of a word left unmarked while typed
    _underline = QColor("#b42318")
    deferred = False  # a long new text is shown unchecked; whoever set the checker checks it then

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        # Our slot sees each change before the highlighter re-highlights the changed lines (as the markdown one's).
        self.setDocument(None)  # type: ignore[arg-type]
        document.contentsChange.connect(self._before_change)
        self.setDocument(document)

    def _before_change(self, position: int, _removed: int, added: int) -> None:
        count = self.document().characterCount()
        self.deferred = position == 0 and added >= count - 1 and count > DEFER_CHARS and self.checker is not None

    def set_theme(self, name: str) -> None:
        self._underline = QColor(theme.colours(name)["danger"])
        super().set_theme(name)

    def set_checker(self, checker: SpellChecker | None) -> None:
        """Start or stop checking; the caller re-highlights (all at once, or a few lines at a time)."""
        self.checker = checker
        self.held = None

    def previousBlockState(self) -> int:  # the markdown highlighter's part only
        state = super().previousBlockState()
        return state if state < 0 else state & MARKDOWN_BITS

    def highlightBlock(self, text: str) -> None:
        raw = super().previousBlockState()
        before = START if raw < 0 else LineState.unpack(raw >> SHIFT)
        prose, after = scan_line(text, before)
        super().highlightBlock(text)
        own = self.currentBlockState()
        self.setCurrentBlockState((own & MARKDOWN_BITS if own >= 0 else 0) | after.pack() << SHIFT)
        if prose and self.checker is not None and not self.deferred:
            self._underline_misspelt(text)
        elif self.held is not None and self.held[0] == self.currentBlock().blockNumber():
            self.held = None

    def misspelt(self, text: str) -> list[tuple[int, int, str]]:
        """The misspelt words of a prose line: UTF-16 start and end, and the word."""
        checker = self.checker
        if checker is None:
            return []
        spans = [(s, e) for s, e in word_spans(text) if not checker.check(text[s:e])]
        return [(s16, e16, text[s:e]) for (s, e), (s16, e16) in zip(spans, utf16_spans(text, spans), strict=True)]

    def word_at(self, block: QTextBlock, position: int) -> tuple[int, int, str] | None:
        """The checkable word of ``block`` at UTF-16 ``position`` within it (start, end, word), or None when the
        position is not on one (in code, a URL, between words…)."""
        text = block.text()
        prose, _after = scan_line(text, line_state_before(block))
        if not prose:
            return None
        spans = word_spans(text)
        for (s, e), (s16, e16) in zip(spans, utf16_spans(text, spans), strict=True):
            if s16 <= position <= e16:
                return s16, e16, text[s:e]
        return None

    def _underline_misspelt(self, text: str) -> None:
        found = self.misspelt(text)
        block = self.currentBlock()
        caret = self.caret() - block.position() if self.caret is not None else -1
        number = block.blockNumber()
        if self.held is not None and self.held[0] == number:
            self.held = None
        for start, end, _word in found:
            if end == caret:
                self.held = (number, block.position() + caret)
                continue
            first = self.format(start)
            if first == self.format(end - 1):  # a word holds no markup, so its format is one run as a rule
                runs = [(start, end, first)]
            else:
                runs = [(k, k + 1, self.format(k)) for k in range(start, end)]
            for s, e, fmt in runs:
                fmt = QTextCharFormat(fmt)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
                fmt.setUnderlineColor(self._underline)
                self.setFormat(s, e - s, fmt)
