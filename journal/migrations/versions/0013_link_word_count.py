"""Links count what the preview shows (issue 14): the word counter counted both sides of ``[[Title|shown text]]``;
a reader sees only the shown text (and for ``[[Title]]``, the title). Every stored ``entries.word_count`` whose text
holds ``[[`` is counted again by ``journal.markdown.words``, the one counter (schema 0010's rule: the counter is
imported, not copied).

Only rows whose count changes are written (titles and bodies are not touched, so the search indexes stay as they are).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    from journal.markdown.words import count_words

    con = op.get_bind()
    last = 0
    while True:
        rows = con.exec_driver_sql(
            "SELECT id, body, word_count FROM entries WHERE id > ? AND instr(body, '[[') > 0 ORDER BY id LIMIT ?",
            (last, BATCH),
        ).fetchall()
        if not rows:
            return
        changed = [(n, rid) for rid, body, stored in rows if (n := count_words(body or "")) != stored]
        if changed:
            con.exec_driver_sql("UPDATE entries SET word_count = ? WHERE id = ?", changed)  # type: ignore[arg-type]
        last = rows[-1][0]


def downgrade() -> None:
    """The counts stay: any count is a valid number for the older schema."""
