"""The command line starts like a small tool: reading commands load no ORM, no Alembic, no Markdown and no git, and
what they print is exactly what it was (docs/json-format.md is a contract)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from journal.cli.output import print_json, print_json_array
from journal.db import open_journal
from journal.entries import create_entry, trash_entry
from journal.progress import roadmap_status
from journal.publish.publications import PUBLISHED, Record, record

HELPER = Path(__file__).parent / "helpers" / "modules_at_exit.py"
# What a reading command must never load: SQLAlchemy, Alembic, Python-Markdown, markdown-it, GitPython, and Qt.
HEAVY = {"sqlalchemy", "alembic", "markdown", "markdown_it", "git", "PySide6"}
READING = [
    ["--version"],
    ["--help"],
    ["list"],
    ["list", "--json", "--limit", "0"],
    ["list", "--trash", "--json"],
    ["list", "--tag", "serving", "--since", "2024-01-01"],
    ["show", "ENTRY"],
    ["show", "ENTRY", "--json"],
    ["search", "batching"],
    ["search", "batching", "--json"],
    ["search", "tag:serving", "drift*"],
    ["stats"],
    ["stats", "--json"],
    ["roadmap", "show"],
    ["roadmap", "show", "--json"],
    ["roadmap", "list", "--json"],
    ["published"],
    ["published", "--json"],
    ["tag", "list", "--json"],
    ["check"],
    ["backup", "list"],
]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal with entries (one trashed), tags, the built-in roadmap installed and a post on a blog: every reading
    command has something to read, and none has a reason to write."""
    from journal.models import BlogRow

    home = tmp_path_factory.mktemp("startup") / "journal"
    with open_journal(home) as journal:
        first = create_entry(journal, "# Batching\n\nDynamic batching halved p99.", tags=["serving"])
        create_entry(journal, "Drift checks on the *feature store*.", tags=["ml ops", "serving"])
        trash_entry(journal, create_entry(journal, "a draft").id)
        roadmap_status(journal)  # installs the built-in roadmap (a write): the reads below find it installed
        with journal.writing() as session:
            blog = BlogRow(name="blog", kind="hugo", path=str(home.parent / "blog"), content_dir="content/posts")
            blog.created = dt.datetime.now(dt.UTC)
            session.add(blog)
            session.flush()
            blog_id = blog.id
        post = Record(first.id, PUBLISHED, "batching", "content/posts/batching/index.md", "0" * 64, first.updated)
        record(journal, blog_id, [post], "a" * 40, pushed=True)
    (home.parent / "entry-id").write_text(first.id, encoding="utf-8")
    return home


def run_reporting_modules(
    home: Path, args: list[str], tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    out = tmp_path / "modules.txt"
    entry = (home.parent / "entry-id").read_text(encoding="utf-8")
    argv = [sys.executable, str(HELPER), *[entry if a == "ENTRY" else a for a in args], "--home", str(home)]
    proc = subprocess.run(
        argv,
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "TRAILBOOK_MODULES_OUT": str(out)},
        timeout=60,
    )
    return proc, set(out.read_text(encoding="utf-8").split())


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_a_reading_command_loads_no_orm_alembic_markdown_or_git(home: Path, tmp_path: Path, args: list[str]) -> None:
    stamp = (home / "journal.db").stat().st_mtime_ns
    proc, loaded = run_reporting_modules(home, args, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert loaded & HEAVY == set(), f"{' '.join(args)} loaded {sorted(loaded & HEAVY)}"
    assert (home / "journal.db").stat().st_mtime_ns == stamp  # a read never writes


def test_the_helper_sees_what_a_writing_command_loads(home: Path, tmp_path: Path) -> None:
    """The check above can fail: a command that writes loads the ORM, and the helper reports it."""
    proc, loaded = run_reporting_modules(home, ["tag", "add", "startup-check"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "sqlalchemy" in loaded
    assert loaded & (HEAVY - {"sqlalchemy"}) == set()  # and nothing else heavy: no Alembic at the schema's head


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{}],
        [[]],
        [1, "two", None, True, 2.5],
        [{"body": 'line\nnext\n\ttab \\ "quote"', "tags": ["a", "b c"], "empty": [], "nested": {"x": [[1], []]}}],
        [{"emoji": "👩‍💻 café 中文 ‮", "n": -3}, {"title": "second", "deleted": None}],
    ],
)
def test_a_streamed_json_array_is_exactly_the_whole_document(
    items: list[object], capsys: pytest.CaptureFixture[str]
) -> None:
    print_json(items)
    whole = capsys.readouterr().out
    print_json_array(iter(items))
    assert capsys.readouterr().out == whole


def test_list_json_keeps_its_format(home: Path, tmp_path: Path) -> None:
    proc, _ = run_reporting_modules(home, ["list", "--json", "--limit", "0"], tmp_path)
    entries = json.loads(proc.stdout)
    assert proc.stdout == json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    assert [e["title"] for e in entries] == ["Drift checks on the feature store .", "Batching"]
    assert entries[1]["body"] == "# Batching\n\nDynamic batching halved p99."
    proc, _ = run_reporting_modules(home, ["list", "--json", "--tag", "nothing-has-this"], tmp_path)
    assert proc.stdout == "[]\n"


def test_published_lists_the_post(home: Path, tmp_path: Path) -> None:
    proc, _ = run_reporting_modules(home, ["published", "--json"], tmp_path)
    (post,) = json.loads(proc.stdout)
    entry = (home.parent / "entry-id").read_text(encoding="utf-8")
    assert post["id"] == entry and post["blog"] == "blog" and post["slug"] == "batching"
    assert post["pushed"] is True and post["changed_since"] is False and post["entry_exists"] is True
    assert post["url"] == "/posts/batching/"


def test_list_json_cut_short_by_the_reader_is_not_an_error(tmp_path: Path) -> None:
    """The streamed array stops quietly when its reader goes away (``trailbook list --json | head``)."""
    home = tmp_path / "journal"
    with open_journal(home) as journal:
        create_entry(journal, "x")
    con = sqlite3.connect(home / "journal.db")
    con.executemany(  # far more than a pipe holds, so the writer meets the closed pipe mid-array
        "INSERT INTO entries(uuid, title, day, created, updated, body) VALUES (?, 'many', '2025-01-01', "
        "'2025-01-01T00:00:00.000000+00:00', '2025-01-01T00:00:00.000000+00:00', ?)",
        [(f"00000000-0000-4000-8000-{i:012d}", "words " * 100) for i in range(3000)],
    )
    con.commit()
    con.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "journal", "list", "--json", "--limit", "0", "--home", str(home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0
    assert err == ""
