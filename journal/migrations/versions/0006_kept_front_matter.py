"""Front matter kept from imported files: keys Trailbook has no field for (a Hugo post's ``categories``, an Obsidian
note's ``aliases``, Joplin's ``latitude``), as one JSON object per entry, so nothing the source said is lost and export
and publishing can write them back. NULL for an entry without any (nearly all: no space taken).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table rebuild): the column goes after the body, and NULL costs nothing in each row.
    op.add_column("entries", sa.Column("kept_front_matter", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("kept_front_matter")
