"""Search and listing benchmarks of the journal core (issue 13: faster than every peer at every size).

    TRAILBOOK_BENCH_DATA=/tmp/trailbook-bench python bench/bench_search.py --size 100000 --runs 3 --rounds 15

Each query runs in-process through ``journal.search.search`` (top 50 with snippets) and, interleaved with it, as the
raw FTS5 query it stands on, on a plain ``sqlite3`` connection to the same file: bm25 + ``snippet()`` over
``entries_fts`` for words, bm25 over ``entries_trigram`` for Chinese, Japanese and Thai (contentless: no snippet), the
trigram vocabulary's occurrences for one- and two-character words. Figures are the median of the per-run medians and
their range over ``--runs`` runs of ``--rounds`` interleaved rounds each (the machine is shared: compare within a run).
Then one 50 MB entry with ten million matches of a word (raw side: bm25 without a snippet, which never finishes),
listing the newest 200 entries, and the size of each index.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import interleaved
from generate import ensure_home

from journal.db import open_journal
from journal.entries import create_entry, list_entries
from journal.search import search

RAW_WORDS = (
    "SELECT rowid, bm25(entries_fts, 8, 1), snippet(entries_fts, -1, '[', ']', '…', 14) "
    "FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rank LIMIT 50"
)
RAW_TRIGRAM = (
    "SELECT rowid, bm25(entries_trigram, 8, 1) FROM entries_trigram WHERE entries_trigram MATCH ? "
    "ORDER BY rank LIMIT 50"
)
RAW_SHORT = (
    "SELECT doc, count(*) AS n FROM entries_trigram_instance WHERE term >= ?1 AND term < ?1 || char(1114111) "
    "GROUP BY doc ORDER BY n DESC LIMIT 50"
)
RAW_NO_SNIPPET = (
    "SELECT rowid, bm25(entries_fts, 8, 1) FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rank LIMIT 50"
)

# label: (Trailbook query, raw query, raw SQL)
QUERIES = {
    "rare word (zeitgeber, ~60 entries)": ("zeitgeber", "zeitgeber", RAW_WORDS),
    "one-entry word (54321)": ("54321", "54321", RAW_WORDS),
    "topic word (latency)": ("latency", "latency", RAW_WORDS),
    "near-universal word (the)": ("the", "the", RAW_WORDS),
    "two words": ("drift retraining", "drift AND retraining", RAW_WORDS),
    "phrase": ('"concept drift"', '"concept drift"', RAW_WORDS),
    "two-letter prefix (da*)": ("da*", "da*", RAW_WORDS),
    "two-letter prefix (de*)": ("de*", "de*", RAW_WORDS),
    "three-letter prefix (pro*)": ("pro*", "pro*", RAW_WORDS),
    "prefix (deploy*)": ("deploy*", "deploy*", RAW_WORDS),
    "tag + word (raw: no tag)": ("tag:serving latency", "latency", RAW_WORDS),
    "Chinese word (梯度下降)": ("梯度下降", '"梯度下降"', RAW_TRIGRAM),
    "Chinese rare word (柯尔莫哥洛夫)": ("柯尔莫哥洛夫", '"柯尔莫哥洛夫"', RAW_TRIGRAM),
    "Chinese two characters (模型)": ("模型", "模型", RAW_SHORT),
    "Chinese one character (的)": ("的", "的", RAW_SHORT),
    "Japanese word (勾配降下法)": ("勾配降下法", '"勾配降下法"', RAW_TRIGRAM),
    "Japanese two characters (学習)": ("学習", "学習", RAW_SHORT),
    "Thai word (ข้อมูล)": ("ข้อมูล", '"ข้อมูล"', RAW_TRIGRAM),
    "Chinese word + English word": ("梯度下降 latency", '"梯度下降"', RAW_TRIGRAM),
}


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} ({min(values):.1f}–{max(values):.1f})"


def bench_queries(journal_home: Path, runs: int, rounds: int, only: str = "") -> None:
    journal = open_journal(journal_home, create=False, full_check=False)
    raw = sqlite3.connect(f"file:{journal_home / 'journal.db'}?mode=ro", uri=True)
    print(f"{'query':<36} {'results':>7} {'Trailbook ms':>20} {'raw FTS5 ms':>20} {'ratio':>17}")
    for label, (query, raw_query, raw_sql) in QUERIES.items():
        if only not in label:
            continue
        count = len(search(journal, query, limit=50))
        ours, floor, ratios = [], [], []
        for _ in range(runs):
            medians = interleaved(
                {
                    "ours": lambda q=query: search(journal, q, limit=50),
                    "raw": lambda q=raw_query, s=raw_sql: raw.execute(s, (q,)).fetchall(),
                },
                rounds=rounds,
            )
            ours.append(medians["ours"])
            floor.append(medians["raw"])
            ratios.append(medians["ours"] / medians["raw"])
        ratio = f"{statistics.median(ratios):5.2f} ({min(ratios):.2f}–{max(ratios):.2f})"
        print(f"{label:<36} {count:>7} {spread(ours):>20} {spread(floor):>20} {ratio:>17}", flush=True)
    listing = [
        interleaved({"list": lambda: list_entries(journal, limit=200)}, rounds=rounds)["list"] for _ in range(runs)
    ]
    print(f"list the newest 200 entries: {spread(listing)} ms")
    sizes = raw.execute(
        "SELECT CASE WHEN name LIKE 'entries_fts%' THEN 'entries_fts (words, prefix 2 3)' "
        "WHEN name LIKE 'entries_trigram%' THEN 'entries_trigram (Thai/CJK entries)' ELSE 'the rest' END, "
        "sum(pgsize) FROM dbstat GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall()
    free = raw.execute("PRAGMA freelist_count").fetchone()[0] * raw.execute("PRAGMA page_size").fetchone()[0]
    print(
        "file: "
        + ", ".join(f"{name} {size / 1e6:.0f} MB" for name, size in sizes)
        + f", free pages {free / 1e6:.0f} MB"
    )
    raw.close()
    journal.close()


def bench_huge_entry(runs: int, rounds: int) -> None:
    """One 50 MB entry: a word ten million times, and a word once at its very end."""
    with (
        tempfile.TemporaryDirectory(prefix="trailbook-bench-50mb-") as tmp,
        open_journal(Path(tmp) / "home") as journal,
    ):
        body = "data " * 10_000_000 + "needlefinale at the end\n"
        create_entry(journal, body, title="Huge")
        create_entry(journal, "a small neighbour with data")
        raw = sqlite3.connect(f"file:{journal.paths.db}?mode=ro", uri=True)
        for label, query in (
            ("word with 10M matches (data)", "data"),
            ("word at the end (needlefinale)", "needlefinale"),
        ):
            ours, floor = [], []
            for _ in range(runs):
                medians = interleaved(
                    {
                        "ours": lambda q=query: search(journal, q, limit=50),
                        "raw": lambda q=query: raw.execute(RAW_NO_SNIPPET, (q,)).fetchall(),
                    },
                    rounds=rounds,
                    warmup=1,
                )
                ours.append(medians["ours"])
                floor.append(medians["raw"])
            print(f"50 MB entry, {label:<32} Trailbook {spread(ours)} ms, raw bm25 without snippet {spread(floor)} ms")
        raw.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--skip-huge", action="store_true", help="leave out the 50 MB entry")
    parser.add_argument("--only", default="", help="run only the queries whose label holds this text")
    args = parser.parse_args()
    home, _ = ensure_home(args.size)
    print(f"journal: {args.size} entries ({(home / 'journal.db').stat().st_size / 1e6:.0f} MB), {home}")
    bench_queries(home, args.runs, args.rounds, args.only)
    if not args.skip_huge:
        bench_huge_entry(args.runs, max(3, args.rounds // 5))


if __name__ == "__main__":
    main()
