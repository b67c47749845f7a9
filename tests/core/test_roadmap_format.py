"""Roadmap YAML: the built-in roadmap, one fixture per kind of mistake, round trips and diffs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.errors import InvalidInput
from journal.roadmap_format import (
    MAX_LISTED_PROBLEMS,
    Area,
    Milestone,
    MovedMilestone,
    Renamed,
    Resource,
    Roadmap,
    RoadmapDiff,
    RoadmapError,
    builtin_roadmap,
    diff_roadmaps,
    dump_roadmap,
    is_valid_id,
    load_roadmap,
    parse_roadmap,
)

pytestmark = pytest.mark.core

DATA = Path(__file__).parent / "data" / "roadmaps"
DOCS = Path(__file__).parents[2] / "docs" / "roadmap-format.md"


def problems_of(name: str) -> list[str]:
    with pytest.raises(RoadmapError) as info:
        load_roadmap(DATA / name)
    return [str(p) for p in info.value.problems]


# -- valid files


def test_valid_fixture_loads_every_field() -> None:
    roadmap = load_roadmap(DATA / "valid.yaml")
    assert roadmap.id == "tiny"
    assert roadmap.title == "A tiny roadmap"
    assert roadmap.description == "Used by the tests."
    assert roadmap.version == 2
    serving, testing = roadmap.areas
    assert serving == Area(
        "serving",
        "Model serving",
        "#2563eb",  # stored lower case
        "Put models behind an API.",
        (
            Milestone(
                "serving-http",
                "Served a model over HTTP",
                "A load test reports p95 latency.",
                (
                    Resource(
                        "Prometheus — Histograms and summaries", "https://prometheus.io/docs/practices/histograms/"
                    ),
                ),
            ),
        ),
    )
    assert testing.colour is None
    assert testing.description == ""
    assert testing.milestones[0].done_when == ""
    assert testing.milestones[0].resources == ()
    assert roadmap.area("testing") is testing
    assert roadmap.area("nope") is None
    assert roadmap.milestone("testing-unit") == (testing, testing.milestones[0])
    assert roadmap.milestone("nope") is None
    assert roadmap.milestone_count == 2


def test_builtin_roadmap_is_valid_and_complete() -> None:
    roadmap = builtin_roadmap()
    assert roadmap.id == "research-to-mle"
    assert roadmap.title == "From research to ML engineering"
    expected = {
        "foundations",
        "research-code",
        "system-design",
        "ml-modules",
        "testing",
        "data-infra",
        "serving",
        "mlops",
        "monitoring",
        "cloud",
        "cli",
        "algorithms",
        "git",
        "specialisation",
        "communication",
    }
    assert {a.id for a in roadmap.areas} == expected
    colours = [a.colour for a in roadmap.areas]
    assert None not in colours
    assert len(set(colours)) == len(colours), "area colours must be distinct"
    for area in roadmap.areas:
        assert area.description, area.id
        assert 3 <= len(area.milestones) <= 6, area.id
        for m in area.milestones:
            assert m.done_when, m.id
            assert len(m.resources) <= 2, m.id
            assert all(r.url.startswith("https://") for r in m.resources), m.id
    assert builtin_roadmap() is roadmap  # parsed once


def test_builtin_roadmap_survives_a_round_trip() -> None:
    roadmap = builtin_roadmap()
    assert parse_roadmap(dump_roadmap(roadmap)) == roadmap


def test_documented_example_is_valid() -> None:
    text = DOCS.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert example is not None
    roadmap = parse_roadmap(example.group(1), "roadmap-format.md")
    assert [a.id for a in roadmap.areas] == ["serving", "testing"]


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "valid.yaml").read_bytes())
    assert load_roadmap(path) == load_roadmap(DATA / "valid.yaml")


# -- one fixture per kind of mistake: exact line and field path


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "syntax_error.yaml",
            [
                "syntax_error.yaml:9: YAML syntax error: expected ',' or ']', but got ':' "
                "(while parsing a flow sequence that starts on line 8)"
            ],
        ),
        ("wrong_type.yaml", ["wrong_type.yaml:8: areas[0].milestones[0].title: expected a string, got a list"]),
        ("missing_field.yaml", ["missing_field.yaml:17: areas[2].milestones[0].title: required field missing"]),
        (
            "duplicate_area_id.yaml",
            ["duplicate_area_id.yaml:9: areas[1].id: duplicate area id 'serving' (first used at line 4)"],
        ),
        (
            "duplicate_milestone_id.yaml",
            [
                "duplicate_milestone_id.yaml:14: areas[1].milestones[1].id: duplicate milestone id "
                "'first-service' (first used at line 7, areas[0].milestones[0].id); "
                "milestone ids must be unique across the whole roadmap"
            ],
        ),
        (
            "duplicate_key.yaml",
            ["duplicate_key.yaml:7: areas[0].name: duplicate key (first at line 5); remove one of them"],
        ),
        (
            "unknown_key.yaml",
            [
                "unknown_key.yaml:6: areas[0].color: unknown field; did you mean 'colour'?",
                "unknown_key.yaml:10: areas[0].milestones[0].difficulty: unknown field; "
                "expected one of: id, title, done_when, resources",
            ],
        ),
        (
            "bad_colour.yaml",
            [
                "bad_colour.yaml:6: areas[0].colour: bad colour 'blue': use #rrggbb, e.g. \"#2563eb\"",
                'bad_colour.yaml:12: areas[1].colour: put the colour in quotes, e.g. "#2563eb" '
                "(an unquoted # starts a comment)",
            ],
        ),
        (
            "bad_url.yaml",
            [
                "bad_url.yaml:11: areas[0].milestones[0].resources[0].url: only http:// and https:// links are "
                "allowed, got 'ftp://example.org/serving.pdf'",
                "bad_url.yaml:13: areas[0].milestones[0].resources[1].url: only http:// and https:// links are "
                "allowed, got 'file:///home/me/notes.html'",
                "bad_url.yaml:15: areas[0].milestones[0].resources[2].url: the URL has no host name: 'https://'",
            ],
        ),
        ("empty_areas.yaml", ["empty_areas.yaml:3: areas: the list is empty; list at least one area"]),
        (
            "empty_milestones.yaml",
            [
                "empty_milestones.yaml:6: areas[0].milestones: the list is empty; list at least one milestone",
                "empty_milestones.yaml:9: areas[1].milestones: required field is empty; list at least one milestone",
            ],
        ),
        (
            "non_utf8.yaml",
            ["non_utf8.yaml:2: not valid UTF-8 (byte 0xe9 at column 11); save the file as UTF-8 and try again"],
        ),
        (
            "not_mapping.yaml",
            ["not_mapping.yaml:2: the roadmap must be a mapping with id, title and areas at the top level, got a list"],
        ),
        ("empty.yaml", ["empty.yaml:1: the file is empty; a roadmap needs at least id, title and areas"]),
        (
            "alias.yaml",
            ["alias.yaml:8: YAML aliases (*name) are not supported in roadmaps; write the value out"],
        ),
        ("bad_version.yaml", ["bad_version.yaml:3: version: expected a whole number, got a string (two)"]),
    ],
)
def test_each_kind_of_mistake_names_file_line_and_field(fixture: str, expected: list[str]) -> None:
    assert problems_of(fixture) == expected


def test_bad_ids_are_reported_at_every_level() -> None:
    found = problems_of("bad_id.yaml")
    assert [p.split(": bad id")[0] for p in found] == [
        "bad_id.yaml:1: id",
        "bad_id.yaml:4: areas[0].id",
        "bad_id.yaml:7: areas[0].milestones[0].id",
        "bad_id.yaml:9: areas[0].milestones[1].id",
    ]
    assert "'model serving'" in found[1]
    assert "lowercase letters a-z, digits and hyphens" in found[0]


def test_many_mistakes_are_reported_together_in_file_order() -> None:
    with pytest.raises(RoadmapError) as info:
        load_roadmap(DATA / "many_mistakes.yaml")
    err = info.value
    assert isinstance(err, InvalidInput)
    assert err.source == "many_mistakes.yaml"
    assert [str(p) for p in err.problems] == [
        "many_mistakes.yaml:6: areas[0].colour: bad colour '#12345': use #rrggbb, e.g. \"#2563eb\"",
        "many_mistakes.yaml:12: areas[0].milestones[0].resources[0].url: only http:// and https:// links are "
        "allowed, got 'gopher://example.org'",
        "many_mistakes.yaml:13: areas[1].name: required field missing",
        "many_mistakes.yaml:14: areas[1].nmae: unknown field; did you mean 'name'?",
        "many_mistakes.yaml:16: areas[1].milestones[0].id: duplicate milestone id 'serving-http' (first used at "
        "line 8, areas[0].milestones[0].id); milestone ids must be unique across the whole roadmap",
        "many_mistakes.yaml:17: areas[1].milestones[0].title: expected a string, got a whole number (42); "
        "put it in quotes to use it as text",
    ]
    lines = str(err).splitlines()
    assert lines[0] == "6 problems in the roadmap many_mistakes.yaml:"
    assert lines[1:] == [str(p) for p in err.problems]
    assert err.problems[2].line == 13
    assert err.problems[2].path == "areas[1].name"


def test_single_problem_message_is_one_line() -> None:
    with pytest.raises(RoadmapError) as info:
        load_roadmap(DATA / "wrong_type.yaml")
    assert str(info.value) == "wrong_type.yaml:8: areas[0].milestones[0].title: expected a string, got a list"


def test_message_lists_at_most_twenty_problems() -> None:
    areas = "".join(f"  - id: a{i:02d}\n    name: [x]\n    milestones: []\n" for i in range(15))
    with pytest.raises(RoadmapError) as info:
        parse_roadmap(f"id: big\ntitle: Big\nareas:\n{areas}", "big.yaml")
    err = info.value
    assert len(err.problems) == 30
    lines = str(err).splitlines()
    assert lines[0] == "30 problems in the roadmap big.yaml:"
    assert len(lines) == 1 + MAX_LISTED_PROBLEMS + 1
    assert lines[-1] == "... and 10 more"


# -- smaller cases, parsed from text


def parse_problems(text: str) -> list[str]:
    with pytest.raises(RoadmapError) as info:
        parse_roadmap(text, "t.yaml")
    return [str(p) for p in info.value.problems]


MINIMAL = "id: demo\ntitle: Demo\nareas:\n  - id: serving\n    name: Serving\n    milestones:\n      - id: s-one\n"


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("        title:\n", "t.yaml:8: areas[0].milestones[0].title: required field is empty"),
        ('        title: "  "\n', "t.yaml:8: areas[0].milestones[0].title: required field is empty"),
        ('        title: "a\\nb"\n', "t.yaml:8: areas[0].milestones[0].title: must be a single line"),
        (
            '        title: "a\\x07b"\n',
            "t.yaml:8: areas[0].milestones[0].title: contains a control character (U+0007); remove it",
        ),
        (
            "        title: yes\n",
            "t.yaml:8: areas[0].milestones[0].title: expected a string, got true/false (yes); "
            "put it in quotes to use it as text",
        ),
        (
            "        title: {a: 1}\n",
            "t.yaml:8: areas[0].milestones[0].title: expected a string, got a mapping",
        ),
        (
            "        title: ok\n        resources: https://example.org\n",
            "t.yaml:9: areas[0].milestones[0].resources: expected a list of resources, got a string "
            "(https://example.org)",
        ),
        (
            "        title: ok\n        resources:\n          - title: x\n            url: https://exa mple.org\n",
            "t.yaml:11: areas[0].milestones[0].resources[0].url: a URL cannot contain spaces; encode them as %20",
        ),
        (
            "        title: ok\n        resources:\n          - https://example.org\n",
            "t.yaml:10: areas[0].milestones[0].resources[0]: expected a resource (a mapping with title and url), "
            "got a string (https://example.org)",
        ),
        (
            "        title: ok\n        1: x\n",
            "t.yaml:9: areas[0].milestones[0].1: unknown field; expected one of: id, title, done_when, resources",
        ),
    ],
)
def test_field_level_mistakes(tail: str, expected: str) -> None:
    assert parse_problems(MINIMAL + tail) == [expected]


def test_control_character_in_raw_text_names_the_line() -> None:
    assert parse_problems("id: demo\ntitle: a\x01b\n") == [
        "t.yaml:2: the file contains a character YAML does not allow (U+0001); remove it"
    ]


def test_multiple_documents_are_a_syntax_error() -> None:
    found = parse_problems(MINIMAL + "        title: ok\n---\nid: other\n")
    assert len(found) == 1
    assert found[0].startswith("t.yaml:9: YAML syntax error: but found another document")


def test_version_must_be_positive() -> None:
    assert parse_problems(MINIMAL.replace("areas:", "version: 0\nareas:") + "        title: ok\n") == [
        "t.yaml:3: version: must be 1 or more, got 0"
    ]


def test_missing_top_level_fields_are_all_reported() -> None:
    assert parse_problems("description: nothing else\n") == [
        "t.yaml:1: id: required field missing",
        "t.yaml:1: title: required field missing",
        "t.yaml:1: areas: required field missing",
    ]


def test_unreadable_file_is_a_roadmap_error(tmp_path: Path) -> None:
    with pytest.raises(RoadmapError, match=r"^missing\.yaml: cannot read the file"):
        load_roadmap(tmp_path / "missing.yaml")


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    with pytest.raises(RoadmapError, match="too large"):
        load_roadmap(path)


def test_ids() -> None:
    assert is_valid_id("serving")
    assert is_valid_id("a1")
    assert is_valid_id("x" * 64)
    for bad in ("x", "x" * 65, "-a", "a-", "A1", "a_b", "a b", "é1"):
        assert not is_valid_id(bad), bad


# -- writing and reading back


def test_dump_keeps_the_documented_key_order() -> None:
    text = dump_roadmap(load_roadmap(DATA / "valid.yaml"))
    keys = [line.strip().lstrip("- ").split(":")[0] for line in text.splitlines()]
    assert keys == [
        "id",
        "title",
        "description",
        "version",
        "areas",
        "id",
        "name",
        "colour",
        "description",
        "milestones",
        "id",
        "title",
        "done_when",
        "resources",
        "title",
        "url",
        "id",
        "name",
        "milestones",
        "id",
        "title",
    ]
    assert "Prometheus — Histograms" in text  # unicode is written as is, not escaped


def test_dump_writes_multiline_text_as_a_block() -> None:
    roadmap = Roadmap(
        "demo", "Démo", "line one\nline two\n", None, (Area("ab", "A", None, "", (Milestone("m1", "T"),)),)
    )
    text = dump_roadmap(roadmap)
    assert "description: |\n  line one\n  line two\n" in text
    assert "version" not in text
    assert parse_roadmap(text) == roadmap


_LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_any_text = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n"))
_one_line = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")).filter(lambda c: c not in _LINE_BREAKS) | st.just("\t"),
    min_size=1,
).filter(lambda s: s.strip() != "")
_ids = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}[a-z0-9]\Z")
_urls = st.builds(lambda host, path: f"https://{host}.org/{path}", _ids, st.text("abc/?=&#%-_.~", max_size=20))


@st.composite
def roadmaps(draw: st.DrawFn) -> Roadmap:
    area_ids = draw(st.lists(_ids, min_size=1, max_size=3, unique=True))
    milestone_ids = iter(draw(st.lists(_ids, min_size=6, max_size=6, unique=True)))
    areas = []
    for area_id in area_ids:
        milestones = []
        for _ in range(draw(st.integers(1, 2))):
            resources = draw(st.lists(st.builds(Resource, _one_line, _urls), max_size=2))
            milestones.append(Milestone(next(milestone_ids), draw(_one_line), draw(_any_text), tuple(resources)))
        colour = draw(st.none() | st.from_regex(r"\A#[0-9a-f]{6}\Z"))
        areas.append(Area(area_id, draw(_one_line), colour, draw(_any_text), tuple(milestones)))
    version = draw(st.none() | st.integers(1, 10**12))
    return Roadmap(draw(_ids), draw(_one_line), draw(_any_text), version, tuple(areas))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmaps())
def test_dump_then_parse_round_trips(roadmap: Roadmap) -> None:
    assert parse_roadmap(dump_roadmap(roadmap)) == roadmap


# -- comparing versions


def _roadmap(*areas: Area, rid: str = "demo") -> Roadmap:
    return Roadmap(rid, "Demo", "", 1, areas)


def _area(aid: str, name: str, *milestones: tuple[str, str]) -> Area:
    return Area(aid, name, None, "", tuple(Milestone(mid, title) for mid, title in milestones))


def test_diff_of_identical_roadmaps_is_empty() -> None:
    roadmap = builtin_roadmap()
    diff = diff_roadmaps(roadmap, roadmap)
    assert diff == RoadmapDiff()
    assert diff.is_empty
    assert diff.describe() == []


def test_diff_reports_added_removed_renamed_and_moved() -> None:
    old = _roadmap(
        _area("serving", "Serving", ("s-http", "Served over HTTP"), ("s-batch", "Served in batch")),
        _area("cloud", "Cloud", ("c-vm", "Ran a VM")),
        _area("cli", "CLI", ("cli-pipe", "Piped")),
    )
    new = _roadmap(
        _area("serving", "Model serving", ("s-http", "Served a model over HTTP"), ("c-vm", "Ran a VM")),
        _area("cli", "CLI", ("cli-pipe", "Piped"), ("cli-ssh", "Used SSH")),
        _area("mlops", "MLOps", ("m-shadow", "Shadowed")),
    )
    diff = diff_roadmaps(old, new)
    assert diff.added_areas == ("mlops",)
    assert diff.removed_areas == ("cloud",)
    assert diff.renamed_areas == (Renamed("serving", "Serving", "Model serving"),)
    assert diff.added_milestones == ("cli-ssh", "m-shadow")
    assert diff.removed_milestones == ("s-batch",)
    assert diff.renamed_milestones == (Renamed("s-http", "Served over HTTP", "Served a model over HTTP"),)
    assert diff.moved_milestones == (MovedMilestone("c-vm", "cloud", "serving"),)
    assert not diff.is_empty
    assert diff.describe() == [
        "removed area 'cloud'",
        "removed milestone 's-batch'",
        "renamed area 'serving': 'Serving' → 'Model serving'",
        "retitled milestone 's-http': 'Served over HTTP' → 'Served a model over HTTP'",
        "moved milestone 'c-vm' from area 'cloud' to 'serving'",
        "added area 'mlops'",
        "added milestone 'cli-ssh'",
        "added milestone 'm-shadow'",
    ]


def test_diff_ignores_changes_that_keep_ids_and_names() -> None:
    old = _roadmap(_area("serving", "Serving", ("s-http", "Served")), _area("cli", "CLI", ("cli-pipe", "Piped")))
    reordered = Roadmap(
        "demo",
        "A new title",
        "A new description",
        2,
        (
            Area("cli", "CLI", "#000000", "desc", (Milestone("cli-pipe", "Piped", "new evidence"),)),
            Area(
                "serving", "Serving", None, "", (Milestone("s-http", "Served", "", (Resource("r", "https://x.org"),)),)
            ),
        ),
    )
    assert diff_roadmaps(old, reordered).is_empty


def test_diff_of_everything_replaced() -> None:
    old = _roadmap(_area("aa", "A", ("a1", "One")))
    new = _roadmap(_area("bb", "B", ("b1", "One")))
    diff = diff_roadmaps(old, new)
    assert (diff.removed_areas, diff.added_areas) == (("aa",), ("bb",))
    assert (diff.removed_milestones, diff.added_milestones) == (("a1",), ("b1",))
    assert diff.renamed_areas == diff.renamed_milestones == diff.moved_milestones == ()


def test_dataclasses_are_frozen_and_accept_lists() -> None:
    area = Area("ab", "A", None, "", [Milestone("m1", "T", "", [Resource("r", "https://x.org")])])  # type: ignore[arg-type]
    assert isinstance(area.milestones, tuple)
    assert isinstance(area.milestones[0].resources, tuple)
    with pytest.raises(AttributeError):
        area.name = "B"  # type: ignore[misc]
    assert hash(_roadmap(area)) == hash(_roadmap(area))
