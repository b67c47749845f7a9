"""Property: private fenced blocks nested in any of CommonMark's containers never reach the blog. Entries are
generated from nested bullet lists, ordered lists and blockquotes (indentation, both fence characters, fence lengths,
the info string in any case, sometimes an unclosed block), each private block holding a unique marker; they are
published by the real publishing service into a real Hugo site whose remote is a local bare repository, the site is
built with the real ``hugo``, and no marker may appear in any commit the remote holds (``git grep`` over every
commit, ``git log -p`` over every message) nor in any file of the built site (pages, feeds, sitemap)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.db import open_journal
from journal.markdown.private import public_text
from journal.publish.scaffold import build_site

from .conftest import git, make_world

WORDS = st.sampled_from(["batching", "tail latency", "warm the cache first", "p99 went down", "a"])


@dataclass
class Doc:
    """What a generated entry holds: the markers that must stay home and the public one that must be published."""

    markers: list[str] = field(default_factory=list)
    unclosed: bool = False  # one block was left open (a later block's closing fence may still close it)


def _private_block(draw: st.DrawFn, doc: Doc) -> list[str]:
    char = draw(st.sampled_from("`~"))
    length = draw(st.integers(min_value=3, max_value=6))
    info = draw(st.sampled_from(["private", "PRIVATE", "Private", "pRivate", " private", "private notes"]))
    indent = " " * draw(st.integers(min_value=0, max_value=3))
    marker = f"QZMARK{len(doc.markers)}N{draw(st.integers(min_value=1000, max_value=9999))}"
    doc.markers.append(marker)
    lines = [f"{indent}{char * length}{info}", f"{marker} {draw(WORDS)}"]
    if draw(st.booleans()):
        lines += ["", f"{marker} again"]
    if draw(st.booleans()):  # a code block inside, with the other fence character: it does not end the block
        other = "~" if char == "`" else "`"
        lines += [f"{other * 3}python", f"x = '{marker}'", other * 3]
    if not doc.unclosed and draw(st.integers(min_value=0, max_value=7)) == 0:
        doc.unclosed = True  # everything after it is private too
        return lines
    closer = " " * draw(st.integers(min_value=0, max_value=3)) + char * (length + draw(st.integers(0, 2)))
    return [*lines, closer]


def _in_item(lines: list[str], marker: str, spaces: int) -> list[str]:
    width = len(marker) + spaces
    first, *rest = lines
    return [marker + " " * spaces + first] + [(" " * width + line) if line else "" for line in rest]


@st.composite
def blocks(draw: st.DrawFn, doc: Doc, depth: int = 0) -> list[str]:
    """Lines of one to three blocks, separated by blank lines; containers nest up to three deep."""
    kinds = ["paragraph", "private", "private", "bullets", "ordered", "quote"] if depth < 3 else ["private"]
    out: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(kinds))
        if kind == "paragraph":
            lines = [draw(WORDS)]
        elif kind == "private":
            lines = _private_block(draw, doc)
        elif kind == "quote":
            marker = draw(st.sampled_from(["> ", ">"]))
            lines = [f"{marker}{line}" if line else ">" for line in draw(blocks(doc, depth + 1))]
        else:
            lines = []
            bullet = draw(st.sampled_from("-*+"))
            start = draw(st.integers(min_value=1, max_value=9))
            delimiter = draw(st.sampled_from(".)"))
            for k in range(draw(st.integers(min_value=1, max_value=3))):
                marker = bullet if kind == "bullets" else f"{start + k}{delimiter}"
                item = _in_item(draw(blocks(doc, depth + 1)), marker, draw(st.integers(min_value=1, max_value=4)))
                lines += item + ([""] if draw(st.booleans()) else [])
        out += [*lines, ""]
    return out


@st.composite
def entries(draw: st.DrawFn) -> list[tuple[str, Doc]]:
    found = []
    for i in range(draw(st.integers(min_value=1, max_value=3))):
        doc = Doc()
        newline = draw(st.sampled_from(["\n", "\r\n"]))
        body = newline.join([f"Intro qzpublic{i} words.", "", *draw(blocks(doc))])
        found.append((body, doc))
    return found


@settings(max_examples=100, deadline=None)
@given(specs=entries())
def test_generated_entries_lose_every_marker_when_stripped(specs: list[tuple[str, Doc]]) -> None:
    """The same property without git or Hugo, on many more examples: what would be published holds no marker."""
    for i, (body, doc) in enumerate(specs):
        public = public_text(body)
        assert not any(m in public.text for m in doc.markers), body
        assert f"qzpublic{i}" in public.text


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=entries())
def test_nested_private_blocks_never_reach_the_remote_or_the_built_site(specs: list[tuple[str, Doc]]) -> None:
    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    tmp = Path(tempfile.mkdtemp(prefix="trailbook-private-nested-"))
    try:
        with open_journal(tmp / "home") as journal:
            world = make_world(journal, tmp, "hugo")
            made = [world.entry(f"Entry {i}", body, summary="") for i, (body, _) in enumerate(specs)]
            world.publish(*made)
            markers = [m for _, doc in specs for m in doc.markers]
            commits = git(world.remote, "rev-list", "--all").split()
            patterns = [a for m in markers for a in ("-e", m)]
            grep = subprocess.run(
                ["git", "grep", "-F", "-I", "-l", *patterns, *commits],
                cwd=world.remote,
                capture_output=True,
                check=False,
            )
            assert grep.returncode == 1, grep.stdout  # 1: no match in any commit
            history = git(world.remote, "log", "-p", "--all", "--format=%B")
            assert not any(m in history for m in markers)
            assert not re.search(r"[`~]{3,} ?private", history, re.IGNORECASE)  # no opening fence either

            site = tmp / "public"
            build_site(world.repo, "hugo", site)
            built = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
            leaks = [(p.name, m) for p, data in built.items() for m in markers if m.encode() in data]
            assert leaks == []
            pages = b"".join(data for p, data in built.items() if p.suffix == ".html")
            for i in range(len(specs)):
                assert f"qzpublic{i}".encode() in pages  # each post was built: the check above looked at it
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_dry_run_warns_about_an_unclosed_private_block(world, home: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from journal.cli import main

    body = "Public start.\n\n> - item\n> - ~~~Private\n>   SECRETCLI\n\nSECRETCLI: CommonMark ended it; we do not\n"
    entry = world.entry("Half private", body)
    code = main(["--home", str(home), "publish", entry.id, "--to", world.blog.name, "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 0, err
    warnings = [line.strip() for line in out.splitlines() if "warning:" in line]
    assert warnings == [
        "warning: the private block opened on line 4 has no closing fence: everything from it to the end of the entry "
        "stays private and is not published (close it with the same fence, e.g. ```, to publish what follows)"
    ]
    assert "SECRETCLI" not in out and world.remote_head() == ""  # a dry run: nothing pushed
