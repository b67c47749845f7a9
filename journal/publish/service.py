"""Publish and unpublish as generator jobs (``journal.jobs``): each step yields its progress, and any failure leaves
the blog repository as the person had it.

The steps: check the repository (not mid-merge, on its branch, no stale lock); fetch; bring the branch up to date
(fast-forward, or rebase unpushed commits; never a force-push); plan against the updated folder; refuse when the
remote changed one of our posts, or the person has uncommitted changes at a path we write; write the files; commit
only those files (through a temporary index); push and check the result; record the publication. When the remote
moved between our fetch and our push, everything is undone and tried again from the fetch (at most three times).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from journal import queries
from journal.db import Journal
from journal.entries import Entry, find_row, get_entry
from journal.errors import EntryNotFound, TrailbookError
from journal.fileio import atomic_write_bytes
from journal.jobs import Job, Progress
from journal.publish import credentials, messages, publications
from journal.publish.blogs import Blog, get_blog, identity_for
from journal.publish.gitops import Git, GitFailed, GitTimeout
from journal.publish.messages import PublishError
from journal.publish.plan import REFUSED, UNCHANGED, FileChange, Plan, plan_publish, plan_unpublish

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the index.lock check still guards git itself
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("trailbook.publish")
MAX_ATTEMPTS = 3
STEPS = 8


@dataclass(frozen=True)
class PostResult:
    entry_id: str
    title: str
    slug: str
    path: str
    status: str
    url: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishResult:
    """What a publish or unpublish did: the commit (None when nothing changed), whether it was pushed, the files."""

    blog: str
    action: str
    commit: str | None
    pushed: bool
    files: tuple[str, ...]
    posts: tuple[PostResult, ...]
    message: str = ""
    draft: bool = False


def load_entries(journal: Journal, refs: Sequence[str]) -> list[Entry]:
    """The entries named by ids or unique id prefixes, in the order given, each once (full ids in one query; read as
    every other path reads them, ``journal.queries``)."""
    wanted = [ref.strip().lower() for ref in refs]
    by_uuid = queries.entries_by_id(journal, [ref for ref in wanted if len(ref) == 36])
    found: dict[str, Entry] = {}
    for ref in wanted:
        entry = by_uuid.get(ref) or get_entry(journal, ref)
        found.setdefault(entry.id, entry)
    return list(found.values())


def plan(
    journal: Journal, blog_name: str, refs: Sequence[str], action: str = "publish", *, draft: bool = False
) -> Plan:
    """The plan the publish dialog and ``--dry-run`` show (no git, no network, nothing written)."""
    blog = get_blog(journal, blog_name)
    if action == "unpublish":
        return plan_unpublish(journal, blog, _unpublish_targets(journal, blog, refs))
    return plan_publish(journal, blog, load_entries(journal, refs), draft=draft)


def _unpublish_targets(journal: Journal, blog: Blog, refs: Sequence[str]) -> list[tuple[str, str, dt.date]]:
    """(UUID, title, day) per ref; an entry deleted for good is still found by its full UUID in the records."""
    targets: dict[str, tuple[str, str, dt.date]] = {}
    for ref in refs:
        try:
            with journal.reading() as session:
                row = find_row(session, ref)
                targets.setdefault(row.uuid, (row.uuid, row.title, row.day))
        except EntryNotFound:
            last = publications.latest(journal, blog.id, [ref.strip().lower()])
            if not last:
                raise
            uuid = next(iter(last))
            targets.setdefault(uuid, (uuid, uuid[:8], dt.date.today()))
    return list(targets.values())


@contextmanager
def _blog_lock(git_dir: Path) -> Iterator[None]:
    """One Trailbook publish per blog at a time (the app and the command line alike)."""
    if fcntl is None:
        yield
        return
    path = git_dir / "trailbook-publish.lock"
    handle = open(path, "a+b")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError("busy", messages.BUSY) from None
        yield
    finally:
        handle.close()


@dataclass
class _Undo:
    """What this attempt changed, so any failure can put the repository back as the person had it."""

    git: Git
    branch: str
    start: str | None
    backups: dict[str, bytes | None] = field(default_factory=dict)
    made_dirs: list[Path] = field(default_factory=list)
    commit: str | None = None
    index_synced: bool = False
    done: bool = False

    def write(self, root: Path, changes: Sequence[FileChange]) -> None:
        known: set[str] = set()  # folders seen to exist (each checked once, not once per file)
        for change in changes:
            target = os.path.join(root, change.path)
            if change.path not in self.backups:
                try:
                    with open(target, "rb") as handle:
                        self.backups[change.path] = handle.read()
                except FileNotFoundError:
                    self.backups[change.path] = None
            if change.deletes:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)
                continue
            self._make_parents(root, change.path, known)
            if change.source is not None:
                shutil.copyfile(change.source, target)
            else:
                assert change.data is not None
                _replace_file(Path(target), change.data)
        for change in changes:
            if change.deletes:
                _remove_empty_dirs((root / change.path).parent, root)

    def _make_parents(self, root: Path, rel: str, known: set[str]) -> None:
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder in known:
                continue
            path = root / folder
            if not path.is_dir():
                path.mkdir()
                self.made_dirs.append(path)
            known.add(folder)

    def rollback(self) -> None:
        if self.done:
            return
        git, root = self.git, self.git.root
        try:
            head = git.head()
            if self.commit is not None and not self.index_synced and head == self.commit:
                # The branch moved but the index never did: move the branch back, then restore the files.
                git.run(
                    "update-ref",
                    "-m",
                    "trailbook: undo publish",
                    f"refs/heads/{self.branch}",
                    self.start or "0" * 40,
                    self.commit,
                )
                head = self.start
            elif head != self.start and head is not None:
                git.move_branch_back(self.branch, head, self.start)
                head = self.start
            for rel, data in self.backups.items():
                target = root / rel
                if data is None:
                    target.unlink(missing_ok=True)
                elif not target.is_file() or target.read_bytes() != data:
                    atomic_write_bytes(target, data)
            for folder in reversed(self.made_dirs):
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
        except (OSError, GitFailed, GitTimeout) as exc:  # keep the first error; say what could not be undone
            log.error("could not fully undo the publish attempt in %s: %s", root, exc)
        self.done = True


def _replace_file(target: Path, data: bytes) -> None:
    """Write through a temporary file and rename, so a crash never leaves half a post. No fsync per file: the commit
    that follows is what makes the publish durable (and a failed one is undone)."""
    tmp = target.with_name(f".{target.name}.trailbook-tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _remove_empty_dirs(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _commit_message(plan: Plan, custom: str | None) -> str:
    if custom and custom.strip():
        return custom.strip() + "\n"
    changed = [p for p in plan.posts if p.status not in (REFUSED, UNCHANGED)]
    one, many = (
        (messages.COMMIT_PUBLISH_ONE, messages.COMMIT_PUBLISH_MANY)
        if plan.action == "publish"
        else (messages.COMMIT_UNPUBLISH_ONE, messages.COMMIT_UNPUBLISH_MANY)
    )
    if len(changed) == 1:
        subject = one.format(title=" ".join(changed[0].title.split()))
    elif changed:
        subject = many.format(n=len(changed))
    else:
        subject = messages.COMMIT_PORTFOLIO
    return f"{subject}\n\n{messages.COMMIT_TRAILER}\n"


def _integrate(git: Git, blog: Blog, start: str | None, remote_tip: str | None) -> None:
    """Bring the branch up to date with the remote: fast-forward, or rebase the unpushed commits onto it."""
    if remote_tip is None or start == remote_tip:
        return
    if start is None or git.is_ancestor(start, remote_tip):
        git.fast_forward(remote_tip, blog.remote)
    elif not git.is_ancestor(remote_tip, start):
        git.rebase(remote_tip, blog.remote)


def _check_remote_changes(git: Git, blog: Blog, plan: Plan, start: str | None, remote_tip: str | None) -> None:
    """Refuse when commits that came from the remote changed a post this plan writes or removes."""
    if remote_tip is None or start is None or git.is_ancestor(remote_tip, start):
        return
    base = git.merge_base(start, remote_tip)
    touched = sorted(git.changed_between(base, remote_tip) & plan.guarded)
    if not touched:
        return
    sha, subject = git.subject(git.last_commit_touching(base, remote_tip, touched))
    raise PublishError(
        "conflict",
        messages.CONFLICT_REMOTE.format(
            files=", ".join(touched), remote=blog.remote, sha=sha, subject=subject, path=blog.path
        ),
    )


def _refuse(plan: Plan) -> None:
    if plan.refused:
        raise PublishError(
            "private" if any("private" in (p.refusal or "") for p in plan.refused) else "refused",
            "; ".join(p.refusal or "" for p in plan.refused),
        )


def _refuse_private(entries: Sequence[Entry]) -> None:
    """Private and trashed entries are refused before the blog is even looked at."""
    private = [messages.PRIVATE_REFUSED.format(title=e.title) for e in entries if e.private]
    trashed = [messages.TRASHED_REFUSED.format(title=e.title) for e in entries if e.in_trash and not e.private]
    if private or trashed:
        raise PublishError("private" if private else "refused", "; ".join(private + trashed))


def _result(plan: Plan, commit: str | None, pushed: bool, message: str) -> PublishResult:
    posts = tuple(PostResult(p.entry_id, p.title, p.slug, p.path, p.status, p.url, p.warnings) for p in plan.posts)
    return PublishResult(plan.blog.name, plan.action, commit, pushed, tuple(plan.paths), posts, message, plan.draft)


def run_publish(
    journal: Journal,
    blog_name: str,
    refs: Sequence[str],
    *,
    action: str = "publish",
    push: bool = True,
    message: str | None = None,
    draft: bool = False,
) -> Job[PublishResult]:
    """Publish (or, with ``action="unpublish"``, remove) entries on a blog; yields Progress, returns PublishResult.
    ``draft``: the posts go out as drafts, which the site does not show until they are published without it."""
    yield Progress(0, STEPS, messages.STEP_CHECK)
    blog = get_blog(journal, blog_name)
    if action == "publish":
        entries = load_entries(journal, refs)
        _refuse_private(entries)
        targets: list[tuple[str, str, dt.date]] = []
    else:
        entries = []
        targets = _unpublish_targets(journal, blog, refs)
    git = Git(blog.path, identity_for(journal, blog), blog_name=blog.name)
    git.preflight(blog.branch)
    remote_url = git.remote_url(blog.remote) if push else None
    if push and remote_url is None:
        raise PublishError("no_remote", messages.NO_REMOTE.format(remote=blog.remote, path=blog.path))
    with _blog_lock(git.git_dir()), credentials.for_remote(blog.name, remote_url) as creds:
        git.credentials = creds
        for _attempt in range(MAX_ATTEMPTS):
            outcome = yield from _attempt_once(journal, git, blog, entries, targets, action, push, message, draft)
            if outcome is not None:
                return outcome
        raise PublishError("remote_moved", messages.REMOTE_MOVED_AGAIN.format(tries=MAX_ATTEMPTS))


def _attempt_once(
    journal: Journal,
    git: Git,
    blog: Blog,
    entries: list[Entry],
    targets: list[tuple[str, str, dt.date]],
    action: str,
    push: bool,
    message: str | None,
    draft: bool = False,
) -> Job[PublishResult | None]:
    start = git.head()
    undo = _Undo(git, blog.branch, start)
    try:
        remote_tip = None
        if push:
            yield Progress(1, STEPS, messages.STEP_FETCH.format(remote=blog.remote))
            remote_tip = git.fetch(blog.remote, blog.branch)
        yield Progress(2, STEPS, messages.STEP_UPDATE.format(branch=blog.branch))
        _integrate(git, blog, start, remote_tip)
        yield Progress(3, STEPS, messages.STEP_RENDER)
        if action == "publish":
            plan = plan_publish(journal, blog, entries, diffs=False, draft=draft)
        else:
            plan = plan_unpublish(journal, blog, targets)
        _refuse(plan)
        _check_remote_changes(git, blog, plan, start, remote_tip)
        git.check_clean(plan.paths)
        commit: str | None = None
        if plan.changes:
            yield Progress(4, STEPS, messages.STEP_WRITE.format(n=len(plan.paths)))
            undo.write(blog.path, plan.changes)
            yield Progress(5, STEPS, messages.STEP_COMMIT)
            commit, synced = git.commit_paths(blog.branch, git.head(), plan.paths, _commit_message(plan, message))
            undo.commit = commit
            if not synced:
                git.sync_index(plan.paths)
            undo.index_synced = True
        head = git.head()
        pushed = False
        if push and head is not None and head != remote_tip:
            yield Progress(6, STEPS, messages.STEP_PUSH.format(remote=blog.remote))
            if not git.push(blog.remote, blog.branch):
                undo.rollback()
                return None  # the remote moved meanwhile: try again from the fetch
            pushed = True
        undo.done = True  # from here on nothing is undone: the commit is in the branch (and maybe on the remote)
        on_remote = push and (pushed or head == remote_tip)
        records = [p.record for p in plan.posts if p.record is not None and p.status != REFUSED]
        try:
            if records:
                publications.record(journal, blog.id, records, commit or head or "", pushed=on_remote)
            elif on_remote:
                publications.mark_pushed(journal, blog.id)
        except TrailbookError as exc:
            raise PublishError(
                "record_failed", messages.RECORD_FAILED.format(sha=(commit or "")[:7], detail=exc.message)
            ) from exc
        yield Progress(STEPS, STEPS, messages.STEP_RECORD if commit else messages.STEP_NOTHING)
        text = "" if commit else messages.STEP_NOTHING
        return _result(plan, commit, pushed, text)
    except BaseException:
        undo.rollback()
        raise


def publish(
    journal: Journal,
    blog_name: str,
    refs: Sequence[str],
    *,
    push: bool = True,
    message: str | None = None,
    draft: bool = False,
) -> Job[PublishResult]:
    """Publish entries (ids or unique prefixes) to a blog (as drafts with ``draft``)."""
    return run_publish(journal, blog_name, refs, action="publish", push=push, message=message, draft=draft)


def unpublish(
    journal: Journal, blog_name: str, refs: Sequence[str], *, push: bool = True, message: str | None = None
) -> Job[PublishResult]:
    """Remove entries' posts (and their images) from a blog in one commit."""
    return run_publish(journal, blog_name, refs, action="unpublish", push=push, message=message)


def update_from_remote(journal: Journal, blog_name: str) -> Job[str | None]:
    """Fetch and fast-forward (or rebase unpushed commits): "Update from remote". Returns the new HEAD."""
    blog = get_blog(journal, blog_name)
    yield Progress(0, 3, messages.STEP_CHECK)
    git = Git(blog.path, identity_for(journal, blog), blog_name=blog.name)
    git.preflight(blog.branch)
    url = git.remote_url(blog.remote)
    if url is None:
        raise PublishError("no_remote", messages.NO_REMOTE.format(remote=blog.remote, path=blog.path))
    with _blog_lock(git.git_dir()), credentials.for_remote(blog.name, url) as creds:
        git.credentials = creds
        yield Progress(1, 3, messages.STEP_FETCH.format(remote=blog.remote))
        start = git.head()
        tip = git.fetch(blog.remote, blog.branch)
        yield Progress(2, 3, messages.STEP_UPDATE.format(branch=blog.branch))
        undo = _Undo(git, blog.branch, start)
        try:
            _integrate(git, blog, start, tip)
        except BaseException:
            undo.rollback()
            raise
    return git.head()
