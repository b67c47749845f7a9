"""Hugo and Jekyll sites (or their content folders): posts with YAML, TOML or JSON front matter.

Hugo: ``content/`` (or the folder given), page bundles (``post/index.md`` with its images beside it), site-rooted
images from ``static/``, ``{{< figure src= >}}``; section pages (``_index.md``) are skipped, they are lists, not
writing. Jekyll: ``_posts/`` and ``_drafts/`` (dated by their file names), images from the site's root (``/assets/``).
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import PurePosixPath

from journal.jobs import Progress
from journal.transfer.notes import NOTE_SUFFIXES, NoteStyle, read_notes
from journal.transfer.tree import SourceTree

HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml")
JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
SECTION_PAGE = "_index"


def recognise_hugo(tree: SourceTree) -> bool:
    if any(tree.get(name) for name in HUGO_CONFIGS) and tree.has_folder("content"):
        return True
    notes = [m for m in tree.members.values() if m.suffix in NOTE_SUFFIXES]
    return any(PurePosixPath(m.path).stem == SECTION_PAGE for m in notes) or any(
        m.read()[:3] == b"+++" for m in notes[:50]
    )


def recognise_jekyll(tree: SourceTree) -> bool:
    return any(tree.get(name) for name in JEKYLL_CONFIGS) or tree.has_folder("_posts")


def site_style(kind: str, *, whole_site: bool = True) -> NoteStyle:
    """How a Hugo or Jekyll site's posts are read (``whole_site``: the site's root is the tree's, so site-rooted images
    are found in Hugo's ``static/`` and ``assets/``). Publishing reads a blog's own posts the same way (adopting)."""
    if kind == "hugo":
        return NoteStyle(tool="hugo", figures=True, site_roots=("static", "assets") if whole_site else ("",))
    return NoteStyle(tool="jekyll", space_tags=True, site_roots=("",))


def read_hugo(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    tree: SourceTree = reading.tree
    content = "content" if tree.has_folder("content") and any(tree.get(n) for n in HUGO_CONFIGS) else ""
    style = site_style("hugo", whole_site=bool(content))
    reading.scope = (content,)
    notes = []
    for path, member in sorted(tree.members.items()):
        if member.suffix not in NOTE_SUFFIXES or not (content == "" or path.startswith(content + "/")):
            continue
        if PurePosixPath(path).stem == SECTION_PAGE:
            reading.report.skipped.append((path, "a Hugo section page (a list of posts, not a post)"))
            reading.consumed.add(path)
            continue
        notes.append(member)
    reading.entries.extend(read_notes(tree, reading.media, style, notes, reading.report.skipped))
    yield Progress(len(notes), len(notes), "reading posts")


def read_jekyll(reading) -> Generator[Progress, None, None]:  # type: ignore[no-untyped-def]
    tree: SourceTree = reading.tree
    site = any(tree.get(name) for name in JEKYLL_CONFIGS) or tree.has_folder("_posts")
    folders = ("_posts", "_drafts") if site else ("",)
    style = site_style("jekyll")
    reading.scope = folders
    notes = [m for p, m in sorted(tree.members.items()) if m.suffix in NOTE_SUFFIXES
             and any(f == "" or p.startswith(f + "/") for f in folders)]  # fmt: skip
    reading.entries.extend(read_notes(tree, reading.media, style, notes, reading.report.skipped))
    yield Progress(len(notes), len(notes), "reading posts")
