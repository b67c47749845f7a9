"""Publishing benchmarks (medians; fresh blog and bare remote per round, set-up not timed).

    .venv/bin/python bench/bench_publish.py [--rounds 5] [--posts 2000]

(a) Publish 200 entries with 2 images each to a freshly scaffolded blog and push to a local bare repository, side by
    side with a shell script that writes the same files and runs ``git add``, ``git commit``, ``git push``.
    Target: Trailbook within 2x of the script.
(b) Republish 1 changed entry in a blog of 2,000 posts (portfolio on), the whole flow: check, fetch, plan, write,
    commit, push, record. Target: <= 1.5 s, without rewriting unchanged files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import scratch_without_git_config

from journal.attachments import store_attachment
from journal.db import Journal, open_journal
from journal.entries import create_entry, update_entry
from journal.jobs import run
from journal.publish import service
from journal.publish.blogs import new_blog

IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
BODY = """Batching trades a little latency for a lot of throughput. Measured on one T4:

| model | p50 (ms) | p99 (ms) |
| --- | ---: | ---: |
| distilbert | 12 | 31 |

```python
def predict(batch: list[str]) -> list[float]:
    return model(batch)
```

The loss is $\\hat{{y}} = \\sigma(w x + b)$.

![architecture]({a})

![latency]({b})
"""


def png(seed: int, size: int = 96) -> bytes:
    rows = b"".join(b"\0" + bytes((x * 7 + y * 3 + seed) % 256 for x in range(size * 3)) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **IDENTITY})


def make_entries(journal: Journal, n: int, offset: int = 0) -> list[str]:
    ids = []
    for i in range(offset, offset + n):
        a = store_attachment(journal, png(2 * i), ".png")
        b = store_attachment(journal, png(2 * i + 1), ".png")
        entry = create_entry(
            journal,
            BODY.format(a=a, b=b),
            title=f"Post number {i}: serving notes",
            tags=["serving", "python"],
            summary=f"Notes number {i}.",
        )
        ids.append(entry.id)
    return ids


def fresh_blog(journal: Journal, root: Path, name: str, portfolio: bool = False):  # type: ignore[no-untyped-def]
    remote = root / f"{name}.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    return new_blog(
        journal,
        name,
        root / name,
        "hugo",
        remote_url=str(remote),
        title="Bench",
        author_name="Bench",
        author_email="bench@example.com",
        portfolio=portfolio,
    )


SCRIPT = """set -e
cd "$1"
cp -R "$2"/. .
git add -- content
git commit -q -m "Publish 200 entries"
git push -q origin main
"""


def bench_a(journal: Journal, root: Path, rounds: int) -> dict[str, float]:
    ids = make_entries(journal, 200)
    # The files Trailbook writes, once, so the script writes exactly the same bytes.
    reference = fresh_blog(journal, root, "reference")
    run(service.publish(journal, reference.name, ids, push=False))
    payload = root / "payload"
    shutil.copytree(reference.path / "content", payload / "content")
    files = sum(1 for p in (payload / "content" / "posts").rglob("*") if p.is_file() and p.parent.name != "posts")
    script = root / "publish.sh"
    script.write_text(SCRIPT, encoding="utf-8")
    ours: list[float] = []
    theirs: list[float] = []
    for r in range(rounds):
        blog = fresh_blog(journal, root, f"a{r}")
        started = time.perf_counter()
        result = run(service.publish(journal, blog.name, ids))
        ours.append(time.perf_counter() - started)
        assert result.pushed and len(result.files) == files, (len(result.files), files)

        shell = fresh_blog(journal, root, f"s{r}")
        started = time.perf_counter()
        subprocess.run(["bash", str(script), str(shell.path), str(payload)], check=True, env={**os.environ, **IDENTITY})
        theirs.append(time.perf_counter() - started)
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]  # each publish against the script right after it
    return {
        "files": files,
        "trailbook": statistics.median(ours),
        "script": statistics.median(theirs),
        "ratio": statistics.median(ratios),
        "ratio_low": min(ratios),
        "ratio_high": max(ratios),
    }


def bench_b(journal: Journal, root: Path, rounds: int, posts: int) -> dict[str, float]:
    from journal.roadmap import ensure_roadmap

    ensure_roadmap(journal)
    ids = make_entries(journal, posts, offset=10_000)
    blog = fresh_blog(journal, root, "big", portfolio=True)
    started = time.perf_counter()
    run(service.publish(journal, blog.name, ids))
    initial = time.perf_counter() - started
    other = next(p for p in (blog.path / "content" / "posts").iterdir() if p.is_dir())
    before = (other / "index.md").stat().st_mtime_ns
    timings = []
    for r in range(rounds):
        target = ids[r * 37 % len(ids)]
        update_entry(journal, target, body=f"Round {r}: re-measured, p99 is {40 + r} ms.\n")
        started = time.perf_counter()
        result = run(service.publish(journal, blog.name, [target]))
        timings.append(time.perf_counter() - started)
        assert result.pushed and len(result.files) == 3, result.files  # the post, its 2 images removed
    assert (other / "index.md").stat().st_mtime_ns == before, "an unchanged post was rewritten"
    return {"posts": posts, "initial": initial, "republish": statistics.median(timings), "max": max(timings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--only-a", action="store_true", help="case (a) only")
    args = parser.parse_args()
    with scratch_without_git_config("trailbook-bench-publish-") as root, open_journal(root / "journal") as journal:
        a = bench_a(journal, root, args.rounds)
        print(
            f"(a) 200 entries, {a['files']:.0f} files, fresh blog, push to a local bare repository "
            f"(median of {args.rounds}):"
        )
        print(f"    Trailbook publish: {a['trailbook']:.2f} s")
        print(f"    shell script (cp, git add, commit, push): {a['script']:.2f} s")
        print(
            f"    ratio: {a['trailbook'] / a['script']:.2f}x (target <= 2x); each round against the script right after"
            f" it: median {a['ratio']:.2f}x [{a['ratio_low']:.2f}-{a['ratio_high']:.2f}]"
        )
        if args.only_a:
            return
        b = bench_b(journal, root, args.rounds, args.posts)
        print(
            f"(b) republish 1 changed entry in a blog of {b['posts']:.0f} posts, portfolio on "
            f"(median of {args.rounds}; first publish of all took {b['initial']:.1f} s):"
        )
        print(f"    whole flow: {b['republish']:.2f} s (max {b['max']:.2f} s; target <= 1.5 s)")


if __name__ == "__main__":
    main()
