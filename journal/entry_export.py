"""One entry out: a self-contained HTML page, a markdown file with its images beside it, and the page a PDF is made of.

The page is the preview's own (``journal.markdown.page``, rendered by ``journal.markdown.render_html``): code
highlighted, tables, math as MathML, private blocks marked as the preview marks them (or left out). It stands alone:
every image the journal holds is inlined as a ``data:`` URI and the stylesheet is in the page, so it opens anywhere
without the journal; an image the journal does not hold (a web address, a file elsewhere) is shown as a labelled
placeholder and named in the result, never fetched. Its Content-Security-Policy lets it load and run nothing, like
the preview, which runs no scripts and loads nothing from the web. Links between entries (``[[Title]]``) are shown as
their text: outside the journal there is nothing to open.

PDF is this page printed by Chromium (the desktop app's ``ui.page_printer``, found through the ``trailbook.pdf`` entry
point, since the core never loads Qt): its text is selectable and its math is typeset, as in the preview.

Markdown is the entry's text with the front matter the journal's markdown export writes (so it imports back as the
same entry), and every image it names copied into ``attachments/`` beside the file, where its relative links point.
"""

from __future__ import annotations

import base64
import html
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

from journal.attachments import LINK_PREFIX, linked_attachment, referenced_names
from journal.errors import ExportFailed, PdfUnavailable
from journal.outputs import check_output, refuse_journal_files

if TYPE_CHECKING:
    from journal.db import Journal
    from journal.records import Entry

Format = Literal["pdf", "html", "markdown"]
Private = Literal["show", "strip"]
FORMATS: tuple[Format, ...] = ("pdf", "html", "markdown")
SUFFIXES: dict[Format, str] = {"pdf": ".pdf", "html": ".html", "markdown": ".md"}
_BY_SUFFIX: dict[str, Format] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}
MIME_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".bmp": "image/bmp",
}
# Nothing from anywhere: no scripts, no frames, no fetches; images only inline, styles only the page's own.
CONTENT_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; media-src data:"
PDF_ENTRY_POINT = "trailbook.pdf"
_PLACEHOLDER = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="48"><rect x="0.5" y="0.5" width="359" height="47" '
    'rx="6" fill="#f3f4f6" stroke="#9ca3af" stroke-dasharray="4 3"/><text x="14" y="29" font-family="sans-serif" '
    'font-size="13" fill="#4b5563">{text}</text></svg>'
)


@dataclass(frozen=True, slots=True)
class EntryPage:
    """A whole, self-contained HTML page of one entry; ``left_out``: image sources it names that the journal does
    not hold (each shown as a placeholder)."""

    html: str
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MarkdownWritten:
    """A markdown file written, the attachments copied beside it (names) and those it names that the journal lacks."""

    path: Path
    images: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def format_of(path: Path, given: str | None = None) -> Format:
    """The format asked for, else the one ``path``'s suffix names (``.pdf``, ``.html``/``.htm``, ``.md``); HTML for
    any other."""
    if given in FORMATS:
        return given  # type: ignore[return-value]
    return _BY_SUFFIX.get(path.suffix.lower(), "html")


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def placeholder_uri(src: str) -> str:
    """An inline image saying that ``src`` is not in the journal (its last part named)."""
    name = PurePosixPath(src.split("?", 1)[0].rstrip("/")).name or src
    if len(name) > 40:
        name = name[:37] + "…"
    text = html.escape(f"Image not in the journal: {name}", quote=False)
    return _data_uri(_PLACEHOLDER.format(text=text).encode("utf-8"), "image/svg+xml")


def _inliner(journal: Journal, left_out: list[str]) -> Callable[[str], str | None]:
    cache: dict[str, str] = {}

    def inline(src: str) -> str | None:
        if src.startswith("data:"):
            return None
        if src in cache:
            return cache[src]
        name = linked_attachment(src)
        path = journal.paths.attachments / name if name else None
        try:
            data = path.read_bytes() if path is not None and path.is_file() else None
        except OSError:
            data = None
        if data is None:
            left_out.append(src)
            uri = placeholder_uri(src)
        else:
            uri = _data_uri(data, MIME_TYPES.get(Path(name or "").suffix, "application/octet-stream"))
        cache[src] = uri
        return uri

    return inline


def _with_header(entry: Entry, body: str) -> str:
    """The entry's title (unless its text opens with a heading of its own) and a line with its day and skill areas."""
    day = entry.day
    meta = [f"{day:%A} {day.day} {day:%B %Y}", *(f"#{tag}" for tag in entry.tags)]
    line = f'<p class="entry-meta">{html.escape(" · ".join(meta), quote=False)}</p>'
    if body.lstrip().startswith("<h1"):
        end = body.find("</h1>") + len("</h1>")
        return f'<header class="entry-header">{body[:end]}{line}</header>{body[end:]}'
    title = html.escape(entry.title or "Untitled", quote=False)
    return f'<header class="entry-header"><h1>{title}</h1>{line}</header>{body}'


def entry_page(journal: Journal, entry: Entry, *, private: Private = "show") -> EntryPage:
    """The entry as a self-contained HTML page (see the module's rule); ``private="strip"`` leaves its private blocks
    out."""
    from journal.markdown.page import page_html
    from journal.markdown.render import render_html

    left_out: list[str] = []
    rendered = render_html(entry.body, image_url=_inliner(journal, left_out), private=private)
    policy = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">'
    page = page_html(_with_header(entry, rendered.html), scheme="light", title=entry.title, head=policy)
    return EntryPage(page, tuple(dict.fromkeys(left_out)))


def entry_markdown(journal: Journal, entry: Entry, *, private: Private = "show") -> str:
    """The entry as one markdown file: the front matter the journal's markdown export writes, then its text (less its
    private blocks with ``private="strip"``)."""
    from journal import frontmatter
    from journal.publish.post_fields import get_post_fields, post_form
    from journal.transfer.entry_form import form_of, front_matter_of

    body = entry.body
    if private == "strip":
        from journal.markdown.private import strip_private_blocks

        body = strip_private_blocks(body)
    form = form_of(entry, body=body, post=post_form(get_post_fields(journal, entry.id)))
    return frontmatter.dump_fast(front_matter_of(form), body)


def write_entry_html(
    journal: Journal, entry: Entry, target: Path, *, force: bool = False, private: Private = "show"
) -> EntryPage:
    """Write :func:`entry_page` to ``target`` (never onto the journal's own files; an existing file only with
    ``force``)."""
    check_output(journal.paths, target, force=force)
    page = entry_page(journal, entry, private=private)
    _write(target, page.html.encode("utf-8"))
    return page


def write_entry_markdown(
    journal: Journal, entry: Entry, target: Path, *, force: bool = False, private: Private = "show"
) -> MarkdownWritten:
    """Write :func:`entry_markdown` to ``target`` and copy the images it names into ``attachments/`` beside it (an
    image already there is the same image: its name is its hash). The images go first, so the file never names an
    image that is not there yet."""
    check_output(journal.paths, target, force=force)
    text = entry_markdown(journal, entry, private=private)
    names = sorted(referenced_names(text)) if LINK_PREFIX in text else []
    folder = target.parent / LINK_PREFIX.rstrip("/")
    if names:
        refuse_journal_files(journal.paths, folder, folder=True)
    copied, missing = [], []
    for name in names:
        source = journal.paths.attachments / name
        if not source.is_file():
            missing.append(name)
            continue
        if not (folder / name).is_file():
            _copy(source, folder / name)
        copied.append(name)
    _write(target, text.encode("utf-8"))
    return MarkdownWritten(target, tuple(copied), tuple(missing))


def write_entry_pdf(
    journal: Journal, entry: Entry, target: Path, *, force: bool = False, private: Private = "show"
) -> EntryPage:
    """Print :func:`entry_page` to a PDF at ``target`` with the desktop app's PDF writer (Qt WebEngine: it needs the
    GUI libraries, not a display); ``PdfUnavailable`` without it."""
    check_output(journal.paths, target, force=force)
    writer = pdf_writer()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # as the other formats' atomic writes do
    except OSError as exc:
        raise ExportFailed(target, exc.strerror or str(exc)) from exc
    page = entry_page(journal, entry, private=private)
    writer(page.html, target)
    return page


def pdf_writer() -> Callable[[str, Path], None]:
    """``write_pdf(html, target)`` of the installed desktop app (entry point ``trailbook.pdf``), loaded now."""
    from importlib.metadata import entry_points

    found = list(entry_points(group=PDF_ENTRY_POINT))
    if not found:
        raise PdfUnavailable("the desktop app is not installed")
    try:
        writer: Callable[[str, Path], None] = found[0].load()
    except ImportError as exc:  # PySide6 or its WebEngine missing, or a system library it needs
        raise PdfUnavailable(str(exc)) from exc
    return writer


def _write(target: Path, data: bytes) -> None:
    from journal.fileio import atomic_write_bytes

    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise ExportFailed(target, exc.strerror or str(exc)) from exc


def _copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` whole or not at all."""
    from journal.fileio import atomic_binary_writer

    try:
        with atomic_binary_writer(target) as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
    except OSError as exc:
        raise ExportFailed(target, exc.strerror or str(exc)) from exc
