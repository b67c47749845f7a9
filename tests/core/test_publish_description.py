"""The automatic description is plain prose: never code, math source, tables, HTML or private text, and a price stays
a price. Read from the Markdown's structure, checked on examples and on generated bodies through the real renderer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.db import Journal
from journal.entries import create_entry
from journal.publish import matter
from journal.publish.blogs import Blog
from journal.publish.description import description_of
from journal.publish.posts import render_post

BLOG = Blog(1, "b", "hugo", Path("/blog"), "main", "origin", "content/posts", "bundle", "yaml", "", "", "", False,
            dt.datetime.now(dt.UTC))  # fmt: skip


def test_the_issues_example_code_first_then_a_price() -> None:
    body = (
        "```python\ndef test_write(tmp_path):\n    p = tmp_path / 'x'\n```\n\n"
        "Writing files atomically costs $10 of effort and saves $100 of grief.\n"
    )
    assert description_of(body) == "Writing files atomically costs $10 of effort and saves $100 of grief."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("~~~~\ncode here\n~~~~\n\n    indented code\n\nProse.", "Prose."),
        ("| model | p99 |\n| --- | --- |\n| bert | 31 |\n\nTables are skipped.", "Tables are skipped."),
        ("<div class='x'>raw html</div>\n\nAfter <b>bold</b> html.", "After bold html."),
        ("$$\nx^2 + y^2\n$$\n\nDisplay math is skipped.", "Display math is skipped."),
        ("# A heading\n\n## Another\n\nOnly paragraphs count.", "Only paragraphs count."),
        ("See [the docs](https://example.com) and ![a plot](p.png) *here*.", "See the docs and here."),
        ("Line one\nline two  \nline three.", "Line one line two line three."),
        ("Entities &amp; escapes \\*stay\\* as text.", "Entities & escapes *stay* as text."),
        ("> Quoted prose counts too.", "Quoted prose counts too."),
        ("```\nonly code\n```\n", ""),
        ("", ""),
    ],
)
def test_what_counts_as_prose(body: str, expected: str) -> None:
    assert description_of(body) == expected


def test_paragraphs_with_code_or_math_give_way_to_plain_ones() -> None:
    body = (
        "The loss is $\\hat{y} = \\sigma(wx)$ here.\n\nCall `predict()` first.\n\nBatching halves the tail latency.\n"
    )
    assert description_of(body) == "Batching halves the tail latency."


def test_without_a_plain_paragraph_the_formulas_and_code_are_left_out() -> None:
    body = "The loss $L = \\sum_i (y_i - \\hat{y}_i)^2$ falls as `fit()` runs (see $\\alpha$).\n"
    assert description_of(body) == "The loss falls as runs (see)."


def test_a_tight_list_is_used_only_when_nothing_else_is_there() -> None:
    assert description_of("- tokenizer\n- batching\n\nA paragraph of prose.") == "A paragraph of prose."
    assert description_of("- tokenizer\n- batching\n") == "tokenizer batching"


def test_long_text_is_cut_at_a_word() -> None:
    text = description_of(("Serving models teaches patience and measurement. " * 10).strip())
    assert len(text) <= 160 and text.endswith("…") and not text.endswith(" …")
    assert text[:-1] in "Serving models teaches patience and measurement. " * 10


WORDS = st.lists(st.sampled_from(["latency", "batching", "tokens", "serving", "costs", "$5", "GPU"]), min_size=1,
                 max_size=8).map(" ".join)  # fmt: skip
MARKED = {
    "code": lambda w: f"```python\nCODEMARK {w}\n```",
    "tilde": lambda w: f"~~~\nCODEMARK {w}\n~~~",
    "inline code": lambda w: f"{w} `CODEMARK` {w}.",
    "math": lambda w: f"{w} $MATHMARK^2$ {w}.",
    "display": lambda w: f"$$\nMATHMARK {w.replace('$', '')}\n$$",  # TeX holds no dollar
    "table": lambda w: f"| TABLEMARK | {w} |\n| --- | --- |\n| TABLEMARK | 1 |",
    "html": lambda w: f"<div>HTMLMARK {w}</div>",
    "image": lambda w: f"![IMAGEMARK {w}](x.png)",
    "private": lambda w: f"```private\nPRIVATEMARK {w}\n```",
    "private in a list": lambda w: f"- {w}\n\n  ```private\n  PRIVATEMARK {w}\n  ```",
    "prose": lambda w: f"{w}.",
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(sorted(MARKED)), WORDS), min_size=1, max_size=6))
def test_a_generated_post_describes_itself_in_prose_only(journal: Journal, blocks: list[tuple[str, str]]) -> None:
    body = "\n\n".join(MARKED[kind](words) for kind, words in blocks) + "\n"
    entry = create_entry(journal, body, title="Generated", summary="")
    post = render_post(entry, BLOG, "generated", attachments=journal.paths.attachments)
    meta = matter.read_post(post.text)[1]
    for key in ("description", "summary"):
        assert not any(mark in meta[key] for mark in ("CODE", "MATH", "TABLE", "HTML", "IMAGE", "PRIVATE")), meta[key]
        assert "`" not in meta[key] and "|" not in meta[key] and "<" not in meta[key]
    if any(kind == "prose" for kind, _ in blocks):
        assert meta["description"]
    for price in ("$5",):  # a price in prose survives
        if any(kind == "prose" and price in words for kind, words in blocks) and len(meta["description"]) < 150:
            assert price in meta["description"]
