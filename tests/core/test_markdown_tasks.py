"""Task boxes the preview can tick (journal.markdown.tasks): each rendered checkbox names its source line, rightly.

The properties, over generated texts full of look-alikes (code blocks, raw HTML, private blocks, display math, front
matter, tables, identical task lines): the clickable render is the plain render but for the links around the boxes;
every box outside a private block is clickable, and none inside one; and ticking the n-th box through the line it
names flips the n-th box of the new render and nothing else.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.markdown import render_html
from journal.markdown.source import private_regions, split_lines
from journal.markdown.tasks import TASK_LINE_RE, parse_task_href, task_href, toggle_task


class _Boxes(HTMLParser):
    """The checkboxes of rendered HTML in order: (href of the link around it or None, checked, inside private)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.boxes: list[tuple[str | None, bool, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input":
            href = self.stack[-1][1] if self.stack and self.stack[-1][0] == "a" else None
            private = any(t == "div" and "private-block" in c.split() for t, c in self.stack)
            self.boxes.append((href, "checked" in found, private))
            return
        if tag in ("br", "hr", "img"):
            return
        self.stack.append((tag, (found.get("href") if tag == "a" else found.get("class")) or ""))

    def handle_endtag(self, tag: str) -> None:
        if all(t != tag for t, _ in self.stack):  # <input/>, or a stray end tag in raw HTML
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def boxes(html: str) -> list[tuple[str | None, bool, bool]]:
    parser = _Boxes()
    parser.feed(html)
    return parser.boxes


def unwrapped(html: str) -> str:
    """The clickable render with each box's link taken off, as the plain render writes the box."""
    html = re.sub(r'<a class="task-box" href="[^"]*" title="[^"]*">(<input[^>]*>)</a>', r"\1", html)
    return html.replace('<input type="checkbox" tabindex="-1"', '<input type="checkbox" disabled')


TASKS = [
    "- [ ] buy milk", "- [x] buy milk", "* [ ] star", "+ [X] plus", "1. [ ] first", "2. [x] second",
    "    - [ ] nested", "  * [x] two spaces", "\t- [ ] tab", "> - [ ] quoted", "> > 1. [x] deeper", "- - [ ] two",
    "- [ ] ", "- [ ]  ", "-   [ ] wide", "- [ ] *emphasis* and `code`", "- [ ] [[Some entry|shown]]", "- [ ] $x^2$",
    "- [ ] <b>raw</b>", "- [ ] a | b", "1) [ ] paren", "- [ ] | b", "- [ ] ```private", "> - [x] ~~~private",
    "  - [ ] ```", "- [ ] $$", "- [ ] <span>x</span>", "- [ ] # not a heading", "- [ ] [^1]",
    "[^2]: - [x] footnote task",
]  # fmt: skip
OTHERS = [
    "", "", "", "text", "more text", "# Heading", "Heading", "---", "===", "title: front matter", "```", "~~~",
    "```python", "```private", "~~~~ Private", "```{.x", "    - [ ] indented code", "    code", "$$", "$$ a $$",
    "<div>\n- [ ] raw\n</div>", "<div>\n\n- [ ] raw\n\n</div>", "<!--", "-->", "| a | b |", "|---|---|",
    "[^1]: - [ ] a footnote", "text [^1]", "`code",
    "  [ ] no marker", "[ ] alone", "- [] empty box", "- [y] other letter", "-[ ] no space", "> ```private",
    "- ```private", "1. text", "- text", "    ```", "\\- [ ] escaped",
]  # fmt: skip


PREFIXES = ["", "", "", "", "", "> ", "    ", "  ", "> > ", "- ", "> - ", "\t", "1. "]


@st.composite
def texts(draw: st.DrawFn) -> str:
    line = st.tuples(st.sampled_from(PREFIXES), st.one_of(st.sampled_from(TASKS), st.sampled_from(OTHERS)))
    lines = ["".join(pair) for pair in draw(st.lists(line, min_size=1, max_size=18))]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


def test_the_boxes_name_their_lines() -> None:
    text = "---\ntitle: front matter\n---\n\n- [ ] a\n- [x] a\n\n```\n- [ ] a\n```\n\n- [ ] a\n"
    html = render_html(text, clickable_tasks=True).html
    assert [b[0] for b in boxes(html)] == [task_href(5, False), task_href(6, True), task_href(12, False)]
    assert "\x1f" not in html


def test_every_kind_of_list_and_nesting() -> None:
    text = "* [ ] star\n+ [X] plus\n\n1. [ ] one\n\n- [ ] top\n    - [x] nested\n\n> - [ ] quoted\n> > 3. [ ] deeper\n"
    lines = [parse_task_href(b[0] or "") for b in boxes(render_html(text, clickable_tasks=True).html)]
    assert lines == [(1, False), (2, True), (4, False), (6, False), (7, True), (9, False), (10, False)]


def test_code_raw_html_math_and_private_blocks_give_no_clickable_box() -> None:
    text = (
        "```\n- [ ] fenced\n```\n\n    - [ ] indented\n\n<div>\n- [ ] raw\n</div>\n\n$$\n- [ ] x\n$$\n\n"
        "```private\n- [ ] secret\n```\n\npara\n- [ ] lazy\n"
    )
    html = render_html(text, clickable_tasks=True).html
    assert unwrapped(html) == render_html(text).html
    assert [b[:2] for b in boxes(html)] == [(None, False)] and boxes(html)[0][2]  # only the private one, disabled
    assert "- [ ] fenced" in html and "- [ ] indented" in html and "- [ ] raw" in html


def test_a_highlighted_code_block_keeps_its_text() -> None:
    text = "```python\n- [ ] x = 1\n```\n\n    :::python\n    - [ ] y = 2\n"
    assert render_html(text, clickable_tasks=True).html == render_html(text).html


@settings(
    max_examples=int(os.environ.get("TASK_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts())
def test_the_nth_box_is_the_task_on_the_line_it_names(text: str) -> None:
    plain = render_html(text).html
    html = render_html(text, clickable_tasks=True).html
    assert unwrapped(html) == plain  # the marks leave no trace
    found = boxes(html)
    assert not any(href is not None and private for href, _, private in found)  # none shown as private is clickable
    clickable = [(parse_task_href(href), checked) for href, checked, _ in found if href is not None]
    assert len({where for where, _ in clickable}) == len(clickable)  # one box a line
    hidden = {i + 1 for r in private_regions(split_lines(text)) for i in range(r.start, r.end)}
    for n, (where, checked) in enumerate(clickable):
        assert where is not None and where[1] == checked and where[0] not in hidden
        edit = toggle_task(text, *where)
        assert edit is not None  # the core finds a task of that state on that line
        after = [(parse_task_href(h), c) for h, c, _ in boxes(render_html(edit.apply(text), clickable_tasks=True).html)
                 if h is not None]  # fmt: skip
        expected = [(w, c) for w, c in clickable]
        expected[n] = ((where[0], not checked), not checked)
        assert after == expected  # the n-th box flipped, and only it
    # And no box is missed: a task line outside private blocks that no clickable box names shows no box outside the
    # private asides (ticking it changes nothing there; Python-Markdown may show a line after a private block in
    # a list inside the aside, and a box shown as private is never clickable).
    shown = [c for _, c, private in found if not private]
    named = {where[0] for where, _ in clickable if where is not None}
    for line, body in enumerate(split_lines(text), 1):
        m = TASK_LINE_RE.match(body)
        if m is None or line in named or line in hidden:
            continue
        edit = toggle_task(text, line, m.group("state") != " ")
        assert edit is not None
        assert [c for _, c, private in boxes(render_html(edit.apply(text)).html) if not private] == shown


@pytest.mark.parametrize(
    "address",
    [
        "trailbook-task:0/open",
        "trailbook-task:3/maybe",
        "trailbook-task:x/open",
        "https://x",
        "",
        "trailbook-task:1/open/",
    ],
)
def test_other_addresses_are_no_task(address: str) -> None:
    assert parse_task_href(address) is None


def test_not_clickable_unless_asked_and_never_when_stripping() -> None:
    assert "task-box" in render_html("- [ ] a", clickable_tasks=True).html
    assert "task-box" not in render_html("- [ ] a").html  # the per-conversion setting does not stick
    with pytest.raises(ValueError):
        render_html("- [ ] a", private="strip", clickable_tasks=True)
