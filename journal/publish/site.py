"""What a blog's site is, read from its own files: the one place that knows how an existing Hugo or Jekyll site is
set up, so that what Trailbook writes into it looks like the posts already there.

- Hugo: ``hugo.toml|yaml|yml|json`` or ``config.*`` at the root, ``config/_default/*`` (and ``config/production/*``)
  the way hugo-clarity lays it out, under the theme's own configuration; keys are case-insensitive, as in Hugo.
- Jekyll: ``_config.yml`` (``url``, ``baseurl``, ``timezone``, ``permalink``, ``defaults``, ``theme``,
  ``collections``, ``kramdown``).
- The posts folder is where the existing posts are; their front matter (TOML or YAML, how dates are written, the
  layout and the keys they use) is the convention new posts follow.

Nothing is written here and no generator runs: reading a site is a few small files, done once per publish plan.
:mod:`journal.publish.theme` reads the templates (where the cover image goes, whether MathJax or KaTeX is loaded) and
:mod:`journal.publish.permalinks` turns all of this into the address a post gets.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from journal.publish.theme import ThemeFacts, read_theme

SiteKind = Literal["hugo", "jekyll"]
MatterFormat = Literal["yaml", "toml"]

HUGO_ROOT_CONFIGS = tuple(f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json"))
JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
HUGO_SECTION_NAMES = ("posts", "post", "blog", "articles")
"""Section names people give their posts, in the order Trailbook prefers them when several exist."""
DEFAULT_HUGO_SECTION = "posts"
MAX_SAMPLE_POSTS = 40
_POST_SUFFIXES = (".md", ".markdown")
_JEKYLL_POST_NAME_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-.+\.(?:md|markdown)\Z")
_DATE_LINE_RE = re.compile(r"""^date[ \t]*[:=][ \t]*(?P<value>.+?)[ \t]*$""", re.MULTILINE)
_TRAILBOOK_MARKERS: dict[SiteKind, tuple[str, str]] = {
    "hugo": ("layouts/partials/head.html", "written with Trailbook"),
    "jekyll": ("_plugins/trailbook.rb", "Trailbook"),
}
_LASTMOD_KEYS = ("lastmod", "last_modified_at", "modified", "updated")


@dataclass(frozen=True)
class MatterStyle:
    """How the site's existing posts write their front matter (learned from them; defaults when there are none)."""

    format: MatterFormat = "yaml"
    date_style: Literal["rfc3339", "spaced"] = "rfc3339"  # 2024-05-02T10:00:00+02:00 | 2024-05-02 10:00:00 +0200
    quoted_dates: bool = True
    lastmod_key: str = "lastmod"
    layout: str | None = None  # Jekyll: the layout most existing posts name
    bundles: bool | None = None  # Hugo: existing posts are page bundles (True), single files (False), unknown (None)
    learned_from: int = 0  # how many of the person's posts this was learned from


@dataclass(frozen=True)
class Site:
    """A site as Trailbook found it. ``config`` has lower-case keys for Hugo (Hugo ignores their case)."""

    kind: SiteKind
    root: Path
    config: Mapping[str, Any]
    config_files: tuple[str, ...]
    theme: str  # the theme as configured ("" for none)
    family: str  # papermod | ananke | clarity | minima | trailbook | "" (another theme)
    content_dir: str  # the posts folder, relative to the root (POSIX)
    base_url: str  # the address of the site's root with a trailing slash, "" when unknown
    base_path: str  # the path every page is under: "/", or "/repo/" on a project page
    timezone: dt.tzinfo  # Jekyll: the site's timezone (UTC when unset); Hugo: UTC (dates carry their offset)
    timezone_name: str | None  # as configured, None when unset
    style: MatterStyle
    theme_facts: ThemeFacts
    post_layout: str | None = None  # Jekyll: the layout posts need in their own front matter (None: defaults give it)
    liquid_off: bool = False  # Jekyll: the site's defaults say render_with_liquid: false for posts
    kramdown_math: bool = False  # Jekyll: kramdown reads $$…$$ as math (its default math engine)
    raw_html: bool = True  # the Markdown renderer passes raw HTML through (MathML survives)
    recognised: bool = True  # False: no site files found, so these are Trailbook's defaults
    notes: tuple[str, ...] = field(default=())

    @cached_property  # asked for each post's address; a frozen Site never changes it
    def section(self) -> str:
        """Hugo: the section the posts are in (``posts`` for ``content/posts``); Jekyll: ""."""
        if self.kind != "hugo":
            return ""
        parts = PurePosixPath(self.content_dir).parts
        content = str(self.config.get("contentdir") or "content").strip("/")
        return parts[len(PurePosixPath(content).parts)] if len(parts) > len(PurePosixPath(content).parts) else ""


def _lower_keys(value: Any) -> Any:
    """A copy with every mapping key lower-cased (Hugo's configuration is case-insensitive)."""
    if isinstance(value, Mapping):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``, nested mappings key by key."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config_file(path: Path) -> dict[str, Any]:
    """One configuration file as a dict ({} when it is not a mapping); ``ValueError`` when it cannot be read."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        if path.suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: {exc}") from None
    return data if isinstance(data, dict) else {}


def _read_hugo_dir(folder: Path) -> dict[str, Any]:
    """A Hugo configuration directory: ``hugo.toml``/``config.toml`` at its top, ``params.toml`` under ``params``…"""
    merged: dict[str, Any] = {}
    if not folder.is_dir():
        return merged
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix not in (".toml", ".yaml", ".yml", ".json"):
            continue
        stem = path.stem.lower()
        if "." in stem:  # menus.en.toml and the like: per language, not the site's defaults
            continue
        data = _lower_keys(load_config_file(path))
        merged = _merge(merged, data if stem in ("hugo", "config") else {stem: data})
    return merged


def _hugo_config(root: Path) -> tuple[dict[str, Any], list[str]]:
    files: list[str] = []
    config: dict[str, Any] = {}
    folder = root / "config"
    if (folder / "_default").is_dir():
        config = _read_hugo_dir(folder / "_default")
        files += [f"config/_default/{p.name}" for p in sorted((folder / "_default").iterdir()) if p.is_file()]
    for name in HUGO_ROOT_CONFIGS:
        if (root / name).is_file():
            config = _merge(config, _lower_keys(load_config_file(root / name)))
            files.append(name)
            break
    if (folder / "production").is_dir():  # Trailbook builds, and GitHub builds, in production
        config = _merge(config, _read_hugo_dir(folder / "production"))
    return config, files


def _hugo_theme(config: Mapping[str, Any]) -> str:
    theme = config.get("theme")
    if isinstance(theme, list):
        theme = theme[0] if theme else ""
    if isinstance(theme, str) and theme.strip():
        return theme.strip()
    imports = (config.get("module") or {}).get("imports") if isinstance(config.get("module"), Mapping) else None
    if isinstance(imports, list):
        for item in imports:
            path = item.get("path") if isinstance(item, Mapping) else item
            if isinstance(path, str) and path.strip():
                return path.strip()
    return ""


def _theme_dir(root: Path, kind: SiteKind, theme: str, config: Mapping[str, Any]) -> Path | None:
    """Where the theme's files are on this machine, if anywhere."""
    if not theme:
        return None
    if kind == "hugo":
        themes = root / str(config.get("themesdir") or "themes")
        for candidate in (themes / theme, themes / theme.rstrip("/").rsplit("/", 1)[-1], root / "_vendor" / theme):
            if candidate.is_dir():
                return candidate
        return None
    from journal.publish.theme import jekyll_gem_dir

    return jekyll_gem_dir(theme, root)


def family_of(theme: str) -> str:
    """The well-known theme a configured name is (``adityatelange/hugo-PaperMod`` is PaperMod), else ""."""
    name = theme.lower()
    for family in ("papermod", "ananke", "clarity", "minima"):
        if family in name:
            return family
    return ""


def _is_trailbook(root: Path, kind: SiteKind) -> bool:
    rel, marker = _TRAILBOOK_MARKERS[kind]
    try:
        return marker in (root / rel).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _timezone(name: Any) -> tuple[dt.tzinfo, str | None]:
    if not isinstance(name, str) or not name.strip():
        return dt.UTC, None
    try:
        return ZoneInfo(name.strip()), name.strip()
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC, name.strip()


def normalise_base(url: Any) -> str:
    """A configured address as an http(s) URL with a trailing slash, or "" (``/`` or nothing means unknown)."""
    if not isinstance(url, str):
        return ""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return url if url.endswith("/") else url + "/"


# --- the posts folder and the posts in it --------------------------------------------------------------------------


def post_files(folder: Path, kind: SiteKind) -> Iterator[Path]:
    """The post files directly in a posts folder (Hugo: ``x.md`` and ``x/index.md``; Jekyll: dated names)."""
    if not folder.is_dir():
        return
    for child in sorted(folder.iterdir(), key=lambda p: p.name, reverse=True):
        if kind == "jekyll":
            if child.is_file() and _JEKYLL_POST_NAME_RE.match(child.name):
                yield child
        elif child.is_dir():
            index = next((child / f"index{s}" for s in _POST_SUFFIXES if (child / f"index{s}").is_file()), None)
            if index is not None:
                yield index
        elif child.suffix in _POST_SUFFIXES and not child.name.startswith("_"):
            yield child


def _count_posts(folder: Path, kind: SiteKind) -> int:
    return sum(1 for _ in post_files(folder, kind))


def hugo_posts_dir(root: Path, config: Mapping[str, Any]) -> str:
    """The Hugo section folder the existing posts are in, else the theme's main section, else ``content/posts``."""
    content = str(config.get("contentdir") or "content").strip("/") or "content"
    base = root / content
    params = config.get("params") if isinstance(config.get("params"), Mapping) else {}
    main = params.get("mainsections") if isinstance(params, Mapping) else None
    main_sections = [main] if isinstance(main, str) else [m for m in main or [] if isinstance(m, str)]
    counts: dict[str, int] = {}
    if base.is_dir():
        for child in base.iterdir():
            if child.is_dir() and not child.name.startswith((".", "_")):
                counts[child.name] = _count_posts(child, "hugo")
    for name in main_sections:
        if counts.get(name):
            return f"{content}/{name}"
    named = [n for n in HUGO_SECTION_NAMES if counts.get(n)]
    if named:
        return f"{content}/{max(named, key=lambda n: (counts[n], -HUGO_SECTION_NAMES.index(n)))}"
    for name in (*main_sections, *HUGO_SECTION_NAMES):
        if name in counts:  # an empty but existing section folder
            return f"{content}/{name}"
    busy = [n for n, c in counts.items() if c]
    if busy:
        return f"{content}/{max(busy, key=lambda n: counts[n])}"
    return f"{content}/{main_sections[0] if main_sections else DEFAULT_HUGO_SECTION}"


def jekyll_posts_dir(root: Path, config: Mapping[str, Any]) -> str:
    """``_posts`` (under ``collections_dir`` when the site sets one)."""
    collections = str(config.get("collections_dir") or "").strip("/")
    return f"{collections}/_posts" if collections else "_posts"


def _split_matter(text: str) -> tuple[MatterFormat | None, str]:
    """(format, raw front matter text) without parsing it."""
    m = re.match(r"\A\ufeff?(\+\+\+|---)[ \t]*\r?\n(.*?)^\1[ \t]*$", text, re.S | re.M)
    if not m:
        return None, ""
    return ("toml" if m.group(1) == "+++" else "yaml"), m.group(2)


def learn_style(folder: Path, kind: SiteKind, default: MatterStyle) -> MatterStyle:
    """The front matter convention of the person's own posts in ``folder`` (posts Trailbook wrote are left out)."""
    formats: Counter[str] = Counter()
    spaced: Counter[bool] = Counter()
    quoted: Counter[bool] = Counter()
    lastmod: Counter[str] = Counter()
    layouts: Counter[str] = Counter()
    bundles: Counter[bool] = Counter()
    learned = 0
    for path in post_files(folder, kind):
        if learned >= MAX_SAMPLE_POSTS:
            break
        try:
            text = path.read_text(encoding="utf-8", errors="replace")[:20_000]
        except OSError:
            continue
        fmt, raw = _split_matter(text)
        if fmt is None or re.search(r"^trailbook_id\s*[:=]", raw, re.M):
            continue
        learned += 1
        formats[fmt] += 1
        bundles[path.name.startswith("index.")] += 1
        date = _DATE_LINE_RE.search(raw)
        if date:
            value = date.group("value")
            quoted[value[:1] in "\"'"] += 1
            spaced[bool(re.match(r"""["']?\d{4}-\d\d-\d\d \d""", value))] += 1
        for key in _LASTMOD_KEYS:
            if re.search(rf"^{key}[ \t]*[:=]", raw, re.M):
                lastmod[key] += 1
        layout = re.search(r"""^layout[ \t]*[:=][ \t]*["']?([\w./-]+)["']?[ \t]*$""", raw, re.M)
        if layout:
            layouts[layout.group(1)] += 1
    if not learned:
        return default

    def top(counter: Counter, fallback: Any) -> Any:  # type: ignore[type-arg]
        return counter.most_common(1)[0][0] if counter else fallback

    return MatterStyle(
        format=top(formats, default.format),
        date_style="spaced" if top(spaced, False) else "rfc3339",
        quoted_dates=top(quoted, default.quoted_dates),
        lastmod_key=top(lastmod, default.lastmod_key if kind == "hugo" else "last_modified_at"),
        layout=top(layouts, None),
        bundles=top(bundles, None) if kind == "hugo" else None,
        learned_from=learned,
    )


# --- Jekyll defaults ------------------------------------------------------------------------------------------------


def jekyll_post_defaults(config: Mapping[str, Any], posts_dir: str) -> dict[str, Any]:
    """The front matter values the site's ``defaults`` give a post in ``posts_dir`` (later ones win, as in Jekyll)."""
    values: dict[str, Any] = {}
    for item in config.get("defaults") or []:
        if not isinstance(item, Mapping):
            continue
        scope = item.get("scope") if isinstance(item.get("scope"), Mapping) else {}
        kind = scope.get("type")
        path = str(scope.get("path") or "").strip("/")
        if kind not in (None, "", "posts"):
            continue
        if path and not (posts_dir == path or posts_dir.startswith(path + "/") or path.startswith(posts_dir)):
            continue
        if isinstance(item.get("values"), Mapping):
            values.update(item["values"])
    return values


# --- reading a site -------------------------------------------------------------------------------------------------


def detect_kind(root: Path) -> SiteKind | None:
    """Hugo or Jekyll from the configuration files at the root, else None."""
    root = Path(root)
    if not root.is_dir():
        return None
    hugo = any((root / n).is_file() for n in HUGO_ROOT_CONFIGS) or (root / "config" / "_default").is_dir()
    if hugo and ((root / "content").is_dir() or (root / "config" / "_default").is_dir() or (root / "themes").is_dir()):
        return "hugo"
    if any((root / n).is_file() for n in JEKYLL_CONFIGS):
        return "jekyll"
    return None


def read_site(root: Path, kind: SiteKind | None = None, *, content_dir: str | None = None, base_url: str = "") -> Site:
    """The site in ``root``. ``kind`` when already known (else detected); ``content_dir`` and ``base_url`` are the
    blog's own settings, which win over what is found. A folder with no site gives Trailbook's defaults."""
    root = Path(root)
    kind = kind or detect_kind(root) or "hugo"
    notes: list[str] = []
    config: dict[str, Any] = {}
    files: list[str] = []
    try:
        if kind == "hugo":
            config, files = _hugo_config(root)
        else:
            for name in JEKYLL_CONFIGS:
                if (root / name).is_file():
                    config, files = load_config_file(root / name), [name]
                    break
    except (OSError, ValueError) as exc:
        notes.append(str(exc))
    recognised = bool(files)
    if not recognised:
        return trailbook_defaults(root, kind, content_dir=content_dir, base_url=base_url)
    trailbook = _is_trailbook(root, kind)
    if kind == "hugo":
        theme = _hugo_theme(config)
        found_dir = hugo_posts_dir(root, config)
        site_base = normalise_base(config.get("baseurl"))
        tz: tuple[dt.tzinfo, str | None] = (dt.UTC, None)
    else:
        theme = str(config.get("theme") or config.get("remote_theme") or "").strip()
        found_dir = jekyll_posts_dir(root, config)
        url, baseurl = str(config.get("url") or "").strip(), str(config.get("baseurl") or "").strip()
        site_base = normalise_base(url.rstrip("/") + "/" + baseurl.strip("/")) if url else ""
        tz = _timezone(config.get("timezone"))
    theme_dir = _theme_dir(root, kind, theme, config)
    if kind == "hugo" and theme_dir is not None:
        theme_config: dict[str, Any] = {}
        for name in (*HUGO_ROOT_CONFIGS, "theme.toml"):
            if (theme_dir / name).is_file() and name != "theme.toml":
                try:
                    theme_config = _lower_keys(load_config_file(theme_dir / name))
                except (OSError, ValueError):
                    theme_config = {}
                break
        theme_config = _merge(theme_config, _read_hugo_dir(theme_dir / "config" / "_default"))
        theme_config.pop("baseurl", None)
        theme_config.pop("theme", None)
        config = _merge(theme_config, config)
    folder = content_dir or found_dir
    default_style = MatterStyle(
        format="toml" if kind == "hugo" and files and files[-1].endswith(".toml") and not trailbook else "yaml",
        lastmod_key="lastmod" if kind == "hugo" else "last_modified_at",
    )
    if trailbook:
        default_style = MatterStyle(lastmod_key="lastmod")
    style = learn_style(root / folder, kind, default_style)
    family = "trailbook" if trailbook else family_of(theme)
    facts = read_theme(root, kind, theme_dir, family, config)
    base = normalise_base(base_url) or site_base
    if base:
        base_path = urlsplit(base).path
    else:  # no host, but a path may be configured all the same (baseURL = "/repo/", baseurl: /repo)
        base_path = str(config.get("baseurl") or "/").strip()
        base_path = urlsplit(base_path).path if "://" in base_path else base_path
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    site = Site(
        kind=kind,
        root=root,
        config=config,
        config_files=tuple(files),
        theme=theme,
        family=family,
        content_dir=folder,
        base_url=base,
        base_path=base_path,
        timezone=tz[0],
        timezone_name=tz[1],
        style=style,
        theme_facts=facts,
        recognised=recognised,
        notes=tuple(notes),
    )
    if kind == "jekyll":
        site = _with_jekyll_facts(site, config, folder, style)
    else:
        site = replace(site, raw_html=_hugo_raw_html(config))
    return site


def _hugo_raw_html(config: Mapping[str, Any]) -> bool:
    markup = config.get("markup") if isinstance(config.get("markup"), Mapping) else {}
    handler = str(markup.get("defaultmarkdownhandler") or "goldmark").lower()
    if handler != "goldmark":
        return True  # blackfriday and the external handlers pass raw HTML
    goldmark = markup.get("goldmark") if isinstance(markup.get("goldmark"), Mapping) else {}
    renderer = goldmark.get("renderer") if isinstance(goldmark.get("renderer"), Mapping) else {}
    return renderer.get("unsafe") is True


def _with_jekyll_facts(site: Site, config: Mapping[str, Any], folder: str, style: MatterStyle) -> Site:
    defaults = jekyll_post_defaults(config, folder)
    layout = None if defaults.get("layout") else (style.layout or "post")
    kramdown = config.get("kramdown") if isinstance(config.get("kramdown"), Mapping) else {}
    markdown = str(config.get("markdown") or "kramdown").lower()
    engine = kramdown.get("math_engine", "mathjax") if "math_engine" in kramdown else "mathjax"
    parser = str(kramdown.get("input") or "GFM")
    kramdown_math = (
        markdown == "kramdown" and engine not in (None, False, "", "nil", "null") and parser != ("TrailbookGFM")
    )
    return replace(
        site,
        post_layout=layout,
        liquid_off=defaults.get("render_with_liquid") is False,
        kramdown_math=kramdown_math,
        raw_html=True,  # kramdown (and jekyll-commonmark) pass raw HTML
    )


def trailbook_defaults(root: Path, kind: SiteKind, *, content_dir: str | None = None, base_url: str = "") -> Site:
    """The site Trailbook's own scaffold makes, for a folder with no site configuration (yet)."""
    from journal.publish.theme import KNOWN_THEMES

    base = normalise_base(base_url)
    path = urlsplit(base).path if base else "/"
    cover, description = KNOWN_THEMES["trailbook"]
    if kind == "jekyll":
        cover = ("images", "image")
    return Site(
        kind=kind,
        root=Path(root),
        config={"permalinks": {"posts": "/posts/:slug/"}} if kind == "hugo" else {"permalink": "/posts/:slug/"},
        config_files=(),
        theme="",
        family="trailbook",
        content_dir=content_dir or ("content/posts" if kind == "hugo" else "_posts"),
        base_url=base,
        base_path="/" + path.strip("/") + "/" if path.strip("/") else "/",
        timezone=dt.UTC,
        timezone_name=None,
        style=MatterStyle(),
        theme_facts=ThemeFacts(cover, description, None, "default"),
        kramdown_math=False,
        recognised=False,
    )


def detect_site(root: Path) -> tuple[SiteKind, Path] | None:
    """Recognise a Hugo or Jekyll site in ``root``: its kind and the folder its posts are (or go) in, else None."""
    root = Path(root)
    kind = detect_kind(root)
    if kind is None:
        return None
    site = read_site(root, kind)
    return kind, root / site.content_dir
