"""The git layer (GitPython's ``Repo`` for reading state, its command runner for commands) keeps what the command
line flow guaranteed: a network call that hangs is stopped at its timeout with every helper git started, an
inherited ``GIT_DIR`` never sends a publish into another repository, and state is read from the ref files as git
itself would read them (packed refs, a detached HEAD, an unborn branch)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal.publish import gitops
from journal.publish.gitops import Git
from journal.publish.messages import PublishError

from .conftest import World, git, snapshot


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never answers: git waits on it until something stops it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    stop.set()
    thread.join(timeout=5)
    for conn in held:
        conn.close()
    server.close()


def _processes_naming(text: str) -> list[str]:
    """Command lines of this machine's processes that contain ``text`` (git and its remote helpers name the URL)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(cmdline)
    return found


def test_a_remote_that_never_answers_times_out_and_leaves_nothing_running(
    world: World, silent_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{silent_server}/ana/blog.git"
    git(world.repo, "remote", "set-url", "origin", url)
    monkeypatch.setattr(gitops, "NETWORK_TIMEOUT_S", 2.0)
    entry = world.entry()
    before = snapshot(world.repo)
    started = time.monotonic()
    with pytest.raises(PublishError) as caught:
        world.publish(entry)
    elapsed = time.monotonic() - started
    assert caught.value.code == "timeout"
    assert f"127.0.0.1:{silent_server}" in caught.value.message
    assert 2.0 <= elapsed < 20, elapsed
    assert _processes_naming(f"127.0.0.1:{silent_server}") == []  # git and git-remote-http were both stopped
    assert snapshot(world.repo) == before
    git(world.repo, "remote", "set-url", "origin", str(world.remote))
    assert world.publish(entry).pushed  # and a later retry works


def test_an_inherited_git_dir_never_sends_a_publish_elsewhere(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "someone-elses-repo"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    (other / "README.md").write_text("theirs\n", encoding="utf-8")
    git(other, "add", "README.md")
    git(other, "-c", "user.name=O", "-c", "user.email=o@example.com", "commit", "-q", "-m", "theirs")
    other_before = snapshot(other)
    index_before = (other / ".git" / "index").read_bytes()
    # As when Trailbook is started from a git hook or an editor's terminal inside another repository.
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    monkeypatch.setenv("GIT_PREFIX", "sub/")
    result = world.publish(world.entry())
    assert result.pushed and result.commit is not None
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"):
        monkeypatch.delenv(name)
    assert git(world.remote, "rev-parse", "main").strip() == result.commit
    assert "content/posts/serving-a-model/index.md" in world.remote_files()
    assert snapshot(other) == other_before
    assert (other / ".git" / "index").read_bytes() == index_before


def test_state_is_read_as_git_reads_it(world: World) -> None:
    repo = Git(world.repo)
    head = git(world.repo, "rev-parse", "HEAD").strip()
    assert (repo.head(), repo.branch()) == (head, "main")
    git(world.repo, "pack-refs", "--all")  # refs/heads/main now lives only in packed-refs
    assert not (world.repo / ".git" / "refs" / "heads" / "main").exists()
    assert (repo.head(), repo.branch()) == (head, "main")
    assert repo.git_dir() == (world.repo / ".git").resolve()
    git(world.repo, "checkout", "-q", "--detach")
    assert (repo.head(), repo.branch()) == (head, None)
    git(world.repo, "checkout", "-q", "--orphan", "fresh/start")
    assert (repo.head(), repo.branch()) == (None, "fresh/start")


def test_a_folder_that_is_no_longer_a_repository_is_named(world: World, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(PublishError) as caught:
        Git(plain).head()
    assert caught.value.code == "repo_gone" and str(plain) in caught.value.message
