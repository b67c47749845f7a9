"""Tokens for HTTPS remotes: stored with keyring (a fake backend here; memory when there is none), handed to git
through the askpass helper, and found nowhere after a failed push: not in the remote URL, .git/config, the journal,
settings, logs, the error message, commits, or a git credential store."""

from __future__ import annotations

import base64
import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from journal.publish import credentials
from journal.publish.messages import PublishError, redact

from .conftest import World, git

TOKEN = "ghp_TESTTOKEN0123456789abcdefSECRET"


class FakeKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def fake_keyring() -> Iterator[FakeKeyring]:
    previous = keyring.get_keyring()
    backend = FakeKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
    credentials._memory.clear()


class _AuthServer(BaseHTTPRequestHandler):
    """Answers like a git host that wants a login: 401 with Basic auth, recording what the client sent."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.headers.get("Authorization", ""))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="git"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def auth_server() -> Iterator[tuple[str, list[str]]]:
    _AuthServer.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AuthServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ana/blog.git", _AuthServer.seen
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_token_nowhere(world: World, message: str, caplog: pytest.LogCaptureFixture) -> None:
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


def test_the_token_goes_through_askpass_and_nowhere_else(
    world: World, fake_keyring: FakeKeyring, auth_server: tuple[str, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    url, seen = auth_server
    git(world.repo, "remote", "set-url", "origin", url)
    assert credentials.store_token(world.blog.name, TOKEN) == "keyring"
    assert fake_keyring.store == {("Trailbook", "blog:hugo-blog"): TOKEN}
    caplog.set_level(logging.DEBUG)
    with pytest.raises(PublishError) as caught:
        world.publish(world.entry())
    assert caught.value.code == "auth"
    assert "login" in caught.value.message and "trailbook blog login hugo-blog" in caught.value.message
    # git asked our helper and sent exactly the stored token (as x-access-token:TOKEN)
    sent = {base64.b64decode(h.split()[1]).decode() for h in seen if h.startswith("Basic ")}
    assert sent == {f"{credentials.TOKEN_USERNAME}:{TOKEN}"}
    assert_token_nowhere(world, caught.value.message, caplog)


def test_a_closed_port_fails_fast_and_leaks_nothing(
    world: World, fake_keyring: FakeKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    git(world.repo, "remote", "set-url", "origin", f"https://127.0.0.1:{_closed_port()}/ana/blog.git")
    credentials.store_token(world.blog.name, TOKEN)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(PublishError) as caught:
        world.publish(world.entry())
    assert caught.value.code == "network"
    assert_token_nowhere(world, caught.value.message, caplog)


def test_without_a_token_a_login_prompt_never_blocks(
    world: World, fake_keyring: FakeKeyring, auth_server: tuple[str, list[str]]
) -> None:
    url, _seen = auth_server
    git(world.repo, "remote", "set-url", "origin", url)
    with pytest.raises(PublishError) as caught:
        world.publish(world.entry())
    assert caught.value.code == "auth" and "personal access token" in caught.value.message


def test_no_keyring_backend_keeps_the_token_in_memory_only(world: World) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert credentials.backend_name() is None
        assert credentials.store_token(world.blog.name, TOKEN) == "memory"
        assert credentials.get_token(world.blog.name) == TOKEN
        credentials.delete_token(world.blog.name)
        assert credentials.get_token(world.blog.name) is None
    finally:
        keyring.set_keyring(previous)
        credentials._memory.clear()


def test_redact_hides_secrets_and_url_passwords() -> None:
    text = f"fatal: unable to access 'https://ana:{TOKEN}@github.com/ana/blog.git/': {TOKEN}"
    shown = redact(text, [TOKEN])
    assert TOKEN not in shown and "https://***@github.com/ana/blog.git/" in shown


def test_a_remote_with_a_password_in_it_is_refused(world: World) -> None:
    from journal.errors import InvalidInput
    from journal.publish.blogs import check_remote_url

    with pytest.raises(InvalidInput, match="Log in"):
        check_remote_url(f"https://ana:{TOKEN}@github.com/ana/blog.git")
    assert check_remote_url("git@github.com:ana/blog.git") == "git@github.com:ana/blog.git"
