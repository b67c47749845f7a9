"""Ways to make many new files durable, side by side: what the markdown export's floor is made of.

    python bench/bench_durable.py 20000 --rounds 3            # files of ~3.5 KB in one new folder, under /tmp
    python bench/bench_durable.py 100000 --rounds 3 --dir /path/on/the/disk/to/measure

Each round runs every way in turn on a new folder (noise hits them alike); wall clock, medians and ranges:

- ``fsync each`` (``journal.transfer.durable.FileSyncer``, what the export does): a pool creates, writes and fsyncs
  each file, so the file system commits the fsyncs in groups.
- ``fsync after``: the pool creates and writes every file, then fsyncs them all (fewer, larger batches).
- ``syncfs, fsync after``: the same with one ``syncfs(2)`` of the target's file system before the fsyncs (Linux; it
  also writes whatever else is waiting on that file system, other processes' data included).

Every way fsyncs every file and the folder before it stops the clock. The disk settles before each way, and
the folders made are set aside until the end (``set_aside``).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journal.transfer.durable import CHUNK, THREADS, FileSyncer, fsync_folder, fsync_path

_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def create_files(items: list[tuple[str | os.PathLike[str], bytes]]) -> None:
    """Create each new file with its bytes, no fsync."""
    for path, data in items:
        fd = os.open(path, _NEW, 0o666)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


def _fsync_all(paths: list[str]) -> None:
    for path in paths:
        fsync_path(path)


def _chunks(items: list, size: int = CHUNK) -> list[list]:  # type: ignore[type-arg]
    return [items[i : i + size] for i in range(0, len(items), size)]


def fsync_each(items: list[tuple[str, bytes]]) -> None:
    with FileSyncer() as syncer:
        for path, data in items:
            syncer.write(path, data)
        syncer.finish()


def settle(seconds: float) -> None:
    """Wait for the writes (and, on a file system mounted with ``discard``, the trims) already queued."""
    os.sync()
    time.sleep(seconds)


FREED_RECENTLY = 35.0  # seconds: ext4 without a journal (this machine's disk) skips inodes freed within 30 s


def set_aside(path: Path) -> None:
    """Out of the way until the end: ext4 without a journal (this machine's disk) will not reuse an inode freed in
    the last 30 s (``recently_deleted``, 5 minutes while its block is unwritten), so creating files just after
    removing 100,000 steps over each of them (``perf``: the export's processor time doubled)."""
    if path.exists():
        path.rename(path.parent / f"{path.name}-old-{time.monotonic_ns()}")


def _syncfs(folder: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        if libc.syncfs(fd) != 0:
            raise OSError(ctypes.get_errno(), "syncfs failed")
    finally:
        os.close(fd)


def fsync_after(items: list[tuple[str, bytes]], *, syncfs: bool = False) -> None:
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(create_files, _chunks(items)))
        if syncfs:
            _syncfs(os.path.dirname(items[0][0]))
        list(pool.map(_fsync_all, _chunks([path for path, _ in items])))


def syncfs_only(items: list[tuple[str, bytes]]) -> None:
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(create_files, _chunks(items)))
    _syncfs(os.path.dirname(items[0][0]))


def create_only(items: list[tuple[str, bytes]]) -> None:
    for chunk in _chunks(items):
        create_files(chunk)


WAYS = {
    "fsync each": fsync_each,
    "syncfs only": syncfs_only,
    "not durable (floor)": create_only,
    "fsync after": fsync_after,
    "syncfs, fsync after": lambda items: fsync_after(items, syncfs=True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", type=int, nargs="?", default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="where to make the folders (default: the temp folder)")
    parser.add_argument("--only", nargs="+", choices=list(WAYS), default=list(WAYS), help="run only these ways")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to let the disk settle before each way")
    args = parser.parse_args()
    texts = [b"---\ntitle: Entry\n---\n" + b"word " * 700 + str(i).encode() for i in range(args.files)]
    root = Path(tempfile.mkdtemp(prefix="trailbook-bench-durable-", dir=args.dir))
    samples: dict[str, list[float]] = {way: [] for way in args.only}
    settle(max(args.settle, FREED_RECENTLY))  # after a run before this one removed its files
    try:
        for round_no in range(args.rounds):
            for way in args.only:
                make = WAYS[way]
                folder = root / way.replace(" ", "-").replace(",", "").replace("(", "").replace(")", "")
                folder.mkdir()
                settle(args.settle)
                items = [(os.path.join(folder, f"Entry {i}.md"), text) for i, text in enumerate(texts)]
                started = time.perf_counter()
                make(items)
                fsync_folder(folder)
                samples[way].append(time.perf_counter() - started)
                set_aside(folder)
            print(f"round {round_no + 1}: " + ", ".join(f"{w} {v[-1]:.1f} s" for w, v in samples.items()), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\n{args.files} files, {args.rounds} rounds (median, range):")
    for way, values in samples.items():
        print(f"  {way:20} {statistics.median(values):6.1f} s  ({min(values):.1f}–{max(values):.1f})")


if __name__ == "__main__":
    main()
