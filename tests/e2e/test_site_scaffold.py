"""The "New blog…" scaffolds, built with the real Hugo and Jekyll, offline, under a project-page base URL.

Posts are written the way Trailbook's publisher writes them (YAML front matter with an offset date, MathML already in
the Markdown, images beside a Hugo bundle or under the site's image folder), then the generated HTML is checked.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import zlib
from datetime import UTC, datetime, timedelta, timezone
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from latex2mathml.converter import convert as tex_to_mathml

from journal.errors import InvalidInput
from journal.publish.scaffold import SiteSettings, build_site, scaffold_site
from journal.publish.site import detect_site

pytestmark = pytest.mark.e2e

BASE_URL = "https://example.github.io/blog/"
BASE_PATH = "/blog/"
SITE_TITLE = 'Ana\'s "ML" notes: 🚀 données'

BUNDLE_SLUG = "serving-a-model-with-fastapi"
BUNDLE_TITLE = 'Serving a model with FastAPI: "p99 latency" 🚀'
FLAT_SLUG = "gradient-descent-notes"
FLAT_TITLE = "Notes on gradient descent"

CODE = '''```python
from dataclasses import dataclass


@dataclass
class Batch:
    """A batch of requests waiting for the GPU."""

    size: int = 32

    def describe(self) -> str:
        return f"{{size}} = {self.size}"  # {{ not liquid }} {% raw %}
```'''

TABLE = """| model | p50 (ms) | p99 (ms) |
| --- | ---: | ---: |
| distilbert | 12 | 31 |
| bert-base | 25 | 64 |"""

PORTFOLIO = {
    "title": "My ML engineering portfolio",
    "roadmap": {"id": "mle", "title": "ML engineer roadmap"},
    "updated": "2024-05-03T10:00:00+02:00",
    "areas": [
        {
            "id": "serving",
            "name": "Model serving",
            "colour": "#2f9e44",
            "progress": 67,
            "done": 2,
            "total": 3,
            "milestones": [
                {"id": "m1", "title": "Serve a model behind an HTTP API", "state": "done", "done_on": "2024-05-02"},
                {"id": "m2", "title": "Batch requests on the GPU", "state": "done", "done_on": "2024-05-03"},
                {"id": "m3", "title": "Autoscale on queue length", "state": "doing", "done_on": None},
            ],
            "posts": [{"title": BUNDLE_TITLE, "slug": BUNDLE_SLUG}],
        },
        {
            "id": "optimisation",
            "name": "Optimisation & maths",
            "colour": "#1971c2",
            "progress": 25,
            "done": 1,
            "total": 4,
            "milestones": [
                {"id": "m4", "title": "Derive gradient descent", "state": "done", "done_on": "2024-04-10"},
                {"id": "m5", "title": "Implement Adam from scratch", "state": "todo", "done_on": None},
            ],
            "posts": [
                {"title": FLAT_TITLE, "slug": FLAT_SLUG},
                {"title": "A post that is not published", "slug": "not-published-yet"},
            ],
        },
    ],
}


# -- helpers: what Trailbook's publisher writes ----------------------------------------------------------------------


def png_bytes(width: int = 480, height: int = 200, rgb: tuple[int, int, int] = (47, 111, 222)) -> bytes:
    """A small valid PNG (a diagonal gradient), made without any imaging library."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            t = (x + y) / (width + height)
            row += bytes(int(c * (0.55 + 0.45 * t)) for c in rgb)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def front_matter(fields: dict) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n\n"


def post_body(image_src: str) -> str:
    block = tex_to_mathml(r"\hat{y} = \sigma\left(\sum_{i=1}^{n} w_i x_i + b\right)", display="block")
    inline = tex_to_mathml(r"\eta = 10^{-3}")
    return "\n\n".join(
        [
            "Latency budgets are tight: a request costs $5 and a retry $10, so every millisecond counts ($$ matters).",
            f"![The serving architecture]({image_src})",
            "## Batching",
            "Batching trades a little latency for a lot of throughput:",
            CODE,
            "Measured on one T4:",
            TABLE,
            f"The model is a logistic unit with learning rate {inline}:",
            block,
            "That is all for today.",
        ]
    )


def post_fields(title: str, slug: str, date: str, image: str, tags: list[str], summary: str, **extra) -> dict:
    return {
        "title": title,
        "date": date,
        "lastmod": date,
        "draft": False,
        "tags": tags,
        "categories": ["notes"],
        "description": summary,
        "summary": summary,
        "slug": slug,
        "images": [image],
        "trailbook_id": "0b0c6a5e-5b7e-4d55-9f64-7d3f6a1c2e90",
        **extra,
    }


BUNDLE_TAGS = ["model serving", "données", "python"]
FLAT_TAGS = ["optimisation", "python"]
BUNDLE_DATE = "2024-05-02T00:30:00+02:00"  # still 1 May in UTC
FLAT_DATE = "2024-04-10T09:00:00-04:00"
BUNDLE_SUMMARY = "How I put a small transformer behind an HTTP API, and what batching did to p99 latency."
FLAT_SUMMARY = "Deriving the update rule, and why the learning rate matters more than I thought."


def write_hugo_posts(site: Path) -> None:
    """One page bundle with its image beside index.md, one flat post with its image under static/images/<slug>/."""
    bundle = site / "content" / "posts" / BUNDLE_SLUG
    bundle.mkdir(parents=True)
    (bundle / "architecture.png").write_bytes(png_bytes())
    fields = post_fields(
        BUNDLE_TITLE,
        BUNDLE_SLUG,
        BUNDLE_DATE,
        "architecture.png",
        BUNDLE_TAGS,
        BUNDLE_SUMMARY,
        aliases=["/posts/old-serving-slug/"],
    )
    (bundle / "index.md").write_text(front_matter(fields) + post_body("architecture.png"), encoding="utf-8")

    image = f"/images/{FLAT_SLUG}/loss.png"
    (site / "static" / "images" / FLAT_SLUG).mkdir(parents=True)
    (site / "static" / "images" / FLAT_SLUG / "loss.png").write_bytes(png_bytes(rgb=(224, 120, 40)))
    fields = post_fields(FLAT_TITLE, FLAT_SLUG, FLAT_DATE, image, FLAT_TAGS, FLAT_SUMMARY)
    (site / "content" / "posts" / f"{FLAT_SLUG}.md").write_text(
        front_matter(fields) + post_body(image), encoding="utf-8"
    )

    # Hugo also takes TOML front matter; the layouts must not care.
    toml = (
        '+++\ntitle = "A TOML post"\ndate = 2024-01-05T08:00:00Z\nslug = "a-toml-post"\ntags = ["python"]\n+++\n\nHi.\n'
    )
    (site / "content" / "posts" / "a-toml-post.md").write_text(toml, encoding="utf-8")


def write_jekyll_posts(site: Path) -> None:
    """Posts in _posts/YYYY-MM-DD-<slug>.md (local date), images under assets/images/<slug>/, plus a draft and a
    future post that must stay unpublished, and one dated minutes ago at UTC+14 (already "tomorrow" in UTC)."""
    posts = site / "_posts"
    posts.mkdir(exist_ok=True)
    for slug, title, date, tags, summary, colour in [
        (BUNDLE_SLUG, BUNDLE_TITLE, BUNDLE_DATE, BUNDLE_TAGS, BUNDLE_SUMMARY, (47, 111, 222)),
        (FLAT_SLUG, FLAT_TITLE, FLAT_DATE, FLAT_TAGS, FLAT_SUMMARY, (224, 120, 40)),
    ]:
        image = f"/assets/images/{slug}/figure.png"
        (site / "assets" / "images" / slug).mkdir(parents=True)
        (site / "assets" / "images" / slug / "figure.png").write_bytes(png_bytes(rgb=colour))
        fields = post_fields(title, slug, date, image, tags, summary)
        (posts / f"{date[:10]}-{slug}.md").write_text(front_matter(fields) + post_body(image), encoding="utf-8")

    kiribati = timezone(timedelta(hours=14))
    just_now = (datetime.now(UTC) - timedelta(minutes=5)).astimezone(kiribati).replace(microsecond=0)
    next_week = (datetime.now(UTC) + timedelta(days=7)).astimezone(kiribati).replace(microsecond=0)
    extra = [
        ("written-at-utc-plus-14", "Written at UTC+14", just_now, False),
        ("a-draft", "A draft", just_now, True),
        ("from-the-future", "From the future", next_week, False),
    ]
    for slug, title, date, draft in extra:
        fields = post_fields(title, slug, date.isoformat(), "", ["misc"], "Short.")
        fields.update(draft=draft, images=[])
        (posts / f"{date.date().isoformat()}-{slug}.md").write_text(front_matter(fields) + "Hello.\n", encoding="utf-8")


def write_portfolio(site: Path, kind: str) -> None:
    folder = site / ("data" if kind == "hugo" else "_data") / "trailbook"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "portfolio.json").write_text(json.dumps(PORTFOLIO, ensure_ascii=False, indent=2), encoding="utf-8")


def make_site(root: Path, kind: str, *, posts: bool = True, portfolio: bool = True) -> Path:
    site = root / f"{kind}-site"
    settings = SiteSettings(kind, SITE_TITLE, BASE_URL, "Ana Lima", "Learning ML engineering in public.", "en")
    scaffold_site(site, settings)
    if posts:
        (write_hugo_posts if kind == "hugo" else write_jekyll_posts)(site)
    if portfolio:
        write_portfolio(site, kind)
    return site


# -- helpers: reading the output -------------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.imgs: list[str] = []
        self.hrefs: list[tuple[str, str]] = []
        self.meta: dict[str, str] = {}
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        elif tag == "a" and "href" in a:
            self._href, self._text = a["href"], []
        elif tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a.get("name", "")] = a.get("content", "")

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.hrefs.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def parse(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


def out_file(out: Path, url: str) -> Path:
    """The file in the build output that a URL (absolute or site-rooted, under BASE_PATH) is served from."""
    path = unquote(urlsplit(url).path)
    assert path.startswith(BASE_PATH), f"{url} is not under {BASE_PATH}"
    target = out / path[len(BASE_PATH) :]
    return target / "index.html" if path.endswith("/") else target


def read(path: Path) -> str:
    assert path.is_file(), f"missing {path}"
    return path.read_text(encoding="utf-8")


def need(kind: str) -> None:
    if shutil.which(kind) is None:
        pytest.skip(
            f"{kind} is not installed (apt-get install {kind}); the scaffold can only be checked by building it"
        )


# -- the tests -------------------------------------------------------------------------------------------------------


def check_post(out: Path, slug: str, title: str, tags: list[str], highlight_class: str) -> _Links:
    page = out / "posts" / slug / "index.html"
    html = read(page)
    links = parse(html)
    # the title, with quotes and emoji intact
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert h1 and unescape(h1.group(1)) == title
    # code highlighted by the generator's own highlighter, with CSS classes (and Liquid left alone in Jekyll)
    assert highlight_class in html
    assert re.search(r'<span class="k">(def|return)</span>', html) or re.search(r'<span class="kn">', html)
    assert "not liquid" in html and "{% raw %}" in html
    assert "<table" in html and "<th" in html and "distilbert" in html
    # MathML passes through unescaped, block and inline; dollars in prose stay dollars
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<msubsup>" in html and "&lt;math" not in html and "&lt;mrow" not in html
    assert "costs $5 and a retry $10, so every millisecond counts ($$ matters)" in html
    # the image is in the output and its src resolves under the project-page path
    srcs = [s for s in links.imgs if s.endswith(".png")]
    assert srcs, "no image in the post"
    for src in srcs:
        assert src.startswith(BASE_PATH), src
        assert out_file(out, src).is_file(), src
    # social cards
    assert links.meta.get("description")
    assert links.meta.get("og:title")
    og_image = links.meta.get("og:image", "")
    assert og_image.startswith(BASE_URL), og_image
    assert out_file(out, og_image).is_file(), og_image
    # tags link to tag pages that exist and link back to the post
    for tag in tags:
        hrefs = [h for h, text in links.hrefs if text.lstrip("#") == tag]
        assert hrefs, f"no link for tag {tag!r}"
        tag_page = read(out_file(out, hrefs[0]))
        assert any(urlsplit(h).path == f"{BASE_PATH}posts/{slug}/" for h, _ in parse(tag_page).hrefs), tag
    return links


def check_home_and_portfolio(out: Path) -> None:
    home = read(out / "index.html")
    assert BUNDLE_TITLE.split(":")[0] in home and FLAT_TITLE in home
    assert home.index(BUNDLE_SLUG) < home.index(FLAT_SLUG), "newest post first"
    assert BUNDLE_SUMMARY.split(",")[0] in home
    assert 'name="description"' in home

    portfolio = read(out / "portfolio" / "index.html")
    assert "Model serving" in portfolio and "Optimisation &amp; maths" in portfolio
    assert "width: 67%" in portfolio.replace("width:67%", "width: 67%")
    assert "2 of 3" in portfolio and "#2f9e44" in portfolio
    assert "Batch requests on the GPU" in portfolio and "milestone-doing" in portfolio
    hrefs = {urlsplit(h).path for h, _ in parse(portfolio).hrefs}
    assert f"{BASE_PATH}posts/{BUNDLE_SLUG}/" in hrefs
    assert f"{BASE_PATH}posts/{FLAT_SLUG}/" in hrefs
    assert "A post that is not published" in portfolio  # listed, without a link
    assert f"{BASE_PATH}posts/not-published-yet/" not in hrefs

    about = read(out / "about" / "index.html")
    assert "<h1>About</h1>" in about
    assert read(out / "tags" / "index.html").count(BASE_PATH + "tags/") >= 3
    css = [h for h in re.findall(r'<link rel="?stylesheet"? href="?([^" >]+)', home)]
    assert css and all(h.startswith(BASE_PATH) and out_file(out, h).is_file() for h in css), css


def test_hugo_scaffold_builds_and_renders(tmp_path: Path) -> None:
    need("hugo")
    site = make_site(tmp_path, "hugo")
    out = tmp_path / "public"
    build_site(site, "hugo", out, base_url=BASE_URL)

    check_post(out, BUNDLE_SLUG, BUNDLE_TITLE, BUNDLE_TAGS, 'class="chroma"')
    check_post(out, FLAT_SLUG, FLAT_TITLE, FLAT_TAGS, 'class="chroma"')
    check_home_and_portfolio(out)
    assert (out / "tags" / "donnees" / "index.html").is_file()
    assert (out / "tags" / "model-serving" / "index.html").is_file()
    feed = read(out / "index.xml")
    assert "<rss" in feed and f"{BASE_URL}posts/{BUNDLE_SLUG}/" in feed
    assert "Serving a model with FastAPI" in feed
    assert f"{BASE_URL}posts/{BUNDLE_SLUG}/" in read(out / "posts" / "old-serving-slug" / "index.html")  # alias
    assert not (site / ".hugo_build.lock").exists() and not (site / "resources").exists()
    toml_post = read(out / "posts" / "a-toml-post" / "index.html")
    assert "<h1>A TOML post</h1>" in toml_post and f"{BASE_PATH}tags/python/" in toml_post


def test_jekyll_scaffold_builds_and_renders(tmp_path: Path) -> None:
    need("jekyll")
    site = make_site(tmp_path, "jekyll")
    out = tmp_path / "_site"
    build_site(site, "jekyll", out, base_url=BASE_URL)

    check_post(out, BUNDLE_SLUG, BUNDLE_TITLE, BUNDLE_TAGS, 'class="highlight"')
    check_post(out, FLAT_SLUG, FLAT_TITLE, FLAT_TAGS, 'class="highlight"')
    check_home_and_portfolio(out)
    assert "highlighter-rouge" in read(out / "posts" / BUNDLE_SLUG / "index.html")
    assert (out / "tags" / "donnees" / "index.html").is_file()
    feed = read(out / "feed.xml")
    assert "<feed" in feed and f"{BASE_URL}posts/{BUNDLE_SLUG}/" in feed
    # dates with a UTC offset: shown as the writer's own date, and published even when "tomorrow" in UTC
    assert "2 May 2024" in read(out / "posts" / BUNDLE_SLUG / "index.html")
    assert (out / "posts" / "written-at-utc-plus-14" / "index.html").is_file()
    assert not (out / "posts" / "from-the-future").exists()
    assert not (out / "posts" / "a-draft").exists()
    assert not (out / "README.md").exists() and not (out / "README.html").exists()
    assert not (site / ".jekyll-cache").exists()
    assert not (site / "Gemfile.lock").exists(), "the local build must not run Bundler"


@pytest.mark.parametrize("kind", ["hugo", "jekyll"])
def test_empty_site_builds_with_friendly_portfolio(tmp_path: Path, kind: str) -> None:
    need(kind)
    site = make_site(tmp_path, kind, posts=False, portfolio=False)
    out = tmp_path / "out"
    build_site(site, kind, out, base_url=BASE_URL)
    assert "No portfolio published yet" in read(out / "portfolio" / "index.html")
    assert "No posts yet" in read(out / "index.html")


def test_scaffold_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not empty"):
        scaffold_site(tmp_path, SiteSettings("hugo", "Blog"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    with pytest.raises(InvalidInput, match="is a file"):
        scaffold_site(tmp_path / "notes.txt", SiteSettings("jekyll", "Blog"))


def test_scaffold_rejects_bad_settings(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="title"):
        scaffold_site(tmp_path / "a", SiteSettings("hugo", "  "))
    with pytest.raises(InvalidInput, match="web address"):
        scaffold_site(tmp_path / "b", SiteSettings("jekyll", "Blog", base_url="example.com/blog"))
    with pytest.raises(InvalidInput, match="unknown kind"):
        scaffold_site(tmp_path / "c", SiteSettings("gatsby", "Blog"))  # type: ignore[arg-type]
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["hugo", "jekyll"])
def test_config_round_trips_awkward_values(tmp_path: Path, kind: str) -> None:
    title = 'She said: "it\'s #1" — {ok}: 🚀 & données'
    settings = SiteSettings(kind, title, "https://someone.github.io/blog", 'Zoë "Z" O\'Brien', "a: b # not a comment")
    written = scaffold_site(tmp_path / "site", settings)
    config_name = "hugo.yaml" if kind == "hugo" else "_config.yml"
    assert Path(config_name) in written
    assert Path(".gitignore") in written and Path(".github/workflows/pages.yml") in written
    assert all((tmp_path / "site" / p).is_file() for p in written)
    config = yaml.safe_load((tmp_path / "site" / config_name).read_text(encoding="utf-8"))
    assert config["title"] == title
    if kind == "hugo":
        assert config["baseURL"] == "https://someone.github.io/blog/"
        assert config["params"] == {"author": 'Zoë "Z" O\'Brien', "description": "a: b # not a comment"}
        assert config["markup"]["goldmark"]["renderer"]["unsafe"] is True
    else:
        assert (config["url"], config["baseurl"]) == ("https://someone.github.io", "/blog")
        assert config["author"] == 'Zoë "Z" O\'Brien' and config["description"] == "a: b # not a comment"
        assert config["timezone"] == "UTC" and config["future"] is False


def test_detect_site(tmp_path: Path) -> None:
    scaffold_site(tmp_path / "h", SiteSettings("hugo", "H"))
    scaffold_site(tmp_path / "j", SiteSettings("jekyll", "J"))
    assert detect_site(tmp_path / "h") == ("hugo", tmp_path / "h" / "content" / "posts")
    assert detect_site(tmp_path / "j") == ("jekyll", tmp_path / "j" / "_posts")

    other = tmp_path / "random"
    (other / "content").mkdir(parents=True)
    (other / "notes.md").write_text("# notes", encoding="utf-8")
    assert detect_site(other) is None
    assert detect_site(tmp_path / "missing") is None

    legacy = tmp_path / "legacy"
    (legacy / "content" / "post").mkdir(parents=True)
    (legacy / "config.toml").write_text('title = "Old"\n', encoding="utf-8")
    assert detect_site(legacy) == ("hugo", legacy / "content" / "post")


def test_both_scaffolds_get_the_one_shared_stylesheet(tmp_path: Path) -> None:
    """main.css and syntax.css live once, in resources/sites/shared, and every new blog gets them."""
    shared = Path(__file__).resolve().parents[2] / "resources" / "sites" / "shared" / "assets" / "css"
    for kind in ("hugo", "jekyll"):
        dest = tmp_path / kind
        written = scaffold_site(dest, SiteSettings(kind=kind, title="T"))  # type: ignore[arg-type]
        for name in ("main.css", "syntax.css"):
            assert Path("assets/css") / name in written
            assert (dest / "assets" / "css" / name).read_bytes() == (shared / name).read_bytes()


@pytest.mark.parametrize(
    ("kind", "layout", "broken", "expected"),
    [
        ("hugo", "layouts/index.html", '{{ define "main" }}{{ .Nope.Broken }}{{ end }}', "Nope"),
        ("jekyll", "_layouts/home.html", "---\nlayout: default\n---\n{% if %}", "Liquid"),
    ],
)
def test_build_site_reports_a_broken_site(tmp_path: Path, kind: str, layout: str, broken: str, expected: str) -> None:
    need(kind)
    site = make_site(tmp_path, kind, posts=False, portfolio=False)
    (site / layout).write_text(broken, encoding="utf-8")
    with pytest.raises(InvalidInput, match=f"{kind} could not build") as caught:
        build_site(site, kind, tmp_path / "out")
    assert expected in caught.value.message
    assert "\tfrom /" not in caught.value.message  # the error, not a Ruby backtrace


def test_build_site_says_when_the_generator_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("journal.publish.scaffold.shutil.which", lambda name: None)
    with pytest.raises(InvalidInput, match="Jekyll is not installed"):
        build_site(tmp_path, "jekyll", tmp_path / "out")
    with pytest.raises(InvalidInput, match="holds the site's own files"):
        build_site(tmp_path / "site", "hugo", tmp_path)
