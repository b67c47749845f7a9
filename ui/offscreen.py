"""A desktop-sized offscreen screen for tests, benchmarks and screenshots (no Qt import: call before Qt loads).

Qt's offscreen platform has an 800×800 screen by default, too small for a desktop window's saved geometry.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def use_desktop_offscreen(width: int = 1920, height: int = 1200, *, force: bool = False) -> None:
    """Point QT_QPA_PLATFORM at an offscreen screen of this size, unless another platform was asked for."""
    if not force and not os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
        return
    screen = {"name": "offscreen", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}
    config = Path(tempfile.mkdtemp(prefix="trailbook-qpa-")) / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
