"""The real window on a real X server while the command line writes to the same journal (issue 10).

The test starts its own Xvfb, then the app as ``trailbook --home HOME`` starts it (``helpers/window_probe.py``: the
real launcher, with a probe that clicks the entry's row and reports what the window shows). Separate ``trailbook``
processes then add, edit and trash entries; each change must show in the window within ``WITHIN`` seconds of the
command's exit: the list and its counts, the open entry's new text, and the trashed open entry turned read-only with
its banner. The offscreen version of these checks is ``test_other_writers.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from journal import entries as entry_service
from journal.db import open_journal
from journal.settings import load_preferences, save_preferences
from ui import strings

pytestmark = pytest.mark.e2e

TRAILBOOK = Path(sys.executable).parent / "trailbook"
PROBE = Path(__file__).parent / "helpers" / "window_probe.py"
WITHIN = 2.0  # seconds from the command's exit to the window showing its change ("within about a second")
START_S = 60  # the window's first start (imports, fonts) on a loaded machine


@pytest.fixture
def display() -> Iterator[str]:
    """A display of our own: Xvfb picks a free number and tells it on a pipe (``-displayfd``), no guessing."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb; .ci/run installs it)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1440x900x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, "r", encoding="ascii") as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            pytest.fail(f"Xvfb did not start (exit {server.poll()})")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def cli(home: Path, *args: str, editor: str = "false") -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(TRAILBOOK), *args, "--home", str(home)],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "EDITOR": editor, "VISUAL": ""},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result


class Window:
    """The app's process and what its probe last reported."""

    def __init__(self, process: subprocess.Popen[str], state: Path, stop: Path) -> None:
        self.process, self.state_file, self.stop_file = process, state, stop

    def state(self) -> dict:
        try:
            return json.loads(self.state_file.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        except (OSError, ValueError):
            return {}

    def wait_for(self, condition: Callable[[dict], bool], timeout: float, what: str) -> dict:
        """The first report (newer than the call) that meets ``condition``; fails after ``timeout`` seconds."""
        since = time.time()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the app exited ({self.process.returncode}) waiting for {what}")
            state = self.state()
            if state.get("t", 0) >= since and condition(state):
                return state
            time.sleep(0.02)  # polling a file another process writes (no signal to wait on across processes)
        pytest.fail(f"not within {timeout:.1f} s: {what}; the window showed {json.dumps(self.state())[:1500]}")


@pytest.fixture
def window(display: str, tmp_path: Path) -> Iterator[tuple[Window, Path, str]]:
    home = tmp_path / "journal"
    with open_journal(home) as journal:
        prefs = load_preferences(journal.paths.settings)
        prefs.extra["welcomed"] = True  # no welcome entry: the journal holds only what the test writes
        save_preferences(journal.paths.settings, prefs)
        entry = entry_service.create_entry(journal, "# Plan\n\nFirst paragraph.\n\nSecond paragraph.\n")
    state, stop = tmp_path / "window.json", tmp_path / "stop"
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "PROBE_STATE": str(state),
        "PROBE_STOP": str(stop),
        "PROBE_OPEN": entry.id,
        "PROBE_SHOT": str(tmp_path / "window.png"),
    }
    env.pop("WAYLAND_DISPLAY", None)
    process = subprocess.Popen(
        [sys.executable, str(PROBE), "--home", str(home)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
    )
    win = Window(process, state, stop)
    try:
        yield win, home, entry.id
    finally:
        stop.touch()
        try:
            _out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
        win.stderr = err  # type: ignore[attr-defined]
    assert process.returncode == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]


def test_the_real_window_follows_the_command_line(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win, home, entry_id = window
    shown = win.wait_for(lambda s: s.get("exposed") and s.get("open") == entry_id, START_S, "the window and its entry")
    assert shown["platform"] == "xcb"  # a real X11 window, not the offscreen platform
    assert (shown["all"], shown["rows"], shown["read_only"]) == (1, ["Plan"], False)

    # Added from the command line: in the list, counted, its new skill area in the column; the open entry stays.
    cli(home, "new", "# Written in a terminal\n\nFrom the shell.", "--tag", "ml-ops")
    state = win.wait_for(lambda s: s["all"] == 2 and "Written in a terminal" in s["rows"], WITHIN, "the new entry")
    assert state["header"] == strings.LIST_COUNT.format(n=2) and "ml-ops" in state["tags"]
    assert state["open"] == entry_id

    # Edited from the command line, nothing typed in the window: the open entry reloads with the new text.
    code = (
        "import sys, pathlib; p = pathlib.Path(sys.argv[1]); "
        "p.write_text(p.read_text('utf-8').replace('Second', 'Second, edited'), 'utf-8')"
    )
    editor = tmp_path / "edit.sh"
    editor.write_text(f'#!/bin/sh\n{sys.executable} -c "{code}" "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    cli(home, "edit", entry_id[:8], editor=str(editor))
    state = win.wait_for(lambda s: "Second, edited paragraph." in (s["text"] or ""), WITHIN, "the edited text")
    assert state["open"] == entry_id and not state["read_only"]

    # Trashed from the command line while open: out of the list, counted in the Trash, read-only with the banner.
    cli(home, "delete", entry_id[:8])
    state = win.wait_for(lambda s: s["read_only"] and s["banner"] is not None, WITHIN, "the trashed entry read-only")
    assert state["banner"] == strings.TRASHED_ELSEWHERE
    assert not state["title_enabled"] and state["open"] == entry_id
    assert state["status"] != strings.RELOADED_ELSEWHERE  # no "Updated" left beside the banner
    state = win.wait_for(lambda s: s["trash"] == 1 and s["all"] == 1, WITHIN, "the counts after the trash")
    assert state["rows"] == ["Written in a terminal"]
    with open_journal(home, full_check=False) as journal:  # and nothing was written into the trashed entry
        trashed = entry_service.get_entry(journal, entry_id)
        assert trashed.in_trash and "Second, edited paragraph." in trashed.body
