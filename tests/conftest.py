"""Shared test set-up: offscreen Qt, a private TRAILBOOK_HOME, and a fresh journal per test under tmp_path."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set once, before anything imports Qt; never touch the developer's real journal. The offscreen screen is 800x800 by
# default, too small for a desktop window's saved geometry: give it a desktop-sized one.
from ui.offscreen import use_desktop_offscreen

use_desktop_offscreen()
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ["TRAILBOOK_HOME"] = tempfile.mkdtemp(prefix="trailbook-test-home-")
os.environ.setdefault("NO_COLOR", "1")

from journal.db import Journal, open_journal  # noqa: E402 - after the environment above is set


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).parts
        for marker in ("core", "ui", "e2e"):
            if marker in parts:
                item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "journal-home"


@pytest.fixture
def journal(home: Path) -> Iterator[Journal]:
    with open_journal(home) as j:
        yield j
