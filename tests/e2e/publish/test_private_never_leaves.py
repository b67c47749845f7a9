"""Property: whatever the entries say, nothing private reaches the blog's remote. Private entries are refused (their
marker strings, titles included, never appear), and fenced private blocks inside public entries are stripped, in any
container and with any line endings. Checked on the bare remote with ``git grep`` over the pushed tree and ``git log
-p`` over its whole history."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.db import open_journal
from journal.publish.messages import PublishError

from .conftest import git, make_world

prose = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="`$\\<>"), max_size=60
).map(lambda s: s.replace("private", "privy"))


@st.composite
def entries(draw: st.DrawFn) -> list[dict]:  # type: ignore[type-arg]
    found = []
    for i in range(draw(st.integers(min_value=1, max_value=4))):
        marker = f"PRIVMARK{i}X{draw(st.integers(min_value=1000, max_value=9999))}"
        private = draw(st.booleans())
        newline = draw(st.sampled_from(["\n", "\r\n"]))
        prefix = draw(st.sampled_from(["", "> "]))
        before, after, inside = draw(prose), draw(prose), draw(prose)
        block = newline.join(f"{prefix}{line}" for line in ["```private", f"{inside} {marker}B", "```"])
        body = newline.join([before or "Intro.", "", block, "", after or "Outro.", ""])
        if private:
            body = f"{before} {marker}E{newline}"
        found.append(
            {
                "title": f"Entry {i} {marker}T" if private else f"Entry {i}",
                "body": body,
                "private": private,
                "marker": marker,
            }
        )
    return found


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=entries())
def test_nothing_private_reaches_the_remote(specs: list[dict]) -> None:  # type: ignore[type-arg]
    tmp = Path(tempfile.mkdtemp(prefix="trailbook-private-"))
    try:
        with open_journal(tmp / "home") as journal:
            world = make_world(journal, tmp, "hugo")
            made = [world.entry(s["title"], s["body"], private=s["private"], summary="") for s in specs]
            public = [e for e in made if not e.private]
            if any(e.private for e in made):
                with pytest.raises(PublishError):
                    world.publish(*made)
            if public:
                world.publish(*public)
            if world.remote_head():
                markers = [s["marker"] for s in specs]
                args = ["grep", "-F", "-I", "-l"] + [a for m in markers for a in ("-e", m)] + ["main"]
                grep = subprocess.run(["git", *args], cwd=world.remote, capture_output=True, check=False)
                assert grep.returncode == 1, grep.stdout  # 1: no match anywhere in the pushed tree
                history = git(world.remote, "log", "-p", "--all", "--format=%B")
                assert not any(m in history for m in markers)
                assert "```private" not in history
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
