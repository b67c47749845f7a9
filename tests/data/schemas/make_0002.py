"""Build ``journal-0002.db``: a journal of schema 0002 (roadmaps) with data in the roadmap tables and in the older ones,
frozen for the upgrade tests.

    .venv/bin/python tests/data/schemas/make_0002.py

Only the migrations up to 0002 run (never today's models or services), and every row is written with the SQL and the
value formats schema 0002 defines. The entries, tags and revisions are those of ``make_0001.py`` (the upgrade test's
search checks rely on them); the roadmap rows are below: an active roadmap with done, in-progress and todo
milestones, evidence (one link to a trashed entry), a target, and progress kept for a milestone and a target of an area
the roadmap no longer has; plus an inactive second roadmap. Deterministic: fixed ids, fixed times, fixed order. The
file is checkpointed and switched to ``journal_mode=DELETE`` before closing, so it is a single file.

Never rebuild a released file; a later schema adds its own ``make_NNNN.py`` + ``journal-NNNN.db``.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REVISION = "0002"
DB_FILE = HERE / f"journal-{REVISION}.db"


def _make_0001() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_0001_for_0002", HERE / "make_0001.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIRST_STEPS = """\
# Written by hand for the frozen 0002 journal.
id: first-steps
title: First steps in ML engineering
version: 3
areas:
  - id: serving
    name: Model serving
    colour: "#ef4444"
    milestones:
      - id: serving-http
        title: Served a model over HTTP and measured p95
        done_when: A load test reports p50, p95 and p99.
      - id: serving-batching
        title: Batched requests and showed the trade-off
  - id: monitoring
    name: Monitoring
    milestones:
      - id: monitoring-drift
        title: Set up a drift check
      - id: monitoring-alerts
        title: Wrote an alert that stays quiet when all is well
"""

SIDE_QUEST = """\
id: side-quest
title: Side quest — Données
areas:
  - id: donnees
    name: Données
    milestones:
      - id: donnees-parquet
        title: Moved a dataset to Parquet
"""

ROADMAPS: list[dict[str, Any]] = [
    {
        "id": "first-steps",
        "title": "First steps in ML engineering",
        "active": 1,
        "installed": "2024-03-01T09:00:00.000000+00:00",
        "updated": "2024-05-01T09:00:00.000000+00:00",
        "source": FIRST_STEPS,
    },
    {
        "id": "side-quest",
        "title": "Side quest — Données",
        "active": 0,
        "installed": "2024-04-01T09:00:00.000000+00:00",
        "updated": "2024-04-01T09:00:00.000000+00:00",
        "source": SIDE_QUEST,
    },
]

AREA_TARGETS: list[dict[str, Any]] = [
    {"roadmap_id": "first-steps", "area_id": "monitoring", "target_day": "2024-12-31"},
    {"roadmap_id": "first-steps", "area_id": "old-area", "target_day": "2024-06-30"},  # an area since removed
]

MILESTONE_PROGRESS: list[dict[str, Any]] = [
    {"roadmap_id": "first-steps", "milestone_id": "monitoring-drift", "state": "doing", "done_on": None,
     "updated": "2024-05-20T09:05:00.000000+00:00"},
    {"roadmap_id": "first-steps", "milestone_id": "old-milestone", "state": "done", "done_on": "2024-02-01",
     "updated": "2024-02-01T12:00:00.000000+00:00"},  # a milestone since removed: kept, unused
    {"roadmap_id": "first-steps", "milestone_id": "serving-batching", "state": "doing", "done_on": None,
     "updated": "2024-04-01T20:00:00.000000+00:00"},
    {"roadmap_id": "first-steps", "milestone_id": "serving-http", "state": "done", "done_on": "2024-03-20",
     "updated": "2024-03-20T18:00:00.000000+00:00"},
    {"roadmap_id": "side-quest", "milestone_id": "donnees-parquet", "state": "done", "done_on": "2024-03-16",
     "updated": "2024-03-16T08:00:00.000000+00:00"},
]  # fmt: skip

MILESTONE_EVIDENCE: list[dict[str, Any]] = [
    {"roadmap_id": "first-steps", "milestone_id": "monitoring-drift", "entry_id": 4,
     "linked": "2024-04-03T10:30:00.000000+00:00"},  # entry 4 is in the trash: never shown or counted
    {"roadmap_id": "first-steps", "milestone_id": "monitoring-drift", "entry_id": 6,
     "linked": "2024-05-20T09:05:00.000000+00:00"},
    {"roadmap_id": "first-steps", "milestone_id": "old-milestone", "entry_id": 5,
     "linked": "2024-02-01T12:00:00.000000+00:00"},
    {"roadmap_id": "first-steps", "milestone_id": "serving-batching", "entry_id": 1,
     "linked": "2024-04-01T20:00:00.000000+00:00"},
    {"roadmap_id": "first-steps", "milestone_id": "serving-batching", "entry_id": 3,
     "linked": "2024-04-01T20:00:00.000000+00:00"},
    {"roadmap_id": "first-steps", "milestone_id": "serving-http", "entry_id": 1,
     "linked": "2024-03-15T09:00:00.000000+00:00"},
    {"roadmap_id": "side-quest", "milestone_id": "donnees-parquet", "entry_id": 2,
     "linked": "2024-03-16T08:00:00.000000+00:00"},
]  # fmt: skip


def expected() -> dict[str, Any]:
    """What the frozen file holds, in the terms of schema 0002 (rows ordered by primary key)."""
    return {
        **_make_0001().expected(),
        "roadmaps": ROADMAPS,
        "area_targets": AREA_TARGETS,
        "milestone_progress": MILESTONE_PROGRESS,
        "milestone_evidence": MILESTONE_EVIDENCE,
    }


def _migrate(dest: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "journal" / "migrations"))
    engine = create_engine(f"sqlite+pysqlite:///{dest}")
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, REVISION)
    finally:
        engine.dispose()


def _insert(con: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    marks = ", ".join(f":{c}" for c in columns)
    con.executemany(f"INSERT INTO {table}({', '.join(columns)}) VALUES ({marks})", rows)


def build(dest: Path) -> None:
    """Write the frozen database to ``dest`` (replacing it)."""
    for side in (dest, dest.with_name(dest.name + "-wal"), dest.with_name(dest.name + "-shm")):
        side.unlink(missing_ok=True)
    con = sqlite3.connect(dest, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")  # as every journal is
    con.close()
    _migrate(dest)
    data = expected()
    con = sqlite3.connect(dest, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("BEGIN IMMEDIATE")
        _insert(con, "tags", data["tags"])
        _insert(con, "entries", data["entries"])
        con.executemany("INSERT INTO entry_tags(entry_id, tag_id) VALUES (?, ?)", data["entry_tags"])
        _insert(con, "revisions", data["revisions"])
        for table in ("roadmaps", "area_targets", "milestone_progress", "milestone_evidence"):
            _insert(con, table, data[table])
        con.execute("COMMIT")
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal/-shm beside it
    finally:
        con.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DB_FILE
    build(target)
    print(f"wrote {target}")
