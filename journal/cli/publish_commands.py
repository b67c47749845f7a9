"""The publishing sub-commands: ``blog new|add|list|remove|login``, ``publish``, ``unpublish``, ``published``.

Registered by :func:`add_publish_commands` (one call in ``build_parser``). Nothing heavy is imported until a command
runs, so ``trailbook --help`` and the other commands start as fast as before. A refusal or a git failure exits 1 with
one line on stderr (``trailbook: error: …``); with ``--json`` a JSON object naming the error is printed too.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP_BLOG = "manage the blogs you publish to (a local git clone of each)"
HELP_PUBLISH = "publish entries as posts to a blog: write, commit, push"
HELP_UNPUBLISH = "remove entries' posts (and their images) from a blog"
HELP_PUBLISHED = "where each entry is published, and whether it changed since"
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
    p.set_defaults(handler=cmd_blog_new)

    p = actions.add_parser("add", parents=[common], help="use a clone of a blog you already have")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--path", metavar="DIR", required=True, help="the top folder of the blog's git clone")
    p.add_argument("--kind", choices=("hugo", "jekyll"), help="default: detected")
    p.add_argument("--branch", metavar="B", help="the branch to publish to (default: the current one)")
    p.add_argument("--content-dir", metavar="D", help="the posts folder, relative to DIR (default: detected)")
    p.set_defaults(handler=cmd_blog_add)

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
            journal, args.name, Path(args.path), kind=args.kind, branch=args.branch, content_dir=args.content_dir
        )
    print(f"Added the {blog.kind} blog {blog.name!r}: posts go to {blog.content_dir}/ on branch {blog.branch}")
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
            }
            for p in plan.posts
        ],
        "site": plan.summary,
    }


def _result_json(result: Any) -> dict[str, Any]:
    return {
        "ok": True,
        "blog": result.blog,
        "action": result.action,
        "dry_run": False,
        "commit": result.commit,
        "pushed": result.pushed,
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


def _print_posts(posts: Any) -> None:
    from journal.cli.output import dim

    for p in posts:
        print(f"  {STATUS_WORDS.get(p.status, p.status):<9} {p.title}  {dim(p.path)}")
        if p.url:
            print(dim(f"            {p.url}"))
        for warning in p.warnings:
            print(dim(f"            warning: {warning}"))


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
                plan = service.plan(journal, args.blog, args.ids, action)
                if args.json:
                    print_json(_plan_json(plan))
                else:
                    print(f"Would {action} to {plan.blog.name} (dry run, nothing written):")
                    _print_posts(plan.posts)
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


def cmd_published(args: argparse.Namespace) -> int:
    from journal.cli.output import dim, print_json, short_id
    from journal.publish.publications import published_posts

    with _open(args) as journal:
        posts = published_posts(journal)
    if args.json:
        print_json(
            [
                {
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
                }
                for p in posts
            ]
        )
        return 0
    if not posts:
        print("Nothing is published yet. Publish with: trailbook publish ID --to BLOG")
        return 0
    for p in posts:
        flags = []
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
