"""Export and import at size: the markdown export against the JSON export (target: within 1.5×), and the import of
a whole journal from each (target: 100,000 entries in at most 30 s).

    python bench/bench_transfer.py 100000 --rounds 3
    python bench/bench_transfer.py 100000 --rounds 1 --only "json import"     # one case (from a copy of each build)

Each round runs every case in turn (noise hits them alike); medians and ranges are printed. The source journal comes
from bench/generate.py (cached); exports and the imported journals go to a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import ensure_home
from journal.db import open_journal
from journal.jobs import run
from journal.transfer.importer import import_source
from journal.transfer.jsonfile import export_json
from journal.transfer.markdownfiles import export_markdown

CASES = ["json export", "markdown export", "json import", "markdown import"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, nargs="?", default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=CASES, default=CASES, help="run only these cases")
    args = parser.parse_args()
    home, _ = ensure_home(args.size)
    work = Path(tempfile.mkdtemp(prefix="trailbook-bench-transfer-"))
    cpu_samples: dict[str, list[float]] = {}  # this process's CPU time: less hit by a shared machine's other work
    samples: dict[str, list[float]] = {name: [] for name in args.only}
    try:
        with open_journal(home) as journal:
            for round_no in range(args.rounds):

                def timed(name: str, job) -> None:  # type: ignore[no-untyped-def]
                    started, cpu = time.perf_counter(), time.process_time()
                    run(job)
                    samples[name].append(time.perf_counter() - started)
                    cpu_samples.setdefault(name, []).append(time.process_time() - cpu)

                exports = (
                    ("json", work / "journal.json", lambda: export_json(journal, work / "journal.json", force=True)),
                    ("markdown", work / "md", lambda: export_markdown(journal, work / "md", force=True)),
                )
                for kind, path, export in exports:
                    if f"{kind} export" in samples:
                        timed(f"{kind} export", export())
                    elif f"{kind} import" in samples and not path.exists():  # the import reads it: made, untimed
                        run(export())
                for kind, source in (("json", work / "journal.json"), ("markdown", work / "md")):
                    if f"{kind} import" not in samples:
                        continue
                    target = work / f"import-{kind}-{round_no}"
                    with open_journal(target) as fresh:
                        timed(f"{kind} import", import_source(fresh, source))
                    shutil.rmtree(target)
                print(f"round {round_no + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s (cpu {cpu_samples[k][-1]:.1f})"
                      for k, v in samples.items()), flush=True)  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.size} entries, {args.rounds} rounds (median, range; then CPU time, median and range):")
    for name, values in samples.items():
        cpu = cpu_samples[name]
        print(f"  {name:16} {statistics.median(values):6.1f} s  ({min(values):.1f}–{max(values):.1f})   "
              f"cpu {statistics.median(cpu):6.1f} s  ({min(cpu):.1f}–{max(cpu):.1f})")  # fmt: skip
    if "markdown export" in samples and "json export" in samples:
        ratio = [m / j for m, j in zip(samples["markdown export"], samples["json export"], strict=True)]
        print(f"  markdown/json export  {statistics.median(ratio):.2f}×  ({min(ratio):.2f}–{max(ratio):.2f})")


if __name__ == "__main__":
    main()
