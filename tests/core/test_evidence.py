"""The app's roadmap reads (journal/evidence.py): the tag names to offer (the roadmap's area ids, also on a new
journal) and the milestones an entry counts toward; both read without writing."""

from __future__ import annotations

import sqlite3

from journal.colours import area_colour
from journal.db import Journal
from journal.entries import create_entry
from journal.evidence import Counted, area_tags, counted_toward
from journal.roadmap import ensure_roadmap, link_evidence, mark_done, save_roadmap, use_roadmap
from journal.roadmap_edit import new_roadmap
from journal.roadmap_format import builtin_roadmap


def _roadmaps(journal: Journal) -> int:
    with sqlite3.connect(journal.paths.db) as con:
        return int(con.execute("SELECT count(*) FROM roadmaps").fetchone()[0])


def test_a_new_journal_offers_the_builtin_roadmaps_area_ids_without_installing_it(journal: Journal) -> None:
    builtin = builtin_roadmap()
    offered = area_tags(journal)
    assert list(offered) == [a.id for a in builtin.areas]
    assert offered["testing"] == area_colour("testing", builtin)  # the colour the tag will get when it is made
    assert _roadmaps(journal) == 0  # read, not written


def test_the_active_roadmaps_ids_are_offered(journal: Journal) -> None:
    ensure_roadmap(journal)
    mine = new_roadmap("Data engineering", ["research-to-mle"], "Streaming", "Ran a Kafka consumer")
    save_roadmap(journal, mine)
    use_roadmap(journal, mine.id)
    assert list(area_tags(journal)) == ["streaming"]


def test_what_an_entry_counts_toward(journal: Journal) -> None:
    entry = create_entry(journal, "Batched the requests", tags=["serving"])
    other = create_entry(journal, "unrelated")
    assert counted_toward(journal, entry.id) == []  # no links: nothing read but one query
    link_evidence(journal, "serving-throughput", entry.id)
    link_evidence(journal, "mlops-shadow", entry.id)
    mark_done(journal, "mlops-shadow")
    roadmap = builtin_roadmap()
    order = [m.id for a in roadmap.areas for m in a.milestones]
    found = counted_toward(journal, entry.id)
    assert [c.milestone_id for c in found] == sorted(["serving-throughput", "mlops-shadow"], key=order.index)
    shadow = next(c for c in found if c.milestone_id == "mlops-shadow")
    area, milestone = roadmap.milestone("mlops-shadow")  # type: ignore[misc]
    assert shadow == Counted("mlops-shadow", milestone.title, area.name, "done")
    assert counted_toward(journal, other.id) == []
    mine = new_roadmap("Other", ["research-to-mle"], "Area", "Milestone")
    save_roadmap(journal, mine)
    use_roadmap(journal, mine.id)
    assert counted_toward(journal, entry.id) == []  # links to another roadmap's milestones do not count here
