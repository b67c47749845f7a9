"""Links between entries in rendered HTML: a Python-Markdown inline processor for ``[[Title]]``,
``[[Title|shown text]]`` and ``[[Title#Heading]]`` (the rules are :mod:`journal.markdown.wikilinks`').

Where a link goes is asked of ``resolve`` (set per conversion on ``md.trailbook_links``): a :class:`LinkTarget`
makes ``<a class="wikilink" href=…>``; None (no such entry) makes ``<span class="wikilink broken">``, shown as broken;
with no resolver at all (a text rendered outside any journal) a link is ``<span class="wikilink">``, its text only.
Code spans and escapes are taken out of the text before inline patterns run, so neither ever makes a link.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.util import INLINE_PLACEHOLDER_RE

from journal.markdown.source import comment_spans
from journal.markdown.wikilinks import WikiLink, is_file_embed, parse_inner

LINK_CLASS = "wikilink"
BROKEN_CLASS = "wikilink broken"
BROKEN_TIP = "No entry is called “{target}”"
# Escapes and code spans arrive stashed (STX klzzwxh:N ETX): an escape's node is the text STX <code point> ETX and
# stands for that character written with a backslash; a code span inside the brackets makes it no link.
_PATTERN = r"(!?)\[\[((?:[^\[\]\r\n\x02\x03]|\x02klzzwxh:[0-9]+\x03)+)\]\]"
_ESCAPED_RE = re.compile("\x02([0-9]+)\x03")


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a link goes: its address and the tooltip that names the entry."""

    href: str
    title: str = ""


Resolver = Callable[[WikiLink], LinkTarget | None]


class WikiLinkProcessor(InlineProcessor):
    """Turns each link into an element; ``resolve`` may change between conversions."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(_PATTERN, md)
        self.resolve: Resolver | None = None

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:  # type: ignore[override]
        if "<!--" in data and any(s < m.end() and m.start() < e for s, e in comment_spans(data)):
            return None, None, None  # inside an HTML comment (inline HTML is read after this pattern runs)
        inner = self._unstash(m.group(2))
        parsed = parse_inner(inner) if inner is not None else None
        if parsed is None:
            return None, None, None
        target, heading, label, escaped_pipe = parsed
        embed = bool(m.group(1))
        if embed and is_file_embed(target):
            return None, None, None
        link = WikiLink(0, 0, target, heading, label, embed, escaped_pipe)
        if self.resolve is None:
            el = etree.Element("span", {"class": LINK_CLASS})
        else:
            found = self.resolve(link)
            if found is None:
                el = etree.Element("span", {"class": BROKEN_CLASS, "title": BROKEN_TIP.format(target=target)})
            else:
                el = etree.Element("a", {"class": LINK_CLASS, "href": found.href})
                if found.title:
                    el.set("title", found.title)
        el.text = link.text
        return el, m.start(0), m.end(0)

    def _unstash(self, inner: str) -> str | None:
        """The inside as written: escapes back as backslash escapes; None when a code span (or other markup) sits
        in it."""
        if "\x02" not in inner:
            return inner
        stashed = self.md.treeprocessors["inline"].stashed_nodes  # type: ignore[attr-defined]
        broken = False

        def back(m: re.Match[str]) -> str:
            nonlocal broken
            node = stashed.get(m.group(1))
            escaped = _ESCAPED_RE.fullmatch(node) if isinstance(node, str) else None
            if escaped is None:
                broken = True
                return ""
            return "\\" + chr(int(escaped.group(1)))

        text = INLINE_PLACEHOLDER_RE.sub(back, inner)
        return None if broken else text


class WikiLinkExtension(Extension):
    """Registers :class:`WikiLinkProcessor` as ``md.trailbook_links`` (before reference links, after escapes)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        processor = WikiLinkProcessor(md)
        md.inlinePatterns.register(processor, "trailbook-wikilink", 172)
        md.trailbook_links = processor  # type: ignore[attr-defined]
