"""History as deltas: each revision but the newest of an entry (and a whole text every ``SNAPSHOT_EVERY``) is stored
as a reverse delta against the next newer one (``journal.textdelta``), so 200 autosaves of small edits to a long entry
keep a few hundred kilobytes instead of 200 copies.

- ``revisions.base_id``: the revision whose text the delta applies to; ``revisions.delta``: the delta (NULL: ``body``
  holds the whole text, as every revision did before; with ``base_id`` NULL: the whole text compressed).
- The existing revisions are rewritten the same way, entry by entry, each text checked to come back byte-exactly
  before its whole copy is dropped. The freed pages are reused by later writes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from itertools import pairwise

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SNAPSHOT_EVERY = 32  # as journal.revisions; fixed here as it was when this migration was written


def upgrade() -> None:
    from journal import textdelta  # the stored format (its module says: changed only with a migration)

    op.add_column("revisions", sa.Column("base_id", sa.Integer(), nullable=True))
    op.add_column("revisions", sa.Column("delta", sa.LargeBinary(), nullable=True))
    con = op.get_bind()
    entry_ids = [r[0] for r in con.exec_driver_sql("SELECT DISTINCT entry_id FROM revisions")]
    for entry_id in entry_ids:
        rows = con.exec_driver_sql(
            "SELECT id, body FROM revisions WHERE entry_id = ? ORDER BY saved_at DESC, id DESC", (entry_id,)
        ).fetchall()
        run = 0
        for (newer_id, newer), (rev_id, body) in pairwise(rows):
            delta = textdelta.encode(body, newer) if run < SNAPSHOT_EVERY - 1 else None
            if delta is not None and len(delta) < len(body.encode("utf-8")) and textdelta.apply(delta, newer) == body:
                con.exec_driver_sql(
                    "UPDATE revisions SET body = '', delta = ?, base_id = ? WHERE id = ?", (delta, newer_id, rev_id)
                )
                run += 1
                continue
            run = 0  # stays whole: compressed when that is smaller (a delta against the empty text)
            packed = textdelta.encode(body, "")
            if len(packed) < len(body.encode("utf-8")) and textdelta.apply(packed, "") == body:
                con.exec_driver_sql("UPDATE revisions SET body = '', delta = ? WHERE id = ?", (packed, rev_id))


def downgrade() -> None:
    raise NotImplementedError("history kept as deltas is not turned back into whole copies")
