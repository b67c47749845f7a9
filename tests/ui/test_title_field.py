"""The entry's title field at 1024×700 with a 120-character title: it ends in "…" inside the field instead of being
cut mid-letter at its right edge, shows the whole title as its tooltip, and edits (and saves) the whole title."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from journal import entries as entry_service

LONG = ("Notes on dynamic batching for LLM serving: latency budgets, queueing theory, and what the p99 taught me "
        "about GPUs, too.")  # fmt: skip


def _open_long(qtbot, make_window):  # type: ignore[no-untyped-def]
    assert len(LONG) == 120
    window = make_window()
    window.resize(1024, 700)
    entry = entry_service.create_entry(window.journal, "Some text.", title=LONG)
    window.list.reload()
    window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    window.list.view.setFocus()
    qtbot.waitUntil(lambda: window.width() == 1024)
    QApplication.processEvents()
    qtbot.waitUntil(window.editor.title.elided)  # from the turn after the field first paints the title
    return window, entry


def test_a_long_title_ends_in_an_ellipsis_inside_the_field(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window, _entry = _open_long(qtbot, make_window)
    title = window.editor.title
    assert not title.hasFocus() and title.elided()
    assert title.text() == LONG and title.toolTip() == LONG  # the whole title: in the field and in its tooltip
    # What is painted is the title cut short with "…", where the field paints a title that fits.
    reference = type(title)(title.parentWidget())
    reference.setObjectName(title.objectName())
    reference.show()

    def alike() -> bool:  # beside it, out of any layout, once the window's layout has settled
        reference.setGeometry(title.geometry())
        QApplication.processEvents()
        return reference.geometry() == title.geometry()

    qtbot.waitUntil(alike)
    shown = title.fontMetrics().elidedText(LONG, Qt.TextElideMode.ElideRight, title._contents().width())
    assert shown.endswith("…") and len(shown) < 60
    reference.setText(shown)
    reference.setCursorPosition(0)
    assert not reference.elided()
    assert title.grab().toImage() == reference.grab().toImage()
    reference.deleteLater()


def test_a_long_title_is_edited_and_saved_whole(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window, entry = _open_long(qtbot, make_window)
    title = window.editor.title
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    assert not title.elided() and title.toolTip() != LONG
    title.end(False)
    qtbot.keyClicks(title, "!")
    window.editor.editor.setFocus()  # leaving the title saves it
    qtbot.waitUntil(lambda: not title.hasFocus())
    assert title.elided() and title.cursorPosition() == 0
    assert window.editor.save_now()
    window.editor.finish_saving()
    assert entry_service.get_entry(window.journal, entry.id).title == LONG + "!"
    # A title that fits shows whole, with the field's own tooltip.
    title.setText("Short")
    assert not title.elided() and title.toolTip() != "Short"
