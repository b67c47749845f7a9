"""Publishing end to end with real git: a bare repository on disk is the remote, a second clone plays "another
machine", and HOME is an empty folder (no ~/.gitconfig, no identity): the blog's own identity must do."""

from __future__ import annotations

import os
import struct
import subprocess
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import pytest

from journal.attachments import store_attachment
from journal.db import Journal
from journal.entries import Entry, create_entry
from journal.jobs import run
from journal.publish import service
from journal.publish.blogs import Blog, new_blog

from .keyring_backends import FakeKeyring

OTHER = {
    "GIT_AUTHOR_NAME": "Other Machine",
    "GIT_AUTHOR_EMAIL": "other@example.com",
    "GIT_COMMITTER_NAME": "Other Machine",
    "GIT_COMMITTER_EMAIL": "other@example.com",
}


def png_bytes(width: int = 64, height: int = 40, rgb: tuple[int, int, int] = (47, 111, 222), seed: int = 0) -> bytes:
    """A small valid PNG; ``seed`` makes different bytes for different images."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            row += bytes((c + x + y + seed) % 256 for c in rgb)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def git(cwd: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    """Run git as the person (or ``env``'s identity) would, outside Trailbook."""
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def snapshot(repo: Path) -> dict[str, object]:
    """Everything about a work tree a publish must leave as it was: HEAD, branch, index, status and file bytes."""
    files = {}
    for path in sorted(repo.rglob("*")):
        if ".git" in path.relative_to(repo).parts or not path.is_file():
            continue
        files[path.relative_to(repo).as_posix()] = path.read_bytes()
    return {
        "head": git(repo, "rev-parse", "HEAD").strip(),
        "branch": git(repo, "symbolic-ref", "-q", "HEAD", check=False).strip(),
        "status": git(repo, "status", "--porcelain=v1", "--untracked-files=all"),
        "staged": git(repo, "diff", "--cached", "--name-status"),
        "files": files,
    }


@contextmanager
def zone_given_back() -> Iterator[None]:
    """Put the C library's time zone back once a ``TZ`` change is undone (enter it before the monkeypatch that sets
    ``TZ``). ``monkeypatch`` restores the variable but not what ``time.tzset()`` read from it: without this, every
    later test of the session runs in Europe/Paris while ``TZ`` says otherwise, so ``astimezone()`` and
    ``journal.publish.posts.local_zone_name`` disagree, and what a test sees depends on which tests ran before it."""
    try:
        yield
    finally:
        time.tzset()


@pytest.fixture
def _zone_back() -> Iterator[None]:
    """Torn down after ``monkeypatch`` (set up before it): see ``zone_given_back``."""
    with zone_given_back():
        yield


@pytest.fixture(autouse=True)
def bare_git_environment(
    _zone_back: None, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No global git config or identity anywhere, and a fixed time zone with a non-zero offset."""
    home = tmp_path_factory.mktemp("empty-home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_SSH_COMMAND",
        "GIT_ASKPASS",
        "SSH_ASKPASS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()


@dataclass
class World:
    """A journal, a blog made with "New blog…", its bare remote, and (on demand) another machine's clone."""

    journal: Journal
    tmp: Path
    remote: Path
    blog: Blog
    _other: Path | None = None
    images: dict[str, str] = field(default_factory=dict)

    @property
    def repo(self) -> Path:
        return self.blog.path

    def other(self) -> Path:
        """A second clone, up to date with the remote (plays "another machine")."""
        if self._other is None:
            self._other = self.tmp / "other-machine"
            git(self.tmp, "clone", "-q", "-b", self.blog.branch, str(self.remote), str(self._other))
        else:
            git(self._other, "pull", "-q", "--ff-only", env=OTHER)
        return self._other

    def push_from_other(self, rel: str, text: str, message: str = "Edit from another machine") -> str:
        other = self.other()
        target = other / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        git(other, "add", "--", rel)
        git(other, "commit", "-q", "-m", message, env=OTHER)
        git(other, "push", "-q", "origin", self.blog.branch, env=OTHER)
        return git(other, "rev-parse", "HEAD").strip()

    def image(self, seed: int = 0) -> str:
        return store_attachment(self.journal, png_bytes(seed=seed), ".png")

    def entry(self, title: str = "Serving a model", body: str | None = None, **kw: object) -> Entry:
        if body is None:
            body = f"# {title}\n\nBatching trades latency for throughput.\n\n![plot]({self.image()})\n"
        kw.setdefault("tags", ["serving"])
        kw.setdefault("summary", "What batching did to p99.")
        return create_entry(self.journal, body, title=title, **kw)  # type: ignore[arg-type]

    def publish(self, *entries: Entry, push: bool = True, **kw: object) -> service.PublishResult:
        return run(service.publish(self.journal, self.blog.name, [e.id for e in entries], push=push, **kw))  # type: ignore[arg-type]

    def unpublish(self, *entries: Entry, push: bool = True) -> service.PublishResult:
        return run(service.unpublish(self.journal, self.blog.name, [e.id for e in entries], push=push))

    def remote_files(self) -> set[str]:
        out = git(self.remote, "ls-tree", "-r", "--name-only", self.blog.branch)
        return set(out.split())

    def remote_head(self) -> str:
        return git(self.remote, "rev-parse", "-q", "--verify", self.blog.branch, check=False).strip()


def make_world(journal: Journal, tmp: Path, kind: str = "hugo", **kw: object) -> World:
    remote = tmp / "remote.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(remote))
    blog = new_blog(
        journal,
        f"{kind}-blog",
        tmp / f"{kind}-blog",
        kind,
        remote_url=str(remote),
        title="Ana's notes",
        author_name="Ana Lima",
        author_email="ana@example.com",
        **kw,
    )  # type: ignore[arg-type]
    return World(journal, tmp, remote, blog)


@pytest.fixture
def world(journal: Journal, tmp_path: Path) -> Iterator[World]:
    yield make_world(journal, tmp_path)


# --- tokens ---------------------------------------------------------------------------------------------------------
TOKEN = "ghp_TESTTOKEN0123456789abcdefSECRET"


@pytest.fixture
def fake_keyring() -> Iterator[FakeKeyring]:
    """A working keyring for this test (the OS keychain cannot run here); nothing is left in memory after it."""
    from journal.publish import credentials

    previous = keyring.get_keyring()
    backend = FakeKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
    credentials._memory.clear()


def assert_token_nowhere(world: World, message: str, caplog: pytest.LogCaptureFixture) -> None:
    """The token is in none of the places it must never reach."""
    assert TOKEN not in message
    assert TOKEN not in git(world.repo, "remote", "get-url", "origin")
    assert TOKEN not in (world.repo / ".git" / "config").read_text(encoding="utf-8")
    home = world.journal.paths.home
    for path in home.rglob("*"):  # journal.db, its -wal, settings.json, logs
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path
    assert TOKEN not in caplog.text
    assert TOKEN not in git(world.repo, "log", "-p", "--all")
    for name in (".git-credentials", ".config/git/credentials"):
        credential_store = Path.home() / name
        assert not credential_store.exists() or TOKEN not in credential_store.read_text(encoding="utf-8")
    # Nothing of the token in any object of the repository either.
    objects = git(world.repo, "cat-file", "--batch-all-objects", "--batch-check")
    assert TOKEN not in objects
