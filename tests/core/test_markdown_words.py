"""The word count of links between entries: what the preview shows of a link is what counts (``[[Title|shown text]]``
its shown text, ``[[Title]]`` its title), and the counter's fast reading of links is the store's reading wherever no
code is near."""

from __future__ import annotations

import html as html_lib
import re
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.markdown import count_words, render_html
from journal.markdown.wikilinks import rewrite_links, shown_as_text

_PIECES = st.sampled_from([
    "[[", "]]", "[[Latency budget|the budget]]", "[[Batching]]", "[[Two words#A heading]]", "![[Embedded note]]",
    "![[picture.png]]", "[[a|]]", "[[|b]]", "\\[[x|y z]]", "|", "#", "!", "\\", "[", "]", " ", "\n", "word",
    "two words", "[[Table\\|shown cell]]", "[[a\\]b|c d]]",
])  # fmt: skip
TEXTS = st.lists(_PIECES, max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_the_fast_reading_is_the_stores_reading_without_code(text: str) -> None:
    assert shown_as_text(text) == rewrite_links(text, lambda link: link.text)


def _visible(html: str) -> str:
    # Tags go without a trace (block elements stand on lines of their own); the entities are shown as characters.
    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[[Latency budget|the budget]]",
                "[[Batching]]",
                "[[Two words#A heading]]",
                "![[Embedded note]]",
                "[[a|b]]",
                "[[Name|  spaced shown  ]]",
                "prose",
                "more prose",
                "\n",
                "\n\n",
                "",
            ]
        ),
        max_size=14,
    ).map(lambda pieces: re.sub(r"\n +", "\n ", " ".join(pieces)))
)  # fmt: skip (one space between pieces, and at most one before a line ("" pieces): no line is indented code here)
def test_links_count_what_the_preview_shows(text: str) -> None:
    shown = _visible(render_html(text, links=lambda link: None).html)
    assert count_words(text) == len([w for w in shown.split() if re.search(r"\w", w)])


def test_a_shown_text_counts_and_its_target_does_not() -> None:
    assert count_words("[[Latency budget|the budget]]") == 2
    assert count_words("[[Latency budget]]") == 2
    assert count_words("Read [[A very long entry title here|this]].") == 2


def test_stored_counts_are_counted_again_by_schema_0013(tmp_path: Path) -> None:
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from journal import migrations
    from journal.db import open_journal
    from journal.entries import create_entry, get_entry

    home = tmp_path / "home"
    with open_journal(home) as journal:
        linked = create_entry(journal, "See [[Latency budget|the budget]] now.", title="Linked")
        plain = create_entry(journal, "Four plain words here.", title="Plain")
    db = home / "journal.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
    engine.dispose()
    con = sqlite3.connect(db)
    con.execute("UPDATE entries SET word_count = 6 WHERE uuid = ?", (linked.id,))  # as the counter before counted
    con.commit()
    con.close()
    with open_journal(home, create=False) as journal:
        assert get_entry(journal, linked.id).word_count == 4
        assert get_entry(journal, plain.id).word_count == 4
