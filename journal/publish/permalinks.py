"""The address a generator gives a post, computed the way Hugo and Jekyll compute it, so the address Trailbook reports
(in the publish dialog, in ``published --json``, on the portfolio page) is the one the built site has.

- Hugo: ``permalinks`` for the post's section (``:year``, ``:month``, ``:day``, ``:slug``, ``:title``,
  ``:section``…), else ``/<section>/<slug>/``; ``uglyURLs`` gives ``…/<slug>.html``; paths lower-cased unless
  ``disablePathToLower``. Dates keep the offset written in the front matter.
- Jekyll: the post's ``permalink`` from ``defaults``, the ``posts`` collection or the site (``date``, ``pretty``,
  ``ordinal``, ``weekdate``, ``none`` or a pattern with ``:categories``, ``:year``, ``:title``…); dates in the
  site's ``timezone``, categories lower-cased, the folders above ``_posts`` first.

Both under the base URL's path (``/repo/`` on a project page).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from journal.publish.site import Site, jekyll_post_defaults

JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_TOKEN_RE = re.compile(r":([a-z_]+)")
_SAFE_PATH = "/:@!$&'()*+,;=-._~"


def hugo_urlize(text: str, *, remove_accents: bool = False, lower: bool = True) -> str:
    """Hugo's ``urlize``: letters, digits, marks and ``._-#+~@/`` kept, other runs (after the first kept character)
    become one ``-``; accents removed when ``removePathAccents`` is set."""
    if remove_accents:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    out: list[str] = []
    hyphen = False
    for ch in text:
        kept = ch in "./\\_#+~-@" or unicodedata.category(ch)[0] in "LNM"
        if kept:
            if hyphen:
                out.append("-")
                hyphen = False
            out.append(ch)
        elif out and (ch == "-" or ch.isspace()):
            hyphen = True
    result = "".join(out)
    return result.lower() if lower else result


def _clean(path: str) -> str:
    """Collapse repeated slashes and make it relative to the base (no leading slash)."""
    path = re.sub(r"/{2,}", "/", "/" + path)
    return path.lstrip("/")


def _hugo_pattern(site: Site) -> str | None:
    permalinks = site.config.get("permalinks")
    if not isinstance(permalinks, Mapping):
        return None
    section = site.section.lower()
    page = permalinks.get("page")
    if isinstance(page, Mapping) and isinstance(page.get(section), str):
        return str(page[section])
    value = permalinks.get(section)
    return value if isinstance(value, str) else None


def _ugly(site: Site) -> bool:
    value = site.config.get("uglyurls")
    if isinstance(value, Mapping):
        return value.get(site.section.lower()) is True
    return value is True


def hugo_path(site: Site, *, slug: str, title: str, date: dt.datetime) -> str:
    """The post's path under the base URL (``posts/my-slug/``)."""
    lower = site.config.get("disablepathtolower") is not True
    accents = site.config.get("removepathaccents") is True
    section = site.section
    pattern = _hugo_pattern(site)
    ugly = _ugly(site)
    if pattern is None:
        path = f"{section}/{slug}" if section else slug
        return _clean(path.lower() if lower else path) + (".html" if ugly else "/")

    values: dict[str, Callable[[], str]] = {  # each made only when the pattern names it (once per post)
        "year": lambda: f"{date.year:04d}",
        "month": lambda: f"{date.month:02d}",
        "monthname": lambda: date.strftime("%B"),
        "day": lambda: f"{date.day:02d}",
        "weekday": lambda: str(date.isoweekday() % 7),
        "weekdayname": lambda: date.strftime("%A"),
        "yearday": lambda: str(date.timetuple().tm_yday),
        "section": lambda: section,
        "sections": lambda: section,
        "title": lambda: hugo_urlize(title, remove_accents=accents, lower=lower),
        "slug": lambda: slug,
        "slugorfilename": lambda: slug,
        "filename": lambda: slug,
        "contentbasename": lambda: slug,
    }

    def token(m: re.Match[str]) -> str:
        value = values.get(m.group(1))
        return m.group(0) if value is None else value()

    path = _TOKEN_RE.sub(token, pattern)
    if lower:
        path = path.lower()
    path = _clean(path)
    if path.endswith("/") or not path:
        return path
    if ugly or PurePosixPath(path).suffix:
        return path if PurePosixPath(path).suffix else path + ".html"
    return path + "/"


def jekyll_permalink(site: Site) -> str:
    """The permalink pattern Jekyll uses for a post in the site's posts folder."""
    defaults = jekyll_post_defaults(site.config, site.content_dir)
    pattern: Any = defaults.get("permalink")
    if not isinstance(pattern, str):
        collections = site.config.get("collections")
        posts = collections.get("posts") if isinstance(collections, Mapping) else None
        pattern = posts.get("permalink") if isinstance(posts, Mapping) else None
    if not isinstance(pattern, str):
        pattern = site.config.get("permalink")
    if not isinstance(pattern, str) or not pattern.strip():
        pattern = "date"
    pattern = pattern.strip()
    return JEKYLL_STYLES.get(pattern, pattern)


def jekyll_categories(site: Site, categories: Sequence[str]) -> list[str]:
    """The post's categories as Jekyll sees them: the folders above ``_posts`` (below ``collections_dir``), then
    the front matter's, each once."""
    rel = PurePosixPath(site.content_dir)
    collections = str(site.config.get("collections_dir") or "").strip("/")
    if collections and rel.is_relative_to(collections):
        rel = rel.relative_to(collections)
    return list(dict.fromkeys([*rel.parts[:-1], *(str(c) for c in categories)]))


def jekyll_path(site: Site, *, slug: str, date: dt.datetime, categories: Sequence[str]) -> str:
    """The post's path under the base URL (``2024/05/02/my-slug.html``, ``journal/my-slug/``…)."""
    local = date.astimezone(site.timezone)
    cats = "/".join(dict.fromkeys(c.lower() for c in jekyll_categories(site, categories)))
    values = {
        "year": local.strftime("%Y"),
        "month": local.strftime("%m"),
        "i_month": str(local.month),
        "day": local.strftime("%d"),
        "i_day": str(local.day),
        "short_year": local.strftime("%y"),
        "hour": local.strftime("%H"),
        "minute": local.strftime("%M"),
        "second": local.strftime("%S"),
        "y_day": local.strftime("%j"),
        "short_month": local.strftime("%b"),
        "long_month": local.strftime("%B"),
        "week": local.strftime("%V"),
        "w_year": local.strftime("%G"),
        "w_day": local.strftime("%u"),
        "short_day": local.strftime("%a"),
        "long_day": local.strftime("%A"),
        "title": slug,
        "slug": slug,
        "name": slug,
        "categories": cats,
        "output_ext": ".html",
        "collection": "posts",
    }
    pattern = jekyll_permalink(site)
    path = _TOKEN_RE.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)
    return quote(_clean(path), safe=_SAFE_PATH)


def post_path(site: Site, *, slug: str, title: str, date: dt.datetime, categories: Sequence[str] = ()) -> str:
    """The post's path under the site's base URL, without a leading slash."""
    if site.kind == "hugo":
        return hugo_path(site, slug=slug, title=title, date=date)
    return jekyll_path(site, slug=slug, date=date, categories=categories)


def own_path(site: Site, meta: Mapping[str, Any]) -> str | None:
    """The path a post's front matter gives itself (Hugo's ``url``, Jekyll's ``permalink``), under the base URL."""
    own = meta.get("url" if site.kind == "hugo" else "permalink")
    if isinstance(own, str) and own.strip():
        return _clean(own.strip())
    return None


def url_for(site: Site, path: str) -> str:
    """The full address of a path under the base, or the site-rooted path when the site's host is not known."""
    return (site.base_url or site.base_path) + path


def file_for(path: str) -> str:
    """The file a generator writes for a page path (``posts/x/`` → ``posts/x/index.html``; ``x`` → ``x.html``)."""
    if not path or path.endswith("/"):
        return path + "index.html"
    return path if PurePosixPath(path).suffix else path + ".html"


def front_matter_date(value: Any) -> dt.datetime | None:
    """A front matter date as an aware datetime (naive ones are UTC, as PyYAML reads offset-less timestamps)."""
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        stamp = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        text = value.strip()
        try:
            stamp = dt.datetime.fromisoformat(text)
        except ValueError:
            try:
                stamp = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
            except ValueError:
                return None
    else:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.UTC)


def url_of_post_file(site: Site, rel_path: str, slug: str) -> str | None:
    """The address of a post already in the blog, from its file's date and categories (None when the file is gone
    or unreadable): how ``trailbook published`` shows the real address of a post recorded without one."""
    from journal.errors import InvalidInput
    from journal.publish import matter

    try:
        text = (site.root / rel_path).read_text(encoding="utf-8", errors="replace")
        _fmt, meta, _body = matter.read_post(text)
    except (OSError, InvalidInput):
        return None
    own = own_path(site, meta)
    if own is not None:
        return url_for(site, own)
    stamp = front_matter_date(meta.get("date"))
    if stamp is None:
        return None
    categories = meta.get("categories")
    cats = categories.split() if isinstance(categories, str) else [str(c) for c in categories or []]
    title = str(meta.get("title") or slug)
    return url_for(site, post_path(site, slug=slug, title=title, date=stamp, categories=cats))
