"""Publishing into the blog a person already has, built with the real generator: Hugo + PaperMod (with the KaTeX
partial its docs suggest), Hugo + Ananke, Jekyll + Debian's minima, and Trailbook's own two scaffolds. Each is a git
clone with a bare remote and a post written by hand; the blog is added with `blog add` (the scaffolds with `blog
new`); one entry holding code with {{ }} and {% %}, a table, inline and display math, an image, emoji and a private
block is published; the site is built in TZ=UTC (as GitHub's runners do) and checked: the page is at the address
Trailbook reported and styled by the theme's post layout, braces are intact, math renders (or the warning was given),
every image and the social card's image are files of the build, the date is the day the entry was written, and the
hand-written post and the person's other files are as they were. Each site is built once per module."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from sqlalchemy import update

from journal.attachments import store_attachment
from journal.db import Journal, open_journal
from journal.entries import Entry, create_entry, get_entry
from journal.jobs import run
from journal.models import EntryRow
from journal.publish import service
from journal.publish.blogs import Blog, add_blog, new_blog
from journal.publish.permalinks import file_for
from journal.publish.plan import Plan
from journal.publish.publications import published_posts
from journal.publish.scaffold import build_site
from journal.publish.theme import jekyll_gem_dir

from . import blog_sites
from .blog_sites import BASE_PATH, BASE_URL, HAND_TITLE, IDENTITY, into_git
from .conftest import git, png_bytes, zone_given_back

SECRET = "SALARY-NEGOTIATION-7731"
KATEX_PARTIAL = (
    "{{ if .Params.math }}\n"
    '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/katex@0.16.9/dist/katex.min.css">\n'
    '<script defer src="https://cdn.jsdelivr.net/npm/katex@0.16.9/dist/katex.min.js"></script>\n'
    '<script defer src="https://cdn.jsdelivr.net/npm/katex@0.16.9/dist/contrib/auto-render.min.js"\n'
    "  onload=\"renderMathInElement(document.body, {delimiters: [{left: '$$', right: '$$', display: true},"
    " {left: '\\\\(', right: '\\\\)', display: false}]});\"></script>\n{{ end }}\n"
)
# Written at 00:30 on 2 May in Paris: 1 May in UTC, so a day taken from UTC would show.
WRITTEN = dt.datetime(2024, 5, 1, 22, 30, tzinfo=dt.UTC)
DAY = dt.date(2024, 5, 2)
SHOWN_DAY = re.compile(r"May 2, 2024|2 May 2024|2024-05-02|May 02, 2024")
WRONG_DAY = re.compile(r"May 1, 2024|1 May 2024|2024-05-01T|May 01, 2024")
POST_LAYOUT = {  # a mark of each theme's own post layout
    "papermod": 'class="post-single"',
    "ananke": 'class="flex-l flex-wrap justify-between mw8 center ph3"',
    "minima": 'class="post h-entry"',
    "hugo-scaffold": '<article class="post">',
    "jekyll-scaffold": '<article class="post">',
}
SITES = list(POST_LAYOUT)


def entry_body(image: str) -> str:
    return "\n\n".join(
        [
            "Latency budgets are tight 🚀 and a retry costs $10.",
            f"![The architecture]({image})",
            '```python\ndef render(t):\n    return t.render("{{ user }}")  # {% raw %} and {% endraw %} stay text\n```',
            "In prose too: {{ page.title }}, {% include nothing.html %}, {% endrawé %} and {% endraw %} are only text.",
            "| model | p99 (ms) |\n| --- | ---: |\n| distilbert | 31 |\n| bert-base | 64 |",
            f"```private\nNever publish {SECRET}.\n```",
            r"The loss is $\hat{y} = \sigma(w x + b)$ and the sum",
            r"$$\sum_{i=1}^{n} x_i$$",
        ]
    )


@dataclass
class Published:
    name: str
    repo: Path
    tmp: Path
    journal: Journal
    blog: Blog
    entry: Entry
    plan: Plan
    result: service.PublishResult
    before: dict[str, bytes]  # the person's files before the publish
    out: Path  # the site built in TZ=UTC

    @property
    def url(self) -> str:
        return self.result.posts[0].url

    @property
    def url_path(self) -> str:
        assert self.url.startswith(BASE_URL), self.url
        return self.url[len(BASE_URL) :]

    def html(self, out: Path | None = None) -> str:
        page = (out or self.out) / unquote(file_for(self.url_path))
        assert page.is_file(), (
            f"no page at {self.url} ({page}); built: {sorted(p.name for p in (out or self.out).iterdir())}"
        )
        return page.read_text(encoding="utf-8")


def _files(repo: Path) -> dict[str, bytes]:
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }


def _isolate(mp: pytest.MonkeyPatch, home: Path) -> None:
    mp.setenv("HOME", str(home))
    mp.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_ASKPASS", "SSH_ASKPASS", "EMAIL"):
        mp.delenv(name, raising=False)
    mp.setenv("TZ", "Europe/Paris")
    import time

    time.tzset()


def build(site: Published | Path, kind: str, dest: Path, tz: str = "UTC") -> Path:
    """Build with the real generator in time zone ``tz`` (the rest of the environment as it is)."""
    root = site.repo if isinstance(site, Published) else site
    previous = os.environ.get("TZ")
    os.environ["TZ"] = tz
    try:
        build_site(root, kind, dest)  # type: ignore[arg-type]
    finally:
        if previous is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = previous
    return dest


def _make_site(name: str, journal: Journal, tmp: Path) -> Blog:
    root, remote = tmp / "blog", tmp / "remote.git"
    person = {"author_name": "Ana Lima", "author_email": "ana@example.com"}
    if name in ("hugo-scaffold", "jekyll-scaffold"):
        kind = name.split("-")[0]
        git(tmp, "init", "-q", "--bare", "-b", "main", str(remote))
        blog = new_blog(
            journal, name, root, kind, remote_url=str(remote), title="Ana's notes", base_url=BASE_URL, **person
        )
        hand = (
            ("content/posts/hello/index.md", f'---\ntitle: "{HAND_TITLE}"\ndate: 2024-01-10T09:00:00+01:00\n---\n')
            if kind == "hugo"
            else ("_posts/2024-01-10-hello.md", f'---\ntitle: "{HAND_TITLE}"\ndate: 2024-01-10 09:00:00 +0100\n---\n')
        )
        (root / hand[0]).parent.mkdir(parents=True, exist_ok=True)
        (root / hand[0]).write_text(hand[1] + blog_sites.HAND_BODY.replace("{{", "{{ '{{' }}"), encoding="utf-8")
        git(root, "add", hand[0])
        git(root, "commit", "-q", "-m", "My first post", env=IDENTITY)
        git(root, "push", "-q", "-u", "origin", "main", env=IDENTITY)
        return blog
    if name == "papermod":
        blog_sites.papermod(root, files={"layouts/partials/extend_head.html": KATEX_PARTIAL})
    elif name == "ananke":
        blog_sites.ananke(root)
    else:
        if shutil.which("jekyll") is None or jekyll_gem_dir("minima", Path.cwd()) is None:
            pytest.skip("Jekyll and Debian's jekyll-theme-minima are needed (apt-get install jekyll-theme-minima)")
        blog_sites.minima(root, timezone="Europe/Paris")
    into_git(root, remote)
    return add_blog(journal, name, root, **person)


def _entry(journal: Journal) -> Entry:
    image = store_attachment(journal, png_bytes(seed=11), ".png")
    entry = create_entry(journal, entry_body(image), title="Serving a model 🚀", tags=["serving"], day=DAY)
    with journal.writing() as session:  # written at a known moment, near midnight
        session.execute(update(EntryRow).where(EntryRow.uuid == entry.id).values(created=WRITTEN, updated=WRITTEN))
    return get_entry(journal, entry.id)


@pytest.fixture(scope="module", params=SITES)
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    name = request.param
    kind = "jekyll" if name in ("minima", "jekyll-scaffold") else "hugo"
    if shutil.which(kind) is None:
        pytest.skip(f"{kind} is not installed")
    tmp = tmp_path_factory.mktemp(name)
    with zone_given_back(), pytest.MonkeyPatch.context() as mp:
        _isolate(mp, tmp_path_factory.mktemp("home"))
        with open_journal(tmp / "journal") as journal:
            blog = _make_site(name, journal, tmp)
            before = _files(blog.path)
            entry = _entry(journal)
            plan = service.plan(journal, blog.name, [entry.id])
            result = run(service.publish(journal, blog.name, [entry.id]))
            assert result.pushed and result.commit
            out = build(blog.path, kind, tmp / "site-utc")
            yield Published(name, blog.path, tmp, journal, blog, entry, plan, result, before, out)


def _article(html: str) -> str:
    """The post's own part of the page (themes differ; the body is between the first <article and its end)."""
    start = html.find("<article")
    return html[start:] if start >= 0 else html


def _resolves(pub: Published, page_url: str, src: str) -> Path:
    """The file in the build that ``src`` (on the page at ``page_url``) points at."""
    absolute = urljoin(page_url, unescape(src))
    parts = urlsplit(absolute)
    assert f"{parts.scheme}://{parts.netloc}/" == urljoin(BASE_URL, "/"), f"{src} leaves the site: {absolute}"
    assert parts.path.startswith(BASE_PATH), f"{src} is not under the project page {BASE_PATH}: {absolute}"
    target = pub.out / unquote(file_for(parts.path[len(BASE_PATH) :]))
    assert target.is_file(), f"{src} on {page_url} is {absolute}, not a file of the build"
    return target


def test_the_page_is_at_the_reported_address(published: Published) -> None:
    pub = published
    (planned,) = pub.plan.posts
    assert planned.url == pub.url and pub.url.startswith(BASE_URL)
    assert {p.url for p in published_posts(pub.journal)} == {pub.url}  # trailbook published [--json]
    html = pub.html()
    assert "Serving a model" in html
    # Posts go where the existing posts are, the way they are written.
    assert planned.path.startswith(pub.blog.content_dir + "/")


def test_the_theme_styles_the_post(published: Published) -> None:
    html = published.html()
    assert POST_LAYOUT[published.name] in html
    assert re.search(r'<meta charset="?utf-8"?', html, re.I)
    assert "🚀" in html  # emoji intact


def _assert_braces_intact(html: str) -> None:
    text = unescape(_article(html))
    assert '"{{ user }}"' in text or "“{{ user }}”" in text
    assert "{% raw %} and {% endraw %} stay text" in text
    assert "{{ page.title }}" in text and "{% include nothing.html %}" in text
    # Liquid's raw tag reads "endraw" with Ruby's ASCII \w: {% endrawé %} would end it (journal.publish.liquid)
    assert "{% endrawé %} and {% endraw %} are only text" in text
    assert "<table" in text and "distilbert" in text


def test_braces_and_liquid_survive(published: Published) -> None:
    _assert_braces_intact(published.html())


# Jekyll 3.10's Document#render_with_liquid? (lib/jekyll/document.rb at v3.10.0, the GitHub Pages gem's Jekyll): the
# front matter is not asked. Jekyll 4 added `return false if data["render_with_liquid"] == false` before this line.
JEKYLL3_RULE = """module Jekyll
  class Document
    def render_with_liquid?
      !(coffeescript_file? || yaml_file? || !Utils.has_liquid_construct?(content))
    end
  end
end
"""


@pytest.mark.parametrize("published", ["minima", "jekyll-scaffold"], indirect=True)
def test_braces_survive_jekyll_3_which_runs_liquid_whatever_render_with_liquid_says(published: Published) -> None:
    """The GitHub Pages gem's Jekyll 3 runs Liquid on every post holding `{%` or `{{`: minima's site never sets
    `render_with_liquid`, Trailbook's scaffold sets it false in its defaults, and Jekyll 3 reads neither. Only
    Debian's Jekyll 4 is here, so the site is built with Jekyll 3's own rule put back (a plugin); a control post
    that says `render_with_liquid: false` proves the rule is in force."""
    post = (published.repo / published.result.posts[0].path).read_text(encoding="utf-8")
    if published.name == "minima":
        assert "render_with_liquid" not in post  # nothing in the post or the site's defaults asks for it
    copy = published.tmp / "as-jekyll-3"
    shutil.copytree(published.repo, copy, ignore=shutil.ignore_patterns(".git"))
    (copy / "_plugins").mkdir(exist_ok=True)
    (copy / "_plugins" / "jekyll3_render_with_liquid.rb").write_text(JEKYLL3_RULE, encoding="utf-8")
    (copy / "_posts" / "2024-01-11-control.md").write_text(
        "---\ntitle: Control\nrender_with_liquid: false\n---\nLiquid ran: {{ 40 | plus: 2 }}\n", encoding="utf-8"
    )
    out = build(copy, "jekyll", published.tmp / "site-as-jekyll-3")
    (control,) = [p for p in out.rglob("*.html") if "control" in p.relative_to(out).as_posix()]
    assert "Liquid ran: 42" in control.read_text(encoding="utf-8")
    _assert_braces_intact(published.html(out))


def test_math_renders_or_the_person_was_told(published: Published) -> None:
    pub = published
    html = pub.html()
    (planned,) = pub.plan.posts
    if pub.name == "ananke":  # Goldmark drops raw HTML here and the theme has no math script
        assert any("`markup: {goldmark: {renderer: {unsafe: true}}}` to hugo.yaml" in w for w in planned.warnings)
        assert "<!-- raw HTML omitted -->" in html  # what the warning said would happen
        assert pub.result.posts[0].warnings == planned.warnings
    elif pub.name == "papermod":  # the site loads KaTeX (on pages with math: true): TeX with its delimiters
        text = unescape(_article(html))
        assert r"\(\hat{y} = \sigma(w x + b)\)" in text and r"$$\sum_{i=1}^{n} x_i$$" in text
        assert "katex.min.js" in html and "auto-render" in html
        assert not any("math" in w for w in planned.warnings)
    else:
        assert "<math" in html and "&lt;math" not in html and "<!-- raw HTML omitted -->" not in html
        assert not any("math" in w for w in planned.warnings)
    assert "costs $10" in unescape(html)


def test_images_and_the_social_card_resolve_under_the_project_page(published: Published) -> None:
    pub = published
    html = pub.html()
    body = _article(html)
    images = re.findall(r'<img[^>]*?\ssrc="([^"]+)"', body)
    assert images, "the post's image is missing"
    for src in images:
        _resolves(pub, pub.url, src)
    cards = re.findall(r'<meta (?:property|name)="(?:og:image|twitter:image)" content="([^"]+)"', html)
    assert cards, "no og:image / twitter:image"
    for src in cards:
        assert src.startswith(BASE_URL), src
        _resolves(pub, pub.url, src)
    for src in re.findall(r"background-image: url\('([^']+)'\)", html):  # Ananke's featured image
        _resolves(pub, pub.url, src)


def test_the_date_is_the_day_it_was_written(published: Published) -> None:
    meta = published.html()
    head, article = meta.split("<article", 1) if "<article" in meta else ("", meta)
    assert SHOWN_DAY.search(article), "the post does not show 2 May 2024"
    assert not WRONG_DAY.search(article), "the post shows 1 May (the day in UTC)"
    # The full timestamp, where the theme prints one, is the moment it was written (in whichever offset).
    for stamp in re.findall(r'"article:published_time" content="([^"]+)"', head):
        assert dt.datetime.fromisoformat(unescape(stamp)) == WRITTEN, stamp


def test_the_private_block_stays_home(published: Published) -> None:
    pub = published
    assert SECRET not in pub.html()
    assert git(pub.repo, "grep", "-I", SECRET, "main", check=False) == ""


def test_the_hand_written_post_and_the_persons_files_are_untouched(published: Published) -> None:
    pub = published
    after = _files(pub.repo)
    written = set(pub.result.files)
    assert {k: v for k, v in after.items() if k not in written} == pub.before
    assert not written & set(pub.before), "a file of the person's was rewritten"
    hand = next(pub.out.rglob("hello*")) if not list(pub.out.rglob("hello/index.html")) else None
    pages = [p for p in pub.out.rglob("*.html") if HAND_TITLE in p.read_text(encoding="utf-8")]
    assert pages, f"the hand-written post is no longer built ({hand})"


@pytest.mark.parametrize("published", ["papermod", "minima", "jekyll-scaffold"], indirect=True)
@pytest.mark.parametrize("tz", ["America/Los_Angeles", "Pacific/Kiritimati"])
def test_the_same_site_whatever_time_zone_builds_it(published: Published, tz: str) -> None:
    """The address and the day do not depend on where the site is built (UTC, -8 h, +14 h). One Hugo site is
    enough: Hugo keeps the offset written in the date."""
    kind = published.blog.kind
    out = build(published, kind, published.tmp / f"site-{tz.replace('/', '-')}", tz)
    article = published.html(out).split("<article", 1)[-1]
    assert SHOWN_DAY.search(article) and not WRONG_DAY.search(article)


def test_a_jekyll_site_without_a_timezone_dates_posts_in_utc_and_says_so(journal: Journal, tmp_path: Path) -> None:
    """GitHub builds in UTC: with no `timezone` in _config.yml the post is dated (and addressed) by its UTC day, and
    the publish dialog says which line gives it the writer's own day."""
    if shutil.which("jekyll") is None or jekyll_gem_dir("minima", Path.cwd()) is None:
        pytest.skip("Jekyll and Debian's jekyll-theme-minima are needed")
    root = blog_sites.minima(tmp_path / "blog")
    into_git(root, tmp_path / "remote.git")
    blog = add_blog(journal, "m", root)
    entry = _entry(journal)
    plan = service.plan(journal, blog.name, [entry.id])
    (post,) = plan.posts
    assert post.path == "_posts/2024-05-01-serving-a-model.md"
    assert post.url == f"{BASE_URL}journal/2024/05/01/serving-a-model.html"
    assert any("timezone: Europe/Paris" in w and "2024-05-01" in w for w in post.warnings)
    run(service.publish(journal, blog.name, [entry.id]))
    out = build(root, "jekyll", tmp_path / "site")
    assert (out / "journal/2024/05/01/serving-a-model.html").is_file()
