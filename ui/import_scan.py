"""Modules spared PySide6's source scan (issue 13: the window's start).

Once PySide6 is loaded, every module imported after it (or named again by an ``import`` after it) is read back as
source (``inspect.getsource``) to learn whether it mentions "PySide6", the modules that may opt into PySide's
``__feature__`` switches (snake_case, true_property): ``shibokensupport.feature.feature_imported`` records the answer
in ``pyside_feature_dict`` (0: uses PySide, -1: does not). For the ~110 modules the window's start names after Qt,
that cost 25-80 ms (file reads and a walk over ``sys.modules`` each). Trailbook never selects a feature, and the
answer is known without reading for the standard library and ``journal`` (free of Qt: tests/core/test_architecture.py)
-- neither mentions PySide6 -- and for the app's modules, which use PySide with its defaults. ``install`` puts a finder
first on ``sys.meta_path`` that writes those answers before PySide asks: for the modules already loaded when it first
sees PySide6 loaded, then for each such module as it is found. It finds nothing itself (the usual finders load every
module), leaves other packages to PySide's scan, and does nothing while PySide6 is not loaded or when a PySide6
release keeps the scan elsewhere.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

USES_PYSIDE, IGNORED = 0, -1  # the values feature_imported records (select id 0: no feature selected)
_NO_QT = frozenset(sys.stdlib_module_names) | {"journal", "__future__", "__main__"}


def _known(name: str) -> int | None:
    top = name.partition(".")[0]
    if top == "ui":
        return USES_PYSIDE
    return IGNORED if top in _NO_QT and name != "__main__" else None


class KnownModules:
    """A meta path finder that only records, for PySide, what our modules and the standard library's are."""

    def __init__(self) -> None:
        self._seeded = False

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        feature = sys.modules.get("shibokensupport.feature")
        known = getattr(feature, "pyside_feature_dict", None)
        if not isinstance(known, dict):
            return None
        if not self._seeded:  # PySide6 has just loaded: what was imported before it
            self._seeded = True
            for loaded in list(sys.modules):
                value = _known(loaded)
                if value is not None:
                    known.setdefault(loaded, value)
        value = _known(name)
        if value is not None:
            known.setdefault(name, value)
        return None


def install() -> None:
    """Once per process (the ``ui`` package does it when first imported)."""
    if not any(isinstance(finder, KnownModules) for finder in sys.meta_path):
        sys.meta_path.insert(0, KnownModules())
