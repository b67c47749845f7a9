"""Every writer sees every other writer: a version per entry and a clock for the whole journal, both kept by triggers,
so any process that writes (the app, the command line, a script, the ``sqlite3`` shell) moves them.

- ``entries.version`` goes up by one on every change of the row. A writer reads it with the text and writes only if it
  is still what it read (``journal.entries.update_entry``), so a stale writer never overwrites a newer text. Our own
  writes set it themselves (the ORM's version counter); the trigger covers every other writer, and only fires when a
  change left the version as it was.
- ``journal_clock.tick`` goes up on every row written to a table the app shows (entries, skill areas, roadmaps,
  blogs). The app compares it with the ticks of its own writes to learn, cheaply, that someone else wrote.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The tables whose rows the app shows; a change to any of them is news to an open window.
CLOCKED = (
    "entries",
    "tags",
    "entry_tags",
    "roadmaps",
    "area_targets",
    "milestone_progress",
    "milestone_evidence",
    "blogs",
    "publications",
)
_TICK = "UPDATE journal_clock SET tick = tick + 1 WHERE id = 1;"


def upgrade() -> None:
    op.add_column("entries", sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.execute(
        "CREATE TRIGGER entries_version AFTER UPDATE ON entries WHEN new.version = old.version BEGIN "
        "UPDATE entries SET version = old.version + 1 WHERE id = new.id; END"
    )
    op.execute("CREATE TABLE journal_clock (id INTEGER PRIMARY KEY CHECK (id = 1), tick INTEGER NOT NULL)")
    op.execute("INSERT INTO journal_clock (id, tick) VALUES (1, 0)")
    for table in CLOCKED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_clock_{event.lower()} AFTER {event} ON {table} BEGIN {_TICK} END")


def downgrade() -> None:
    for table in CLOCKED:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER {table}_clock_{event}")
    op.execute("DROP TABLE journal_clock")
    op.execute("DROP TRIGGER entries_version")
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("version")
