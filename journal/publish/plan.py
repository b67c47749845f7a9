"""Planning a publish or unpublish: for each entry, its slug, its post, new / updated / unchanged (or why it is
refused), the diff of the post file against what is in the blog folder, warnings, and the exact files to write or
delete. No git and no writes here: the dialog shows a plan, and the publish job makes one again at the moment it
writes (after bringing the branch up to date)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from journal.dates import utcnow
from journal.db import Journal
from journal.entries import Entry
from journal.publish import messages, portfolio, publications
from journal.publish.blogs import Blog
from journal.publish.mathmode import describe_site
from journal.publish.post_fields import PostFields, post_fields_for
from journal.publish.post_links import PostLink, PostLinks
from journal.publish.posts import (
    IMAGE_NAME_RE,
    PostPaths,
    file_day,
    owner_of,
    post_dates,
    post_paths,
    render_post,
    site_of,
    unified_diff,
)
from journal.publish.publications import PUBLISHED, Publication, Record
from journal.publish.site import Site
from journal.publish.slugs import is_valid_slug, slug_from_title, unique_slug

NEW, UPDATED, UNCHANGED, REFUSED, REMOVE = "new", "updated", "unchanged", "refused", "remove"
_JEKYLL_POST_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-(.+)\.(?:md|markdown|html)\Z")


@dataclass(frozen=True)
class FileChange:
    """One file Trailbook writes (``data``, or a copy of ``source``) or deletes (both None)."""

    path: str
    data: bytes | None = None
    source: Path | None = None

    @property
    def deletes(self) -> bool:
        return self.data is None and self.source is None


@dataclass(frozen=True)
class PlannedPost:
    entry_id: str
    title: str
    slug: str
    status: str  # new | updated | unchanged | refused | remove
    path: str
    diff: str = ""
    warnings: tuple[str, ...] = ()
    refusal: str | None = None
    changes: tuple[FileChange, ...] = ()
    guarded: tuple[str, ...] = ()  # post files: a remote change to one of these is a conflict
    record: Record | None = None  # what to record once committed (None: already recorded as it is)
    url: str = ""  # the post's address on the built site
    url_path: str = ""  # the same under the site's base URL ("posts/my-slug/")
    links: tuple[PostLink, ...] = ()  # what each [[link]] to another entry became


@dataclass(frozen=True)
class Plan:
    blog: Blog
    action: str  # publish | unpublish
    posts: tuple[PlannedPost, ...]
    portfolio: FileChange | None = None
    portfolio_diff: str = ""
    site: Site | None = None  # the blog's site as it was read for this plan
    summary: str = ""  # one line on the site: theme, posts folder, cover and description keys, math
    draft: bool = False  # the posts go out as drafts

    @property
    def changes(self) -> list[FileChange]:
        found = [c for p in self.posts if p.status != REFUSED for c in p.changes]
        return found + ([self.portfolio] if self.portfolio is not None else [])

    @property
    def paths(self) -> list[str]:
        return sorted({c.path for c in self.changes})

    @property
    def refused(self) -> list[PlannedPost]:
        return [p for p in self.posts if p.status == REFUSED]

    @property
    def guarded(self) -> set[str]:
        return {g for p in self.posts for g in p.guarded}


@dataclass
class _Context:
    journal: Journal
    blog: Blog
    root: Path
    last: dict[str, Publication]
    site: Site
    diffs: bool = True
    fields: dict[str, PostFields] = field(default_factory=dict)
    draft: bool = False
    taken: set[str] | None = None
    site_slugs: set[str] | None = None
    assigned: set[str] = field(default_factory=set)
    links: PostLinks | None = None


def _read(root: Path, rel: str) -> str | None:
    path = root / rel
    if not path.is_file():
        return None
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def _site_slugs(blog: Blog, root: Path) -> set[str]:
    """Slugs of the posts already in the blog's posts folder (casefolded), whoever wrote them."""
    folder = root / blog.content_dir
    found: set[str] = set()
    if not folder.is_dir():
        return found
    for child in folder.iterdir():
        name = child.name
        if blog.kind == "jekyll":
            m = _JEKYLL_POST_RE.match(name)
            if m:
                found.add(m.group(1).casefold())
        elif child.is_dir():
            found.add(name.casefold())
        elif "." in name:
            found.add(name.rsplit(".", 1)[0].casefold())
    return found


def _choose_slug(ctx: _Context, entry: Entry, last: Publication | None) -> tuple[str, str | None]:
    """(slug, refusal): the locked slug, else the one it was published with, else a new unique one."""
    if ctx.taken is None:
        ctx.taken = publications.taken_slugs(ctx.journal)
    own = (entry.slug or "").casefold()
    others = ctx.taken - {own} if own else ctx.taken
    if entry.slug:
        if not is_valid_slug(entry.slug):
            return entry.slug, messages.SLUG_BAD.format(slug=entry.slug, limit=80)
        slug = entry.slug
    elif last is not None and is_valid_slug(last.slug):
        slug = last.slug
    else:
        if ctx.site_slugs is None:
            ctx.site_slugs = _site_slugs(ctx.blog, ctx.root)
        slug = unique_slug(
            slug_from_title(entry.title, entry.id), others | ctx.site_slugs | ctx.assigned, casefolded=True
        )
    if slug.casefold() in others or slug.casefold() in ctx.assigned:
        return slug, messages.SLUG_TAKEN.format(slug=slug)
    ctx.assigned.add(slug.casefold())
    return slug, None


def _images_in(root: Path, image_dir: str) -> list[str]:
    folder = root / image_dir
    if not folder.is_dir():
        return []
    return sorted(f"{image_dir}/{p.name}" for p in folder.iterdir() if p.is_file() and IMAGE_NAME_RE.match(p.name))


def _old_paths(blog: Blog, last: Publication, day: dt.date) -> PostPaths:
    """Where the last published version of a post lives (its image folder follows its slug)."""
    paths = post_paths(blog, last.slug, day)
    return PostPaths(last.path, paths.image_dir, paths.image_url)


def _plan_publish(ctx: _Context, entry: Entry, tz: dt.tzinfo | None) -> PlannedPost:
    last = ctx.last.get(entry.id)
    last_live = None if last is not None and last.action != PUBLISHED else last
    refused = messages.PRIVATE_REFUSED if entry.private else messages.TRASHED_REFUSED if entry.in_trash else None
    if refused is not None:
        return PlannedPost(
            entry.id, entry.title, entry.slug or "", REFUSED, "", refusal=refused.format(title=entry.title)
        )
    slug, refusal = _choose_slug(ctx, entry, last_live)
    if refusal:
        return PlannedPost(entry.id, entry.title, slug, REFUSED, "", refusal=refusal)
    fields = ctx.fields.get(entry.id)
    # The person's own post, adopted: it stays in its file (and at its address) as long as its slug does.
    adopted = last_live is not None and last_live.adopted and last_live.slug == slug
    if adopted:
        assert last_live is not None
        paths = PostPaths(last_live.path, "", "")
    else:
        day = file_day(ctx.site, post_dates(entry, tz, fields.publish_at if fields else None)[0])
        paths = post_paths(ctx.blog, slug, day, ctx.site.base_path)
    existing = _read(ctx.root, paths.post)
    if existing is not None and owner_of(existing) != entry.id and not (adopted and owner_of(existing) is None):
        return PlannedPost(
            entry.id, entry.title, slug, REFUSED, paths.post, refusal=messages.FOREIGN_FILE.format(path=paths.post)
        )
    old: PostPaths | None = None
    old_text: str | None = None
    if last_live is not None and last_live.path != paths.post:
        old = _old_paths(ctx.blog, last_live, entry.day)
        old_text = _read(ctx.root, old.post)
        owner = owner_of(old_text) if old_text is not None else None
        if old_text is not None and owner != entry.id and not (last_live.adopted and owner is None):
            old, old_text = None, None  # someone else's file now: leave it alone
    old_slugs = (last_live.slug,) if last_live is not None and last_live.slug != slug else ()
    post = render_post(
        entry,
        ctx.blog,
        slug,
        attachments=ctx.journal.paths.attachments,
        existing=existing if existing is not None else old_text,
        old_slugs=old_slugs,
        tz=tz,
        site=ctx.site,
        fields=fields,
        draft=ctx.draft,
        path=paths.post if adopted else None,
        links=ctx.links,
    )
    paths = post.paths
    if post.refusal:
        return PlannedPost(
            entry.id, entry.title, slug, REFUSED, paths.post, warnings=post.warnings, refusal=post.refusal
        )

    changes: list[FileChange] = []
    if existing != post.text:
        changes.append(FileChange(paths.post, data=post.text.encode("utf-8")))
    wanted = set(post.image_paths)
    for image in post.images:
        target = ctx.root / paths.image(image.name)
        if not target.is_file() or target.stat().st_size != image.size:
            changes.append(FileChange(paths.image(image.name), source=image.source))
    stale = [p for p in _images_in(ctx.root, paths.image_dir) if p not in wanted]
    if old is not None:
        if old_text is not None:
            changes.append(FileChange(old.post))
        if old.image_dir != paths.image_dir:
            stale += _images_in(ctx.root, old.image_dir)
    changes += [FileChange(p) for p in stale]
    warnings = post.warnings
    if last_live is not None and last_live.draft and not ctx.draft:
        warnings += (messages.DRAFT_GOES_LIVE,)
    status = UNCHANGED if not changes else NEW if existing is None and last_live is None else UPDATED
    diff = ""
    if changes and ctx.diffs:
        diff = unified_diff(paths.post, existing if existing is not None else old_text, post.text)
    needs_record = (
        changes
        or last_live is None
        or last_live.content_hash != post.content_hash
        or last_live.slug != slug
        or entry.slug is None
    )
    needs_record = needs_record or last_live.url != post.url or last_live.draft != ctx.draft
    changed_at = max(entry.updated, fields.updated) if fields is not None and fields.updated else entry.updated
    rec = (
        Record(entry.id, PUBLISHED, slug, paths.post, post.content_hash, changed_at, post.url, ctx.draft, adopted)
        if needs_record
        else None
    )
    guarded = (paths.post,) + ((old.post,) if old is not None else ())
    return PlannedPost(
        entry.id,
        entry.title,
        slug,
        status,
        paths.post,
        diff,
        warnings,
        None,
        tuple(changes),
        guarded,
        rec,
        post.url,
        post.url_path,
        post.links,
    )


def _plan_unpublish(ctx: _Context, entry_id: str, title: str, day: dt.date) -> PlannedPost:
    last = ctx.last.get(entry_id)
    if last is None or last.action != PUBLISHED:
        return PlannedPost(
            entry_id, title, "", REFUSED, "", refusal=messages.NOT_PUBLISHED.format(title=title, blog=ctx.blog.name)
        )
    old = _old_paths(ctx.blog, last, day)
    text = _read(ctx.root, old.post)
    changes: list[FileChange] = []
    if text is not None and owner_of(text) in (entry_id, None):
        changes.append(FileChange(old.post))
    changes += [FileChange(p) for p in _images_in(ctx.root, old.image_dir)]
    diff = unified_diff(old.post, text, None) if text is not None else ""
    rec = Record(
        entry_id, publications.UNPUBLISHED, last.slug, last.path, "", last.entry_updated, last.url, False, last.adopted
    )
    return PlannedPost(
        entry_id, title, last.slug, REMOVE, old.post, diff, (), None, tuple(changes), (old.post,), rec, last.url
    )


def _plan_portfolio(ctx: _Context, posts: Sequence[PlannedPost], action: str) -> tuple[FileChange | None, str]:
    if not ctx.blog.portfolio:
        return None, ""
    source = portfolio.portfolio_input(ctx.journal)
    if source is None:
        return None, ""
    base = ctx.site.base_url or ctx.site.base_path
    published = {
        uuid: (title, slug, url.removeprefix(base) if url.startswith(base) else f"posts/{slug}/")
        for uuid, (title, slug, url) in publications.published_on(ctx.journal, ctx.blog.id).items()
    }
    for post in posts:
        if post.status == REFUSED:
            continue
        if action == "publish":
            published[post.entry_id] = (post.title, post.slug, post.url_path)
        else:
            published.pop(post.entry_id, None)
    rel = portfolio.DATA_FILE[ctx.blog.kind]
    existing = _read(ctx.root, rel)
    text = portfolio.render_portfolio(portfolio.portfolio_data(source, published), existing, utcnow().astimezone())
    if text is None:
        return None, ""
    return FileChange(rel, data=text.encode("utf-8")), unified_diff(rel, existing, text)


def _plan_posts(ctx: _Context, entries: Sequence[Entry], tz: dt.tzinfo | None) -> list[PlannedPost]:
    """Each entry's post. A post that links to another entry of this publish is made again once every address is
    known (the link's target may come after it)."""
    assert ctx.links is not None
    posts: list[PlannedPost] = []
    for entry in entries:
        post = _plan_publish(ctx, entry, tz)
        if post.status != REFUSED:
            ctx.links.planned(entry.id, post.url_path)
        posts.append(post)
    here = {p.entry_id for p in posts if p.status != REFUSED}
    for i, post in enumerate(posts):
        if post.status != REFUSED and any(link.target_id in here for link in post.links):
            ctx.assigned.discard(post.slug.casefold())  # its own slug again, not a taken one
            posts[i] = _plan_publish(ctx, entries[i], tz)
    return posts


def plan_publish(
    journal: Journal,
    blog: Blog,
    entries: Sequence[Entry],
    *,
    tz: dt.tzinfo | None = None,
    diffs: bool = True,
    draft: bool = False,
) -> Plan:
    """What publishing ``entries`` to ``blog`` would do, against the blog folder as it is now (``diffs``: also the
    diff of each post file, for people to read; the publish job itself does without). ``draft``: as drafts the
    site does not show."""
    ids = [e.id for e in entries]
    last = publications.latest(journal, blog.id, ids)
    fields = post_fields_for(journal, ids)
    ctx = _Context(journal, blog, blog.path, last, site_of(blog), diffs, fields, draft)
    ctx.links = PostLinks(journal, blog.id, ctx.site, draft=draft)
    posts = tuple(_plan_posts(ctx, entries, tz))
    change, diff = _plan_portfolio(ctx, posts, "publish")
    return Plan(blog, "publish", posts, change, diff, ctx.site, describe_site(ctx.site, blog.math), draft)


def plan_unpublish(journal: Journal, blog: Blog, targets: Sequence[tuple[str, str, dt.date]]) -> Plan:
    """What removing the posts of ``targets`` (entry UUID, title, day) from ``blog`` would do."""
    last = publications.latest(journal, blog.id, [t[0] for t in targets])
    ctx = _Context(journal, blog, blog.path, last, site_of(blog))
    posts = tuple(_plan_unpublish(ctx, *target) for target in targets)
    change, diff = _plan_portfolio(ctx, posts, "unpublish")
    return Plan(blog, "unpublish", posts, change, diff, ctx.site, describe_site(ctx.site, blog.math))
