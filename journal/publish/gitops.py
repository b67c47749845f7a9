"""Safe git for publishing: the git command line in a subprocess, with a timeout on every call.

Why the command line and not GitPython: every call gets a timeout and a killed process group when it runs over,
nothing stays open in a long-running app, and staging through ``git add`` is ~15x faster than ``repo.index.add``.

The rules this module keeps:

- Every call runs with ``GIT_TERMINAL_PROMPT=0`` (a missing login fails fast instead of waiting on a prompt that
  nobody sees), ``LC_ALL=C`` (messages we can classify), literal pathspecs, no optional locks, and the blog's author
  identity in the environment (publishing works with no global git identity).
- A commit is built in a temporary index holding HEAD plus only the files Trailbook wrote, so the person's own staged
  and unstaged changes stay exactly as they were, staged or not. Never ``git add -A``.
- Every push is checked (its per-ref status, not only the exit code). Never a force-push.
- Any failure is turned into a :class:`PublishError` with a plain message and a way forward; git's own words pass
  through :func:`messages.redact`, so no token or ``user:password@`` ever reaches a message.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from journal.publish import messages
from journal.publish.gitparse import chunks as _chunks
from journal.publish.gitparse import files_in_error as _files_in_error
from journal.publish.gitparse import hook_output as _hook_output
from journal.publish.gitparse import last_lines as _last_lines
from journal.publish.gitparse import names as _names
from journal.publish.gitparse import network_error
from journal.publish.gitparse import push_status as _push_status
from journal.publish.gitparse import redirect_locations as _redirect_locations
from journal.publish.gitparse import refused_hook as _refused_hook
from journal.publish.messages import PublishError, redact

log = logging.getLogger("trailbook.publish")

LOCAL_TIMEOUT_S = 60.0
NETWORK_TIMEOUT_S = 90.0
MIN_GIT = (2, 28)
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_STRIP_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_COMMON_DIR",
)


@dataclass(frozen=True)
class Identity:
    """Who commits: the blog's author, so publishing needs no global ``user.name``/``user.email``."""

    name: str
    email: str


@dataclass
class Credentials:
    """What a network call adds: environment (the askpass helper) and ``-c`` options; ``secrets`` are redacted.
    ``origin`` is the only scheme://host:port the token is for; ``refusals`` is where the helper notes another
    origin it was asked for (a redirect)."""

    env: dict[str, str] = field(default_factory=dict)
    config: list[str] = field(default_factory=list)
    secrets: tuple[str, ...] = ()
    origin: str | None = None
    refusals: Path | None = None

    def refused_origin(self) -> str | None:
        """The other server the askpass helper refused to log in to, if it was asked."""
        if self.refusals is None:
            return None
        try:
            return self.refusals.read_text(encoding="utf-8").strip() or None
        except OSError:
            return None


@dataclass(frozen=True)
class Witness:
    """What git's own traces show about a failed network call, where its messages say too little: the redirects
    servers answered with, and a pre-push hook that refused (git prints only "failed to push some refs")."""

    locations: tuple[str, ...] = ()
    refused_hook: str | None = None


class GitFailed(Exception):
    """A git call that exited non-zero (internal: turned into a PublishError by the caller)."""

    def __init__(self, args: Sequence[str], code: int, stdout: str, stderr: str) -> None:
        super().__init__(stderr.strip() or stdout.strip() or f"exit status {code}")
        self.args_ = list(args)
        self.code = code
        self.stdout = stdout
        self.stderr = stderr


class GitTimeout(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


def git_program() -> str:
    program = shutil.which("git")
    if program is None:
        raise PublishError("git_missing", messages.GIT_MISSING)
    return program


def git_version() -> tuple[int, ...]:
    out = subprocess.run(
        [git_program(), "--version"], capture_output=True, text=True, encoding="utf-8", timeout=10, check=False
    )
    m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", out.stdout)
    return tuple(int(x) for x in m.groups(default="0")) if m else (0, 0, 0)


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _read(path: Path) -> str:
    """A trace file git may not have written (nothing to trace, or an old git)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


class Git:
    """git in one work tree. ``run`` raises GitFailed / GitTimeout; the helpers below raise PublishError."""

    def __init__(
        self,
        root: Path,
        identity: Identity | None = None,
        *,
        credentials: Credentials | None = None,
        timeout: float = LOCAL_TIMEOUT_S,
        network_timeout: float = NETWORK_TIMEOUT_S,
        blog_name: str = "NAME",
    ) -> None:
        self.root = Path(root)
        self.blog_name = blog_name
        self.identity = identity
        self.credentials = credentials or Credentials()
        self.timeout = timeout
        self.network_timeout = network_timeout
        self._program = git_program()
        self._env = self._base_env()
        self._ssh_checked = False
        self._git_dir: Path | None = None
        self._remote_urls: dict[str, str | None] = {}

    # --- running ----------------------------------------------------------------------------------------------------
    def _base_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _STRIP_ENV}
        env.update(
            LC_ALL="C",
            LANG="C",
            LANGUAGE="C",
            GIT_TERMINAL_PROMPT="0",
            GCM_INTERACTIVE="never",
            GIT_LITERAL_PATHSPECS="1",
            GIT_OPTIONAL_LOCKS="0",
            GIT_MERGE_AUTOEDIT="no",
            GIT_EDITOR="true",
            GIT_SEQUENCE_EDITOR="true",
        )
        if self.identity is not None:
            env.update(
                GIT_AUTHOR_NAME=self.identity.name,
                GIT_AUTHOR_EMAIL=self.identity.email,
                GIT_COMMITTER_NAME=self.identity.name,
                GIT_COMMITTER_EMAIL=self.identity.email,
            )
        return env

    def run(
        self,
        *args: str,
        network: bool = False,
        stdin: bytes | None = None,
        env: dict[str, str] | None = None,
        check: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``git args`` in the work tree; stdout and stderr come back as text."""
        argv = [self._program]
        full_env = dict(self._env)
        timeout = self.timeout
        if network:
            # A redirect is followed only on the first request (git's default, whatever the person's config says),
            # and only ever without the token: the askpass helper answers for the remote's own origin alone.
            argv += ["-c", "http.followRedirects=initial", *self.credentials.config]
            full_env.update(self.credentials.env)
            full_env.update(self._ssh_env())
            timeout = self.network_timeout
        argv += list(args)
        if env:
            full_env.update(env)
        proc = subprocess.Popen(
            argv,
            cwd=self.root,
            env=full_env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # so a timeout can stop git's helpers (ssh, remote-https) too
        )
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
            proc.communicate()
            log.warning("git %s timed out after %g s", args[0] if args else "", timeout)
            raise GitTimeout(timeout) from None
        result = subprocess.CompletedProcess(argv, proc.returncode, _decode(out), _decode(err))
        if check and proc.returncode != 0:
            raise GitFailed(args, proc.returncode, result.stdout, result.stderr)
        return result

    def out(self, *args: str, **kw: object) -> str:
        return self.run(*args, **kw).stdout.strip()  # type: ignore[arg-type]

    def _ssh_env(self) -> dict[str, str]:
        """Batch-mode SSH (agent and keys only, never a passphrase prompt), unless the person set up SSH for git."""
        if "GIT_SSH_COMMAND" in os.environ or "GIT_SSH" in os.environ:
            return {}
        if not self._ssh_checked:
            configured = self.run("config", "--get", "core.sshCommand", check=False).stdout.strip()
            self._ssh_checked = True
            self._ssh_configured = bool(configured)
        if self._ssh_configured:
            return {}
        return {"GIT_SSH_COMMAND": "ssh -o BatchMode=yes -o ConnectTimeout=20"}

    def failed(self, what: str, exc: GitFailed | GitTimeout) -> PublishError:
        detail = str(exc) if isinstance(exc, GitTimeout) else _last_lines(exc.stderr or exc.stdout)
        return PublishError(
            "git_failed",
            redact(
                messages.GIT_FAILED.format(what=what, path=self.root, detail=detail or "no details"),
                self.credentials.secrets,
            ),
        )

    # --- reading ----------------------------------------------------------------------------------------------------
    def git_dir(self) -> Path:
        if self._git_dir is None:
            self._git_dir = Path(self.out("rev-parse", "--absolute-git-dir"))
        return self._git_dir

    def git_path(self, name: str) -> Path:
        path = Path(self.out("rev-parse", "--git-path", name))
        return path if path.is_absolute() else self.root / path

    def head(self) -> str | None:
        result = self.run("rev-parse", "-q", "--verify", "HEAD^{commit}", check=False)
        return result.stdout.strip() or None

    def branch(self) -> str | None:
        result = self.run("symbolic-ref", "-q", "--short", "HEAD", check=False)
        return result.stdout.strip() or None

    def remote_url(self, remote: str) -> str | None:
        if remote not in self._remote_urls:
            result = self.run("remote", "get-url", remote, check=False)
            self._remote_urls[remote] = result.stdout.strip() or None if result.returncode == 0 else None
        return self._remote_urls[remote]

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def merge_base(self, a: str, b: str) -> str | None:
        return self.run("merge-base", a, b, check=False).stdout.strip() or None

    def changed_between(self, old: str | None, new: str) -> set[str]:
        """Paths that differ between two commits (``old`` None: every path in ``new``)."""
        out = self.run("diff", "--name-only", "-z", "--no-renames", old or EMPTY_TREE, new).stdout
        return {p for p in out.split("\0") if p}

    def tracked(self, paths: Iterable[str], rev: str = "HEAD") -> set[str]:
        """Which of ``paths`` exist in ``rev``."""
        wanted = sorted(set(paths))
        if not wanted or self.head() is None:
            return set()
        found: set[str] = set()
        for chunk in _chunks(wanted, 500):
            out = self.run("ls-tree", "-r", "--name-only", "-z", rev, "--", *chunk).stdout
            found.update(p for p in out.split("\0") if p)
        return found

    def show(self, rev: str, path: str) -> bytes | None:
        """A file's bytes at a commit, or None when it is not there."""
        argv = [self._program, "cat-file", "blob", f"{rev}:{path}"]
        proc = subprocess.run(
            argv, cwd=self.root, env=self._env, capture_output=True, timeout=self.timeout, check=False
        )
        return proc.stdout if proc.returncode == 0 else None

    def subject(self, rev: str) -> tuple[str, str]:
        """(short sha, subject line) of a commit."""
        out = self.out("log", "-1", "--format=%h%x00%s", rev)
        sha, _, subject = out.partition("\0")
        return sha, subject

    def last_commit_touching(self, old: str | None, new: str, paths: Sequence[str]) -> str:
        rng = f"{old}..{new}" if old else new
        return self.out("log", "-1", "--format=%H", rng, "--", *paths) or new

    def status(self, paths: Sequence[str] | None = None, *, untracked: bool = True) -> list[tuple[str, str]]:
        """``(XY, path)`` for changed files, limited to ``paths`` when given (an empty list: nothing)."""
        if paths is not None and not paths:
            return []
        args = ["status", "--porcelain=v1", "-z", "--no-renames", "--ignore-submodules=dirty"]
        args.append("--untracked-files=all" if untracked else "--untracked-files=no")
        found: list[tuple[str, str]] = []
        for chunk in _chunks(sorted(paths), 500) if paths is not None else [None]:
            out = self.run(*args, *(["--", *chunk] if chunk else [])).stdout
            for item in out.split("\0"):
                if len(item) > 3:
                    found.append((item[:2], item[3:]))
        return found

    # --- preflight --------------------------------------------------------------------------------------------------
    def preflight(self, branch: str) -> None:
        """Refuse to start in a repository that is mid-operation or not on the blog's branch."""
        if not self.root.is_dir():
            raise PublishError("repo_gone", messages.REPO_GONE.format(path=self.root))
        markers = (
            ("index.lock", "index_locked", messages.INDEX_LOCKED),
            ("MERGE_HEAD", "merge_in_progress", messages.MERGE_IN_PROGRESS),
            ("rebase-merge", "rebase_in_progress", messages.REBASE_IN_PROGRESS),
            ("rebase-apply", "rebase_in_progress", messages.REBASE_IN_PROGRESS),
            ("CHERRY_PICK_HEAD", "cherry_pick_in_progress", messages.CHERRY_PICK_IN_PROGRESS),
            ("REVERT_HEAD", "cherry_pick_in_progress", messages.CHERRY_PICK_IN_PROGRESS),
        )
        args = ["rev-parse", "--is-inside-work-tree"] + [a for name, _, _ in markers for a in ("--git-path", name)]
        result = self.run(*args, check=False)  # one call for all the checks (each git start costs a few ms)
        lines = result.stdout.splitlines()
        if result.returncode != 0 or len(lines) != 1 + len(markers) or lines[0] != "true":
            raise PublishError("repo_gone", messages.REPO_GONE.format(path=self.root))
        for (_name, code, message), rel in zip(markers, lines[1:], strict=True):
            path = Path(rel) if Path(rel).is_absolute() else self.root / rel
            if path.exists():
                raise PublishError(code, message.format(path=self.root, lock=path))
        current = self.branch()
        if current is None:
            sha = (self.head() or "")[:7] or "?"
            raise PublishError("detached_head", messages.DETACHED.format(sha=sha, path=self.root, branch=branch))
        if current != branch:
            raise PublishError(
                "wrong_branch", messages.WRONG_BRANCH.format(current=current, branch=branch, path=self.root)
            )
        unmerged = [p for xy, p in self.status(untracked=False) if "U" in xy or xy in ("AA", "DD")]
        if unmerged:
            raise PublishError("unmerged", messages.UNMERGED.format(files=_names(unmerged)))

    def check_clean(self, paths: Sequence[str]) -> None:
        """Refuse when the person has uncommitted changes (or untracked files) at any of ``paths``."""
        dirty = [p for _, p in self.status(paths)]
        if dirty:
            raise PublishError("dirty", messages.DIRTY.format(files=_names(dirty), path=self.root))

    # --- remote -----------------------------------------------------------------------------------------------------
    def fetch(self, remote: str, branch: str) -> str | None:
        """Fetch the blog's branch; its tip on the remote, or None when the remote has no such branch yet."""
        url = self.remote_url(remote)
        if url is None:
            raise PublishError("no_remote", messages.NO_REMOTE.format(remote=remote, path=self.root))
        tracking = f"refs/remotes/{remote}/{branch}"
        try:
            result, witness = self._traced(
                "fetch", "--no-tags", "--no-recurse-submodules", remote, f"+refs/heads/{branch}:{tracking}"
            )
        except GitTimeout as exc:
            raise self._network_error(url, exc, remote) from None
        if result.returncode != 0:
            if "couldn't find remote ref" in result.stderr.lower():
                return None
            failed = GitFailed(["fetch"], result.returncode, result.stdout, result.stderr)
            raise self._network_error(url, failed, remote, witness)
        return self.run("rev-parse", "-q", "--verify", f"{tracking}^{{commit}}", check=False).stdout.strip() or None

    def push(self, remote: str, branch: str) -> bool:
        """Push the branch. True when the remote took it; False when the remote moved (fetch, integrate, retry).
        Anything else raises PublishError."""
        url = self.remote_url(remote) or remote
        ref = f"refs/heads/{branch}:refs/heads/{branch}"
        try:
            result, witness = self._traced("push", "--porcelain", remote, ref)
        except GitTimeout as exc:
            raise self._network_error(url, exc, remote) from None
        status = _push_status(result.stdout, f"refs/heads/{branch}")
        if result.returncode == 0 and status is not None and status[0] in (" ", "+", "*", "="):
            return True
        if status is not None and status[0] == "!":
            reason = status[1]
            if "[rejected]" in reason and ("fetch first" in reason or "non-fast-forward" in reason):
                return False
            raise self._rejected(reason, result.stderr)
        if witness.refused_hook is not None:
            said = _hook_output(result.stdout, result.stderr) or messages.HOOK_SAID_NOTHING
            hook = self.root / witness.refused_hook  # git runs hooks in the work tree; an absolute path stays
            text = messages.PRE_PUSH_REFUSED.format(hook=hook, output=said)
            raise PublishError("hook_refused", redact(text, self.credentials.secrets))
        failed = GitFailed(["push"], result.returncode, result.stdout, result.stderr)
        raise self._network_error(url, failed, remote, witness)

    def _traced(self, *args: str) -> tuple[subprocess.CompletedProcess[str], Witness]:
        """A network git call with git's traces on, read only when it fails: trace2 events (which hook ran, how it
        exited; no environment or config values) and curl's header trace (redirects; git redacts its
        ``Authorization`` lines). Both files live in a private folder that is gone when this returns."""
        with tempfile.TemporaryDirectory(prefix="trailbook-trace-") as folder:
            events, headers = Path(folder) / "events", Path(folder) / "headers"
            env = {
                "GIT_TRACE2_EVENT": str(events),
                "GIT_TRACE2_ENV_VARS": "",
                "GIT_TRACE2_CONFIG_PARAMS": "",
                "GIT_TRACE_CURL": str(headers),
                "GIT_TRACE_CURL_NO_DATA": "1",
                "GIT_TRACE_REDACT": "1",
            }
            result = self.run(*args, network=True, check=False, env=env)
            if result.returncode == 0:
                return result, Witness()
            return result, Witness(
                locations=tuple(_redirect_locations(_read(headers))), refused_hook=_refused_hook(_read(events))
            )

    def _rejected(self, reason: str, stderr: str) -> PublishError:
        """The remote said no to our ref: a hook on the server (named, with what it printed) or another rule."""
        detail = reason.replace("[remote rejected]", "").replace("[rejected]", "").strip(" ()") or "rejected"
        remote_lines = [
            line[len("remote:") :].strip()
            for line in stderr.splitlines()
            if line.startswith("remote:") and line[len("remote:") :].strip()
        ]
        if detail.endswith("hook declined"):
            hook = detail.removesuffix(" declined")
            said = " / ".join(remote_lines[-4:]) or messages.HOOK_SAID_NOTHING
            text = messages.REMOTE_HOOK_REFUSED.format(hook=hook, output=said)
        else:
            if remote_lines:
                detail += " — the server said: " + " / ".join(remote_lines[-4:])
            text = messages.PUSH_REJECTED.format(reason=detail, hint=messages.PUSH_REJECTED_HINT)
        return PublishError("push_rejected", redact(text, self.credentials.secrets))

    def _network_error(
        self, url: str, exc: GitFailed | GitTimeout, remote: str, witness: Witness | None = None
    ) -> PublishError:
        if isinstance(exc, GitTimeout):
            shown = redact(url, self.credentials.secrets)
            return PublishError("timeout", messages.TIMEOUT.format(url=shown, seconds=exc.seconds))
        return network_error(
            url,
            exc.stderr,
            exc.code,
            self.credentials.secrets,
            self.blog_name,
            refused_origin=self.credentials.refused_origin(),
            locations=witness.locations if witness else (),
            path=str(self.root),
            remote=remote,
        )

    # --- changing the branch ----------------------------------------------------------------------------------------
    def fast_forward(self, target: str, remote: str) -> None:
        try:
            self.run("merge", "--ff-only", "--no-stat", "-q", target)
        except GitFailed as exc:
            files = _files_in_error(exc.stderr)
            if files or "would be overwritten" in exc.stderr:
                raise PublishError(
                    "ff_blocked", messages.FF_BLOCKED.format(remote=remote, files=_names(files) or "some files")
                ) from None
            raise self.failed("merge --ff-only", exc) from None
        except GitTimeout as exc:
            raise self.failed("merge --ff-only", exc) from None

    def rebase(self, onto: str, remote: str) -> None:
        """Rebase the branch's unpushed commits onto ``onto``; on a conflict, abort and explain."""
        dirty = [p for _, p in self.status(untracked=False)]
        if dirty:
            raise PublishError("diverged_dirty", messages.DIVERGED_DIRTY.format(remote=remote, files=_names(dirty)))
        try:
            self.run("rebase", "--no-autostash", "--quiet", onto)
        except (GitFailed, GitTimeout) as exc:
            conflicted = [p for xy, p in self.status(untracked=False) if "U" in xy or xy in ("AA", "DD")]
            self.run("rebase", "--abort", check=False)
            if conflicted or (isinstance(exc, GitFailed) and "conflict" in exc.stdout.lower() + exc.stderr.lower()):
                raise PublishError(
                    "conflict",
                    messages.REBASE_CONFLICT.format(
                        remote=remote, files=_names(conflicted) or "some files", path=self.root
                    ),
                ) from None
            raise self.failed("rebase", exc) from None

    def commit_paths(self, branch: str, parent: str | None, paths: Sequence[str], message: str) -> tuple[str, bool]:
        """Commit exactly ``paths`` as they are in the work tree (written or deleted) on top of ``parent`` and move
        the branch (compare-and-swap on ``parent``). Returns (commit, whether the real index already matches it).

        When the person has nothing staged, the real index is used, as ``git add`` + ``git commit`` would. When they
        have, a temporary index (HEAD plus our paths) is used instead, so their staged changes stay staged and out
        of our commit; the caller then syncs the real index for our paths only (:meth:`sync_index`)."""
        listing = b"".join(p.encode("utf-8") + b"\0" for p in paths)
        use_temp = parent is None or self.run("diff-index", "--cached", "--quiet", parent, check=False).returncode
        tmp_index = self.git_dir() / f"trailbook-index-{os.getpid()}"
        env = {"GIT_INDEX_FILE": str(tmp_index)} if use_temp else {}
        try:
            if use_temp:
                self.run("read-tree", *(["--empty"] if parent is None else [parent]), env=env)
            self.run("add", "-f", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=listing, env=env)
            tree = self.out("write-tree", env=env)
            args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent is not None else [])
            sha = self.out(*args, env=env)
            self.run("update-ref", "-m", "trailbook: publish", f"refs/heads/{branch}", sha, parent or "0" * 40)
        except (GitFailed, GitTimeout) as exc:
            if not use_temp:  # unstage what we staged in the real index
                self.run("reset", "-q", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=listing, check=False)
            raise self.failed("commit", exc) from None
        finally:
            tmp_index.unlink(missing_ok=True)
        return sha, not use_temp

    def sync_index(self, paths: Sequence[str]) -> None:
        """Make the real index agree with HEAD for ``paths`` only (after a commit built elsewhere)."""
        listing = b"".join(p.encode("utf-8") + b"\0" for p in paths)
        try:
            self.run("reset", "-q", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=listing)
        except (GitFailed, GitTimeout) as exc:
            raise self.failed("reset", exc) from None

    def move_branch_back(self, branch: str, current: str, original: str | None) -> None:
        """Undo our commits and fast-forwards like ``git checkout`` would: the index and work tree follow for the
        files that differ, and the person's own changes elsewhere (staged or not) stay as they are."""
        self.run("read-tree", "-m", "-u", current, original or EMPTY_TREE)
        if original is None:
            self.run("update-ref", "-d", f"refs/heads/{branch}", current)
        else:
            self.run("update-ref", "-m", "trailbook: undo publish", f"refs/heads/{branch}", original, current)
