"""Today is the daily entry (issue 10): ``entries.kind`` says what an entry is besides the person's writing.

- ``"daily"``: made by Today from the daily template; Today opens the day's live daily entry, never another entry that
  happens to be dated that day (a TIL, an import, the tutorial).
- ``"tutorial"``: the private Welcome entry a new journal starts with; never a daily entry, and statistics (streaks,
  counts, pace) leave it out.
- ``""``: everything else.

Two small partial indexes find them without reading the table (``kind`` sits after the body in each row).

Existing entries are marked as well as the rows can tell: the Welcome entry by its title, its heading and its privacy;
daily entries by the title the built-in daily template gives (``"{weekday} {date}"`` of the entry's own day).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

WELCOME_TITLE = "Welcome to Trailbook"  # as ui.strings had it when this migration was written
# strftime('%w'): 0 is Sunday. The built-in daily template's title, "{weekday} {date}", in SQL.
_DAILY_TITLE = (
    "CASE strftime('%w', day) WHEN '0' THEN 'Sunday' WHEN '1' THEN 'Monday' WHEN '2' THEN 'Tuesday' "
    "WHEN '3' THEN 'Wednesday' WHEN '4' THEN 'Thursday' WHEN '5' THEN 'Friday' ELSE 'Saturday' END || ' ' || day"
)


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default: no table rebuild.
    op.add_column("entries", sa.Column("kind", sa.Text(), nullable=False, server_default=""))
    op.execute("CREATE INDEX ix_entries_daily ON entries (day, created) WHERE kind = 'daily' AND deleted_at IS NULL")
    op.execute("CREATE INDEX ix_entries_tutorial ON entries (kind) WHERE kind = 'tutorial'")
    con = op.get_bind()
    con.exec_driver_sql(
        "UPDATE entries SET kind = 'tutorial' WHERE id = (SELECT min(id) FROM entries WHERE title = ? AND private = 1 "
        "AND substr(body, 1, ?) = ?)",
        (WELCOME_TITLE, len(WELCOME_TITLE) + 2, "# " + WELCOME_TITLE),
    )
    con.exec_driver_sql(f"UPDATE entries SET kind = 'daily' WHERE kind = '' AND title = {_DAILY_TITLE}")


def downgrade() -> None:
    op.execute("DROP INDEX ix_entries_tutorial")
    op.execute("DROP INDEX ix_entries_daily")
    # In place (SQLite 3.35+), not by copying the table: its triggers (search indexes, versions, the clock) stay.
    op.execute("ALTER TABLE entries DROP COLUMN kind")
