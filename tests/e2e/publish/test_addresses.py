"""The address Trailbook reports is the one the generator makes: Jekyll's permalink styles and patterns (with
:categories and the folders above _posts), Hugo's permalinks per section and uglyURLs, under a project-page base
path; each checked against the real build. And Jekyll's Liquid never runs on what Trailbook writes, whatever the
text holds."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.publish.liquid import raw_block, unwrap
from journal.publish.permalinks import file_for, post_path
from journal.publish.scaffold import build_site
from journal.publish.site import read_site

WHEN = dt.datetime(2024, 5, 2, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
NASTY = [
    "{{ x }} and {% if y %}",
    "{% raw %} inside {% endraw %}",
    "{%- endraw -%} and {%endraw%} and {%  endraw  %}",
    '{{ "{% endraw %}" }}',
    "{% endraw",
    "100% {%",
]


def need(kind: str) -> None:
    if shutil.which(kind) is None:
        pytest.skip(f"{kind} is not installed")


def _jekyll_site(root: Path, config: str, posts: dict[str, str]) -> None:
    root.mkdir(parents=True)
    (root / "_config.yml").write_text(f'title: t\nurl: "https://user.github.io"\nbaseurl: "/repo"\n{config}', "utf-8")
    (root / "_layouts").mkdir()
    (root / "_layouts" / "post.html").write_text("<article>{{ content }}</article>\n", encoding="utf-8")
    for rel, text in posts.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("permalink", "folder", "categories", "expected"),
    [
        ("date", "_posts", ["journal"], "journal/2024/05/01/my-post.html"),
        ("pretty", "_posts", ["ML", "Notes"], "ml/notes/2024/05/01/my-post/"),
        ("/:categories/:title/", "blog/_posts", ["Deep Learning"], "blog/deep%20learning/my-post/"),
        ("/:year/:i_month/:title:output_ext", "_posts", [], "2024/5/my-post.html"),
        ("none", "_posts", ["a"], "a/my-post.html"),
    ],
)
def test_jekyll_addresses_match_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, permalink: str, folder: str, categories: list[str], expected: str
) -> None:
    """Jekyll dates the post in the site's timezone; with none set, in the building machine's, which is UTC on
    GitHub's runners: 00:30 on 2 May in Paris is 1 May there."""
    need("jekyll")
    monkeypatch.setenv("TZ", "UTC")
    root = tmp_path / "site"
    name = f"{folder}/2024-05-01-my-post.md"
    cats = "[" + ", ".join(f'"{c}"' for c in categories) + "]"
    front = '---\nlayout: post\ntitle: "My post"\nslug: my-post\ndate: "2024-05-02T00:30:00+02:00"\n'
    _jekyll_site(root, f"permalink: {permalink}\n", {name: f"{front}categories: {cats}\n---\nHello.\n"})
    site = read_site(root, content_dir=folder)
    path = post_path(site, slug="my-post", title="My post", date=WHEN, categories=categories)
    assert path == expected
    out = tmp_path / "out"
    build_site(root, "jekyll", out)
    assert (out / file_for(path.replace("%20", " "))).is_file(), sorted(str(p.relative_to(out)) for p in out.rglob("*"))


def test_jekyll_defaults_and_collections_permalinks_win(tmp_path: Path) -> None:
    root = tmp_path / "site"
    _jekyll_site(
        root,
        "permalink: date\ncollections:\n  posts:\n    permalink: /c/:title/\n"
        'defaults:\n  - scope: {path: "_posts"}\n    values: {permalink: "/d/:year/:title/"}\n',
        {},
    )
    assert post_path(read_site(root), slug="s", title="S", date=WHEN) == "d/2024/s/"


def _hugo_site(root: Path, config: str, section: str) -> None:
    (root / "content" / section).mkdir(parents=True)
    (root / "hugo.toml").write_text(f'baseURL = "https://user.github.io/repo/"\ntitle = "t"\n{config}', "utf-8")
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "layouts" / "_default" / "single.html").write_text("<article>{{ .Content }}</article>\n", "utf-8")
    (root / "layouts" / "_default" / "list.html").write_text("{{ .Title }}\n", "utf-8")
    post = root / "content" / section / "my-post" / "index.md"
    post.parent.mkdir()
    post.write_text('---\ntitle: "Café: ça va"\nslug: my-post\ndate: 2024-05-02T00:30:00+02:00\n---\nHi.\n', "utf-8")


@pytest.mark.parametrize(
    ("config", "section", "expected"),
    [
        ("", "post", "post/my-post/"),
        ('[permalinks]\npost = "/:year/:month/:day/:slug/"\n', "post", "2024/05/02/my-post/"),
        ('[permalinks]\nblog = "/:section/:title/"\n', "blog", "blog/café-ça-va/"),
        ("uglyURLs = true\n", "posts", "posts/my-post.html"),
    ],
)
def test_hugo_addresses_match_the_build(tmp_path: Path, config: str, section: str, expected: str) -> None:
    """Hugo keeps the date's own offset (2 May), lower-cases paths and urlizes titles."""
    need("hugo")
    root = tmp_path / "site"
    _hugo_site(root, config, section)
    site = read_site(root)
    assert site.content_dir == f"content/{section}"
    path = post_path(site, slug="my-post", title="Café: ça va", date=WHEN)
    assert path == expected
    out = tmp_path / "out"
    build_site(root, "hugo", out)
    assert (out / file_for(path)).is_file(), sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))


@given(st.text(alphabet=st.sampled_from(list("{}%- rawend\n\"'x")), max_size=60))
def test_a_raw_block_unwraps_to_the_text(text: str) -> None:
    assert unwrap(raw_block(text)).rstrip("\n") == text.rstrip("\n")


def test_jekyll_shows_every_nasty_text_as_written(tmp_path: Path) -> None:
    """Through Liquid and kramdown: each text comes out as it went in, on the real Jekyll."""
    need("jekyll")
    root = tmp_path / "site"
    posts = {}
    for i, text in enumerate(NASTY):
        body = raw_block(f"```\n{text}\n```\n")
        posts[f"_posts/2024-05-0{i + 1}-p{i}.md"] = f"---\nlayout: post\ntitle: p{i}\n---\n{body}"
    _jekyll_site(root, "permalink: /:title/\n", posts)
    out = tmp_path / "out"
    build_site(root, "jekyll", out)
    from html import unescape

    for i, text in enumerate(NASTY):
        html = unescape((out / f"p{i}" / "index.html").read_text(encoding="utf-8"))
        assert text in html, (text, html)
