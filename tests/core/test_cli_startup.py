"""The command line starts like a small tool: reading commands load no ORM, no Alembic, no Markdown and no git, and
what they print is exactly what it was (docs/json-format.md is a contract)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.adding import add_daily_entry, add_entry
from journal.cli.output import entry_json, entry_json_sql, journal_entry_json, print_json, print_json_array
from journal.db import Journal, open_journal
from journal.entries import create_entry, trash_entry
from journal.progress import roadmap_status
from journal.publish.post_fields import set_post_fields
from journal.publish.publications import PUBLISHED, Record, record
from journal.queries import get_entry, iter_entry_texts, list_summaries
from journal.records import DAILY, TUTORIAL, EntryFilter

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


@pytest.mark.parametrize(
    "args",
    [["new", "batching again", "--tag", "serving", "--tag", "a new area"], ["new", "-", "--json", "--private"]],
    ids=" ".join,
)
def test_adding_an_entry_loads_no_orm_either(tmp_path: Path, args: list[str]) -> None:
    """The most frequent write adds in plain SQL (journal.adding), and what it adds reads back whole."""
    home = tmp_path / "journal"
    with open_journal(home) as journal:
        create_entry(journal, "an existing journal", tags=["Serving"])
    out = tmp_path / "modules.txt"
    proc = subprocess.run(
        [sys.executable, str(HELPER), *args, "--home", str(home)],
        input="from standard input",
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "TRAILBOOK_MODULES_OUT": str(out)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    loaded = set(out.read_text(encoding="utf-8").split())
    assert loaded & HEAVY == set(), f"{' '.join(args)} loaded {sorted(loaded & HEAVY)}"
    entry_id = json.loads(proc.stdout)["id"] if "--json" in args else proc.stdout.strip()
    with open_journal(home, create=False) as journal:
        entry = get_entry(journal, entry_id)
    if "--json" in args:
        assert entry.body == "from standard input" and entry.private and entry.tags == ()
    else:
        assert entry.body == "batching again" and entry.tags == ("a new area", "Serving")  # the area it had


def test_an_added_entry_is_stored_as_the_orm_stores_it() -> None:
    """journal.adding writes timestamps with format_timestamp; the ORM's column type with db_timestamp."""
    from journal.dates import format_timestamp
    from journal.models import db_timestamp

    for stamp in (
        dt.datetime(2024, 3, 14, 8, 30, tzinfo=dt.UTC),
        dt.datetime(2024, 3, 14, 23, 59, 59, 999999, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime.now(dt.UTC),
    ):
        assert format_timestamp(stamp) == db_timestamp(stamp)


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
    assert [e["title"] for e in entries] == ["Drift checks on the feature store.", "Batching"]
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


# --- the whole journal written by SQLite: the same text as Python's json ---------------------------------------------


def python_text(journal: Journal, entry_id: str) -> bytes:
    """An entry as an element of the --json array, written by Python (the owner of the form)."""
    return (
        json.dumps(entry_json(get_entry(journal, entry_id)), ensure_ascii=False, indent=2)
        .replace("\n", "\n  ")
        .encode()
    )


def sqlite_texts(journal: Journal, flt: EntryFilter | None = None) -> dict[str, bytes | None]:
    assert entry_json_sql() is not None, "entry_to_json has a key entry_json_sql does not know: teach it the key"
    with closing(iter_entry_texts(journal, entry_json_sql(), flt)) as texts:
        return {uuid: text for text, uuid in texts}


def test_sqlite_writes_every_entry_as_python_does_or_leaves_it_to_python(tmp_path: Path) -> None:
    with open_journal(tmp_path / "journal") as journal:
        plain = create_entry(journal, "# Batching\n\nDynamic batching halved p99.\r\n")
        tagged = create_entry(journal, "tags", tags=["Zeta", "alpha", "Beta", "b_c", "bc", "B c"], private=True)
        odd = create_entry(journal, 'quotes " \\ \t \x00 \x1f \x7f \u2028 👩‍💻 e\u0301 中文 ‮', title='A "title"')
        slugged = create_entry(journal, "published", summary="a 'summary' with \"quotes\"")
        trashed = trash_entry(journal, create_entry(journal, "gone", tags=["ml ops"]).id)
        beyond_ascii = create_entry(journal, "names Python folds", tags=["Élan", "über", "Zed"])
        other_form = create_entry(journal, "an imported timestamp")
        kept = create_entry(journal, "imported with front matter Trailbook has no field for")
        posted = create_entry(journal, "with post fields")
        daily, _ = add_daily_entry(journal, dt.date(2025, 5, 5), "## Worked on\n\n- …\n", title="Monday 2025-05-05")
        tutorial = add_entry(journal, "# Welcome", private=True, kind=TUTORIAL, day=dt.date(2025, 5, 5))
        set_post_fields(
            journal, posted.id, categories=["ml"], publish_at=dt.datetime.fromisoformat("2024-05-02T09:30+02:00")
        )
        with journal.writing() as session:
            session.connection().exec_driver_sql(
                "UPDATE entries SET slug = 'batching-p99' WHERE uuid = ?", (slugged.id,)
            )
            session.connection().exec_driver_sql(
                "UPDATE entries SET created = '2024-03-14T08:30:00+00:00' WHERE uuid = ?", (other_form.id,)
            )
            session.connection().exec_driver_sql(
                'UPDATE entries SET kept_front_matter = \'{"mood": "good"}\' WHERE uuid = ?', (kept.id,)
            )
        texts = {**sqlite_texts(journal), **sqlite_texts(journal, EntryFilter(trash=True))}
        for entry in (plain, tagged, odd, slugged, trashed, daily, tutorial):
            assert texts[entry.id] == python_text(journal, entry.id), entry.body
        # The kind after the body, only where there is one (docs/json-format.md).
        tail = f',\n    "kind": "{DAILY}",\n    "word_count": {daily.word_count}\n  }}'
        assert texts[daily.id].endswith(json.dumps(daily.body, ensure_ascii=False).encode() + tail.encode())
        assert b'"kind": "tutorial"' in texts[tutorial.id] and b'"kind"' not in texts[plain.id]
        # Tags Python's str.lower folds beyond ASCII, a timestamp in another form, kept front matter, post fields:
        # Python's.
        assert texts[beyond_ascii.id] is None and texts[other_form.id] is None and texts[kept.id] is None
        assert texts[posted.id] is None
        whole = [journal_entry_json(journal, get_entry(journal, s.id)) for s in list_summaries(journal)]
        assert whole[0]["post"]["categories"] == ["ml"] and whole[1]["front_matter"] == {"mood": "good"}
    # The command prints both kinds in one array, exactly as the whole document would be printed.
    out = subprocess.run(
        [sys.executable, "-m", "journal", "list", "--json", "--limit", "0", "--home", str(tmp_path / "journal")],
        capture_output=True,
        check=True,
    ).stdout
    assert out.decode("utf-8") == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(max_size=30),
    body=st.text(max_size=200),
    summary=st.text(max_size=20),
    slug=st.none() | st.text(max_size=20),
    # Names as Trailbook keeps them (journal.tags.normalize_name: white space collapsed, no comma).
    tags=st.lists(
        st.text(alphabet=st.characters(max_codepoint=127), max_size=8)
        .map(lambda name: " ".join(name.split()))
        .filter(lambda name: name and "," not in name),
        max_size=4,
    ),
)
def test_any_text_is_written_alike(
    text_journal: Journal, title: str, body: str, summary: str, slug: str | None, tags: list[str]
) -> None:
    with text_journal.writing() as session:
        con = session.connection()
        con.exec_driver_sql("DELETE FROM entry_tags")
        con.exec_driver_sql("DELETE FROM tags")
        con.exec_driver_sql(
            "UPDATE entries SET title = ?, body = ?, summary = ?, slug = ?", (title, body, summary, slug)
        )
        for i, name in enumerate(dict.fromkeys(tags)):
            con.exec_driver_sql(
                "INSERT INTO tags(id, name, colour, description) VALUES (?, ?, '#000000', '')", (i + 1, name)
            )
            con.exec_driver_sql("INSERT INTO entry_tags(entry_id, tag_id) SELECT id, ? FROM entries", (i + 1,))
    ((entry_id, text),) = sqlite_texts(text_journal).items()
    if text is None:  # left to Python only for a tag name SQLite measures short (one with NUL in it)
        assert any("\x00" in t for t in tags)
    else:
        assert text == python_text(text_journal, entry_id)


@pytest.fixture(scope="module")
def text_journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    with open_journal(tmp_path_factory.mktemp("texts") / "journal") as journal:
        create_entry(journal, "one entry, rewritten by each example")
        yield journal
