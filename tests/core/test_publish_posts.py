"""Rendering one entry as a post: front matter (YAML and TOML, the person's keys kept), RFC 3339 dates with the
offset, the body transforms, image mapping, and the warnings and refusals the publish dialog shows."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.attachments import store_attachment
from journal.db import Journal
from journal.entries import Entry, create_entry
from journal.publish import matter
from journal.publish.blogs import Blog
from journal.publish.posts import MAX_FILE_BYTES, owner_of, post_dates, render_post, rfc3339

PARIS = dt.timezone(dt.timedelta(hours=2))
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def blog(kind: str = "hugo", layout: str = "bundle", fmt: str = "yaml") -> Blog:
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
        fmt,
        "",
        "",
        "",
        False,  # type: ignore[arg-type]
        dt.datetime.now(dt.UTC),
    )


def make(journal: Journal, body: str, **kw: object) -> Entry:
    kw.setdefault("title", "Serving a model")
    kw.setdefault("summary", "One line.")
    kw.setdefault("tags", ["serving", "données"])
    kw.setdefault("day", dt.date(2024, 5, 2))
    return create_entry(journal, body, **kw)  # type: ignore[arg-type]


def render(journal: Journal, entry: Entry, b: Blog | None = None, **kw: object):  # type: ignore[no-untyped-def]
    return render_post(entry, b or blog(), "serving-a-model", attachments=journal.paths.attachments, tz=PARIS, **kw)  # type: ignore[arg-type]


def test_yaml_front_matter_and_body(journal: Journal) -> None:
    link = store_attachment(journal, PNG, ".png")
    body = f"# Serving a model\n\nText with $x^2$ and ![plot]({link}).\n\n```private\nmy salary\n```\n\nEnd."
    post = render(journal, make(journal, body))
    fmt, meta, text = matter.read_post(post.text)
    assert fmt == "yaml"
    assert list(meta)[:10] == [
        "title",
        "date",
        "lastmod",
        "draft",
        "tags",
        "categories",
        "description",
        "summary",
        "slug",
        "images",
    ]
    assert meta["title"] == "Serving a model" and meta["draft"] is False
    assert meta["tags"] == ["données", "serving"] and meta["slug"] == "serving-a-model"
    # Relative to the site's base URL, under the post's own address (a page bundle): absURL makes it whole.
    assert meta["images"] == [f"posts/serving-a-model/{post.images[0].name}"]
    assert post.images[0].name.startswith("image-")
    assert isinstance(meta["date"], str) and meta["date"].endswith("+02:00")
    assert meta["trailbook_id"] == post.entry_id and owner_of(post.text) == post.entry_id
    assert not text.lstrip().startswith("# Serving")  # the layout shows the title
    assert "my salary" not in post.text and "```private" not in post.text
    assert "<math" in text and "$x^2$" not in text
    assert f"![plot]({post.images[0].name})" in text
    assert post.warnings == ()


def test_dates_are_rfc3339_with_the_offset_always() -> None:
    created = dt.datetime(2024, 5, 1, 22, 30, tzinfo=dt.UTC)  # 00:30 on 2 May in Paris
    entry = Entry("id", "t", "", dt.date(2024, 5, 2), created, created + dt.timedelta(days=1))
    date, lastmod = post_dates(entry, PARIS)
    assert rfc3339(date) == "2024-05-02T00:30:00+02:00"
    assert rfc3339(lastmod) == "2024-05-03T00:30:00+02:00"
    date, _ = post_dates(entry, dt.UTC)
    assert rfc3339(date) == "2024-05-02T22:30:00+00:00"  # the entry's day wins; never "Z", never no offset


def test_toml_front_matter_round_trips(journal: Journal) -> None:
    post = render(journal, make(journal, "Body.", title='A "quoted" title\\ with 🚀'), blog(fmt="toml"))
    assert post.text.startswith("+++\n")
    fmt, meta, body = matter.read_post(post.text)
    assert fmt == "toml" and meta["title"] == 'A "quoted" title\\ with 🚀'
    assert meta["date"] == dt.datetime(
        2024, 5, 2, *post_dates(make(journal, "x"), PARIS)[0].timetuple()[3:6], tzinfo=PARIS
    ) or isinstance(meta["date"], dt.datetime)
    assert body.strip() == "Body."


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=12),
        st.recursive(
            st.one_of(
                st.text(max_size=30), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False)
            ),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3)
            ),
            max_leaves=8,
        ),
        max_size=6,
    )
)
def test_our_toml_writer_agrees_with_tomllib(data: dict) -> None:  # type: ignore[type-arg]
    assert tomllib.loads(matter.dump_toml(data)) == data


def test_the_persons_keys_are_kept_and_ours_rewritten(journal: Journal) -> None:
    entry = make(journal, "New body.")
    existing = (
        "---\ntitle: Old title\nweight: 3\ncover:\n  image: hero.png\ncategories: [essays]\n"
        f"aliases: [/old/]\ntrailbook_id: {entry.id}\n---\n\nOld body.\n"
    )
    post = render(journal, entry, existing=existing, old_slugs=("serving-v1",))
    meta = yaml.safe_load(post.text.split("---\n")[1])
    assert meta["title"] == "Serving a model" and meta["weight"] == 3 and meta["cover"] == {"image": "hero.png"}
    assert meta["categories"] == ["essays"]
    assert meta["aliases"] == ["/old/", "/posts/serving-v1/"]
    assert "Old body" not in post.text and list(meta)[-2:] == ["weight", "cover"]
    # a person's TOML post stays TOML
    toml = f'+++\ntitle = "Old"\nweight = 3\ntrailbook_id = "{entry.id}"\n+++\nOld.\n'
    post = render(journal, entry, existing=toml)
    assert post.text.startswith("+++\n") and tomllib.loads(post.text.split("+++\n")[1])["weight"] == 3


def test_an_imported_posts_description_is_published_as_its_description(journal: Journal, tmp_path: Path) -> None:
    """A Hugo or Jekyll post's own ``description`` (kept front matter: Trailbook's field is the summary) is what the
    post says about itself; published without a summary, it was replaced by the first paragraph."""
    from journal.entries import get_entry, list_entries
    from journal.jobs import run
    from journal.transfer.importer import import_source

    site = tmp_path / "site" / "content" / "posts"
    site.mkdir(parents=True)
    (site / "p.md").write_text("---\ntitle: P\ndate: 2024-04-01\ndescription: What the post is about.\n---\n"
                               "First paragraph.\n", encoding="utf-8")  # fmt: skip
    (site / "q.md").write_text("---\ntitle: Q\ndate: 2024-04-02\nsummary: Its summary.\ndescription: Its own.\n"
                               "---\nFirst paragraph.\n", encoding="utf-8")  # fmt: skip
    run(import_source(journal, site, tool="hugo"))
    entries = {e.title: get_entry(journal, e.id) for e in list_entries(journal)}
    post = render(journal, entries["P"])
    _, meta, _ = matter.read_post(post.text)
    assert meta["description"] == meta["summary"] == "What the post is about."
    assert not any("summary" in w for w in post.warnings), post.warnings
    _, meta, _ = matter.read_post(render(journal, entries["Q"]).text)
    assert meta["description"] == meta["summary"] == "Its summary."  # the entry's summary first


def test_warnings_and_refusals(journal: Journal, tmp_path: Path) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=3)
    big = store_attachment(journal, PNG + os.urandom(6 * 1024 * 1024), ".png")
    body = f"![a](attachments/{'0' * 64}.png) ![b](images/missing.png) ![c]({big}) ![d](https://example.com/x.png)"
    post = render(journal, make(journal, body, summary="", day=tomorrow))
    text = " | ".join(post.warnings)
    assert "scheduled: the site shows it from" in text and "no summary" in text and "MB; pages load slowly" in text
    assert "images/missing.png" in text and f"{'0' * 64}.png" in text
    assert "example.com" not in text and "![d](https://example.com/x.png)" in post.text
    assert post.refusal is None
    huge = journal.paths.attachments / ("f" * 64 + ".png")
    with open(huge, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    post = render(journal, make(journal, f"![h](attachments/{'f' * 64}.png)"))
    assert post.refusal is not None and "over 50 MB are refused" in post.refusal


def test_a_malformed_existing_post_is_refused_not_guessed(journal: Journal) -> None:
    entry = make(journal, "x")
    post = render(journal, entry, existing="---\ntitle: a\ntitle: b\n---\n")
    assert post.refusal is not None and "duplicate key" in post.refusal


@pytest.mark.parametrize(
    ("kind", "layout", "where"),
    [
        ("hugo", "bundle", "image-"),
        ("hugo", "flat", "/images/serving-a-model/image-"),
        ("jekyll", "bundle", "/assets/images/serving-a-model/image-"),
    ],
)
def test_image_links_per_layout(journal: Journal, kind: str, layout: str, where: str) -> None:
    link = store_attachment(journal, PNG, ".png")
    post = render(journal, make(journal, f'![x]({link}) <img src="{link}">'), blog(kind, layout))
    assert post.text.count(f"]({where}") == 1 and post.text.count(f'src="{where}') == 1
    assert len(post.images) == 1


def test_text_round_trips_byte_for_byte(journal: Journal) -> None:
    body = "Café (NFC) and Cafe\u0301 (NFD).\r\nEmoji: 👩\u200d💻 🏳️\u200d🌈\r\nRTL: שלום \u202eevil\u202c\r\n形態素\r\n"
    post = render(journal, make(journal, body))
    assert post.text.split("---\n\n", 1)[1] == body


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=10),
        st.one_of(
            st.text(),
            st.booleans(),
            st.lists(st.text(max_size=20), max_size=4),
            st.integers(),
            st.dictionaries(st.text(min_size=1, max_size=5), st.text(max_size=10), max_size=2),
        ),
        max_size=6,
    )
)
def test_our_yaml_writer_agrees_with_pyyaml(data: dict) -> None:  # type: ignore[type-arg]
    from journal.frontmatter import load_mapping

    text = matter.dump_yaml(data)
    assert yaml.safe_load(text) == (data or None)
    assert load_mapping(text) == data  # and the journal's strict reader takes it too
