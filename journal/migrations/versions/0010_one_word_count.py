"""One word count (issue 10): every stored ``entries.word_count`` counted again by ``journal.markdown.words``, the
counter the editor, the list, History, statistics and the command line all show (before, the store counted runs of
``\\w`` and the editor counted words as a reader sees them, so one entry showed two numbers).

Only rows whose count changes are written (the titles and bodies are not touched, so the search indexes stay as
they are). The counter is imported, not copied: a later change of its rule comes with a migration of its own.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    from journal.markdown.words import count_words

    con = op.get_bind()
    last = 0
    while True:
        rows = con.exec_driver_sql(
            "SELECT id, body, word_count FROM entries WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH)
        ).fetchall()
        if not rows:
            return
        changed = [(n, rid) for rid, body, stored in rows if (n := count_words(body or "")) != stored]
        if changed:
            con.exec_driver_sql("UPDATE entries SET word_count = ? WHERE id = ?", changed)  # type: ignore[arg-type]
        last = rows[-1][0]


def downgrade() -> None:
    """The counts stay: any count is a valid number for the older schema."""
