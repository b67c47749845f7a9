"""Revisions: earlier texts of an entry, and the policy that thins them out as they age.

Recent history is kept densely and old history sparsely: everything from the last hour, then the newest revision of
each hour for a day, of each day for a month, and of each week beyond that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from journal.models import EntryRow, RevisionRow

# (age up to which the tier applies, bucket width in that tier); None = keep everything.
TIERS: tuple[tuple[dt.timedelta, dt.timedelta | None], ...] = (
    (dt.timedelta(hours=1), None),
    (dt.timedelta(days=1), dt.timedelta(hours=1)),
    (dt.timedelta(days=30), dt.timedelta(days=1)),
    (dt.timedelta.max, dt.timedelta(weeks=1)),
)
_EPOCH = dt.datetime(1970, 1, 5, tzinfo=dt.UTC)  # a Monday, so weekly buckets start on Mondays


def revisions_to_prune(saved: Sequence[tuple[int, dt.datetime]], now: dt.datetime) -> list[int]:
    """Ids of revisions the policy drops, given ``(id, saved_at)`` pairs: the newest of each bucket survives."""
    keep_bucket: dict[tuple[int, int], int] = {}
    drop: list[int] = []
    for rev_id, saved_at in sorted(saved, key=lambda p: p[1], reverse=True):
        age = now - saved_at
        tier_index = next(i for i, (limit, _) in enumerate(TIERS) if age <= limit)
        width = TIERS[tier_index][1]
        if width is None:
            continue
        bucket = (tier_index, int((saved_at - _EPOCH) / width))
        if bucket in keep_bucket:
            drop.append(rev_id)
        else:
            keep_bucket[bucket] = rev_id
    return drop


def add_revision(session: Session, entry_id: int, title: str, body: str, saved_at: dt.datetime) -> None:
    """Store a text in an entry's history (the thinning policy applies to it like to any other)."""
    session.add(RevisionRow(entry_id=entry_id, title=title, body=body, saved_at=saved_at))
    session.flush()


def keep_revision(session: Session, row: EntryRow, now: dt.datetime) -> None:
    """Store the entry's current text as a revision (before it changes) and prune its history."""
    session.add(RevisionRow(entry_id=row.id, title=row.title, body=row.body, saved_at=row.updated))
    session.flush()
    saved = session.execute(select(RevisionRow.id, RevisionRow.saved_at).where(RevisionRow.entry_id == row.id)).all()
    drop = revisions_to_prune([(r[0], r[1]) for r in saved], now)
    if drop:
        session.execute(delete(RevisionRow).where(RevisionRow.id.in_(drop)))
