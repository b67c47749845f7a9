"""Build ``journal-0001.db``: a journal of schema 0001 full of data, frozen for the upgrade tests.

    .venv/bin/python tests/data/schemas/make_0001.py

Only the 0001 migration runs (never today's models or services), and every row is written with the SQL and the value
formats that schema 0001 defines, so the file stays what a 0001-era Trailbook wrote. Deterministic: fixed ids, fixed
times, fixed order. ``expected()`` describes the content; ``tests/core/test_migrations.py`` checks that every entry, tag
and revision is still there, unchanged, after opening the file with today's Trailbook.

A future schema adds ``make_NNNN.py`` + ``journal-NNNN.db`` beside this pair; never rebuild a released file.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REVISION = "0001"
DB_FILE = HERE / f"journal-{REVISION}.db"
_WORD_RE = re.compile(r"\w+")  # how 0001 counted words

TAGS: list[dict[str, Any]] = [
    {"id": 1, "name": "serving", "colour": "#2563eb", "description": "latency, batching, p99"},
    {"id": 2, "name": "Données", "colour": "#16a34a", "description": "pipelines — Parquet, DuckDB"},
    {"id": 3, "name": "🧪 experiments", "colour": "#d97706", "description": ""},
    {"id": 4, "name": "unused area", "colour": "#6b7280", "description": "no entry carries it"},
]

ENTRIES: list[dict[str, Any]] = [
    {
        "id": 1,
        "uuid": "0a1b2c3d-0000-4000-8000-000000000001",
        "title": "Batching requests in FastAPI",
        "day": "2024-03-14",
        "created": "2024-03-14T08:30:00.000000+00:00",
        "updated": "2024-03-14T21:05:12.345678+00:00",
        "private": 0,
        "summary": "Dynamic batching halves p99.",
        "slug": "batching-requests",
        "deleted_at": None,
        "body": "# Batching requests in FastAPI\n\nDynamic batching cut p99 from 180 ms to 90 ms.\n\n"
        "```python\nasync def predict(batch: list[dict]) -> list[float]:\n    return model(batch)\n```\n",
    },
    {
        "id": 2,
        "uuid": "0a1b2c3d-0000-4000-8000-000000000002",
        "title": "Café, naïve Bayes and 日本語のトークン化",
        "day": "2024-03-15",
        "created": "2024-03-15T07:00:00.000000+00:00",
        "updated": "2024-03-15T07:00:00.000000+00:00",
        "private": 0,
        "summary": "",
        "slug": None,
        "deleted_at": None,
        "body": "Café (NFC) and Cafe\u0301 (NFD) are different bytes.\r\nEmoji: 👩\u200d💻 🏳️\u200d🌈 👍🏽\r\n"
        "RTL: שלום עולם, مرحبا \u202eevil\u202c\r\nCJK: 形態素解析は難しい。\r\ntrailing spaces   \r\n",
    },
    {
        "id": 3,
        "uuid": "0a1b2c3d-0000-4000-8000-000000000003",
        "title": "Salary negotiation notes",
        "day": "2024-04-01",
        "created": "2024-04-01T19:45:00.000000+00:00",
        "updated": "2024-04-02T06:10:00.000000+00:00",
        "private": 1,
        "summary": "",
        "slug": None,
        "deleted_at": None,
        "body": "Private: never publish this.\n\nOffer was lower than hoped; ask again in six months.\n",
    },
    {
        "id": 4,
        "uuid": "0a1b2c3d-0000-4000-8000-000000000004",
        "title": "Draft I threw away",
        "day": "2024-04-03",
        "created": "2024-04-03T10:00:00.000000+00:00",
        "updated": "2024-04-03T10:20:00.000000+00:00",
        "private": 0,
        "summary": "",
        "slug": None,
        "deleted_at": "2024-04-05T12:00:00.000000+00:00",
        "body": "This went to the trash but is not gone yet.\n",
    },
    {
        "id": 5,
        "uuid": "0a1b2c3d-0000-4000-8000-000000000005",
        "title": "Untitled",
        "day": "2024-04-10",
        "created": "2024-04-10T23:59:59.999999+00:00",
        "updated": "2024-04-10T23:59:59.999999+00:00",
        "private": 0,
        "summary": "",
        "slug": None,
        "deleted_at": None,
        "body": "",
    },
    {
        "id": 6,
        "uuid": "0a1b2c3d-0000-4000-8000-000000000006",
        "title": "Drift monitoring with PSI",
        "day": "2024-05-20",
        "created": "2024-05-20T09:00:00.000000+00:00",
        "updated": "2024-05-22T17:30:00.000000+00:00",
        "private": 0,
        "summary": "",
        "slug": None,
        "deleted_at": None,
        "body": "## Drift monitoring with PSI\n\nPSI > 0.2 → retrain. Kolmogorov–Smirnov for continuous features.\n"
        + "\n".join(f"- week {w}: psi {w / 100:.2f}" for w in range(1, 40))
        + "\n",
    },
]

ENTRY_TAGS: list[tuple[int, int]] = [(1, 1), (2, 2), (2, 3), (3, 1), (4, 3), (6, 1), (6, 2)]

REVISIONS: list[dict[str, Any]] = [
    {
        "id": 1,
        "entry_id": 1,
        "title": "Batching",
        "saved_at": "2024-03-14T08:30:00.000000+00:00",
        "body": "# Batching\n\nfirst try: no numbers yet\n",
    },
    {
        "id": 2,
        "entry_id": 1,
        "title": "Batching requests",
        "saved_at": "2024-03-14T12:00:00.000000+00:00",
        "body": "# Batching requests\n\np99 180 ms → ?\n",
    },
    {
        "id": 3,
        "entry_id": 3,
        "title": "Salary negotiation notes",
        "saved_at": "2024-04-01T19:45:00.000000+00:00",
        "body": "Private: never publish this.\n",
    },
    {
        "id": 4,
        "entry_id": 4,
        "title": "Draft",
        "saved_at": "2024-04-03T10:00:00.000000+00:00",
        "body": "téléphone → 📞\n",
    },
    {
        "id": 5,
        "entry_id": 6,
        "title": "Drift",
        "saved_at": "2024-05-20T09:00:00.000000+00:00",
        "body": "## Drift\n\nCafe\u0301 NFD survives.\n",
    },
]


def expected() -> dict[str, Any]:
    """What the frozen file holds, in the terms of schema 0001."""
    entries = [{**e, "word_count": len(_WORD_RE.findall(e["body"]))} for e in ENTRIES]
    return {"tags": TAGS, "entries": entries, "entry_tags": ENTRY_TAGS, "revisions": REVISIONS}


def _migrate_to_0001(dest: Path) -> None:
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


def build(dest: Path) -> None:
    """Write the frozen database to ``dest`` (replacing it)."""
    for side in (dest, dest.with_name(dest.name + "-wal"), dest.with_name(dest.name + "-shm")):
        side.unlink(missing_ok=True)
    con = sqlite3.connect(dest, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")  # as every journal is
    con.close()
    _migrate_to_0001(dest)
    data = expected()
    con = sqlite3.connect(dest, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("BEGIN IMMEDIATE")
        con.executemany(
            "INSERT INTO tags(id, name, colour, description) VALUES (:id, :name, :colour, :description)", TAGS
        )
        con.executemany(
            "INSERT INTO entries(id, uuid, title, day, created, updated, private, summary, slug, deleted_at, "
            "word_count, body) VALUES (:id, :uuid, :title, :day, :created, :updated, :private, :summary, :slug, "
            ":deleted_at, :word_count, :body)",
            data["entries"],
        )
        con.executemany("INSERT INTO entry_tags(entry_id, tag_id) VALUES (?, ?)", ENTRY_TAGS)
        con.executemany(
            "INSERT INTO revisions(id, entry_id, title, saved_at, body) VALUES (:id, :entry_id, :title, :saved_at, "
            ":body)",
            REVISIONS,
        )
        con.execute("COMMIT")
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DB_FILE
    build(target)
    print(f"wrote {target}")
