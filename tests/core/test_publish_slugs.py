"""Slugs (QUALITY.md): duplicates, case-only differences, NFC/NFD variants, emoji-only titles, ``..``, ``/``, absolute
paths, ``CON``, names over 255 bytes — every path resolves inside the content folder and is unique."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.errors import InvalidInput
from journal.publish.blogs import Blog
from journal.publish.posts import post_paths
from journal.publish.slugs import (
    MAX_SLUG_CHARS,
    check_slug,
    inside,
    is_valid_slug,
    slug_from_title,
    unique_slug,
)

NASTY = [
    "Serving a model",
    "serving a model",
    "SERVING A MODEL",
    "Café",
    unicodedata.normalize("NFD", "Café"),
    "🚀🔥",
    "👩‍💻",
    "",
    "   ",
    "..",
    "../../etc/passwd",
    "/etc/passwd",
    "C:\\Windows\\System32",
    "a/b/c",
    "CON",
    "con",
    "NUL",
    "com1",
    "LPT9",
    "page",
    "_index",
    "x" * 400,
    "é" * 300,
    "日本語のトークン化",
    "שלום עולם",
    "\u202eevil",
    "tab\tand\nnewline",
]


def blog(kind: str, layout: str = "bundle") -> Blog:
    content = "content/posts" if kind == "hugo" else "_posts"
    return Blog(
        1,
        "b",
        kind,
        Path("/blog"),
        "main",
        "origin",
        content,
        layout,
        "yaml",
        "",
        "",
        "",
        False,  # type: ignore[arg-type]
        dt.datetime.now(dt.UTC),
    )


def assign(titles: list[str]) -> list[str]:
    taken: set[str] = set()
    slugs = []
    for i, title in enumerate(titles):
        slug = unique_slug(slug_from_title(title, f"{i:08x}-0000-4000-8000-000000000000"), taken)
        taken.add(slug.casefold())
        slugs.append(slug)
    return slugs


def check_paths(slugs: list[str]) -> None:
    for kind, layout in (("hugo", "bundle"), ("hugo", "flat"), ("jekyll", "bundle")):
        b = blog(kind, layout)
        posts = set()
        for slug in slugs:
            paths = post_paths(b, slug, dt.date(2024, 5, 2))
            assert inside(b.content_root, paths.post)
            root = Path("/blog")
            resolved = (root / paths.post).resolve()
            assert resolved.is_relative_to(root / b.content_dir)
            assert all(len(part.encode("utf-8")) <= 255 for part in PurePosixPath(paths.post).parts)
            posts.add(paths.post.casefold())
        assert len(posts) == len(slugs)


def test_the_nasty_titles() -> None:
    slugs = assign(NASTY)
    assert all(is_valid_slug(s) for s in slugs), slugs
    assert len({s.casefold() for s in slugs}) == len(slugs)
    assert slugs[0] == "serving-a-model" and slugs[1] == "serving-a-model-2" and slugs[2] == "serving-a-model-3"
    assert slugs[3] == "cafe" and slugs[4] == "cafe-2"  # NFC and NFD: the same words, so a suffix, not a clash
    assert slugs[5].startswith("post-") and slugs[6].startswith("post-")  # emoji only
    assert "con" not in slugs and "nul" not in slugs and "page" not in slugs
    assert all(len(s) <= MAX_SLUG_CHARS for s in slugs)
    check_paths(slugs)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=300), st.sampled_from(NASTY)), min_size=1, max_size=25))
def test_any_titles_give_safe_unique_paths(titles: list[str]) -> None:
    slugs = assign(titles)
    assert all(is_valid_slug(s) for s in slugs)
    assert len({s.casefold() for s in slugs}) == len(slugs)
    check_paths(slugs)


def test_nfc_and_nfd_titles_give_the_same_slug() -> None:
    for title in ("Café crème", "naïve Bayes", "Ångström"):
        assert slug_from_title(unicodedata.normalize("NFC", title), "x") == slug_from_title(
            unicodedata.normalize("NFD", title), "x"
        )


@pytest.mark.parametrize("bad", ["", "Has Caps", "a--b", "-a", "a-", "a/b", "..", "con", "é", "a" * 81, "a b"])
def test_a_chosen_slug_is_checked(bad: str) -> None:
    with pytest.raises(InvalidInput):
        check_slug(bad)
    assert check_slug(" model-serving ") == "model-serving"


def test_inside_refuses_escapes() -> None:
    root = PurePosixPath("content/posts")
    assert inside(root, "content/posts/a/index.md")
    for bad in (
        "content/posts",
        "content/posts/../x",
        "/content/posts/a",
        "content/other/a",
        "content/posts//a",
        "content/posts/a\\..\\b",
    ):
        assert not inside(root, bad), bad
