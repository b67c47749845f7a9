"""Publishing: blogs (a local git clone plus its settings) and publications (what was published where, when, from
which text, in which commit).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "blogs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(collation="NOCASE"), nullable=False, unique=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("branch", sa.Text, nullable=False, server_default="main"),
        sa.Column("remote", sa.Text, nullable=False, server_default="origin"),
        sa.Column("content_dir", sa.Text, nullable=False),
        sa.Column("hugo_layout", sa.String(8), nullable=False, server_default="bundle"),
        sa.Column("front_matter", sa.String(8), nullable=False, server_default="yaml"),
        sa.Column("base_url", sa.Text, nullable=False, server_default=""),
        sa.Column("author_name", sa.Text, nullable=False, server_default=""),
        sa.Column("author_email", sa.Text, nullable=False, server_default=""),
        sa.Column("portfolio", sa.Boolean, nullable=False, server_default=sa.text("0")),
        sa.Column("created", TS, nullable=False),
        sa.CheckConstraint("kind IN ('hugo', 'jekyll')", name="ck_blog_kind"),
        sa.CheckConstraint("hugo_layout IN ('bundle', 'flat')", name="ck_blog_hugo_layout"),
        sa.CheckConstraint("front_matter IN ('yaml', 'toml')", name="ck_blog_front_matter"),
    )
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("blog_id", sa.Integer, sa.ForeignKey("blogs.id", ondelete="CASCADE"), nullable=False),
        # The entry may be deleted for good later; its UUID keeps the record readable.
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="SET NULL"), nullable=True),
        sa.Column("entry_uuid", sa.String(36), nullable=False),
        sa.Column("action", sa.String(12), nullable=False),  # published | unpublished
        sa.Column("slug", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),  # the post file, relative to the blog root
        sa.Column("content_hash", sa.String(64), nullable=False),  # of what was written, to tell "changed since"
        sa.Column("entry_updated", TS, nullable=False),  # the entry's `updated` when it was published
        sa.Column("commit_sha", sa.String(64), nullable=False),
        sa.Column("pushed", sa.Boolean, nullable=False, server_default=sa.text("0")),
        sa.Column("at", TS, nullable=False),
        sa.CheckConstraint("action IN ('published', 'unpublished')", name="ck_publication_action"),
    )
    op.create_index("ix_publications_entry_blog", "publications", ["entry_uuid", "blog_id", "at"])
    op.create_index("ix_publications_blog", "publications", ["blog_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_publications_blog", "publications")
    op.drop_index("ix_publications_entry_blog", "publications")
    op.drop_table("publications")
    op.drop_table("blogs")
