"""Safe git for publishing, through GitPython: its ``Repo`` reads the repository's state (HEAD, the branch, the git
folder) in-process from the ref files, and its command runner (``git.cmd.Git``, what ``Repo.git`` is) runs every
command that changes something or talks to the network.

GitPython starts each command as a subprocess of the git command line, so staging stays ``git add`` (15x faster than
``repo.index.add`` on 1,000 files) and the whole publish costs what plain git costs (``bench/bench_git.py``). What
GitPython does not do by itself is added here, on every call:

- A timeout (git runs in a session of its own, so git and every helper it started, ssh or git-remote-https, are
  killed together), and no terminal: a missing login fails fast instead of waiting on a prompt that nobody
  sees (``GIT_TERMINAL_PROMPT=0``, batch-mode SSH).
- ``LC_ALL=C`` (messages we can classify), literal pathspecs, no optional locks, the blog's author identity in the
  environment (publishing works with no global git identity), and every variable that could point git at another
  repository (``GIT_DIR``, ``GIT_INDEX_FILE``… inherited from whoever started Trailbook) pinned to the blog's own.
- A commit is built in a temporary index holding HEAD plus only the files Trailbook wrote, so the person's own staged
  and unstaged changes stay exactly as they were, staged or not. Never ``git add -A``.
- Every push is checked (its per-ref status, not only the exit code: GitPython's ``push()`` does not raise on a
  rejected push, so ``git push --porcelain`` is read here). Never a force-push.
- Any failure is turned into a :class:`PublishError` with a plain message and a way forward; git's own words pass
  through :func:`messages.redact`, so no token or ``user:password@`` ever reaches a message.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # GitPython is imported when a Git is made: it runs `git version` as it loads
    import git

log = logging.getLogger("trailbook.publish")

LOCAL_TIMEOUT_S = 60.0
NETWORK_TIMEOUT_S = 90.0
MIN_GIT = (2, 28)
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_REPOSITORY_ENV = (  # variables that would point git at another repository than the blog's
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


def _runner(root: Path) -> git.cmd.Git:
    """GitPython's command runner in ``root`` (imported here, after git is known to be installed: GitPython refuses
    to load without it)."""
    git_program()
    from git.cmd import Git as Runner

    return Runner(str(root))


def git_version() -> tuple[int, ...]:
    """The installed git's version (GitPython asks once per process)."""
    from git.exc import GitCommandError

    try:
        return tuple(int(x) for x in _runner(Path.cwd()).version_info[:3])
    except (GitCommandError, OSError, ValueError):
        return (0, 0, 0)


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _read(path: Path) -> str:
    """A trace file git may not have written (nothing to trace, or an old git)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _enclosing_work_tree(root: Path) -> Path:
    """The folder holding the ``.git`` that ``root`` is in (``root`` itself before ``git init``)."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root


class Git:
    """git in one work tree. ``run`` raises GitFailed / GitTimeout; the helpers below raise PublishError."""

    def __init__(
        self,
        root: Path,
        identity: Identity | None = None,
        *,
        credentials: Credentials | None = None,
        timeout: float | None = None,
        network_timeout: float | None = None,
        blog_name: str = "NAME",
    ) -> None:
        self.root = Path(root)
        self.blog_name = blog_name
        self.identity = identity
        self.credentials = credentials or Credentials()
        self.timeout = LOCAL_TIMEOUT_S if timeout is None else timeout
        self.network_timeout = NETWORK_TIMEOUT_S if network_timeout is None else network_timeout
        self._program = git_program()
        self._cmd = _runner(self.root)
        self._repo: git.Repo | None = None
        self._env = self._base_env()
        self._ssh_checked = False
        self._remote_urls: dict[str, str | None] = {}

    # --- running ----------------------------------------------------------------------------------------------------
    def _base_env(self) -> dict[str, str]:
        """What every call sets over this process's environment (GitPython starts each git from a copy of it)."""
        env = self._pinned_repository()
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

    def _pinned_repository(self) -> dict[str, str]:
        """Inherited variables that would send git to another repository (Trailbook started from a git hook, say),
        each set to what git finds for the blog's own folder. Nothing when none is set (the usual case)."""
        inherited = [name for name in _REPOSITORY_ENV if name in os.environ]
        if not inherited:
            return {}
        work = _enclosing_work_tree(self.root)
        git_dir = common = work / ".git"
        try:
            from git import Repo

            found = Repo(str(work), expand_vars=False)
            git_dir, common = Path(found.git_dir), Path(found.common_dir)
        except Exception:  # not a repository yet (before `git init`), or unreadable: the default layout
            pass
        pinned = {
            "GIT_DIR": str(git_dir),
            "GIT_WORK_TREE": str(work),
            "GIT_INDEX_FILE": str(git_dir / "index"),
            "GIT_OBJECT_DIRECTORY": str(common / "objects"),
            "GIT_COMMON_DIR": str(common),
        }
        return {name: pinned.get(name, "") for name in inherited}

    def run(
        self,
        *args: str,
        network: bool = False,
        stdin: bytes | None = None,
        env: dict[str, str] | None = None,
        check: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``git args`` in the work tree; stdout and stderr come back as text."""
        code, out, err = self._execute(args, network=network, stdin=stdin, env=env)
        result = subprocess.CompletedProcess([self._program, *args], code, _decode(out), err)
        if check and code != 0:
            raise GitFailed(args, code, result.stdout, result.stderr)
        return result

    def _execute(
        self, args: Sequence[str], *, network: bool, stdin: bytes | None, env: dict[str, str] | None
    ) -> tuple[int, bytes, str]:
        """One git command through GitPython: (exit status, stdout as bytes, stderr as text); GitTimeout when it ran
        over."""
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
        # GitPython starts the process (as_process: it hands back the Popen); the wait is ours, so no watchdog thread
        # per call, and a timeout stops the whole session git started (ssh, git-remote-https, a hook) at once.
        started = self._cmd.execute(
            argv,
            as_process=True,
            istream=subprocess.PIPE if stdin is not None else None,
            env=full_env,
            start_new_session=True,  # no controlling terminal: nothing can prompt on it
        )
        proc = started.proc
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
        return proc.returncode, out, _decode(err)

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
    @property
    def repo(self) -> git.Repo:
        """GitPython's ``Repo`` of the work tree, for reading its state (made on first use: the folder may become a
        repository only after ``git init``)."""
        if self._repo is None:
            from git import Repo
            from git.exc import InvalidGitRepositoryError, NoSuchPathError

            try:
                self._repo = Repo(str(self.root), expand_vars=False)
            except (InvalidGitRepositoryError, NoSuchPathError):
                raise PublishError("repo_gone", messages.REPO_GONE.format(path=self.root)) from None
        return self._repo

    def git_dir(self) -> Path:
        return Path(os.path.abspath(self.repo.git_dir))

    def git_path(self, name: str) -> Path:
        path = Path(self.out("rev-parse", "--git-path", name))
        return path if path.is_absolute() else self.root / path

    def head(self) -> str | None:
        """The commit HEAD is at, read from the ref files (None on a branch with no commit yet)."""
        from git.refs.symbolic import SymbolicReference

        try:
            return SymbolicReference.dereference_recursive(self.repo, "HEAD")
        except ValueError:  # an unborn branch
            return None

    def branch(self) -> str | None:
        """The branch HEAD is on (None when it is detached)."""
        head = self.repo.head
        if head.is_detached:
            return None
        return head.reference.path.removeprefix("refs/heads/")

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
        code, out, _err = self._execute(["cat-file", "blob", f"{rev}:{path}"], network=False, stdin=None, env=None)
        return out if code == 0 else None

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
