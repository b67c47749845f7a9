"""What was published where: the publication records (the newest row per entry and blog is the current state), the
slug lock on entries, and "changed since published" for lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journal.dates import utcnow
from journal.db import Journal

if TYPE_CHECKING:  # the ORM loads in the functions that use it: `trailbook published` reads without it
    from journal.models import PublicationRow

PUBLISHED = "published"
UNPUBLISHED = "unpublished"


@dataclass(frozen=True)
class Publication:
    """One record: an entry published to (or removed from) a blog in a commit."""

    blog_id: int
    entry_uuid: str
    action: str
    slug: str
    path: str
    content_hash: str
    entry_updated: dt.datetime
    commit_sha: str
    pushed: bool
    at: dt.datetime
    url: str = ""  # the post's address as reported when it was published ("" before Trailbook recorded it)
    draft: bool = False  # published as a draft: the site does not show it
    adopted: bool = False  # the person's own post file, adopted as this entry: it keeps its file and address


@dataclass(frozen=True)
class PublishedPost:
    """An entry that is on a blog now, for the Blogs page and ``trailbook published``."""

    entry_id: str
    title: str
    blog: str
    slug: str
    path: str
    url: str
    published_at: dt.datetime
    commit: str
    pushed: bool
    changed: bool  # the entry changed after it was published
    entry_exists: bool
    private_now: bool  # the entry was made private after it was published
    draft: bool = False  # published as a draft: on the blog, but the site does not show it


@dataclass(frozen=True)
class Record:
    """What the service records after a commit (one per entry)."""

    entry_uuid: str
    action: str
    slug: str
    path: str
    content_hash: str
    entry_updated: dt.datetime
    url: str = ""
    draft: bool = False
    adopted: bool = False


def legacy_url(base_url: str, slug: str) -> str:
    """The address of a post recorded before addresses were recorded: Trailbook's scaffolds serve /posts/<slug>/."""
    return f"{(base_url or '/').rstrip('/')}/posts/{slug}/"


def _to_publication(row: PublicationRow) -> Publication:
    return Publication(
        row.blog_id,
        row.entry_uuid,
        row.action,
        row.slug,
        row.path,
        row.content_hash,
        row.entry_updated,
        row.commit_sha,
        row.pushed,
        row.at,
        row.url,
        row.draft,
        row.adopted,
    )


def latest(journal: Journal, blog_id: int, entry_uuids: Iterable[str] | None = None) -> dict[str, Publication]:
    """The newest record per entry on a blog (all entries when ``entry_uuids`` is None)."""
    from sqlalchemy import select

    from journal.models import PublicationRow

    found: dict[str, Publication] = {}
    uuids = None if entry_uuids is None else sorted(set(entry_uuids))
    with journal.reading() as session:
        chunks = [None] if uuids is None else [uuids[i : i + 500] for i in range(0, len(uuids), 500)]
        for chunk in chunks:
            stmt = select(PublicationRow).where(PublicationRow.blog_id == blog_id)
            if chunk is not None:
                stmt = stmt.where(PublicationRow.entry_uuid.in_(chunk))
            for row in session.scalars(stmt.order_by(PublicationRow.at.desc(), PublicationRow.id.desc())):
                found.setdefault(row.entry_uuid, _to_publication(row))
    return found


def record(
    journal: Journal, blog_id: int, records: Sequence[Record], commit: str, *, pushed: bool, lock_slugs: bool = True
) -> None:
    """Store the records of one publish or unpublish in one transaction; lock each published entry's slug (without
    touching its ``updated``, so it does not look changed), and, after a push, mark this blog's earlier unpushed
    commits as pushed."""
    from sqlalchemy import insert, select, update

    from journal.models import EntryRow, PublicationRow

    now = utcnow()
    with journal.writing() as session:
        ids = dict(
            session.execute(
                select(EntryRow.uuid, EntryRow.id).where(EntryRow.uuid.in_([r.entry_uuid for r in records]))
            ).all()
        )
        if pushed:
            session.execute(
                update(PublicationRow)
                .where(PublicationRow.blog_id == blog_id, PublicationRow.pushed.is_(False))
                .values(pushed=True)
            )
        if records:  # one executemany, not the unit of work's object per row (200 rows: ~5x faster)
            session.execute(
                insert(PublicationRow),
                [
                    {
                        "blog_id": blog_id,
                        "entry_id": ids.get(rec.entry_uuid),
                        "entry_uuid": rec.entry_uuid,
                        "action": rec.action,
                        "slug": rec.slug,
                        "path": rec.path,
                        "content_hash": rec.content_hash,
                        "entry_updated": rec.entry_updated,
                        "commit_sha": commit,
                        "pushed": pushed,
                        "at": now,
                        "url": rec.url,
                        "draft": rec.draft,
                        "adopted": rec.adopted,
                    }
                    for rec in records
                ],
            )
        if lock_slugs:
            locks = [(rec.slug, rec.entry_uuid) for rec in records if rec.action == PUBLISHED]
            if locks:
                # One statement for all (the ORM's per-row UPDATE costs ~1 ms each): only entries with no slug yet.
                session.connection().exec_driver_sql(
                    "UPDATE entries SET slug = ? WHERE uuid = ? AND slug IS NULL", locks
                )


def mark_pushed(journal: Journal, blog_id: int) -> None:
    from sqlalchemy import update

    from journal.models import PublicationRow

    with journal.writing() as session:
        session.execute(
            update(PublicationRow)
            .where(PublicationRow.blog_id == blog_id, PublicationRow.pushed.is_(False))
            .values(pushed=True)
        )


def taken_slugs(journal: Journal, except_uuid: str | None = None) -> set[str]:
    """Every slug locked by an entry (casefolded), other than ``except_uuid``'s."""
    from sqlalchemy import select

    from journal.models import EntryRow

    with journal.reading() as session:
        rows = session.execute(select(EntryRow.uuid, EntryRow.slug).where(EntryRow.slug.is_not(None))).all()
    return {slug.casefold() for uuid, slug in rows if uuid != except_uuid and slug}


def published_posts(journal: Journal) -> list[PublishedPost]:
    """Every entry that is on a blog now (newest record says published), newest first. Plain SQL over a snapshot,
    so ``trailbook published`` reads it without loading the ORM."""
    with journal.snapshot() as con:
        blogs = {
            int(i): (str(name), str(base or ""), (str(path), str(kind), str(folder)))
            for i, name, base, path, kind, folder in con.execute(
                "SELECT id, name, base_url, path, kind, content_dir FROM blogs"
            )
        }
        # Every column by name: an address column appears only in journals that record one.
        cursor = con.execute("SELECT * FROM publications ORDER BY at DESC, id DESC")
        columns = [d[0] for d in cursor.description]
        current: dict[tuple[int, str], dict[str, Any]] = {}
        for values in cursor:
            row = dict(zip(columns, values, strict=True))
            current.setdefault((row["blog_id"], row["entry_uuid"]), row)
        live = [row for row in current.values() if row["action"] == PUBLISHED and row["blog_id"] in blogs]
        uuids = sorted({row["entry_uuid"] for row in live})
        entries: dict[str, tuple[str, dt.datetime, bool, bool]] = {}  # uuid → (title, updated, not trashed, private)
        # A change of the entry's post fields (schema 0008) is a change of the entry for its post.
        fields = "(SELECT p.updated FROM entry_posts p WHERE p.entry_id = e.id)"
        for start in range(0, len(uuids), 500):
            chunk = uuids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = (
                f"SELECT e.uuid, e.title, max(e.updated, coalesce({fields}, '')), e.deleted_at, e.private "
                f"FROM entries e WHERE e.uuid IN ({marks})"
            )
            for uuid, title, updated, deleted_at, private in con.execute(query, chunk):
                entries[uuid] = (str(title), dt.datetime.fromisoformat(updated), deleted_at is None, bool(private))
    out = []
    sites: dict[int, Any] = {}
    for row in live:
        entry = entries.get(row["entry_uuid"])
        name, base_url, where = blogs[row["blog_id"]]
        url = row.get("url") or _address(sites, row["blog_id"], where, base_url, row["path"], row["slug"])
        out.append(
            PublishedPost(
                entry_id=row["entry_uuid"],
                title=entry[0] if entry is not None else "",
                blog=name,
                slug=row["slug"],
                path=row["path"],
                url=url,
                published_at=dt.datetime.fromisoformat(row["at"]),
                commit=row["commit_sha"],
                pushed=bool(row["pushed"]),
                changed=entry is not None and entry[1] > dt.datetime.fromisoformat(row["entry_updated"]),
                entry_exists=entry is not None and entry[2],
                private_now=entry is not None and entry[3],
                draft=bool(row.get("draft")),
            )
        )
    out.sort(key=lambda p: p.published_at, reverse=True)
    return out


def _address(
    sites: dict[int, Any], blog_id: int, where: tuple[str, str, str], base_url: str, path: str, slug: str
) -> str:
    """A post's address worked out from its file and its site, as the generator makes it (for records without one);
    the address Trailbook's scaffolds give when the file cannot be read."""
    from pathlib import Path

    from journal.publish.permalinks import url_of_post_file
    from journal.publish.site import read_site

    if blog_id not in sites:
        root, kind, folder = where
        try:
            sites[blog_id] = read_site(Path(root), kind, content_dir=folder, base_url=base_url)  # type: ignore[arg-type]
        except OSError:
            sites[blog_id] = None
    site = sites[blog_id]
    url = url_of_post_file(site, path, slug) if site is not None else None
    return url or legacy_url(base_url, slug)


def published_on(journal: Journal, blog_id: int) -> dict[str, tuple[str, str, str]]:
    """Entry UUID → (title, slug, address) of what the blog's site shows now: private entries and drafts left out."""
    from sqlalchemy import select

    from journal.models import EntryRow

    current = latest(journal, blog_id)
    live = {u: p for u, p in current.items() if p.action == PUBLISHED and not p.draft}
    if not live:
        return {}
    with journal.reading() as session:
        rows = session.execute(
            select(EntryRow.uuid, EntryRow.title, EntryRow.private).where(EntryRow.uuid.in_(list(live)))
        ).all()
    return {uuid: (title, live[uuid].slug, live[uuid].url) for uuid, title, private in rows if not private}


def change_slug(journal: Journal, entry_ref: str, slug: str) -> str:
    """Give an entry a new address. Its next publish moves the post there (Hugo keeps the old URL as an alias);
    the entry counts as changed until then."""
    from journal.entries import get_entry, update_entry
    from journal.errors import InvalidInput
    from journal.publish import messages
    from journal.publish.slugs import check_slug

    slug = check_slug(slug)
    entry = get_entry(journal, entry_ref)
    if slug.casefold() in taken_slugs(journal, except_uuid=entry.id):
        raise InvalidInput(messages.SLUG_TAKEN.format(slug=slug))
    update_entry(journal, entry.id, slug=slug)
    return slug
