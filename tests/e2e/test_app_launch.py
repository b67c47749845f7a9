"""The README's launch path as a whole process: ``trailbook --home DIR`` opens the window on a new journal (with its
welcome entry) and exits cleanly; once offscreen and once as a real X11 window under Xvfb."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TRAILBOOK = Path(sys.executable).parent / "trailbook"


def _launch(home: Path, *, platform: str, prefix: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAILBOOK_QUIT_AFTER_SHOW": "1", "QT_QPA_PLATFORM": platform}
    return subprocess.run(
        [*prefix, str(TRAILBOOK), "--home", str(home)],
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
    )


def _check(result: subprocess.CompletedProcess[str], home: Path) -> None:
    assert result.returncode == 0, result.stderr[-2000:]
    assert "shown at " in result.stdout
    assert "Traceback" not in result.stderr
    from journal.db import open_journal
    from journal.queries import list_summaries

    with open_journal(home, create=False) as journal:
        titles = [s.title for s in list_summaries(journal)]
    assert titles == ["Welcome to Trailbook"]


def test_launch_offscreen(tmp_path: Path) -> None:
    home = tmp_path / "journal"
    _check(_launch(home, platform="offscreen", prefix=[]), home)


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed (.ci/run installs xvfb)")
def test_launch_as_a_real_window_under_xvfb(tmp_path: Path) -> None:
    home = tmp_path / "journal"
    _check(_launch(home, platform="xcb", prefix=["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"]), home)


@pytest.mark.parametrize("args", [["--home"], ["--home="], ["-reverse", "--home", " "], ["--home", "-reverse"]])
def test_home_without_a_folder_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    env = {**os.environ, "TRAILBOOK_QUIT_AFTER_SHOW": "1", "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run([str(TRAILBOOK), *args], env=env, capture_output=True, encoding="utf-8", timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "trailbook: error: --home needs a folder, e.g. --home ~/Journal"
    assert "shown at " not in result.stdout and not list(tmp_path.iterdir())  # nothing opened, nothing created


def test_an_unknown_option_is_a_usage_error_not_the_window(tmp_path: Path) -> None:
    env = {**os.environ, "TRAILBOOK_QUIT_AFTER_SHOW": "1", "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run([str(TRAILBOOK), "--verison"], env=env, capture_output=True, encoding="utf-8", timeout=60)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "trailbook: error: unrecognized arguments: --verison"
    assert "shown at " not in result.stdout and not list(tmp_path.iterdir())


def test_no_display_is_said_plainly(tmp_path: Path) -> None:
    # Without one, Qt aborts (exit 134) naming a library (xcb-cursor0) instead of the reason.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["HOME"] = str(tmp_path)
    result = subprocess.run([str(TRAILBOOK), "--home", str(tmp_path / "j")], env=env, capture_output=True,
                            encoding="utf-8", timeout=60)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().startswith("trailbook: error: no display to open the window on")
    assert not (tmp_path / "j").exists()
