"""``trailbook blog login NAME`` as a real process: with no keyring that keeps the token it fails (exit 1, one line
saying how to get a keyring) and nothing is stored; with a working keyring the token is stored and the next
command, another process, logs in with it. The keyring backends are chosen with ``PYTHON_KEYRING_BACKEND``
(keyring's own fail and null backends, and the test backends in ``keyring_backends``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal.publish import credentials

from .conftest import TOKEN, git
from .http_git import GitHttpServer
from .keyring_backends import FILE_VARIABLE

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent


def trailbook(
    home: Path, *args: str, backend: str, keyring_file: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": backend,
        "PYTHONPATH": os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH", "")) if p),
        FILE_VARIABLE: str(keyring_file),
    }
    return subprocess.run(
        [sys.executable, "-m", "journal", "--home", str(home), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.fixture
def blog(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A journal with one entry and a Hugo blog whose bare remote is served over HTTP by the tests."""
    from journal.db import open_journal
    from journal.entries import create_entry
    from journal.publish.blogs import new_blog

    home, remote = tmp_path / "home", tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(remote, "config", "http.receivepack", "true")
    with open_journal(home) as journal:
        new_blog(journal, "notes", tmp_path / "blog", "hugo", author_name="Ana", author_email="ana@example.com")
        create_entry(journal, "# Batching\n\nIt halves p99.\n", title="Batching")
    return home, remote, tmp_path / "keyring.json"


@pytest.mark.parametrize(
    ("backend", "says"),
    [
        ("keyring.backends.fail.Keyring", "no system keyring is available, so the token was not stored"),
        ("keyring.backends.null.Keyring", "no system keyring is available, so the token was not stored"),
        ("keyring_backends.LockedKeyring", "did not keep the token (the login collection is locked)"),
        ("keyring_backends.ForgetfulKeyring", "did not keep the token (it accepted the token but did not give it"),
    ],
)
def test_without_a_keyring_that_keeps_it_login_fails_and_says_how_to_get_one(
    blog: tuple[Path, Path, Path], backend: str, says: str
) -> None:
    home, _remote, keyring_file = blog
    run = trailbook(home, "blog", "login", "notes", backend=backend, keyring_file=keyring_file, stdin=TOKEN + "\n")
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("trailbook: error: ") and run.stderr.count("\n") == 1
    assert says in run.stderr
    assert "GNOME Keyring or KWallet" in run.stderr and "pip install keyrings.alt" in run.stderr
    assert "trailbook blog login notes" in run.stderr
    assert "stored in" not in run.stdout + run.stderr and TOKEN not in run.stdout + run.stderr
    assert not keyring_file.exists()  # the test backends keep nothing on disk


def test_with_a_keyring_the_token_is_stored_for_the_next_command(blog: tuple[Path, Path, Path]) -> None:
    home, remote, keyring_file = blog
    backend = "keyring_backends.FileKeyring"
    run = trailbook(home, "blog", "login", "notes", backend=backend, keyring_file=keyring_file, stdin=TOKEN + "\n")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("the token is stored in the system keyring (") and TOKEN not in run.stdout
    assert json.loads(keyring_file.read_text(encoding="utf-8")) == {f"{credentials.SERVICE}/blog:notes": TOKEN}
    entry_id = json.loads(trailbook(home, "list", "--json", backend=backend, keyring_file=keyring_file).stdout)[0]["id"]
    with GitHttpServer(remote.parent, login=f"{credentials.TOKEN_USERNAME}:{TOKEN}") as server:
        git(home.parent / "blog", "remote", "add", "origin", f"{server.origin}/{remote.name}")
        run = trailbook(home, "publish", entry_id, "--to", "notes", backend=backend, keyring_file=keyring_file)
    assert run.returncode == 0, run.stderr
    assert "pushed" in run.stdout and TOKEN not in run.stdout + run.stderr
    assert f"{credentials.TOKEN_USERNAME}:{TOKEN}" in server.logins()
    assert "content/posts/batching/index.md" in git(remote, "ls-tree", "-r", "--name-only", "main")
