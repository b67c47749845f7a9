"""What publishing into a person's own blog needs to keep (issue 11):

- ``blogs.math``: how math is written into the blog, ``auto`` (chosen from the site), ``mathml`` or ``tex``.
- ``blogs.categories``: the categories a post gets when its entry names none (a JSON list; Trailbook's scaffolds
  file posts under "journal", so that stays the default of every blog that exists).
- ``publications.url``: the post's address as the generator makes it, recorded when it is published (before, the
  address was worked out again from the file; "" on the records made then).
- ``publications.draft``: the post was published as a draft (the site does not show it until published for real).
- ``publications.adopted``: the post was the person's own file, adopted as an entry (``trailbook blog adopt``): it
  keeps its file and its address when republished.
- ``entry_posts``: the fields of an entry that only its post has, one row for an entry that set any: its categories
  (JSON list; NULL: the blog's), its cover image (an attachment link) and its publish date (ISO 8601 with the offset
  it was given: Hugo builds addresses from the date as written). A table of its own, so the entries table, read by
  every list and search, stays as it is.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs with constant defaults: no table rebuild, existing rows read the default.
    op.add_column("blogs", sa.Column("math", sa.String(8), nullable=False, server_default="auto"))
    op.add_column("blogs", sa.Column("categories", sa.Text(), nullable=False, server_default='["journal"]'))
    op.add_column("publications", sa.Column("url", sa.Text(), nullable=False, server_default=""))
    op.add_column("publications", sa.Column("draft", sa.Boolean(), nullable=False, server_default=sa.text("0")))
    op.add_column("publications", sa.Column("adopted", sa.Boolean(), nullable=False, server_default=sa.text("0")))
    op.create_table(
        "entry_posts",
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("categories", sa.Text(), nullable=True),
        sa.Column("cover", sa.Text(), nullable=True),
        sa.Column("publish_at", sa.Text(), nullable=True),
        sa.Column("updated", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("entry_posts")
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("adopted")
        batch.drop_column("draft")
        batch.drop_column("url")
    with op.batch_alter_table("blogs") as batch:
        batch.drop_column("categories")
        batch.drop_column("math")
