"""The command line as a person runs it: real processes (``python -m journal`` and the ``trailbook`` script), exit codes
0 / 1 / 2, one clear line on stderr for a mistake, never a traceback, and the documented JSON output."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from journal import __version__
from journal.db import open_journal
from journal.entries import create_entry, update_entry

ENTRY_KEYS = {
    "id",
    "title",
    "date",
    "created",
    "updated",
    "tags",
    "private",
    "summary",
    "slug",
    "deleted",
    "body",
    "word_count",
}
HIT_KEYS = ENTRY_KEYS | {"snippet", "highlights", "rank"}
# Any file opened without an explicit encoding on the command line's paths fails the command (and so the test).
PROGRAM = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "journal"]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


def cli(
    *args: str | bytes,
    home: Path | None = None,
    stdin: bytes = b"",
    env: dict[str, str] | None = None,
    program: list[str] | None = None,
) -> Result:
    argv: list[str | bytes] = [*(program or PROGRAM), *args]
    if home is not None:
        argv += ["--home", str(home)]
    proc = subprocess.run(
        argv,
        input=stdin,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", **(env or {})},
        timeout=60,
    )
    result = Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
    assert "Traceback" not in result.err, result.err
    return result


def ok(*args: str | bytes, **kw: object) -> Result:
    result = cli(*args, **kw)  # type: ignore[arg-type]
    assert result.code == 0, result.err
    return result


def fails(*args: str | bytes, **kw: object) -> str:
    """Run a command that must be refused as a person's mistake: exit 1 and exactly one line on stderr."""
    result = cli(*args, **kw)  # type: ignore[arg-type]
    assert result.code == 1, (result.code, result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("trailbook: error: "), result.err
    return lines[0]


def usage_error(*args: str, **kw: object) -> str:
    result = cli(*args, **kw)  # type: ignore[arg-type]
    assert result.code == 2, (result.code, result.err)
    assert result.err.startswith("usage: ") and "error:" in result.err
    return result.err


def journal_state(home: Path) -> list[tuple[object, ...]]:
    """Every entry, revision and tag row as stored, to prove a refused command changed nothing."""
    con = sqlite3.connect(f"file:{home / 'journal.db'}?mode=ro", uri=True)
    try:
        return [
            *con.execute("SELECT uuid, title, body, day, updated, private, deleted_at FROM entries ORDER BY uuid"),
            *con.execute("SELECT entry_id, saved_at, title, body FROM revisions ORDER BY id"),
            *con.execute("SELECT name, colour, description FROM tags ORDER BY name"),
        ]
    finally:
        con.close()


def entry_count(home: Path) -> int:
    con = sqlite3.connect(f"file:{home / 'journal.db'}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        con.close()


def seed(home: Path, *bodies: str) -> list[str]:
    """Entries written in-process through the core (fast); the command under test still runs as a process."""
    with open_journal(home) as journal:
        return [create_entry(journal, body).id for body in bodies]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "journal"


# --- basics ----------------------------------------------------------------------------------------------------------


def test_version_from_the_module_and_the_script() -> None:
    assert ok("--version").out.strip() == f"trailbook {__version__}"
    script = Path(sys.executable).with_name("trailbook")
    assert script.is_file(), "the console script is installed with the package (pip install -e .)"
    assert ok("--version", program=[str(script)]).out.strip() == f"trailbook {__version__}"


def test_help_lists_every_command() -> None:
    out = ok("--help").out
    for command in ("new", "list", "show", "edit", "search", "tag", "delete", "restore", "empty-trash", "export"):
        assert command in out
    assert "import" in out and "backup" in out and "check" in out


def test_json_output_says_which_entry_is_the_days_daily_entry_and_which_the_tutorial(home: Path) -> None:
    """``kind`` follows the body in show, list and search --json, only on an entry that has one."""
    from journal.adding import add_daily_entry, add_entry

    day = dt.date(2025, 5, 5)
    with open_journal(home) as journal:
        daily, _ = add_daily_entry(journal, day, "## Worked on\n\n- profiling\n", title="Monday 2025-05-05")
        tutorial = add_entry(journal, "# Welcome\n\nthe tour", private=True, kind="tutorial", day=day)
        plain = create_entry(journal, "profiling again", day=day)
    shown = ok("show", daily.id, "--json", home=home).json()
    assert isinstance(shown, dict) and shown["kind"] == "daily"
    assert list(shown)[list(shown).index("body") + 1] == "kind"
    listed = ok("list", "--json", home=home).json()
    assert isinstance(listed, list)
    assert {e["id"]: e.get("kind") for e in listed} == {daily.id: "daily", tutorial.id: "tutorial", plain.id: None}
    hits = ok("search", "profiling", "--json", home=home).json()
    assert isinstance(hits, list) and {h["id"]: h.get("kind") for h in hits} == {daily.id: "daily", plain.id: None}


def test_restore_says_when_a_daily_entry_comes_back_ordinary(home: Path) -> None:
    """A daily entry restored to a day that made another one meanwhile is no longer the day's (journal.entries)."""
    from journal.adding import add_daily_entry

    day = dt.date(2025, 5, 5)
    with open_journal(home) as journal:
        first, _ = add_daily_entry(journal, day, "first", title="Monday 2025-05-05")
    ok("delete", first.id, home=home)
    with open_journal(home) as journal:
        second, made = add_daily_entry(journal, day, "second", title="Monday 2025-05-05")
    assert made
    said = ok("restore", first.id, home=home).out
    assert "as an ordinary entry" in said and "2025-05-05 has a daily entry already" in said
    assert ok("show", first.id, "--json", home=home).json().get("kind") is None  # type: ignore[union-attr]
    assert ok("show", second.id, "--json", home=home).json()["kind"] == "daily"  # type: ignore[index]
    ok("delete", second.id, home=home)
    ok("delete", first.id, home=home)
    assert ok("restore", second.id, home=home).out.strip() == "Restored Monday 2025-05-05."  # the day's again


def test_new_then_show_and_list_as_text_and_json(home: Path) -> None:
    entry_id = ok("new", "# Serving\n\nbatching cut p99 — café ✓", "--tag", "serving", "--tag", "MLOps",
                  "--date", "2025-03-14", "--private", home=home).out.strip()  # fmt: skip
    assert len(entry_id) == 36
    shown = ok("show", entry_id[:8], home=home).out
    assert shown.splitlines()[0] == "Serving"
    assert "2025-03-14" in shown and entry_id in shown and "private" in shown and "#serving" in shown
    assert shown.endswith("batching cut p99 — café ✓\n")

    data = ok("show", entry_id, "--json", home=home).json()
    assert isinstance(data, dict) and set(data) == ENTRY_KEYS | {"published", "links", "backlinks"}
    assert data.pop("published") == []  # on no blog
    assert data.pop("links") == [] and data.pop("backlinks") == []  # entry ids (tests/core/test_links.py)
    assert data["id"] == entry_id and data["title"] == "Serving"
    assert data["body"] == "# Serving\n\nbatching cut p99 — café ✓"
    assert data["date"] == "2025-03-14" and data["private"] is True and data["deleted"] is None
    assert data["tags"] == ["MLOps", "serving"]
    assert data["created"].endswith("+00:00") and data["created"] == data["updated"]

    listed = ok("list", home=home).out.splitlines()
    assert listed == [f"2025-03-14  {entry_id[:8]}  Serving (private)  #MLOps #serving"]
    (row,) = ok("list", "--json", home=home).json()  # type: ignore[misc]
    assert row == data


def test_json_of_lists_and_searches_is_the_whole_entry(home: Path) -> None:
    with open_journal(home) as journal:
        entry = create_entry(journal, "# Wombats\n\nburrowing", tags=["zoo"])
        update_entry(journal, entry.id, summary="All about wombats.", slug="wombats-101")
    shown = ok("show", entry.id, "--json", home=home).json()
    assert shown.pop("published") == []  # type: ignore[union-attr]
    assert (shown.pop("links"), shown.pop("backlinks")) == ([], [])  # type: ignore[union-attr]  # show's own
    assert shown["summary"] == "All about wombats." and shown["slug"] == "wombats-101"  # type: ignore[index]
    (listed,) = ok("list", "--json", home=home).json()  # type: ignore[misc]
    assert listed == shown
    (hit,) = ok("search", "wombats", "--json", home=home).json()  # type: ignore[misc]
    assert {k: hit[k] for k in ENTRY_KEYS} == shown


def test_the_json_of_an_entry_holds_its_post_fields_and_show_its_drafts(home: Path, tmp_path: Path) -> None:
    """Categories, cover and publish date (with its own offset) in the entry's form wherever it is printed; `show`
    also says where it is on a blog now and whether as a draft; an export carries them to another journal."""
    cover = tmp_path / "cover.png"
    cover.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    entry_id = ok("new", "# Wombats\n\nburrowing", "--summary", "All about wombats.", "--category", "zoo, ML ops",
                  "--cover", str(cover), "--publish-date", "2024-05-02T23:30+02:00", "--json", home=home).json()["id"]  # type: ignore[index]  # fmt: skip
    plain = ok("new", "no post fields", home=home).out.strip()
    with open_journal(home) as journal:
        from journal.models import BlogRow
        from journal.publish.publications import PUBLISHED, Record, record

        with journal.writing() as session:
            blog = BlogRow(name="notes", kind="hugo", path=str(tmp_path / "blog"), content_dir="content/posts")
            blog.created = dt.datetime.now(dt.UTC)
            session.add(blog)
            session.flush()
            blog_id = blog.id
        post = Record(entry_id, PUBLISHED, "wombats", "content/posts/wombats/index.md", "0" * 64,
                      dt.datetime.now(dt.UTC), "https://me.example/notes/posts/wombats/", draft=True)  # fmt: skip
        record(journal, blog_id, [post], "a" * 40, pushed=True)
    shown = ok("show", entry_id, "--json", home=home).json()
    assert shown["summary"] == "All about wombats."  # type: ignore[index]
    post_form = shown["post"]  # type: ignore[index]
    assert post_form["categories"] == ["zoo", "ML ops"] and post_form["publish_date"] == "2024-05-02T23:30:00+02:00"
    assert re.fullmatch(r"attachments/[0-9a-f]{64}\.png", post_form["cover"]) and post_form["updated"]
    (where,) = shown.pop("published")  # type: ignore[union-attr]
    assert (shown.pop("links"), shown.pop("backlinks")) == ([], [])  # type: ignore[union-attr]  # show's own
    assert where["blog"] == "notes" and where["draft"] is True and where["url"].endswith("/posts/wombats/")
    listed = {e["id"]: e for e in ok("list", "--json", home=home).json()}  # type: ignore[union-attr]
    assert listed[entry_id] == shown and "post" not in listed[plain]
    (hit,) = ok("search", "wombats", "--json", home=home).json()  # type: ignore[misc]
    assert hit["post"] == post_form
    ok("export", str(tmp_path / "out.zip"), home=home)
    other = tmp_path / "other"
    ok("import", str(tmp_path / "out.zip"), home=other)
    again = ok("show", entry_id, "--json", home=other).json()
    assert again["post"] == post_form and again["published"] == []  # type: ignore[index]
    assert (other / post_form["cover"]).read_bytes() == cover.read_bytes()


def test_a_bad_post_field_skips_that_entry_with_a_reason(home: Path, tmp_path: Path) -> None:
    good = {"id": "0a1b2c3d-0000-4000-8000-000000000001", "body": "fine", "date": "2024-05-02",
            "post": {"categories": ["ok"], "publish_date": "2024-05-02T09:00:00-07:00"}}  # fmt: skip
    bad = [
        {"body": "a", "date": "2024-05-02", "post": "zoo"},
        {"body": "b", "date": "2024-05-02", "post": {"categories": "zoo"}},
        {"body": "c", "date": "2024-05-02", "post": {"cover": "../../etc/passwd"}},
        {"body": "d", "date": "2024-05-02", "post": {"publish_date": "next tuesday"}},
        {"body": "e", "date": "2024-05-02", "post": {"publish_date": "0001-01-01T00:00:00Z"}},
    ]
    (tmp_path / "in.json").write_text(json.dumps({"entries": [good, *bad]}), encoding="utf-8")
    result = ok("import", str(tmp_path / "in.json"), "--json", home=home)
    report = result.json()
    assert report["added"] == 1 and [s["source"].split("/")[-1] for s in report["skipped"]] == [  # type: ignore[index]
        f"in.json: entries[{i}]" for i in range(1, 6)
    ]
    reasons = " | ".join(s["reason"] for s in report["skipped"])  # type: ignore[index]
    assert "post must be an object" in reasons and "post.categories must be a list" in reasons
    assert "post.cover must be one of the journal's images" in reasons and "post.publish_date" in reasons
    assert ok("show", good["id"], "--json", home=home).json()["post"]["publish_date"] == "2024-05-02T09:00:00-07:00"  # type: ignore[index]


def test_new_json_and_title_option(home: Path) -> None:
    data = ok("new", "body text", "--title", "Given title", "--json", home=home).json()
    assert isinstance(data, dict) and set(data) == ENTRY_KEYS  # no post fields, and no "published" (that is show's)
    assert data["title"] == "Given title" and data["body"] == "body text" and data["tags"] == []


def test_home_may_come_before_the_command(home: Path) -> None:
    ok("--home", str(home), "new", "placed first")
    assert entry_count(home) == 1


@pytest.mark.parametrize("args", [["new", "-"], ["new"]], ids=["dash", "piped"])
def test_new_reads_standard_input(home: Path, args: list[str]) -> None:
    body = "# From stdin\r\n\r\nemoji 👩\u200d💻 and NFD cafe\u0301\n"
    entry_id = ok(*args, home=home, stdin=body.encode("utf-8")).out.strip()
    data = ok("show", entry_id, "--json", home=home).json()
    assert data["body"] == body and data["title"] == "From stdin"  # type: ignore[index]


def test_invalid_utf8_on_stdin_saves_nothing(home: Path) -> None:
    seed(home, "already here")
    line = fails("new", "-", home=home, stdin=b"caf\xe9 latin-1\n")
    assert "standard input" in line and "UTF-8" in line and "nothing was saved" in line
    assert entry_count(home) == 1


def test_invalid_utf8_in_arguments_is_refused(home: Path) -> None:
    seed(home, "already here")
    fails("new", b"caf\xe9", home=home)
    fails("new", "x", "--title", b"\xff", home=home)
    assert entry_count(home) == 1


def test_nothing_to_write_is_refused(home: Path) -> None:
    assert "nothing to write" in fails("new", "   ", home=home)
    assert "nothing to write" in fails("new", home=home, stdin=b"")
    assert not home.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["new", "x", "--date", "2025-13-45"],
        ["new", "x", "--date", "next tuesday"],
        ["list", "--since", "yesterdayish"],
        ["list", "--until", "2025-02-30"],
    ],
)
def test_a_bad_date_is_a_mistake(home: Path, args: list[str]) -> None:
    seed(home, "first")
    assert "bad" in fails(*args, home=home)
    assert entry_count(home) == 1


def test_relative_dates(home: Path) -> None:
    data = ok("new", "x", "--date", "yesterday", "--json", home=home).json()
    assert ok("list", "--since", "yesterday", "--until", "today", "--json", home=home).json() == [data]


@pytest.mark.parametrize("command", ["show", "delete", "restore", "edit"])
def test_an_unknown_id_is_a_mistake(home: Path, command: str) -> None:
    seed(home, "only entry")
    assert "no entry" in fails(command, "0000ffff", home=home)
    assert "no entry" in fails(command, "not-hex!", home=home)


def test_an_ambiguous_id_is_a_mistake(home: Path) -> None:
    ids = seed(home, *(f"e{i}" for i in range(17)))  # 17 ids, 16 first digits: two share one
    first = [i[0] for i in ids]
    shared = next(c for c in first if first.count(c) > 1)
    assert "matches" in fails("show", shared, home=home)


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["list", "--bogus"],
        ["list", "--limit", "-1"],
        ["search"],
        ["export", "x.json", "--format", "pdf"],
        ["tag", "explode"],
    ],
)
def test_usage_errors_exit_2(home: Path, args: list[str]) -> None:
    usage_error(*args, home=home)
    assert not home.exists()


# --- a missing journal is never created by reading commands ----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["show", "abcd"],
        ["search", "anything"],
        ["tag", "list"],
        ["delete", "abcd"],
        ["empty-trash"],
        ["export", "out.json"],
        ["backup"],
        ["edit", "abcd"],
    ],
)
def test_reading_a_missing_journal_is_a_mistake_and_creates_nothing(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "typo" / "journal"
    assert "no journal" in fails(*args, home=missing)
    assert not (tmp_path / "typo").exists()
    assert not (tmp_path / "out.json").exists()


def test_a_folder_of_other_files_is_not_taken_for_a_journal(tmp_path: Path) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "cv.pdf").write_bytes(b"%PDF")
    assert "not a Trailbook journal" in fails("new", "x", home=folder)
    assert sorted(p.name for p in folder.iterdir()) == ["cv.pdf"]


# --- edit ------------------------------------------------------------------------------------------------------------


def editor(tmp_path: Path, name: str, script: str) -> str:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def test_edit_saves_what_the_editor_wrote_and_keeps_a_revision(home: Path, tmp_path: Path) -> None:
    (entry_id,) = seed(home, "# Draft\n\nfirst text")
    rewrite = editor(
        tmp_path, "rewrite.sh", 'grep -q "first text" "$1" || exit 3\nprintf "# Draft\\n\\nsecond ✓\\n" > "$1"\n'
    )
    out = ok("edit", entry_id[:6], home=home, env={"EDITOR": rewrite, "VISUAL": ""}).out
    assert "Saved" in out
    data = ok("show", entry_id, "--json", home=home).json()
    assert data["body"] == "# Draft\n\nsecond ✓\n"  # type: ignore[index]
    con = sqlite3.connect(home / "journal.db")
    try:
        assert con.execute("SELECT body FROM revisions").fetchall() == [("# Draft\n\nfirst text",)]
    finally:
        con.close()


def test_edit_with_editor_arguments_and_no_change(home: Path, tmp_path: Path) -> None:
    (entry_id,) = seed(home, "unchanged")
    out = ok("edit", entry_id, home=home, env={"VISUAL": "sh -c 'exit 0' --", "EDITOR": ""}).out
    assert "No changes" in out


@pytest.mark.parametrize(
    ("script", "words"),
    [
        ('printf "half-written" > "$1"\nexit 1\n', "status 1"),
        ("printf '\\377\\376 not utf-8' > \"$1\"\n", "UTF-8"),
        ('rm "$1"\n', "removed the file"),
        ('rm "$1" && mkdir "$1"\n', "left a folder"),
        ('rm "$1" && mkfifo "$1"\n', "left a named pipe"),  # reading it would wait forever
    ],
    ids=["editor-fails", "editor-writes-bad-bytes", "editor-deletes-the-file", "folder-instead", "pipe-instead"],
)
def test_a_failed_edit_changes_nothing(home: Path, tmp_path: Path, script: str, words: str) -> None:
    (entry_id,) = seed(home, "keep me")
    before = journal_state(home)
    line = fails("edit", entry_id, home=home, env={"EDITOR": editor(tmp_path, "bad.sh", script), "VISUAL": ""})
    assert words in line and "not changed" in line
    assert ok("show", entry_id, "--json", home=home).json()["body"] == "keep me"  # type: ignore[index]
    assert journal_state(home) == before  # no revision, no new updated time


def test_a_missing_editor_is_a_clear_mistake(home: Path, tmp_path: Path) -> None:
    (entry_id,) = seed(home, "keep me")
    assert "editor" in fails(
        "edit", entry_id, home=home, env={"EDITOR": str(tmp_path / "no-such-editor"), "VISUAL": ""}
    )


# --- search ----------------------------------------------------------------------------------------------------------


def test_search_text_and_json(home: Path) -> None:
    ok("new", "# Café notes\n\nthe espresso machine and the naïve barista", "--tag", "coffee", home=home)
    ok("new", "# Tea\n\nnothing about the other drink", home=home)
    text = ok("search", "cafe", home=home).out.splitlines()
    assert len(text) == 2 and "Café notes" in text[0] and "#coffee" in text[0]
    assert "Café" in text[1]
    hits = ok("search", "espresso", "tag:coffee", "--json", home=home).json()
    assert isinstance(hits, list) and len(hits) == 1
    (hit,) = hits
    assert set(hit) == HIT_KEYS
    assert hit["body"].startswith("# Café notes")
    assert isinstance(hit["rank"], float)
    assert all(isinstance(s, int) and isinstance(e, int) and s < e for s, e in hit["highlights"])
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["espresso"]
    assert "\x02" not in hit["snippet"] and "\x03" not in hit["snippet"]
    assert ok("search", "nothing-matches-this", "--json", home=home).json() == []
    assert "Nothing matches" in ok("search", "zzzz", home=home).out


def test_search_says_a_date_that_is_not_one_and_leaves_out_an_excluded_tag(home: Path) -> None:
    ok("new", "docker layers and deployment caching", "--tag", "mlops", "--tag", "serving", home=home)
    ok("new", "serving with fastapi", "--tag", "serving", home=home)
    assert "use YYYY-MM-DD" in fails("search", "after:2025-13-01", "serving", home=home)
    lines = ok("search", "tag:serving", "-tag:mlops", home=home).out.splitlines()
    assert "serving with fastapi" in lines[0] and not any("docker" in line for line in lines)


def test_search_with_hostile_queries_never_fails(home: Path) -> None:
    seed(home, "something")
    for query in ['"', "AND (", "NEAR(", "-", "tag:", "\x01"]:
        assert isinstance(ok("search", query, "--json", home=home).json(), list)


# --- tags ------------------------------------------------------------------------------------------------------------


def test_tag_commands(home: Path) -> None:
    ok("new", "a", "--tag", "servng", "--tag", "ml-ops", home=home)
    ok("new", "b", "--tag", "mlops", home=home)
    ok("tag", "add", "testing", "--colour", "#112233", "--description", "pytest & co", home=home)
    assert "already exists" in fails("tag", "add", "TESTING", home=home)
    assert "bad colour" in fails("tag", "add", "other", "--colour", "red", home=home)
    ok("tag", "rename", "servng", "serving", home=home)
    assert "already exists" in fails("tag", "rename", "serving", "Testing", home=home)
    ok("tag", "merge", "ml-ops", "mlops", home=home)
    assert "merge needs" in fails("tag", "merge", "alone", home=home)
    listing = ok("tag", "list", "--json", home=home).json()
    assert listing == [
        {"name": "mlops", "colour": listing[0]["colour"], "description": "", "entries": 2},  # type: ignore[index]
        {"name": "serving", "colour": listing[1]["colour"], "description": "", "entries": 1},  # type: ignore[index]
        {"name": "testing", "colour": "#112233", "description": "pytest & co", "entries": 0},
    ]
    assert ok("tag", "--json", home=home).json() == listing
    text = ok("tag", home=home).out.splitlines()
    assert [line.split()[0] for line in text] == ["mlops", "serving", "testing"]
    out = ok("tag", "delete", "mlops", home=home).out
    assert "2 entries untagged" in out
    assert entry_count(home) == 2
    assert "no skill area" in fails("tag", "delete", "mlops", home=home)


def test_tag_list_on_a_journal_without_tags(home: Path) -> None:
    seed(home, "x")
    assert "No skill areas" in ok("tag", home=home).out
    assert ok("tag", "list", "--json", home=home).json() == []


# --- trash -----------------------------------------------------------------------------------------------------------


def test_delete_restore_and_empty_trash(home: Path) -> None:
    keep, gone = seed(home, "keep", "gone")
    assert "trailbook restore" in ok("delete", gone[:8], home=home).out
    assert [e["id"] for e in ok("list", "--json", home=home).json()] == [keep]  # type: ignore[index,union-attr]
    assert [e["id"] for e in ok("list", "--trash", "--json", home=home).json()] == [gone]  # type: ignore[index,union-attr]
    assert ok("list", "--trash", "--json", home=home).json()[0]["deleted"] is not None  # type: ignore[index]
    ok("restore", gone, home=home)
    assert "The trash is empty" in ok("list", "--trash", home=home).out
    ok("delete", gone, home=home)
    assert "Deleted 1 entry" in ok("empty-trash", home=home).out
    assert "already empty" in ok("empty-trash", home=home).out
    fails("show", gone, home=home)
    assert entry_count(home) == 1


def test_list_limits_and_says_how_many_more(home: Path) -> None:
    with open_journal(home) as journal:
        for i in range(5):
            create_entry(journal, f"entry {i}", day=dt.date(2025, 1, i + 1))
    lines = ok("list", "--limit", "2", home=home).out.splitlines()
    assert len(lines) == 3 and "3 more" in lines[-1]
    assert len(ok("list", "--limit", "0", "--json", home=home).json()) == 5  # type: ignore[arg-type]
    assert "No entries yet" in ok("list", "--tag", "nothing", home=home).out


# --- import, export, backup, check -----------------------------------------------------------------------------------


def test_export_then_import_through_the_command_line(home: Path, tmp_path: Path) -> None:
    with open_journal(home) as journal:
        create_entry(journal, "# One\n\nfirst 👍🏽", tags=["x"])
        create_entry(journal, "# Two\n\nsecond", private=True)
    assert "Exported 2 entries" in ok("export", str(tmp_path / "all.json"), home=home).out
    assert "Exported 2 entries" in ok("export", str(tmp_path / "md"), home=home).out
    assert len(list((tmp_path / "md").glob("*.md"))) == 2
    other = tmp_path / "other"
    report = ok("import", str(tmp_path / "all.json"), "--json", home=other).json()
    items = report.pop("items")  # type: ignore[union-attr]
    assert report == {
        "added": 2,
        "updated": 0,
        "unchanged": 0,
        "tags_added": 1,
        "revisions_added": 0,
        "skipped": [],
        "repaired": [],
        "tool": "trailbook",
        "dry_run": False,
        "attachments_added": 0,
    }
    assert [(i["source"], i["status"]) for i in items] == [  # type: ignore[index]
        (f"{tmp_path / 'all.json'}: entries[{n}]", "imported") for n in range(2)
    ]
    assert "0 added, 0 updated, 2 unchanged" in ok("import", str(tmp_path / "md"), home=other).out
    piped = ok("import", "-", home=tmp_path / "third", stdin=(tmp_path / "all.json").read_bytes()).out
    assert "2 added" in piped
    ok("export", str(tmp_path / "again.json"), home=other)
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "all.json").read_bytes()


def test_import_mistakes(home: Path, tmp_path: Path) -> None:
    seed(home, "existing")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"entries": [{"body": "caf\xe9", "date": "2025-01-01"}]}')
    line = fails("import", str(bad), home=home)
    assert str(bad) in line and "UTF-8" in line
    broken = tmp_path / "broken.json"
    broken.write_text('{"entries": [\n  {"body": }\n]}', encoding="utf-8")
    assert "line 2, column 12" in fails("import", str(broken), home=home)
    assert "standard input" in fails("import", "-", home=home, stdin=b"\xff")
    assert "no such file" in fails("import", str(tmp_path / "missing.json"), home=home)
    assert "use --format json" in fails("import", "-", "--format", "markdown", home=home)
    assert entry_count(home) == 1


def test_import_reports_skipped_entries_on_stderr(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "mixed.json"
    source.write_text(json.dumps([{"body": "good", "date": "2025-01-01"}, {"date": "2025-01-01"}]), encoding="utf-8")
    result = cli("import", str(source), home=home)
    assert result.code == 0 and "1 added" in result.out
    assert result.err.splitlines() == [f"trailbook: skipped {source}: entries[1]: body is missing"]
    only_bad = tmp_path / "bad-only.json"
    only_bad.write_text(json.dumps([{"date": "2025-01-01"}]), encoding="utf-8")
    assert cli("import", str(only_bad), home=home).code == 1  # nothing usable


def test_export_refuses_unsafe_targets(home: Path, tmp_path: Path) -> None:
    seed(home, "x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "mine.txt").write_text("mine", encoding="utf-8")
    assert "not empty" in fails("export", str(tmp_path / "folder"), home=home)
    assert "is a folder" in fails("export", str(tmp_path / "folder"), "--format", "json", home=home)
    assert "give a path" in fails("export", "-", home=home)
    assert (tmp_path / "folder" / "mine.txt").read_text(encoding="utf-8") == "mine"


def test_backup_and_check(home: Path) -> None:
    seed(home, "x")
    out = ok("backup", home=home).out
    backup = Path(out.strip().removeprefix("Backed up to ").removesuffix("."))
    assert backup.is_file() and backup.parent == home / "backups"
    assert "healthy" in ok("check", home=home).out


def test_a_damaged_journal_is_a_clear_mistake(home: Path) -> None:
    seed(home, "the first entry")
    con = sqlite3.connect(home / "journal.db")
    con.executemany(
        "INSERT INTO entries(uuid, title, day, created, updated, body) VALUES (?, 't', '2025-01-01', "
        "'2025-01-01T00:00:00.000000+00:00', '2025-01-01T00:00:00.000000+00:00', ?)",
        [(f"00000000-0000-4000-8000-{i:012d}", "lorem ipsum " * 200) for i in range(200)],
    )
    con.commit()
    con.close()
    backup = Path(ok("backup", home=home).out.strip().removeprefix("Backed up to ").removesuffix("."))
    db = home / "journal.db"
    data = bytearray(db.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 3, 2 * pages // 3):
        data[page * 4096 : (page + 1) * 4096] = b"\xa5" * 4096
    db.write_bytes(bytes(data))
    for args in (["check"], ["list", "--limit", "0"], ["export", str(home.parent / "out.json")]):
        line = fails(*args, home=home)
        assert str(db) in line and "damaged" in line and str(backup) in line
    assert db.read_bytes() == bytes(data)


def test_output_cut_short_by_the_reader_is_not_an_error(home: Path) -> None:
    seed(home, "x")
    con = sqlite3.connect(home / "journal.db")
    con.executemany(
        "INSERT INTO entries(uuid, title, day, created, updated, body) VALUES (?, 'many', '2025-01-01', "
        "'2025-01-01T00:00:00.000000+00:00', '2025-01-01T00:00:00.000000+00:00', 'b')",
        [(f"00000000-0000-4000-8000-{i:012d}",) for i in range(3000)],
    )
    con.commit()
    con.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "journal", "list", "--limit", "0", "--home", str(home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `trailbook list | head -1`
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0
    assert err == ""


# --- numbers on the command line: one shared type, a usage error naming the option and the range ---------------------


@pytest.mark.parametrize(
    ("command", "value", "low"),
    [
        (["search", "spot"], "99999999999999999999", 1),  # past SQLite's 64-bit integers
        (["search", "spot"], "9" * 5000, 1),  # past Python's int max str digits
        (["search", "spot"], "-3", 1),
        (["search", "spot"], "0", 1),  # at most 0 results means nothing
        (["search", "spot"], "ten", 1),
        (["search", "spot"], "1.5", 1),
        (["list"], "99999999999999999999", 0),
        (["list"], "-1", 0),
        (["list"], "1000001", 0),
    ],
)
def test_integer_options_out_of_range_are_usage_errors(home: Path, command: list[str], value: str, low: int) -> None:
    from journal.cli.parser import MAX_NUMBER

    seed(home, "x marks the spot")
    before = journal_state(home)
    err = usage_error(*command, "--limit", value, home=home)
    last = err.splitlines()[-1]
    assert f"argument --limit: expected a whole number from {low} to {MAX_NUMBER}, got " in last
    assert len(last) < 200
    assert journal_state(home) == before


def test_integer_options_at_the_ends_of_their_range_work(home: Path) -> None:
    from journal.cli.parser import MAX_NUMBER

    seed(home, "x marks the spot")
    assert len(ok("search", "spot", "--limit", str(MAX_NUMBER), "--json", home=home).json()) == 1  # type: ignore[arg-type]
    assert len(ok("search", "spot", "--limit", "1", "--json", home=home).json()) == 1  # type: ignore[arg-type]
    assert len(ok("list", "--limit", str(MAX_NUMBER), "--json", home=home).json()) == 1  # type: ignore[arg-type]


def test_every_integer_option_uses_the_shared_whole_number_type() -> None:
    import argparse

    from journal.cli.parser import WholeNumber, build_parser

    def actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
        found = list(parser._actions)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found += actions(sub)
        return found

    every = actions(build_parser())
    numeric = [a for a in every if isinstance(a.default, int) and not isinstance(a.default, bool)]
    assert {"--limit"} <= {opt for a in numeric for opt in a.option_strings}
    assert all(isinstance(a.type, WholeNumber) for a in numeric), [a.option_strings for a in numeric]
    assert not [a.option_strings for a in every if a.type in (int, float)]


# --- imports that cannot be parsed, or hold one bad field: a message or a skip, never a traceback --------------------


def test_a_json_file_that_cannot_be_parsed_is_refused_whole(home: Path, tmp_path: Path) -> None:
    seed(home, "already here")
    before = journal_state(home)
    deep = tmp_path / "deep.json"
    good = '{"body": "never imported", "date": "2025-01-01"}'
    deep.write_text('{"entries": [' + good + ", " + "[" * 100_000 + "]" * 100_000 + "]}", encoding="utf-8")
    line = fails("import", str(deep), home=home)
    assert str(deep) in line and "nested too deeply" in line
    huge = tmp_path / "huge-version.json"
    huge.write_text('{"version": ' + "9" * 5000 + ', "entries": [' + good + "]}", encoding="utf-8")
    line = fails("import", str(huge), "--json", home=home)
    assert str(huge) in line and "5000 digits" in line and "newer" in line
    assert journal_state(home) == before


def test_one_bad_field_skips_only_its_entry_and_the_report_says_why(home: Path, tmp_path: Path) -> None:
    kept = "0a1b2c3d-0000-4000-8000-000000000001"
    doc = {
        "tags": [{"name": "bad,tag"}, {"name": "fine", "colour": "#zzzzzz"}],
        "entries": [
            {"id": kept, "body": "kept one", "date": "2025-01-01", "tags": ["fine"]},
            {"body": "bad tag", "date": "2025-01-02", "tags": ["has,comma"]},
            {"body": "lone \ud800 surrogate", "date": "2025-01-03"},
            {"body": "huge number", "date": "2025-01-04", "summary": "HUGE"},
            {"body": "kept two", "date": "2025-01-05"},
        ],
        "revisions": [
            {"entry": kept, "saved_at": "2024-12-31T00:00:00Z", "body": "old \udfff text"},
            {"entry": kept, "saved_at": "2024-12-30T00:00:00Z", "body": "older text"},
        ],
    }
    source = tmp_path / "mixed.json"
    text = json.dumps(doc).replace('"HUGE"', "7" * 5000)  # ensure_ascii writes the lone surrogates as \uXXXX
    source.write_text(text, encoding="utf-8")
    result = cli("import", str(source), "--json", home=home)
    assert result.code == 0, result.err
    report = result.json()
    assert (report["added"], report["revisions_added"], report["tags_added"]) == (2, 1, 1)  # type: ignore[index]
    reasons = {item["source"].removeprefix(f"{source}: "): item["reason"] for item in report["skipped"]}  # type: ignore[index]
    assert list(reasons) == ["entries[1]", "entries[2]", "entries[3]", "tags[0]", "revisions[0]"]
    assert "comma" in reasons["entries[1]"] and "comma" in reasons["tags[0]"]
    assert "lone surrogate U+D800" in reasons["entries[2]"] and "body" in reasons["entries[2]"]
    assert "summary" in reasons["entries[3]"] and "5000 digits" in reasons["entries[3]"]
    assert "lone surrogate U+DFFF" in reasons["revisions[0]"]
    assert result.err.splitlines() == [f"trailbook: skipped {source}: {k}: {v}" for k, v in reasons.items()]
    listed = ok("list", "--json", home=home).json()
    assert sorted(e["body"] for e in listed) == ["kept one", "kept two"]  # type: ignore[index,union-attr]
    tags = ok("tag", "list", "--json", home=home).json()
    assert [(t["name"], t["colour"] != "#zzzzzz") for t in tags] == [("fine", True)]  # type: ignore[index,union-attr]
    ok("export", str(tmp_path / "again.json"), home=home)  # nothing unwritable got in


def test_special_files_in_an_import_folder_are_skipped_and_never_opened(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2025-01-01-good.md").write_text("# Good\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.md")  # opening it for reading would wait for a writer forever
    monkeypatch.chdir(folder)  # a socket's path must be short: bind it by its relative name
    listener = socket.socket(socket.AF_UNIX)
    listener.bind("socket.md")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n", encoding="utf-8")
    (folder / "link-out.md").symlink_to(outside / "secret.md")
    (folder / "folder-out").symlink_to(outside)
    (folder / "dangling.md").symlink_to(folder / "gone.md")
    try:
        result = cli("import", str(folder), "--json", home=home)  # cli() times out: a hang fails the test
    finally:
        listener.close()
    assert result.code == 0, result.err
    reasons = {item["source"]: item["reason"] for item in result.json()["skipped"]}  # type: ignore[index]
    assert set(reasons) == {"pipe.md", "socket.md", "link-out.md", "folder-out", "dangling.md"}
    assert "named pipe" in reasons["pipe.md"] and "not opened" in reasons["pipe.md"]
    assert "socket" in reasons["socket.md"]
    assert "outside" in reasons["link-out.md"] and "outside" in reasons["folder-out"]
    assert "missing" in reasons["dangling.md"]
    assert [e["title"] for e in ok("list", "--json", home=home).json()] == ["Good"]  # type: ignore[index,union-attr]


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_a_device_named_as_the_import_is_refused_unopened(home: Path, fmt: str) -> None:
    seed(home, "already here")
    before = journal_state(home)
    for device in ("/dev/zero", "/dev/null"):  # reading /dev/zero would never end
        line = fails("import", device, "--format", fmt, home=home)
        assert device in line and "character device" in line
    assert journal_state(home) == before


def test_a_pipe_the_person_names_is_read(home: Path) -> None:
    """bash's <(command) hands over a named pipe: the person chose it, so it is read (only pipes found inside a folder
    are skipped)."""
    command = f'{sys.executable} -m journal import <(printf "# From a pipe\\n") --home "$1"'
    proc = subprocess.run(["bash", "-c", command, "bash", str(home)], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert [e["title"] for e in ok("list", "--json", home=home).json()] == ["From a pipe"]  # type: ignore[index,union-attr]


def test_file_names_that_are_not_utf8_still_import_and_report(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "old-notes"
    folder.mkdir()
    raw = os.fsencode(folder)
    with open(raw + b"/caf\xe9 note.md", "wb") as handle:  # a Latin-1 name from an old archive
        handle.write("# Café note\n".encode())
    with open(raw + b"/caf\xe9 broken.md", "wb") as handle:
        handle.write(b"caf\xe9 in latin-1 too")
    result = cli("import", str(folder), "--json", home=home)
    assert result.code == 0, result.err
    report = result.json()
    assert report["added"] == 1  # type: ignore[index]
    assert report["skipped"] == [  # type: ignore[index]
        {"source": "caf\\xe9 broken.md", "reason": "not valid UTF-8 (byte 0xe9 at offset 3)"}
    ]
    assert [e["title"] for e in ok("list", "--json", home=home).json()] == ["Café note"]  # type: ignore[index,union-attr]


def test_a_yaml_alias_bomb_in_front_matter_is_skipped_quickly(home: Path, tmp_path: Path) -> None:
    """Nine aliases of nine aliases, 30 deep: 9**30 strings if anything expanded it (as a message built by repr)."""
    lines = ["---", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 30)]
    folder = tmp_path / "bombs"
    folder.mkdir()
    for key in ("title", "tags", "date", "created", "private", "draft"):
        (folder / f"{key}.md").write_text("\n".join([*lines, f"{key}: *a29", "---", "body"]), encoding="utf-8")
    (folder / "fine.md").write_text("# Fine\n", encoding="utf-8")
    result = cli("import", str(folder), home=home)  # cli() times out
    assert result.code == 0 and "1 added" in result.out
    skipped = result.err.splitlines()
    assert len(skipped) == 6 and all(len(line) < 250 for line in skipped), skipped


def test_search_takes_words_that_look_like_options(home: Path) -> None:
    ok("new", "serving with huggingface and docker", "--tag", "serving", home=home)
    ok("new", "serving with fastapi", "--tag", "serving", home=home)
    assert "fastapi" in ok("search", "serving", "-docker", home=home).out
    assert "docker" not in ok("search", "serving", "-docker", home=home).out
    assert "fastapi" in ok("search", "-huggingface", "serving", "--limit", "5", home=home).out  # not -h uggingface
    assert "usage: trailbook search" in ok("search", "-h", home=home).out
    assert cli("search", "serving", "--limt", "3", home=home).code == 2  # an unknown option is still an error
    assert cli("search", home=home).code == 2


def test_an_empty_home_is_refused_not_the_default_journal(home: Path) -> None:
    for empty in ("", "  "):
        assert fails("new", "x", "--home", empty) == "trailbook: error: --home needs a folder, e.g. --home ~/Journal"


def test_a_home_that_is_a_file_is_said_so(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n", encoding="utf-8")
    said = f"trailbook: error: {a_file} is a file, not a folder; pass --home with the folder that holds the journal"
    for args in (("new", "x"), ("list",)):
        for home in (a_file, a_file / "journal"):
            assert fails(*args, home=home) == said
    assert a_file.read_text(encoding="utf-8") == "mine\n"


def test_new_names_the_roadmap_area_a_new_tag_is_likely_meant_to_be(home: Path) -> None:
    made = cli("new", "partitioned tables", "--tag", "data-infrastructure", "--tag", "servng", "--tag", "cloud",
               home=home)  # fmt: skip
    assert made.code == 0 and len(made.out.split()) == 1  # standard output: the id alone, as scripts read it
    assert made.err.splitlines() == [
        "trailbook: note: “data-infrastructure” is a new skill area; the roadmap's is “data-infra” (--tag data-infra)",
        "trailbook: note: “servng” is a new skill area; the roadmap's is “serving” (--tag serving)",
    ]
    again = cli("new", "more", "--tag", "data-infrastructure", "--tag", "my-own-area", home=home)
    assert again.code == 0 and again.err == ""  # a tag that exists, or one far from every area: nothing to say
