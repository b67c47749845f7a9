"""The frozen schema-0003 journal (tests/data/schemas/journal-0003.db) opens with today's Trailbook and its blogs and
publication records read back through the publishing services exactly as they were written."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path

from journal.db import open_journal
from journal.publish.blogs import list_blogs
from journal.publish.publications import latest, published_posts

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"


def test_blogs_and_publications_survive_the_upgrade(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_0003", SCHEMAS / "make_0003.py")
    assert spec and spec.loader
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    want = maker.expected()
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(SCHEMAS / "journal-0003.db", home / "journal.db")
    with open_journal(home, create=False) as journal:
        blogs = {b.name: b for b in list_blogs(journal)}
        assert sorted(blogs) == sorted(b["name"] for b in want["blogs"])
        for row in want["blogs"]:
            blog = blogs[row["name"]]
            assert (
                blog.kind,
                str(blog.path),
                blog.branch,
                blog.remote,
                blog.content_dir,
                blog.base_url,
                blog.author_email,
                blog.portfolio,
            ) == (
                row["kind"],
                row["path"],
                row["branch"],
                row["remote"],
                row["content_dir"],
                row["base_url"],
                row["author_email"],
                bool(row["portfolio"]),
            )
            assert blog.created == dt.datetime.fromisoformat(row["created"])
        notes, old = blogs["Notes"], blogs["Old Jekyll"]
        current = latest(journal, notes.id)
        assert current["0a1b2c3d-0000-4000-8000-000000000301"].commit_sha == "b" * 40  # the newest row wins
        assert latest(journal, old.id)["0a1b2c3d-0000-4000-8000-000000000302"].action == "unpublished"
        posts = {p.entry_id: p for p in published_posts(journal)}
        assert set(posts) == {"0a1b2c3d-0000-4000-8000-000000000301", "0a1b2c3d-0000-4000-8000-000000000399"}
        batching = posts["0a1b2c3d-0000-4000-8000-000000000301"]
        assert (batching.blog, batching.slug, batching.pushed, batching.changed) == (
            "Notes",
            "batching-requests-in-fastapi",
            False,
            False,
        )
        assert batching.url == "https://ana.github.io/notes/posts/batching-requests-in-fastapi/"
        assert not posts["0a1b2c3d-0000-4000-8000-000000000399"].entry_exists
