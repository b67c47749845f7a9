"""Tokens for HTTPS remotes: stored with keyring (a fake backend here; memory when there is none), handed to git
through the askpass helper, and found nowhere after a failed push: not in the remote URL, .git/config, the journal,
settings, logs, the error message, commits, or a git credential store."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail

from journal.publish import credentials
from journal.publish.messages import PublishError, redact

from .conftest import TOKEN, World, assert_token_nowhere, git
from .http_git import GitHttpServer
from .keyring_backends import FakeKeyring


@pytest.fixture
def auth_server() -> Iterator[tuple[str, GitHttpServer]]:
    """A git host that wants a login: 401 with Basic auth to everything, recording what the client sent."""
    with GitHttpServer() as server:
        yield f"{server.origin}/ana/blog.git", server


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_token_goes_through_askpass_and_nowhere_else(
    world: World, fake_keyring: FakeKeyring, auth_server: tuple[str, GitHttpServer], caplog: pytest.LogCaptureFixture
) -> None:
    url, server = auth_server
    git(world.repo, "remote", "set-url", "origin", url)
    assert credentials.store_token(world.blog.name, TOKEN) == "keyring"
    assert fake_keyring.store == {("Trailbook", "blog:hugo-blog"): TOKEN}
    caplog.set_level(logging.DEBUG)
    with pytest.raises(PublishError) as caught:
        world.publish(world.entry())
    assert caught.value.code == "auth"
    assert "login" in caught.value.message and "trailbook blog login hugo-blog" in caught.value.message
    # git asked our helper and sent exactly the stored token (as x-access-token:TOKEN)
    assert set(server.logins()) == {f"{credentials.TOKEN_USERNAME}:{TOKEN}"}
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
    world: World, fake_keyring: FakeKeyring, auth_server: tuple[str, GitHttpServer]
) -> None:
    url, _server = auth_server
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
