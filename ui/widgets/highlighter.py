"""Markdown syntax highlighting for the editor: headings, emphasis, code spans and fences, links, lists, quotes, math,
and private blocks.

Block state carries multi-line constructs (code fences and ``$$`` math) from one line to the next. Private blocks
are what publishing removes, so they are found by the very rule publishing uses
(:func:`journal.markdown.source.private_regions`, on the text as it is saved), over the whole document: after each
edit the known blocks move with the lines, and once typing pauses the rule runs again and the lines whose state
changed are highlighted again.
"""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ui import theme

NORMAL, IN_FENCE, IN_MATH = 0, 1, 2
PRIVATE_REFRESH_MS = 120  # after the last keystroke: the rule reads the whole text, so not on every key
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s.*$")
_RULES = (
    ("code", re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")),
    ("emphasis", re.compile(r"(?<![*_\w])([*_])(?![*_\s])(.+?)(?<![*_\s])\1(?![*_\w])")),
    ("strong", re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")),
    ("strike", re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")),
    ("link", re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|<https?://[^>\s]+>|https?://\S+")),
    ("math", re.compile(r"(?<![\\$])\$(?=\S)[^$\n]+?(?<=\S)\$(?!\d)")),
)
_LIST_RE = re.compile(r"^\s*([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?")
_QUOTE_RE = re.compile(r"^\s{0,3}>.*$")


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        self.private_blocks: list[tuple[int, int]] = []  # block numbers [start, end) of private blocks, in order
        self._private_starts: list[int] = []
        self._block_count = document.blockCount()
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.timeout.connect(self.refresh_private)
        # Our slot must see each change before the highlighter's own one re-highlights the changed lines.
        self.setDocument(None)  # type: ignore[arg-type]
        document.contentsChange.connect(self._contents_changed)
        self.setDocument(document)
        self.set_theme(theme.current())

    def set_theme(self, name: str) -> None:
        c = theme.colours(name)

        def fmt(colour: str, *, bold: bool = False, italic: bool = False, bg: str | None = None) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setForeground(QColor(colour))
            if bold:
                f.setFontWeight(QFont.Weight.Bold)
            if italic:
                f.setFontItalic(True)
            if bg:
                f.setBackground(QColor(bg))
            return f

        self.formats = {
            "heading": fmt(c["heading"], bold=True),
            "heading_mark": fmt(c["muted"], bold=True),
            "strong": fmt(c["text"], bold=True),
            "emphasis": fmt(c["text"], italic=True),
            "strike": fmt(c["muted"]),
            "code": fmt(c["text"], bg=c["code_bg"]),
            "fence": fmt(c["text"], bg=c["code_bg"]),
            "fence_mark": fmt(c["muted"], bg=c["code_bg"]),
            "link": fmt(c["link"]),
            "math": fmt(c["math"]),
            "list": fmt(c["accent"], bold=True),
            "quote": fmt(c["quote"], italic=True),
            "private": fmt(c["warn_text"], bg=c["warn_bg"]),  # as the preview's private aside
        }
        self.formats["strike"].setFontStrikeOut(True)
        self.rehighlight()

    def is_private(self, block_number: int) -> bool:
        """Whether the line is in a private block (as last found; see :meth:`refresh_private`)."""
        k = bisect.bisect_right(self._private_starts, block_number) - 1
        return k >= 0 and block_number < self.private_blocks[k][1]

    def refresh_private(self) -> None:
        """Find the private blocks again and re-highlight the lines that went in or out of one."""
        from journal.markdown.source import may_hold_private  # here: off the start path, until a text is open

        self._refresh.stop()
        document = self.document()
        if document is None:
            return
        text = document.toPlainText()
        found = _private_blocks(document, text) if may_hold_private(text) else []
        if found == self.private_blocks:
            return
        changed = sorted(_numbers(self.private_blocks) ^ _numbers(found))
        self._set_private(found)
        for n in changed:
            block = document.findBlockByNumber(n)
            if block.isValid():
                self.rehighlightBlock(block)

    def _set_private(self, blocks: list[tuple[int, int]]) -> None:
        self.private_blocks = blocks
        self._private_starts = [start for start, _ in blocks]

    def _contents_changed(self, position: int, removed: int, added: int) -> None:
        document = self.document()
        count = document.blockCount()
        delta, self._block_count = count - self._block_count, count
        if position == 0 and added >= document.characterCount() - 1:
            self._set_private([])  # a new text (an entry opened): its blocks right after it is first drawn
            self._refresh.start(0)
            return
        if delta and self.private_blocks:  # lines came or went: the blocks below move with them
            edited = document.findBlock(position)
            first, at_start = edited.blockNumber(), position == edited.position()
            moved = []
            for start, end in self.private_blocks:
                start = start + delta if start > first or (start == first and at_start) else start
                moved.append((start, max(start, end + delta) if end > first else end))
            self._set_private([(start, end) for start, end in moved if end > start])
        self._refresh.start(PRIVATE_REFRESH_MS)

    def highlightBlock(self, text: str) -> None:
        if self.private_blocks and self.is_private(self.currentBlock().blockNumber()):
            self.setFormat(0, len(text), self.formats["private"])
            self.setCurrentBlockState(NORMAL)
            return
        state = self.previousBlockState()
        if state == IN_FENCE:
            if _FENCE_RE.match(text):
                self.setFormat(0, len(text), self.formats["fence_mark"])
                self.setCurrentBlockState(NORMAL)
            else:
                self.setFormat(0, len(text), self.formats["fence"])
                self.setCurrentBlockState(IN_FENCE)
            return
        if state == IN_MATH:
            self.setFormat(0, len(text), self.formats["math"])
            self.setCurrentBlockState(NORMAL if "$$" in text else IN_MATH)
            return
        self.setCurrentBlockState(NORMAL)
        if _FENCE_RE.match(text):
            self.setFormat(0, len(text), self.formats["fence_mark"])
            self.setCurrentBlockState(IN_FENCE)
            return
        stripped = text.strip()
        if stripped.startswith("$$"):
            self.setFormat(0, len(text), self.formats["math"])
            closed = stripped.count("$$") >= 2 and len(stripped) > 2
            self.setCurrentBlockState(NORMAL if closed else IN_MATH)
            return
        heading = _HEADING_RE.match(text)
        if heading:
            self.setFormat(0, len(text), self.formats["heading"])
            self.setFormat(heading.start(1), len(heading.group(1)), self.formats["heading_mark"])
            return
        if _QUOTE_RE.match(text):
            self.setFormat(0, len(text), self.formats["quote"])
        marker = _LIST_RE.match(text)
        if marker:
            self.setFormat(0, marker.end(), self.formats["list"])
        for name, pattern in _RULES:
            for m in pattern.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), self.formats[name])


def _numbers(blocks: list[tuple[int, int]]) -> set[int]:
    return {n for start, end in blocks for n in range(start, end)}


def _private_blocks(document: QTextDocument, text: str) -> list[tuple[int, int]]:
    """Block numbers ``[start, end)`` of the private blocks in ``text`` (the document's saved form, where a line
    separator inside a block, typed with Shift+Enter, is a new line)."""
    from journal.markdown.source import private_regions

    lines = text.split("\n")
    regions = private_regions(lines)
    if len(lines) == document.blockCount():
        return [(r.start, r.end) for r in regions]
    first_line: list[int] = []  # the first saved line of each block
    line, block = 0, document.begin()
    while block.isValid():
        first_line.append(line)
        line += block.text().count("\u2028") + 1
        block = block.next()
    found: list[tuple[int, int]] = []
    for r in regions:
        start = bisect.bisect_right(first_line, r.start) - 1
        end = bisect.bisect_right(first_line, r.end - 1)
        if found and start < found[-1][1]:
            found[-1] = (found[-1][0], max(found[-1][1], end))
        else:
            found.append((start, end))
    return found
