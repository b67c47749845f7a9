"""Build ``journal-0003.db``: a journal of schema 0003 (publishing) with blogs and publications, frozen for the
upgrade tests.

    .venv/bin/python tests/data/schemas/make_0003.py

Only the migrations up to 0003 run (never today's models or services), and every row is written with the SQL and the
value formats schema 0003 defines. Deterministic: fixed ids, fixed times, fixed order. The roadmap tables of 0002 are
left empty. The file is checkpointed and switched to ``journal_mode=DELETE`` before closing, so it is one file with no
``-wal``/``-shm`` beside it (opening it with Trailbook turns WAL back on). ``expected()`` describes the content.

Never rebuild a released file; a later schema adds its own ``make_NNNN.py`` + ``journal-NNNN.db``.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REVISION = "0003"
DB_FILE = HERE / f"journal-{REVISION}.db"
_WORD_RE = re.compile(r"\w+")

TAGS: list[dict[str, Any]] = [
    {"id": 1, "name": "serving", "colour": "#2563eb", "description": "latency, batching, p99"},
    {"id": 2, "name": "Données", "colour": "#16a34a", "description": "pipelines — Parquet, DuckDB"},
]

ENTRIES: list[dict[str, Any]] = [
    {
        "id": 1,
        "uuid": "0a1b2c3d-0000-4000-8000-000000000301",
        "title": "Batching requests in FastAPI",
        "day": "2024-03-14",
        "created": "2024-03-14T08:30:00.000000+00:00",
        "updated": "2024-03-16T10:00:00.000000+00:00",
        "private": 0,
        "summary": "Dynamic batching halves p99.",
        "slug": "batching-requests-in-fastapi",
        "deleted_at": None,
        "body": "# Batching requests in FastAPI\n\nDynamic batching cut p99 from 180 ms to 90 ms.\n\n"
        "```private\nAsk the team lead about the budget.\n```\n",
    },
    {
        "id": 2,
        "uuid": "0a1b2c3d-0000-4000-8000-000000000302",
        "title": "Café, naïve Bayes and 日本語のトークン化",
        "day": "2024-03-15",
        "created": "2024-03-15T07:00:00.000000+00:00",
        "updated": "2024-03-15T07:00:00.000000+00:00",
        "private": 0,
        "summary": "",
        "slug": "cafe-naive-bayes-and-ri-ben-yu-notokunhua",
        "deleted_at": None,
        "body": "Café (NFC) and Cafe\u0301 (NFD).\r\nEmoji: 👩\u200d💻\r\nCJK: 形態素解析は難しい。\r\n",
    },
    {
        "id": 3,
        "uuid": "0a1b2c3d-0000-4000-8000-000000000303",
        "title": "Salary negotiation notes",
        "day": "2024-04-01",
        "created": "2024-04-01T19:45:00.000000+00:00",
        "updated": "2024-04-01T19:45:00.000000+00:00",
        "private": 1,
        "summary": "",
        "slug": None,
        "deleted_at": None,
        "body": "Private: never publish this.\n",
    },
]

ENTRY_TAGS: list[tuple[int, int]] = [(1, 1), (2, 2)]

REVISIONS: list[dict[str, Any]] = [
    {
        "id": 1,
        "entry_id": 1,
        "title": "Batching",
        "saved_at": "2024-03-14T08:30:00.000000+00:00",
        "body": "# Batching\n\nfirst try\n",
    },
]

BLOGS: list[dict[str, Any]] = [
    {
        "id": 1,
        "name": "Notes",
        "kind": "hugo",
        "path": "/home/ana/blogs/notes",
        "branch": "main",
        "remote": "origin",
        "content_dir": "content/posts",
        "hugo_layout": "bundle",
        "front_matter": "yaml",
        "base_url": "https://ana.github.io/notes/",
        "author_name": "Ana Lima",
        "author_email": "ana@example.com",
        "portfolio": 1,
        "created": "2024-03-14T09:00:00.000000+00:00",
    },
    {
        "id": 2,
        "name": "Old Jekyll",
        "kind": "jekyll",
        "path": "/home/ana/blogs/old",
        "branch": "gh-pages",
        "remote": "upstream",
        "content_dir": "_posts",
        "hugo_layout": "bundle",
        "front_matter": "yaml",
        "base_url": "",
        "author_name": "",
        "author_email": "",
        "portfolio": 0,
        "created": "2024-03-20T09:00:00.000000+00:00",
    },
]

PUBLICATIONS: list[dict[str, Any]] = [
    {
        "id": 1,
        "blog_id": 1,
        "entry_id": 1,
        "entry_uuid": "0a1b2c3d-0000-4000-8000-000000000301",
        "action": "published",
        "slug": "batching-requests-in-fastapi",
        "path": "content/posts/batching-requests-in-fastapi/index.md",
        "content_hash": "3" * 64,
        "entry_updated": "2024-03-14T21:05:12.345678+00:00",
        "commit_sha": "a" * 40,
        "pushed": 1,
        "at": "2024-03-14T21:06:00.000000+00:00",
    },
    {
        "id": 2,
        "blog_id": 1,
        "entry_id": 1,
        "entry_uuid": "0a1b2c3d-0000-4000-8000-000000000301",
        "action": "published",
        "slug": "batching-requests-in-fastapi",
        "path": "content/posts/batching-requests-in-fastapi/index.md",
        "content_hash": "4" * 64,
        "entry_updated": "2024-03-16T10:00:00.000000+00:00",
        "commit_sha": "b" * 40,
        "pushed": 0,
        "at": "2024-03-16T10:01:00.000000+00:00",
    },
    {
        "id": 3,
        "blog_id": 2,
        "entry_id": 2,
        "entry_uuid": "0a1b2c3d-0000-4000-8000-000000000302",
        "action": "published",
        "slug": "cafe-naive-bayes-and-ri-ben-yu-notokunhua",
        "path": "_posts/2024-03-15-cafe-naive-bayes-and-ri-ben-yu-notokunhua.md",
        "content_hash": "5" * 64,
        "entry_updated": "2024-03-15T07:00:00.000000+00:00",
        "commit_sha": "c" * 40,
        "pushed": 1,
        "at": "2024-03-15T08:00:00.000000+00:00",
    },
    {
        "id": 4,
        "blog_id": 2,
        "entry_id": 2,
        "entry_uuid": "0a1b2c3d-0000-4000-8000-000000000302",
        "action": "unpublished",
        "slug": "cafe-naive-bayes-and-ri-ben-yu-notokunhua",
        "path": "_posts/2024-03-15-cafe-naive-bayes-and-ri-ben-yu-notokunhua.md",
        "content_hash": "",
        "entry_updated": "2024-03-15T07:00:00.000000+00:00",
        "commit_sha": "d" * 40,
        "pushed": 1,
        "at": "2024-03-21T08:00:00.000000+00:00",
    },
    {
        # An entry deleted for good since: its id is gone (SET NULL), its UUID keeps the record readable.
        "id": 5,
        "blog_id": 1,
        "entry_id": None,
        "entry_uuid": "0a1b2c3d-0000-4000-8000-000000000399",
        "action": "published",
        "slug": "a-deleted-entry",
        "path": "content/posts/a-deleted-entry/index.md",
        "content_hash": "6" * 64,
        "entry_updated": "2024-03-10T07:00:00.000000+00:00",
        "commit_sha": "e" * 40,
        "pushed": 1,
        "at": "2024-03-10T08:00:00.000000+00:00",
    },
]


def expected() -> dict[str, Any]:
    """What the frozen file holds, in the terms of schema 0003."""
    entries = [{**e, "word_count": len(_WORD_RE.findall(e["body"]))} for e in ENTRIES]
    return {
        "tags": TAGS,
        "entries": entries,
        "entry_tags": ENTRY_TAGS,
        "revisions": REVISIONS,
        "blogs": BLOGS,
        "publications": PUBLICATIONS,
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
    sql = f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
    con.executemany(sql, rows)


def build(dest: Path) -> None:
    """Write the frozen database to ``dest`` (replacing it): one file, no -wal/-shm."""
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
        _insert(con, "tags", TAGS)
        _insert(con, "entries", data["entries"])
        con.executemany("INSERT INTO entry_tags(entry_id, tag_id) VALUES (?, ?)", ENTRY_TAGS)
        _insert(con, "revisions", REVISIONS)
        _insert(con, "blogs", BLOGS)
        _insert(con, "publications", PUBLICATIONS)
        con.execute("COMMIT")
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    for side in (dest.with_name(dest.name + "-wal"), dest.with_name(dest.name + "-shm")):
        assert not side.exists(), f"{side} left behind"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DB_FILE
    build(target)
    print(f"wrote {target}")
