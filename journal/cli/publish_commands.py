"""The publishing sub-commands: ``blog new|add|set|adopt|list|remove|login``, ``publish``, ``unpublish``,
``published``, and the post options of ``new`` and ``edit`` (summary, categories, cover, publish date).

Registered by :func:`add_publish_commands` (one call in ``build_parser``). Nothing heavy is imported until a command
runs, so ``trailbook --help`` and the other commands start as fast as before. A refusal or a git failure exits 1 with
one line on stderr (``trailbook: error: …``); with ``--json`` a JSON object naming the error is printed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journal.publish.publications import PublishedPost

HELP_BLOG = "manage the blogs you publish to (a local git clone of each)"
HELP_PUBLISH = "publish entries as posts to a blog: write, commit, push"
HELP_UNPUBLISH = "remove entries' posts (and their images) from a blog"
HELP_PUBLISHED = "where each entry is published, and whether it changed since"
MATH_CHOICES = ("auto", "mathml", "tex")
HELP_MATH = "how math is written: auto (chosen from the site), mathml, or tex for the site's MathJax/KaTeX"
HELP_CATEGORIES = "a post's categories when its entry names none, comma-separated (default: journal)"
STATUS_WORDS = {"new": "new", "updated": "updated", "unchanged": "unchanged", "refused": "refused", "remove": "removed"}


def add_publish_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add the publishing sub-commands to the ``trailbook`` parser."""
    blog = sub.add_parser("blog", parents=[common], help=HELP_BLOG, description=HELP_BLOG)
    blog.set_defaults(handler=cmd_blog_list, json=False)
    actions = blog.add_subparsers(dest="blog_command", metavar="ACTION")

    p = actions.add_parser("new", parents=[common], help="create a new Hugo or Jekyll blog in a new folder")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--path", metavar="DIR", required=True, help="a new or empty folder for the blog")
    p.add_argument("--kind", choices=("hugo", "jekyll"), required=True)
    p.add_argument("--remote", metavar="URL", help="the git remote to push to (e.g. git@github.com:you/blog.git)")
    p.add_argument("--title", metavar="T", help="the blog's title (default: NAME)")
    p.add_argument(
        "--base-url", metavar="URL", default="", help="where it will be served, e.g. https://you.github.io/blog/"
    )
    _blog_post_options(p)
    p.set_defaults(handler=cmd_blog_new)

    p = actions.add_parser("add", parents=[common], help="use a clone of a blog you already have")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--path", metavar="DIR", required=True, help="the top folder of the blog's git clone")
    p.add_argument("--kind", choices=("hugo", "jekyll"), help="default: detected")
    p.add_argument("--branch", metavar="B", help="the branch to publish to (default: the current one)")
    p.add_argument("--content-dir", metavar="D", help="the posts folder, relative to DIR (default: detected)")
    _blog_post_options(p)
    p.set_defaults(handler=cmd_blog_add)

    p = actions.add_parser("set", parents=[common], help="change a blog's settings")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--math", choices=MATH_CHOICES, help=HELP_MATH)
    p.add_argument("--categories", metavar="LIST", help=HELP_CATEGORIES.replace(" (default: journal)", ""))
    p.add_argument("--base-url", metavar="URL", help="where the site is served, e.g. https://you.github.io/blog/")
    p.add_argument("--branch", metavar="B", help="the branch to publish to")
    p.add_argument("--content-dir", metavar="D", help="the posts folder, relative to the blog's folder")
    p.add_argument("--portfolio", choices=("on", "off"), help="write the portfolio data file on each publish")
    p.set_defaults(handler=cmd_blog_set)

    p = actions.add_parser(
        "adopt", parents=[common], help="make entries of the posts the blog already has, linked to their files"
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("--dry-run", action="store_true", help="show what would be adopted; change nothing")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=cmd_blog_adopt)

    p = actions.add_parser("list", parents=[common], help="list your blogs")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=cmd_blog_list)

    p = actions.add_parser("remove", parents=[common], help="forget a blog (its folder is left as it is)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_blog_remove)

    p = actions.add_parser("login", parents=[common], help="store a personal access token for an https remote")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_blog_login)

    p = sub.add_parser("publish", parents=[common], help=HELP_PUBLISH, description=HELP_PUBLISH)
    p.add_argument("ids", metavar="ID", nargs="+", help="entry ids or unique prefixes")
    p.add_argument("--to", metavar="NAME", required=True, dest="blog", help="the blog")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--no-push", action="store_true", help="commit in the blog folder but do not push")
    p.add_argument("--message", metavar="M", help="the commit message")
    p.add_argument("--draft", action="store_true", help="as drafts: the site shows them once published without it")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=cmd_publish)

    p = sub.add_parser("unpublish", parents=[common], help=HELP_UNPUBLISH, description=HELP_UNPUBLISH)
    p.add_argument("ids", metavar="ID", nargs="+", help="entry ids or unique prefixes")
    p.add_argument("--from", metavar="NAME", required=True, dest="blog", help="the blog")
    p.add_argument("--no-push", action="store_true", help="commit in the blog folder but do not push")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=cmd_unpublish)

    p = sub.add_parser("published", parents=[common], help=HELP_PUBLISHED, description=HELP_PUBLISHED)
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=cmd_published)


def _blog_post_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--math", choices=MATH_CHOICES, default="auto", help=HELP_MATH + " (default: auto)")
    p.add_argument("--categories", metavar="LIST", default="journal", help=HELP_CATEGORIES)


def add_post_options(p: argparse.ArgumentParser) -> None:
    """The options of ``new`` and ``edit`` for the fields only a post has (``edit`` with any of them sets them and
    opens no editor). An empty value puts a field back to its default."""
    p.add_argument("--summary", metavar="TEXT", help="the post's summary (its description in link previews)")
    p.add_argument(
        "--category",
        metavar="C",
        action="append",
        help="a category of its post (repeatable); an empty one stops setting them: a new post gets the blog's",
    )
    p.add_argument("--cover", metavar="IMAGE", help="the post's cover image: a file, or one of the entry's images")
    p.add_argument(
        "--publish-date",
        metavar="WHEN",
        help="when the post is dated (YYYY-MM-DD or YYYY-MM-DDTHH:MM[+HH:MM]); a future date schedules it",
    )


def post_options_given(args: argparse.Namespace, *, summary: bool = True) -> bool:
    names = ("summary", "category", "cover", "publish_date") if summary else ("category", "cover", "publish_date")
    return any(getattr(args, name, None) is not None for name in names)


def parse_publish_date(text: str) -> dt.datetime:
    """A day (its midnight here) or an ISO 8601 time, with its offset or this machine's."""
    from journal.errors import InvalidInput

    value = text.strip().replace(" ", "T", 1)
    try:
        when = (
            dt.datetime.fromisoformat(value)
            if "T" in value
            else dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
        )
    except ValueError:
        raise InvalidInput(
            f"bad publish date {text!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (e.g. 2026-05-02T09:30+02:00)"
        ) from None
    return when if when.tzinfo is not None else when.astimezone()


def apply_post_options(
    journal: Any, entry_id: str, args: argparse.Namespace, *, version: int | None = None, summary: bool = True
) -> Any:
    """Set what ``args`` names of an entry's post fields (and its summary, with ``summary``); the entry as it is
    afterwards. ``version``: the summary is saved only over the version read."""
    from pathlib import Path

    from journal.attachments import store_attachment
    from journal.entries import get_entry, update_entry
    from journal.errors import InvalidInput
    from journal.fileio import read_regular_file
    from journal.publish.post_fields import UNSET, set_post_fields

    changes: dict[str, Any] = {}
    if args.category is not None:
        names = [c for value in args.category for c in value.split(",")]
        changes["categories"] = names if any(n.strip() for n in names) else None
    if args.cover is not None:
        cover = args.cover.strip()
        if not cover:
            changes["cover"] = None
        elif cover.startswith(("attachments/", "./attachments/")):
            changes["cover"] = cover
        else:
            path = Path(cover).expanduser()
            try:
                data = read_regular_file(path)[0]
            except OSError as exc:
                raise InvalidInput(f"cannot read the cover image {path}: {exc.strerror or exc}") from None
            changes["cover"] = store_attachment(journal, data, path.suffix)
    if args.publish_date is not None:
        changes["publish_at"] = parse_publish_date(args.publish_date) if args.publish_date.strip() else None
    if changes:
        set_post_fields(
            journal,
            entry_id,
            categories=changes.get("categories", UNSET),
            cover=changes.get("cover", UNSET),
            publish_at=changes.get("publish_at", UNSET),
        )
    if summary and args.summary is not None:
        kw: dict[str, Any] = {} if version is None else {"expected_version": version}
        return update_entry(journal, entry_id, summary=args.summary.strip(), **kw)
    return get_entry(journal, entry_id)


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from journal.db import open_journal

    return open_journal(getattr(args, "home", None), create=False, full_check=False)


def _fail_json(args: argparse.Namespace, exc: Exception) -> None:
    """With --json, also say what went wrong on stdout (the one-line reason still goes to stderr)."""
    if getattr(args, "json", False):
        from journal.cli.output import print_json

        print_json({"ok": False, "error": getattr(exc, "code", "error"), "message": str(exc)})


def _blog_json(blog: Any, url: str | None) -> dict[str, Any]:
    from journal.publish.messages import redact

    return {
        "name": blog.name,
        "kind": blog.kind,
        "path": str(blog.path),
        "branch": blog.branch,
        "remote": blog.remote,
        "remote_url": redact(url) if url else None,
        "content_dir": blog.content_dir,
        "hugo_layout": blog.hugo_layout,
        "front_matter": blog.front_matter,
        "base_url": blog.base_url,
        "portfolio": blog.portfolio,
        "math": blog.math,
        "categories": list(blog.categories),
    }


def cmd_blog_new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.publish.blogs import new_blog

    with _open_or_create(args) as journal:
        blog = new_blog(
            journal,
            args.name,
            Path(args.path),
            args.kind,
            remote_url=args.remote,
            title=args.title,
            base_url=args.base_url,
            math=args.math,
            categories=_categories(args.categories),
        )
    print(f"Created the {blog.kind} blog {blog.name!r} in {blog.path}")
    if not args.remote:
        print(f"Add a remote to publish: git -C {blog.path} remote add origin URL")
    return 0


def _open_or_create(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from journal.db import open_journal

    return open_journal(getattr(args, "home", None), create=True, full_check=False)


def cmd_blog_add(args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.publish.blogs import add_blog

    with _open_or_create(args) as journal:
        blog = add_blog(
            journal,
            args.name,
            Path(args.path),
            kind=args.kind,
            branch=args.branch,
            content_dir=args.content_dir,
            math=args.math,
            categories=_categories(args.categories),
        )
    print(f"Added the {blog.kind} blog {blog.name!r}: posts go to {blog.content_dir}/ on branch {blog.branch}")
    return 0


def _categories(text: str) -> list[str]:
    return [c for c in text.split(",") if c.strip()]


def cmd_blog_set(args: argparse.Namespace) -> int:
    from journal.errors import InvalidInput
    from journal.publish.blogs import update_blog
    from journal.publish.mathmode import describe_site
    from journal.publish.posts import site_of

    changes: dict[str, Any] = {}
    for option, key in (
        ("math", "math"),
        ("base_url", "base_url"),
        ("branch", "branch"),
        ("content_dir", "content_dir"),
    ):
        if getattr(args, option) is not None:
            changes[key] = getattr(args, option)
    if args.categories is not None:
        changes["categories"] = _categories(args.categories)
    if args.portfolio is not None:
        changes["portfolio"] = args.portfolio == "on"
    if not changes:
        raise InvalidInput(
            "nothing to change: give --math, --categories, --base-url, --branch, --content-dir or --portfolio"
        )
    with _open(args) as journal:
        blog = update_blog(journal, args.name, **changes)
    print(f"Changed {blog.name!r}: " + ", ".join(sorted(k.replace("_", " ") for k in changes)))
    if "math" in changes and blog.path.is_dir():
        print(describe_site(site_of(blog), blog.math))
    return 0


def cmd_blog_adopt(args: argparse.Namespace) -> int:
    from journal.cli.output import dim, print_json
    from journal.jobs import run
    from journal.publish import messages
    from journal.publish.adopt import adopt

    with _open(args) as journal:
        report = run(adopt(journal, args.name, dry_run=args.dry_run))
        from journal.publish.blogs import get_blog

        folder = get_blog(journal, args.name).content_dir
    if args.json:
        print_json(
            {
                "blog": report.blog,
                "dry_run": report.dry_run,
                "posts": [
                    {"path": p.path, "status": p.status, "id": p.entry_id or None, "title": p.title, "url": p.url,
                     "notes": list(p.notes)}
                    for p in report.posts
                ],
            }
        )  # fmt: skip
        return 0
    if not report.posts:
        print(messages.ADOPT_NOTHING.format(folder=folder))
        return 0
    verb = "Would adopt" if report.dry_run else "Adopted"
    print(
        f"{verb} {len(report.adopted)} posts of {report.blog}"
        + (" (dry run, nothing written)" if report.dry_run else "")
    )
    for post in report.posts:
        print(f"  {post.status:<9} {post.title or post.path}  {dim(post.path)}")
        if post.url:
            print(dim(f"            {post.url}"))
        for note in post.notes:
            print(dim(f"            note: {note}"))
    return 0


def cmd_blog_list(args: argparse.Namespace) -> int:
    from journal.cli.output import dim, print_json
    from journal.publish.blogs import list_blogs
    from journal.publish.gitops import Git

    with _open(args) as journal:
        blogs = list_blogs(journal)
    urls: dict[str, str | None] = {}
    for blog in blogs:
        try:
            urls[blog.name] = Git(blog.path).remote_url(blog.remote) if blog.path.is_dir() else None
        except Exception:  # git missing or the folder gone: the list still shows the blog
            urls[blog.name] = None
    if getattr(args, "json", False):
        print_json([_blog_json(b, urls[b.name]) for b in blogs])
        return 0
    if not blogs:
        print("No blogs yet. Create one with: trailbook blog new NAME --path DIR --kind hugo")
        return 0
    from journal.publish.messages import redact

    for blog in blogs:
        remote = redact(urls[blog.name]) if urls[blog.name] else "no remote"
        print(f"{blog.name}  {dim(blog.kind)}  {blog.path}  {dim(f'{blog.branch} → {remote}')}")
    return 0


def cmd_blog_remove(args: argparse.Namespace) -> int:
    from journal.publish.blogs import remove_blog

    with _open(args) as journal:
        blog = remove_blog(journal, args.name)
    print(f"Removed the blog {blog.name!r}; its folder {blog.path} is left as it is")
    return 0


def cmd_blog_login(args: argparse.Namespace) -> int:
    """Store a token in the keyring. A command line process ends at once, so a token it could keep only in memory
    would be gone before it is used: without a working keyring this fails and keeps nothing."""
    import getpass

    from journal.publish import credentials, messages
    from journal.publish.blogs import get_blog
    from journal.publish.messages import PublishError

    with _open(args) as journal:
        blog = get_blog(journal, args.name)
    if credentials.backend_name() is None:  # say so before asking for the token
        raise PublishError("no_keyring", messages.TOKEN_NO_KEYRING.format(name=blog.name))
    prompt = f"Personal access token for {blog.name}: "
    token = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline()
    credentials.store_token(blog.name, token, memory_ok=False)
    print(messages.TOKEN_STORED.format(backend=credentials.backend_name()))
    return 0


def _plan_json(plan: Any) -> dict[str, Any]:
    return {
        "ok": not plan.refused,
        "blog": plan.blog.name,
        "action": plan.action,
        "dry_run": True,
        "draft": plan.draft,
        "commit": None,
        "files": plan.paths,
        "posts": [
            {
                "id": p.entry_id,
                "title": p.title,
                "slug": p.slug,
                "path": p.path,
                "status": p.status,
                "url": p.url,
                "warnings": list(p.warnings),
                "refusal": p.refusal,
                "links": [_link_json(k) for k in p.links],
            }
            for p in plan.posts
        ],
        "site": plan.summary,
    }


def _link_json(link: Any) -> dict[str, Any]:
    """What a [[link]] to another entry becomes in a planned post (journal.publish.post_links)."""
    return {"link": link.link, "status": link.status, "text": link.text, "why": link.why or None,
            "target": link.target_id, "url": link.url or None}  # fmt: skip


def _result_json(result: Any) -> dict[str, Any]:
    return {
        "ok": True,
        "blog": result.blog,
        "action": result.action,
        "dry_run": False,
        "commit": result.commit,
        "pushed": result.pushed,
        "draft": result.draft,
        "files": list(result.files),
        "posts": [
            {
                "id": p.entry_id,
                "title": p.title,
                "slug": p.slug,
                "path": p.path,
                "status": p.status,
                "url": p.url,
                "warnings": list(p.warnings),
            }
            for p in result.posts
        ],
    }


def _print_posts(posts: Any, blog: str = "") -> None:
    from journal.cli.output import dim

    for p in posts:
        print(f"  {STATUS_WORDS.get(p.status, p.status):<9} {p.title}  {dim(p.path)}")
        if p.url:
            print(dim(f"            {p.url}"))
        for warning in p.warnings:
            print(dim(f"            warning: {warning}"))
        for link in getattr(p, "links", ()):  # a plan's: what each [[link]] to another entry becomes
            print(dim(f"            link: {link.describe(blog)}"))


def cmd_publish(args: argparse.Namespace) -> int:
    return _run(args, "publish")


def cmd_unpublish(args: argparse.Namespace) -> int:
    return _run(args, "unpublish")


def _run(args: argparse.Namespace, action: str) -> int:
    from journal.cli.output import dim, print_json
    from journal.errors import TrailbookError
    from journal.jobs import run
    from journal.publish import service
    from journal.publish.messages import PublishError

    try:
        with _open(args) as journal:
            if getattr(args, "dry_run", False):
                plan = service.plan(journal, args.blog, args.ids, action, draft=getattr(args, "draft", False))
                if args.json:
                    print_json(_plan_json(plan))
                else:
                    print(f"Would {action} to {plan.blog.name} (dry run, nothing written):")
                    _print_posts(plan.posts, plan.blog.name)
                    if plan.summary:
                        print(dim(plan.summary))
                if plan.refused:
                    raise PublishError("refused", "; ".join(p.refusal or "" for p in plan.refused))
                return 0
            job = service.run_publish(
                journal,
                args.blog,
                args.ids,
                action=action,
                push=not args.no_push,
                message=getattr(args, "message", None),
                draft=getattr(args, "draft", False),
            )
            result = run(job)
    except TrailbookError as exc:
        if not getattr(args, "dry_run", False):
            _fail_json(args, exc)
        raise
    if args.json:
        print_json(_result_json(result))
        return 0
    verb = "Published" if action == "publish" else "Unpublished"
    if result.commit is None:
        print(f"Nothing to change on {result.blog}: every post is up to date" + (" (pushed)" if result.pushed else ""))
    else:
        where = "pushed" if result.pushed else "not pushed (--no-push)"
        print(f"{verb} on {result.blog}: commit {result.commit[:7]}, {where}")
    _print_posts(result.posts)
    return 0


def published_json(p: PublishedPost) -> dict[str, Any]:
    """One post that is on a blog now, as ``published --json`` (and ``show --json``'s ``published``) prints it."""
    return {
        "id": p.entry_id,
        "title": p.title,
        "blog": p.blog,
        "slug": p.slug,
        "path": p.path,
        "url": p.url,
        "published_at": p.published_at.isoformat(),
        "commit": p.commit,
        "pushed": p.pushed,
        "changed_since": p.changed,
        "entry_exists": p.entry_exists,
        "private_now": p.private_now,
        "draft": p.draft,
    }


def cmd_published(args: argparse.Namespace) -> int:
    from journal.cli.output import dim, print_json, short_id
    from journal.publish.publications import published_posts

    with _open(args) as journal:
        posts = published_posts(journal)
    if args.json:
        print_json([published_json(p) for p in posts])
        return 0
    if not posts:
        print("Nothing is published yet. Publish with: trailbook publish ID --to BLOG")
        return 0
    for p in posts:
        flags = []
        if p.draft:
            flags.append("draft: not shown on the site")
        if p.changed:
            flags.append("changed since published")
        if not p.pushed:
            flags.append("not pushed")
        if p.private_now:
            flags.append("now private: unpublish it")
        if not p.entry_exists:
            flags.append("entry deleted")
        day = p.published_at.astimezone().date().isoformat()
        note = f"  ({', '.join(flags)})" if flags else ""
        print(f"{day}  {dim(short_id(p.entry_id))}  {p.title or '—'}  → {p.blog} {dim(p.url)}{note}")
    return 0
