"""History size and speed (issue 10): 200 autosaves of small edits to a 10,000-word entry.

    python bench/bench_history.py [--saves 200] [--words 10000]

Measures what History keeps (titles, whole texts and deltas, as stored bytes; and the revisions table's pages with
SQLite's dbstat when this SQLite has it), against what a whole copy per autosave took (the format before schema
0009); the time of one autosave, of reading History (every kept text made whole) and of restoring the oldest version,
each checked byte for byte against the text that was saved.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journal.db import open_journal  # noqa: E402
from journal.entries import create_entry, list_revisions, restore_revision, update_entry  # noqa: E402

WORDS = "the model serving latency batch gradient descent tensor shard cache queue feature store drift".split()  # noqa: SIM905


def text_of(rng: random.Random, words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        n = rng.randint(40, 120)
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(n)) + ".")
        count += n
    return "# Notes on serving\n\n" + "\n\n".join(paragraphs) + "\n"


def edit(rng: random.Random, text: str) -> str:
    """What one autosave saves: a word or two typed somewhere, or a few characters deleted."""
    at = rng.randrange(len(text))
    if rng.random() < 0.7:
        return text[:at] + " " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) + text[at:]
    return text[:at] + text[at + rng.randint(1, 12) :]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--words", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp, open_journal(Path(tmp) / "home") as journal:
        text = text_of(rng, args.words)
        entry = create_entry(journal, text)
        versions = [text]
        times = []
        for _ in range(args.saves):
            text = edit(rng, text)
            start = time.perf_counter()
            entry = update_entry(journal, entry.id, body=text, expected_version=entry.version)
            times.append(time.perf_counter() - start)
            versions.append(text)
        whole_copies = sum(len(v.encode("utf-8")) for v in versions[:-1])
        with journal.snapshot() as con:
            stored = con.execute(
                "SELECT total(length(CAST(title AS BLOB)) + length(CAST(body AS BLOB)) + ifnull(length(delta), 0)), "
                "count(*), total(base_id IS NULL) FROM revisions"
            ).fetchone()
            try:
                pages = con.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'revisions'").fetchone()[0]
            except sqlite3.OperationalError:
                pages = None
        start = time.perf_counter()
        kept = list_revisions(journal, entry.id)
        read_ms = (time.perf_counter() - start) * 1000
        assert [r.body.encode("utf-8") for r in kept] == [v.encode("utf-8") for v in versions[-2::-1]]
        start = time.perf_counter()
        restored = restore_revision(journal, entry.id, kept[-1].id)
        restore_ms = (time.perf_counter() - start) * 1000
        assert restored.body.encode("utf-8") == versions[0].encode("utf-8")
    words = len(versions[0].split())
    print(f"entry: {words:,} words, {len(versions[0].encode()):,} bytes; {args.saves} autosaves of small edits")
    print(f"whole copies (before schema 0009): {whole_copies / 1e6:.1f} MB")
    print(f"kept now: {stored[0] / 1e6:.3f} MB in {int(stored[1])} revisions ({int(stored[2])} whole)")
    if pages is not None:
        print(f"revisions table pages (dbstat): {pages / 1e6:.3f} MB")
    print(f"autosave: median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")
    print(f"History read (all {len(kept)} texts whole): {read_ms:.0f} ms; restore the oldest: {restore_ms:.0f} ms")
    print("every kept version restored byte for byte: yes")


if __name__ == "__main__":
    main()
