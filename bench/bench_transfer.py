"""Export and import at size: the markdown export against the JSON export (target: within 1.5×), and the import of
a whole journal from each (target: 100,000 entries in at most 30 s).

    python bench/bench_transfer.py 100000 --rounds 3
    python bench/bench_transfer.py 100000 --rounds 1 --only "json import"     # one case (from a copy of each build)

Each round runs every case in turn (noise hits them alike); medians and ranges are printed. Two floors measure what
the disk alone costs the markdown export, with the round's export as their input: ``file floor`` creates the same
files with no fsync (no durability), ``durable floor`` with the export's own writer (every file fsynced), neither
making any text. The source journal comes from bench/generate.py (cached); exports and the imported journals go to a
temporary folder, removed at the end. Before each timed case the disk is let settle (``os.sync()`` and a pause of
``--settle`` seconds), so a case does not pay for the writes of the one before it; earlier exports are set aside,
not removed, until the end (``set_aside``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_durable import FREED_RECENTLY, create_files, set_aside, settle
from bench.generate import ensure_home
from journal.db import open_journal
from journal.jobs import run
from journal.transfer.durable import CHUNK, THREADS, FileSyncer
from journal.transfer.importer import import_source
from journal.transfer.jsonfile import export_json
from journal.transfer.markdownfiles import export_markdown

CASES = ["json export", "markdown export", "file floor", "durable floor", "json import", "markdown import"]


def file_floor(export: Path, target: Path, *, durable: bool = False) -> tuple[float, float]:
    """The markdown export's floor on this disk: the same files (names and bytes, read into memory first, untimed)
    created in a new folder, seconds of wall clock and of this process's CPU. ``durable=False``: by the export's pool
    of threads with no fsync at all (no durability); ``durable=True``: by the export's own writer
    (``journal.transfer.durable.FileSyncer``: each file fsynced, then the folders), with no text to make."""
    files = [(target / path.relative_to(export), path.read_bytes()) for path in export.rglob("*") if path.is_file()]
    folders = sorted({path.parent for path, _ in files})
    started, cpu = time.perf_counter(), time.process_time()
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    if durable:
        with FileSyncer() as syncer:
            for path, data in files:
                syncer.write(path, data)
            syncer.finish(folders)
    else:
        chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(create_files, chunks))
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, nargs="?", default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=CASES, default=CASES, help="run only these cases")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to let the disk settle before each case")
    args = parser.parse_args()
    home, _ = ensure_home(args.size)
    work = Path(tempfile.mkdtemp(prefix="trailbook-bench-transfer-"))
    settle(max(args.settle, FREED_RECENTLY))  # after a run before this one removed its files
    cpu_samples: dict[str, list[float]] = {}  # this process's CPU time: less hit by a shared machine's other work
    samples: dict[str, list[float]] = {name: [] for name in args.only}
    try:
        with open_journal(home) as journal:
            for round_no in range(args.rounds):

                def timed(name: str, job) -> None:  # type: ignore[no-untyped-def]
                    settle(args.settle)
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
                        # Into a new place, as the JSON export writes a new file: replacing an earlier export's
                        # 100,000 files would time their removal too.
                        set_aside(path)
                        timed(f"{kind} export", export())
                    elif f"{kind} import" in samples and not path.exists():  # the import reads it: made, untimed
                        run(export())
                for floor in ("file floor", "durable floor"):
                    if floor in samples and (work / "md").exists():
                        settle(args.settle)
                        wall, cpu = file_floor(work / "md", work / "floor", durable=floor == "durable floor")
                        samples[floor].append(wall)
                        cpu_samples.setdefault(floor, []).append(cpu)
                        set_aside(work / "floor")
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
    for floor in ("file floor", "durable floor"):
        if samples.get(floor) and "json export" in samples:
            ratio = [f / j for f, j in zip(samples[floor], samples["json export"], strict=True)]
            print(f"  {floor}/json export  {statistics.median(ratio):.2f}×  ({min(ratio):.2f}–{max(ratio):.2f})")


if __name__ == "__main__":
    main()
