"""Desktop app benchmarks (issue: the desktop app).

    python bench/bench_app.py            # all; or name some: startup open typing search memory

- startup: ``trailbook --home <journal>`` as a whole process until its main window is shown and usable, on an empty
  and a 100k-entry journal, against bench/bare_qt_window.py (a bare QMainWindow + QPlainTextEdit), interleaved,
  medians; ``--xvfb`` on an Xvfb display instead of offscreen, ``--cached-only`` skips the run without bytecode,
  ``--also DIR`` runs the tree in DIR too (a copy of another commit: ``git archive REV | tar -x -C DIR``) on the
  100k journal, in the same rounds; ``--preview`` adds the 100k journal reopened with its preview open (and the
  ``--also`` tree's); ``--rounds N`` (11 by default).
- open: selecting a 1,000-word entry in the list until the editor and the preview are filled, median; then a key
  typed after a pause in that entry until the preview shows it, median and p95.
- typing: a 20,000-word entry with the preview open; realistic typing (keys 60 ms apart, a pause now and then); each
  key's latency counts from the moment it was due (so work that blocks the GUI thread between keys counts); p95.
- search: typing a query into the search field of a 100k-entry journal; last keystroke → results shown, median.
- memory: resident set size after opening a 100k-entry journal and scrolling the list end to end.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ui.offscreen import use_desktop_offscreen  # noqa: E402

use_desktop_offscreen(force=True)
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from common import percentile  # noqa: E402
from generate import ensure_home  # noqa: E402

# As after `pip install`, every module's bytecode is cached (a private cache folder, so the checkout is left alone);
# this sandbox sets PYTHONDONTWRITEBYTECODE, which would otherwise recompile the editable checkout on every start.
CACHED = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(ROOT / "bench" / "data" / "pycache")}
NO_CACHE = {"PYTHONDONTWRITEBYTECODE": "1"}


PREVIEW_STATE = "[General]\npreview=true\n"  # --preview: a window state as a window closed with its preview open
STARTUP_SIZES = (0, 100_000)  # the target: flat in journal size (within 1.15x) and within 2x the bare window at 100k


def _startup_home(size: int) -> Path:
    """A journal of ``size`` generated entries at the current schema (an empty one for 0, its welcome already
    seen), with no saved window state: each timed run reopens what the warm-up round left open."""
    from journal.db import open_journal

    if size:
        home, _ = ensure_home(size)
    else:
        home = Path(os.environ.get("TRAILBOOK_BENCH_DATA") or ROOT / "bench" / "data") / "home-0"
    with open_journal(home, create=True, full_check=False) as journal:  # migrated here, not in a timed run
        from journal.settings import load_preferences, save_preferences

        prefs = load_preferences(journal.paths.settings)
        prefs.extra["welcomed"] = True
        save_preferences(journal.paths.settings, prefs)
    (home / "window-state.ini").unlink(missing_ok=True)  # not a manual run's state (an open preview, say)
    return home


@contextmanager
def _window_state(home: Path, state: str | None) -> Iterator[None]:
    """The window state ``state`` in ``home`` for one run (None: the journal's own), then what was there before."""
    if state is None:
        yield
        return
    path = home / "window-state.ini"
    before = path.read_bytes() if path.exists() else None
    path.write_text(state, encoding="utf-8")
    try:
        yield
    finally:
        if before is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(before)


@contextmanager
def _display(xvfb: bool) -> Iterator[dict[str, str]]:
    """The environment the windows open in: an X server of our own (Xvfb, 1920x1200) or Qt's offscreen platform."""
    if not xvfb:
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    number = 90 + os.getpid() % 500
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1920x1200x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number}"}
    finally:
        server.terminate()
        server.wait(5)


def bench_startup(rounds: int = 11) -> None:
    """Spawn → first event-loop turn with the window shown (printed by the child), and spawn → exit, for the bare
    window and Trailbook on journals of each size in STARTUP_SIZES, interleaved round by round; medians and ranges.
    ``--xvfb`` opens the windows on an Xvfb server (a real X display) instead of offscreen."""
    xvfb = "--xvfb" in sys.argv
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else rounds
    also = Path(sys.argv[sys.argv.index("--also") + 1]).resolve() if "--also" in sys.argv else None
    trailbook = str(Path(sys.executable).parent / "trailbook")
    # Each case: the command and the tree it runs (PYTHONPATH: the tree this script is in, also when it is a copy
    # beside the installed checkout, or the --also tree).
    # A case may reopen a saved window state (written before each of its runs, removed after).
    cases: dict[str, tuple[list[str], Path, str | None]] = {
        "bare PySide6 window": ([sys.executable, str(ROOT / "bench" / "bare_qt_window.py")], ROOT, None)
    }
    for size in STARTUP_SIZES:
        cases[f"trailbook, {size:,} entries"] = ([trailbook, "--home", str(_startup_home(size))], ROOT, None)
    largest = cases[f"trailbook, {STARTUP_SIZES[-1]:,} entries"][0]
    if also is not None:
        cases[f"{also.name}, {STARTUP_SIZES[-1]:,} entries"] = (largest, also, None)
    if "--preview" in sys.argv:  # the window closed with its preview open (the web view is made after the window)
        cases[f"trailbook, {STARTUP_SIZES[-1]:,}, preview open"] = (largest, ROOT, PREVIEW_STATE)
        if also is not None:
            cases[f"{also.name}, {STARTUP_SIZES[-1]:,}, preview open"] = (largest, also, PREVIEW_STATE)
    with _display(xvfb) as display:
        for mode, extra in (("bytecode cached, as installed", CACHED), ("no bytecode cache", NO_CACHE)):
            env = {**os.environ, "TRAILBOOK_QUIT_AFTER_SHOW": "1", **display, **extra}
            shown: dict[str, list[float]] = {k: [] for k in cases}
            whole: dict[str, list[float]] = {k: [] for k in cases}
            cpu: dict[str, list[float]] = {k: [] for k in cases}  # the whole process's, less moved by others' load
            for round_ in range(rounds + 1):
                for name, (cmd, tree, state) in cases.items():
                    with _window_state(Path(cmd[-1]), state):
                        before = resource.getrusage(resource.RUSAGE_CHILDREN)
                        started = time.time()
                        out = subprocess.run(cmd, env={**env, "PYTHONPATH": str(tree)}, check=True,
                                             capture_output=True, encoding="utf-8").stdout  # fmt: skip
                        ended = time.time()
                        after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    stamp = float(next(line for line in out.splitlines() if line.startswith("shown at ")).split()[2])
                    if round_:  # the first round warms the file cache (and fills the bytecode cache)
                        shown[name].append((stamp - started) * 1000)
                        whole[name].append((ended - started) * 1000)
                        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                        cpu[name].append(used * 1000)
            where = "Xvfb" if xvfb else "offscreen"
            print(f"start-up to shown ({mode}, {where}, {rounds} rounds; median [range]):")
            bare = statistics.median(shown["bare PySide6 window"])
            smallest = statistics.median(shown[f"trailbook, {STARTUP_SIZES[0]:,} entries"])
            for name in cases:
                med = statistics.median(shown[name])
                ratios = f"  {med / bare:.2f}x bare, {med / smallest:.2f}x the {STARTUP_SIZES[0]:,}-entry journal"
                exit_ms, cpu_ms = statistics.median(whole[name]), statistics.median(cpu[name])
                print(f"  {name:36} {med:5.0f} ms [{min(shown[name]):.0f}-{max(shown[name]):.0f}]"
                      f"{'' if name.startswith('bare') else ratios};"
                      f" to exit {exit_ms:.0f} ms, CPU {cpu_ms:.0f} ms")  # fmt: skip
            if mode.startswith("bytecode") and "--cached-only" in sys.argv:
                break


def _window(home: Path):  # type: ignore[no-untyped-def]
    from journal.db import open_journal
    from ui.app import create_application, open_window

    (home / "window-state.ini").unlink(missing_ok=True)  # not the last run's state (e.g. its open preview)
    journal = open_journal(home, full_check=False)
    app = create_application([])
    window = open_window(journal, app)
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    return app, journal, window


def _wait_signal(app, signal, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def type_like_a_person(app, editor, text: str) -> list[float]:  # type: ignore[no-untyped-def]
    """Type ``text`` into ``editor`` a key every 60 ms, pausing every 40 keys just longer than the autosave delay (so
    typing resumes right as a save runs); each key's latency in ms, counted from the moment it was due, so work that
    blocks the GUI thread between keys counts."""
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtGui import QKeyEvent

    latencies = []
    due = time.perf_counter() + 0.2
    for i, ch in enumerate(text):
        due += 0.06 if i % 40 else 0.85
        while time.perf_counter() < due:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            app.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
        app.processEvents()
        latencies.append((time.perf_counter() - due) * 1000)
    return latencies


def bench_open_and_typing() -> None:
    import random

    from generate import make_entry

    from journal import entries
    from journal.markdown.words import count_words

    home = Path(tempfile.mkdtemp()) / "typing"
    from journal.db import open_journal

    j = open_journal(home)
    rng = random.Random(3)
    short_ids = []
    while len(short_ids) < 12:
        e = make_entry(rng, len(short_ids), __import__("datetime").date(2025, 1, 1), 300)
        body = e["body"]
        while count_words(body) < 1000:
            body += "\n\n" + make_entry(rng, 0, __import__("datetime").date(2025, 1, 1), 3)["body"]
        short_ids.append(entries.create_entry(j, body, title=e["title"]).id)
    long_body = ""
    while count_words(long_body) < 20_000:
        long_body += make_entry(rng, 1, __import__("datetime").date(2025, 1, 1), 3)["body"] + "\n\n"
    long_id = entries.create_entry(j, long_body, title="A very long entry").id
    j.close()

    app, journal, window = _window(home)
    window.set_preview_visible(True)
    preview = window.editor.preview
    window.open_entry(short_ids[-1])
    _wait_signal(app, preview.updated)
    times = []
    for entry_id in short_ids[:10]:
        started = time.perf_counter()
        window.list.select_entry(entry_id)
        _wait_signal(app, preview.updated)
        times.append((time.perf_counter() - started) * 1000)
    print(f"open a 1,000-word entry (editor + preview filled): median {statistics.median(times):.1f} ms "
          f"(target ≤ 50), max {max(times):.1f}")  # fmt: skip

    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtGui import QKeyEvent

    editor = window.editor.editor
    editor.setFocus()
    follow = []
    for _ in range(20):  # a key after a pause, until the preview shows it (its page's content replaced)
        pause = time.perf_counter() + 0.3
        while time.perf_counter() < pause:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
        started = time.perf_counter()
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            app.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, "x"))
        _wait_signal(app, preview.updated)
        follow.append((time.perf_counter() - started) * 1000)
    print(
        f"a key after a pause → preview updated, 1,000-word entry: median {statistics.median(follow):.1f} ms, "
        f"p95 {percentile(follow, 95):.1f} ms (target ≤ 50); render {preview.last_render_ms:.0f} ms in its process"
    )

    from PySide6.QtGui import QTextCursor

    window.open_entry(long_id)
    _wait_signal(app, preview.updated)
    editor = window.editor.editor
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.Down, n=200)
    editor.setTextCursor(cursor)
    latencies = type_like_a_person(
        app, editor, "measured the p95 latency of the new batching path and it held under load " * 5
    )
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    print(
        f"typing into a 20,000-word entry, preview open: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target ≤ 16), "
        f"max {max(latencies):.1f} ms, {len(latencies)} keys; "
        f"last preview render {preview.last_render_ms:.0f} ms in the render process"
    )
    window.close()
    journal.close()


def bench_search() -> None:
    home, _ = ensure_home(100_000)
    app, journal, window = _window(home)
    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QKeyEvent

    field = window.list.search
    finished: list[float] = []
    window.list.searchFinished.connect(finished.append)
    results = []
    no_mod = __import__("PySide6.QtCore").QtCore.Qt.KeyboardModifier.NoModifier
    for query in ("latency", "drift retraining", "deploy", "the model", "kolmogorov", "shadow canary"):
        field.clear()
        app.processEvents()
        for ch in query:
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                app.sendEvent(field, QKeyEvent(kind, 0, no_mod, ch))
            seen = len(finished)
            end = time.perf_counter() + 0.12  # the next key comes 120 ms later
            while time.perf_counter() < end:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        # Results shown after the last keystroke carry their delay since it (stale searches are never shown).
        deadline = time.perf_counter() + 5
        while len(finished) == seen and time.perf_counter() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if len(finished) > seen:
            results.append((query, finished[-1]))
    for query, ms in results:
        print(f"  search-as-you-type {query!r}: {ms:.0f} ms after the last keystroke")
    print(
        f"search-as-you-type at 100k entries: median {statistics.median(ms for _, ms in results):.0f} ms (target ≤ 80)"
    )
    window.close()
    journal.close()


def _rss_mb() -> int:
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def bench_memory() -> None:
    home, _ = ensure_home(100_000)
    app, journal, window = _window(home)
    view = window.list.view
    model = window.list.model
    while model.canFetchMore():
        model.fetchMore()
    for row in range(0, model.rowCount(), 40):  # scroll end to end, painting every screenful
        view.scrollTo(model.index(row))
        view.viewport().repaint()
    app.processEvents()
    plain = _rss_mb()
    window.list.view.setCurrentIndex(model.index(model.rowCount() - 1))
    window.set_preview_visible(True)
    _wait_signal(app, window.editor.preview.updated)
    with_preview = _rss_mb()
    print(
        f"memory with a 100k-entry journal scrolled end to end ({model.rowCount()} rows): {plain} MB RSS, "
        f"{with_preview} MB with the preview open (target ≤ 300; the preview's renderer is a separate process)"
    )
    window.close()
    journal.close()


CASES = {"startup": bench_startup, "open": None, "typing": None, "search": bench_search, "memory": bench_memory}


def main() -> None:
    wanted = [name for name in CASES if name in sys.argv[1:]] or list(CASES)
    if len(wanted) > 1:  # each case in its own process, so one case's windows never weigh on the next's figures
        for name in wanted:
            if name != "typing" or "open" not in wanted:
                flags = [arg for arg in sys.argv[1:] if arg.startswith("--")]
                subprocess.run([sys.executable, __file__, name, *flags], check=True)
        return
    name = wanted[0]
    if name in ("open", "typing"):
        bench_open_and_typing()
    else:
        CASES[name]()  # type: ignore[misc]


if __name__ == "__main__":
    main()
