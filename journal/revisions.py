"""Revisions: earlier texts of an entry, kept as reverse deltas, and the policy that thins them out as they age.

Recent history is kept densely and old history sparsely: everything from the last hour, then the newest revision of
each hour for a day, of each day for a month, and of each week beyond that.

Storage (schema 0009): the newest revision of an entry is a plain whole text; each older one is usually a delta
(``journal.textdelta``) against the next newer one (``base_id``), so an autosave that changed a few words costs a few
hundred bytes, not another copy of the whole entry. Every ``SNAPSHOT_EVERY`` revisions one stays whole (compressed:
a delta against the empty text, ``base_id`` NULL), so no text is more than that many deltas from a whole one.
Thinning deletes revisions in the middle of a chain: the revision that
leant on a deleted one is rewritten against the next one kept (or kept whole), so every kept text comes back
byte-exactly. Readers get whole texts only through ``texts`` (never ``RevisionRow.body`` directly).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from journal import textdelta
from journal.models import EntryRow, RevisionRow

# (age up to which the tier applies, bucket width in that tier); None = keep everything.
TIERS: tuple[tuple[dt.timedelta, dt.timedelta | None], ...] = (
    (dt.timedelta(hours=1), None),
    (dt.timedelta(days=1), dt.timedelta(hours=1)),
    (dt.timedelta(days=30), dt.timedelta(days=1)),
    (dt.timedelta.max, dt.timedelta(weeks=1)),
)
_EPOCH = dt.datetime(1970, 1, 5, tzinfo=dt.UTC)  # a Monday, so weekly buckets start on Mondays
SNAPSHOT_EVERY = 32  # at most this many deltas between a revision and a whole text


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


def texts(rows: Iterable[RevisionRow], lookup: dict[int, RevisionRow] | None = None) -> dict[int, str]:
    """The whole body of each revision, by id. ``rows`` should hold every revision their deltas lean on (all of an
    entry's); ``lookup`` adds rows that are only bases. Each text of a chain is cut into chunks once."""
    by_id = {r.id: r for r in rows}
    if lookup:
        by_id = {**lookup, **by_id}
    done: dict[int, tuple[str, list[str]]] = {}
    for rev_id in list(by_id):
        chain: list[RevisionRow] = []
        current: int | None = rev_id
        while current is not None and current not in done:
            row = by_id[current]
            if row.base_id is None:
                text = row.body if row.delta is None else textdelta.apply(row.delta, "")
                done[current] = (text, textdelta.chunks(text))
                break
            chain.append(row)
            current = row.base_id
        for row in reversed(chain):
            assert row.base_id is not None and row.delta is not None
            done[row.id] = textdelta.apply_chunks(row.delta, *done[row.base_id])
    return {rev_id: found[0] for rev_id, found in done.items()}


def _store_whole(row: RevisionRow, text: str) -> None:
    """Keep ``text`` whole in ``row``, compressed (a delta against the empty text) when that is smaller."""
    packed = textdelta.encode(text, "")
    if len(packed) < len(text.encode("utf-8")):
        row.body, row.delta, row.base_id = "", packed, None
    else:
        row.body, row.delta, row.base_id = text, None, None


def entry_revisions(session: Session, entry_id: int) -> list[RevisionRow]:
    """An entry's revisions, oldest first."""
    query = select(RevisionRow).where(RevisionRow.entry_id == entry_id).order_by(RevisionRow.saved_at, RevisionRow.id)
    return list(session.scalars(query))


def _compress_older(session: Session, entry_id: int, newest: RevisionRow) -> None:
    """Turn the revision just older than ``newest`` into a delta against it (unless a whole text is due there)."""
    older = session.scalars(
        select(RevisionRow)
        .where(RevisionRow.entry_id == entry_id, RevisionRow.id != newest.id, RevisionRow.saved_at <= newest.saved_at)
        .order_by(RevisionRow.saved_at.desc(), RevisionRow.id.desc())
        .limit(SNAPSHOT_EVERY)
    ).all()
    if not older or older[0].delta is not None or older[0].base_id is not None:
        return  # a delta already, or a whole text kept compressed
    run = 0  # deltas right below it, which would lean on it through the new delta too
    for row in older[1:]:
        if row.base_id is None:
            break
        run += 1
    target = older[0]
    if run >= SNAPSHOT_EVERY - 1:
        _store_whole(target, target.body)  # this one stays whole
        return
    delta = textdelta.encode(target.body, newest.body)
    if len(delta) < len(target.body.encode("utf-8")):
        target.delta, target.base_id, target.body = delta, newest.id, ""
    else:
        _store_whole(target, target.body)


def add_revision(session: Session, entry_id: int, title: str, body: str, saved_at: dt.datetime) -> None:
    """Store a text in an entry's history (the thinning policy applies to it like to any other)."""
    row = RevisionRow(entry_id=entry_id, title=title, body=body, saved_at=saved_at)
    session.add(row)
    session.flush()
    _compress_older(session, entry_id, row)
    session.flush()


def drop_revisions(session: Session, entry_id: int, drop: Iterable[int]) -> None:
    """Delete revisions of an entry, first rewriting the ones that lean on them so every kept text stays exact."""
    dropped = set(drop)
    if not dropped:
        return
    rows = entry_revisions(session, entry_id)
    by_id = {r.id: r for r in rows}
    leaning = [r for r in rows if r.id not in dropped and r.base_id in dropped]
    if leaning:
        whole = texts(rows)
        for row in leaning:
            base = row.base_id
            while base is not None and base in dropped:
                base = by_id[base].base_id if base in by_id else None
            if base is None:
                _store_whole(row, whole[row.id])
            else:
                row.delta, row.base_id = textdelta.encode(whole[row.id], whole[base]), base
        session.flush()
    session.execute(delete(RevisionRow).where(RevisionRow.id.in_(dropped)))


def keep_revision(session: Session, row: EntryRow, now: dt.datetime) -> None:
    """Store the entry's current text as a revision (before it changes) and prune its history."""
    add_revision(session, row.id, row.title, row.body, row.updated)
    saved = session.execute(select(RevisionRow.id, RevisionRow.saved_at).where(RevisionRow.entry_id == row.id)).all()
    drop_revisions(session, row.id, revisions_to_prune([(r[0], r[1]) for r in saved], now))


def stored_text(con: sqlite3.Connection, rev_id: int) -> str:
    """One revision's whole body over a plain connection (the importer's), following its deltas."""
    chain: list[bytes] = []
    current: int | None = rev_id
    while current is not None:
        body, delta, base = con.execute(
            "SELECT body, delta, base_id FROM revisions WHERE id = ?", (current,)
        ).fetchone()
        if base is None:
            text = str(body) if delta is None else textdelta.apply(delta, "")
            break
        chain.append(delta)
        current = base
    else:
        raise textdelta.DeltaMismatch(f"revision {rev_id} leans on a revision that is gone")
    for delta in reversed(chain):
        text = textdelta.apply(delta, text)
    return text


def rechain(con: sqlite3.Connection, entry_id: int) -> int:
    """Store an entry's history as the ORM path keeps it, after plain SQL added whole texts to it (an import): the
    newest whole, each older one a delta against the next newer, a compressed whole text every ``SNAPSHOT_EVERY``.
    Only plain whole texts and deltas whose base moved are rewritten, each checked to come back byte-exactly; returns
    how many rows were rewritten."""
    rows = con.execute(
        "SELECT id, body, delta, base_id FROM revisions WHERE entry_id = ? ORDER BY saved_at DESC, id DESC",
        (entry_id,),
    ).fetchall()
    stored = {row[0]: row for row in rows}
    whole: dict[int, str] = {}

    def text_of(rev_id: int) -> str:
        chain: list[int] = []
        current = rev_id
        while current not in whole:
            _, body, delta, base = stored[current]
            if base is None:
                whole[current] = str(body) if delta is None else textdelta.apply(delta, "")
                break
            chain.append(current)
            current = base
        for link in reversed(chain):
            whole[link] = textdelta.apply(stored[link][2], whole[stored[link][3]])
        return whole[rev_id]

    texts_newest_first = [text_of(row[0]) for row in rows]
    rewritten, run = 0, 0
    for i, (rev_id, body, delta, base) in enumerate(rows):
        if i == 0:
            want: tuple[str, bytes | None, int | None] = (texts_newest_first[0], None, None)
        elif delta is not None and base == rows[i - 1][0] and run < SNAPSHOT_EVERY - 1:
            run += 1  # a delta against the next newer already
            continue
        elif delta is not None and base is None:
            run = 0  # a whole text kept compressed
            continue
        else:
            text, newer = texts_newest_first[i], texts_newest_first[i - 1]
            size = len(text.encode("utf-8"))
            packed = textdelta.encode(text, newer) if run < SNAPSHOT_EVERY - 1 else None
            if packed is not None and len(packed) < size and textdelta.apply(packed, newer) == text:
                want, run = ("", packed, rows[i - 1][0]), run + 1
            else:
                run = 0
                packed = textdelta.encode(text, "")
                fits = len(packed) < size and textdelta.apply(packed, "") == text
                want = ("", packed, None) if fits else (text, None, None)
        if (body, delta, base) != want:
            con.execute("UPDATE revisions SET body = ?, delta = ?, base_id = ? WHERE id = ?", (*want, rev_id))
            rewritten += 1
    return rewritten
