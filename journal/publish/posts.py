"""One entry as one post file: where it goes, its front matter, its text and its images.

Where, per kind and layout (``post_paths``):

- Hugo page bundle (the default): ``<content>/<slug>/index.md``, images beside it, linked by file name;
- Hugo flat: ``<content>/<slug>.md``, images in ``static/images/<slug>/``, linked as ``/images/<slug>/…``;
- Jekyll: ``<content>/YYYY-MM-DD-<slug>.md`` (the entry's day), images in ``assets/images/<slug>/``.

Site-rooted links get the base URL's path from the site itself (Trailbook's scaffolds do this in a render hook /
plugin), so they work on a project page too. The text: private blocks stripped, a leading ``# Title`` that repeats the
title dropped (the layout shows the title), images mapped to the blog, TeX turned into MathML. Front matter keys that
Trailbook owns are rewritten; any other key the person added to the post in the blog is kept, in its place.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from journal.entries import Entry, excerpt_of
from journal.errors import InvalidInput
from journal.publish import matter, messages
from journal.publish.blogs import Blog
from journal.publish.slugs import inside

if TYPE_CHECKING:
    from journal.markdown.private import PublicText

MAX_FILE_BYTES = 50 * 1024 * 1024
BIG_IMAGE_BYTES = 5 * 1024 * 1024
DIFF_LINE_LIMIT = 2000
DEFAULT_CATEGORIES = ["journal"]
OWNED_KEYS = (
    "title",
    "date",
    "lastmod",
    "draft",
    "tags",
    "categories",
    "description",
    "summary",
    "slug",
    "images",
    "aliases",
    "trailbook_id",
)
IMAGE_NAME_RE = re.compile(r"^image-[0-9a-f]{12}\.(?:png|jpg|gif|webp|svg|bmp)\Z")
_ATTACHMENT_RE = re.compile(r"^(?:\./)?attachments/([0-9a-f]{64})(\.[a-z0-9]{1,5})\Z")
_EXTERNAL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
_H1_RE = re.compile(r"^ {0,3}#[ \t]+(.*?)[ \t]*#*[ \t]*$")
_BLANK_RE = re.compile(r"^[ \t]*$")


@dataclass(frozen=True)
class PostPaths:
    """Where one post and its images live in the blog, relative to its root (POSIX)."""

    post: str
    image_dir: str
    image_url: str  # the prefix of image links in the post ("" in a page bundle: beside the post)

    def image(self, name: str) -> str:
        return f"{self.image_dir}/{name}"


@dataclass(frozen=True)
class ImageFile:
    name: str
    source: Path
    size: int

    @property
    def sha256_prefix(self) -> str:
        return self.name.split("-", 1)[1].split(".", 1)[0]


@dataclass(frozen=True)
class RenderedPost:
    """The post Trailbook would write for an entry; ``refusal`` says why it cannot be written."""

    entry_id: str
    title: str
    slug: str
    paths: PostPaths
    text: str
    images: tuple[ImageFile, ...] = ()
    warnings: tuple[str, ...] = ()
    refusal: str | None = None

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def image_paths(self) -> list[str]:
        return [self.paths.image(i.name) for i in self.images]


@dataclass
class _Collect:
    images: dict[str, ImageFile] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    refusal: str | None = None

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)


def post_paths(blog: Blog, slug: str, day: dt.date) -> PostPaths:
    """The post file and image folder for a slug; every path checked to stay inside its folder."""
    content = blog.content_root
    if blog.kind == "hugo" and blog.hugo_layout == "bundle":
        paths = PostPaths(f"{content}/{slug}/index.md", f"{content}/{slug}", "")
        image_root = content
    elif blog.kind == "hugo":
        paths = PostPaths(f"{content}/{slug}.md", f"static/images/{slug}", f"/images/{slug}/")
        image_root = PurePosixPath("static/images")
    else:
        paths = PostPaths(f"{content}/{day.isoformat()}-{slug}.md", f"assets/images/{slug}", f"/assets/images/{slug}/")
        image_root = PurePosixPath("assets/images")
    if not inside(content, paths.post) or not inside(image_root, paths.image_dir + "/x"):
        raise InvalidInput(messages.SLUG_BAD.format(slug=slug, limit=80))
    return paths


def post_dates(entry: Entry, tz: dt.tzinfo | None = None) -> tuple[dt.datetime, dt.datetime]:
    """``(date, lastmod)``: the entry's day at the time of day it was created, and its last change (never earlier),
    in the writer's time zone (``tz``; the system's when None), to the second."""
    created = entry.created.astimezone(tz)
    date = dt.datetime.combine(entry.day, created.timetz()).replace(microsecond=0)
    updated = entry.updated.astimezone(tz).replace(microsecond=0)
    return date, max(date, updated)


def rfc3339(stamp: dt.datetime) -> str:
    """RFC 3339 with the UTC offset always written (``+00:00``, never ``Z`` or nothing)."""
    if stamp.tzinfo is None:
        raise ValueError("a post date needs a time zone")
    return stamp.isoformat(timespec="seconds")


def _drop_title_heading(body: str, title: str) -> str:
    """The body without a first ``# heading`` that only repeats the title."""
    lines = body.splitlines(keepends=True)
    i = 0
    while i < len(lines) and _BLANK_RE.match(lines[i].rstrip("\r\n")):
        i += 1
    if i == len(lines):
        return body
    m = _H1_RE.match(lines[i].rstrip("\r\n"))
    if not m or " ".join(m.group(1).split()).casefold() != " ".join(title.split()).casefold():
        return body
    i += 1
    while i < len(lines) and _BLANK_RE.match(lines[i].rstrip("\r\n")):
        i += 1
    return "".join(lines[i:])


def _image_mapper(paths: PostPaths, attachments: Path, found: _Collect):  # type: ignore[no-untyped-def]
    def mapping(src: str) -> str | None:
        link = src.strip()
        if not link or _EXTERNAL_RE.match(link):
            return None
        m = _ATTACHMENT_RE.match(link)
        source = attachments / (m.group(1) + m.group(2)) if m else None
        if source is None or not source.is_file():
            found.warn(messages.WARN_BROKEN_IMAGE.format(src=link))
            return None
        assert m is not None
        ext = ".jpg" if m.group(2) == ".jpeg" else m.group(2)
        name = f"image-{m.group(1)[:12]}{ext}"
        if name not in found.images:
            size = source.stat().st_size
            if size > MAX_FILE_BYTES:
                found.refusal = messages.FILE_TOO_LARGE.format(path=paths.image(name), size=size // 1_000_000)
            elif size > BIG_IMAGE_BYTES:
                found.warn(messages.WARN_BIG_IMAGE.format(name=name, size=f"{size / 1e6:.1f}"))
            found.images[name] = ImageFile(name, source, size)
        return paths.image_url + name

    return mapping


def public_body(entry: Entry) -> PublicText:
    """The entry's text as it may leave the journal: private blocks stripped, the repeated title heading dropped.

    Everything publishing derives from the text (the post's body, its description and summary, its image list)
    comes from this one text, never from ``entry.body``.
    """
    from journal.markdown.private import public_text

    public = public_text(entry.body)
    return replace(public, text=_drop_title_heading(public.text, entry.title))


def _without_comments(text: str) -> str:
    """The text less its HTML comments (a stripped block in a list item leaves one), for the description."""
    from journal.markdown.source import comment_spans

    pieces, pos = [], 0
    for start, end in comment_spans(text):
        pieces.append(text[pos:start])
        pos = end
    return "".join(pieces) + text[pos:]


def render_post(
    entry: Entry,
    blog: Blog,
    slug: str,
    *,
    attachments: Path,
    existing: str | None = None,
    old_slugs: tuple[str, ...] = (),
    tz: dt.tzinfo | None = None,
    now: dt.datetime | None = None,
) -> RenderedPost:
    """The post for ``entry`` at ``slug``; ``existing`` is the post file's current text in the blog (its front matter
    keys that Trailbook does not own are kept). Never raises for content: problems become warnings or a refusal."""
    from journal.markdown import mathml_for_publish, rewrite_image_links, strip_private_blocks

    paths = post_paths(blog, slug, entry.day)
    found = _Collect()
    public = public_body(entry)
    body = public.text
    if public.unclosed_line is not None:
        found.warn(messages.WARN_PRIVATE_UNCLOSED.format(line=public.unclosed_line))
    description = strip_private_blocks(entry.summary).strip()  # the person's own summary, private syntax and all
    if not description:
        found.warn(messages.WARN_NO_DESCRIPTION)
        description = excerpt_of(_without_comments(body)) if body.strip() else ""
    if not body.strip():
        found.warn(messages.WARN_EMPTY)
    body = rewrite_image_links(body, _image_mapper(paths, attachments, found))
    body = mathml_for_publish(body)
    if body and not body.endswith(("\n", "\r")):
        body += "\n"

    fmt: matter.MatterFormat = "toml" if blog.front_matter == "toml" else "yaml"
    theirs: dict[str, Any] = {}
    if existing is not None:
        try:
            existing_fmt, theirs, _ = matter.read_post(existing)
        except InvalidInput as exc:
            refusal = messages.BAD_FRONT_MATTER.format(path=paths.post, detail=exc.message)
            return RenderedPost(entry.id, entry.title, slug, paths, "", (), tuple(found.warnings), refusal)
        fmt = existing_fmt or fmt

    date, lastmod = post_dates(entry, tz)
    if date.date() > (now or dt.datetime.now(date.tzinfo)).astimezone(date.tzinfo).date():
        found.warn(messages.WARN_FUTURE.format(day=entry.day.isoformat()))
    first_image = next(iter(found.images.values()), None)
    meta = _front_matter(entry, blog, slug, fmt, date, lastmod, description, first_image, paths, theirs, old_slugs)
    if blog.kind == "jekyll" and old_slugs:
        for old in old_slugs:
            found.warn(messages.WARN_JEKYLL_ALIAS.format(old=old))
    text = matter.dump(meta, fmt) + "\n" + body
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        found.refusal = messages.FILE_TOO_LARGE.format(path=paths.post, size=size // 1_000_000)
    return RenderedPost(
        entry.id, entry.title, slug, paths, text, tuple(found.images.values()), tuple(found.warnings), found.refusal
    )


def _front_matter(
    entry: Entry,
    blog: Blog,
    slug: str,
    fmt: str,
    date: dt.datetime,
    lastmod: dt.datetime,
    description: str,
    first_image: ImageFile | None,
    paths: PostPaths,
    theirs: dict[str, Any],
    old_slugs: tuple[str, ...],
) -> dict[str, Any]:
    stamp = (lambda d: d) if fmt == "toml" else rfc3339  # TOML has RFC 3339 dates of its own
    meta: dict[str, Any] = {
        "title": entry.title,
        "date": stamp(date),
        "lastmod": stamp(lastmod),
        "draft": False,
        "tags": list(entry.tags),
        "categories": theirs.get("categories", DEFAULT_CATEGORIES),
        "description": description,
        "summary": description,
        "slug": slug,
    }
    if first_image is not None:
        meta["images"] = [paths.image_url + first_image.name]
    elif "images" in theirs:
        meta["images"] = theirs["images"]
    if blog.kind == "hugo":
        aliases = [a for a in theirs.get("aliases", []) or [] if isinstance(a, str)]
        for old in old_slugs:
            alias = f"/posts/{old}/"
            if old != slug and alias not in aliases:
                aliases.append(alias)
        aliases = [a for a in aliases if a != f"/posts/{slug}/"]
        if aliases:
            meta["aliases"] = aliases
    meta["trailbook_id"] = entry.id
    for key, value in theirs.items():
        if key not in OWNED_KEYS:
            meta[key] = value
    return meta


def owner_of(text: str) -> str | None:
    """The ``trailbook_id`` in a post's front matter: the entry that wrote it (None for the person's own posts)."""
    try:
        _, meta, _ = matter.read_post(text)
    except InvalidInput:
        return None
    value = meta.get("trailbook_id")
    return str(value) if value else None


def unified_diff(path: str, old: str | None, new: str | None) -> str:
    """A unified diff of a post file, for the publish dialog (cut after ``DIFF_LINE_LIMIT`` lines)."""
    lines = list(
        difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            (new or "").splitlines(keepends=True),
            fromfile=f"a/{path}" if old is not None else "/dev/null",
            tofile=f"b/{path}" if new is not None else "/dev/null",
        )
    )
    if len(lines) > DIFF_LINE_LIMIT:
        lines = [*lines[:DIFF_LINE_LIMIT], f"… {len(lines) - DIFF_LINE_LIMIT} more lines\n"]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
