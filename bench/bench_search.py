"""Search and listing benchmarks of the journal core (issue: the journal core).

    python bench/bench_search.py --size 100000

Compares ``journal.search.search`` (top 50, with snippets) with the raw FTS5 bm25 + snippet query run through
``sqlite3`` on the same file in the same process, query by query; and times listing the newest 200 entries.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import interleaved
from generate import ensure_home

from journal.db import open_journal
from journal.entries import list_entries
from journal.search import search

QUERIES = {
    "rare word": ("kolmogorov", "kolmogorov"),
    "topic word": ("latency", "latency"),
    "near-universal word": ("the", "the"),
    "two words": ("drift retraining", "drift AND retraining"),
    "phrase": ('"concept drift"', '"concept drift"'),
    "prefix": ("deploy*", "deploy*"),
    "tag + word": ("tag:serving latency", "latency"),
}
RAW = (
    "SELECT rowid, bm25(entries_fts), snippet(entries_fts, -1, '[', ']', '…', 14) "
    "FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rank LIMIT 50"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    home, _ = ensure_home(args.size)
    journal = open_journal(home, create=False)
    raw = sqlite3.connect(f"file:{home / 'journal.db'}?mode=ro", uri=True)
    print(f"journal: {args.size} entries ({(home / 'journal.db').stat().st_size / 1e6:.0f} MB)")
    print(f"{'query':<22} {'trailbook ms':>13} {'raw FTS5 ms':>12} {'ratio':>6}  results")
    for label, (query, raw_query) in QUERIES.items():
        count = len(search(journal, query, limit=50))
        medians = interleaved(
            {
                "ours": lambda q=query: search(journal, q, limit=50),
                "raw": lambda q=raw_query: raw.execute(RAW, (q,)).fetchall(),
            },
            rounds=args.rounds,
        )
        ratio = medians["ours"] / medians["raw"]
        print(f"{label:<22} {medians['ours']:>13.1f} {medians['raw']:>12.1f} {ratio:>6.2f}  {count}")
    listing = interleaved({"newest 200": lambda: list_entries(journal, limit=200)}, rounds=args.rounds)
    print(f"list newest 200: {listing['newest 200']:.1f} ms")
    journal.close()


if __name__ == "__main__":
    main()
