"""The journal's tables as typed SQLAlchemy 2 models.

Timestamps are stored as UTC ISO-8601 text (sortable as text) and come back as timezone-aware datetimes; days are
``YYYY-MM-DD`` text. The full-text index (``entries_fts``) is an FTS5 table kept in sync by triggers created in the
migrations, so every writer (app, command line, scripts) keeps it right.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def db_timestamp(value: dt.datetime) -> str:
    """The stored form of a timestamp: UTC, fixed width, so text order is time order."""
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; attach a time zone")
    utc = value.astimezone(dt.UTC)
    if utc.year >= 1000:  # isoformat is strftime's text here, in a tenth of the time (a bulk import writes 200,000)
        return utc.isoformat(timespec="microseconds")
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored as fixed-width UTC ISO-8601 text, so text order is time order."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> str | None:
        return None if value is None else db_timestamp(value)

    def process_result_value(self, value: str | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.fromisoformat(value)


class Base(DeclarativeBase):
    pass


entry_tags = Table(
    "entry_tags",
    Base.metadata,
    Column("entry_id", ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_entry_tags_tag", "tag_id", "entry_id"),
)


class EntryRow(Base):
    """One journal entry: what a person wrote about one thing on one day."""

    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    day: Mapped[dt.date] = mapped_column(Date)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    slug: Mapped[str | None] = mapped_column(Text, default=None)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    word_count: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    body: Mapped[str] = mapped_column(Text, default="")  # last: see the 0001 migration
    # Front matter keys from an imported file that Trailbook has no field for, as a JSON object (NULL: none). After
    # the body (ALTER TABLE adds columns at the end): it is read only with the whole entry, which reads the body too.
    kept_front_matter: Mapped[str | None] = mapped_column(Text, default=None)
    # Goes up with every change of the row, whoever writes (a trigger covers writers other than the ORM; schema 0007):
    # a write is made only over the version it read, so a stale writer never overwrites a newer text.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    # What the entry is besides the person's writing (schema 0011): "daily" (made by Today from the daily template),
    # "tutorial" (the Welcome entry), or "" (journal.records.ENTRY_KINDS).
    kind: Mapped[str] = mapped_column(Text, default="", server_default="")

    tags: Mapped[list[TagRow]] = relationship(secondary=entry_tags, back_populates="entries", order_by="TagRow.name")
    revisions: Mapped[list[RevisionRow]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_entries_live_day", "day", "created", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_entries_deleted", "deleted_at", sqlite_where=text("deleted_at IS NOT NULL")),
        Index("ix_entries_private_live", "day", "created", sqlite_where=text("private = 1 AND deleted_at IS NULL")),
        Index("ix_entries_daily", "day", "created", sqlite_where=text("kind = 'daily' AND deleted_at IS NULL")),
        Index("ix_entries_tutorial", "kind", sqlite_where=text("kind = 'tutorial'")),
    )
    # The ORM puts ``WHERE version = <the version read>`` on each UPDATE of an entry and counts the version up.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative form


class TagRow(Base):
    """A skill area an entry is tagged with (e.g. "serving"); names are unique regardless of case."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(collation="NOCASE"), unique=True)
    colour: Mapped[str] = mapped_column(String(16), default="#6b7280", server_default="#6b7280")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")

    entries: Mapped[list[EntryRow]] = relationship(secondary=entry_tags, back_populates="tags")


class RevisionRow(Base):
    """An earlier text of an entry, kept when the entry changed; ``saved_at`` is when that text was current."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text, default="")
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    body: Mapped[str] = mapped_column(Text, default="")  # the whole text, or "" when ``delta`` holds it
    # Schema 0009: a reverse delta (journal.textdelta) that makes this text from revision ``base_id``'s; NULL for a
    # whole text. Read texts through journal.revisions.texts.
    base_id: Mapped[int | None] = mapped_column(Integer, default=None)
    delta: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)

    entry: Mapped[EntryRow] = relationship(back_populates="revisions")

    __table_args__ = (Index("ix_revisions_entry", "entry_id", "saved_at"),)


class RoadmapRow(Base):
    """An installed roadmap: its YAML source (areas and milestones) and whether it is the active one."""

    __tablename__ = "roadmaps"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    installed: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(Text)


class AreaTargetRow(Base):
    """The day a person wants an area of a roadmap done by."""

    __tablename__ = "area_targets"

    roadmap_id: Mapped[str] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    target_day: Mapped[dt.date] = mapped_column(Date)


class MilestoneProgressRow(Base):
    """Where a milestone stands: todo, doing (evidence linked) or done (marked by the person, with a day)."""

    __tablename__ = "milestone_progress"

    roadmap_id: Mapped[str] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True)
    milestone_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(8), default="todo", server_default="todo")
    done_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    updated: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class MilestoneEvidenceRow(Base):
    """An entry linked to a milestone as evidence of it."""

    __tablename__ = "milestone_evidence"

    roadmap_id: Mapped[str] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True)
    milestone_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True)
    linked: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_milestone_evidence_entry", "entry_id"),)


class BlogRow(Base):
    """A blog: a local clone of a git repository plus how Trailbook writes posts into it."""

    __tablename__ = "blogs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(collation="NOCASE"), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(Text)
    branch: Mapped[str] = mapped_column(Text, default="main", server_default="main")
    remote: Mapped[str] = mapped_column(Text, default="origin", server_default="origin")
    content_dir: Mapped[str] = mapped_column(Text)
    hugo_layout: Mapped[str] = mapped_column(String(8), default="bundle", server_default="bundle")
    front_matter: Mapped[str] = mapped_column(String(8), default="yaml", server_default="yaml")
    base_url: Mapped[str] = mapped_column(Text, default="", server_default="")
    author_name: Mapped[str] = mapped_column(Text, default="", server_default="")
    author_email: Mapped[str] = mapped_column(Text, default="", server_default="")
    portfolio: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # How math is written into the blog: auto | mathml | tex (schema 0008; journal.publish.mathmode).
    math: Mapped[str] = mapped_column(String(8), default="auto", server_default="auto")
    # The categories of a post whose entry names none, as a JSON list.
    categories: Mapped[str] = mapped_column(Text, default='["journal"]', server_default='["journal"]')


class PublicationRow(Base):
    """One publish or unpublish of an entry to a blog; the newest row per (entry, blog) is its current state."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    blog_id: Mapped[int] = mapped_column(ForeignKey("blogs.id", ondelete="CASCADE"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"), default=None)
    entry_uuid: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(12))
    slug: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    entry_updated: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    commit_sha: Mapped[str] = mapped_column(String(64))
    pushed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    url: Mapped[str] = mapped_column(Text, default="", server_default="")  # the address the generator makes
    draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    adopted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))  # the person's own file

    __table_args__ = (
        Index("ix_publications_entry_blog", "entry_uuid", "blog_id", "at"),
        Index("ix_publications_blog", "blog_id", "at"),
    )


class EntryPostRow(Base):
    """The fields of an entry that only its post has (a row only for an entry that set one; schema 0008)."""

    __tablename__ = "entry_posts"

    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True)
    categories: Mapped[str | None] = mapped_column(Text, default=None)  # a JSON list; None: the blog's
    cover: Mapped[str | None] = mapped_column(Text, default=None)  # an attachment link (attachments/<sha256>.png)
    # ISO 8601 with the offset it was given, not UTC: Hugo builds a post's address from its date as written.
    publish_at: Mapped[str | None] = mapped_column(Text, default=None)
    updated: Mapped[dt.datetime] = mapped_column(UTCDateTime)
