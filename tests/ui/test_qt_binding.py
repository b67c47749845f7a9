"""Guards against a Qt binding that breaks the interpreter: PySide6 6.12.0 returns None from static void methods
without taking a reference, so every QTimer.singleShot or processEvents call chips at None's reference count until
Python aborts ("deallocating None"). pyproject.toml keeps that release out; this test fails on any that does it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def test_static_void_calls_keep_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    before = sys.getrefcount(None)
    for _ in range(500):
        QTimer.singleShot(0, lambda: None)
        QApplication.processEvents()
    QApplication.processEvents()
    assert sys.getrefcount(None) >= before - 50
