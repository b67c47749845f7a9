"""One colour per skill area: the tag's stored colour is what the navigation column, chips, Roadmap, Insights and the
command line all show; a new area's tag takes the roadmap's colour (journal.colours), and a roadmap's colours reach
the tags that still have the colour they were given, never one the person chose."""

from __future__ import annotations

import json
import subprocess
import sys

from journal import queries
from journal.adding import add_entry
from journal.colours import area_colour
from journal.db import Journal
from journal.progress import insights, roadmap_status
from journal.records import default_colour
from journal.roadmap import ensure_roadmap, save_roadmap
from journal.roadmap_edit import set_area_details
from journal.tags import add_tag, edit_tag


def colours_everywhere(journal: Journal, area: str) -> set[str]:
    """The colour of ``area`` as each view gets it: the navigation column and chips (list_tags), Roadmap (its
    status), Insights (the same status, which its charts draw), and ``tag list --json``."""
    tags = {a.name.casefold(): a.colour for a in queries.list_tags(journal)}
    status = {a.id: a.colour for a in roadmap_status(journal).areas}
    cli = subprocess.run(
        [sys.executable, "-m", "journal", "tag", "list", "--json", "--home", str(journal.paths.home)],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
    )
    listed = {a["name"].casefold(): a["colour"] for a in json.loads(cli.stdout)}
    return {tags[area], status[area], listed[area]}


def test_a_new_area_takes_the_roadmaps_colour_and_every_view_shows_it(journal: Journal) -> None:
    roadmap = ensure_roadmap(journal)
    serving = roadmap.area("serving")
    assert serving is not None and serving.colour and serving.colour != default_colour("serving")
    add_entry(journal, "dynamic batching", tags=["Serving"])
    assert colours_everywhere(journal, "serving") == {serving.colour}
    insights(journal)  # Insights' charts are drawn from roadmap_status's areas: the same colours
    add_entry(journal, "not an area", tags=["cooking"])
    assert {a.name: a.colour for a in queries.list_tags(journal)}["cooking"] == default_colour("cooking")
    assert area_colour("SERVING", roadmap) == serving.colour


def test_tags_made_before_the_roadmap_follow_it_but_a_chosen_colour_stays(journal: Journal) -> None:
    add_entry(journal, "made before any roadmap is installed", tags=["serving", "testing"])
    assert {a.name: a.colour for a in queries.list_tags(journal)}["serving"] == default_colour("serving")
    edit_tag(journal, "testing", colour="#123456")  # the person's choice
    roadmap = ensure_roadmap(journal)  # installs the built-in roadmap
    assert colours_everywhere(journal, "serving") == {roadmap.area("serving").colour}  # type: ignore[union-attr]
    assert colours_everywhere(journal, "testing") == {"#123456"}
    # The area's colour edited in the roadmap: the tag that had the old one takes the new one, the chosen one stays.
    edited = set_area_details(set_area_details(roadmap, "serving", colour="#0a0b0c"), "testing", colour="#0d0e0f")
    save_roadmap(journal, edited)
    assert colours_everywhere(journal, "serving") == {"#0a0b0c"}
    assert colours_everywhere(journal, "testing") == {"#123456"}


def test_an_area_added_by_name_takes_the_roadmaps_colour_too(journal: Journal) -> None:
    roadmap = ensure_roadmap(journal)
    assert add_tag(journal, "mlops").colour == roadmap.area("mlops").colour  # type: ignore[union-attr]
    assert add_tag(journal, "mlops-extra").colour == default_colour("mlops-extra")
