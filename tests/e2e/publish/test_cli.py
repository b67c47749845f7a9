"""The publishing command line, as the contract in issue 5 spells it: exit 0 on success, 1 with one line on stderr for
any refusal or git failure, and ``--json`` naming the commit and the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal.cli import main

from .conftest import git


def cli(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def setup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, Path]:
    home = tmp_path / "home"
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    code, _out, err = cli(capsys, home, "new", "Batching cut p99 in half.", "--title", "Batching", "--tag", "serving")
    assert code == 0, err
    return home, remote, tmp_path


def test_the_whole_flow(setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    home, remote, tmp = setup
    entry_id = json.loads(cli(capsys, home, "list", "--json")[1])[0]["id"]
    code, out, err = cli(
        capsys,
        home,
        "blog",
        "new",
        "notes",
        "--path",
        str(tmp / "blog"),
        "--kind",
        "hugo",
        "--remote",
        str(remote),
        "--title",
        "Ana's notes",
        "--base-url",
        "https://ana.github.io/notes/",
    )
    assert code == 0, err
    code, out, _ = cli(capsys, home, "blog", "list", "--json")
    (blog,) = json.loads(out)
    assert blog["name"] == "notes" and blog["kind"] == "hugo" and blog["base_url"] == "https://ana.github.io/notes/"
    assert blog["remote_url"] == str(remote)

    code, out, _ = cli(capsys, home, "publish", entry_id[:8], "--to", "notes", "--dry-run", "--json")
    plan = json.loads(out)
    assert code == 0 and plan["dry_run"] and plan["commit"] is None
    assert plan["posts"][0]["status"] == "new" and plan["files"] == ["content/posts/batching/index.md"]
    assert git(tmp / "blog", "status", "--porcelain") == ""  # the dry run wrote nothing

    code, out, err = cli(capsys, home, "publish", entry_id, "--to", "notes", "--json", "--message", "First post")
    result = json.loads(out)
    assert code == 0, err
    assert result["commit"] == git(remote, "rev-parse", "main").strip() and result["pushed"]
    assert result["files"] == ["content/posts/batching/index.md"]
    assert result["posts"][0]["url"] == "https://ana.github.io/notes/posts/batching/"
    assert git(remote, "log", "-1", "--format=%s", "main") == "First post\n"

    code, out, _ = cli(capsys, home, "published", "--json")
    (row,) = json.loads(out)
    assert row["id"] == entry_id and row["blog"] == "notes" and not row["changed_since"] and row["pushed"]
    code, out, _ = cli(capsys, home, "published")
    assert "Batching" in out and "changed since" not in out

    from journal.db import open_journal
    from journal.entries import update_entry

    with open_journal(home) as journal:
        update_entry(journal, entry_id, body="Batching cut p99 by 60%.")
    assert "changed since published" in cli(capsys, home, "published")[1]

    code, out, err = cli(capsys, home, "unpublish", entry_id, "--from", "notes")
    assert code == 0, err and "Unpublished" in out
    assert "content/posts/batching/index.md" not in git(remote, "ls-tree", "-r", "--name-only", "main")
    assert json.loads(cli(capsys, home, "published", "--json")[1]) == []

    code, out, err = cli(capsys, home, "blog", "remove", "notes")
    assert code == 0 and (tmp / "blog" / "hugo.yaml").is_file()


def test_refusals_exit_1_with_one_line(setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    home, remote, tmp = setup
    code, out, err = cli(capsys, home, "new", "My salary", "--private")
    secret = out.strip()
    assert (
        cli(capsys, home, "blog", "new", "b", "--path", str(tmp / "b"), "--kind", "jekyll", "--remote", str(remote))[0]
        == 0
    )

    code, out, err = cli(capsys, home, "publish", secret, "--to", "b")
    assert code == 1 and err.count("\n") == 1 and "private" in err and err.startswith("trailbook: error: ")
    code, out, err = cli(capsys, home, "publish", secret, "--to", "b", "--json")
    assert code == 1 and json.loads(out) == {
        "ok": False,
        "error": "private",
        "message": err.strip().removeprefix("trailbook: error: "),
    }
    code, out, err = cli(capsys, home, "publish", secret, "--to", "nope")
    assert code == 1 and "no blog named 'nope'" in err
    code, out, err = cli(capsys, home, "blog", "new", "b", "--path", str(tmp / "c"), "--kind", "hugo")
    assert code == 1 and "already exists" in err
    code, out, err = cli(capsys, home, "blog", "add", "x", "--path", str(tmp))
    assert code == 1 and "holds the journal's files" in err  # a blog around the journal could publish the database
    (tmp / "plain").mkdir()
    code, out, err = cli(capsys, home, "blog", "add", "x", "--path", str(tmp / "plain"))
    assert code == 1 and "not a git repository" in err
    git(tmp / "b", "checkout", "-q", "--detach")
    public = json.loads(cli(capsys, home, "list", "--json")[1])
    public_id = next(e["id"] for e in public if not e["private"])
    code, out, err = cli(capsys, home, "publish", public_id, "--to", "b")
    assert code == 1 and "detached HEAD" in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as usage:
        cli(capsys, home, "publish", public_id, "--to", "b", "--wat")
    assert usage.value.code == 2  # a usage error, from argparse


def test_blog_add_detects_an_existing_clone(setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    home, remote, tmp = setup
    assert (
        cli(
            capsys,
            home,
            "blog",
            "new",
            "made",
            "--path",
            str(tmp / "made"),
            "--kind",
            "jekyll",
            "--remote",
            str(remote),
        )[0]
        == 0
    )
    git(tmp / "made", "push", "-q", "origin", "main")
    git(tmp, "clone", "-q", str(remote), str(tmp / "clone"))
    before = git(tmp / "clone", "status", "--porcelain", "--ignored")
    code, _out, err = cli(capsys, home, "blog", "add", "mine", "--path", str(tmp / "clone"))
    assert code == 0, err
    blogs = {b["name"]: b for b in json.loads(cli(capsys, home, "blog", "list", "--json")[1])}
    assert blogs["mine"]["kind"] == "jekyll" and blogs["mine"]["content_dir"] == "_posts"
    assert blogs["mine"]["branch"] == "main"
    assert git(tmp / "clone", "status", "--porcelain", "--ignored") == before  # nothing written
