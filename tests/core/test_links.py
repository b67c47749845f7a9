"""Links between entries: the syntax (source and rendered alike), where links go, backlinks, renaming (the links
follow, in one transaction, with revisions), broken links, other writers, imports and the migration."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import links
from journal.db import Journal, open_journal
from journal.entries import (
    create_entry,
    get_entry,
    list_entries,
    list_revisions,
    restore_entry,
    trash_entry,
    update_entry,
)
from journal.jobs import run
from journal.markdown import render_html
from journal.markdown.wikilink_extension import LinkTarget
from journal.markdown.wikilinks import WikiLink, find_links, format_link, link_key, rewrite_links
from journal.transfer.importer import import_source

# --- the syntax --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See [[Latency budget]].", [("Latency budget", None, None)]),
        ("[[Batching|the batching note]]", [("Batching", None, "the batching note")]),
        ("[[Batching#Results|results]]", [("Batching", "Results", "results")]),
        ("| [[Batching\\|shown]] | x |", [("Batching", None, "shown")]),  # a table's escaped bar
        ("[[C\\# notes]]", [("C# notes", None, None)]),
        ("![[Other note]]", [("Other note", None, None)]),  # an embedded note links to it
        ("![[plot.png]] and ![[paper.PDF|300]]", []),  # embedded files are attachments
        ("`[[in a code span]]`", []),
        ("```\n[[in code]]\n```\n", []),
        ("    [[indented code]]\n", []),
        ("<!-- [[in a comment]] -->", []),
        ("<!--\n\n[[commented out]]\n\n-->\n\n[[after it]]", [("after it", None, None)]),  # an HTML block
        ("\\[[escaped]]", []),
        ("[[#Heading here]]", []),  # a place in the same note
        ("[[  ]] [[a\nb]] [[x`y]]", []),
        ("[[one]] and [[two]]", [("one", None, None), ("two", None, None)]),
    ],
)
def test_links_are_found_where_obsidian_finds_them(
    text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert [(link.target, link.heading, link.label) for link in find_links(text)] == expected


def test_names_compare_without_case_spacing_or_normalisation() -> None:
    assert link_key("Économie  du  Travail") == link_key("ÉCONOMIE du travail") == link_key("E\u0301conomie du travail")
    assert WikiLink(0, 0, "notes/Latency.md").tail_key == link_key("latency")
    assert WikiLink(0, 0, "Batching", "Results").text == "Batching > Results"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30))
def test_a_link_written_for_any_title_reads_back_as_that_title(title: str) -> None:
    title = " ".join(title.split())
    if not title or "|" in title or "`" in title:
        return
    written = format_link(WikiLink(0, 0, "old", "Sec", "shown"), title)
    (link,) = find_links(written)
    assert (link.target, link.heading, link.label) == (title, "Sec", "shown")


PIECES = ["[[", "]]", "`", "|", "\\", "x#y", "a", "Bo", " ", "\n", "\n\n", "```\n", "x <!-- [[c]] --> y", "!", "\\|"]


def _comparable(text: str) -> bool:
    """Texts both readings agree on by design. Known apart: an unclosed fence (Python-Markdown leaves it text,
    CommonMark makes it code to the end), a line of bars alone under a link (Python-Markdown makes a table of it,
    where GFM needs dashes), and a run of backticks outside a fence line (Python-Markdown splits a run that CommonMark
    keeps whole). Comments come whole, inside a line (comments opening a line are HTML blocks: the cases above)."""
    from journal.markdown.source import parse_fence, split_lines

    lines = split_lines(text)
    fenced = [parse_fence(line) is not None for line in lines]
    table = any(line.strip() and set(line.strip()) <= set("|-: \\") for line in lines)
    runs = any("``" in line for line, fence in zip(lines, fenced, strict=True) if not fence)
    return sum(fenced) % 2 == 0 and not table and not runs


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join).filter(_comparable))
def test_the_preview_and_the_store_read_the_same_links(text: str) -> None:
    """What the index, renaming and publishing read (the source scanner) is what the preview makes links of."""
    rendered: list[str] = []

    def resolve(link: WikiLink) -> LinkTarget:
        rendered.append(link.target)
        return LinkTarget("x")

    render_html(text, links=resolve)
    assert [link.target for link in find_links(text)] == rendered


def test_rendered_links_go_where_the_resolver_says_and_broken_ones_show() -> None:
    def resolve(link: WikiLink) -> LinkTarget | None:
        return LinkTarget(f"trailbook-entry:{link.key}", "Latency budget — 2 May") if link.key != "nope" else None

    html = render_html("[[Latency budget|the budget]], [[Nope]] and `[[code]]`", links=resolve).html
    assert (
        '<a class="wikilink" href="trailbook-entry:latency budget" title="Latency budget — 2 May">the budget</a>'
        in html
    )
    assert '<span class="wikilink broken" title="No entry is called “Nope”">Nope</span>' in html
    assert "<code>[[code]]</code>" in html
    assert render_html("[[Nope]]").html == '<p><span class="wikilink">Nope</span></p>'  # outside any journal


def test_a_list_row_shows_a_links_text() -> None:
    from journal.records import excerpt_of

    assert excerpt_of("The [[Shadow run notes|shadow run]] beat [[Profiling#Results]].") == (
        "The shadow run beat Profiling."
    )


def test_rewriting_keeps_everything_but_the_links() -> None:
    text = "a [[x]] b `[[x]]` c [[y|Y]]\n"
    assert rewrite_links(text, lambda link: link.text.upper()) == "a X b `[[x]]` c Y\n"


# --- where links go ----------------------------------------------------------------------------------------------


def ids(entries: list[links.LinkedEntry]) -> list[str]:
    return [e.id for e in entries]


def test_links_and_backlinks(journal: Journal) -> None:
    latency = create_entry(journal, "About latency.", title="Latency budget")
    batching = create_entry(journal, "See [[latency  BUDGET]] and [[Latency budget|it]] and [[Nowhere]].",
                            title="Batching")  # fmt: skip
    daily = create_entry(journal, "Worked on [[Batching]] and [[Latency budget]]; `[[Latency budget]]` is code.")
    selfish = create_entry(journal, "[[Selfish]] links to itself.", title="Selfish")
    assert ids(links.links_from(journal, batching.id)) == [latency.id]
    assert ids(links.links_from(journal, daily.id)) == [batching.id, latency.id]
    assert set(ids(links.backlinks(journal, latency.id))) == {batching.id, daily.id}
    assert ids(links.backlinks(journal, batching.id)) == [daily.id]
    assert links.backlinks(journal, selfish.id) == [] and links.links_from(journal, selfish.id) == []
    assert links.link_ids(journal, batching.id) == ([latency.id], [daily.id])
    broken = links.broken_links(journal)
    assert [(b.entry_id, b.title, b.link) for b in broken] == [(batching.id, "Batching", "Nowhere")]


def test_links_from_and_to_the_trash_do_not_count(journal: Journal) -> None:
    target = create_entry(journal, "x", title="Target")
    source = create_entry(journal, "[[Target]]", title="Source")
    trash_entry(journal, source.id)
    assert links.backlinks(journal, target.id) == [] and links.broken_links(journal) == []
    restore_entry(journal, source.id)
    trash_entry(journal, target.id)
    assert links.links_from(journal, source.id) == []
    assert [b.link for b in links.broken_links(journal)] == ["Target"]
    restore_entry(journal, target.id)
    assert ids(links.backlinks(journal, target.id)) == [source.id]


def test_a_new_entry_answers_a_broken_link_and_a_duplicate_takes_nothing_over(journal: Journal) -> None:
    source = create_entry(journal, "[[Someday]]", title="Source")
    assert links.links_from(journal, source.id) == []
    first = create_entry(journal, "", title="Someday")
    assert ids(links.links_from(journal, source.id)) == [first.id]
    update_entry(journal, source.id, body="[[Someday]] again")  # indexed now: bound to the first
    second = create_entry(journal, "", title="someday")
    assert ids(links.links_from(journal, source.id)) == [first.id]
    assert links.backlinks(journal, second.id) == []


def test_a_title_beats_an_alias_and_unicode_names_match(journal: Journal) -> None:
    with journal.writing_sql() as con:
        con.execute(
            "INSERT INTO entries (uuid, title, body, day, created, updated, kept_front_matter) VALUES "
            "('00000000-0000-4000-8000-000000000001', 'Latency budget', '', '2024-01-01', "
            "'2024-01-01T00:00:00.000000+00:00', '2024-01-01T00:00:00.000000+00:00', ?)",
            ('{"aliases": ["p99", "/old/path/", "https://x.example/"], "alias": "Économie"}',),
        )
    aliased = "00000000-0000-4000-8000-000000000001"
    titled = create_entry(journal, "", title="p99")
    source = create_entry(journal, "[[P99]] [[ÉCONOMIE]] [[/old/path/]]", title="Source")
    assert ids(links.links_from(journal, source.id)) == [titled.id, aliased]
    assert [b.link for b in links.broken_links(journal)] == ["/old/path/"]  # an address is no name


# --- renaming ----------------------------------------------------------------------------------------------------


def test_renaming_rewrites_the_links_to_it_in_one_write_with_revisions(journal: Journal) -> None:
    target = create_entry(journal, "x", title="Latency budget")
    source = create_entry(journal, "See [[Latency budget]], [[latency budget#Tail|the tail]] and `[[Latency budget]]`."
                          "\n\n| a |\n|---|\n| [[Latency budget\\|cell]] |\n", title="Source")  # fmt: skip
    other = create_entry(journal, "[[Latency budget]] in the trash", title="Trashed")
    trash_entry(journal, other.id)
    before = get_entry(journal, source.id)
    update_entry(journal, target.id, title="Latency targets")
    after = get_entry(journal, source.id)
    assert after.body == (
        "See [[Latency targets]], [[Latency targets#Tail|the tail]] and `[[Latency budget]]`.\n\n"
        "| a |\n|---|\n| [[Latency targets\\|cell]] |\n"
    )
    assert after.version > before.version and after.updated > before.updated
    assert [r.body for r in list_revisions(journal, source.id)] == [before.body]  # the old text is in History
    assert get_entry(journal, other.id).body == "[[Latency budget]] in the trash"  # read-only, left alone
    assert ids(links.backlinks(journal, target.id)) == [source.id]
    update_entry(journal, target.id, title="latency TARGETS")  # case only: written as the title is now
    assert "[[latency TARGETS]]" in get_entry(journal, source.id).body


def test_a_rename_onto_another_title_keeps_each_link_where_it_went(journal: Journal) -> None:
    older = create_entry(journal, "", title="Notes")
    renamed = create_entry(journal, "", title="Draft")
    to_older = create_entry(journal, "[[Notes]]", title="A")
    to_renamed = create_entry(journal, "[[Draft]]", title="B")
    for title in ("N", "No", "Notes"):  # typed letter by letter, each autosaved
        update_entry(journal, renamed.id, title=title)
    assert get_entry(journal, to_renamed.id).body == "[[Notes]]"
    assert ids(links.backlinks(journal, renamed.id)) == [to_renamed.id]
    assert ids(links.backlinks(journal, older.id)) == [to_older.id]
    assert ids(links.links_from(journal, to_renamed.id)) == [renamed.id]


def test_an_alias_link_and_an_unnameable_title_are_left_as_written(journal: Journal) -> None:
    with journal.writing_sql() as con:
        con.execute(
            "INSERT INTO entries (uuid, title, body, day, created, updated, kept_front_matter) VALUES "
            "('00000000-0000-4000-8000-000000000002', 'Name', '', '2024-01-01', "
            "'2024-01-01T00:00:00.000000+00:00', '2024-01-01T00:00:00.000000+00:00', '{\"aliases\": \"Nick\"}')"
        )
    source = create_entry(journal, "[[Nick]] and [[Name]]", title="Source")
    update_entry(journal, "00000000-0000-4000-8000-000000000002", title="Full name")
    assert get_entry(journal, source.id).body == "[[Nick]] and [[Full name]]"
    update_entry(journal, "00000000-0000-4000-8000-000000000002", title="a | b")  # a bar cannot be in a link
    assert get_entry(journal, source.id).body == "[[Nick]] and [[Full name]]"


# --- other writers -----------------------------------------------------------------------------------------------


def test_a_text_changed_by_another_program_is_read_from_its_text(journal: Journal, home: Path) -> None:
    target = create_entry(journal, "", title="Target")
    source = create_entry(journal, "nothing yet", title="Source")
    con = sqlite3.connect(home / "journal.db")
    with con:
        con.execute("UPDATE entries SET body = 'now [[Target]] and [[Ghost]]' WHERE uuid = ?", (source.id,))
    con.close()
    assert ids(links.backlinks(journal, target.id)) == [source.id]
    assert [b.link for b in links.broken_links(journal)] == ["Ghost"]
    update_entry(journal, target.id, title="Renamed")  # the rename finds it too, and indexes it
    assert get_entry(journal, source.id).body == "now [[Renamed]] and [[Ghost]]"
    with journal.snapshot() as snap:
        assert snap.execute("SELECT count(*) FROM links_pending").fetchone()[0] == 0


# --- imports -----------------------------------------------------------------------------------------------------


def test_an_obsidian_vaults_links_stay_links(journal: Journal, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "notes").mkdir()
    (vault / "Batching.md").write_text("See [[Latency]], [[notes/Latency.md|the budget]] and [[p99]].\n", "utf-8")
    (vault / "notes" / "Latency.md").write_text(
        "---\ntitle: Latency budget\naliases: [p99]\n---\n# Heading\n\nLinks back to [[Batching]].\n", "utf-8"
    )
    (vault / "Daily.md").write_text("# Something else\n\n[[Missing note]]\n", "utf-8")
    run(import_source(journal, vault))
    by_title = {s.title: get_entry(journal, s.id) for s in list_entries(journal)}
    latency, batching = by_title["Latency budget"], by_title["Batching"]
    assert latency.front_matter["aliases"] == ["p99", "Latency"]  # the file name Obsidian links it by
    assert ids(links.links_from(journal, batching.id)) == [latency.id]
    assert ids(links.backlinks(journal, batching.id)) == [latency.id]
    assert ids(links.backlinks(journal, latency.id)) == [batching.id]
    assert [b.link for b in links.broken_links(journal)] == ["Missing note"]
    assert by_title["Daily"].front_matter == {}  # titled by its file name (a heading is no title): no alias needed


# --- the migration -----------------------------------------------------------------------------------------------


def test_the_migration_indexes_existing_links(home: Path) -> None:
    from alembic import command
    from alembic.config import Config

    with open_journal(home) as journal:
        target = create_entry(journal, "", title="Target")
        source = create_entry(journal, "[[Target]] and [[Nowhere]]", title="Source")
        cfg = Config()
        cfg.set_main_option("script_location", str(Path(links.__file__).parent / "migrations"))
        with journal._write_engine.connect() as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")
    con = sqlite3.connect(home / "journal.db")
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'entry_links'").fetchone()[0] == 0
    with con:  # an entry imported before: its aliases are in its kept front matter only
        con.execute(
            "INSERT INTO entries (uuid, title, body, day, created, updated, kept_front_matter) VALUES "
            "('00000000-0000-4000-8000-000000000003', 'Aliased', '', '2024-01-01', "
            "'2024-01-01T00:00:00.000000+00:00', '2024-01-01T00:00:00.000000+00:00', '{\"aliases\": [\"Nowhere\"]}')"
        )
    con.close()
    with open_journal(home) as journal:
        assert ids(links.backlinks(journal, target.id)) == [source.id]
        assert ids(links.links_from(journal, source.id)) == [target.id, "00000000-0000-4000-8000-000000000003"]
        assert links.broken_links(journal) == []


# --- the command line --------------------------------------------------------------------------------------------


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journal", *args, "--home", str(home)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


def test_show_json_and_check(home: Path) -> None:
    with open_journal(home) as journal:
        target = create_entry(journal, "", title="Target")
        source = create_entry(journal, "[[Target]], [[Nowhere|somewhere]]", title="Source")
    shown = json.loads(cli(home, "show", source.id, "--json").stdout)
    assert shown["links"] == [target.id] and shown["backlinks"] == []
    assert json.loads(cli(home, "show", target.id[:8], "--json").stdout)["backlinks"] == [source.id]
    check = cli(home, "check")
    assert check.returncode == 0, check.stderr  # broken links are no damage to the journal
    assert check.stdout.splitlines() == [
        "The journal is healthy.",
        "1 broken link (to no entry of that title or alias):",
        f"  {source.id[:8]}  Source  [[Nowhere|somewhere]]",
    ]


def test_a_list_row_shows_code_and_words_as_the_preview_reads_them() -> None:
    from journal.records import excerpt_of

    assert excerpt_of("# Dunders\nThe `__call__` method, __init__.py and tmp_path; C# too.\n- a *list* item") == (
        "The __call__ method, init.py and tmp_path; C# too. a list item"
    )
