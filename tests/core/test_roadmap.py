"""Installed roadmaps: the built-in one appears lazily, imports revise in place keeping progress of surviving ids (and
report what was set aside), evidence moves milestones along, and app edits keep ids stable."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from journal import roadmap_edit as edit
from journal.db import Journal
from journal.entries import create_entry, trash_entry
from journal.errors import AmbiguousId, EntryNotFound, InvalidInput
from journal.progress import roadmap_status
from journal.roadmap import (
    AreaNotFound,
    MilestoneNotFound,
    NotLinked,
    RoadmapNotFound,
    ensure_roadmap,
    export_roadmap,
    get_roadmap,
    import_roadmap,
    link_evidence,
    linked_milestones,
    list_roadmaps,
    mark_done,
    mark_todo,
    save_roadmap,
    set_entry_milestones,
    set_target,
    unlink_evidence,
    use_roadmap,
)
from journal.roadmap_format import RoadmapError, builtin_roadmap

V1 = """\
# A small roadmap for the tests; comments survive export.
id: small
title: Small roadmap
version: 1
areas:
  - id: serving
    name: Model serving
    colour: "#ef4444"
    milestones:
      - id: serving-http
        title: Served a model over HTTP
      - id: serving-batching
        title: Batched requests
  - id: testing
    name: Testing
    milestones:
      - id: testing-unit
        title: Wrote unit tests
      - id: testing-ci
        title: Set up CI
"""

# Revision: testing-ci is dropped with its area moved: testing-unit moves to a new "quality" area; serving-http is
# retitled; serving-container is new; the testing area is gone.
V2 = """\
id: small
title: Small roadmap, revised
version: 2
areas:
  - id: serving
    name: Model serving
    milestones:
      - id: serving-http
        title: Packaged a model as an HTTP service
      - id: serving-batching
        title: Batched requests
      - id: serving-container
        title: Shipped a container
  - id: quality
    name: Quality
    milestones:
      - id: testing-unit
        title: Wrote unit tests
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(journal: Journal, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    con = sqlite3.connect(journal.paths.db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_builtin_roadmap_is_installed_lazily_and_active(journal: Journal) -> None:
    assert rows(journal, "SELECT count(*) FROM roadmaps") == [(0,)]
    roadmap = ensure_roadmap(journal)
    assert roadmap == builtin_roadmap()
    assert ensure_roadmap(journal) == roadmap  # once only
    assert [(r.id, r.active, r.milestones) for r in list_roadmaps(journal)] == [
        (roadmap.id, True, roadmap.milestone_count)
    ]


def test_import_installs_beside_the_active_one_and_use_switches(journal: Journal, tmp_path: Path) -> None:
    ensure_roadmap(journal)
    result = import_roadmap(journal, write(tmp_path, "small.yaml", V1))
    assert result.created and not result.active
    assert ensure_roadmap(journal).id == "research-to-mle"
    use_roadmap(journal, "small")
    assert ensure_roadmap(journal).id == "small"
    assert rows(journal, "SELECT id FROM roadmaps WHERE active = 1") == [("small",)]
    with pytest.raises(RoadmapNotFound, match="installed: research-to-mle, small"):
        use_roadmap(journal, "nope")


def test_the_first_import_into_an_empty_journal_becomes_active(journal: Journal, tmp_path: Path) -> None:
    assert import_roadmap(journal, write(tmp_path, "small.yaml", V1)).active
    assert ensure_roadmap(journal).id == "small"
    assert [r.id for r in list_roadmaps(journal)] == ["small"]  # the built-in one is not forced in


def test_a_broken_file_installs_nothing_and_says_where(journal: Journal, tmp_path: Path) -> None:
    ensure_roadmap(journal)
    broken = write(tmp_path, "broken.yaml", V1.replace("title: Served a model over HTTP", "titel: Served"))
    with pytest.raises(RoadmapError) as caught:
        import_roadmap(journal, broken)
    assert "broken.yaml:" in caught.value.message and "did you mean 'title'" in caught.value.message
    assert [r.id for r in list_roadmaps(journal)] == ["research-to-mle"]
    import_roadmap(journal, write(tmp_path, "small.yaml", V1))
    with pytest.raises(RoadmapError):
        import_roadmap(journal, write(tmp_path, "small2.yaml", V2.replace("areas:", "areas: 3\nx:")))
    assert get_roadmap(journal, "small").title == "Small roadmap"  # the installed version is untouched
    with pytest.raises(RoadmapError, match="not valid UTF-8"):
        (tmp_path / "latin1.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
        import_roadmap(journal, tmp_path / "latin1.yaml")
    with pytest.raises(RoadmapError, match="cannot read"):
        import_roadmap(journal, tmp_path / "missing.yaml")


def test_revising_keeps_progress_of_surviving_ids_and_reports_the_dropped(journal: Journal, tmp_path: Path) -> None:
    import_roadmap(journal, write(tmp_path, "small.yaml", V1))
    use_roadmap(journal, "small")
    a = create_entry(journal, "http service", tags=["serving"], day=dt.date(2026, 3, 1))
    b = create_entry(journal, "unit tests", tags=["testing"], day=dt.date(2026, 3, 2))
    c = create_entry(journal, "ci pipeline", day=dt.date(2026, 3, 3))
    link_evidence(journal, "serving-http", a.id)
    mark_done(journal, "serving-http", dt.date(2026, 3, 4))
    link_evidence(journal, "testing-unit", b.id)
    link_evidence(journal, "testing-ci", c.id)
    mark_done(journal, "testing-ci", dt.date(2026, 3, 5))
    set_target(journal, "testing", dt.date(2026, 12, 1))

    result = import_roadmap(journal, write(tmp_path, "small.yaml", V2))
    assert not result.created and result.active
    assert result.diff.removed_areas == ("testing",)
    assert result.diff.removed_milestones == ("testing-ci",)
    assert result.diff.added_milestones == ("serving-container",)
    assert [(m.id, m.old_area, m.new_area) for m in result.diff.moved_milestones] == [
        ("testing-unit", "testing", "quality")
    ]
    assert [(k.milestone_id, k.state, k.done_on, k.evidence) for k in result.kept] == [
        ("testing-ci", "done", dt.date(2026, 3, 5), 1)
    ]
    assert result.kept_targets == ("testing",)

    status = roadmap_status(journal, today=dt.date(2026, 3, 10))
    serving = status.area("serving")
    assert serving is not None
    http = serving.milestones[0]
    assert (http.title, http.state, http.done_on, [e.id for e in http.evidence]) == (
        "Packaged a model as an HTTP service", "done", dt.date(2026, 3, 4), [a.id],
    )  # fmt: skip
    quality = status.area("quality")
    assert quality is not None
    assert [(m.id, m.state, [e.id for e in m.evidence]) for m in quality.milestones] == [
        ("testing-unit", "doing", [b.id])
    ]
    # The dropped milestone's rows are still in the journal, unused...
    assert rows(journal, "SELECT state, done_on FROM milestone_progress WHERE milestone_id = 'testing-ci'") == [
        ("done", "2026-03-05")
    ]
    assert len(rows(journal, "SELECT * FROM milestone_evidence WHERE milestone_id = 'testing-ci'")) == 1
    # ...and come back when the id does.
    back = import_roadmap(journal, write(tmp_path, "small.yaml", V1))
    assert back.diff.added_milestones == ("testing-ci",) and back.kept == ()
    testing = roadmap_status(journal).area("testing")
    assert testing is not None and testing.target == dt.date(2026, 12, 1)
    assert [(m.id, m.state) for m in testing.milestones] == [("testing-unit", "doing"), ("testing-ci", "done")]
    assert import_roadmap(journal, write(tmp_path, "small.yaml", V1)).unchanged


def test_export_writes_the_stored_yaml_verbatim(journal: Journal, tmp_path: Path) -> None:
    import_roadmap(journal, write(tmp_path, "small.yaml", V1))
    out = export_roadmap(journal, "small", tmp_path / "out" / "small-export.yaml")
    assert out.read_text(encoding="utf-8") == V1
    assert import_roadmap(journal, out).unchanged
    with pytest.raises(RoadmapNotFound):
        export_roadmap(journal, "nope", tmp_path / "x.yaml")
    with pytest.raises(InvalidInput, match="is a folder"):
        export_roadmap(journal, "small", tmp_path)


def test_evidence_moves_a_milestone_along_and_back(journal: Journal) -> None:
    ensure_roadmap(journal)
    one = create_entry(journal, "first", tags=["serving"])
    two = create_entry(journal, "second")
    mid = "serving-http-service"
    assert link_evidence(journal, mid, one.id[:8]).milestone.state == "doing"
    again = link_evidence(journal, mid, one.id)
    assert not again.changed and again.milestone.state == "doing"
    link_evidence(journal, mid, two.id)
    assert unlink_evidence(journal, mid, one.id).milestone.state == "doing"  # evidence left
    assert unlink_evidence(journal, mid, two.id).milestone.state == "todo"
    with pytest.raises(NotLinked):
        unlink_evidence(journal, mid, two.id)
    link_evidence(journal, mid, one.id)
    assert mark_done(journal, mid, dt.date(2026, 1, 2)).state == "done"
    assert link_evidence(journal, mid, two.id).milestone.state == "done"  # done stays done
    assert unlink_evidence(journal, mid, two.id).milestone.state == "done"
    assert mark_todo(journal, mid).state == "todo"
    assert linked_milestones(journal, one.id) == {mid}


def test_mistakes_are_refused_with_clear_messages(journal: Journal) -> None:
    ensure_roadmap(journal)
    entry = create_entry(journal, "x")
    with pytest.raises(MilestoneNotFound, match="did you mean 'serving-http-service'"):
        mark_done(journal, "serving-http-servce")
    with pytest.raises(MilestoneNotFound, match="roadmap show"):
        link_evidence(journal, "zzz", entry.id)
    with pytest.raises(InvalidInput, match="in the future"):
        mark_done(journal, "serving-http-service", dt.date.today() + dt.timedelta(days=2))
    with pytest.raises(EntryNotFound):
        link_evidence(journal, "serving-http-service", "ffffffff")
    with pytest.raises(AreaNotFound, match="did you mean 'serving'"):
        set_target(journal, "servin", dt.date(2030, 1, 1))
    trash_entry(journal, entry.id)
    with pytest.raises(InvalidInput, match="in the trash"):
        link_evidence(journal, "serving-http-service", entry.id)


def test_an_ambiguous_prefix_is_refused(journal: Journal) -> None:
    ensure_roadmap(journal)
    con = sqlite3.connect(journal.paths.db)
    con.executescript(
        "INSERT INTO entries(uuid, title, day, created, updated, body) VALUES "
        "('abc00000-0000-4000-8000-000000000001', 'a', '2026-01-01', '2026-01-01T00:00:00.000000+00:00', "
        "'2026-01-01T00:00:00.000000+00:00', ''), ('abc00000-0000-4000-8000-000000000002', 'b', '2026-01-01', "
        "'2026-01-01T00:00:00.000000+00:00', '2026-01-01T00:00:00.000000+00:00', '');"
    )
    con.close()
    with pytest.raises(AmbiguousId):
        link_evidence(journal, "serving-container", "abc0")


def test_the_picker_sets_exactly_the_checked_milestones(journal: Journal) -> None:
    ensure_roadmap(journal)
    entry = create_entry(journal, "tests and a container", tags=["testing"])
    assert set_entry_milestones(journal, entry.id, {"testing-ci", "serving-container"}) == (2, 0)
    assert linked_milestones(journal, entry.id) == {"testing-ci", "serving-container"}
    assert set_entry_milestones(journal, entry.id, {"testing-ci"}) == (0, 1)
    status = roadmap_status(journal)
    states = {m.id: m.state for a in status.areas for m in a.milestones}
    assert (states["testing-ci"], states["serving-container"]) == ("doing", "todo")
    with pytest.raises(MilestoneNotFound):
        set_entry_milestones(journal, entry.id, {"nope"})


def test_app_edits_keep_ids_and_make_new_ones_from_names(journal: Journal, tmp_path: Path) -> None:
    import_roadmap(journal, write(tmp_path, "small.yaml", V1))
    use_roadmap(journal, "small")
    entry = create_entry(journal, "http")
    link_evidence(journal, "serving-http", entry.id)
    draft = get_roadmap(journal)
    draft = edit.rename_area(draft, "serving", "  Serving   models ")
    draft = edit.retitle_milestone(draft, "serving-http", "HTTP service with p95 measured")
    draft, area_id = edit.add_area(draft, "Model serving")  # the name of another area's id is fine
    assert area_id == "model-serving"
    draft, again = edit.add_area(draft, "Model  Serving!")
    assert again == "model-serving-2"
    draft, mid = edit.add_milestone(draft, area_id, "Shipped a container image with a health check endpoint")
    assert mid == "model-serving-shipped-a-container-image-with-a-health"  # cut at a word
    draft, mid2 = edit.add_milestone(draft, again, "Écrit des tests — 日本語")
    assert mid2 == "model-serving-2-ecrit-des-tests"
    draft = edit.move_area(draft, area_id, -10)
    draft = edit.move_milestone(draft, "serving-batching", -1)
    draft = edit.delete_area(draft, "testing")
    draft = edit.set_area_details(draft, area_id, colour="#AABBCC", description="Serving, again.")
    result = save_roadmap(journal, draft)
    assert result.diff.removed_areas == ("testing",)
    stored = get_roadmap(journal)
    assert [a.id for a in stored.areas] == ["model-serving", "serving", "model-serving-2"]
    assert stored.area("serving").name == "Serving models"  # type: ignore[union-attr]
    assert [m.id for m in stored.area("serving").milestones] == ["serving-batching", "serving-http"]  # type: ignore[union-attr]
    assert stored.area("model-serving").colour == "#aabbcc"  # type: ignore[union-attr]
    assert linked_milestones(journal, entry.id) == {"serving-http"}  # progress followed the stable id
    with pytest.raises(InvalidInput, match="cannot be empty"):
        edit.rename_area(stored, "serving", "   ")
    with pytest.raises(RoadmapError, match="list at least one milestone"):
        save_roadmap(journal, edit.add_area(stored, "Empty")[0])


def test_a_new_roadmap_made_in_the_app(journal: Journal) -> None:
    ensure_roadmap(journal)
    draft = edit.new_roadmap("My path", [r.id for r in list_roadmaps(journal)], "First area", "First step")
    assert (draft.id, [a.id for a in draft.areas], draft.milestone_count) == ("my-path", ["first-area"], 1)
    assert save_roadmap(journal, draft).created
    assert edit.new_roadmap("My path", ["my-path"], "a", "b").id == "my-path-2"
    assert edit.slug_id("日本語", "area") == "area"
    assert len(edit.unique_id("x" * 80, [])) == 64
