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
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from journal.entries import Entry
from journal.errors import InvalidInput
from journal.publish import matter, messages
from journal.publish.blogs import Blog
from journal.publish.permalinks import own_path, post_path, url_for
from journal.publish.post_fields import PostFields
from journal.publish.site import Site, read_site
from journal.publish.slugs import inside

if TYPE_CHECKING:
    from journal.markdown.private import PublicText
    from journal.publish.post_links import PostLink, PostLinks

MAX_FILE_BYTES = 50 * 1024 * 1024
BIG_IMAGE_BYTES = 5 * 1024 * 1024
DIFF_LINE_LIMIT = 2000
OWNED_KEYS = (
    "title",
    "date",
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
_OUR_IMAGE_RE = re.compile(r"(?:^|/)" + IMAGE_NAME_RE.pattern.removeprefix("^"))  # our image, by name or path
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
    url: str = ""  # the post's address as the generator makes it
    url_path: str = ""  # the same, relative to the site's base URL ("posts/my-slug/")
    links: tuple[PostLink, ...] = ()  # what each [[link]] of the text became

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


def post_paths(blog: Blog, slug: str, day: dt.date, base_path: str = "/") -> PostPaths:
    """The post file and image folder for a slug; every path checked to stay inside its folder. Site-rooted image
    links carry the site's ``base_path`` (``/repo/`` on a project page), so they work with any theme."""
    content = blog.content_root
    if blog.kind == "hugo" and blog.hugo_layout == "bundle":
        paths = PostPaths(f"{content}/{slug}/index.md", f"{content}/{slug}", "")
        image_root = content
    elif blog.kind == "hugo":
        paths = PostPaths(f"{content}/{slug}.md", f"static/images/{slug}", f"{base_path}images/{slug}/")
        image_root = PurePosixPath("static/images")
    else:
        paths = PostPaths(
            f"{content}/{day.isoformat()}-{slug}.md", f"assets/images/{slug}", f"{base_path}assets/images/{slug}/"
        )
        image_root = PurePosixPath("assets/images")
    if not inside(content, paths.post) or not inside(image_root, paths.image_dir + "/x"):
        raise InvalidInput(messages.SLUG_BAD.format(slug=slug, limit=80))
    return paths


def paths_at(blog: Blog, post: str, slug: str, base_path: str = "/") -> PostPaths:
    """The paths of a post that stays in its own file (one the person wrote, adopted): a page bundle's images go
    beside it, a single file's where Trailbook puts them for its slug."""
    if PurePosixPath(post).stem == "index" and blog.kind == "hugo":
        folder = PurePosixPath(post).parent.as_posix()
        return PostPaths(post, folder, "")
    flat = post_paths(replace(blog, hugo_layout="flat"), slug, dt.date(2000, 1, 1), base_path)
    return PostPaths(post, flat.image_dir, flat.image_url)


def file_day(site: Site, date: dt.datetime) -> dt.date:
    """The day in a Jekyll post's file name: the post's date in the site's time zone (UTC when unset), the day
    Jekyll itself gives the post, so the file name and the address agree wherever the site is built."""
    return date.astimezone(site.timezone).date() if site.kind == "jekyll" else date.date()


def post_dates(
    entry: Entry, tz: dt.tzinfo | None = None, publish_at: dt.datetime | None = None
) -> tuple[dt.datetime, dt.datetime]:
    """``(date, lastmod)``: the entry's day at the time of day it was created, and its last change (never earlier),
    in the writer's time zone (``tz``; the system's when None), to the second. A publish date the person set wins,
    with the offset it was given (Hugo builds addresses from the date as written)."""
    if publish_at is not None:
        date = publish_at.replace(microsecond=0)
        return date, max(date, entry.updated.astimezone(tz).replace(microsecond=0))
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


def _image_mapper(  # type: ignore[no-untyped-def]
    paths: PostPaths, attachments: Path, found: _Collect, theirs: Mapping[str, str] | None = None
):
    """Attachment links to the blog's image files (copied there as ``image-<sha>``). ``theirs`` maps the SHA-256 of
    images the post's own file already shows to the links it shows them with: those stay as they are."""

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
        if theirs and m.group(1) in theirs:
            return theirs[m.group(1)]
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


def _images_shown(site: Site, post: str, text: str) -> dict[str, str]:
    """SHA-256 → link of each image file the post's own text shows (beside it, or site-rooted under the base path,
    in Hugo's ``static/`` or Jekyll's root): an adopted post keeps showing them from where they are."""
    from journal.markdown import rewrite_image_links

    try:
        _fmt, _meta, body = matter.read_post(text)
    except InvalidInput:
        return {}
    links: list[str] = []
    rewrite_image_links(body, lambda src: links.append(src.strip()) or None)  # type: ignore[func-returns-value]
    folder = PurePosixPath(post).parent
    roots = [PurePosixPath("static"), PurePosixPath("assets")] if site.kind == "hugo" else [PurePosixPath(".")]
    found: dict[str, str] = {}
    for link in links:
        if not link or _EXTERNAL_RE.match(link):
            continue
        clean = link.split("#", 1)[0].split("?", 1)[0]
        if clean.startswith("/"):
            under = clean.removeprefix(site.base_path) if clean.startswith(site.base_path) else clean.lstrip("/")
            candidates = [root / under for root in roots]
        else:
            candidates = [folder / clean]
        for rel in candidates:
            target = site.root / rel
            if inside(PurePosixPath("."), rel.as_posix()) and target.is_file():
                found.setdefault(hashlib.sha256(target.read_bytes()).hexdigest(), link)
                break
    return found


def public_body(entry: Entry) -> PublicText:
    """The entry's text as it may leave the journal: private blocks stripped, the repeated title heading dropped.

    Everything publishing derives from the text (the post's body, its description and summary, its image list)
    comes from this one text, never from ``entry.body``.
    """
    from journal.markdown.private import public_text

    public = public_text(entry.body)
    return replace(public, text=_drop_title_heading(public.text, entry.title))


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
    site: Site | None = None,
    fields: PostFields | None = None,
    draft: bool = False,
    path: str | None = None,
    links: PostLinks | None = None,
) -> RenderedPost:
    """The post for ``entry`` at ``slug``; ``existing`` is the post file's current text in the blog (its front matter
    keys that Trailbook does not own are kept). ``site`` is the blog's site as read (read here when None); ``fields``
    the entry's post fields (categories, cover, publish date); ``draft`` writes it as a draft the site does not show;
    ``path`` keeps the post in that file (the person's own post, adopted: its images stay where they are too);
    ``links`` says where links to other entries go (``journal.publish.post_links``). Never raises for content:
    problems become warnings or a refusal."""
    from journal.markdown import mathml_for_publish, rewrite_image_links, strip_private_blocks
    from journal.publish.description import description_of
    from journal.publish.liquid import raw_block
    from journal.publish.mathmode import choose_math

    site = site if site is not None else site_of(blog)
    fields = fields or PostFields()
    date, lastmod = post_dates(entry, tz, fields.publish_at)
    day = file_day(site, date)
    if path is not None:
        paths = paths_at(blog, path, slug, site.base_path)
        shown = _images_shown(site, path, existing) if existing is not None else {}
    else:
        paths, shown = post_paths(blog, slug, day, site.base_path), {}
    found = _Collect()
    public = public_body(entry)
    body = public.text
    if public.unclosed_line is not None:
        found.warn(messages.WARN_PRIVATE_UNCLOSED.format(line=public.unclosed_line))
    description = strip_private_blocks(entry.summary).strip()  # the person's own summary, private syntax and all
    own = entry.front_matter.get("description")
    if not description and isinstance(own, str):  # an imported post's own description (kept front matter)
        description = strip_private_blocks(own).strip()
    post_links: tuple[PostLink, ...] = ()
    if links is not None:
        body, post_links = links.apply(entry.id, body)
        description = links.plain(entry.id, description)
        for link in post_links:
            if link.status == "left_out":
                found.warn(messages.WARN_LINK_LEFT_OUT.format(link=link.link))
    if not description:
        found.warn(messages.WARN_NO_DESCRIPTION)
        description = description_of(body)
    if not body.strip():
        found.warn(messages.WARN_EMPTY)
    cover_name = None
    if fields.cover is not None:  # the chosen cover first, so it is the post's cover image
        cover_name = _image_mapper(paths, attachments, found)(fields.cover)
        if cover_name is None:
            found.warnings[-1:] = [messages.WARN_COVER_MISSING.format(src=fields.cover)]
    body = rewrite_image_links(body, _image_mapper(paths, attachments, found, shown))
    math = choose_math(site, blog.math)
    with_math = mathml_for_publish(body, math.write)
    has_math = with_math != body
    body = with_math
    if has_math and math.warning:
        found.warn(math.warning)
    if body and not body.endswith(("\n", "\r")):
        body += "\n"
    if site.kind == "jekyll":
        body = raw_block(body)

    fmt: matter.MatterFormat = site.style.format if site.style.learned_from else blog_format(blog)
    theirs: dict[str, Any] = {}
    if existing is not None:
        try:
            existing_fmt, theirs, _ = matter.read_post(existing)
        except InvalidInput as exc:
            refusal = messages.BAD_FRONT_MATTER.format(path=paths.post, detail=exc.message)
            return RenderedPost(entry.id, entry.title, slug, paths, "", (), tuple(found.warnings), refusal)
        fmt = existing_fmt or fmt

    schedule = schedule_note(site, date, now)
    if schedule:
        found.warn(schedule)
    if site.kind == "jekyll" and site.family != "trailbook" and day != date.date():
        found.warn(
            messages.WARN_JEKYLL_DAY.format(
                shown=day.isoformat(), zone=site.timezone_name or "UTC", day=date.date(), mine=local_zone_name()
            )
        )
    first_image = next(iter(found.images.values()), None)
    cover_in_body = cover_name is None or cover_name in body  # a chosen cover not in the text is shown above it
    if fields.categories is not None:
        categories: Any = list(fields.categories)
    else:
        # An adopted post the person gave no categories gets none (Jekyll makes its address from them).
        default = [] if path is not None else list(blog.categories)
        categories = theirs.get("categories", entry.front_matter.get("categories", default))
    url_path = own_path(site, theirs) or post_path(
        site, slug=slug, title=entry.title, date=date, categories=_list(categories)
    )
    facts = PostFacts(
        entry,
        slug,
        fmt,
        date,
        lastmod,
        description,
        first_image,
        has_math,
        math.param,
        categories,
        url_path,
        draft=draft,
        cover_in_body=cover_in_body,
    )
    if draft:
        found.warn(messages.DRAFT_NOTE)
    # Trailbook's own keys are not the person's (`images` is, while the post has no cover of Trailbook's).
    owned = {k for k in OWNED_KEYS if k != "images" or first_image is not None}
    mapper = _image_mapper(paths, attachments, found)
    kept = _kept_image_keys(entry, {**theirs, **dict.fromkeys(owned, "")}, site, paths, url_path, mapper, found)
    meta = _front_matter(facts, site, paths, theirs, old_slugs, kept)
    if site.kind == "jekyll":
        for old in old_slugs:
            old_path = post_path(site, slug=old, title=entry.title, date=date, categories=_list(categories))
            found.warn(messages.WARN_JEKYLL_ALIAS.format(old=site.base_path + old_path))
    text = matter.dump(meta, fmt) + "\n" + body
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        found.refusal = messages.FILE_TOO_LARGE.format(path=paths.post, size=size // 1_000_000)
    return RenderedPost(
        entry.id,
        entry.title,
        slug,
        paths,
        text,
        tuple(found.images.values()),
        tuple(found.warnings),
        found.refusal,
        url=url_for(site, url_path),
        url_path=url_path,
        links=post_links,
    )


def schedule_note(site: Site, date: dt.datetime, now: dt.datetime | None = None) -> str | None:
    """What to say about a post dated in the future: from when the site shows it (Hugo and Jekyll leave a future post
    out of the site until a build after its date, unless the site builds future posts)."""
    if date <= (now or dt.datetime.now(dt.UTC)):
        return None
    when = date.strftime("%A %d %B %Y, %H:%M") + f" ({date.strftime('%z')[:3]}:{date.strftime('%z')[3:]})"
    setting = "buildFuture" if site.kind == "hugo" else "future"
    if site.config.get(setting.lower() if site.kind == "hugo" else setting) is True:
        return messages.SCHEDULED_SHOWN_NOW.format(when=when, setting=f"{setting}: true")
    return messages.SCHEDULED.format(when=when)


def site_of(blog: Blog) -> Site:
    """The blog's site as it is on disk, with the blog's own settings (posts folder, base URL) applied."""
    return read_site(blog.path, blog.kind, content_dir=blog.content_dir, base_url=blog.base_url)


def blog_format(blog: Blog) -> matter.MatterFormat:
    return "toml" if blog.front_matter == "toml" else "yaml"


def local_zone_name() -> str:
    """The IANA name of this machine's time zone, for a message (``Europe/Paris``), or a placeholder."""
    import os

    name = os.environ.get("TZ", "").lstrip(":")
    if "/" in name and not name.startswith("/"):
        return name
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    return "Your/Zone"


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value] if isinstance(value, list) else []


@dataclass(frozen=True)
class PostFacts:
    """What the front matter is made from (one entry, rendered)."""

    entry: Entry
    slug: str
    fmt: str
    date: dt.datetime
    lastmod: dt.datetime
    description: str
    cover: ImageFile | None  # the cover image: the one the entry chose, else the body's first image
    has_math: bool
    math_param: str | None
    categories: Any  # as the front matter has them (a list, or the person's own string)
    url_path: str
    draft: bool = False
    cover_in_body: bool = True  # the cover is an image of the body (so themes need not show it again above it)


def _stamp(site: Site, fmt: str, stamp: dt.datetime) -> Any:
    """A date the way the site's posts write theirs, always with the time and the UTC offset."""
    if fmt == "toml":
        return stamp  # TOML has offset date-times of its own
    text = stamp.strftime("%Y-%m-%d %H:%M:%S %z") if site.style.date_style == "spaced" else rfc3339(stamp)
    return text if site.style.quoted_dates else matter.Plain(text)


def _ours(value: Any) -> bool:
    """Whether a theme key's value is one Trailbook wrote (it names one of our image files)."""
    if isinstance(value, Mapping):
        return _ours(value.get("image"))
    if isinstance(value, list):
        return all(_ours(v) for v in value)
    return isinstance(value, str) and _OUR_IMAGE_RE.search(value) is not None


def _image_forms(site: Site, paths: PostPaths, url_path: str, image: ImageFile) -> tuple[str, str]:
    """``(rooted, beside)``: the image as themes resolve it from the base URL, and as those that look the name up
    among the page's own files first (a page bundle's) take it."""
    bundle = paths.image_url == ""
    if site.kind == "jekyll":
        rooted = "/" + paths.image(image.name)  # jekyll-seo-tag adds url and baseurl itself
    else:  # Hugo: relative to the base URL (absURL adds it); a page bundle's images are under the post's address
        folder = url_path if url_path.endswith("/") else url_path.rsplit("/", 1)[0] + "/"
        rooted = folder if bundle else paths.image(image.name).removeprefix("static/").rsplit("/", 1)[0] + "/"
        rooted = rooted.lstrip("/") + image.name if bundle else rooted + image.name
    return rooted, (image.name if bundle else rooted)


def cover_values(site: Site, paths: PostPaths, url_path: str, image: ImageFile, in_body: bool = True) -> dict[str, Any]:
    """The cover image in each key the site's theme reads it from, as that theme resolves it."""
    bundle = paths.image_url == ""
    rooted, beside = _image_forms(site, paths, url_path, image)
    values: dict[str, Any] = {}
    for key in site.theme_facts.cover_keys:
        if key == "images":
            values["images"] = [rooted if site.kind == "hugo" else paths.image_url + image.name]
        elif key == "cover.image":
            # The cover is the body's first image: shown in lists, not again above the post itself (PaperMod 7 reads
            # `hidden` on a page, later versions `hiddenInSingle` and `hiddenInList`).
            cover: dict[str, Any] = {
                "image": beside,
                "hidden": in_body,
                "hiddenInSingle": in_body,
                "hiddenInList": False,
            }
            if bundle:
                cover["relative"] = True
            values["cover"] = cover
        elif key == "image":
            values["image"] = rooted
        else:  # featured_image (Ananke), featureImage and thumbnail (hugo-clarity)
            values[key] = beside
    return values


def _kept_image_keys(
    entry: Entry, theirs: Mapping[str, Any], site: Site, paths: PostPaths, url_path: str, use: Any, found: _Collect
) -> dict[str, Any]:
    """The image keys of an imported or adopted post's kept front matter (``featured_image``, ``cover.image``,
    ``image``, ``images``…) whose values name one of the entry's attachments, with each attachment copied as the
    body's images are and named as the themes reading that key resolve it. A key ``theirs`` has (a value the person
    set in the post's file in the blog) is left to that file; a key whose image is gone is left out."""

    def named(value: Any, key: str) -> Any:
        if isinstance(value, str):
            if not _ATTACHMENT_RE.match(value.strip()):
                return value
            link = use(value)
            image = found.images.get(link.rsplit("/", 1)[-1]) if link else None
            if image is None:
                raise LookupError(value)
            rooted, beside = _image_forms(site, paths, url_path, image)
            if site.kind == "jekyll":  # jekyll-seo-tag's `image` (and `image.path`) adds the base URL itself
                return rooted if key in ("image", "path") else paths.image_url + image.name
            return rooted if key in ("image", "images") else beside
        if isinstance(value, Mapping):
            table = {k: named(v, str(k) if key != "cover" else "cover") for k, v in value.items()}
            if table.get("relative") is True and paths.image_url and table != value:
                table["relative"] = False  # PaperMod's cover beside the post: the image is in the blog's images now
            return table
        if isinstance(value, list):
            return [named(v, key) for v in value]
        return value

    kept: dict[str, Any] = {}
    for key, value in entry.front_matter.items():
        if "attachments/" not in str(value) or (key in theirs and not _ours(theirs[key])):
            continue
        try:
            kept[key] = named(value, key)
        except LookupError:
            continue  # the attachment is gone (the mapper said so): the key is left out
    return kept


def _front_matter(
    facts: PostFacts,
    site: Site,
    paths: PostPaths,
    theirs: dict[str, Any],
    old_slugs: tuple[str, ...],
    kept: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``kept``: the image keys of the entry's kept front matter, pointing at the images copied for them."""
    entry, fmt = facts.entry, facts.fmt
    kept = kept or {}
    meta: dict[str, Any] = {
        "title": entry.title,
        "date": _stamp(site, fmt, facts.date),
        site.style.lastmod_key: _stamp(site, fmt, facts.lastmod),
        "draft": facts.draft,
        "tags": list(entry.tags),
        "categories": facts.categories,
        "description": facts.description,
        "summary": facts.description,
        "slug": facts.slug,
    }
    url_path = facts.url_path
    # Theme keys: written while they are ours (absent, or naming one of our images); a value the person set stays.
    fill: dict[str, Any] = {}
    if facts.cover is not None:
        fill.update(cover_values(site, paths, url_path, facts.cover, facts.cover_in_body))
        if "images" in site.theme_facts.cover_keys or site.family == "trailbook":
            meta["images"] = fill.pop("images", [paths.image_url + facts.cover.name])
    elif "images" in theirs:
        meta["images"] = theirs["images"]
    elif "images" in kept:
        meta["images"] = kept["images"]
    if site.kind == "hugo":
        aliases = [a for a in theirs.get("aliases", []) or [] if isinstance(a, str)]
        here = "/" + url_path
        for old in old_slugs:
            alias = "/" + post_path(site, slug=old, title=entry.title, date=facts.date)
            if old != facts.slug and alias not in aliases:
                aliases.append(alias)
        aliases = [a for a in aliases if a != here]
        if aliases:
            meta["aliases"] = aliases
    else:
        if site.post_layout:
            fill["layout"] = site.post_layout
        if facts.draft:
            meta["published"] = False  # Jekyll leaves a post with `published: false` out of the site
        if site.liquid_off:
            meta["render_with_liquid"] = True  # Jekyll 4 would show our {% raw %} tags as text otherwise
        if "excerpt" not in theirs or theirs.get("excerpt") == theirs.get("description"):
            meta["excerpt"] = facts.description  # Jekyll's own excerpt would cut the raw block in two
    if facts.has_math and facts.math_param:
        fill[facts.math_param] = True
    for key, value in fill.items():
        mine = theirs.get(key)
        if key in kept:
            continue  # the person's own image, kept from the file it was imported or adopted from
        if key not in theirs or _ours(mine) or (key == "layout" and mine is None):
            if key == "cover" and isinstance(mine, Mapping):
                value = {**mine, **value}  # the person's caption or alt stay
            meta[key] = value
    meta["trailbook_id"] = entry.id
    owned = set(OWNED_KEYS) | {site.style.lastmod_key} | ({"published"} if site.kind == "jekyll" else set())
    for key, value in theirs.items():
        if key not in meta and key not in owned and not _ours(value):  # an image key of ours no longer wanted goes
            meta[key] = value
    for key, value in entry.front_matter.items():  # kept from an imported file: written back, never over the blog's
        if key in meta or key in owned:
            continue
        if key in kept:
            meta[key] = kept[key]  # its image copied into the blog, named as the theme finds it
        elif "attachments/" not in str(value):  # a journal path that is no image of the entry's means nothing
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
