"""Timing helpers shared by the benchmark scripts: medians over interleaved runs, never a single sample."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def interleaved(cases: dict[str, Callable[[], object]], rounds: int, warmup: int = 1) -> dict[str, float]:
    """Median milliseconds of each case, running the cases in turn each round so noise hits them alike."""
    samples = interleaved_samples(cases, rounds, warmup)
    return {name: statistics.median(values) for name, values in samples.items()}


def interleaved_samples(cases: dict[str, Callable[[], object]], rounds: int, warmup: int = 1) -> dict[str, list[float]]:
    """Every round's milliseconds of each case (for medians and ranges), the cases run in turn each round."""
    for _ in range(warmup):
        for fn in cases.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, fn in cases.items():
            samples[name].append(timed(fn))
    return samples


def run_process(argv: Sequence[str], env: dict[str, str] | None = None, stdin: bytes | None = None) -> None:
    subprocess.run(argv, check=True, capture_output=True, env={**os.environ, **(env or {})}, input=stdin)


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


@contextmanager
def scratch_without_git_config(prefix: str) -> Iterator[Path]:
    """A scratch folder, removed afterwards, with HOME in it: no global or system git configuration is read, as in
    the tests (a person's aliases, hooks or signing keys would measure their setup, not ours)."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    home = root / "emptyhome"
    home.mkdir()
    os.environ.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1")
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)
