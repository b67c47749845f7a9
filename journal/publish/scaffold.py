"""New blogs: copy Trailbook's own Hugo or Jekyll site into a folder and build sites offline (existing sites are
recognised by :mod:`journal.publish.site`).

The site trees live in the ``resources.sites`` package (``resources/sites/hugo`` and ``resources/sites/jekyll``). Path
parts that start with ``dot-`` there (``dot-gitignore``, ``dot-github/``) are written with a leading dot instead, so
packaging tools that skip hidden files still ship them. The YAML configuration is never a template: it is built as a
dict and written with PyYAML, so quotes, colons and emoji in a title are safe.

No git and no Qt here: the caller commits and shows progress.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import yaml

from journal.errors import InvalidInput
from journal.publish.site import JEKYLL_CONFIGS, SiteKind

KINDS: tuple[SiteKind, ...] = ("hugo", "jekyll")

CONFIG_FILE: dict[SiteKind, str] = {"hugo": "hugo.yaml", "jekyll": "_config.yml"}
"""The configuration file each scaffold gets."""


_REQUIRED: dict[SiteKind, tuple[str, ...]] = {
    "hugo": ("layouts/_default/baseof.html", "assets/css/main.css", ".gitignore", ".github/workflows/pages.yml"),
    "jekyll": (
        "_layouts/default.html",
        "_plugins/trailbook.rb",
        "Gemfile",
        ".gitignore",
        ".github/workflows/pages.yml",
    ),
}
"""Files without which a scaffold would build but be broken: checked so a packaging slip fails loudly."""

_DOT_PREFIX = "dot-"
_SKIP_NAMES = {"__init__.py", "__pycache__", ".DS_Store"}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_STDERR_TAIL_LINES = 25

_CONFIG_HEADER = "# Settings for this blog, written by Trailbook when it created the site. Edit freely.\n"

_MENU = [
    ("Posts", "/posts/"),
    ("Tags", "/tags/"),
    ("Portfolio", "/portfolio/"),
    ("About", "/about/"),
]

_HUGO_BASE: dict[str, Any] = {
    "baseURL": "/",
    "languageCode": "en",
    "title": "",
    "enableRobotsTXT": True,
    # "données" becomes /tags/donnees/, like the Jekyll scaffold's tag pages.
    "removePathAccents": True,
    "summaryLength": 40,
    # URLs follow the slug, not the title, so they stay put when a title changes.
    "permalinks": {"posts": "/posts/:slug/"},
    "taxonomies": {"tag": "tags", "category": "categories"},
    "params": {"description": "", "author": ""},
    "menus": {
        "main": [
            {"name": name, "pageRef": url.strip("/"), "weight": 10 * (i + 1)} for i, (name, url) in enumerate(_MENU)
        ]
    },
    "markup": {
        # Trailbook writes MathML (<math>) and other raw HTML into posts; it has to pass through.
        "goldmark": {"renderer": {"unsafe": True}},
        # Chroma with CSS classes: the colours live in assets/css/syntax.css (light and dark).
        "highlight": {"noClasses": False, "codeFences": True, "guessSyntax": False, "lineNos": False},
    },
}

_JEKYLL_BASE: dict[str, Any] = {
    "title": "",
    "description": "",
    "author": "",
    "lang": "en",
    "url": "",
    "baseurl": "",
    # Post dates carry their own UTC offset; UTC only sets how Jekyll reads dates that have none.
    "timezone": "UTC",
    "future": False,
    # URLs follow the slug, not the title or date, so they stay put when either changes.
    "permalink": "/posts/:slug/",
    "markdown": "kramdown",
    "highlighter": "rouge",
    "kramdown": {
        # GFM minus kramdown's $$ math (_plugins/trailbook.rb): Trailbook writes MathML, so a $$ left is plain text.
        "input": "TrailbookGFM",
        "hard_wrap": False,
        "syntax_highlighter": "rouge",
        "math_engine": None,
    },
    "liquid": {"error_mode": "strict", "strict_filters": True},
    "plugins": ["jekyll-feed", "jekyll-seo-tag"],
    "feed": {"path": "feed.xml"},
    "navigation": [{"title": name, "url": url} for name, url in _MENU],
    "defaults": [
        {
            "scope": {"path": "", "type": "posts"},
            # Posts are Markdown only: a {{ … }} in a code block must stay text, not become Liquid.
            "values": {"layout": "post", "render_with_liquid": False},
        },
        {"scope": {"path": "", "type": "pages"}, "values": {"layout": "page"}},
    ],
    "exclude": ["README.md", "LICENSE", "Gemfile", "Gemfile.lock", "vendor/"],
}


@dataclass
class SiteSettings:
    """What the person chose in "New blog…"; everything else comes from the scaffold."""

    kind: SiteKind
    title: str
    base_url: str = ""
    author: str = ""
    description: str = ""
    language: str = "en"


def _deep_merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``base`` with ``overrides`` merged in, nested dicts key by key."""
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _check_kind(kind: str) -> SiteKind:
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind of site {kind!r}; choose one of: {', '.join(KINDS)}")
    return cast(SiteKind, kind)


def _normalise_base_url(base_url: str) -> str:
    """The base URL with a trailing slash, or "" when none was given; rejects anything but http(s) URLs."""
    base_url = base_url.strip()
    if not base_url:
        return ""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InvalidInput(f"{base_url!r} is not a web address for the blog; use one like https://you.github.io/blog/")
    return base_url if base_url.endswith("/") else base_url + "/"


def _split_jekyll_url(base_url: str) -> tuple[str, str]:
    """Jekyll's ``url`` (scheme and host) and ``baseurl`` (path, no trailing slash) for a base URL."""
    if not base_url:
        return "", ""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")


def site_config(settings: SiteSettings) -> dict[str, Any]:
    """The configuration dict for a new site: the scaffold's base settings merged with the person's values."""
    kind = _check_kind(settings.kind)
    title = settings.title.strip()
    if not title:
        raise InvalidInput("the blog needs a title")
    language = settings.language.strip() or "en"
    if not _LANGUAGE.match(language):
        raise InvalidInput(f"{settings.language!r} is not a language code; use one like en, fr or pt-BR")
    base_url = _normalise_base_url(settings.base_url)
    if kind == "hugo":
        values: dict[str, Any] = {
            "baseURL": base_url or "/",
            "languageCode": language,
            "title": title,
            "params": {"description": settings.description.strip(), "author": settings.author.strip()},
        }
        return _deep_merge(_HUGO_BASE, values)
    url, baseurl = _split_jekyll_url(base_url)
    values = {
        "title": title,
        "description": settings.description.strip(),
        "author": settings.author.strip(),
        "lang": language,
        "url": url,
        "baseurl": baseurl,
    }
    return _deep_merge(_JEKYLL_BASE, values)


def _dump_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=120)


def _scaffold_root(kind: SiteKind) -> Traversable:
    return resources.files("resources.sites").joinpath(kind)


def _target_name(name: str) -> str:
    return "." + name[len(_DOT_PREFIX) :] if name.startswith(_DOT_PREFIX) else name


def _walk(node: Traversable, rel: Path) -> list[tuple[Path, Traversable]]:
    """Every file under ``node`` as (destination path relative to the site, resource), in a stable order."""
    found: list[tuple[Path, Traversable]] = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name in _SKIP_NAMES or child.name.endswith(".pyc"):
            continue
        target = rel / _target_name(child.name)
        if child.is_dir():
            found.extend(_walk(child, target))
        else:
            found.append((target, child))
    return found


def scaffold_site(dest: Path, settings: SiteSettings) -> list[Path]:
    """Create a new blog in ``dest`` (missing or empty) and return the files written, relative to ``dest``.

    Raises InvalidInput for a folder that has files in it, or for settings that cannot make a working site.
    """
    kind = _check_kind(settings.kind)
    config = site_config(settings)
    dest = Path(dest)
    if dest.exists():
        if not dest.is_dir():
            raise InvalidInput(f"{dest} is a file; choose an empty folder for the new blog")
        if any(dest.iterdir()):
            raise InvalidInput(f"{dest} is not empty; choose an empty or new folder for the new blog")
    # Files both kinds share (the stylesheets) first, then the kind's own, which win on the same path.
    merged = dict(_walk(resources.files("resources.sites").joinpath("shared"), Path()))
    merged.update(_walk(_scaffold_root(kind), Path()))
    files = sorted(merged.items(), key=lambda item: item[0].as_posix())
    missing = set(_REQUIRED[kind]) - {rel.as_posix() for rel, _ in files}
    if missing:
        raise InvalidInput(
            f"Trailbook's {kind} site files are incomplete in this installation "
            f"(missing {', '.join(sorted(missing))}); reinstall Trailbook"
        )
    written: list[Path] = []
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for rel, resource in files:
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(resource.read_bytes())
            written.append(rel)
        config_rel = Path(CONFIG_FILE[kind])
        (dest / config_rel).write_text(_CONFIG_HEADER + _dump_yaml(config), encoding="utf-8")
        written.append(config_rel)
    except OSError as exc:
        raise InvalidInput(f"could not write the new blog to {dest}: {exc.strerror or exc}") from exc
    return sorted(written)


def _generator_env(kind: SiteKind) -> dict[str, str]:
    """The environment for a production build that needs no network and reads files as UTF-8."""
    env = dict(os.environ)
    env.setdefault("LANG", "C.UTF-8")
    env["LC_ALL"] = "C.UTF-8"
    if kind == "hugo":
        env["HUGO_ENVIRONMENT"] = "production"
        env["HUGO_ENV"] = "production"
        # No Hugo Modules are used; make sure nothing ever tries to fetch one.
        env["HUGO_MODULE_PROXY"] = "off"
        env["GOPROXY"] = "off"
    else:
        env["JEKYLL_ENV"] = "production"
        # The scaffold's Gemfile is for GitHub Actions. Locally the installed Jekyll and plugins are used as they are:
        # without this, Jekyll would run Bundler, which wants every gem of the Gemfile (and may try to fetch them).
        env["JEKYLL_NO_BUNDLER_REQUIRE"] = "true"
        env.pop("BUNDLE_GEMFILE", None)
        env.pop("RUBYOPT", None)
    return env


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_NOISE = re.compile(r"^\s*(from \S+:\d+:in |-{8,}\s*$)")
_PROBLEM = re.compile(r"error|exception|failed", re.IGNORECASE)


def _tail(text: str) -> str:
    """The part of a generator's output a person needs: from the first error line on, without colours or backtraces."""
    lines = [_ANSI.sub("", line).rstrip() for line in text.splitlines()]
    lines = [line for line in lines if line.strip() and not _NOISE.match(line)]
    first = next((i for i, line in enumerate(lines) if _PROBLEM.search(line)), max(0, len(lines) - _STDERR_TAIL_LINES))
    return "\n".join(lines[first : first + _STDERR_TAIL_LINES])


def build_site(
    root: Path, kind: SiteKind, dest: Path, *, base_url: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Build the site in ``root`` with the real generator into ``dest``, offline, as GitHub Pages would.

    ``base_url`` overrides the site's configured address (e.g. ``https://you.github.io/blog/``). Hugo runs without a
    build lock; Jekyll runs without Bundler (``JEKYLL_NO_BUNDLER_REQUIRE``), without its disk cache, with strict front
    matter, and gets the base URL through a temporary extra config file (``url`` and ``baseurl``). Caches go to a
    temporary folder, so nothing is written into ``root``. Raises InvalidInput when the generator is missing, fails
    (with the end of its error output) or takes longer than ``timeout`` seconds.
    """
    kind = _check_kind(kind)
    root = Path(root).resolve()
    dest = Path(dest).resolve()
    if dest == root or root.is_relative_to(dest):
        # Both generators empty their destination first; that must never be the site itself.
        raise InvalidInput(f"cannot build the blog into {dest}: it holds the site's own files; choose another folder")
    program = shutil.which(kind)
    if program is None:
        name = "Hugo" if kind == "hugo" else "Jekyll"
        raise InvalidInput(
            f"{name} is not installed (no `{kind}` command found); install it to build the blog, "
            f"e.g. `sudo apt install {kind}`"
        )
    if not root.is_dir():
        raise InvalidInput(f"no site at {root}")
    normalised = _normalise_base_url(base_url) if base_url else ""
    with tempfile.TemporaryDirectory(prefix="trailbook-build-") as scratch:
        if kind == "hugo":
            cmd = [program, "--source", str(root), "--destination", str(dest), "--cleanDestinationDir"]
            cmd += ["--noBuildLock", "--environment", "production", "--cacheDir", str(Path(scratch) / "cache")]
            if normalised:
                cmd += ["--baseURL", normalised]
        else:
            cmd = [program, "build", "--source", str(root), "--destination", str(dest)]
            cmd += ["--disable-disk-cache", "--strict_front_matter"]
            if normalised:
                configs = [root / name for name in JEKYLL_CONFIGS if (root / name).is_file()][:1]
                override = Path(scratch) / "trailbook-url.yml"
                url, baseurl = _split_jekyll_url(normalised)
                override.write_text(_dump_yaml({"url": url, "baseurl": baseurl}), encoding="utf-8")
                cmd += ["--config", ",".join(str(p) for p in [*configs, override])]
        env = _generator_env(kind)
        if kind == "hugo":
            # Hugo Pipes' cache (resources/_gen) goes to the scratch folder, not into the person's repository.
            env["HUGO_RESOURCEDIR"] = str(Path(scratch) / "resources")
        try:
            result = subprocess.run(
                cmd,
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise InvalidInput(f"{kind} took longer than {timeout:g} s to build {root} and was stopped") from exc
        except OSError as exc:
            raise InvalidInput(f"could not run {program}: {exc.strerror or exc}") from exc
    if result.returncode != 0:
        detail = _tail(result.stderr) or _tail(result.stdout) or f"exit status {result.returncode}"
        raise InvalidInput(f"{kind} could not build the blog in {root}:\n{detail}")
    return result
