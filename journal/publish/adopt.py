"""Adopting the posts a blog already has (``trailbook blog adopt NAME``, and the offer in Use Existing Blog…): each post
the person wrote becomes an entry, linked to its file as a publication, so that editing it in Trailbook and
publishing it again rewrites the same file at the same address instead of adding a second post.

A post is read the way the Hugo and Jekyll importers read one (``journal.transfer``: title, date, tags, summary,
its images stored as attachments, every other front matter key kept with the entry), and then:

- its publication record names its file and says it was adopted, so it stays in that file (``plan``), keeps its
  images where they are (a stored image with the same bytes is linked as the post linked it), and keeps the keys
  it has that Trailbook does not write;
- its date, exactly as written (with its offset), becomes the entry's publish date, and its slug the one its
  address is made from (front matter ``slug``, else the file or bundle name), so the address does not move;
- its ``description`` becomes the entry's summary when it has none (Trailbook writes the description);
- a Jekyll post's raw blocks become the text they show; other Liquid (``{% include %}``, ``{{ site.url }}``) is
  named in the report, since a republished post shows it as text.

Posts Trailbook wrote (``trailbook_id``) and posts already adopted are left out, so adopting again adds nothing.
Nothing in the blog folder is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from journal.dates import utcnow
from journal.db import Journal
from journal.errors import InvalidInput
from journal.jobs import Job, Progress
from journal.publish import matter, messages
from journal.publish.blogs import Blog, get_blog
from journal.publish.permalinks import front_matter_date, own_path, post_path, url_for
from journal.publish.posts import owner_of, site_of
from journal.publish.publications import PUBLISHED, Record
from journal.publish.site import Site, post_files
from journal.publish.slugs import is_valid_slug

ADOPTED, UPDATED, UNCHANGED, SKIPPED = "adopted", "updated", "unchanged", "skipped"


@dataclass(frozen=True)
class AdoptedPost:
    """One of the blog's post files and what adopting it did (``status``), with the entry and address it has."""

    path: str
    status: str
    entry_id: str = ""
    title: str = ""
    url: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AdoptReport:
    blog: str
    posts: tuple[AdoptedPost, ...]
    dry_run: bool = False

    @property
    def adopted(self) -> list[AdoptedPost]:
        return [p for p in self.posts if p.status != SKIPPED]

    @property
    def skipped(self) -> list[AdoptedPost]:
        return [p for p in self.posts if p.status == SKIPPED]


@dataclass(frozen=True)
class _Candidate:
    path: str  # relative to the blog's root (POSIX)
    slug: str
    meta: dict[str, Any]
    text: str


def _slug_of(site: Site, rel: str, meta: dict[str, Any]) -> str:
    """The slug the generator makes the post's address from: front matter ``slug``, else its file or bundle name."""
    given = meta.get("slug")
    if isinstance(given, str) and given.strip():
        return given.strip()
    path = PurePosixPath(rel)
    if site.kind == "hugo":
        return path.parent.name if path.stem == "index" else path.stem
    return path.stem.split("-", 3)[-1] if path.stem[:4].isdigit() else path.stem


def _adopted_paths(journal: Journal, blog: Blog) -> set[str]:
    """Files of this blog that are already an entry's post (adopted or written by Trailbook)."""
    from journal.publish.publications import latest

    return {p.path for p in latest(journal, blog.id).values() if p.action == PUBLISHED}


def candidates(journal: Journal, blog: Blog, site: Site | None = None) -> tuple[list[_Candidate], list[AdoptedPost]]:
    """The person's own post files in the blog's posts folder that no entry has yet, and those that cannot be
    adopted (with why)."""
    from journal.publish.publications import taken_slugs

    site = site or site_of(blog)
    root = blog.path
    known = _adopted_paths(journal, blog)
    taken = taken_slugs(journal)
    found: list[_Candidate] = []
    skipped: list[AdoptedPost] = []
    seen: set[str] = set()
    for path in post_files(root / site.content_dir, site.kind):
        rel = path.relative_to(root).as_posix()
        if rel in known:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            skipped.append(AdoptedPost(rel, SKIPPED, notes=(messages.ADOPT_UNREADABLE.format(detail=exc),)))
            continue
        if owner_of(text) is not None:
            continue  # Trailbook wrote it: it is already an entry's post
        try:
            _fmt, meta, _body = matter.read_post(text)
        except InvalidInput as exc:
            skipped.append(AdoptedPost(rel, SKIPPED, notes=(exc.message,)))
            continue
        slug = _slug_of(site, rel, meta)
        if not is_valid_slug(slug):
            skipped.append(AdoptedPost(rel, SKIPPED, notes=(messages.ADOPT_SLUG.format(slug=slug),)))
            continue
        if slug.casefold() in taken or slug.casefold() in seen:
            skipped.append(AdoptedPost(rel, SKIPPED, notes=(messages.ADOPT_SLUG_TAKEN.format(slug=slug),)))
            continue
        seen.add(slug.casefold())
        found.append(_Candidate(rel, slug, meta, text))
    return found, skipped


def count_adoptable(journal: Journal, blog_name: str) -> int:
    """How many of the blog's posts adopting would make entries of (for the offer in Use Existing Blog…)."""
    blog = get_blog(journal, blog_name)
    return len(candidates(journal, blog)[0])


def _draft(site: Site, meta: dict[str, Any]) -> bool:
    return meta.get("draft") is True or (site.kind == "jekyll" and meta.get("published") is False)


def _url(site: Site, candidate: _Candidate, title: str) -> str:
    """The post's address as the generator makes it (a ``url`` or ``permalink`` of its own wins)."""
    own = own_path(site, candidate.meta)
    if own is not None:
        return url_for(site, own)
    stamp = front_matter_date(candidate.meta.get("date"))
    categories = candidate.meta.get("categories")
    cats = categories.split() if isinstance(categories, str) else [str(c) for c in categories or []]
    date = stamp or utcnow()
    return url_for(site, post_path(site, slug=candidate.slug, title=title, date=date, categories=cats))


def adopt(journal: Journal, blog_name: str, *, dry_run: bool = False) -> Job[AdoptReport]:
    """Make entries of the blog's own posts and link each to its file; yields Progress, returns an AdoptReport.
    ``dry_run``: nothing is written, and the report says what would be."""
    from journal.publish.gitops import Git
    from journal.publish.post_fields import set_post_fields
    from journal.publish.publications import record
    from journal.transfer.common import ImportReport, merge_into
    from journal.transfer.notes import Media, read_notes
    from journal.transfer.tools.sites import site_style
    from journal.transfer.tree import open_tree

    blog = get_blog(journal, blog_name)
    site = site_of(blog)
    yield Progress(0, 3, messages.ADOPT_READING)
    found, skipped = candidates(journal, blog, site)
    by_path = {c.path: c for c in found}
    report = ImportReport()
    with open_tree(blog.path) as tree:
        members = [tree.members[c.path] for c in found if c.path in tree.members]
        style = site_style(site.kind)
        incoming = read_notes(tree, Media(tree), style, members, report.skipped)
        notes: dict[str, list[str]] = {}
        ready = []
        for entry in incoming:
            candidate = by_path[entry.source]
            summary = entry.summary
            description = candidate.meta.get("description")
            if not summary and isinstance(description, str):
                summary = description.strip()
            body = entry.body
            if site.kind == "jekyll":
                from journal.publish.liquid import as_shown

                body, live = as_shown(body)
                if live:
                    notes.setdefault(entry.source, []).append(messages.ADOPT_LIQUID)
            ready.append(replace(entry, summary=summary, body=body, slug=candidate.slug))
        yield Progress(1, 3, messages.ADOPT_IMPORTING.format(n=len(ready)))
        yield from merge_into(journal, ready, report, dry_run=dry_run)
    statuses = {item.source: item.status for item in report.items}
    head = Git(blog.path).head() or ""
    posts: list[AdoptedPost] = []
    records: list[Record] = []
    from journal.entries import get_entry

    for entry in ready:
        candidate = by_path[entry.source]
        url = _url(site, candidate, entry.title)
        status = {"imported": ADOPTED, "updated": UPDATED, "unchanged": UNCHANGED}.get(
            statuses.get(entry.source, ""), SKIPPED
        )
        said = tuple(notes.get(entry.source, []))
        posts.append(AdoptedPost(entry.source, status, entry.id, entry.title, url, said))
        if dry_run or status == SKIPPED:
            continue
        stamp = front_matter_date(candidate.meta.get("date"))
        saved_fields_at = None
        if stamp is not None:  # the date as written, offset and all: the address is made from it
            saved_fields_at = set_post_fields(journal, entry.id, publish_at=stamp).updated
        saved = get_entry(journal, entry.id)
        changed = max(saved.updated, saved_fields_at) if saved_fields_at else saved.updated
        content_hash = hashlib.sha256(candidate.text.encode("utf-8")).hexdigest()
        records.append(
            Record(
                entry.id,
                PUBLISHED,
                candidate.slug,
                candidate.path,
                content_hash,
                changed,
                url,
                _draft(site, candidate.meta),
                True,
            )
        )
    for source, reason in report.skipped:
        skipped.append(AdoptedPost(source, SKIPPED, notes=(reason,)))
    if records:
        yield Progress(2, 3, messages.ADOPT_LINKING)
        record(journal, blog.id, records, head, pushed=_on_remote(blog, head))
    yield Progress(3, 3, messages.ADOPT_DONE.format(n=len(posts)))
    return AdoptReport(blog.name, tuple(posts + skipped), dry_run)


def _on_remote(blog: Blog, head: str) -> bool:
    """Whether the commit the adopted files are in is on the remote branch as last fetched (no network here)."""
    from journal.publish.gitops import Git

    if not head:
        return False
    git = Git(blog.path)
    tip = git.run("rev-parse", "-q", "--verify", f"refs/remotes/{blog.remote}/{blog.branch}", check=False)
    return tip.returncode == 0 and git.is_ancestor(head, tip.stdout.strip())
