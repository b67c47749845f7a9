"""Printing a page with the preview's engine: Chromium (QtWebEngine) prints the page an export makes
(``journal.entry_export.entry_page``) to a PDF — its text selectable, its math typeset as the preview shows it — or to
a printer.

``PagePrinter`` loads the page into a hidden web view of its own off-the-record profile (nothing cached or kept on
disk), with scripts off and nothing loaded from the web, from a file in a private temporary folder (``setHtml`` takes
at most 2 MB, and an entry's inlined images are often more). Chromium lays the page out and prints it in its own
process; the GUI thread only waits for signals. A PDF is written beside its target and renamed into place, so a
half-written PDF never replaces an earlier one. To a printer, Qt WebEngine sends page images (``QWebEngineView.print``)
at the printer's resolution, which Print sets to 300 dpi unless the person chose otherwise.

``write_pdf(html, target)`` does the same for the command line (the ``trailbook.pdf`` entry point of
``trailbook show ID --format pdf``): it makes an offscreen application when there is none, so no display is needed,
only the GUI libraries.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QPageLayout, QPageSize

from journal.errors import ExportFailed, PdfUnavailable

PRINT_TIMEOUT_MS = 120_000  # a page of 50 MB of images lays out in seconds; past this, something is stuck
MARGIN_MM = 16.0
PRINT_DPI = 300


def default_page_layout() -> QPageLayout:
    """A4, or US Letter where the locale measures in inches; portrait, with margins of 16 mm."""
    from PySide6.QtCore import QLocale

    letter = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    size = QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4)
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter)


class PagePrinter(QObject):
    """Prints one page at a time; ``finished(ok, reason)`` says how it went (``reason`` empty when it went well)."""

    finished = Signal(bool, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.layout = default_page_layout()
        self.timeout_ms = PRINT_TIMEOUT_MS
        self._view = None  # QWebEngineView, made for the first page (~0.3 s)
        self._profile = None
        self._folder: Path | None = None
        self._job: tuple[str, object] | None = None  # ("pdf", target Path) or ("printer", QPrinter)
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(lambda: self._done(False, "the page took too long to print"))

    @property
    def busy(self) -> bool:
        return self._job is not None

    def to_pdf(self, html: str, target: Path) -> None:
        """Print ``html`` (a whole page) to a PDF file at ``target``."""
        self._start(html, ("pdf", target))

    def to_printer(self, html: str, printer: object) -> None:
        """Print ``html`` on ``printer`` (a ``QPrinter`` set up by the print dialog)."""
        self._start(html, ("printer", printer))

    def _start(self, html: str, job: tuple[str, object]) -> None:
        if self._job is not None:
            raise RuntimeError("a page is being printed already")
        self._job = job
        try:
            view = self._ensure_view()
        except ImportError as exc:  # PySide6 without QtWebEngine, or a system library it needs
            reason = PdfUnavailable(str(exc)).message
            QTimer.singleShot(0, lambda: self._done(False, reason))
            return
        try:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="trailbook-print-"))
            page = self._folder / "page.html"
            page.write_text(html, encoding="utf-8")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            QTimer.singleShot(0, lambda: self._done(False, reason))
            return
        self._watchdog.start(self.timeout_ms)
        view.load(QUrl.fromLocalFile(str(page)))

    def _ensure_view(self):  # type: ignore[no-untyped-def]
        if self._view is None:
            from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineSettings
            from PySide6.QtWebEngineWidgets import QWebEngineView

            self._profile = QWebEngineProfile(self)  # no storage name: off the record
            view = QWebEngineView(self._profile)
            settings = view.settings()
            settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
            settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
            settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
            view.loadFinished.connect(self._loaded)
            view.page().pdfPrintingFinished.connect(self._pdf_written)
            view.printFinished.connect(lambda ok: self._done(ok, "" if ok else "the printer did not take the page"))
            self._view = view
        return self._view

    def _loaded(self, ok: bool) -> None:
        if self._job is None:
            return
        if not ok:
            self._done(False, "the page could not be laid out")
            return
        kind, where = self._job
        if kind == "pdf":
            target = Path(where)  # type: ignore[arg-type]
            partial = target.parent / f".{target.name}.{os.getpid()}.partial"
            self._view.page().printToPdf(str(partial), self.layout)  # type: ignore[union-attr]
        else:
            self._view.print(where)  # type: ignore[union-attr]

    def _pdf_written(self, path: str, ok: bool) -> None:
        if self._job is None:
            return
        target = Path(self._job[1])  # type: ignore[arg-type]
        partial = Path(path)
        if not ok:
            partial.unlink(missing_ok=True)
            folder = target.parent
            if not folder.is_dir():
                self._done(False, "no such folder")
            elif not os.access(folder, os.W_OK):
                self._done(False, "the folder cannot be written to")
            else:
                self._done(False, "the web engine could not print the page")
            return
        try:
            with open(partial, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            self._done(False, exc.strerror or str(exc))
            return
        self._done(True, "")

    def _done(self, ok: bool, reason: str) -> None:
        if self._job is None:
            return
        self._watchdog.stop()
        self._job = None
        self.finished.emit(ok, reason)

    def close(self) -> None:
        """Let the web view go (before its profile, as Qt WebEngine wants) and remove the temporary folder."""
        import shiboken6

        self._watchdog.stop()
        self._job = None
        if self._view is not None:
            view, self._view = self._view, None
            shiboken6.delete(view)
        if self._profile is not None:
            profile, self._profile = self._profile, None
            shiboken6.delete(profile)
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _application() -> None:
    """A QApplication for the command line: offscreen unless a platform was named, quiet about the GPU it lacks."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return
    env = os.environ
    if not env.get("QT_QPA_PLATFORM"):  # unset or empty: no display is needed to print
        env["QT_QPA_PLATFORM"] = "offscreen"
    if not env.get("QT_LOGGING_RULES"):
        env["QT_LOGGING_RULES"] = "default.warning=false;qt.*=false"  # the web engine talks of the GPU it lacks
    flags = env.get("QTWEBENGINE_CHROMIUM_FLAGS") or "--disable-gpu" + (" --no-sandbox" if os.geteuid() == 0 else "")
    env["QTWEBENGINE_CHROMIUM_FLAGS"] = flags if "--log-level" in flags else f"{flags} --log-level=3"
    from ui.app import create_application

    create_application([])


def write_pdf(html: str, target: Path) -> None:
    """Print the page ``html`` to a PDF at ``target``, waiting for it; ``ExportFailed`` when it cannot be written.
    The command line's PDF writer (entry point ``trailbook.pdf``)."""
    from PySide6.QtCore import QEventLoop

    _application()
    printer = PagePrinter()
    loop = QEventLoop()
    result: list[tuple[bool, str]] = []
    printer.finished.connect(lambda ok, reason: (result.append((ok, reason)), loop.quit()))
    try:
        printer.to_pdf(html, target)
        if not result:
            loop.exec()
    finally:
        printer.close()
    ok, reason = result[0] if result else (False, "printing stopped")
    if not ok:
        raise ExportFailed(target, reason)
