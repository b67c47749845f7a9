"""A blog's token goes only to the scheme, host and port of the blog's own remote. Two real git hosts on 127.0.0.1:
the blog's remote (``git http-backend`` behind a Basic login) and another server that the remote redirects to, which
asks for a login and records every ``Authorization`` header it is offered. Publishing goes through the real code path
(fetch, then push); the other server must never see the token, and the message names the redirect."""

from __future__ import annotations

import base64
import logging
import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from journal.publish import credentials
from journal.publish.gitparse import origin
from journal.publish.messages import PublishError

from .conftest import TOKEN, World, assert_token_nowhere, git, snapshot
from .http_git import GitHttpServer, always, pushes
from .keyring_backends import FakeKeyring

LOGIN = f"{credentials.TOKEN_USERNAME}:{TOKEN}"


def _serve_remote(world: World, **kw: object) -> GitHttpServer:
    """The blog's remote, served over HTTP with a login; ``kw`` as for GitHttpServer (redirects)."""
    git(world.remote, "config", "http.receivepack", "true")
    return GitHttpServer(world.remote.parent, login=LOGIN, **kw)  # type: ignore[arg-type]


def _use(world: World, server: GitHttpServer) -> str:
    url = f"{server.origin}/{world.remote.name}"
    git(world.repo, "remote", "set-url", "origin", url)
    credentials.store_token(world.blog.name, TOKEN)
    return url


def test_the_token_reaches_its_own_remote_and_publishing_works(
    world: World, fake_keyring: FakeKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with _serve_remote(world) as remote:
        _use(world, remote)
        entry = world.entry()
        result = world.publish(entry)
    assert result.pushed and result.commit == world.remote_head()
    assert "content/posts/serving-a-model/index.md" in world.remote_files()
    assert LOGIN in remote.logins()  # the same origin got the token, through the askpass helper
    assert_token_nowhere(world, "", caplog)


def test_no_trace_or_helper_file_ever_holds_the_token(
    world: World, fake_keyring: FakeKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git's traces (read to name redirects and refusing hooks) and the askpass folder, kept here instead of being
    deleted: not one of them holds the token, plainly or as the Basic header's base64."""
    kept = tmp_path / "kept"
    kept.mkdir()
    make = tempfile.mkdtemp

    class Kept:
        def __init__(self, suffix: str | None = None, prefix: str | None = None, **_kw: object) -> None:
            self.name = make(suffix=suffix, prefix=prefix, dir=kept)

        def __enter__(self) -> str:
            return self.name

        def __exit__(self, *_exc: object) -> None:
            return None

    monkeypatch.setattr(tempfile, "TemporaryDirectory", Kept)
    with _serve_remote(world) as remote:
        _use(world, remote)
        assert world.publish(world.entry()).pushed  # logged in: every request traced with its headers
        remote.login = f"{credentials.TOKEN_USERNAME}:another-token"  # now refused: the failure reads the traces
        with pytest.raises(PublishError) as caught:
            world.publish(world.entry("Second"))
    assert caught.value.code == "auth"
    files = [path for path in kept.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert {"events", "headers", "askpass.sh"} <= names, names
    assert any(b"Authorization: Basic <redacted>" in path.read_bytes() for path in files if path.name == "headers")
    basic = base64.b64encode(LOGIN.encode()).decode().encode()
    for path in files:
        data = path.read_bytes()
        assert TOKEN.encode() not in data and basic not in data, path


@pytest.mark.parametrize("status", [301, 302])
@pytest.mark.parametrize(
    ("which", "redirect_if", "after_login"),
    [
        ("every request, before any login", always, False),
        ("the push only (info/refs for git-receive-pack)", pushes, False),
        ("every request, once logged in", always, True),
    ],
)
def test_a_redirect_to_another_port_gets_no_token(
    world: World,
    fake_keyring: FakeKeyring,
    caplog: pytest.LogCaptureFixture,
    status: int,
    which: str,
    redirect_if: Callable[[str, str], bool],
    after_login: bool,
) -> None:
    caplog.set_level(logging.DEBUG)
    with GitHttpServer() as elsewhere:
        kw = {"redirect_to": elsewhere.origin, "redirect_status": status, "redirect_if": redirect_if}
        with _serve_remote(world, redirect_after_login=after_login, **kw) as remote:
            url = _use(world, remote)
            entry = world.entry("Second")
            before = snapshot(world.repo)
            remote_before = world.remote_head()
            with pytest.raises(PublishError) as caught:
                world.publish(entry)
    assert elsewhere.seen, f"the redirect ({which}) never reached the other server"
    assert elsewhere.logins() == []  # asked for a login, offered nothing
    assert all(seen.authorization == "" for seen in elsewhere.seen)
    error = caught.value
    assert error.code == "redirect", error.message
    assert f"the remote {url} redirected git to another server, {elsewhere.origin}." in error.message
    assert "nothing was sent there" in error.message and "remote set-url" in error.message
    assert snapshot(world.repo) == before and world.remote_head() == remote_before
    assert_token_nowhere(world, error.message, caplog)


def test_a_redirect_after_the_first_request_names_it(world: World, fake_keyring: FakeKeyring) -> None:
    """git follows only the first request's redirect: a redirected upload is refused, and said so."""
    with GitHttpServer() as elsewhere:

        def uploads(method: str, path: str) -> bool:
            return method == "POST"

        with _serve_remote(world, redirect_to=elsewhere.origin, redirect_if=uploads) as remote:
            _use(world, remote)
            with pytest.raises(PublishError) as caught:
                world.publish(world.entry())
    assert elsewhere.seen == []  # git never followed it
    assert caught.value.code == "redirect" and f"another server, {elsewhere.origin}." in caught.value.message
    assert TOKEN not in caught.value.message


ASKED = [
    ("Username for 'https://github.com': ", "https://github.com:443", "x-access-token"),
    ("Password for 'https://x-access-token@github.com': ", "https://github.com:443", TOKEN),
    ("Password for 'https://x-access-token@GitHub.com:443/ana/blog.git': ", "https://github.com:443", TOKEN),
    ("Password for 'http://x-access-token@127.0.0.1:8001': ", "http://127.0.0.1:8001", TOKEN),
    ("Password for 'http://x-access-token@[::1]:8001': ", "http://[::1]:8001", TOKEN),
    ("Password for 'http://x-access-token@127.0.0.1:8002': ", "http://127.0.0.1:8001", None),
    ("Password for 'http://x-access-token@localhost:8001': ", "http://127.0.0.1:8001", None),
    ("Password for 'http://x-access-token@github.com': ", "https://github.com:443", None),
    ("Password for 'https://x-access-token@github.com.evil.example': ", "https://github.com:443", None),
    ("Password for 'https://x-access-token@evil.example/github.com': ", "https://github.com:443", None),
    ("Enter passphrase for key '/home/ana/.ssh/id_ed25519': ", "https://github.com:443", None),
    ("Password: ", "https://github.com:443", None),
]


@pytest.mark.parametrize(("prompt", "remote", "answer"), ASKED)
def test_the_askpass_helper_answers_only_for_the_remotes_origin(prompt: str, remote: str, answer: str | None) -> None:
    with credentials.git_credentials(TOKEN, f"{remote}/ana/blog.git") as creds:
        assert creds.origin == origin(remote)
        run = subprocess.run(
            [creds.env["GIT_ASKPASS"], prompt],
            env={**os.environ, **creds.env},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=10,
            check=False,
        )
        refused = creds.refused_origin()
    if answer is None:
        assert run.returncode != 0 and run.stdout == "" and refused is not None
    else:
        assert run.returncode == 0 and run.stdout == answer + "\n" and refused is None


def test_origin_is_scheme_host_and_port() -> None:
    assert origin("https://GitHub.com/ana/blog.git") == "https://github.com:443"
    assert origin("https://ana@github.com:8443/x") == "https://github.com:8443"
    assert origin("http://[::1]/x") == "http://[::1]:80"
    assert origin("git@github.com:ana/blog.git") is None
    assert origin("/srv/blog.git") is None
    assert origin("https://github.com:notaport/x") is None
