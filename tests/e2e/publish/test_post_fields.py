"""What a post needs, set from the command line and seen on the built site (Trailbook's Hugo scaffold under a
project-page address, a bare remote): the blog's math setting over the site's own choice, the address recorded as
the generator makes it (``published --json``, the portfolio), summary, categories, cover image, drafts and a
scheduled publish date."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from journal.cli import main
from journal.db import open_journal
from journal.publish.matter import read_post
from journal.publish.permalinks import file_for
from journal.publish.scaffold import build_site

from .conftest import git, png_bytes

BASE_URL = "https://user.github.io/repo/"
MATH = "The loss is $\\hat{y} = \\sigma(w x + b)$ for every batch.\n"

pytestmark = pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")


class Site:
    """A journal home, a Hugo blog made with `blog new` and its bare remote, driven through the command line."""

    def __init__(self, tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp, self.capsys = tmp, capsys
        self.home, self.remote, self.repo = tmp / "home", tmp / "remote.git", tmp / "blog"
        git(tmp, "init", "-q", "--bare", "-b", "main", str(self.remote))
        self.ok("blog", "new", "notes", "--path", str(self.repo), "--kind", "hugo", "--remote", str(self.remote),
                "--base-url", BASE_URL)  # fmt: skip
        self.builds = 0

    def cli(self, *args: str) -> tuple[int, str, str]:
        code = main(["--home", str(self.home), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self.cli(*args)
        assert code == 0, err
        return out

    def new(self, text: str, *args: str) -> str:
        return self.ok("new", text, "--title", "Serving a model", *args).strip()

    def publish(self, entry: str, *args: str) -> dict:  # type: ignore[type-arg]
        return json.loads(self.ok("publish", entry, "--to", "notes", "--json", *args))

    def published(self) -> list[dict]:  # type: ignore[type-arg]
        return json.loads(self.ok("published", "--json"))

    def build(self) -> Path:
        self.builds += 1
        out = self.tmp / f"site-{self.builds}"
        build_site(self.repo, "hugo", out)
        return out

    def page(self, out: Path, url: str) -> Path:
        assert url.startswith(BASE_URL), url
        return out / file_for(url[len(BASE_URL) :])

    def front(self, rel: str) -> dict:  # type: ignore[type-arg]
        return read_post((self.repo / rel).read_text(encoding="utf-8"))[1]


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Site:
    return Site(tmp_path, capsys)


def test_the_blogs_math_setting_overrides_the_sites_choice(site: Site) -> None:
    entry = site.new(MATH)
    first = site.publish(entry)
    out = site.build()
    assert "<math" in site.page(out, first["posts"][0]["url"]).read_text(encoding="utf-8")  # auto: MathML here
    assert "math as TeX (the blog's setting)" in site.ok("blog", "set", "notes", "--math", "tex")
    assert json.loads(site.ok("blog", "list", "--json"))[0]["math"] == "tex"
    plan = json.loads(site.ok("publish", entry, "--to", "notes", "--dry-run", "--json"))
    (post,) = plan["posts"]
    assert post["status"] == "updated"
    assert any("no MathJax or KaTeX was found" in w for w in post["warnings"])
    site.publish(entry)
    html = unescape(site.page(site.build(), post["url"]).read_text(encoding="utf-8"))
    assert "\\(\\hat{y} = \\sigma(w x + b)\\)" in html and "<math" not in html
    with pytest.raises(SystemExit) as usage:
        site.cli("blog", "set", "notes", "--math", "latex")
    assert usage.value.code == 2 and "invalid choice" in site.capsys.readouterr().err
    code, _out, err = site.cli("blog", "set", "notes")
    assert code == 1 and err.count("\n") == 1 and "nothing to change" in err


def test_the_address_the_generator_makes_is_recorded_reported_and_linked(site: Site) -> None:
    from journal.publish.publications import latest
    from journal.roadmap import ensure_roadmap, link_evidence

    with open_journal(site.home) as journal:
        area = ensure_roadmap(journal).areas[0]
    entry = site.new("Batching cut p99 in half.", "--tag", area.id)
    with open_journal(site.home) as journal:
        link_evidence(journal, area.milestones[0].id, entry)
    site.ok("blog", "set", "notes", "--portfolio", "on")
    # The person's own permalinks: a dated address, which is what the generator makes and what is recorded.
    config = site.repo / "hugo.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  posts: /posts/:slug/\n" in text
    config.write_text(text.replace("  posts: /posts/:slug/\n", "  posts: /:year/:slug/\n"), encoding="utf-8")
    git(site.repo, "commit", "-q", "-am", "Dated addresses", env={"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@x",
        "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@x"})  # fmt: skip
    result = site.publish(entry)
    url = result["posts"][0]["url"]
    assert re.fullmatch(rf"{re.escape(BASE_URL)}\d{{4}}/serving-a-model/", url), url
    with open_journal(site.home) as journal:
        blog_id = 1
        assert latest(journal, blog_id)[entry].url == url  # publications.url
    (row,) = site.published()
    assert row["url"] == url and row["draft"] is False
    out = site.build()
    assert site.page(out, url).is_file()
    portfolio = json.loads((site.repo / "data/trailbook/portfolio.json").read_text(encoding="utf-8"))
    links = [p["url"] for a in portfolio["areas"] for p in a["posts"]]
    assert links == ["/" + url[len(BASE_URL) :]]
    assert (out / links[0].lstrip("/") / "index.html").is_file()  # the portfolio's link is a page of the build


def test_summary_categories_and_cover_reach_the_post(site: Site) -> None:
    cover = site.tmp / "cover.png"
    cover.write_bytes(png_bytes(seed=5))
    entry = site.new("```python\nprint('code first')\n```\n\nBatching cut p99 in half.\n", "--summary",
                     "What batching did to p99.", "--category", "serving", "--category", "ml ops", "--cover",
                     str(cover))  # fmt: skip
    result = site.publish(entry)
    rel = next(f for f in result["files"] if f.endswith(".md"))
    meta = site.front(rel)
    assert meta["description"] == meta["summary"] == "What batching did to p99."
    assert meta["categories"] == ["serving", "ml ops"]
    (image,) = [f for f in result["files"] if f.endswith(".png")]
    (card_image,) = meta["images"]  # the cover, though the text shows no image
    assert card_image.endswith(Path(image).name)
    assert not any("no summary" in w for w in result["posts"][0]["warnings"])
    html = site.page(site.build(), result["posts"][0]["url"]).read_text(encoding="utf-8")
    card = re.search(r'<meta property="og:image" content="([^"]+)"', html)
    assert card and card.group(1).endswith(Path(image).name)
    # Categories the entry names replace the post's; with none named, the post keeps the ones it has and a new post
    # gets the blog's. No summary: an automatic description that is prose, not code, and a pointer to the field.
    site.ok("edit", entry, "--category", "research")
    site.publish(entry)
    assert site.front(rel)["categories"] == ["research"]
    site.ok("blog", "set", "notes", "--categories", "notes, learning")
    site.ok("edit", entry, "--category", "", "--summary", "")
    again = site.publish(entry)
    meta = site.front(rel)
    assert meta["categories"] == ["research"]
    assert meta["description"] == "Batching cut p99 in half."
    assert any("Post details (Summary)" in w for w in again["posts"][0]["warnings"])
    other = site.publish(site.new("Another one."))
    assert site.front(next(f for f in other["files"] if f.endswith(".md")))["categories"] == ["notes", "learning"]


def test_a_draft_stays_off_the_site_until_published_for_real(site: Site) -> None:
    entry = site.new("Half-finished thoughts on batching.")
    result = site.publish(entry, "--draft")
    assert result["draft"] and any(w.startswith("draft:") for w in result["posts"][0]["warnings"])
    url = result["posts"][0]["url"]
    assert not site.page(site.build(), url).exists()
    (row,) = site.published()
    assert row["draft"] is True
    assert "draft: not shown on the site" in site.ok("published")
    final = site.publish(entry)
    assert final["commit"] and not final["draft"]
    assert any("this publish makes it public" in w for w in final["posts"][0]["warnings"])
    assert site.page(site.build(), url).is_file()
    assert site.published()[0]["draft"] is False


def test_a_future_publish_date_is_a_scheduled_post(site: Site) -> None:
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).replace(microsecond=0)
    entry = site.new("Coming soon.", "--publish-date", later.isoformat())
    plan = json.loads(site.ok("publish", entry, "--to", "notes", "--dry-run", "--json"))
    (note,) = [w for w in plan["posts"][0]["warnings"] if w.startswith("scheduled")]
    assert later.strftime("%d %B %Y") in note
    result = site.publish(entry)
    assert not site.page(site.build(), result["posts"][0]["url"]).exists()  # Hugo leaves it out until then
    earlier = "2024-05-02T09:30:00+02:00"
    site.ok("edit", entry, "--publish-date", earlier)
    result = site.publish(entry)
    rel = next(f for f in result["files"] if f.endswith(".md"))
    assert site.front(rel)["date"] in (earlier, dt.datetime.fromisoformat(earlier))
    assert not any(w.startswith("scheduled") for w in result["posts"][0]["warnings"])
    assert site.page(site.build(), result["posts"][0]["url"]).is_file()
    code, _out, err = site.cli("edit", entry, "--publish-date", "next tuesday")
    assert code == 1 and "bad publish date" in err and err.count("\n") == 1
