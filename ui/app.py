"""The desktop app's entry point: QApplication, the journal, one window per journal, and a global exception hook."""

from __future__ import annotations

import gc
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from journal.errors import HOME_NEEDS_FOLDER, TrailbookError

CHECK_AFTER_SHOW_MS = 300  # the integrity check starts this long after the window shows (see main)
UNFREEZE_MS = 2000  # the objects the start made are collected as any others from this long after (collector_back)


def log():  # type: ignore[no-untyped-def]
    """The app's logger (logging is imported when first needed, not on the start path)."""
    import logging

    return logging.getLogger("trailbook")


def _parse(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """``--home DIR`` (or ``--home=DIR``) for us, the rest for Qt (such as ``-reverse``).

    By hand rather than with argparse, whose first use costs ~3 ms of start-up (gettext looking for translations).
    Raises ``ValueError`` with the message for the person when ``--home`` has no folder."""
    home: str | None = None
    qt_args: list[str] = []
    items = list(argv)
    while items:
        arg = items.pop(0)
        if arg == "--home" or arg.startswith("--home="):
            home = arg.partition("=")[2] if "=" in arg else (items.pop(0) if items else "")
            if not home.strip() or ("=" not in arg and home.startswith("-")):  # `--home -reverse`: a forgotten folder
                raise ValueError(HOME_NEEDS_FOLDER)
        else:
            qt_args.append(arg)
    return home, qt_args


def _setup_logging(home: Path) -> Path | None:
    try:
        (home / "logs").mkdir(parents=True, exist_ok=True)
        path = home / "logs" / "trailbook.log"
        import logging

        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log().addHandler(handler)
    log().setLevel(logging.INFO)
    return path


def install_exception_hook(log_path: Path | None) -> None:
    """Log unexpected errors and show them in a dialog instead of dying silently."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        from ui import strings

        if isinstance(value, TrailbookError):
            message = value.message
        else:
            log().error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
            message = strings.BUG_TEXT.format(log=log_path or "(no log file)")
        sys.__stderr__.write("".join(traceback.format_exception(kind, value, tb)))  # type: ignore[union-attr]
        if QApplication.instance() is not None:
            QMessageBox.critical(QApplication.activeWindow(), strings.BUG_TITLE, message)

    sys.excepthook = hook


def create_application(argv: Sequence[str]):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)  # QtWebEngine, created lazily
    os.environ.setdefault(
        "QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu" + (" --no-sandbox" if os.geteuid() == 0 else "")
    )
    app = QApplication.instance()
    if app is None:
        from ui import theme

        app = QApplication(["trailbook", *argv, "-style", "Fusion"])
        app.setProperty(theme.FUSION, True)
    app.setApplicationName("Trailbook")
    app.setOrganizationName("Trailbook")
    app.setDesktopFileName("io.github.trailbook.Trailbook")  # (its icon: ui.window_icon, after the first frame)
    return app


def open_window(journal, app):  # type: ignore[no-untyped-def]
    """Apply the theme, make sure the first start is not a blank screen, and build the main window."""
    from journal.settings import load_preferences
    from ui import theme
    from ui.entry_flows import ensure_welcome
    from ui.main_window import MainWindow

    prefs = load_preferences(journal.paths.settings)
    theme.apply(app, theme.resolve(prefs.theme))
    ensure_welcome(journal, journal.paths.settings)
    return MainWindow(journal)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        home, qt_args = _parse(sys.argv[1:] if argv is None else argv)
    except ValueError as exc:
        print(f"trailbook: error: {exc}", file=sys.stderr)
        return 2
    if _no_display(qt_args):
        from ui import strings

        print(f"trailbook: error: {strings.NO_DISPLAY}", file=sys.stderr)
        return 1
    # Python's cycle collector would run about 60 times while the window is built, each pass going over the tens of
    # thousands of objects the modules, types and widgets make (~8% of the start, docs/benchmarks.md), though they
    # all live as long as the app. It stays off until the window's first event-loop turn (``run``).
    gc.disable()
    try:
        return run(home, qt_args)
    finally:
        gc.unfreeze()  # (a quit within UNFREEZE_MS: the last collection at exit goes over everything)
        gc.enable()


def _no_display(qt_args: Sequence[str]) -> bool:
    """Whether there is no display to open a window on: Qt would abort there (exit 134), naming a library it
    could not load instead of the reason."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    if os.environ.get("QT_QPA_PLATFORM") or any(a in ("-platform", "--platform") for a in qt_args):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def collector_back() -> None:
    """The cycle collector on again at the window's first event-loop turn (``main`` says why it was off).

    Everything the start made (~47,000 tracked objects at 100k entries) was counted as new: the first collection,
    at the next allocation, would go over all of it in the first turn (~5 ms, before the first frame is drawn).
    Frozen first, it is left out of collections until ``gc.unfreeze`` (UNFREEZE_MS later), from when it is collected
    as any other object, at the oldest generation's collections."""
    gc.freeze()
    gc.enable()


def run(home: str | None, qt_args: list[str]) -> int:
    """The app on the journal at ``home`` (None: the default one) until its last window closes; its exit code."""
    # The core before Qt: once PySide6 is loaded, its import hook reads the source of every module imported after it
    # (looking for "PySide6"); the core and its standard-library modules never use Qt, so they come first.
    from journal import attachments, dates, jobs, queries, settings, spellcheck  # noqa: F401
    from journal.db import open_journal
    from journal.markdown import page, spelling  # noqa: F401
    from journal.paths import JournalPaths, resolve_home

    # isort: split
    from ui import strings
    from ui.single_instance import SingleInstance
    from ui.workers import drain_pool, hold_pool, release_pool

    app = create_application(qt_args)
    paths = JournalPaths(resolve_home(home))
    instance = SingleInstance(paths.db)
    if not instance.acquire():  # another window has this journal open: bring it forward instead of a second writer
        instance.notify_running()
        print(strings.ALREADY_RUNNING, file=sys.stderr)
        return 0
    try:
        # The header and schema are read now; the full integrity check reads the whole file (seconds on a big
        # journal), so it runs on a thread while the window opens. Writes wait for it.
        journal = open_journal(paths.home, create=True, full_check=False)
    except TrailbookError as exc:
        journal = _restore_at_start(paths, exc)
        if journal is None:
            return 1
    hold_pool()  # the reads the window starts as it is built run from its first turn (ui.workers says why)
    try:
        window = open_window(journal, app)
        instance.activated.connect(lambda: _current(window).show_in_front())
        window.show()
    except BaseException:
        release_pool()
        raise
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, collector_back)  # the window is on screen (see main)
    QTimer.singleShot(0, release_pool)
    QTimer.singleShot(UNFREEZE_MS, gc.unfreeze)

    # The full integrity check reads the whole file (2 s and a core's worth of work at 100k entries): started once
    # the window is on screen, it no longer slows the window's opening on a big journal. Until then a write follows
    # every writer's rule (journal.health): into a file unchanged since it was last found sound, else checked first.
    keep: list[object] = []  # the job after start and the signal watcher, kept until the app exits

    def check_then_back_up() -> None:
        keep.append(after_start(window, journal, journal.verify_in_background()))

    QTimer.singleShot(CHECK_AFTER_SHOW_MS, check_then_back_up)
    QTimer.singleShot(200, instance.listen)  # after the window shows: nothing needs the socket before then
    # The log file and the exception dialog are set up right after the first frame, off the start path; so is the
    # saving end on SIGTERM, SIGHUP or Ctrl+C (ui.terminate).
    QTimer.singleShot(1, lambda: install_exception_hook(_setup_logging(paths.home)))

    def end_on_signals() -> None:
        from ui.terminate import install

        keep.append(install(app, lambda: _current(window)))

    QTimer.singleShot(1, end_on_signals)
    if os.environ.get("TRAILBOOK_QUIT_AFTER_SHOW"):  # smoke tests and start-up benchmarks
        from PySide6.QtCore import QTimer

        def shown() -> None:  # the first turn of the event loop: the window is on screen and takes input
            print(f"shown at {time.time():.6f}", flush=True)
            app.quit()

        QTimer.singleShot(0, shown)
    code = app.exec()
    window = _current(window)  # after File → Restore from Backup…, another window shows the restored journal
    window.editor.preview.shutdown()
    window.journal.close()  # stops a running integrity check; a daily backup in progress is allowed to finish
    journal.close()
    drain_pool(30_000)
    keep.clear()
    return int(code)


def _current(window):  # type: ignore[no-untyped-def]
    """The window showing the journal now: a restore replaces the window (``MainWindow.replaced_by``)."""
    while window.replaced_by is not None:
        window = window.replaced_by
    return window


def _restore_at_start(paths, exc: TrailbookError):  # type: ignore[no-untyped-def]
    """The journal did not open. When it is damaged, say so and offer its backups; the journal once one is restored,
    else None (the message was shown)."""
    from PySide6.QtWidgets import QMessageBox

    from journal.db import open_journal
    from journal.errors import JournalCorrupt
    from ui import strings
    from ui.window_icon import AppIcon

    AppIcon()  # these dialogs come before any window (whose first frame sets the icon)
    if not isinstance(exc, JournalCorrupt) or exc.latest_backup is None:
        QMessageBox.critical(None, strings.JOURNAL_ERROR, exc.message)
        return None
    from ui.dialogs.restore import offer_restore_at_start

    if not offer_restore_at_start(paths, exc.message):
        return None
    try:
        return open_journal(paths.home, create=False, full_check=False)
    except TrailbookError as again:
        QMessageBox.critical(None, strings.JOURNAL_ERROR, again.message)
        return None


def after_start(window, journal, check):  # type: ignore[no-untyped-def]
    """Off the GUI thread once the window shows: wait for the integrity check, then the daily backup."""
    from ui.workers import call_async

    def work() -> object:
        check.join()
        if journal.damage is None and not journal.closed:
            try:
                journal.backup_daily()
            except TrailbookError as exc:
                log().warning("daily backup failed: %s", exc.message)
        return journal.damage

    def done(damage: object) -> None:
        if damage is not None:
            window.journal_damaged(getattr(damage, "message", str(damage)))

    return call_async(work, done, receiver=window)


if __name__ == "__main__":
    sys.exit(main())
