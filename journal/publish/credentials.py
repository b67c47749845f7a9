"""Tokens for HTTPS remotes: kept in the OS keyring, or (in the app only) in memory until it quits.

A token never goes into the remote URL, ``.git/config``, the journal, settings, logs, messages or commits. Git gets it
through an askpass helper: a small shell script in a private temporary folder that reads the token from an environment
variable set only on that one git process. The helper answers only prompts for the scheme, host and port of the blog's
own remote (git names the address in its prompt, e.g. ``Password for 'https://x-access-token@github.com': ``): when
the remote redirects git to another server, that server's prompt gets no answer and the helper notes where it was
sent, so the failure can name the redirect. Git's credential helpers are switched off for those calls
(``-c credential.helper=``), so none of them stores the token or hands it anywhere either.
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
from journal.publish.gitparse import origin
from journal.publish.messages import PublishError, redact

SERVICE = "Trailbook"
TOKEN_USERNAME = "x-access-token"  # GitHub and GitLab take any non-empty user name with a personal access token
REFUSED_FILE = "refused"  # beside the helper: the origin it refused to answer (never a secret)
_ENV_TOKEN = "TRAILBOOK_GIT_TOKEN"
_ENV_USER = "TRAILBOOK_GIT_USERNAME"
_ENV_ORIGIN = "TRAILBOOK_GIT_ORIGIN"
# git calls the helper with its prompt as $1: "Username for 'URL': " or "Password for 'URL': ", where URL is
# scheme://[user@]host[:port][/path]. The helper compares URL's scheme, host and port with the remote's origin
# (computed by gitparse.origin, the same normal form) and answers nothing anywhere else.
_ASKPASS = """#!/bin/sh
# Trailbook's askpass helper: answers git's login prompts for the blog's own remote only, from this process's
# environment. Holds no secret itself.
prompt=$1
url=${prompt#*\\'}
url=${url%\\'*}
scheme=${url%%://*}
rest=${url#*://}
hostport=${rest%%/*}
hostport=${hostport##*@}
case "$scheme" in https) port=443 ;; http) port=80 ;; *) port=none ;; esac
case "$hostport" in
  \\[*\\]:*) ;;
  \\[*) hostport="$hostport:$port" ;;
  *:*) ;;
  *) hostport="$hostport:$port" ;;
esac
asked=$(printf '%s://%s' "$scheme" "$hostport" | tr '[:upper:]' '[:lower:]')
if [ "$url" = "$prompt" ] || [ -z "$TRAILBOOK_GIT_ORIGIN" ] || [ "$asked" != "$TRAILBOOK_GIT_ORIGIN" ]; then
  printf '%s\\n' "$asked" > "${0%/*}/refused"
  exit 1
fi
case "$prompt" in
  [Uu]sername*) printf '%s\\n' "$TRAILBOOK_GIT_USERNAME" ;;
  [Pp]assword*) printf '%s\\n' "$TRAILBOOK_GIT_TOKEN" ;;
  *) exit 1 ;;
esac
"""

Where = Literal["keyring", "memory"]
_memory: dict[str, str] = {}


def _account(blog_name: str) -> str:
    return f"blog:{blog_name.casefold()}"


def _keyring():  # type: ignore[no-untyped-def]
    """The keyring module when a real backend is available, else None (the fail and null backends keep nothing)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration: behave as if there is none
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return keyring


def backend_name() -> str | None:
    """The keyring backend's name, or None when tokens can only be kept in memory."""
    kr = _keyring()
    if kr is None:
        return None
    backend = kr.get_keyring()
    return str(getattr(backend, "name", type(backend).__name__))


def store_token(blog_name: str, token: str, *, memory_ok: bool = True) -> Where:
    """Keep a token for a blog and say where it went. The keyring's answer is checked by reading the token back,
    since some backends accept a token and keep nothing. When no keyring keeps it: in memory with ``memory_ok``
    (the app, until it quits), else a PublishError saying how to get a keyring, and nothing is kept anywhere."""
    token = token.strip()
    if not token:
        raise InvalidInput(messages.TOKEN_EMPTY)
    account = _account(blog_name)
    kr = _keyring()
    failure = PublishError("no_keyring", messages.TOKEN_NO_KEYRING.format(name=blog_name))
    if kr is not None:
        try:
            kr.set_password(SERVICE, account, token)
            kept = kr.get_password(SERVICE, account) == token
            detail = messages.TOKEN_NOT_KEPT
        except Exception as exc:  # keyring.errors.KeyringError and backend-specific failures (locked, D-Bus gone)
            kept = False
            detail = redact(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, [token])
        if kept:
            _memory.pop(account, None)
            return "keyring"
        text = messages.TOKEN_KEYRING_FAILED.format(backend=backend_name(), detail=detail, name=blog_name)
        failure = PublishError("keyring_failed", redact(text, [token]))
    if not memory_ok:
        _memory.pop(account, None)
        raise failure
    _memory[account] = token
    return "memory"


def kept_in_memory(blog_name: str) -> bool:
    """Whether this process holds the blog's token only in memory (it is gone when the app quits)."""
    return _account(blog_name) in _memory


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
    return origin(url) is not None


@contextmanager
def for_remote(blog_name: str, remote_url: str | None) -> Iterator[Credentials]:
    """What network git calls to the blog's remote need: its token (when the remote is http(s) and one is kept),
    bound to that remote's origin."""
    token = get_token(blog_name) if uses_https(remote_url) else None
    with git_credentials(token, remote_url) as creds:
        yield creds


@contextmanager
def git_credentials(token: str | None, remote_url: str | None) -> Iterator[Credentials]:
    """What a network git call needs to log in with ``token`` at ``remote_url``'s origin only (nothing when there is
    no token or the remote is not http(s): the person's own SSH agent or credential helper is used, never
    prompting)."""
    bound_to = origin(remote_url)
    if not token or bound_to is None:
        yield Credentials(origin=bound_to)
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
                _ENV_ORIGIN: bound_to,
            },
            config=["-c", "credential.helper="],
            secrets=(token,),
            origin=bound_to,
            refusals=Path(folder) / REFUSED_FILE,
        )
