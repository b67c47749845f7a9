"""Faults a journal must survive: kill -9 while saving, concurrent writers, a full disk, a read-only location, and the
command line working while the app holds the journal open."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import resource
import selectors
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journal.db import open_journal
from journal.entries import count_entries, create_entry, get_entry

HELPERS = Path(__file__).resolve().parent / "helpers"
ROOT = HELPERS.parents[2]
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}


def _load_writer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("trailbook_test_writer", HELPERS / "writer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


body_for = _load_writer().body_for


def helper(name: str, *args: str, **kw: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # type: ignore[call-overload]
        [sys.executable, str(HELPERS / name), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        cwd=ROOT,
        **kw,
    )


def read_line(proc: subprocess.Popen[bytes], timeout: float) -> str:
    """The next line the process prints, waiting at most ``timeout`` seconds."""
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        if not sel.select(timeout):
            raise AssertionError(f"no output within {timeout} s")
        return proc.stdout.readline().decode("utf-8")
    finally:
        sel.close()


def cli(*args: str, home: Path, timeout: float = 60, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "journal", *args, "--home", str(home)],
        capture_output=True,
        encoding="utf-8",
        env=ENV,
        timeout=timeout,
        **kw,
    )


def integrity(db: Path) -> list[tuple[str, ...]]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
        con.execute("INSERT INTO entries_fts(entries_fts, rank) VALUES ('integrity-check', 1)")
        return rows
    finally:
        con.close()


# --- (a) kill -9 while saving ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_kill_9_while_saving_loses_no_acknowledged_entry(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "before any crash")
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    acknowledged: dict[str, tuple[int, int]] = {}
    rounds = 0
    budget_ends = time.monotonic() + 12
    # At least 25 rounds, more while time allows, and on a loaded machine (slow writers) more until enough saves were
    # acknowledged for the test to mean something.
    while rounds < 25 or (rounds < 60 and time.monotonic() < budget_ends) or (len(acknowledged) <= 25 and rounds < 200):
        proc = helper("writer.py", str(home), str(rounds))
        assert proc.stdout is not None
        # Some rounds die while opening the journal, most while saving (after 0-150 ms of saves).
        if rng.random() < 0.15:
            time.sleep(rng.uniform(0, 0.25))  # a random moment during start-up and open; not a synchronisation
        else:
            assert read_line(proc, 60).strip() == "ready", proc.stderr.read() if proc.stderr else ""
            deadline = time.monotonic() + rng.uniform(0, 0.15)
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        out = proc.stdout.read().decode("utf-8")
        for line in out.split("\n")[:-1]:  # only complete lines: the last piece may be cut by the kill
            if line == "ready":
                continue
            entry_id, index = line.split()
            acknowledged[entry_id] = (rounds, int(index))
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
        if proc.stdin:
            proc.stdin.close()
        rounds += 1

    assert rounds >= 25
    assert len(acknowledged) > 25, "the writer barely wrote anything: the test did not exercise saving"
    assert integrity(home / "journal.db") == [("ok",)]
    with open_journal(home, create=False) as journal:  # quick_check at open, too
        journal.quick_check()
        for entry_id, (round_no, index) in acknowledged.items():
            assert get_entry(journal, entry_id).body == body_for(round_no, index)
        assert count_entries(journal) >= len(acknowledged) + 1


# --- (b) two writers at once -----------------------------------------------------------------------------------------


def test_two_processes_writing_at_once_both_succeed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home):
        pass
    writers = [helper("writer.py", str(home), str(n), "200", "--wait") for n in (1, 2)]
    for proc in writers:
        assert read_line(proc, 60).strip() == "ready"
    for proc in writers:  # both open (or create) the journal and start writing at the same moment
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
        proc.stdin.flush()
    results = [proc.communicate(timeout=120) for proc in writers]
    for proc, (out, err) in zip(writers, results, strict=True):
        text = err.decode("utf-8")
        assert "locked" not in text.lower() and "busy" not in text.lower(), text
        assert proc.returncode == 0, text
        assert out.decode("utf-8").splitlines()[-1] == "done"
    acked = {
        line.split()[0]: (n, int(line.split()[1]))
        for n, (out, _) in zip((1, 2), results, strict=True)
        for line in out.decode("utf-8").splitlines()
        if line not in ("ready", "done")
    }
    assert len(acked) == 400
    with open_journal(home, create=False) as journal:
        assert count_entries(journal) == 400
        for entry_id, (n, index) in acked.items():
            assert get_entry(journal, entry_id).body == body_for(n, index)
    assert integrity(home / "journal.db") == [("ok",)]


def test_two_processes_creating_one_new_journal_at_once_both_succeed(tmp_path: Path) -> None:
    """E.g. two `trailbook new` in a script on a first run. Both switch the new file to WAL at the same moment."""
    rounds = 20
    twins = [helper("opener.py", str(tmp_path / "home"), str(rounds)) for _ in range(2)]
    try:
        for proc in twins:
            assert read_line(proc, 60).strip() == "ready"
        for i in range(rounds):
            for proc in twins:
                assert proc.stdin is not None
                proc.stdin.write(b"go\n")
                proc.stdin.flush()
            assert sorted(read_line(proc, 60).strip() for proc in twins) == [f"ok {i}", f"ok {i}"]
    finally:
        for proc in twins:
            proc.communicate(timeout=60)  # closes stdin: the twin ends
    for i in range(rounds):
        with open_journal(tmp_path / f"home-{i}", create=False) as journal:
            assert count_entries(journal) == 2


# --- (c) disk full / write error -------------------------------------------------------------------------------------


def test_a_failed_write_is_a_clear_error_and_saving_works_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        first = create_entry(journal, "written before the disk filled").id
    proc = helper("fill_disk.py", str(home))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode("utf-8")
    report = json.loads(out)
    assert report["error"]["type"] == "StoreWriteFailed", report["error"]
    assert "could not save" in report["error"]["message"]
    assert int(report["error"]["attempt"]) >= 1, "the limit should let a few saves through first"
    assert report["readable"] is True
    assert integrity(home / "journal.db") == [("ok",)]
    with open_journal(home, create=False) as journal:
        for entry_id in [first, *report["acked"], report["after"]]:
            get_entry(journal, entry_id)
        assert count_entries(journal) == 1 + len(report["acked"]) + 1  # the failed save left nothing behind


def _limit_file_size(limit: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # stays ignored across exec
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return apply


def test_a_failed_write_through_the_command_line_is_one_clear_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        first = create_entry(journal, "written before the disk filled").id
    limit = (home / "journal.db").stat().st_size + 32_000
    big = ("a fairly long entry " * 100_000).encode("utf-8")  # 2 MB: the -wal file must grow past the limit
    result = cli("new", "-", home=home, input=big.decode("utf-8"), preexec_fn=_limit_file_size(limit))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("trailbook: error: could not save"), result.stderr
    assert integrity(home / "journal.db") == [("ok",)]
    with open_journal(home, create=False) as journal:
        assert count_entries(journal) == 1 and get_entry(journal, first)
    again = cli("new", "-", home=home, input=big.decode("utf-8"))  # space is back
    assert again.returncode == 0, again.stderr
    with open_journal(home, create=False) as journal:
        assert get_entry(journal, again.stdout.strip()).body == big.decode("utf-8")


def test_import_and_export_on_a_full_disk_are_one_clear_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        for i in range(40):
            create_entry(journal, f"entry {i} " + "text " * 10_000)  # 50 KB each
    db_size = (home / "journal.db").stat().st_size
    source = tmp_path / "big.json"
    entries = [{"body": f"imported {i} " + "words " * 5_000, "date": "2025-01-01"} for i in range(100)]
    source.write_text(json.dumps({"entries": entries}), encoding="utf-8")
    # The limit stops any write past that offset in any file (a full disk only stops growth), so the exports, whose
    # limit is below the journal's size, run first, on a journal with nothing left to checkpoint.
    for args, limit, words in (
        (["export", str(tmp_path / "out.json")], 100_000, "could not write"),  # the 2 MB export cannot be written
        (["export", str(tmp_path / "out-md")], 40_000, "could not write"),  # nor one 50 KB file (the -shm's 32 KB can)
        (["import", str(source)], db_size + 32_000, "could not save"),  # the -wal file cannot grow
    ):
        result = cli(*args, home=home, preexec_fn=_limit_file_size(limit))
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1, result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"trailbook: error: {words}"), result.stderr
    assert not (tmp_path / "out.json").exists()  # no half-written export left behind
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]
    assert not list((tmp_path / "out-md").glob("*.md"))
    assert integrity(home / "journal.db") == [("ok",)]
    with open_journal(home, create=False) as journal:
        assert count_entries(journal) == 40  # the failed import left nothing half-done


# --- (d) a read-only location ----------------------------------------------------------------------------------------

NOBODY = 65534


def _as_nobody() -> list[str]:
    """A prefix running a command as the unprivileged user "nobody" who may read (and pass through) any folder, like
    the owner of a read-only share, but write nowhere here: running as root, plain chmod would not stop a write."""
    if os.geteuid() != 0:
        pytest.skip("needs root to switch to an unprivileged user (the journal must belong to someone else)")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    prefix = [
        setpriv,
        f"--reuid={NOBODY}",
        f"--regid={NOBODY}",
        "--clear-groups",
        "--inh-caps=+dac_read_search",
        "--ambient-caps=+dac_read_search",
        "--",
    ]
    probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip(f"cannot drop to an unprivileged user here: {probe.stderr.decode(errors='replace').strip()}")
    return prefix


@pytest.mark.parametrize("locked", ["folder", "file"])
def test_a_read_only_journal_gives_a_clear_message(tmp_path: Path, locked: str) -> None:
    prefix = _as_nobody()
    home = tmp_path / "shared" / "journal"
    with open_journal(home) as journal:
        create_entry(journal, "read me, do not change me")
    db = home / "journal.db"
    if locked == "file":  # the folder is theirs, the journal file is not
        os.chown(home, NOBODY, NOBODY)
        db.chmod(0o444)
    before = db.read_bytes()
    for args in (["new", "a new entry"], ["list"], ["search", "read"], ["tag", "add", "x"]):
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "journal", *args, "--home", str(home)],
            capture_output=True,
            encoding="utf-8",
            env=ENV,
            timeout=60,
        )
        assert "Traceback" not in result.stderr, result.stderr
        if args[0] in ("new", "tag"):
            assert result.returncode == 1, result.stdout
        if result.returncode != 0:
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("trailbook: error: "), result.stderr
            assert "read-only or permission denied" in lines[0] and str(home) in lines[0]
    assert db.read_bytes() == before


def test_a_folder_that_cannot_even_be_read_gives_a_clear_message(tmp_path: Path) -> None:
    prefix = [p for p in _as_nobody() if "caps" not in p]  # no read-anything capability this time
    home = tmp_path / "journal"
    with open_journal(home) as journal:
        create_entry(journal, "private")
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "journal", "list", "--home", str(home)],
        capture_output=True,
        encoding="utf-8",
        env=ENV,
        timeout=60,
        cwd="/",
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "permission denied" in result.stderr


# --- (e) the command line while the app holds the journal ------------------------------------------------------------


def test_the_command_line_adds_and_searches_while_another_process_reads(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "an old entry")
    app = helper("holder.py", str(home), "read")
    try:
        assert read_line(app, 60).split() == ["holding", "1"]
        started = time.monotonic()
        added = cli("new", "written by the command line: quokka", home=home)
        assert added.returncode == 0, added.stderr
        found = cli("search", "quokka", "--json", home=home)
        assert found.returncode == 0, found.stderr
        assert [h["id"] for h in json.loads(found.stdout)] == [added.stdout.strip()]
        listed = cli("list", "--json", home=home)
        assert len(json.loads(listed.stdout)) == 2
        assert time.monotonic() - started < 20  # no waiting on the reader
        assert app.stdin is not None
        app.stdin.write(b"\n")
        app.stdin.flush()
        assert read_line(app, 60).split() == ["still", "1"]  # the app's snapshot is undisturbed...
        assert read_line(app, 60).split() == ["after", "2"]  # ...and sees the new entry once it reads again
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
        app.communicate()
    assert integrity(home / "journal.db") == [("ok",)]


def test_the_command_line_waits_for_the_apps_write_lock_instead_of_failing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_journal(home) as journal:
        create_entry(journal, "an old entry")
    app = helper("holder.py", str(home), "write")
    try:
        assert read_line(app, 60).split() == ["holding", "1"]
        writer = subprocess.Popen(
            [sys.executable, "-m", "journal", "new", "waits its turn", "--home", str(home)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
        )
        with pytest.raises(subprocess.TimeoutExpired):
            writer.wait(timeout=1.5)  # neither done nor failed while the lock is held
        assert app.stdin is not None
        app.stdin.write(b"\n")
        app.stdin.flush()
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err.decode("utf-8")
        assert err == b""
        assert len(out.decode("utf-8").strip()) == 36
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
        app.communicate()
    with open_journal(home, create=False) as journal:
        assert count_entries(journal) == 2
