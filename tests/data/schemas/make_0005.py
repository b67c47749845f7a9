"""Build ``journal-0005.db``: the rows of ``make_0003.py`` in a journal of schema 0005 (prefix and trigram search
indexes), frozen for the upgrade tests.

    .venv/bin/python tests/data/schemas/make_0005.py

Schema 0005 only changes the search indexes, so the content is 0003's, built the way ``make_0004.py`` builds it with
the migrations run up to 0005 (whose triggers index it).
Never rebuild a released file; a later schema adds its own ``make_NNNN.py`` + ``journal-NNNN.db``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REVISION = "0005"
DB_FILE = HERE / f"journal-{REVISION}.db"

_spec = importlib.util.spec_from_file_location("make_0004_for_0005", HERE / "make_0004.py")
assert _spec is not None and _spec.loader is not None
_builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_builder)
_builder.REVISION = REVISION  # its builder migrates up to this revision


def expected() -> dict[str, Any]:
    """What the frozen file holds (the same rows as schema 0003's file)."""
    return _builder.expected()  # type: ignore[no-any-return]


def build(dest: Path) -> None:
    """Write the frozen database to ``dest`` (replacing it): one file, no -wal/-shm."""
    _builder.build(dest)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DB_FILE
    build(target)
    print(f"wrote {target}")
