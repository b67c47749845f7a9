"""The image keys a post's own front matter has (Ananke's ``featured_image``, PaperMod's ``cover.image``,
jekyll-seo-tag's ``image``), on real sites with a bare remote, built with the real generator. A post adopted with
``trailbook blog adopt`` and published again keeps its key as the person wrote it, at the same address; a post
imported from a Hugo or Jekyll folder and then published has the key too, naming its image copied into the blog the
way the body's images are. Either way every address the built page gives the image is a file of the build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal.cli import main
from journal.publish.matter import read_post
from journal.publish.permalinks import file_for
from journal.publish.scaffold import build_site
from journal.publish.theme import jekyll_gem_dir

from . import blog_sites
from .blog_sites import BASE_PATH, BASE_URL, into_git
from .conftest import git, png_bytes

TITLE = "Up the Pic Saint-Loup"
# Per site: the post file, its front matter's image key (dotted for a nested one), the value written there, and the
# image file (relative to the site) that value names.
POSTS = {
    "ananke": ("content/post/pic/index.md", "featured_image", "summit.png", "content/post/pic/summit.png"),
    "papermod": ("content/posts/pic/index.md", "cover.image", "summit.png", "content/posts/pic/summit.png"),
    "minima": ("_posts/2024-03-02-pic.md", "image", "/assets/img/summit.png", "assets/img/summit.png"),
}


def _kind(name: str) -> str:
    kind = "jekyll" if name == "minima" else "hugo"
    if shutil.which(kind) is None:
        pytest.skip(f"{kind} is not installed")
    if kind == "jekyll" and jekyll_gem_dir("minima", Path.cwd()) is None:
        pytest.skip("Debian's jekyll-theme-minima is needed")
    return kind


def _site(name: str, root: Path, *, with_post: bool) -> None:
    """The theme's site (with its hand-written hello post) and, ``with_post``, a post whose image is only in its front
    matter, as the person wrote it."""
    {"ananke": blog_sites.ananke, "papermod": blog_sites.papermod, "minima": blog_sites.minima}[name](root)
    if not with_post:
        return
    rel, key, value, image = POSTS[name]
    (root / image).parent.mkdir(parents=True, exist_ok=True)
    (root / image).write_bytes(png_bytes(seed=7))
    body = "Windy at the top, and worth it.\n"
    if name == "papermod":
        cover = f'[cover]\nimage = "{value}"\nrelative = true\n'  # beside the post, as PaperMod's docs say
        text = f'+++\ntitle = "{TITLE}"\ndate = 2024-03-02T10:00:00+01:00\n{cover}+++\n\n{body}'
    elif name == "ananke":
        text = f'---\ntitle: "{TITLE}"\ndate: 2024-03-02T10:00:00+01:00\n{key}: {value}\n---\n\n{body}'
    else:
        text = f'---\nlayout: post\ntitle: "{TITLE}"\ndate: 2024-03-02 10:00:00 +0100\n{key}: {value}\n---\n{body}'
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _value(meta: dict[str, object], key: str) -> object:
    for part in key.split("."):
        meta = meta.get(part) if isinstance(meta, dict) else None  # type: ignore[assignment]
    return meta


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert main(list(args)) == 0
    out = capsys.readouterr().out
    return json.loads(out) if "--json" in args else out


def _page_images(out: Path, url: str, stem: str) -> list[str]:
    """The addresses the built post page gives the image (the file name holds ``stem``), each checked to be a file
    of the build."""
    page = out / file_for(url[len(BASE_URL) :])
    html = page.read_text(encoding="utf-8")
    found = sorted(set(re.findall(rf"""[^\s"'()<>]*{re.escape(stem)}[^\s"'()<>]*\.png""", html)))
    assert found, f"the page shows no image named {stem}"
    for link in found:
        if link.startswith(BASE_URL):
            target = out / link[len(BASE_URL) :]
        elif link.startswith(BASE_PATH):
            target = out / link[len(BASE_PATH) :]
        else:  # relative to the page
            target = page.parent / link
        assert target.is_file(), f"{link} (in {page.relative_to(out)}) is not a file of the build"
    return found


@pytest.mark.parametrize("name", list(POSTS))
def test_adopted_post_keeps_its_image_key_on_republish(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind = _kind(name)
    root = tmp_path / "blog"
    _site(name, root, with_post=True)
    into_git(root, tmp_path / "remote.git")
    home = ["--home", str(tmp_path / "home")]
    rel, key, value, _image = POSTS[name]
    _cli(capsys, *home, "blog", "add", name, "--path", str(root))
    adopted = _cli(capsys, *home, "blog", "adopt", name, "--json")
    (post,) = [p for p in adopted["posts"] if p["path"] == rel]  # type: ignore[index]
    _cli(capsys, *home, "edit", post["id"], "--summary", "Windy, and worth it.")
    start = git(root, "rev-parse", "HEAD").strip()
    published = _cli(capsys, *home, "publish", "--to", name, post["id"], "--json")
    assert published["files"] == [rel], published  # type: ignore[index]
    assert published["posts"][0]["url"] == post["url"], (published, post)  # type: ignore[index]
    assert git(root, "diff", "--name-only", start, "HEAD").split() == [rel]  # the same file, no copy of the image
    meta = read_post((root / rel).read_text(encoding="utf-8"))[1]
    assert meta["description"] == "Windy, and worth it." and _value(meta, key) == value  # the key as they wrote it
    assert git(tmp_path / "remote.git", "rev-parse", "main").strip() == git(root, "rev-parse", "HEAD").strip()

    out = tmp_path / "site"
    build_site(root, kind, out)  # type: ignore[arg-type]
    _page_images(out, post["url"], "summit")


@pytest.mark.parametrize("name", list(POSTS))
def test_imported_post_has_its_image_key_when_published(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind = _kind(name)
    source = tmp_path / "old-site"  # the folder the post is imported from
    _site(name, source, with_post=True)
    root = tmp_path / "blog"  # the blog it is published to: the same theme, with only its hello post
    _site(name, root, with_post=False)
    into_git(root, tmp_path / "remote.git")
    home = ["--home", str(tmp_path / "home")]
    trailbook = Path(sys.executable).with_name("trailbook")  # the installed command (its progress bar wants a tty)
    subprocess.run([str(trailbook), *home, "import", "--from", kind, str(source)], check=True, capture_output=True)
    entries = _cli(capsys, *home, "list", "--json")
    (entry,) = [e for e in entries if e["title"] == TITLE]  # type: ignore[union-attr]
    _, key, _value_there, _ = POSTS[name]
    assert str(_value(entry["front_matter"], key)).startswith("attachments/")  # kept, its image an attachment

    _cli(capsys, *home, "blog", "add", name, "--path", str(root))
    published = _cli(capsys, *home, "publish", "--to", name, entry["id"], "--json")
    (post,) = published["posts"]  # type: ignore[index]
    (rel,) = [f for f in published["files"] if f.endswith(".md")]  # type: ignore[index]
    meta = read_post((root / rel).read_text(encoding="utf-8"))[1]
    named = _value(meta, key)
    assert isinstance(named, str) and "attachments/" not in named, meta
    copied = [f for f in published["files"] if f != rel]  # type: ignore[index]
    assert len(copied) == 1 and Path(copied[0]).name in named  # the image copied into the blog, the key naming it
    assert (root / copied[0]).read_bytes() == png_bytes(seed=7)

    out = tmp_path / "site"
    build_site(root, kind, out)  # type: ignore[arg-type]
    assert _page_images(out, post["url"], Path(copied[0]).stem)
