"""Blogs: a local git clone plus how Trailbook writes posts into it. Create a new one, add an existing one, list,
change, remove.

"New blog…" scaffolds Trailbook's own site (``scaffold.scaffold_site``) into a new folder, makes it a git repository
with one first commit by the blog's author and sets the remote. "Use existing blog…" points at a clone the person
already has: the kind, the posts folder and the way its posts are written are read from the site
(:mod:`journal.publish.site`) and no file is written.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import select

from journal.dates import utcnow
from journal.db import Journal
from journal.errors import InvalidInput
from journal.models import BlogRow
from journal.outputs import refuse_journal_files
from journal.publish import messages
from journal.publish.gitops import Git, GitFailed, GitTimeout, Identity, git_version
from journal.publish.messages import PublishError
from journal.publish.scaffold import KINDS, SiteKind, SiteSettings, scaffold_site
from journal.publish.site import DEFAULT_HUGO_SECTION, detect_kind, read_site
from journal.settings import load_preferences

DEFAULT_CONTENT_DIR: dict[str, str] = {"hugo": f"content/{DEFAULT_HUGO_SECTION}", "jekyll": "_posts"}
HUGO_LAYOUTS = ("bundle", "flat")
MATTER_FORMATS = ("yaml", "toml")

DEFAULT_CATEGORIES = ("journal",)
MAX_CATEGORIES = 20
FALLBACK_IDENTITY = Identity("Trailbook", "trailbook@users.noreply.invalid")
_BRANCH_RE = re.compile(r"^(?!/|.*([/.]\.|//|@\{|\\))[^\x00-\x20~^:?*\[\x7f]+(?<![/.])\Z")
_SCP_LIKE_RE = re.compile(r"^[\w.-]+@[\w.-]+:[^\s]+\Z")


@dataclass(frozen=True)
class Blog:
    """A blog as callers see it (a snapshot; change it with :func:`update_blog`)."""

    id: int
    name: str
    kind: SiteKind
    path: Path
    branch: str
    remote: str
    content_dir: str
    hugo_layout: str
    front_matter: str
    base_url: str
    author_name: str
    author_email: str
    portfolio: bool
    created: dt.datetime
    math: str = "auto"  # how math is written: auto | mathml | tex (journal.publish.mathmode)
    categories: tuple[str, ...] = DEFAULT_CATEGORIES  # a post's categories when its entry names none

    @property
    def content_root(self) -> PurePosixPath:
        """The posts folder, relative to the blog's root."""
        return PurePosixPath(self.content_dir)


def _to_blog(row: BlogRow) -> Blog:
    return Blog(
        id=row.id,
        name=row.name,
        kind=row.kind,  # type: ignore[arg-type]
        path=Path(row.path),
        branch=row.branch,
        remote=row.remote,
        content_dir=row.content_dir,
        hugo_layout=row.hugo_layout,
        front_matter=row.front_matter,
        base_url=row.base_url,
        author_name=row.author_name,
        author_email=row.author_email,
        portfolio=row.portfolio,
        created=row.created,
        math=row.math,
        categories=_stored_categories(row.categories),
    )


def _stored_categories(stored: str | None) -> tuple[str, ...]:
    import json

    try:
        value = json.loads(stored or "[]")
    except ValueError:
        return DEFAULT_CATEGORIES
    return tuple(str(v) for v in value) if isinstance(value, list) else DEFAULT_CATEGORIES


def check_categories(values: Iterable[str]) -> tuple[str, ...]:
    """Categories as a post gets them: each trimmed, none empty or on several lines, each once (case kept)."""
    found: dict[str, str] = {}
    for value in values:
        clean = " ".join(str(value).split())
        if not clean:
            continue
        if len(clean) > 64 or any(unicodedata.category(c) == "Cc" for c in clean):
            raise InvalidInput(messages.CATEGORY_BAD.format(category=clean[:64]))
        found.setdefault(clean.casefold(), clean)
    if len(found) > MAX_CATEGORIES:
        raise InvalidInput(messages.CATEGORIES_TOO_MANY.format(limit=MAX_CATEGORIES))
    return tuple(found.values())


def categories_json(values: Iterable[str]) -> str:
    import json

    return json.dumps(list(check_categories(values)), ensure_ascii=False)


def _check_math(value: str) -> str:
    from journal.publish.mathmode import MATH_MODES

    return _check_choice(value, MATH_MODES, "how math is written")


def _check_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean or len(clean) > 64 or any(unicodedata.category(c) == "Cc" for c in name):
        raise InvalidInput(messages.BLOG_NAME_BAD)
    return clean


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise InvalidInput(messages.BLOG_BAD_VALUE.format(what=what, choices=", ".join(choices)))
    return value


def _check_branch(branch: str) -> str:
    branch = branch.strip()
    if not branch or not _BRANCH_RE.match(branch) or branch.endswith(".lock"):
        raise InvalidInput(messages.BLOG_BRANCH_BAD.format(branch=branch))
    return branch


def check_remote_url(url: str) -> str:
    """A remote address without credentials in it (those belong in the keyring)."""
    from urllib.parse import urlsplit

    url = url.strip()
    if "://" in url:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("https", "http", "ssh", "git", "file") or not (parts.netloc or parts.path):
            raise InvalidInput(messages.BLOG_REMOTE_BAD.format(url=url))
        if parts.password is not None or (parts.username and parts.scheme.lower() in ("https", "http")):
            raise InvalidInput(messages.BLOG_REMOTE_HAS_SECRET)
        return url
    if _SCP_LIKE_RE.match(url) or url.startswith(("/", "./", "../", "~")) or Path(url).is_absolute():
        return url
    raise InvalidInput(messages.BLOG_REMOTE_BAD.format(url=url))


def _content_dir(root: Path, folder: str) -> str:
    rel = PurePosixPath(folder.replace("\\", "/").strip().strip("/"))
    if not rel.parts or rel.is_absolute() or any(p in ("..", ".") for p in rel.parts):
        raise InvalidInput(messages.BLOG_CONTENT_OUTSIDE.format(folder=folder, root=root))
    resolved = (root / rel).resolve()
    if not resolved.is_relative_to(root.resolve()) or ".git" in rel.parts:
        raise InvalidInput(messages.BLOG_CONTENT_OUTSIDE.format(folder=folder, root=root))
    return rel.as_posix()


def identity_for(journal: Journal, blog: Blog) -> Identity:
    """The commit identity: the blog's author, else the preferences' author, else a neutral Trailbook identity."""
    prefs = load_preferences(journal.paths.settings)
    name = blog.author_name.strip() or prefs.author_name.strip()
    email = blog.author_email.strip() or prefs.author_email.strip()
    return Identity(name or FALLBACK_IDENTITY.name, email or FALLBACK_IDENTITY.email)


def list_blogs(journal: Journal) -> list[Blog]:
    with journal.reading() as session:
        return [_to_blog(r) for r in session.scalars(select(BlogRow).order_by(BlogRow.name))]


def get_blog(journal: Journal, name: str) -> Blog:
    with journal.reading() as session:
        row = session.scalar(select(BlogRow).where(BlogRow.name == name.strip()))
        if row is None:
            raise PublishError("blog_not_found", messages.BLOG_NOT_FOUND.format(name=name))
        return _to_blog(row)


def suggest_new_blog(journal: Journal, name: str = "notes", folder: Path | None = None) -> tuple[str, Path]:
    """A name no blog has ("notes", else "notes-2", "notes-3"…, names compared without case, as the database does)
    and a folder that is free for a new site (``~/blog``, else ``~/blog-2``…: missing or empty, and no blog's)."""
    base = folder if folder is not None else Path.home() / "blog"
    with journal.snapshot() as con:
        rows = con.execute("SELECT name, path FROM blogs").fetchall()
    names = {n.casefold() for n, _path in rows}
    paths = {Path(p).expanduser().absolute() for _name, p in rows}

    def free(path: Path) -> bool:
        path = path.expanduser().absolute()
        if path in paths or path.is_file():
            return False
        try:
            return not path.exists() or not any(path.iterdir())
        except OSError:  # unreadable: not a place to offer
            return False

    suffixes = ("", *(f"-{i}" for i in range(2, 1000)))
    chosen = next((f"{name}{s}" for s in suffixes if f"{name}{s}".casefold() not in names), name)
    place = next((p for s in suffixes if free(p := base.with_name(base.name + s))), base)
    return chosen, place


def _ensure_new_name(journal: Journal, name: str) -> None:
    with journal.reading() as session:
        if session.scalar(select(BlogRow.id).where(BlogRow.name == name)) is not None:
            raise InvalidInput(messages.BLOG_EXISTS.format(name=name))


def _insert(journal: Journal, **values: Any) -> Blog:
    with journal.writing() as session:
        if session.scalar(select(BlogRow.id).where(BlogRow.name == values["name"])) is not None:
            raise InvalidInput(messages.BLOG_EXISTS.format(name=values["name"]))
        row = BlogRow(created=utcnow(), **values)
        session.add(row)
        session.flush()
        return _to_blog(row)


def _check_git() -> None:
    version = git_version()
    if version[:2] < (2, 28):
        raise PublishError("git_too_old", messages.GIT_TOO_OLD.format(version=".".join(map(str, version))))


def new_blog(
    journal: Journal,
    name: str,
    path: Path,
    kind: str,
    *,
    remote_url: str | None = None,
    title: str | None = None,
    base_url: str = "",
    author_name: str = "",
    author_email: str = "",
    description: str = "",
    branch: str = "main",
    hugo_layout: str = "bundle",
    front_matter: str = "yaml",
    portfolio: bool = True,
    math: str = "auto",
    categories: Iterable[str] = DEFAULT_CATEGORIES,
) -> Blog:
    """Scaffold a working site in a new (or empty) folder, ``git init`` it with a first commit, set the remote."""
    name = _check_name(name)
    kind = _check_choice(kind, KINDS, "the kind of site")
    _check_choice(hugo_layout, HUGO_LAYOUTS, "the Hugo layout")
    _check_choice(front_matter, MATTER_FORMATS if kind == "hugo" else ("yaml",), "the front matter format")
    branch = _check_branch(branch)
    remote = check_remote_url(remote_url) if remote_url else None
    math = _check_math(math)
    categories_text = categories_json(categories)
    _ensure_new_name(journal, name)
    _check_git()
    path = Path(path).expanduser().absolute()
    refuse_journal_files(journal.paths, path, folder=True)  # a blog is never made in or around the journal's files
    prefs = load_preferences(journal.paths.settings)
    author = author_name.strip() or prefs.author_name.strip()
    settings = SiteSettings(kind, (title or name).strip(), base_url, author, description)  # type: ignore[arg-type]
    existed = path.exists()
    files = scaffold_site(path, settings)  # validates the settings and that the folder is empty
    draft = Blog(
        0,
        name,
        kind,
        path,
        branch,
        "origin",
        DEFAULT_CONTENT_DIR[kind],
        hugo_layout,
        front_matter,  # type: ignore[arg-type]
        base_url.strip(),
        author_name.strip(),
        author_email.strip(),
        portfolio,
        utcnow(),
    )
    git = Git(path, identity_for(journal, draft), blog_name=name)
    try:
        git.run("init", "-q", "-b", branch)
        _sha, synced = git.commit_paths(branch, None, [f.as_posix() for f in files], messages.BLOG_NEW_COMMIT)
        if not synced:
            git.run("reset", "-q")  # the real index matches the first commit
        if remote:
            git.run("remote", "add", "origin", remote)
            git.run("config", f"branch.{branch}.remote", "origin")
            git.run("config", f"branch.{branch}.merge", f"refs/heads/{branch}")
    except (GitFailed, GitTimeout) as exc:
        _remove_new_folder(path, existed)
        raise git.failed("init", exc) from None
    except BaseException:
        _remove_new_folder(path, existed)
        raise
    from journal.publish.scaffold import _normalise_base_url

    return _insert(
        journal,
        name=name,
        kind=kind,
        path=str(path),
        branch=branch,
        remote="origin",
        content_dir=DEFAULT_CONTENT_DIR[kind],
        hugo_layout=hugo_layout,
        front_matter=front_matter,
        base_url=_normalise_base_url(base_url),
        author_name=author_name.strip(),
        author_email=author_email.strip(),
        portfolio=portfolio,
        math=math,
        categories=categories_text,
    )


def _remove_new_folder(path: Path, existed: bool) -> None:
    """Undo a half-made new blog: it was a new or empty folder, so nothing of the person's is in it."""
    if existed:
        for child in path.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def add_blog(
    journal: Journal,
    name: str,
    path: Path,
    *,
    kind: str | None = None,
    branch: str | None = None,
    content_dir: str | None = None,
    remote: str = "origin",
    base_url: str = "",
    author_name: str = "",
    author_email: str = "",
    hugo_layout: str | None = None,
    front_matter: str | None = None,
    portfolio: bool = False,
    math: str = "auto",
    categories: Iterable[str] = DEFAULT_CATEGORIES,
) -> Blog:
    """Register a clone the person already has. Nothing in it is written or changed. What is not given is read from
    the site: its kind, its posts folder, and whether its posts are page bundles and TOML or YAML."""
    name = _check_name(name)
    math = _check_math(math)
    categories_text = categories_json(categories)
    _ensure_new_name(journal, name)
    _check_git()
    path = Path(path).expanduser().absolute()
    refuse_journal_files(journal.paths, path, folder=True)  # publishing writes posts into it
    if not path.is_dir():
        raise InvalidInput(messages.BLOG_NOT_A_FOLDER.format(path=path))
    git = Git(path)
    result = git.run("rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise InvalidInput(messages.BLOG_NOT_A_REPO.format(path=path))
    top = Path(result.stdout.strip())
    if top.resolve() != path.resolve():
        raise InvalidInput(messages.BLOG_NOT_REPO_ROOT.format(path=path, root=top))
    detected = detect_kind(path)
    if kind is None:
        if detected is None:
            raise InvalidInput(messages.BLOG_NO_SITE.format(path=path))
        kind = detected
    kind = _check_choice(kind, KINDS, "the kind of site")
    site = read_site(path, kind)  # type: ignore[arg-type]
    if hugo_layout is None:
        hugo_layout = "flat" if site.style.bundles is False else "bundle"
    if front_matter is None:
        front_matter = site.style.format if kind == "hugo" else "yaml"
    _check_choice(hugo_layout, HUGO_LAYOUTS, "the Hugo layout")
    _check_choice(front_matter, MATTER_FORMATS if kind == "hugo" else ("yaml",), "the front matter format")
    folder = _content_dir(path, content_dir if content_dir is not None else site.content_dir)
    branch = _check_branch(branch or git.branch() or "main")
    from journal.publish.scaffold import _normalise_base_url

    return _insert(
        journal,
        name=name,
        kind=kind,
        path=str(path),
        branch=branch,
        remote=remote.strip() or "origin",
        content_dir=folder,
        hugo_layout=hugo_layout,
        front_matter=front_matter,
        base_url=_normalise_base_url(base_url),
        author_name=author_name.strip(),
        author_email=author_email.strip(),
        portfolio=portfolio,
        math=math,
        categories=categories_text,
    )


_EDITABLE = {
    "branch",
    "remote",
    "content_dir",
    "hugo_layout",
    "front_matter",
    "base_url",
    "author_name",
    "author_email",
    "portfolio",
    "math",
    "categories",
}


def update_blog(journal: Journal, name: str, **changes: Any) -> Blog:
    """Change a blog's settings (not its name, kind or folder)."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} of a blog")
    current = get_blog(journal, name)
    if "branch" in changes:
        changes["branch"] = _check_branch(changes["branch"])
    if "content_dir" in changes:
        changes["content_dir"] = _content_dir(current.path, changes["content_dir"])
    if "hugo_layout" in changes:
        _check_choice(changes["hugo_layout"], HUGO_LAYOUTS, "the Hugo layout")
    if "front_matter" in changes:
        allowed = MATTER_FORMATS if current.kind == "hugo" else ("yaml",)
        _check_choice(changes["front_matter"], allowed, "the front matter format")
    if "base_url" in changes:
        from journal.publish.scaffold import _normalise_base_url

        changes["base_url"] = _normalise_base_url(changes["base_url"])
    if "math" in changes:
        changes["math"] = _check_math(changes["math"])
    if "categories" in changes:
        changes["categories"] = categories_json(changes["categories"])
    with journal.writing() as session:
        row = session.get(BlogRow, current.id)
        assert row is not None
        for key, value in changes.items():
            setattr(row, key, value)
        session.flush()
        return _to_blog(row)


def remove_blog(journal: Journal, name: str) -> Blog:
    """Forget a blog and its publication records. Its folder and repository are left as they are."""
    blog = get_blog(journal, name)
    with journal.writing() as session:
        row = session.get(BlogRow, blog.id)
        if row is not None:
            session.delete(row)
    from journal.publish import credentials

    credentials.delete_token(blog.name)
    return replace(blog)
