"""What Trailbook publishes builds with the real Hugo and Jekyll, offline, under a project-page base URL: each post's
title, its highlighted code block, its table, its tags and its images (files present and linked) are in the HTML, the
private block is not, and the portfolio page links the published evidence only."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from journal.publish.blogs import update_blog
from journal.publish.scaffold import build_site
from journal.roadmap import ensure_roadmap, link_evidence, mark_done

from .conftest import World, make_world

BASE_URL = "https://example.github.io/blog/"
BASE_PATH = "/blog/"
SECRET = "SALARY-NEGOTIATION-7731"
CODE = "```python\ndef predict(batch: list[str]) -> list[float]:\n    return model(batch)  # {{ not liquid }}\n```"
TABLE = "| model | p99 (ms) |\n| --- | ---: |\n| distilbert | 31 |\n| bert-base | 64 |"


def body(world: World, seed: int, extra: str = "") -> str:
    return "\n\n".join(
        [
            "Latency budgets are tight: a retry costs $10.",
            f"![The architecture]({world.image(seed)})",
            CODE,
            TABLE,
            f"```private\nNever publish {SECRET}.\n```",
            r"The loss is $\hat{y} = \sigma(w x + b)$ and",
            "$$\\sum_{i=1}^{n} x_i$$",
            f"A second figure: ![loss]({world.image(seed + 50)}) {extra}",
        ]
    )


def out_file(out: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    assert path.startswith(BASE_PATH), f"{url} is not under {BASE_PATH}"
    target = out / path[len(BASE_PATH) :]
    return target / "index.html" if path.endswith("/") else target


def need(kind: str) -> None:
    if shutil.which(kind) is None:
        pytest.skip(f"{kind} is not installed (apt-get install {kind})")


def check_post(out: Path, slug: str, title: str, tags: list[str]) -> None:
    html = (out / "posts" / slug / "index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert h1 and unescape(h1.group(1)) == title
    assert 'class="highlight"' in html and re.search(r'<span class="k">(def|return)</span>', html)
    assert "{{ not liquid }}" in html
    assert "<table" in html and "distilbert" in html and "bert-base" in html
    assert "<math" in html and "&lt;math" not in html and "costs $10" in html
    assert SECRET not in html and "private" not in html.split("<article", 1)[-1].lower().replace("privacy", "")
    srcs = re.findall(r'<img src="([^"]+)"', html)
    assert len(srcs) == 2, srcs
    for src in srcs:
        assert src.startswith(BASE_PATH), src
        assert out_file(out, src).is_file(), src
    for tag in tags:
        assert f">#{tag}<" in html or f">{tag}<" in html, tag
        tag_page = out / "tags" / tag / "index.html"
        assert tag_page.is_file() and f"{BASE_PATH}posts/{slug}/" in tag_page.read_text(encoding="utf-8")
    og = re.search(r'<meta property="og:image" content="([^"]+)"', html)
    assert og and out_file(out, og.group(1)).is_file()


def publish_and_build(world: World, tmp_path: Path) -> tuple[Path, list]:  # type: ignore[type-arg]
    roadmap = ensure_roadmap(world.journal)
    area = roadmap.areas[0]
    a = world.entry('Serving a model: "p99" 🚀', body(world, 1), tags=[area.id, "python"])
    b = world.entry("Notes on gradient descent", body(world, 2), tags=["python"], summary="")
    c = world.entry("Not published", "Evidence that stays in the journal.\n", tags=[area.id])
    link_evidence(world.journal, area.milestones[0].id, a.id)
    link_evidence(world.journal, area.milestones[1].id, c.id)
    mark_done(world.journal, area.milestones[0].id)
    update_blog(world.journal, world.blog.name, base_url=BASE_URL, portfolio=True)
    result = world.publish(a, b)
    assert result.pushed
    out = tmp_path / "site"
    build_site(world.repo, world.blog.kind, out, base_url=BASE_URL)
    return out, [a, b, c, area]


@pytest.mark.parametrize("layout", ["bundle", "flat-toml"])
def test_hugo_builds_the_published_posts(journal, tmp_path: Path, layout: str) -> None:  # type: ignore[no-untyped-def]
    need("hugo")
    world = make_world(
        journal,
        tmp_path,
        "hugo",
        hugo_layout=layout.split("-")[0],
        front_matter="toml" if layout.endswith("toml") else "yaml",
    )
    out, (a, b, c, area) = publish_and_build(world, tmp_path)
    check_post(out, "serving-a-model-p99", a.title, [area.id, "python"])
    check_post(out, "notes-on-gradient-descent", b.title, ["python"])
    check_portfolio(world, out, a, c)


def test_jekyll_builds_the_published_posts(journal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    need("jekyll")
    world = make_world(journal, tmp_path, "jekyll")
    out, (a, b, c, area) = publish_and_build(world, tmp_path)
    check_post(out, "serving-a-model-p99", a.title, [area.id, "python"])
    check_post(out, "notes-on-gradient-descent", b.title, ["python"])
    check_portfolio(world, out, a, c)


def check_portfolio(world: World, out: Path, published, unpublished) -> None:  # type: ignore[no-untyped-def]
    folder = "data" if world.blog.kind == "hugo" else "_data"
    data = json.loads((world.repo / folder / "trailbook" / "portfolio.json").read_text(encoding="utf-8"))
    posts = [p for area in data["areas"] for p in area["posts"]]
    assert posts == [{"title": published.title, "slug": "serving-a-model-p99", "url": "/posts/serving-a-model-p99/"}]
    assert data["areas"][0]["done"] == 1 and re.match(r"\d{4}-\d\d-\d\dT.*[+-]\d\d:\d\d$", data["updated"])
    page = (out / "portfolio" / "index.html").read_text(encoding="utf-8")
    assert f"{BASE_PATH}posts/serving-a-model-p99/" in page
    assert unpublished.title not in page


def test_preview_builds_the_pending_changes_without_touching_the_blog(journal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import urllib.request

    from journal.jobs import run
    from journal.publish.preview import PreviewServer, build_preview

    need("hugo")
    world = make_world(journal, tmp_path, "hugo")
    entry = world.entry("Preview me", body(world, 7))
    before = {p: p.read_bytes() for p in world.repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    server = PreviewServer()
    try:
        run(build_preview(world.journal, world.blog.name, [entry.id], server.site, server.url))
        assert server.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(server.url + "posts/preview-me/", timeout=10) as response:
            html = response.read().decode("utf-8")
        assert "Preview me" in html and SECRET not in html
    finally:
        server.close()
    after = {p: p.read_bytes() for p in world.repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before and world.remote_head() == ""
