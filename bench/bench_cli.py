"""Command-line benchmarks, side by side with jrnl: whole processes, as a person (or a script) runs them.

    .venv/bin/python bench/bench_cli.py [--sizes 1000 10000 100000] [--rounds 11] [--big-rounds 1]
                                        [--only start commands json] [--peer-json-upto N]

Both tools get the same entries: bench/generate.py's ``journal-N.json`` is imported into Trailbook and written as
jrnl's plain-text journal (same days, times, titles, bodies and tags; jrnl 4.6 from the [test] extra, its config in a
private ``XDG_CONFIG_HOME``). The cases of one size run interleaved, round by round, so machine noise hits both tools
alike; each line gives the median and the [fastest–slowest] round, and the ratio of the medians.

(a) start-up: ``--version`` of both (and ``python -c pass``, the floor).
(b) at each size, Trailbook against jrnl:
    list      ``trailbook list`` (the newest 50) / ``jrnl -n 50 --short``      target at 1k: ≤ 0.6x jrnl
    search    ``trailbook search WORD`` (top 20, with snippets) / ``jrnl -contains WORD -n 20 --short``  ≤ 0.6x
    new       ``trailbook new TEXT`` / ``jrnl TEXT`` (each on its own copy of the journal)       ≤ 0.8x
    and at 10k and 100k the lead stays (ratio below 1). jrnl's ``--short`` is its cheapest output.
(c) the whole journal as JSON: ``trailbook list --json --limit 0`` / ``jrnl --format json``, with each process's
    peak memory (target at 100k: ≤ 5 s, memory flat in the journal's size).
Importing is measured by bench/bench_transfer.py.

Sizes of 100k run ``--big-rounds`` rounds and no warm-up round (jrnl takes half a minute to twenty per command there).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, interleaved_samples, run_process
from generate import DATA, ensure_home, ensure_json

SCRIPT = str(Path(PYTHON).with_name("trailbook"))
JRNL = str(Path(PYTHON).with_name("jrnl"))
# Every module's bytecode cached, as after `pip install` (this sandbox sets PYTHONDONTWRITEBYTECODE, so the editable
# checkout would otherwise be compiled on every run while site-packages come precompiled): a private cache folder,
# the same for both tools, so the checkout itself is left alone.
# PYTHONPATH: Trailbook's processes run the tree this script is in (also a copy beside the installed checkout).
ENV = {"NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(DATA / "pycache"),
       "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}  # fmt: skip
SEARCH_WORDS = ("kolmogorov", "latency")  # a rare word, a topical one
TARGETS = {"list": 0.6, "search": 0.6, "new": 0.8}
PARTS = ("start", "commands", "json")
JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '@'
template: false
timeformat: '%F %r'
version: '4.6'
"""


# --- the peer's journal: the same entries as jrnl's plain text ------------------------------------------------------


def jrnl_text(entries: list[dict]) -> str:  # type: ignore[type-arg]
    """jrnl's journal file: ``[YYYY-MM-DD HH:MM:SS AM] Title`` then the body, each tag as ``@tag`` on a last line,
    oldest first (as jrnl keeps it). The time is the entry's creation time of day, on its journal day."""
    out = []
    for e in sorted(entries, key=lambda e: (e["date"], e["created"])):
        created = dt.datetime.fromisoformat(e["created"].replace("Z", "+00:00")).time().replace(microsecond=0)
        when = dt.datetime.combine(dt.date.fromisoformat(e["date"]), created)
        tags = " ".join("@" + t.replace(" ", "-") for t in e["tags"])
        out.append(f"[{when.strftime('%Y-%m-%d %I:%M:%S %p')}] {e['title']}\n{e['body'].rstrip()}\n{tags}\n")
    return "\n".join(out)


def jrnl_journal(count: int) -> Path:
    """The jrnl journal file of ``count`` generated entries (cached beside Trailbook's journal)."""
    path = DATA / f"jrnl-{count}.txt"
    if not path.exists():
        document = json.loads(ensure_json(count).read_text(encoding="utf-8"))
        entries = document["entries"] if isinstance(document, dict) else document
        path.with_suffix(".part").write_text(jrnl_text(entries), encoding="utf-8")
        path.with_suffix(".part").replace(path)
    return path


def jrnl_env(folder: Path, journal: Path) -> dict[str, str]:
    """jrnl's environment: its config (pointing at ``journal``) and data folders inside ``folder``."""
    config = folder / "config" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(JRNL_CONFIG.format(journal=journal), encoding="utf-8")
    return {**ENV, "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data")}


# --- measuring ------------------------------------------------------------------------------------------------------


# Starts the command and reports its peak memory. A child's peak (ru_maxrss) counts the memory of the process it was
# forked from at the moment of exec, so the command is started from this small process, never from the benchmark
# itself (which holds a whole journal's JSON while it writes jrnl's file).
# It times the command too, so its own start is not counted.
_PEAK = (
    "import os, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "elapsed = (time.perf_counter() - started) * 1000\n"
    "open(sys.argv[1], 'w', encoding='utf-8').write(f'{elapsed} {usage.ru_maxrss}')\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_measured(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a process whose output a reader drains as it comes (a pipe, as ``| jq`` would): its milliseconds and its
    peak memory in KB."""
    with tempfile.NamedTemporaryFile(prefix="trailbook-bench-peak-", delete=False) as handle:
        report = Path(handle.name)
    try:
        command = [PYTHON, "-c", _PEAK, str(report), *argv]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env})
        assert proc.stdout is not None and proc.stderr is not None
        while proc.stdout.read(1 << 20):
            pass
        err = proc.stderr.read()
        if proc.wait():
            raise subprocess.CalledProcessError(proc.returncode, argv, stderr=err)
        elapsed, peak = report.read_text(encoding="utf-8").split()
        return float(elapsed), int(peak)
    finally:
        report.unlink(missing_ok=True)


def spread(values: list[float]) -> str:
    median = statistics.median(values)
    unit, scale = ("s", 1000) if median >= 10_000 else ("ms", 1)
    return f"{median / scale:8.1f} {unit:<2} [{min(values) / scale:.1f}–{max(values) / scale:.1f}]"


def row(label: str, values: list[float], peer: list[float] | None = None, target: float | None = None) -> str:
    text = f"  {label:<58} {spread(values):<28}"
    if peer:
        ratio = statistics.median(values) / statistics.median(peer)
        verdict = "" if target is None else ("  ok" if ratio <= target else "  MISSED")
        text += f" {ratio:5.2f}x jrnl{verdict}"
    return text


def bench_start(rounds: int) -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix="trailbook-bench-start-"))
    try:
        peer = jrnl_env(folder, folder / "journal.txt")
        samples = interleaved_samples(
            {
                "pass": lambda: run_process([PYTHON, "-c", "pass"], env=ENV),
                "trailbook": lambda: run_process([SCRIPT, "--version"], env=ENV),
                "jrnl": lambda: run_process([JRNL, "--version"], env=peer),
            },
            rounds=rounds,
            warmup=2,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        "(a) start-up",
        row("python -c pass", samples["pass"]),
        row("jrnl --version", samples["jrnl"]),
        row("trailbook --version", samples["trailbook"], samples["jrnl"]),
    ]


def bench_size(count: int, rounds: int, warmup: int) -> list[str]:
    """list, search and new of both tools on the same ``count`` entries, interleaved."""
    home, _ = ensure_home(count)
    folder = Path(tempfile.mkdtemp(prefix=f"trailbook-bench-{count}-"))
    try:
        peer = jrnl_env(folder / "read", jrnl_journal(count))
        # Writers get copies, so the cached journals stay as generated.
        shutil.copy2(jrnl_journal(count), folder / "write.txt")
        writer = jrnl_env(folder / "write", folder / "write.txt")
        (folder / "home").mkdir()
        shutil.copy2(home / "journal.db", folder / "home" / "journal.db")
        counter = iter(range(1_000_000))
        cases: dict[str, Callable[[], object]] = {
            "trailbook list": lambda: run_process([SCRIPT, "list", "--home", str(home)], env=ENV),
            "jrnl list": lambda: run_process([JRNL, "-n", "50", "--short"], env=peer),
        }
        for word in SEARCH_WORDS:
            cases[f"trailbook search {word}"] = lambda w=word: run_process(
                [SCRIPT, "search", w, "--home", str(home)], env=ENV
            )
            cases[f"jrnl search {word}"] = lambda w=word: run_process(
                [JRNL, "-contains", w, "-n", "20", "--short"], env=peer
            )
        cases["trailbook new"] = lambda: run_process(
            [SCRIPT, "new", f"benchmark entry {next(counter)}", "--home", str(folder / "home")], env=ENV
        )
        cases["jrnl new"] = lambda: run_process([JRNL, f"benchmark entry {next(counter)}"], env=writer)
        if warmup == 0:  # no warm-up round for the peer: bring Trailbook's files and bytecode into the cache
            run_process([SCRIPT, "new", "warm-up entry", "--home", str(folder / "home")], env=ENV)
            run_process([SCRIPT, "search", SEARCH_WORDS[0], "--home", str(home)], env=ENV)
        samples = interleaved_samples(cases, rounds=rounds, warmup=warmup)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    target = TARGETS if count <= 1_000 else dict.fromkeys(TARGETS, 1.0)
    lines = [f"(b) {count:,} entries ({rounds} round{'s' if rounds != 1 else ''}; target: the ratio of the medians)"]
    lines.append(row("trailbook list", samples["trailbook list"], samples["jrnl list"], target["list"]))
    lines.append(row("jrnl -n 50 --short", samples["jrnl list"]))
    for word in SEARCH_WORDS:
        mine, theirs = samples[f"trailbook search {word}"], samples[f"jrnl search {word}"]
        lines.append(row(f"trailbook search {word}", mine, theirs, target["search"]))
        lines.append(row(f"jrnl -contains {word} -n 20 --short", theirs))
    lines.append(row("trailbook new TEXT", samples["trailbook new"], samples["jrnl new"], target["new"]))
    lines.append(row("jrnl TEXT", samples["jrnl new"]))
    return lines


def bench_json(count: int, rounds: int, warmup: int, *, peer: bool = True) -> list[str]:
    """The whole journal as JSON, drained from a pipe as it comes, with each process's peak memory."""
    home, _ = ensure_home(count)
    folder = Path(tempfile.mkdtemp(prefix=f"trailbook-bench-json-{count}-"))
    samples: dict[str, list[float]] = {"trailbook": [], "jrnl": []}
    memory = dict.fromkeys(samples, 0)
    try:
        cases = {
            "trailbook": ([SCRIPT, "list", "--json", "--limit", "0", "--home", str(home)], ENV),
            "jrnl": ([JRNL, "--format", "json"], jrnl_env(folder, jrnl_journal(count))),
        }
        if not peer:
            del cases["jrnl"]
        for _ in range(warmup):
            for argv, env in cases.values():
                run_measured(argv, env)
        if warmup == 0:  # no warm-up round for the peer: bring Trailbook's files and bytecode into the cache
            run_measured(*cases["trailbook"])
        for _ in range(rounds):  # interleaved, as common.interleaved_samples runs its cases
            for name, (argv, env) in cases.items():
                ms, peak = run_measured(argv, env)
                samples[name].append(ms)
                memory[name] = max(memory[name], peak)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    size_mb = (home / "journal.db").stat().st_size / 1e6
    seconds = statistics.median(samples["trailbook"]) / 1000
    verdict = "" if count < 100_000 else ("  ok" if seconds <= 5 else "  MISSED")
    mine = f"trailbook list --json --limit 0   {memory['trailbook'] / 1024:6.0f} MB"
    lines = [
        f"(c) {count:,} entries as JSON ({size_mb:.0f} MB journal; peak memory of the process)",
        row(mine, samples["trailbook"], samples["jrnl"] or None) + verdict,
    ]
    if peer:
        lines.append(row(f"jrnl --format json               {memory['jrnl'] / 1024:6.0f} MB", samples["jrnl"]))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=11, help="rounds below 100k entries (10k: half as many)")
    parser.add_argument("--big-rounds", type=int, default=1, help="rounds at 100k entries and more")
    parser.add_argument(
        "--peer-json-upto", type=int, default=1_000_000, help="(c): jrnl only up to this size (it takes 15 min at 100k)"
    )
    parser.add_argument("--only", nargs="+", choices=PARTS, default=PARTS, help="run only these parts: (a), (b), (c)")
    args = parser.parse_args()
    jrnl_version = subprocess.run([JRNL, "--version"], capture_output=True, encoding="utf-8", check=False).stdout
    print(f"python {sys.version.split()[0]}, {ROOT}; {jrnl_version.strip().splitlines()[0] if jrnl_version else ''}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    if "start" in args.only:
        for line in bench_start(args.rounds):
            print(line, flush=True)
    for count in args.sizes:
        rounds = args.big_rounds if count >= 100_000 else args.rounds if count <= 1_000 else max(3, args.rounds // 2)
        warmup = 0 if count >= 100_000 else 1
        if "commands" in args.only:
            for line in bench_size(count, rounds, warmup):
                print(line, flush=True)
        if "json" in args.only:
            for line in bench_json(count, rounds, warmup, peer=count <= args.peer_json_upto):
                print(line, flush=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
