"""ui.workers: the pool's work handed back on the GUI thread, and work held while the window is built."""

from __future__ import annotations

import threading

from ui.workers import call_async, drain_pool, hold_pool, release_pool


def test_held_work_starts_when_released(qtbot) -> None:  # type: ignore[no-untyped-def]
    ran: list[str] = []
    got: list[str] = []
    hold_pool()
    try:
        keep = [call_async(lambda n=n: ran.append(n) or n, got.append) for n in ("first", "second")]
        threading.Event().wait(0.2)
        assert ran == []  # held: nothing started
    finally:
        release_pool()
    qtbot.waitUntil(lambda: len(got) == 2)
    assert sorted(ran) == ["first", "second"]
    keep.append(call_async(lambda: "at once", got.append))  # no longer held
    qtbot.waitUntil(lambda: "at once" in got)


def test_draining_the_pool_runs_held_work_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    ran = threading.Event()
    hold_pool()
    keep = call_async(ran.set, lambda _result: None)
    assert drain_pool(10_000) and ran.is_set()
    del keep
