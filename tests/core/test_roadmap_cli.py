"""The roadmap, milestone and stats commands as a person runs them: real processes, exit codes, one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from journal.db import open_journal
from journal.entries import create_entry

ROOT = Path(__file__).resolve().parents[2]
SMALL = """\
id: small
title: Small roadmap
areas:
  - id: serving
    name: Model serving
    milestones:
      - id: serving-http
        title: Served a model over HTTP
      - id: serving-batching
        title: Batched requests
"""


def tb(home: Path, *args: str, tz: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    if tz:
        env["TZ"] = tz
    return subprocess.run(
        [sys.executable, "-m", "journal", *args, "--home", str(home)],
        capture_output=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def tb_all(home: Path, *commands: tuple[str, ...]) -> list[subprocess.CompletedProcess[str]]:
    """Independent commands (read-only or refused ones) run side by side, to keep the suite quick."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda args: tb(home, *args), commands))


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def fails(result: subprocess.CompletedProcess[str], fragment: str, code: int = 1, lines: int = 1) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    if code == 1:
        assert result.stderr.startswith("trailbook: error: ")
        assert result.stderr.count("\n") == lines, result.stderr  # one line, unless it lists several problems
    assert fragment in result.stderr


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A journal with three entries on the last three days (two tagged serving, one tagged testing)."""
    home = tmp_path / "home"
    today = dt.date.today()
    with open_journal(home) as journal:
        for back, tags in ((0, ["serving"]), (1, ["Serving", "testing"]), (2, [])):
            create_entry(journal, f"entry {back} with five words", tags=tags, day=today - dt.timedelta(days=back))
    return home


def entry_ids(home: Path) -> list[str]:
    return [e["id"] for e in json.loads(ok(tb(home, "list", "--json")))]


def test_list_show_and_stats(home: Path) -> None:
    assert ok(tb(home, "roadmap", "list")).startswith("* research-to-mle  From research to ML engineering")
    listed = json.loads(ok(tb(home, "roadmap", "list", "--json")))
    assert [(r["id"], r["active"], r["done"], r["progress"]) for r in listed] == [("research-to-mle", True, 0, 0)]
    assert json.loads(ok(tb(home, "roadmap", "--json"))) == listed

    shown = json.loads(ok(tb(home, "roadmap", "show", "--json")))
    assert (shown["id"], shown["title"]) == ("research-to-mle", "From research to ML engineering")
    serving = next(a for a in shown["areas"] if a["id"] == "serving")
    assert (serving["name"], serving["progress"], serving["evidence_count"], serving["words"]) == (
        "Model serving", 0, 2, 10,
    )  # fmt: skip
    assert {m["state"] for a in shown["areas"] for m in a["milestones"]} == {"todo"}
    assert set(serving["milestones"][0]) >= {"id", "title", "state", "done_on", "evidence"}
    text = ok(tb(home, "roadmap", "show", "research-to-mle"))
    assert "Model serving" in text and "[ ] serving-http-service" in text
    fails(tb(home, "roadmap", "show", "nope"), "no roadmap with id 'nope' is installed (installed: research-to-mle)")

    stats = json.loads(ok(tb(home, "stats", "--json")))
    assert (stats["current_streak"], stats["longest_streak"], stats["entries"], stats["words"]) == (3, 3, 3, 15)
    assert {a["id"]: a["entries"] for a in stats["areas"]}["serving"] == 2
    month = dt.date.today().isoformat()[:7]
    assert stats["months"][-1]["month"] == month
    text = ok(tb(home, "stats"))
    assert "Current streak: 3 days" in text and "Model serving" in text


def test_import_export_use_and_revise(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "small.yaml"
    source.write_text(SMALL, encoding="utf-8")
    ok(tb(home, "roadmap", "list"))  # installs the built-in roadmap, the active one
    out = ok(tb(home, "roadmap", "import", str(source)))
    assert "Installed Small roadmap (small): 1 area, 2 milestones." in out and "roadmap use small" in out
    exported = tmp_path / "exported.yaml"
    ok(tb(home, "roadmap", "export", "small", str(exported)))
    assert exported.read_text(encoding="utf-8") == SMALL
    fails(tb(home, "roadmap", "export", "nope", str(exported)), "no roadmap with id 'nope'")
    ok(tb(home, "roadmap", "use", "small"))
    assert ok(tb(home, "roadmap", "list")).splitlines()[1].startswith("* small")
    fails(tb(home, "roadmap", "use", "nope"), "no roadmap with id 'nope'")

    ok(tb(home, "milestone", "link", "serving-batching", entry_ids(home)[0][:8]))
    ok(tb(home, "milestone", "done", "serving-batching", "--date", "2026-01-05"))
    source.write_text(SMALL.replace(
        "      - id: serving-batching\n        title: Batched requests\n", ""
    ).replace("Served a model over HTTP", "Served a model"), encoding="utf-8")  # fmt: skip
    revised = json.loads(ok(tb(home, "roadmap", "import", str(source), "--json")))
    assert revised["removed_milestones"] == ["serving-batching"]
    assert revised["kept"] == [
        {"milestone": "serving-batching", "state": "done", "done_on": "2026-01-05", "evidence": 1}
    ]
    source.write_text(SMALL, encoding="utf-8")
    out = ok(tb(home, "roadmap", "import", str(source)))
    assert "added milestone 'serving-batching'" in out
    shown = json.loads(ok(tb(home, "roadmap", "show", "--json")))
    assert shown["areas"][0]["milestones"][1]["state"] == "done"  # back with its progress
    assert "already up to date" in ok(tb(home, "roadmap", "import", str(source)))


def test_a_broken_roadmap_is_refused_with_its_precise_message(home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMALL.replace("name: Model serving", 'name: Model serving\n    colour: "blue"'), encoding="utf-8")
    fails(tb(home, "roadmap", "import", str(broken)), "broken.yaml:6: areas[0].colour: bad colour 'blue'")
    broken.write_text(SMALL.replace("name: Model serving", "nmae: Model serving"), encoding="utf-8")
    result = tb(home, "roadmap", "import", str(broken))
    fails(result, "2 problems in the roadmap broken.yaml:", lines=3)  # roadmap_format lists every problem
    assert "broken.yaml:5: areas[0].nmae: unknown field; did you mean 'name'?" in result.stderr
    assert [r["id"] for r in json.loads(ok(tb(home, "roadmap", "list", "--json")))] == ["research-to-mle"]
    fails(tb(home, "roadmap", "import", str(tmp_path / "missing.yaml")), "missing.yaml: cannot read the file")


def test_milestone_commands(home: Path) -> None:
    ids = entry_ids(home)
    out = ok(tb(home, "milestone", "link", "serving-http-service", ids[0][:6]))
    assert out.startswith("Linked entry 0 with five words") and out.rstrip().endswith("it is in progress.")
    assert "already" in ok(tb(home, "milestone", "link", "serving-http-service", ids[0]))
    linked = json.loads(ok(tb(home, "milestone", "link", "serving-http-service", ids[1], "--json")))
    assert (linked["state"], linked["entry"], linked["changed"]) == ("doing", ids[1], True)
    done = json.loads(ok(tb(home, "milestone", "done", "serving-http-service", "--json")))
    assert (done["state"], done["done_on"]) == ("done", dt.date.today().isoformat())
    ok(tb(home, "milestone", "done", "testing-ci", "--date", "yesterday"))
    shown = json.loads(ok(tb(home, "roadmap", "show", "--json")))
    serving = next(a for a in shown["areas"] if a["id"] == "serving")
    first = serving["milestones"][0]
    assert (first["state"], sorted(first["evidence"]), serving["progress"]) == ("done", sorted(ids[:2]), 20)
    assert "Marked serving-http-service as todo." in ok(tb(home, "milestone", "todo", "serving-http-service"))
    ok(tb(home, "milestone", "unlink", "serving-http-service", ids[0]))
    refused = {
        ("milestone", "unlink", "serving-http-service", ids[0]): "is not linked to milestone",
        ("milestone", "done", "serving-http-servic"): "did you mean 'serving-http-service'?",
        ("milestone", "todo", "nope"): "no milestone 'nope' in the active roadmap",
        ("milestone", "link", "nope", ids[0]): "no milestone 'nope' in the active roadmap",
        ("milestone", "link", "serving-container", "ffffffff"): "no entry with id 'ffffffff'",
        ("milestone", "unlink", "serving-container", "zz"): "no entry with id 'zz'",
        ("milestone", "done", "serving-container", "--date", "14/03/2026"): "bad date '14/03/2026'",
        ("milestone", "done", "serving-container", "--date", "2999-01-01"): "is in the future",
    }
    for result, fragment in zip(tb_all(home, *refused), refused.values(), strict=True):
        fails(result, fragment)


def test_targets(home: Path) -> None:
    assert "Target for serving: 2030-01-31." in ok(tb(home, "roadmap", "target", "serving", "2030-01-31"))
    shown = json.loads(ok(tb(home, "roadmap", "show", "--json")))
    serving = next(a for a in shown["areas"] if a["id"] == "serving")
    assert (serving["target"], serving["pace"]["status"]) == ("2030-01-31", "no_pace")
    ok(tb(home, "milestone", "done", "serving-http-service"))  # one milestone, today: too early for a pace
    shown = json.loads(ok(tb(home, "roadmap", "show", "--json")))
    pace = next(a for a in shown["areas"] if a["id"] == "serving")["pace"]
    assert (pace["status"], pace["finish"], pace["needs_done"], pace["needs_days"]) == ("too_early", None, 1, 14)
    assert "too early for a pace (it needs 1 more milestone done and 14 more days)" in ok(tb(home, "roadmap", "show"))
    ok(tb(home, "roadmap", "target", "serving", "--clear"))
    missing, wrong = tb_all(home, ("roadmap", "target", "serving"), ("roadmap", "target", "servng", "2030-01-01"))
    fails(missing, "give either a date")
    fails(wrong, "did you mean 'serving'?")


def test_usage_mistakes_exit_2_and_a_missing_journal_exits_1(tmp_path: Path, home: Path) -> None:
    usage = (("milestone",), ("milestone", "done"), ("milestone", "link", "x"), ("roadmap", "show", "a", "b"),
             ("roadmap", "import"), ("stats", "extra"))  # fmt: skip
    for result in tb_all(home, *usage):
        fails(result, "usage:", code=2)
    fails(tb(tmp_path / "nowhere", "roadmap", "list"), "no journal at")
    assert not (tmp_path / "nowhere").exists()


def test_today_is_the_persons_own_day(tmp_path: Path) -> None:
    """An entry written just now at UTC+14 is dated "tomorrow" for someone at UTC-11: for them it is ahead of today,
    so it starts no streak yet; for the writer it is today's entry."""
    home = tmp_path / "tz"
    ok(tb(home, "new", "written on the other side of the date line", tz="Pacific/Kiritimati"))
    east = json.loads(ok(tb(home, "stats", "--json", tz="Pacific/Kiritimati")))
    west = json.loads(ok(tb(home, "stats", "--json", tz="Pacific/Pago_Pago")))
    assert dt.date.fromisoformat(east["today"]) > dt.date.fromisoformat(west["today"])
    assert (east["current_streak"], east["current_streak_start"]) == (1, east["today"])
    assert (west["current_streak"], west["longest_streak"]) == (0, 0)


def test_stats_say_one_day_one_entry_one_word(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "one", tags=["serving"])
    out = tb(home, "stats").stdout
    assert "Current streak: 1 day (since" in out and "Longest streak: 1 day (" in out
    assert "Written: 1 entry, 1 word on 1 day" in out
