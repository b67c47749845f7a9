"""Existing blogs, as people have them: a site with a popular theme, a post written by hand, in a git clone whose
remote is a bare repository. Each builder writes what a person would (the theme copied into ``themes/`` as its README
says, or Debian's minima gem), never anything of Trailbook's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import git

THEMES = Path(__file__).resolve().parents[4] / "shared" / "blog-themes"
BASE_URL = "https://user.github.io/repo/"
BASE_PATH = "/repo/"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Ana Lima",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Lima",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
}
HAND_TITLE = "Hello from my own editor"
HAND_BODY = "I wrote this one by hand, {{ with braces }} and all.\n"


def need_theme(name: str) -> Path:
    folder = THEMES / name
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared blog themes are in ../shared/blog-themes in CI)")
    return folder


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def papermod(root: Path, *, extra_config: str = "", files: dict[str, str] | None = None) -> Path:
    """Hugo + PaperMod v7.0: hugo.toml, TOML front matter, flat posts in content/posts."""
    shutil.copytree(need_theme("PaperMod"), root / "themes" / "PaperMod")
    _write(
        root,
        {
            "hugo.toml": f'baseURL = "{BASE_URL}"\nlanguageCode = "en-us"\ntitle = "Ana\'s notes"\n'
            f'theme = "PaperMod"\n{extra_config}\n[params]\nmainSections = ["posts"]\nShowReadingTime = true\n',
            "content/posts/hello.md": f'+++\ntitle = "{HAND_TITLE}"\ndate = 2024-01-10T09:00:00+01:00\n'
            f'draft = false\ntags = ["life"]\n+++\n\n{HAND_BODY}',
            **(files or {}),
        },
    )
    return root


def ananke(root: Path) -> Path:
    """Hugo + Ananke v2.9.2: hugo.yaml, YAML posts as page bundles in content/post."""
    shutil.copytree(need_theme("ananke"), root / "themes" / "ananke")
    _write(
        root,
        {
            "hugo.yaml": f"baseURL: {BASE_URL}\nlanguageCode: en-us\ntitle: Ana's notes\ntheme: ananke\n"
            "params:\n  mainSections: [post]\n",
            "content/post/hello/index.md": f'---\ntitle: "{HAND_TITLE}"\ndate: 2024-01-10T09:00:00+01:00\n'
            f"draft: false\n---\n\n{HAND_BODY}",
        },
    )
    return root


def clarity(root: Path) -> Path:
    """A site laid out as hugo-clarity's example is (config/_default/, content/post); the theme itself is a Hugo
    Module that is not on this machine, so this one is for recognising, not building."""
    _write(
        root,
        {
            "config/_default/hugo.toml": f'baseurl = "{BASE_URL}"\ntitle = "Ana\'s notes"\ntheme = "hugo-clarity"\n'
            'DefaultContentLanguage = "en"\n[permalinks]\npost = "/:year/:month/:slug/"\n',
            "config/_default/params.toml": 'mainSections = ["post"]\nenableMathNotation = true\n',
            "config/_default/markup.toml": "[goldmark.renderer]\nhardWraps = false\n",
            "config/_default/menus/menu.en.toml": '[[main]]\nname = "Home"\nurl = "/"\n',
            "content/post/hello/index.md": f'+++\ntitle = "{HAND_TITLE}"\ndate = 2024-01-10T09:00:00+01:00\n'
            f'featureImage = "hello.png"\n+++\n\n{HAND_BODY}',
            "content/about.md": '+++\ntitle = "About"\n+++\nMe.\n',
        },
    )
    return root


def minima(root: Path, *, timezone: str | None = None, permalink: str | None = None) -> Path:
    """Jekyll + Debian's minima 2.5 gem: what `jekyll new` makes, on a project page."""
    config = (
        "title: Ana's notes\nemail: ana@example.com\ndescription: Notes.\n"
        f'baseurl: "{BASE_PATH.rstrip("/")}"\nurl: "https://user.github.io"\ntheme: minima\n'
        "plugins:\n  - jekyll-feed\n  - jekyll-seo-tag\n"
    )
    if timezone:
        config += f"timezone: {timezone}\n"
    if permalink:
        config += f"permalink: {permalink}\n"
    _write(
        root,
        {
            "_config.yml": config,
            "index.markdown": "---\nlayout: home\n---\n",
            "about.markdown": "---\nlayout: page\ntitle: About\npermalink: /about/\n---\nMe.\n",
            "_posts/2024-01-10-hello.markdown": f'---\nlayout: post\ntitle:  "{HAND_TITLE}"\n'
            f"date:   2024-01-10 09:00:00 +0100\ncategories: jekyll update\n---\n{{% raw %}}{HAND_BODY}{{% endraw %}}",
        },
    )
    return root


def into_git(root: Path, remote: Path) -> None:
    """Commit the site as the person would and push it to ``remote`` (a new bare repository)."""
    git(root.parent, "init", "-q", "--bare", "-b", "main", str(remote))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "My blog", env=IDENTITY)
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "-u", "origin", "main", env=IDENTITY)
