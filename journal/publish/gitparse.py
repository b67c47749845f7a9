"""Reading git's output: push results, error lines, and which network failure a message means (in words a person
understands, without any secret). Pure functions; the git calls are in ``gitops``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from journal.publish import messages
from journal.publish.messages import PublishError, redact

_UNABLE_RE = re.compile(r"unable to access '[^']*': ")
_AUTH_HINTS = (
    "authentication failed",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "invalid username or password",
    "http basic: access denied",
    "returned error: 401",
    "returned error: 403",
)


def network_error(url: str, stderr: str, code: int, secrets: Sequence[str], blog_name: str) -> PublishError:
    """The PublishError for a failed fetch or push: login refused (HTTPS or SSH), no such repository, or no network."""
    shown = redact(url, secrets)
    low = stderr.lower()
    detail = redact(_UNABLE_RE.sub("", last_lines(stderr, 2)), secrets) or f"git exited with {code}"
    if any(hint in low for hint in _AUTH_HINTS):
        return PublishError("auth", messages.AUTH_HTTPS.format(url=shown, detail=detail, name=blog_name))
    if "permission denied (publickey" in low or "host key verification failed" in low:
        return PublishError("auth", messages.AUTH_SSH.format(url=shown, detail=detail))
    if "repository not found" in low or "does not appear to be a git repository" in low or "error: 404" in low:
        return PublishError("remote_not_found", messages.REMOTE_NOT_FOUND.format(url=shown, detail=detail))
    return PublishError("network", messages.NETWORK.format(url=shown, detail=detail))


def chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def push_status(stdout: str, ref: str) -> tuple[str, str] | None:
    """The flag and summary of ``ref`` in ``git push --porcelain`` output."""
    for line in stdout.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].startswith(ref + ":"):
            return parts[0][:1] or " ", parts[2]
    return None


def last_lines(text: str, n: int = 3) -> str:
    """git's last ``n`` meaningful lines, joined on one line, without ``fatal:``/``error:`` and hints."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip() and not line.startswith("hint:")]
    return " / ".join(line.removeprefix("fatal: ").removeprefix("error: ") for line in lines[-n:])


def files_in_error(stderr: str) -> list[str]:
    """File names git lists (tab-indented) under "would be overwritten" and similar errors."""
    return [line.strip() for line in stderr.splitlines() if line.startswith("\t") and line.strip()]


def names(paths: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")
