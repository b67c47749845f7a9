"""Export Entry… and Print… in the app (ui/entry_export.py): real windows, the real web engine printing, the dialogs'
``exec`` and the save dialog patched; the PDFs read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from journal.attachments import store_attachment
from journal.entries import create_entry
from tests.core.test_importers import png
from ui.dialogs.export_entry import ExportEntryDialog

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/run")
BODY = """# Attention notes

Softmax over the scores, scaled by $\\frac{1}{\\sqrt{d_k}}$.

| head | dim |
|------|-----|
| 8    | 64  |

```python
scores = q @ k.T
```

![diagram]({image})

```private
what I really think
```
"""


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return " ".join(out.split())


@pytest.fixture
def window(make_window):  # type: ignore[no-untyped-def]
    w = make_window()
    link = store_attachment(w.journal, png(3, 6), ".png")
    entry = create_entry(w.journal, BODY.replace("{image}", link), tags=["transformers"])
    w.list.reload()
    w.open_entry(entry.id)
    w.link = link
    # What the feature says in the status bar, in order (the autosave's "Saving…" and "Saved" left out: they come
    # whenever the typed text is saved).
    w.said = []
    show = w.show_status
    w.show_status = lambda text, *a: (text.startswith("Sav") or w.said.append(text), show(text, *a))
    return w


def _choose(monkeypatch: pytest.MonkeyPatch, fmt: str, path: Path, *, leave_out_private: bool = False) -> list[str]:
    """The export dialog answers with ``fmt``, the save dialog with ``path``; returns the messages shown."""
    shown: list[str] = []

    def answer(dialog: ExportEntryDialog) -> int:
        dialog.buttons[fmt].setChecked(True)  # type: ignore[index]
        dialog.private.setChecked(leave_out_private)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportEntryDialog, "exec", answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    return shown


def test_the_actions_are_in_the_file_menu_the_context_menu_and_on_the_print_key(window) -> None:  # type: ignore[no-untyped-def]
    tools = window.entry_export
    assert tools.act_export in window.menus["file"].actions() and tools.act_print in window.menus["file"].actions()
    assert tools.act_export in window.list.view.actions() and tools.act_print in window.list.view.actions()
    assert tools.act_print.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.Print)
    assert tools.act_print.shortcut().toString() == "Ctrl+P"
    assert tools.act_export.isEnabled() and tools.act_print.isEnabled()
    window.open_entry(None)
    assert not tools.act_export.isEnabled() and not tools.act_print.isEnabled()
    assert "Open an entry first" in tools.act_export.toolTip()


def test_export_to_pdf_takes_what_the_editor_shows(window, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tools = window.entry_export
    window.editor.editor.moveCursor(window.editor.editor.textCursor().MoveOperation.End)
    window.editor.editor.insertPlainText("\nNot saved yet: typed a moment ago.\n")
    shown = _choose(monkeypatch, "pdf", tmp_path / "out" / "notes")  # no suffix: .pdf is added
    tools.act_export.trigger()
    assert tools.busy
    qtbot.waitUntil(lambda: not tools.busy, timeout=60_000)
    target = tmp_path / "out" / "notes.pdf"
    assert shown == [] and target.read_bytes().startswith(b"%PDF-")
    text = _text(target)
    for words in ("Attention notes", "Softmax over the scores", "head", "dim", "64", "scores = q @ k.T",
                  "what I really think", "Not saved yet: typed a moment ago."):  # fmt: skip
        assert words in text, (words, text)
    assert "\\frac" not in text and "\\sqrt" not in text and "√" in text
    assert window.said[-1] == f"Exported “Attention notes” to {target}"
    assert window.state.value("entry_export/format") == "pdf"


def test_export_to_html_and_markdown_off_the_gui_thread(window, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tools = window.entry_export
    shown = _choose(monkeypatch, "html", tmp_path / "page.html", leave_out_private=True)
    tools.act_export.trigger()
    qtbot.waitUntil(lambda: not tools.busy, timeout=30_000)
    html = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert shown == [] and 'src="data:image/png;base64,' in html and "<mfrac>" in html
    assert "what I really think" not in html  # left out as asked
    shown = _choose(monkeypatch, "markdown", tmp_path / "md" / "Attention notes.md")
    tools.act_export.trigger()
    qtbot.waitUntil(lambda: not tools.busy, timeout=30_000)
    assert (tmp_path / "md" / window.link).read_bytes() == (window.journal.paths.home / window.link).read_bytes()
    assert "with its image in attachments/" in window.said[-1]


def test_the_dialog_offers_to_leave_out_private_blocks_only_when_there_are_some(qtbot) -> None:  # type: ignore[no-untyped-def]
    with_private = ExportEntryDialog("A", "about", has_private=True, fmt="markdown")
    without = ExportEntryDialog("B", "about", has_private=False)
    qtbot.addWidget(with_private)
    qtbot.addWidget(without)
    assert not with_private.private.isHidden() and without.private.isHidden()
    assert with_private.chosen_format() == "markdown" and without.chosen_format() == "pdf"
    without.private.setChecked(True)
    assert not without.leave_out_private()


def test_the_journal_s_own_files_are_refused(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tools = window.entry_export
    db = window.journal.paths.db
    before = db.read_bytes()
    shown = _choose(monkeypatch, "html", db)
    tools.act_export.trigger()
    assert not tools.busy and len(shown) == 1 and "journal's database" in shown[0]
    assert db.read_bytes() == before


def test_a_pdf_that_cannot_be_written_says_why(window, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tools = window.entry_export
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    shown = _choose(monkeypatch, "pdf", blocker / "x.pdf")
    tools.act_export.trigger()
    qtbot.waitUntil(lambda: not tools.busy, timeout=30_000)
    assert len(shown) == 1 and shown[0].startswith("“Attention notes” was not exported: could not write")
    assert not tools.busy


def test_print_to_a_pdf_file_gives_selectable_text(window, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    target = tmp_path / "printed.pdf"

    def print_to_file(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", print_to_file)
    tools = window.entry_export
    qtbot.keyClick(window.editor.editor, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not tools.busy and target.exists(), timeout=60_000)
    assert "Softmax over the scores" in _text(target)
    assert window.said[-1] == f"Sent “Attention notes” to {target}"


def test_a_printer_gets_the_pages(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What a real printer is sent (page images, as Qt WebEngine prints), caught in a PDF printer."""
    from PySide6.QtPrintSupport import QPrinter

    from journal.markdown.page import page_html
    from ui.page_printer import PRINT_DPI, PagePrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(PRINT_DPI // 3)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "pages.pdf"))
    pages = PagePrinter()
    try:
        with qtbot.waitSignal(pages.finished, timeout=60_000) as done:
            pages.to_printer(page_html("<h1>Printed</h1><p>On paper.</p>"), printer)
        assert done.args == [True, ""]
    finally:
        pages.close()
    info = subprocess.run(["pdfinfo", str(tmp_path / "pages.pdf")], capture_output=True, check=True).stdout
    assert b"Pages:           1" in info


def test_one_at_a_time(window, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tools = window.entry_export
    _choose(monkeypatch, "pdf", tmp_path / "one.pdf")
    tools.act_export.trigger()
    opened: list[object] = []
    monkeypatch.setattr(ExportEntryDialog, "exec", lambda d: opened.append(d) or QDialog.DialogCode.Rejected)
    tools.act_export.trigger()
    assert opened == [] and "still under way" in window.said[-1]
    qtbot.waitUntil(lambda: not tools.busy, timeout=60_000)
    assert (tmp_path / "one.pdf").exists()


def test_without_the_web_engine_a_pdf_says_what_is_missing(qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sys

    from ui.page_printer import PagePrinter

    monkeypatch.setitem(sys.modules, "PySide6.QtWebEngineWidgets", None)  # as where QtWebEngine is not installed
    pages = PagePrinter()
    with qtbot.waitSignal(pages.finished, timeout=10_000) as done:
        pages.to_pdf("<p>text</p>", tmp_path / "x.pdf")
    pages.close()
    assert done.args[0] is False and "needs the desktop app's libraries (PySide6 with QtWebEngine" in done.args[1]
    assert not (tmp_path / "x.pdf").exists() and not pages.busy
