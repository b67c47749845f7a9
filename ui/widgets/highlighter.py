"""Markdown syntax highlighting for the editor: headings, emphasis, code spans and fences, links, lists, quotes, math.

Block state carries multi-line constructs (code fences and ``$$`` math) from one line to the next.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ui import theme

NORMAL, IN_FENCE, IN_MATH = 0, 1, 2
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
        }
        self.formats["strike"].setFontStrikeOut(True)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
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
