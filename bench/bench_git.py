"""The git layer on 1,000 files: Trailbook's GitPython layer against the plain git command line (medians of
interleaved rounds; a fresh repository and bare remote per round, set-up not timed).

    .venv/bin/python bench/bench_git.py [--rounds 7] [--files 1000] [--before REV]

- trailbook: ``journal.publish.gitops.Git`` as a publish uses it (GitPython's ``Repo`` reads HEAD and the branch,
  its command runner runs preflight, fetch, the commit through a temporary index and ``push --porcelain``, each with
  its timeout and environment);
- layer at REV (``--before REV``): the same layer as it was at a revision, e.g. the command-line layer before
  GitPython (``--before bf52e54``);
- same commands: exactly those git commands run through ``subprocess.run`` (what GitPython itself adds);
- shell: ``git add``, ``git commit``, ``git push`` in a shell script (what a person would type).

Then reading the state 200 times (HEAD and the branch): GitPython's ``Repo`` against ``git rev-parse`` and
``git symbolic-ref`` processes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import ROOT, scratch_without_git_config

from journal.publish.gitops import Git, Identity

IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
BODY = '---\ntitle: "Post {i}"\n---\n\nBatching trades a little latency for a lot of throughput.\n' * 8
SHELL = """set -e
cd "$1"
git add -- content
git commit -q -m "Publish"
git push -q origin main
"""


def sh(cwd: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        input=stdin,
        env={**os.environ, **IDENTITY, **(env or {})},
    )
    return result.stdout.decode("utf-8").strip()


def fresh(root: Path, name: str, files: int) -> tuple[Path, list[str]]:
    """A clone with one first commit, its bare remote, and ``files`` new files written but not committed."""
    remote = root / f"{name}.git"
    sh(root, "init", "-q", "--bare", "-b", "main", str(remote))
    work = root / name
    work.mkdir()
    sh(work, "init", "-q", "-b", "main")
    (work / "hugo.toml").write_text('title = "Bench"\n', encoding="utf-8")
    sh(work, "add", "hugo.toml")
    sh(work, "commit", "-q", "-m", "First")
    sh(work, "remote", "add", "origin", str(remote))
    sh(work, "push", "-q", "origin", "main")
    paths = []
    for i in range(files):
        rel = f"content/posts/post-{i:04d}/index.md"
        target = work / rel
        target.parent.mkdir(parents=True)
        target.write_text(BODY.format(i=i), encoding="utf-8")
        paths.append(rel)
    return work, paths


def with_trailbook(work: Path, paths: list[str], layer: Any = None) -> None:
    git = (layer.Git if layer is not None else Git)(work, Identity("Bench", "bench@example.com"))
    git.preflight("main")
    tip = git.fetch("origin", "main")
    git.check_clean([])
    parent = git.head()
    assert parent == tip
    _sha, synced = git.commit_paths("main", parent, paths, "Publish\n")
    if not synced:
        git.sync_index(paths)
    assert git.push("origin", "main")


def with_same_commands(work: Path, paths: list[str]) -> None:
    """The commands the layer runs, through subprocess.run and nothing else."""
    env = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_LITERAL_PATHSPECS": "1", "GIT_OPTIONAL_LOCKS": "0"}
    git_dir = (work / ".git").as_posix()
    sh(work, "rev-parse", "--is-inside-work-tree", "--git-path", "index.lock", "--git-path", "MERGE_HEAD", env=env)
    sh(work, "symbolic-ref", "-q", "--short", "HEAD", env=env)
    sh(work, "status", "--porcelain=v1", "-z", "--untracked-files=no", env=env)
    sh(work, "remote", "get-url", "origin", env=env)
    fetch = ["fetch", "--no-tags", "--no-recurse-submodules", "origin", "+refs/heads/main:refs/remotes/origin/main"]
    sh(work, *fetch, env=env)
    parent = sh(work, "rev-parse", "-q", "--verify", "HEAD^{commit}", env=env)
    subprocess.run(
        ["git", "diff-index", "--cached", "--quiet", parent], cwd=work, check=False, env={**os.environ, **env}
    )
    listing = b"".join(p.encode("utf-8") + b"\0" for p in paths)
    sh(work, "add", "-f", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=listing, env=env)
    tree = sh(work, "write-tree", env=env)
    sha = sh(work, "commit-tree", tree, "-m", "Publish", "-p", parent, env=env)
    sh(work, "update-ref", "-m", "publish", "refs/heads/main", sha, parent, env=env)
    sh(work, "push", "--porcelain", "origin", "refs/heads/main:refs/heads/main", env=env)
    assert Path(git_dir).is_dir()


def with_shell(work: Path, paths: list[str]) -> None:
    script = work.parent / "publish.sh"
    if not script.exists():
        script.write_text(SHELL, encoding="utf-8")
    subprocess.run(["bash", str(script), str(work)], check=True, capture_output=True, env={**os.environ, **IDENTITY})


def layer_at(rev: str) -> Any:
    """``journal/publish/gitops.py`` as it was at a git revision (the command-line layer before GitPython), loaded
    beside today's modules, so both layers run the same flow."""
    source = subprocess.run(
        ["git", "show", f"{rev}:journal/publish/gitops.py"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    module = types.ModuleType("gitops_before")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:gitops.py", "exec"), module.__dict__)
    return module


def bench_commit(root: Path, rounds: int, files: int, before: str | None) -> dict[str, float]:
    cases: dict[str, Callable[[Path, list[str]], None]] = {"trailbook": with_trailbook}
    if before:
        old = layer_at(before)
        cases[f"layer at {before}"] = lambda work, paths: with_trailbook(work, paths, old)
    cases |= {
        "same commands": with_same_commands,
        "shell": with_shell,
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for r in range(rounds + 1):  # the first round warms the caches and is not counted
        for name, fn in cases.items():
            work, paths = fresh(root, f"case{list(cases).index(name)}-{r}", files)
            started = time.perf_counter()
            fn(work, paths)
            elapsed = time.perf_counter() - started
            assert sh(work, "status", "--porcelain") == "", name
            assert (
                len(sh(work, "ls-tree", "-r", "--name-only", "origin/main" if name != "shell" else "main").split())
                == files + 1
            )
            if r:
                samples[name].append(elapsed)
    return {name: statistics.median(values) for name, values in samples.items()}


def bench_reading(root: Path, reads: int) -> dict[str, float]:
    work, _ = fresh(root, "reading", 1)
    git = Git(work)

    def repo() -> None:
        for _ in range(reads):
            git.head()
            git.branch()

    def processes() -> None:
        for _ in range(reads):
            sh(work, "rev-parse", "-q", "--verify", "HEAD^{commit}")
            sh(work, "symbolic-ref", "-q", "--short", "HEAD")

    out = {}
    for name, fn in (("Repo", repo), ("git processes", processes)):
        started = time.perf_counter()
        fn()
        out[name] = (time.perf_counter() - started) * 1000 / reads
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--before", metavar="REV", help="also run the git layer as it was at this revision")
    args = parser.parse_args()
    with scratch_without_git_config("trailbook-bench-git-") as root:
        timings = bench_commit(root, args.rounds, args.files, args.before)
        print(f"commit and push {args.files} new files to a local bare repository (median of {args.rounds}):")
        for name, seconds in timings.items():
            print(f"    {name:<22} {seconds:.3f} s")
        for name in timings:
            if name != "trailbook":
                print(f"    trailbook / {name}: {timings['trailbook'] / timings[name]:.2f}x")
        reading = bench_reading(root, 200)
        print("read HEAD and the branch (per read of both):")
        for name, ms in reading.items():
            print(f"    {name:<14} {ms:.2f} ms")


if __name__ == "__main__":
    main()
