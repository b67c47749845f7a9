"""Files the window needs before it shows (style sheet, icon), found beside the ``resources`` package.

``importlib.resources`` costs ~16 ms on first use — a sixth of a bare Qt window's whole start — so the start path
reads these few files directly; everything loaded later uses ``importlib.resources``. Trailbook is installed unzipped
(wheel, editable checkout or PyInstaller folder), where both find the same files.
"""

from __future__ import annotations

from pathlib import Path


def asset(*parts: str) -> Path:
    import resources

    return Path(resources.__file__).resolve().parent.joinpath(*parts)
