"""Tokens for HTTPS remotes: kept in the OS keyring, or in memory for this session where there is no keyring.

A token never goes into the remote URL, ``.git/config``, the journal, settings, logs, messages or commits. Git gets it
through an askpass helper: a two-line shell script in a private temporary folder that prints the token from an
environment variable set only on that one git process. Git's credential helpers are switched off for those calls
(``-c credential.helper=``), so none of them stores the token either.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from journal.errors import InvalidInput
from journal.publish import messages
from journal.publish.gitops import Credentials

SERVICE = "Trailbook"
TOKEN_USERNAME = "x-access-token"  # GitHub and GitLab take any non-empty user name with a personal access token
_ENV_TOKEN = "TRAILBOOK_GIT_TOKEN"
_ENV_USER = "TRAILBOOK_GIT_USERNAME"
_ASKPASS = """#!/bin/sh
# Trailbook's askpass helper: answers git's prompts from this process's environment. Holds no secret itself.
case "$1" in
  [Uu]sername*) printf '%s\\n' "${TRAILBOOK_GIT_USERNAME:-x-access-token}" ;;
  *) printf '%s\\n' "$TRAILBOOK_GIT_TOKEN" ;;
esac
"""

Where = Literal["keyring", "memory"]
_memory: dict[str, str] = {}


def _account(blog_name: str) -> str:
    return f"blog:{blog_name.casefold()}"


def _keyring():  # type: ignore[no-untyped-def]
    """The keyring module when a real backend is available, else None."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration: behave as if there is none
        return None
    if isinstance(backend, fail.Keyring) or (isinstance(backend, chainer.ChainerBackend) and not backend.backends):
        return None
    return keyring


def backend_name() -> str | None:
    """The keyring backend's name, or None when tokens can only be kept in memory."""
    kr = _keyring()
    if kr is None:
        return None
    backend = kr.get_keyring()
    return str(getattr(backend, "name", type(backend).__name__))


def store_token(blog_name: str, token: str) -> Where:
    """Keep a token for a blog; says where it went ("memory" when no keyring works on this system)."""
    token = token.strip()
    if not token:
        raise InvalidInput(messages.TOKEN_EMPTY)
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, _account(blog_name), token)
            _memory.pop(_account(blog_name), None)
            return "keyring"
        except Exception:  # keyring.errors.KeyringError and backend-specific failures (locked, D-Bus gone)
            pass
    _memory[_account(blog_name)] = token
    return "memory"


def get_token(blog_name: str) -> str | None:
    account = _account(blog_name)
    if account in _memory:
        return _memory[account]
    kr = _keyring()
    if kr is None:
        return None
    try:
        return kr.get_password(SERVICE, account) or None
    except Exception:
        return None


def delete_token(blog_name: str) -> None:
    account = _account(blog_name)
    _memory.pop(account, None)
    kr = _keyring()
    if kr is not None:
        with contextlib.suppress(Exception):  # not stored, or the keyring refused: nothing more to do
            kr.delete_password(SERVICE, account)


def uses_https(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(("https://", "http://"))  # type: ignore[union-attr]


@contextmanager
def git_credentials(token: str | None) -> Iterator[Credentials]:
    """What a network git call needs to log in with ``token`` (nothing when there is none: the person's own SSH
    agent or credential helper is used, never prompting)."""
    if not token:
        yield Credentials()
        return
    with tempfile.TemporaryDirectory(prefix="trailbook-askpass-") as folder:
        os.chmod(folder, stat.S_IRWXU)
        script = Path(folder) / "askpass.sh"
        script.write_text(_ASKPASS, encoding="utf-8")
        script.chmod(stat.S_IRWXU)
        yield Credentials(
            env={
                "GIT_ASKPASS": str(script),
                "SSH_ASKPASS": str(script),
                _ENV_TOKEN: token,
                _ENV_USER: TOKEN_USERNAME,
            },
            config=["-c", "credential.helper="],
            secrets=(token,),
        )
