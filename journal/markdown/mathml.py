"""TeX math to MathML: ``$…$`` inline and ``$$…$$`` display, for the preview and for publishing.

Chromium (QtWebEngine) renders MathML natively, so neither the preview nor a published post needs math JavaScript.
Conversion uses latex2mathml (pure Python) behind an LRU cache, because the preview re-renders on every keystroke.

Delimiters follow pandoc's rule so that prices stay prices: the opening ``$`` has a non-space character right after
it, the closing ``$`` has a non-space character right before it and no digit right after it; ``\\$`` is a literal
dollar. Invalid TeX never raises: it becomes a visible ``<code class="math-error">`` holding the source.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from typing import Protocol

from markdown import Extension, Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor

from journal.markdown.source import Protected, newline_of, spans_blank_line

# Content is any run of characters other than `$` and `\`, or a backslash escape (so `\$` stays inside).
_TEX = r"(?:[^$\\]|\\.)+?"
# An opening dollar must follow an even run of backslashes (`\\$x$` is a backslash, then math); the run is matched as
# "bs" so that a dollar after an odd run never even starts a match (a rejected match would hide a later real one).
# The leading (?=[\\$]) lets the regex engine skip quickly to candidate positions (3x faster on prose).
MATH_RE = re.compile(
    rf"(?=[\\$])(?<!\\)(?P<bs>(?:\\\\)*)"
    rf"(?:\$\$(?P<display>{_TEX})\$\$|\$(?![\s$])(?P<inline>{_TEX})(?<=\S)\$(?!\d))",
    re.DOTALL,
)
_DISPLAY_BLOCK_RE = re.compile(rf"\s*\$\$(?P<tex>{_TEX})\$\$\s*\Z", re.DOTALL)
_ENTITY_RE = re.compile(r"&#x([0-9a-fA-F]+);")
_BLANKISH_RE = re.compile(r"[ \t>]*")
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_BLANK_LINE_AT_RE = re.compile(r"[ \t>]*(?:\r\n|\r|\n|\Z)")
_UNKNOWN_COMMAND_RE = re.compile(r"\\[A-Za-z]+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_PLACEHOLDER_CHARS = ("\x02", "\x03")
CACHE_SIZE = 4096
DISPLAY_CLASS = "math-display"
ERROR_CLASS = "math-error"


class _TexError(Exception):
    pass


def _check_braces(tex: str) -> None:
    depth = 0
    escaped = False
    for ch in tex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise _TexError("unbalanced braces: a } without its {")
    if depth:
        raise _TexError("unbalanced braces: a { is never closed")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, _TexError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "formula nested too deeply"
    name = type(exc).__name__.removesuffix("Error")
    words = _CAMEL_RE.sub(" ", name).lower()
    detail = str(exc).strip()
    return f"{words}: {detail}" if detail else words


def _resolve_entities(tree: etree.Element) -> None:
    """latex2mathml stores symbols as ``&#x…;`` text; make them characters so serialisation escapes user text."""
    for el in tree.iter():
        if el.text and "&#x" in el.text:
            el.text = _ENTITY_RE.sub(lambda m: chr(int(m.group(1), 16)), el.text)
        if el.tag in ("mi", "mo") and el.text and _UNKNOWN_COMMAND_RE.fullmatch(el.text):
            raise _TexError(f"unknown command {el.text}")


def _escape_text(text: str, strict: bool) -> str:
    if not strict:
        return html.escape(text, quote=False)
    # For markdown files: every ASCII punctuation mark as a character reference, so no markdown renderer can take
    # `*`, `_`, `|`, `\`, `[` or `$` inside the formula for its own syntax.
    return "".join(ch if ch.isalnum() or ch == " " or ord(ch) > 127 else f"&#{ord(ch)};" for ch in text)


def _serialize(el: etree.Element, out: list[str], strict: bool) -> None:
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in el.attrib.items())
    out.append(f"<{el.tag}{attrs}>")
    if el.text:
        out.append(_escape_text(el.text, strict))
    for child in el:
        _serialize(child, out, strict)
        if child.tail:
            out.append(_escape_text(child.tail, strict))
    out.append(f"</{el.tag}>")


def _error_html(tex: str, display: bool, message: str, strict: bool) -> str:
    delim = "$$" if display else "$"
    source = _escape_text(f"{delim}{tex}{delim}", strict)
    title = html.escape(f"TeX error: {message}", quote=True)
    return f'<code class="{ERROR_CLASS}" title="{title}">{source}</code>'


@functools.lru_cache(maxsize=CACHE_SIZE)
def _convert(tex: str, display: bool, strict: bool) -> str:
    from latex2mathml.converter import convert_to_element  # imported on first use: keeps import of us cheap

    try:
        if not tex.strip():
            raise _TexError("empty formula")
        _check_braces(tex)
        tree = convert_to_element(tex, display="block" if display else "inline")
        _resolve_entities(tree)
    except Exception as exc:  # latex2mathml raises many kinds (and RecursionError); none may reach the preview
        return _error_html(tex, display, _describe(exc), strict)
    out: list[str] = []
    _serialize(tree, out, strict)
    return "".join(out)


def tex_to_mathml(tex: str, display: bool) -> str:
    """``<math display="block|inline">…</math>`` for a TeX formula, or a ``<code class="math-error">`` element.

    Cached (LRU keyed by the source); never raises.
    """
    return _convert(tex, display, False)


def tex_to_mathml_for_markdown(tex: str, display: bool) -> str:
    """Like :func:`tex_to_mathml`, with every ASCII punctuation mark in text escaped, safe inside markdown."""
    return _convert(tex, display, True)


def cache_info() -> functools._CacheInfo:
    """The conversion cache's statistics (hits, misses, size)."""
    return _convert.cache_info()


# --- Python-Markdown extension -------------------------------------------------------------------------------------


class MathInlineProcessor(InlineProcessor):
    """``$…$`` and ``$$…$$`` inside a paragraph. Runs after code spans (190) and before backslash escapes (180)."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:  # type: ignore[override]
        display = m.group("display") is not None
        tex = m.group("display") if display else m.group("inline")
        if any(c in tex for c in _PLACEHOLDER_CHARS) or not tex.strip():
            return None, None, None  # a code span inside: not math
        backslashes = "\\" * (len(m.group("bs")) // 2)  # `\\` before the math is an escaped backslash
        html_ = html.escape(backslashes) + tex_to_mathml(tex.strip() if display else tex, display)
        return self.md.htmlStash.store(html_), m.start(), m.end()


class DisplayMathProcessor(BlockProcessor):
    """A paragraph that is only ``$$…$$`` (possibly over several lines) becomes a display-math block."""

    def __init__(self, parser: BlockParser) -> None:
        super().__init__(parser)
        self._match: re.Match[str] | None = None

    def test(self, parent: etree.Element, block: str) -> bool:
        if not block.lstrip().startswith("$$"):
            return False
        self._match = _DISPLAY_BLOCK_RE.match(block)
        return self._match is not None and bool(self._match.group("tex").strip())

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        m = self._match if self._match is not None and self._match.string is block else _DISPLAY_BLOCK_RE.match(block)
        assert m is not None
        div = etree.SubElement(parent, "div", {"class": DISPLAY_CLASS})
        tex = m.group("tex")
        if "\x1f" in tex:  # a task line's mark (journal.markdown.tasks) is no TeX
            from journal.markdown.tasks import strip_marks

            tex = strip_marks(tex)
        div.text = self.parser.md.htmlStash.store(tex_to_mathml(tex.strip(), True))
        return True


class MathExtension(Extension):
    """Registers TeX math: a block processor for ``$$`` paragraphs and an inline processor for both forms."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")  # `\$` is a literal dollar
        md.parser.blockprocessors.register(DisplayMathProcessor(md.parser), "trailbook-math-display", 76)
        md.inlinePatterns.register(MathInlineProcessor(MATH_RE.pattern, md), "trailbook-math", 185)


# --- publishing ----------------------------------------------------------------------------------------------------


def _line_start(text: str, index: int) -> int:
    """Start of the line holding ``index``; only looks back as far as that line (no whole-text scans)."""
    ls = text.rfind("\n", 0, index) + 1
    return text.rfind("\r", ls, index) + 1 or ls


def _blankish_line_start(text: str, index: int) -> int | None:
    """The start of ``index``'s line if only spaces, tabs and ``>`` come before ``index`` on it, else None."""
    k = index
    while k > 0 and text[k - 1] in " \t>":
        k -= 1
    return k if k == 0 or text[k - 1] in "\r\n" else None


def _blank_rest_of_line(text: str, index: int) -> int | None:
    """The end of ``index``'s line if only spaces and tabs follow ``index`` on it, else None."""
    k = index
    while k < len(text) and text[k] in " \t":
        k += 1
    return k if k == len(text) or text[k] in "\r\n" else None


def _previous_line_blank(text: str, line_start: int) -> bool:
    """Whether the line before the one starting at ``line_start`` is blank (blockquote markers count as blank)."""
    end = line_start - (2 if text.startswith("\r\n", line_start - 2) else 1)
    return _BLANKISH_RE.fullmatch(text, _line_start(text, end), end) is not None


def _unquote_continuations(tex: str, quote_depth: int) -> str:
    """Drop the blockquote markers that start the continuation lines of a formula inside a blockquote."""
    if quote_depth == 0:
        return tex
    marker = re.compile(r"(\r\n|\r|\n)[ \t]*" + r"(?:>[ \t]?)" * quote_depth)
    return marker.sub(r"\1", tex)


class MathWriter(Protocol):
    """How one formula is written into a post: ``block`` is True for a ``$$…$$`` that fills its lines (the result
    is then a block of its own, on one line), False for math inside a paragraph."""

    def __call__(self, tex: str, display: bool, block: bool) -> str: ...


def write_mathml(tex: str, display: bool, block: bool) -> str:
    """MathML: a display block in ``<div class="math-display">``, anything else inline."""
    mathml = tex_to_mathml_for_markdown(tex, display)
    return f'<div class="{DISPLAY_CLASS}">{mathml}</div>' if block else mathml


def mathml_for_publish(markdown_text: str, write: MathWriter = write_mathml) -> str:
    """Markdown source with every ``$…$``/``$$…$$`` replaced by what ``write`` makes of it (MathML HTML by
    default), code left untouched.

    A ``$$…$$`` that fills its lines becomes a block between blank lines, carrying the container prefix (list
    indentation, ``>``); anything else is written inline. With MathML, static blog sites need no math JavaScript;
    invalid TeX becomes the same ``<code class="math-error">`` as in the preview.
    """
    if "$" not in markdown_text:
        return markdown_text
    protected = Protected(markdown_text)
    nl = newline_of(markdown_text)
    out: list[str] = []
    last = 0
    pos = 0
    text = markdown_text
    while (m := MATH_RE.search(text, pos)) is not None:
        start, end = m.end("bs"), m.end()  # the backslashes before the math stay as they are
        display = m.group("display") is not None
        tex = m.group("display") if display else m.group("inline")
        if protected.overlaps(start, end) or spans_blank_line(tex) or not tex.strip():
            pos = protected.next_end(start) if protected.contains(start) else start + 1
            continue
        ls = _blankish_line_start(text, start)  # None unless only indentation and `>` precede the formula
        if "\n" in tex or "\r" in tex:  # continuation lines of a formula in a blockquote start with `>` markers
            line_prefix = text[ls:start] if ls is not None else text[_line_start(text, start) : start]
            tex = _unquote_continuations(tex, line_prefix.count(">"))
        le = _blank_rest_of_line(text, end)
        if display and ls is not None and le is not None:
            prefix = text[ls:start]
            blank = prefix.rstrip()
            block = prefix + write(tex.strip(), True, True)
            out.append(text[last:ls])
            if ls > 0 and not _previous_line_blank(text, ls):
                out.append(blank + nl)
            out.append(block)
            after_nl = _NEWLINE_RE.match(text, le)
            if after_nl and after_nl.end() < len(text) and not _BLANK_LINE_AT_RE.match(text, after_nl.end()):
                out.append(nl + blank)
            last = pos = le
        else:
            out.append(text[last:start])
            out.append(write(tex.strip() if display else tex, display, False))
            last = pos = end
    out.append(text[last:])
    return "".join(out)
