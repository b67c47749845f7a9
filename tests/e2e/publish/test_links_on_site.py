"""Links between entries on a real blog: a link to a published entry is a link to its post's address (under the base
URL's path, checked against the real Hugo build), one to an unpublished entry is plain text, one to a private entry
keeps only a text the person chose to show, and the dry run says which. Pushed into a bare remote and checked there
with ``git grep``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from journal.entries import create_entry, update_entry
from journal.publish import service
from journal.publish.scaffold import build_site

from .conftest import World, git, make_world

BODY = (
    "Batching traded latency for throughput: see [[Latency budget]] and [[latency budget#Tail|the tail]].\n\n"
    "Next: [[Draft idea]]. Also [[Nowhere at all|somewhere]], [[Secret plans]] and [[Secret plans|a note of mine]].\n\n"
    "`[[Latency budget]]` stays code.\n"
)


def need_hugo() -> None:
    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")


@pytest.fixture
def project_page(journal, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return make_world(journal, tmp_path, "hugo", base_url="https://ana.example.io/notes/")


def test_links_on_the_built_site(project_page: World, tmp_path: Path) -> None:
    need_hugo()
    world = project_page
    latency = world.entry("Latency budget", "# Latency budget\n\nThe p99 we can afford.\n")
    draft = world.entry("Draft idea", "Not published yet.\n")
    world.entry("Secret plans", "Nobody reads this.\n", private=True)
    batching = world.entry("Batching", BODY)

    # One publish with the linking post first: the address of the entry it links to is known only later.
    plan = service.plan(world.journal, world.blog.name, [batching.id, latency.id], "publish")
    post = plan.posts[0]
    assert [(link.link, link.status, link.why) for link in post.links] == [
        ("Latency budget", "linked", ""),
        ("latency budget#Tail|the tail", "linked", ""),
        ("Draft idea", "plain", "not_on_blog"),
        ("Nowhere at all|somewhere", "plain", "no_entry"),
        ("Secret plans", "left_out", "private"),
        ("Secret plans|a note of mine", "plain", "private"),
    ]
    assert post.links[0].url == "/notes/posts/latency-budget/"
    assert any("[[Secret plans]] names a private entry" in w for w in post.warnings)
    world.publish(batching, latency)

    pushed = git(world.remote, "show", f"main:content/posts/{post.slug}/index.md")
    assert "[Latency budget](/notes/posts/latency-budget/)" in pushed
    assert "[the tail](/notes/posts/latency-budget/)" in pushed
    assert "Next: Draft idea. Also somewhere,  and a note of mine." in pushed
    assert "`[[Latency budget]]` stays code." in pushed
    grep = subprocess.run(["git", "grep", "-F", "-I", "-e", "Secret plans", "main"], cwd=world.remote,
                          capture_output=True, check=False)  # fmt: skip
    assert grep.returncode == 1, grep.stdout  # the private entry's title is nowhere in the pushed tree
    assert pushed.count("[[") == 1  # only the code span

    site = tmp_path / "public"
    build_site(world.repo, "hugo", site, base_url="https://ana.example.io/notes/")
    page = (site / "posts" / post.slug / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]+)">(Latency budget|the tail)</a>', page)
    assert [h for h, _ in hrefs] == ["/notes/posts/latency-budget/"] * 2
    assert (site / "posts" / "latency-budget" / "index.html").is_file()  # the link leads to a built page
    assert "Draft idea" in page and "Secret plans" not in page and "a note of mine" in page

    # Published later, the draft idea becomes a link when the post that names it is published again.
    world.publish(draft)
    again = service.plan(world.journal, world.blog.name, [batching.id], "publish").posts[0]
    assert again.status == "updated"
    assert [link.status for link in again.links][:3] == ["linked", "linked", "linked"]
    assert again.links[2].url == "/notes/posts/draft-idea/"


def test_the_dry_run_says_what_each_link_becomes(world: World, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from journal.cli import main

    target = world.entry("Latency budget", "x\n")
    world.publish(target)
    private = create_entry(world.journal, "hidden", title="Secret plans", private=True)
    source = world.entry("Batching", "See [[Latency budget]], [[Draft idea]] and [[Secret plans]].\n\n"
                         "```private\n[[Only in the journal]]\n```\n")  # fmt: skip
    assert main(["--home", str(home), "publish", source.id, "--to", world.blog.name, "--dry-run"]) == 0
    out = capsys.readouterr().out
    lines = [line.strip() for line in out.splitlines() if line.strip().startswith("link:")]
    assert lines == [
        "link: [[Latency budget]] → a link to /posts/latency-budget/",
        "link: [[Draft idea]] → plain text “Draft idea”: no entry has that title",
        "link: [[Secret plans]] → left out: it names a private entry",
    ]
    assert main(["--home", str(home), "publish", source.id, "--to", world.blog.name, "--dry-run", "--json"]) == 0
    (post,) = json.loads(capsys.readouterr().out)["posts"]
    assert post["links"][0] == {"link": "Latency budget", "status": "linked", "text": "Latency budget", "why": None,
                                "target": target.id, "url": "/posts/latency-budget/"}  # fmt: skip
    assert (post["links"][2]["status"], post["links"][2]["text"], post["links"][2]["target"]) == ("left_out", "", None)
    update_entry(world.journal, private.id, private=False)  # public now, but not on the blog: plain text
    assert main(["--home", str(home), "publish", source.id, "--to", world.blog.name, "--dry-run", "--json"]) == 0
    (post,) = json.loads(capsys.readouterr().out)["posts"]
    assert (post["links"][2]["status"], post["links"][2]["why"]) == ("plain", "not_on_blog")
