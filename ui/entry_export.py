"""One entry out in the desktop app: Export Entry… (File menu and the entry list's context menu) as a PDF, a web page
or markdown with its images, and Print… (the platform's Print key, Ctrl+P). ``install(window)`` adds them.

What goes out is what the editor shows, saved or not (a snapshot of its fields), rendered as the preview renders it
(``journal.entry_export``). The page is made on the thread pool (a long entry renders for a while, and its images are
read and inlined); Chromium lays it out and prints it in its own process (``ui.page_printer``): the window stays
responsive, and one export or print runs at a time. The file is chosen in the save dialog and cleared by the save
dialog guard (``ui.dialogs.output_path``: never the journal's own files; an existing file replaced only after asking).
The status bar says what was written; a failure says why in a message.

Print goes through the platform's print dialog (``QPrintDialog``); printing to a PDF file there gives the same PDF as
Export (text selectable), any other printer gets the pages as images at 300 dpi, as Qt WebEngine prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from journal.entry_export import SUFFIXES, EntryPage, Format, MarkdownWritten
from ui import strings

if TYPE_CHECKING:
    from journal.records import Entry
    from ui.desk import Desk
    from ui.page_printer import PagePrinter

FORMAT_STATE = "entry_export/format"
FOLDER_STATE = "entry_export/folder"
_SUFFIXES_OF: dict[Format, tuple[str, ...]] = {"pdf": (".pdf",), "html": (".html", ".htm"), "markdown": (".md",)}


class EntryExport(QObject):
    """Owns Export Entry and Print, and the printer while one of them runs."""

    def __init__(self, window: Desk) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.act_export = QAction(strings.ACTION_EXPORT_ENTRY, window)  # type: ignore[call-overload]
        self.act_export.setToolTip(strings.ACTION_EXPORT_ENTRY_TIP)
        self.act_export.setStatusTip(strings.ACTION_EXPORT_ENTRY_TIP)
        self.act_export.triggered.connect(self.export_entry)
        self.act_print = QAction(strings.ACTION_PRINT, window)  # type: ignore[call-overload]
        self.act_print.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Print) or [QKeySequence("Ctrl+P")]
        )
        shown = self.act_print.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.act_print.setToolTip(f"{strings.ACTION_PRINT_TIP} ({shown})")
        self.act_print.setStatusTip(strings.ACTION_PRINT_TIP)
        self.act_print.triggered.connect(self.print_entry)
        window.addAction(self.act_print)  # its key works wherever the focus is
        window.add_to_menu("file", None, self.act_export, self.act_print)
        separator = QAction(window)  # type: ignore[call-overload]
        separator.setSeparator(True)
        for action in (separator, self.act_export, self.act_print):
            window.list.view.addAction(action)
        for action in (self.act_export, self.act_print):
            window.explain_disabled(action, lambda: strings.EXPORT_ENTRY_NEEDS_ENTRY)
        window.editor.stack.currentChanged.connect(self._update_enabled)
        window.editor.entryLoaded.connect(self._update_enabled)
        self._printer: PagePrinter | None = None
        self._qprinter: Any = None  # the QPrinter of a print under way
        self._pending: object | None = None  # the worker's signals while the page is made
        self.busy = False
        self._update_enabled()

    def _update_enabled(self, *_: object) -> None:
        shown = self.window.editor.entry is not None
        self.act_export.setEnabled(shown)
        self.act_print.setEnabled(shown)

    # --- what goes out -------------------------------------------------------------------------------------------
    def snapshot(self) -> Entry | None:
        """The entry as the editor shows it now, saved or not."""
        editor = self.window.editor
        if editor.entry is None:
            return None
        fields = editor.current_fields()
        return replace(
            editor.entry,
            title=fields.title.strip() or editor.entry.title,
            body=fields.body,
            tags=fields.tags,
            day=fields.day,
            private=fields.private,
        )

    def _ready(self) -> Entry | None:
        if self.busy:
            self.window.show_status(strings.EXPORT_ENTRY_BUSY)
            return None
        return self.snapshot()

    # --- Export Entry --------------------------------------------------------------------------------------------
    def export_entry(self) -> None:
        entry = self._ready()
        if entry is None:
            return
        from journal.markdown.private import strip_private_blocks
        from ui.dialogs.export_entry import ExportEntryDialog

        last = self.window.state.value(FORMAT_STATE, "pdf")
        dialog = ExportEntryDialog(
            entry.title,
            _about(entry),
            has_private=strip_private_blocks(entry.body) != entry.body,
            fmt=last if last in SUFFIXES else "pdf",  # type: ignore[arg-type]
            parent=self.window,  # type: ignore[arg-type]
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        fmt = dialog.chosen_format()
        self.window.state.setValue(FORMAT_STATE, fmt)
        target = self.choose_file(entry, fmt)
        if target is not None:
            self.export_to(entry, fmt, target, private="strip" if dialog.leave_out_private() else "show")

    def choose_file(self, entry: Entry, fmt: Format) -> Path | None:
        """The file to write, from the save dialog (its suffix added if the name has none), cleared by the guard."""
        from PySide6.QtCore import QStandardPaths

        from journal.transfer.markdownfiles import safe_file_name
        from ui.dialogs.output_path import SAVE_OPTIONS, confirm_output

        folder = self.window.state.value(FOLDER_STATE, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        name = safe_file_name(entry.title, set()).removesuffix(".md") + SUFFIXES[fmt]
        path, _ = QFileDialog.getSaveFileName(
            self.window,  # type: ignore[arg-type]
            strings.EXPORT_ENTRY_HEADING.format(title=entry.title),
            str(Path(str(folder) or Path.home()) / name),
            strings.EXPORT_ENTRY_FILTERS[fmt],
            options=SAVE_OPTIONS,
        )
        if not path:
            return None
        paths = self.window.journal.paths
        chosen = Path(path)
        # As picked first (journal.db is refused, not quietly written as journal.db.pdf beside it), then as written.
        if not confirm_output(self.window, paths, chosen, protected_only=True):  # type: ignore[arg-type]
            return None
        target = chosen if chosen.suffix.lower() in _SUFFIXES_OF[fmt] else chosen.with_name(chosen.name + SUFFIXES[fmt])
        if not confirm_output(self.window, paths, target):  # type: ignore[arg-type]
            return None
        self.window.state.setValue(FOLDER_STATE, str(target.parent))
        return target

    def export_to(self, entry: Entry, fmt: Format, target: Path, *, private: str = "show") -> None:
        """Write ``entry`` to ``target`` in ``fmt`` off the GUI thread (the file already cleared by the person)."""
        from journal import entry_export as export
        from journal.errors import ExportFailed
        from journal.outputs import refuse_journal_files
        from ui.workers import call_async

        journal = self.window.journal
        self._start(strings.EXPORT_ENTRY_WORKING.format(title=entry.title))
        failed = lambda message, user: self._failed(strings.EXPORT_ENTRY_FAILED, entry, message, user)  # noqa: E731
        if fmt == "pdf":

            def page() -> EntryPage:
                refuse_journal_files(journal.paths, target)  # whatever the person confirmed: never the journal's
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise ExportFailed(target, exc.strerror or str(exc)) from exc
                return export.entry_page(journal, entry, private=private)  # type: ignore[arg-type]

            def print_it(made: EntryPage) -> None:
                self._print(made, lambda ok, reason: self._exported(entry, target, made, ok, reason), pdf=target)

            self._pending = call_async(page, print_it, failed)
            return
        write = export.write_entry_html if fmt == "html" else export.write_entry_markdown
        self._pending = call_async(
            lambda: write(journal, entry, target, force=True, private=private),  # type: ignore[arg-type]
            lambda result: self._exported(entry, target, result, True, ""),
            failed,
        )

    def _exported(self, entry: Entry, target: Path, result: EntryPage | MarkdownWritten, ok: bool, reason: str) -> None:
        self._finish()
        if not ok:
            self._warn(strings.EXPORT_ENTRY_FAILED.format(title=entry.title, reason=_export_reason(target, reason)))
            return
        text = strings.EXPORT_ENTRY_DONE.format(title=entry.title, target=target)
        left_out: tuple[str, ...] = ()
        if isinstance(result, MarkdownWritten):
            if result.images:
                text += strings.EXPORT_ENTRY_IMAGES[len(result.images) != 1].format(n=len(result.images))
            left_out = result.missing
        else:
            left_out = result.left_out
        if left_out:
            text += strings.EXPORT_ENTRY_LEFT_OUT[len(left_out) != 1].format(n=len(left_out))
        self.window.show_status(text)

    # --- Print ---------------------------------------------------------------------------------------------------
    def print_entry(self) -> None:
        entry = self._ready()
        if entry is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.page_printer import PRINT_DPI, default_page_layout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        printer.setPageLayout(default_page_layout())
        printer.setDocName(entry.title)
        dialog = QPrintDialog(printer, self.window)  # type: ignore[call-overload]
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(entry, printer)

    def print_to(self, entry: Entry, printer: Any) -> None:
        """Print ``entry`` on ``printer`` (a ``QPrinter`` the print dialog set up) off the GUI thread."""
        from PySide6.QtPrintSupport import QPrinter

        from journal.entry_export import entry_page
        from ui.workers import call_async

        journal = self.window.journal
        self._qprinter = printer
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName()
        where = printer.outputFileName() if to_file else printer.printerName() or "the printer"
        self._start(strings.PRINT_WORKING.format(title=entry.title))

        def print_it(made: EntryPage) -> None:
            if to_file:  # "Print to File (PDF)": the PDF Export makes, its text selectable
                self._printer_for().layout = printer.pageLayout()
            self._print(made, lambda ok, reason: self._printed(entry, where, ok, reason),
                        pdf=Path(printer.outputFileName()) if to_file else None, printer=printer)  # fmt: skip

        failed = lambda message, user: self._failed(strings.PRINT_FAILED, entry, message, user)  # noqa: E731
        self._pending = call_async(lambda: entry_page(journal, entry), print_it, failed)

    def _printed(self, entry: Entry, where: str, ok: bool, reason: str) -> None:
        self._finish()
        if ok:
            self.window.show_status(strings.PRINT_DONE.format(title=entry.title, printer=where))
        else:
            self._warn(strings.PRINT_FAILED.format(title=entry.title, reason=reason))

    # --- the printer and the state of a job -----------------------------------------------------------------------
    def _printer_for(self) -> PagePrinter:
        if self._printer is None:
            from ui.page_printer import PagePrinter

            self._printer = PagePrinter(self)
            from PySide6.QtWidgets import QApplication

            QApplication.instance().aboutToQuit.connect(self._drop_printer)  # type: ignore[union-attr]
        return self._printer

    def _print(
        self, made: EntryPage, then: Callable[[bool, str], None], *, pdf: Path | None = None, printer: Any = None
    ) -> None:
        page_printer = self._printer_for()

        def finished(ok: bool, reason: str) -> None:
            page_printer.finished.disconnect(finished)
            then(ok, reason)
            # The web view goes once it is done (~100 MB); not inside its own signal.
            QTimer.singleShot(0, self._drop_printer)

        page_printer.finished.connect(finished)
        if pdf is not None:
            page_printer.to_pdf(made.html, pdf)
        else:
            page_printer.to_printer(made.html, printer)

    def _drop_printer(self) -> None:
        if self._printer is not None and not self._printer.busy:
            printer, self._printer = self._printer, None
            printer.close()
            printer.deleteLater()

    def _start(self, message: str) -> None:
        self.busy = True
        self.window.show_status(message, 0)

    def _finish(self) -> None:
        self.busy = False
        self._pending = None
        self._qprinter = None

    def _failed(self, template: str, entry: Entry, message: str, user_error: bool) -> None:
        self._finish()
        if not user_error:  # a bug: logged with its trace, named in one line
            from ui.app import log

            log().error("one entry out failed:\n%s", message)
            message = message.strip().splitlines()[-1] if message.strip() else message
        self._warn(template.format(title=entry.title, reason=message))

    def _warn(self, text: str) -> None:
        self.window.show_status("")
        QMessageBox.warning(self.window, strings.EXPORT_ENTRY_TITLE, text)  # type: ignore[call-overload]


def _about(entry: Entry) -> str:
    from journal.markdown.words import count_words

    day = entry.day
    words = count_words(entry.body)
    parts = [f"{day:%A} {day.day} {day:%B %Y}", f"{words:,} word{'s' if words != 1 else ''}"]
    if entry.tags:
        parts.append(" ".join(f"#{tag}" for tag in entry.tags))
    return "  ·  ".join(parts)


def _export_reason(target: Path, reason: str) -> str:
    from journal.errors import ExportFailed

    return ExportFailed(target, reason).message


def install(window: Desk) -> EntryExport:
    return EntryExport(window)
