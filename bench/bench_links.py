"""Links between entries (issue 14) at journal scale: a journal of N entries in which every third links to three
others and to one entry that does not exist.

    python bench/bench_links.py [--entries 100000]

Measures the CPU time of indexing those links in bulk (what an import of them adds), and the wall-clock medians of
what the app and the command line do: an entry's backlinks and links (``show --json``), the lookups the preview makes
for one entry's text, reading the names typing ``[[`` offers and ranking them for one keystroke, ``check``'s broken
links over the whole journal, an autosave with and without links, and a rename that rewrites the entries linking to
it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journal import links  # noqa: E402
from journal.db import open_journal  # noqa: E402
from journal.entries import get_entry, update_entry  # noqa: E402
from journal.markdown.wikilinks import candidate_targets  # noqa: E402

STAMP = "2024-01-01T00:00:00.000000+00:00"


def median_ms(work: Callable[[], object], runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    n = parser.parse_args().entries
    rng = random.Random(14)
    journal = open_journal(Path(tempfile.mkdtemp(prefix="trailbook-links-")) / "journal")
    titles = [f"Note {i} about topic {i % 977}" for i in range(n)]
    rows = []
    for i, title in enumerate(titles):
        body = "Some words about serving models. " * 12
        if i % 3 == 0:
            body += " ".join(f"[[{titles[rng.randrange(n)]}]]" for _ in range(3)) + f" and [[Missing {i}]].\n"
        rows.append((str(uuid.uuid4()), title, body, "2024-01-01", STAMP, STAMP))
    with journal.writing_sql() as con:
        insert = "INSERT INTO entries (uuid, title, body, day, created, updated) VALUES (?, ?, ?, ?, ?, ?)"
        con.executemany(insert, rows)
        started = time.process_time()
        links.index_pending(con)  # what the import does after each batch
        indexing = time.process_time() - started
    ids = [r[0] for r in rows]
    linked = next(i for i in ids[1:] if links.backlinks(journal, i))
    source = ids[0]
    text = get_entry(journal, source).body
    names = links.name_list(journal)
    from ui.links.completer import rank  # the app's ranking (Qt is imported, nothing is shown)

    print(f"{n:,} entries, {n // 3 + (n % 3 > 0):,} with 4 links each")
    print(f"index their links in bulk (CPU): {indexing:.2f} s")
    print(f"backlinks of an entry: {median_ms(lambda: links.backlinks(journal, linked)):.2f} ms")
    print(f"show --json's links and backlinks: {median_ms(lambda: links.link_ids(journal, source)):.2f} ms")
    lookup = median_ms(lambda: links.resolve_targets(journal, candidate_targets(text), source))
    print(f"the preview's lookups for one entry: {lookup:.2f} ms")
    print(f"names for [[ (read once per [[): {median_ms(lambda: links.name_list(journal), 5):.0f} ms")
    details = lambda ids: links.entries_named(journal, ids)  # noqa: E731
    print(f"rank them for one key ('note 12'): {median_ms(lambda: rank(names, 'note 12', details)):.1f} ms")
    print(f"rank them for one key (''): {median_ms(lambda: rank(names, '', details)):.1f} ms")
    started = time.perf_counter()
    broken = links.broken_links(journal)
    print(f"check's broken links ({len(broken):,}): {time.perf_counter() - started:.2f} s")
    vault_round_trip(journal, rows)
    plain = ids[1]
    counter = iter(range(10**6))
    with_links = median_ms(lambda: update_entry(journal, source, body=f"{text} {next(counter)}"))
    without = median_ms(lambda: update_entry(journal, plain, body=f"plain text {next(counter)}"))
    print(f"autosave: {with_links:.1f} ms with links, {without:.1f} ms without")
    sources = len(links.backlinks(journal, linked))
    rename = median_ms(lambda: update_entry(journal, linked, title=f"Renamed {next(counter)}"), 5)
    print(f"rename rewriting {sources} linking entries: {rename:.1f} ms")
    journal.close()


def vault_round_trip(journal, rows: list[tuple[str, ...]]) -> None:  # type: ignore[no-untyped-def]
    """The markdown export's work on links (where each goes, written to file names) and the import's (the texts
    given back, where each went bound), in processor time, without the files themselves."""
    from journal.transfer.markdownfiles import safe_file_name
    from journal.transfer.vault_links import file_stems, from_vault, vault_files, vault_text

    form = [{"id": r[0], "title": r[1], "body": r[2], "deleted": None} for r in rows]
    taken: set[str] = set()
    names = [safe_file_name(entry["title"], taken) for entry in form]
    started = time.process_time()
    stems = file_stems(journal, form, names)
    written = {e["id"]: vault_text(e["body"], stems[e["id"]]) for e in form if e["id"] in stems}
    print(f"markdown export: links to file names ({len(stems):,} entries read again; CPU): "
          f"{time.process_time() - started:.2f} s")  # fmt: skip
    started = time.process_time()
    files = vault_files({name: entry["id"] for entry, name in zip(form, names, strict=True)})
    bindings = {}
    for entry in form:
        text, record = written.get(entry["id"], (entry["body"], {}))
        if "[[" in text:
            bindings[entry["id"]] = from_vault(text, record, files)[1]
    rebound = links.bind_links(journal, bindings)
    print(f"its import: texts back and links bound ({rebound} re-indexed; CPU): {time.process_time() - started:.2f} s")


if __name__ == "__main__":
    main()
