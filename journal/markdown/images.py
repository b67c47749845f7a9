"""Image links: find and rewrite them in markdown SOURCE, and rewrite ``src`` while rendering.

The desktop app resolves ``attachments/<sha256>.<ext>`` to file URLs for the preview; publishing rewrites them to the
blog's paths in the markdown it writes. Three forms are understood: inline ``![alt](src "title")``, reference images
(``![alt][id]``, ``![id][]``, ``![id]``) through their definitions ``[id]: src``, and raw ``<img src="…">``. Code
blocks, code spans and HTML comments are never touched.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from journal.markdown.source import Protected, comment_spans, is_escaped, spans_blank_line

# A tag cannot hold `<` or `>`, so an unclosed `<img` never makes the regex rescan the rest of the text.
_IMG_TAG_RE = re.compile(
    r"<img\b[^<>]*?\ssrc\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<uq>[^\s\"'=<>`]+))", re.IGNORECASE
)
# A destination: no spaces, parentheses balanced to one level of nesting (possessive: no backtracking).
_DEST_RE = re.compile(r"(?:[^\s()\\\x00-\x1f]|\\.|\((?:[^\s()\\\x00-\x1f]|\\.)*+\))*+")
_BRACKETS_RE = re.compile(r"[\[\]\r\n]")
# A title's body up to its closing quote or parenthesis (each title ends at the next such character: linear).
_TITLE_RES = {
    '"': re.compile(r'(?:[^"\\]|\\.)*+"'),
    "'": re.compile(r"(?:[^'\\]|\\.)*+'"),
    ")": re.compile(r"(?:[^()\\]|\\.)*+\)"),
}
_DEF_RE = re.compile(
    r"^[ ]{0,3}(?:>[ \t]?)*[ ]{0,3}\[(?P<label>(?:[^\[\]\\\r\n]|\\.){1,999})\]:[ \t]*(?:(?:\r\n|\r|\n)[ \t>]*)?"
    r"(?P<dest><[^<>\r\n]*>|[^\s<]\S*)",
    re.MULTILINE,
)
_MD_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_NEEDS_BRACKETS_RE = re.compile(r"[\s()<>]")


def _unescape(dest: str) -> str:
    return _MD_ESCAPE_RE.sub(r"\1", dest)


def _normalize_label(label: str) -> str:
    return " ".join(label.split()).casefold()


@dataclass(frozen=True, slots=True)
class _Link:
    """One place that holds an image source: ``text[start:end]`` is replaced when rewriting."""

    position: int  # where the image is (for ordering)
    start: int
    end: int
    url: str
    kind: str  # "inline", "definition", "html"
    bracketed: bool = False
    quote: str = '"'


def _paragraph_break_at(text: str, j: int) -> bool:
    """Whether the line ending at ``text[j]`` is followed by a blank line (or the end)."""
    k = j + 1
    if text[j] == "\r" and k < len(text) and text[k] == "\n":
        k += 1
    while k < len(text) and text[k] in " \t>":
        k += 1
    return k >= len(text) or text[k] in "\r\n"


def _skip_space(text: str, p: int) -> int:
    newline = False
    while p < len(text) and text[p] in " \t\r\n":
        if text[p] in "\r\n":
            if newline or _paragraph_break_at(text, p):
                break
            newline = True
        p += 1
    return p


def _bracket_pairs(text: str, protected: Protected) -> dict[int, int]:
    """Each ``[`` mapped to its matching ``]`` within its paragraph, outside code and comments (one linear pass)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACKETS_RE.finditer(text):
        i = m.start()
        c = text[i]
        if c in "\r\n":
            if stack and _paragraph_break_at(text, i):
                stack.clear()
            continue
        if protected.contains(i) or is_escaped(text, i):
            continue
        if c == "[":
            stack.append(i)
        elif c == "]" and stack:
            pairs[stack.pop()] = i
    return pairs


def _inline_destination(text: str, k: int) -> tuple[int, int, str, bool, int] | None:
    """Parse ``(dest "title")`` starting at the ``(`` at ``k``: (start, end, dest, bracketed, after)."""
    n = len(text)
    p = _skip_space(text, k + 1)
    if p < n and text[p] == "<":
        q = p + 1
        while q < n and text[q] not in "<>\r\n":
            q += 2 if text[q] == "\\" else 1
        if q >= n or text[q] != ">":
            return None
        start, end, dest, bracketed = p, q + 1, text[p + 1 : q], True
        p = q + 1
    else:
        m = _DEST_RE.match(text, p)
        assert m is not None  # the pattern matches the empty string
        start, end, dest, bracketed = p, m.end(), m.group(0), False
        p = m.end()
    p = _skip_space(text, p)
    if p < n and text[p] in "\"'(":
        closer = ")" if text[p] == "(" else text[p]
        m = _TITLE_RES[closer].match(text, p + 1)
        if m is None or spans_blank_line(m.group(0)):
            return None
        p = _skip_space(text, m.end())
    if p < n and text[p] == ")":
        return start, end, dest, bracketed, p + 1
    return None


def _scan(text: str) -> list[_Link]:
    """Every image source in ``text``, in the order the images appear (definitions at their first use)."""
    if "![" not in text and "<img" not in text.lower():
        return []
    protected = Protected(text)
    pairs = _bracket_pairs(text, protected)
    definitions: dict[str, _Link] = {}
    for m in _DEF_RE.finditer(text):
        label = m.group("label")
        if label.startswith("^") or protected.contains(m.start("dest")):
            continue
        key = _normalize_label(label)
        if key in definitions or not key:
            continue
        dest = m.group("dest")
        bracketed = dest.startswith("<")
        url = _unescape(dest[1:-1] if bracketed else dest)
        definitions[key] = _Link(m.start(), m.start("dest"), m.end("dest"), url, "definition", bracketed)

    found: list[_Link] = []
    used: set[str] = set()
    i = text.find("![")
    while i != -1:
        if protected.contains(i):
            i = text.find("![", protected.next_end(i))
            continue
        if is_escaped(text, i):
            i = text.find("![", i + 1)
            continue
        close = pairs.get(i + 1)
        if close is None:
            i = text.find("![", i + 2)
            continue
        nxt = close + 1
        link: _Link | None = None
        if nxt < len(text) and text[nxt] == "(":
            parsed = _inline_destination(text, nxt)
            if parsed is not None:
                start, end, dest, bracketed, nxt = parsed
                link = _Link(i, start, end, _unescape(dest), "inline", bracketed)
        if link is None:
            label = text[i + 2 : close]
            if nxt < len(text) and text[nxt] == "[":
                ref_close = text.find("]", nxt + 1)
                if ref_close != -1 and "[" not in text[nxt + 1 : ref_close]:
                    if text[nxt + 1 : ref_close].strip():
                        label = text[nxt + 1 : ref_close]
                    nxt = ref_close + 1
            definition = definitions.get(_normalize_label(label))
            if definition is not None:
                link = _Link(i, definition.start, definition.end, definition.url, "definition", definition.bracketed)
                used.add(_normalize_label(label))
        if link is not None:
            found.append(link)
            i = text.find("![", max(nxt, i + 2))
        else:
            i = text.find("![", i + 2)

    for m in _IMG_TAG_RE.finditer(text):
        if protected.contains(m.start()):  # code, or an HTML comment
            continue
        group = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "uq"
        quote = {"dq": '"', "sq": "'", "uq": ""}[group]
        start, end = m.span(group)
        found.append(_Link(m.start(), start - len(quote), end + len(quote), html.unescape(m.group(group)), "html"))
    found.sort(key=lambda link: link.position)
    return found


def find_image_links(markdown_text: str) -> list[str]:
    """Image sources in the markdown source, in order of appearance (repeats kept), for "broken image" warnings."""
    return [link.url for link in _scan(markdown_text)]


def _format(link: _Link, new: str) -> str:
    if link.kind == "html":
        return '"' + html.escape(new, quote=True) + '"'
    if link.bracketed or _NEEDS_BRACKETS_RE.search(new) or not new:
        return "<" + new.replace("<", "%3C").replace(">", "%3E") + ">"
    return new


def rewrite_image_links(markdown_text: str, mapping: Callable[[str], str | None]) -> str:
    """The markdown source with each image source replaced by ``mapping(src)``; ``None`` leaves that link as it is.

    A definition shared by several reference images is rewritten once. Code is never touched.
    """
    edits: dict[tuple[int, int], str] = {}
    for link in _scan(markdown_text):
        if (link.start, link.end) in edits:
            continue
        new = mapping(link.url)
        if new is None or new == link.url:
            continue
        edits[(link.start, link.end)] = _format(link, new)
    if not edits:
        return markdown_text
    out: list[str] = []
    pos = 0
    for (start, end), replacement in sorted(edits.items()):
        out.append(markdown_text[pos:start])
        out.append(replacement)
        pos = end
    out.append(markdown_text[pos:])
    return "".join(out)


# --- Python-Markdown extension -------------------------------------------------------------------------------------


def _walk(root: etree.Element) -> Iterator[tuple[etree.Element | None, str | None]]:
    """Document order: each element, then placeholders in its text, its children, placeholders in each child's tail."""
    stack: list[tuple[etree.Element, bool]] = [(root, False)]
    while stack:
        el, tail_only = stack.pop()
        if tail_only:
            if el.tail:
                yield None, el.tail
            continue
        yield el, el.text
        for child in reversed(list(el)):
            stack.append((child, True))
            stack.append((child, False))


class ImageTreeprocessor(Treeprocessor):
    """Records image sources in rendered order and rewrites them through ``url`` (settable per conversion).

    Sees ``<img>`` elements and raw HTML ``<img src>`` (kept in Python-Markdown's HTML stash, found through the
    placeholders in the tree, so the order is the document's). Runs after inline processing (20) and footnotes (15).
    """

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.url: Callable[[str], str | None] | None = None
        self.images: list[str] = []

    def run(self, root: etree.Element) -> None:
        self.images = []
        stash = self.md.htmlStash.rawHtmlBlocks
        for el, text in _walk(root):
            if el is not None and el.tag == "img":
                src = el.get("src")
                if src is not None:
                    self.images.append(src)
                    if self.url is not None and (new := self.url(src)) is not None:
                        el.set("src", new)
            if text and "\x02" in text:
                for m in HTML_PLACEHOLDER_RE.finditer(text):
                    index = int(m.group(1))
                    raw = stash[index] if index < len(stash) else None
                    if isinstance(raw, str) and "<img" in raw.lower():
                        stash[index] = self._raw(raw)

    def _raw(self, raw: str) -> str:
        comments = comment_spans(raw)

        def replace(m: re.Match[str]) -> str:
            if any(start <= m.start() < end for start, end in comments):
                return m.group(0)
            group = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "uq"
            src = html.unescape(m.group(group))
            self.images.append(src)
            new = self.url(src) if self.url is not None else None
            if new is None:
                return m.group(0)
            quote = {"dq": '"', "sq": "'", "uq": ""}[group]
            start, end = m.start(group) - m.start() - len(quote), m.end(group) - m.start() + len(quote)
            whole = m.group(0)
            return whole[:start] + '"' + html.escape(new, quote=True) + '"' + whole[end:]

        return _IMG_TAG_RE.sub(replace, raw)


class ImageExtension(Extension):
    """Registers :class:`ImageTreeprocessor` as ``md.trailbook_images``."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        processor = ImageTreeprocessor(md)
        md.treeprocessors.register(processor, "trailbook-images", 12)
        md.trailbook_images = processor  # type: ignore[attr-defined]
