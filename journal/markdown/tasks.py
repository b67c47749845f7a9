"""Task boxes the preview can tick: each rendered ``- [ ]`` / ``- [x]`` carries the source line it was written on.

``render_html(text, clickable_tasks=True)`` (the preview) wraps each task's checkbox in a link
``trailbook-task:<line>/open`` or ``…/done`` (1-based line); the window turns a click on it into
:func:`toggle_task` on the editor's text. Everything else renders exactly as without it (a property test holds the two
renders to the same HTML, wrappers aside).

Which checkbox came from which line is known, not guessed: before any block is parsed, every line that could hold a
task (list markers, then a box) gets an invisible mark naming its line right after its box. A checkbox the task-list
extension makes from a list item whose text begins with such a mark is that line's task. Marks that land anywhere
else (code, raw HTML, a paragraph, a table, a heading, display math) are taken out before anything reads that text —
so a ``- [ ]`` inside a code block, several identical task lines or front matter change nothing. Checkboxes inside a
private block stay as they were: not clickable.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from journal.markdown.source import PrivateRegion, line_body, may_hold_private, private_regions, split_lines

TASK_SCHEME = "trailbook-task"
BOX_CLASS = "task-box"
TIP_OPEN = "Mark as done"
TIP_DONE = "Mark as not done"

# A line that may hold a task: a footnote's opening, container prefixes (indentation, ``>``, list markers), a list
# marker, a box, a space. Group "state" is the box's inside. The same expression marks lines for the renderer and
# finds the box to toggle.
TASK_LINE_RE = re.compile(
    r"(?:[ \t]*\[\^[^\]\s]+\]:[ \t]+)?(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])[ \t])*"
    r"(?:[-*+]|\d{1,9}[.)])[ \t]+\[(?P<state>[ xX])\][ \t]+"
)
# The mark put after a box names its line in characters that Python (and so Python-Markdown) takes for white space
# (U+001F, then the digits as U+2000…U+2009, then U+001F): wherever the parser strips a line's trailing spaces it
# strips the mark with them, just as the box's own spaces would go; nowhere is it a line break. A text that already
# holds U+001F gets no marks (nothing can be forged).
_MARK_EDGE = "\x1f"
_MARK_RE = re.compile("\x1f([\u2000-\u2009]+)\x1f")
_CELL_END_RE = re.compile("[ ]*\x1f[\u2000-\u2009]+\x1f\\Z")
_DIGITS = str.maketrans("0123456789", "".join(chr(0x2000 + d) for d in range(10)))
_UNDIGITS = str.maketrans("".join(chr(0x2000 + d) for d in range(10)), "0123456789")


def _mark(line: int) -> str:
    return _MARK_EDGE + str(line).translate(_DIGITS) + _MARK_EDGE


def _marked_line(m: re.Match[str]) -> int:
    return int(m.group(1).translate(_UNDIGITS))


_HREF_RE = re.compile(rf"{TASK_SCHEME}:([0-9]{{1,9}})/(open|done)")


def strip_marks(text: str) -> str:
    """``text`` without the line marks (what it was before they were put in)."""
    return _MARK_RE.sub("", text) if _MARK_EDGE in text else text


def task_href(line: int, done: bool) -> str:
    """The address of the task box on ``line`` (1-based) in state ``done``."""
    return f"{TASK_SCHEME}:{line}/{'done' if done else 'open'}"


def parse_task_href(address: str) -> tuple[int, bool] | None:
    """(line, done) of a task box's address, or None when it is none."""
    m = _HREF_RE.fullmatch(address)
    if m is None or int(m.group(1)) < 1:
        return None
    return int(m.group(1)), m.group(2) == "done"


@dataclass(frozen=True, slots=True)
class TaskToggle:
    """One box ticked or cleared: ``text[offset]`` (code points) is ``old`` and becomes ``new``."""

    offset: int
    old: str
    new: str

    def apply(self, text: str) -> str:
        return text[: self.offset] + self.new + text[self.offset + 1 :]


def toggle_task(text: str, line: int, done: bool) -> TaskToggle | None:
    """The edit that flips the task box on ``line`` (1-based), which the page showed as ``done``; None when that
    line holds no task box in that state (the text changed since it was rendered: nothing is touched)."""
    lines = split_lines(text)
    if not 1 <= line <= len(lines):
        return None
    m = TASK_LINE_RE.match(line_body(lines[line - 1]))
    if m is None or (m.group("state") != " ") != done:
        return None
    offset = sum(len(before) for before in lines[: line - 1]) + m.start("state")
    return TaskToggle(offset, m.group("state"), " " if done else "x")


class TaskMarkPreprocessor(Preprocessor):
    """Puts each candidate line's mark after its box (priority 29.5: after whitespace normalisation, before private
    blocks add lines, so a line's index is its line in the source). Lines of private blocks get none: their boxes
    stay as they were, wherever Python-Markdown puts them (a footnote defined in one is shown at the page's end).
    The private blocks found are kept for the private preprocessor, which must not read the marks."""

    def __init__(self, md: Markdown, owner: TaskBoxes) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        self.owner.marked = False
        self.owner.regions = []
        if not self.owner.clickable:
            return lines
        text = "\n".join(lines)
        if "[" not in text or _MARK_EDGE in text:
            return lines
        private = [False] * len(lines)
        if may_hold_private(text):
            self.owner.regions = private_regions(lines)
            for region in self.owner.regions:
                private[region.start : region.end] = [True] * (region.end - region.start)
        out = lines
        for i, line in enumerate(lines):
            if "[" not in line or private[i]:
                continue
            m = TASK_LINE_RE.match(line)
            if m is None:
                continue
            if out is lines:
                out = list(lines)
            out[i] = line[: m.end()] + _mark(i + 1) + line[m.end() :]
            self.owner.marked = True
        return out


class FencedMarkCleaner(Preprocessor):
    """Takes the marks out of fenced code just before ``fenced_code`` highlights it (priority 25.5), reading the
    blocks as it does: the same expression from the same places (a mark is never on a fence line, so taking it out
    moves no block)."""

    def __init__(self, md: Markdown, owner: TaskBoxes) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        if not self.owner.marked:
            return lines
        text = "\n".join(lines)
        if _MARK_EDGE not in text:
            return lines
        pieces: list[str] = []
        pos = index = 0
        while (m := FencedBlockPreprocessor.FENCED_BLOCK_RE.search(text, index)) is not None:
            if m.group("attrs") and get_attrs_and_remainder(m.group("attrs"))[1]:
                index = m.end("attrs")  # fenced_code skips such a fence too
                continue
            start, end = m.span("code")
            pieces.append(text[pos:start])
            pieces.append(strip_marks(text[start:end]))
            pos, index = end, m.end()
        pieces.append(text[pos:])
        return "".join(pieces).split("\n")


class _MarksTreeprocessor(Treeprocessor):
    """A tree step of the task boxes' extension: it reads the marks its ``owner`` put in (none: it does nothing)."""

    def __init__(self, md: Markdown, owner: TaskBoxes) -> None:
        super().__init__(md)
        self.owner = owner


class CodeMarkCleaner(_MarksTreeprocessor):
    """Takes the marks out of indented code before ``codehilite`` reads it (priority 31)."""

    def run(self, root: etree.Element) -> None:
        if not self.owner.marked:
            return
        for pre in root.iter("pre"):
            for code in pre:
                if code.text and _MARK_EDGE in code.text:
                    code.text = type(code.text)(strip_marks(code.text))  # keeps an AtomicString atomic


class TaskBoxProcessor(_MarksTreeprocessor):
    """Right after ``pymdownx.tasklist`` (25) and before inline patterns (20): each checkbox followed by a mark becomes
    a link to its line; then every other mark goes, from the tree and from stashed raw HTML."""

    def run(self, root: etree.Element) -> None:
        if not self.owner.marked:
            return
        from journal.markdown.private import PRIVATE_CLASS  # (private.py reads the marks of this module)

        stash = self.md.htmlStash.rawHtmlBlocks
        private: set[int] = set()
        for div in root.iter("div"):
            if PRIVATE_CLASS in div.get("class", "").split():
                private.update(id(li) for li in div.iter("li"))
        for li in root.iter("li"):
            if "task-list-item" not in li.get("class", "").split() or id(li) in private:
                continue
            holder = li if li.text else next(iter(li), None)
            if holder is None or not holder.text:
                continue
            box = HTML_PLACEHOLDER_RE.match(holder.text)
            mark = _MARK_RE.match(holder.text, box.end()) if box is not None else None
            if box is None or mark is None:
                continue
            index = int(box.group(1))
            checkbox = stash[index]
            if isinstance(checkbox, str) and checkbox.startswith("<input"):
                stash[index] = _clickable(checkbox, _marked_line(mark))
        for el in root.iter():
            if el.text and _MARK_EDGE in el.text:
                text = el.text
                if el.tag in ("td", "th"):  # a cell is stripped of spaces (not of the mark): as if the mark was not
                    text = _CELL_END_RE.sub("", text)
                el.text = type(el.text)(strip_marks(text))
            if el.tail and _MARK_EDGE in el.tail:
                el.tail = type(el.tail)(strip_marks(el.tail))
        for i, raw in enumerate(stash):
            if isinstance(raw, str) and _MARK_EDGE in raw:
                stash[i] = strip_marks(raw)


def _clickable(checkbox: str, line: int) -> str:
    """``<input type="checkbox" disabled[ checked]/> `` as a link to its line: the box itself takes no clicks (the
    link does) and no focus (the link has it: Tab reaches it, Enter ticks it)."""
    done = " checked" in checkbox
    tip = TIP_DONE if done else TIP_OPEN
    box = f'<input type="checkbox" tabindex="-1"{" checked" if done else ""}/>'
    return f'<a class="{BOX_CLASS}" href="{task_href(line, done)}" title="{tip}">{box}</a> '


class TaskBoxes(Extension):
    """Registers the marks and the boxes as ``md.trailbook_tasks``; ``clickable`` is set per conversion."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.clickable = False
        self.marked = False
        self.regions: list[PrivateRegion] = []  # the private blocks of the unmarked lines

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(TaskMarkPreprocessor(md, self), "trailbook-task-marks", 29.5)
        md.preprocessors.register(FencedMarkCleaner(md, self), "trailbook-task-fenced", 25.5)
        md.treeprocessors.register(CodeMarkCleaner(md, self), "trailbook-task-code", 31)
        md.treeprocessors.register(TaskBoxProcessor(md, self), "trailbook-task-boxes", 24.5)
        md.trailbook_tasks = self  # type: ignore[attr-defined]
