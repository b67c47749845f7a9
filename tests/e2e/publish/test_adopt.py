"""Adopting the posts a blog already has (``trailbook blog adopt``), on real sites with a bare remote: Hugo + PaperMod
(a single TOML file), Hugo + Ananke (a page bundle with its own image) and Jekyll + Debian's minima (a dated file with
a raw block). Each hand-written post becomes an entry linked to its file; edited in Trailbook and published again,
the commit changes that one file, the page is at the same address with the new text, the image is still the
person's own file, and there is no second post."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journal.cli import main
from journal.db import open_journal
from journal.entries import get_entry, update_entry
from journal.jobs import run
from journal.publish import service
from journal.publish.adopt import adopt
from journal.publish.blogs import add_blog
from journal.publish.matter import read_post
from journal.publish.permalinks import file_for
from journal.publish.publications import published_posts
from journal.publish.scaffold import build_site
from journal.publish.theme import jekyll_gem_dir

from . import blog_sites
from .blog_sites import BASE_URL, HAND_TITLE, into_git
from .conftest import git, png_bytes

POSTS = {"papermod": "content/posts/hello.md", "ananke": "content/post/hello/index.md",
         "minima": "_posts/2024-01-10-hello.markdown"}  # fmt: skip
ADDED = "Edited in Trailbook: batching halves the tail latency."


def _site(name: str, root: Path) -> str:
    if name == "papermod":
        blog_sites.papermod(root)
        return "hugo"
    if name == "ananke":
        blog_sites.ananke(root)
        bundle = root / "content/post/hello"
        (bundle / "photo.png").write_bytes(png_bytes(seed=3))
        index = bundle / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\n![A photo](photo.png)\n", encoding="utf-8")
        return "hugo"
    if shutil.which("jekyll") is None or jekyll_gem_dir("minima", Path.cwd()) is None:
        pytest.skip("Jekyll and Debian's jekyll-theme-minima are needed")
    blog_sites.minima(root)
    return "jekyll"


@pytest.mark.parametrize("name", list(POSTS))
def test_adopt_edit_republish_changes_only_that_file(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "blog"
    kind = _site(name, root)
    if shutil.which(kind) is None:
        pytest.skip(f"{kind} is not installed")
    into_git(root, tmp_path / "remote.git")
    home = tmp_path / "home"
    with open_journal(home) as journal:
        blog = add_blog(journal, name, root)
    before = tmp_path / "before"
    build_site(root, kind, before)

    assert main(["--home", str(home), "blog", "adopt", name, "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert [p["path"] for p in dry["posts"]] == [POSTS[name]] and dry["dry_run"]
    assert main(["--home", str(home), "blog", "adopt", name, "--json"]) == 0
    (post,) = json.loads(capsys.readouterr().out)["posts"]
    assert post["status"] == "adopted" and post["title"] == HAND_TITLE
    url = post["url"]
    assert url.startswith(BASE_URL) and (before / file_for(url[len(BASE_URL) :])).is_file(), url
    assert git(root, "status", "--porcelain") == ""  # adopting writes nothing into the blog

    with open_journal(home) as journal:
        entry = get_entry(journal, post["id"])
        assert "I wrote this one by hand, {{ with braces }} and all." in entry.body
        assert "{% raw %}" not in entry.body
        (listed,) = published_posts(journal)
        assert (listed.url, listed.path, listed.changed) == (url, POSTS[name], False)
        update_entry(journal, entry.id, body=entry.body.rstrip("\n") + f"\n\n{ADDED}\n")
        start = git(root, "rev-parse", "HEAD").strip()
        result = run(service.publish(journal, blog.name, [entry.id]))
        assert result.pushed and result.posts[0].status == "updated"
        assert result.posts[0].url == url
        assert list(result.files) == [POSTS[name]]
        # Adopting again finds nothing new: the post is already this entry's.
        assert run(adopt(journal, blog.name)).posts == ()
    assert git(root, "diff", "--name-only", start, "HEAD").split() == [POSTS[name]]
    assert git(tmp_path / "remote.git", "rev-parse", "main").strip() == git(root, "rev-parse", "HEAD").strip()
    meta = read_post((root / POSTS[name]).read_text(encoding="utf-8"))[1]
    assert meta["title"] == HAND_TITLE and meta["trailbook_id"] == post["id"]

    out = tmp_path / "after"
    build_site(root, kind, out)
    page = out / file_for(url[len(BASE_URL) :])
    html = page.read_text(encoding="utf-8")
    assert ADDED in html and "{{ with braces }}" in html  # the same address, the new text
    # No second post: one post file with the title, and no page at the address a new post would get.
    folder = root / blog.content_dir
    titled = [p.relative_to(root).as_posix() for p in folder.rglob("*.m*d*")
              if read_post(p.read_text(encoding="utf-8"))[1].get("title") == HAND_TITLE]  # fmt: skip
    assert titled == [POSTS[name]]
    assert not list(out.rglob("*hello-from-my-own-editor*"))
    if name == "ananke":  # the person's image stays theirs, shown from where it is
        assert "![A photo](photo.png)" in (root / POSTS[name]).read_text(encoding="utf-8")
        assert (page.parent / "photo.png").is_file() and "photo.png" in html
        assert not [p for p in page.parent.iterdir() if p.name.startswith("image-")]  # no copy of it beside


def test_what_is_adopted_and_what_is_left_with_a_reason(tmp_path: Path) -> None:
    """No build: which files become entries, which are left (with why), and what each keeps."""
    root = tmp_path / "blog"
    files = {
        "_config.yml": "title: Notes\nurl: https://ana.github.io\nbaseurl: /notes\n",
        "_posts/2024-01-10-plain.md": "---\ntitle: Plain\ndate: 2024-01-10 09:00:00 +0100\ndescription: Mine.\n"
        "categories: [life]\n---\nText.\n",
        "_posts/2024-01-11-draft.md": "---\ntitle: Unfinished\npublished: false\n---\nLater.\n",
        "_posts/2024-01-12-liquid.md": "---\ntitle: Liquid\n---\n"
        "{% include note.html %} and {% raw %}{{ x }}{% endraw %}\n",
        "_posts/2024-01-13-Bad_Name.md": "---\ntitle: Bad\n---\nx\n",
        "_posts/2024-01-14-own.md": "---\ntitle: Own address\npermalink: /about-me/\n---\nMe.\n",
        "_posts/2024-01-15-ours.md": "---\ntitle: Ours\ntrailbook_id: 0a1b2c3d-0000-4000-8000-000000000001\n---\nx\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    into_git(root, tmp_path / "remote.git")
    with open_journal(tmp_path / "home") as journal:
        blog = add_blog(journal, "notes", root)
        report = run(adopt(journal, blog.name))
        by_path = {p.path: p for p in report.posts}
        assert "_posts/2024-01-15-ours.md" not in by_path  # Trailbook's own post is already an entry's
        assert by_path["_posts/2024-01-13-Bad_Name.md"].status == "skipped"
        assert "Bad_Name" in by_path["_posts/2024-01-13-Bad_Name.md"].notes[0]
        plain = by_path["_posts/2024-01-10-plain.md"]
        assert plain.url == "https://ana.github.io/notes/life/2024/01/10/plain.html"
        entry = get_entry(journal, plain.entry_id)
        assert (entry.summary, entry.slug) == ("Mine.", "plain")
        assert by_path["_posts/2024-01-14-own.md"].url == "https://ana.github.io/notes/about-me/"
        liquid = by_path["_posts/2024-01-12-liquid.md"]
        assert any("Liquid" in n for n in liquid.notes)
        assert get_entry(journal, liquid.entry_id).body.endswith("and {{ x }}\n")
        drafts = {p.path: p.draft for p in published_posts(journal)}
        assert drafts["_posts/2024-01-11-draft.md"] is True and drafts["_posts/2024-01-10-plain.md"] is False
        # Publishing the draft as it is keeps it one only with --draft; without, it is said to go public.
        plan = service.plan(journal, blog.name, [by_path["_posts/2024-01-11-draft.md"].entry_id])
        assert any("makes it public" in w for w in plan.posts[0].warnings)
    assert git(root, "status", "--porcelain") == ""
