"""Reading git's output: push results, error lines, and which network failure a message means (in words a person
understands, without any secret). Pure functions; the git calls are in ``gitops``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from journal.publish import messages
from journal.publish.messages import PublishError, redact

_UNABLE_RE = re.compile(r"unable to access '[^']*': ")
_LOCATION_RE = re.compile(r"<= Recv header: Location: (\S+)", re.IGNORECASE)
_REDIRECT_CODE_RE = re.compile(r"returned error: (30[1278])\b|\bHTTP (30[1278])\b")
_DEFAULT_PORTS = {"https": 443, "http": 80}
_PUSH_FAILED = "error: failed to push some refs"
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


def origin(url: str | None) -> str | None:
    """``scheme://host:port`` of an http(s) address, lower-case and with the default port filled in: what a token is
    bound to. None for anything else (SSH, local paths) or an address that cannot be read."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{scheme}://{host.lower()}:{port or _DEFAULT_PORTS[scheme]}"


def redirect_locations(curl_trace: str) -> list[str]:
    """Every ``Location`` a server answered with, read from git's ``GIT_TRACE_CURL`` header trace (its
    ``Authorization`` lines are redacted by git, and only these lines are read)."""
    return _LOCATION_RE.findall(curl_trace)


def network_error(
    url: str,
    stderr: str,
    code: int,
    secrets: Sequence[str],
    blog_name: str,
    *,
    refused_origin: str | None = None,
    locations: Sequence[str] = (),
    path: str = ".",
    remote: str = "origin",
) -> PublishError:
    """The PublishError for a failed fetch or push: a redirect to another server, login refused (HTTPS or SSH), no
    such repository, or no network. ``refused_origin`` is where the askpass helper refused to send the token;
    ``locations`` are the redirects servers answered with."""
    shown = redact(url, secrets)
    low = stderr.lower()
    detail = redact(_UNABLE_RE.sub("", last_lines(stderr, 2)), secrets) or f"git exited with {code}"
    expected = origin(url)
    elsewhere = [o for o in (refused_origin, *map(origin, locations)) if o is not None and o != expected]
    if expected is not None and elsewhere:
        other = elsewhere[0]
        text = messages.REDIRECTED.format(url=shown, other=other, origin=expected, path=path, remote=remote)
        return PublishError("redirect", redact(text, secrets))
    redirect_code = _REDIRECT_CODE_RE.search(stderr)
    if expected is not None and redirect_code is not None:
        status = redirect_code.group(1) or redirect_code.group(2)
        text = messages.REDIRECTED_LATER.format(url=shown, status=status, path=path, remote=remote)
        return PublishError("redirect", redact(text, secrets))
    if any(hint in low for hint in _AUTH_HINTS):
        return PublishError("auth", messages.AUTH_HTTPS.format(url=shown, detail=detail, name=blog_name))
    if "permission denied (publickey" in low or "host key verification failed" in low:
        return PublishError("auth", messages.AUTH_SSH.format(url=shown, detail=detail))
    if "repository not found" in low or "does not appear to be a git repository" in low or "error: 404" in low:
        return PublishError("remote_not_found", messages.REMOTE_NOT_FOUND.format(url=shown, detail=detail))
    return PublishError("network", messages.NETWORK.format(url=shown, detail=detail))


def refused_hook(trace: str) -> str | None:
    """The path of the pre-push hook when it ran and exited non-zero, read from git's trace2 events
    (``GIT_TRACE2_EVENT``): git says only "failed to push some refs" when the person's pre-push hook refuses, so
    the trace is the one exact witness. The hook is matched by trace2's ``hook_name`` (git 2.36+) or its file name."""
    started: dict[tuple[str, int], str] = {}
    for line in trace.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if not isinstance(event, dict):
            continue
        key = (str(event.get("sid")), event.get("child_id", -1))
        if event.get("event") == "child_start":
            argv = event.get("argv") or [""]
            program = str(argv[0]) if isinstance(argv, list) and argv else ""
            name = str(event.get("hook_name") or "")
            if name == "pre-push" or (not name and program.rsplit("/", 1)[-1] == "pre-push"):
                started[key] = program
        elif event.get("event") == "child_exit" and key in started and event.get("code") not in (0, None):
            return started[key]
    return None


def hook_output(stdout: str, stderr: str, n: int = 4, width: int = 200) -> str:
    """What a refusing hook printed (git's own push lines left out): its last ``n`` lines, each cut at ``width``."""
    lines = []
    for line in (stdout + "\n" + stderr).splitlines():
        line = line.strip()
        if line and not line.startswith((_PUSH_FAILED, "hint:")):
            lines.append(line if len(line) <= width else line[: width - 1] + "…")
    return " / ".join(lines[-n:])


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
