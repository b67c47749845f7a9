"""Command-line benchmarks: whole processes, as a person (or a script) runs them.

    .venv/bin/python bench/bench_cli.py [--rounds 15] [--skip-import]

(a) ``trailbook new TEXT`` against ``python -c "import sqlalchemy.orm"`` (the floor any ORM-based CLI pays);
    target: within 1.5x.
(b) ``trailbook search WORD --json`` on the 30k-entry journal against the 1k-entry one; target: within 1.3x.
(c) importing 100k entries from JSON; target: 60 s or less (``ensure_home`` builds it once and reports the time; with a
    cached journal the import is re-run into a fresh folder here).

Both ``.venv/bin/trailbook`` (the console script) and ``python -m journal`` are measured. Medians over interleaved
runs (``common.interleaved``), so machine noise hits every case alike.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, interleaved, run_process
from generate import ensure_home, json_path

SCRIPT = str(Path(PYTHON).with_name("trailbook"))
# Two ways Python may start: without a bytecode cache for our own modules (this sandbox sets PYTHONDONTWRITEBYTECODE,
# so the editable checkout is compiled on every run while site-packages come precompiled), and with every module's
# bytecode cached, as after `pip install` (a private cache folder, so the checkout itself is left alone).
NO_CACHE = {"NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
CACHED = {
    "NO_COLOR": "1",
    "PYTHONDONTWRITEBYTECODE": "",
    "PYTHONPYCACHEPREFIX": str(ROOT / "bench" / "data" / "pycache"),
}
ENV = CACHED
SEARCH_WORDS = ("kolmogorov", "latency", "the")  # rare, topical, in nearly every entry (the common-term window)


def row(label: str, ms: float, baseline: float | None = None, target: float | None = None) -> str:
    ratio = f"{ms / baseline:5.2f}x" if baseline else "      "
    verdict = "" if target is None or baseline is None else ("  ok" if ms / baseline <= target else "  MISSED")
    return f"  {label:<52} {ms:9.1f} ms  {ratio}{verdict}"


def bench_new(rounds: int) -> list[str]:
    lines = ["(a) adding an entry, whole process (target: within 1.5x of importing sqlalchemy.orm)"]
    for mode, env in (("bytecode cached", CACHED), ("no bytecode cache for journal/", NO_CACHE)):
        home = Path(tempfile.mkdtemp(prefix="trailbook-bench-new-"))
        try:
            run_process([SCRIPT, "new", "warm-up entry", "--home", str(home)], env=env)  # create the journal once
            counter = iter(range(1_000_000))

            def new_with(
                program: list[str], env: dict[str, str] = env, home: Path = home, counter: object = counter
            ) -> None:
                number = next(counter)  # type: ignore[call-overload]
                run_process([*program, "new", f"benchmark entry {number}", "--home", str(home)], env=env)

            medians = interleaved(
                {
                    "import": lambda env=env: run_process([PYTHON, "-c", "import sqlalchemy.orm"], env=env),
                    "pass": lambda env=env: run_process([PYTHON, "-c", "pass"], env=env),
                    "script": lambda: new_with([SCRIPT]),
                    "module": lambda: new_with([PYTHON, "-m", "journal"]),
                    "version": lambda env=env: run_process([SCRIPT, "--version"], env=env),
                },
                rounds=rounds,
                warmup=2,
            )
        finally:
            shutil.rmtree(home, ignore_errors=True)
        base = medians["import"]
        lines += [
            f" {mode}:",
            row("python -c pass", medians["pass"], base),
            row('python -c "import sqlalchemy.orm"', base, base),
            row("trailbook --version", medians["version"], base),
            row("trailbook new TEXT", medians["script"], base, 1.5),
            row("python -m journal new TEXT", medians["module"], base, 1.5),
        ]
    return lines


def bench_search(rounds: int) -> list[str]:
    small, _ = ensure_home(1_000)
    large, _ = ensure_home(30_000)
    lines = ["(b) searching, whole process, 30k-entry vs 1k-entry journal (target: within 1.3x)"]
    for word in SEARCH_WORDS:
        cases = {}
        for size, home in (("1k", small), ("30k", large)):
            for name, program in (("trailbook", [SCRIPT]), ("python -m journal", [PYTHON, "-m", "journal"])):
                argv = [*program, "search", word, "--json", "--home", str(home)]
                cases[f"{name} search {word} --json ({size})"] = lambda a=argv: run_process(a, env=ENV)
        medians = interleaved(cases, rounds=rounds, warmup=1)
        for name in ("trailbook", "python -m journal"):
            base = medians[f"{name} search {word} --json (1k)"]
            lines.append(row(f"{name} search {word} --json (1k)", base, base))
            lines.append(
                row(f"{name} search {word} --json (30k)", medians[f"{name} search {word} --json (30k)"], base, 1.3)
            )
    return lines


def bench_import() -> list[str]:
    _, built = ensure_home(100_000)
    if built is None:  # cached: import again into a fresh folder, through the command line
        target = Path(tempfile.mkdtemp(prefix="trailbook-bench-import-")) / "home"
        try:
            started = time.perf_counter()
            run_process([SCRIPT, "import", str(json_path(100_000)), "--home", str(target)], env=ENV)
            built = time.perf_counter() - started
        finally:
            shutil.rmtree(target.parent, ignore_errors=True)
        how = "trailbook import journal-100000.json (whole process, fresh journal)"
    else:
        how = "ensure_home(100000): import_json into a fresh journal"
    verdict = "ok" if built <= 60 else "MISSED"
    size_mb = json_path(100_000).stat().st_size / 1e6
    return [
        f"(c) importing 100k entries from JSON ({size_mb:.0f} MB) (target: 60 s or less)",
        f"  {how:<52} {built:9.1f} s    {verdict}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--skip-import", action="store_true", help="leave out (c), which takes a minute")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {ROOT}")
    for line in bench_new(args.rounds):
        print(line, flush=True)
    for line in bench_search(args.rounds):
        print(line, flush=True)
    if not args.skip_import:
        for line in bench_import():
            print(line, flush=True)


if __name__ == "__main__":
    main()
