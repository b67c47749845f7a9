"""An index for the Private place: counting and listing private entries no longer scans every entry.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_entries_private_live",
        "entries",
        ["day", "created"],
        sqlite_where=sa.text("private = 1 AND deleted_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_entries_private_live", "entries")
