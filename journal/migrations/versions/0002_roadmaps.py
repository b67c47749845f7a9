"""Roadmaps: installed roadmaps (their YAML source), per-area targets, milestone progress and evidence.

Definitions (areas, milestones) live in the roadmap's YAML, parsed on load; what the person did lives in tables keyed
by the stable ids, so revising a roadmap keeps the progress of every milestone whose id survives.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "roadmaps",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.text("0")),
        sa.Column("installed", TS, nullable=False),
        sa.Column("updated", TS, nullable=False),
        sa.Column("source", sa.Text, nullable=False),  # the YAML, as imported
    )
    op.create_index("ux_roadmaps_one_active", "roadmaps", ["active"], unique=True, sqlite_where=sa.text("active = 1"))
    op.create_table(
        "area_targets",
        sa.Column("roadmap_id", sa.String(64), sa.ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("area_id", sa.String(64), primary_key=True),
        sa.Column("target_day", sa.Date, nullable=False),
    )
    op.create_table(
        "milestone_progress",
        sa.Column("roadmap_id", sa.String(64), sa.ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("milestone_id", sa.String(64), primary_key=True),
        sa.Column("state", sa.String(8), nullable=False, server_default="todo"),
        sa.Column("done_on", sa.Date, nullable=True),
        sa.Column("updated", TS, nullable=False),
        sa.CheckConstraint("state IN ('todo', 'doing', 'done')", name="ck_milestone_state"),
    )
    op.create_table(
        "milestone_evidence",
        sa.Column("roadmap_id", sa.String(64), sa.ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("milestone_id", sa.String(64), primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("linked", TS, nullable=False),
    )
    op.create_index("ix_milestone_evidence_entry", "milestone_evidence", ["entry_id"])


def downgrade() -> None:
    op.drop_index("ix_milestone_evidence_entry", "milestone_evidence")
    op.drop_table("milestone_evidence")
    op.drop_table("milestone_progress")
    op.drop_table("area_targets")
    op.drop_index("ux_roadmaps_one_active", "roadmaps")
    op.drop_table("roadmaps")
