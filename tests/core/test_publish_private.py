"""What a post derives from an entry never comes from its private blocks: the body, the description and summary (the
blog's search results and link previews), the first-image card and the images copied into the blog. An unclosed
private block hides the rest of the entry and the post says so in a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_publish_posts import blog  # the same blog settings as the other post tests

from journal.attachments import store_attachment
from journal.db import Journal
from journal.entries import Entry, create_entry
from journal.publish.posts import render_post

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
BLOG = blog()
# (first line's prefix, other lines' prefix): a private block as the first thing in each kind of container
FIRST_IN = [
    ("", ""),
    ("- ", "  "),
    ("1. ", "   "),
    ("> ", "> "),
    ("> - ", ">   "),
    ("- > ", "  > "),
    ("* 2) ", "     "),
]


def post_of(journal: Journal, body: str, summary: str = "") -> tuple[dict, object]:  # type: ignore[type-arg]
    entry: Entry = create_entry(journal, body, title="Serving a model", summary=summary, day=dt.date(2024, 5, 2))
    post = render_post(entry, BLOG, "serving-a-model", attachments=journal.paths.attachments, tz=dt.UTC)
    meta = yaml.safe_load(post.text.split("---\n")[1])
    return meta, post


@pytest.mark.parametrize(("first", "rest"), FIRST_IN)
def test_description_summary_and_images_skip_a_leading_private_block(journal: Journal, first: str, rest: str) -> None:
    secret_image = store_attachment(journal, PNG + b"secret", ".png")
    body = (
        f"{first}```private\n{rest}SECRETDESC salary talk ![plan]({secret_image})\n{rest}```\n"
        f"{rest}Batching cut the tail latency in half.\n"
    )
    meta, post = post_of(journal, body)
    for derived in (meta["description"], meta["summary"], post.text):  # type: ignore[attr-defined]
        assert "SECRETDESC" not in derived and secret_image not in derived
    assert meta["description"].endswith("Batching cut the tail latency in half.")
    assert "<!--" not in meta["description"]  # the placeholder a list item keeps is not a description
    assert "images" not in meta and post.images == ()  # type: ignore[attr-defined]


def test_an_image_used_only_in_private_blocks_is_not_copied(journal: Journal) -> None:
    public_image = store_attachment(journal, PNG + b"public", ".png")
    private_image = store_attachment(journal, PNG + b"private", ".png")
    body = (
        f"- ~~~Private\n  ![secret]({private_image})\n  ~~~\n- ![shown]({public_image})\n"
        f"  > ````private\n  > ![again]({private_image})\n  > ````\n"
    )
    meta, post = post_of(journal, body, summary="Latency notes.")
    assert [i.source.name for i in post.images] == [Path(public_image).name]  # type: ignore[attr-defined]
    assert [Path(i).name for i in meta["images"]] == [post.images[0].name]  # type: ignore[attr-defined]
    assert private_image.rsplit("/", 1)[1][:12] not in post.text  # type: ignore[attr-defined]


def test_a_private_block_in_the_persons_own_summary_is_stripped_too(journal: Journal) -> None:
    meta, _ = post_of(journal, "Public text.", summary="Latency notes.\n- ```private\n  SECRETSUM\n  ```\n")
    assert "SECRETSUM" not in meta["description"] and meta["description"] == meta["summary"]
    assert meta["description"].startswith("Latency notes.")
    meta, _ = post_of(journal, "Public text.", summary="~~~private\nSECRETSUM")  # unclosed: all of it
    assert meta["description"] == "Public text."


def test_an_unclosed_private_block_warns_with_its_line(journal: Journal) -> None:
    body = "Public start.\n\n- item\n- ```private\n  SECRET\n- SECRET in what CommonMark calls the next item\n"
    _, post = post_of(journal, body, summary="S.")
    assert "SECRET" not in post.text  # type: ignore[attr-defined]
    assert any("line 4 has no closing fence" in w for w in post.warnings)  # type: ignore[attr-defined]
    _, closed = post_of(journal, "A\n\n```private\nx\n```\n", summary="S.")
    assert closed.warnings == ()  # type: ignore[attr-defined]


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    shape=st.lists(st.sampled_from(FIRST_IN), min_size=1, max_size=4),
    words=st.lists(_WORD, min_size=4, max_size=4),
    fence=st.sampled_from(["```", "~~~", "````", "~~~~~"]),
    case=st.sampled_from(["private", "PRIVATE", "Private"]),
    summary=st.booleans(),
)
def test_derived_fields_never_hold_a_marker(
    journal: Journal,
    shape: list[tuple[str, str]],
    words: list[str],
    fence: str,
    case: str,
    summary: bool,
) -> None:
    link = store_attachment(journal, PNG + b"only-private", ".png")
    parts = []
    for k, (first, rest) in enumerate(shape):
        parts.append(f"{first}{fence}{case}\n{rest}MARK{k}X ![p]({link})\n{rest}{fence}\n{rest}{' '.join(words)}\n")
    meta, post = post_of(journal, "\n".join(parts), summary=f"{words[0]}\n{fence}{case}\nMARKSX" if summary else "")
    derived = [meta["description"], meta["summary"], str(meta.get("images")), post.text]  # type: ignore[attr-defined]
    assert not any("MARK" in d for d in derived)
    assert post.images == ()  # type: ignore[attr-defined]
