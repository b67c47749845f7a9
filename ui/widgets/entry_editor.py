"""The right-hand panel: an entry's title, day, skill areas, private toggle, markdown text and preview.

There is no Save button. Every change is saved ``autosave_delay`` after the person pauses, and at once when they switch
entries, leave the editor or close the window. A failed save (disk full, read-only journal) keeps the text in the
editor, shows why in a banner, and retries until it succeeds.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal import attachments
from journal.db import Journal
from journal.errors import TrailbookError
from journal.records import Entry
from ui import strings
from ui.widgets.markdown_editor import MarkdownEditor
from ui.widgets.preview import PreviewPane
from ui.widgets.tag_editor import TagEditor

RETRY_MS = 5000
WORDS_PER_MINUTE = 200


class EntryEditor(QWidget):
    saved = Signal(object)  # Entry
    statsChanged = Signal(int, int)  # words, minutes
    saveFailed = Signal(str)
    tagsEdited = Signal()
    todayRequested = Signal()
    entryLoaded = Signal(object)  # the Entry now shown

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EditorPanel")
        self.journal = journal
        self.entry: Entry | None = None
        self._dirty = False
        self._loading = False
        self.autosave_delay = 800

        self.banner = QLabel(self)
        self.banner.setObjectName("Banner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.title = QLineEdit(self)
        self.title.setObjectName("TitleEdit")
        self.title.setPlaceholderText(strings.TITLE_PLACEHOLDER)
        self.title.setAccessibleName("Entry title")
        self.title.setToolTip("The entry's title (left empty, it comes from the first heading)")

        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("Journal day")
        self.day.setToolTip("The day this entry belongs to")
        self.tags = TagEditor(self)
        self.private = QToolButton(self)
        self.private.setObjectName("PrivateToggle")
        self.private.setCheckable(True)
        self.private.setAccessibleName("Private")
        self.private.setToolTip(strings.ACTION_PRIVATE_TIP)
        self._set_private_text(False)
        meta = QWidget(self)
        meta.setObjectName("MetaBar")
        row = QHBoxLayout(meta)
        row.setContentsMargins(18, 0, 18, 6)
        row.addWidget(self.day)
        row.addWidget(self.tags, 1)
        row.addWidget(self.private)
        self.meta_layout = row  # features add their controls here (e.g. "Counts toward…")
        self.meta_bar = meta

        self.editor = MarkdownEditor(self)
        self.editor.image_store = self._store_image
        self.preview = PreviewPane(journal.paths.home, self)
        self.preview.hide()
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.editor)
        self.split.addWidget(self.preview)
        self.split.setChildrenCollapsible(False)

        self.empty = QWidget(self)
        empty_label = QLabel(strings.NO_ENTRY, self.empty)
        empty_label.setObjectName("EmptyState")
        empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.today_button = QPushButton(strings.WRITE_TODAY, self.empty)
        self.today_button.setAccessibleName(strings.WRITE_TODAY)
        self.today_button.setToolTip("Open today's entry, or start it from your daily template (Ctrl+T)")
        self.today_button.setDefault(True)
        self.today_button.clicked.connect(self.todayRequested.emit)
        empty_col = QVBoxLayout(self.empty)
        empty_col.addStretch(1)
        empty_col.addWidget(empty_label)
        empty_col.addSpacing(10)
        empty_col.addWidget(self.today_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_col.addStretch(1)
        body = QWidget(self)
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self.title)
        col.addWidget(meta)
        col.addWidget(self.split, 1)
        self.body_layout = col  # features add their bars under the text here (e.g. find and replace)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.save_now)
        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(250)
        self._stats_timer.timeout.connect(self._update_stats)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(120)
        self._preview_timer.timeout.connect(lambda: self.preview.set_text(self.editor.toPlainText()))

        self.editor.textChanged.connect(self._text_changed)
        self.editor.focusLost.connect(self.save_now)
        self.editor.imageRefused.connect(lambda msg: self._show_banner(f"Image not added: {msg}"))
        self.title.textEdited.connect(self._changed)
        self.title.editingFinished.connect(self.save_now)
        self.day.dateChanged.connect(lambda _d: self._changed())
        self.tags.tagsChanged.connect(lambda _t: (self._changed(), self.save_now(), self.tagsEdited.emit()))
        self.private.toggled.connect(self._private_toggled)
        self.setEnabled(True)
        self.stack.setCurrentWidget(self.empty)

    # --- loading -----------------------------------------------------------------------------------------------
    def load(self, entry: Entry | None, *, focus_body: bool = False) -> None:
        """Show an entry (saving the one shown before, if it changed)."""
        self.save_now()
        if self._dirty:  # the previous entry could not be saved: keep it on screen rather than lose the text
            return
        self._loading = True
        self.entry = entry
        try:
            if entry is None:
                self.stack.setCurrentWidget(self.empty)
                self.statsChanged.emit(0, 0)
                return
            self.stack.setCurrentWidget(self.stack.widget(1))
            self.title.setText(entry.title)
            self.day.setDate(QDate(entry.day.year, entry.day.month, entry.day.day))
            self.tags.set_tags(entry.tags)
            self.private.setChecked(entry.private)
            self._set_private_text(entry.private)
            self.editor.setPlainText(entry.body)
            self.editor.document().clearUndoRedoStacks()
            read_only = entry.in_trash
            for widget in (self.title, self.day, self.tags, self.private):
                widget.setEnabled(not read_only)
            self.editor.setReadOnly(read_only)
            if read_only:
                self._show_banner(strings.IN_TRASH_BANNER)
            else:
                self.banner.hide()
            self.preview.set_text(entry.body)
            self._stats_timer.start()  # counted a moment later, not while the entry opens
            if focus_body and not read_only:
                self.editor.setFocus()
                self.editor.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._loading = False
            self._dirty = False
        self.entryLoaded.emit(entry)

    def set_known_tags(self, colours: dict[str, str]) -> None:
        self.tags.set_known(colours)

    # --- changes and saving ----------------------------------------------------------------------------------
    def _text_changed(self) -> None:
        if self._loading:
            return
        self._changed()
        self._stats_timer.start()
        if self.preview.isVisible():
            self._preview_timer.start()

    def _changed(self) -> None:
        if self._loading or self.entry is None or self.entry.in_trash:
            return
        self._dirty = True
        self._timer.start(self.autosave_delay)

    def _private_toggled(self, on: bool) -> None:
        self._set_private_text(on)
        if not self._loading:
            self._changed()
            self.save_now()

    def _set_private_text(self, on: bool) -> None:
        self.private.setText("🔒 Private" if on else "Public")
        self.private.setToolTip(strings.PRIVATE_ON if on else strings.PRIVATE_OFF)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def save_now(self) -> bool:
        """Save pending changes; True when nothing is left unsaved."""
        self._timer.stop()
        if not self._dirty or self.entry is None:
            return True
        qdate = self.day.date()
        from journal.entries import update_entry  # the ORM loads on the first save, not at start-up

        try:
            entry = update_entry(
                self.journal,
                self.entry.id,
                title=self.title.text(),
                body=self.editor.toPlainText(),
                tags=self.tags.tags(),
                day=dt.date(qdate.year(), qdate.month(), qdate.day()),
                private=self.private.isChecked(),
            )
        except TrailbookError as exc:
            self._show_banner(strings.SAVE_FAILED.format(reason=exc.message))
            self.saveFailed.emit(exc.message)
            self._timer.start(RETRY_MS)
            return False
        self._dirty = False
        self.entry = entry
        if self.banner.isVisible() and not entry.in_trash:
            self.banner.hide()
        if not self.title.hasFocus() and self.title.text() != entry.title:
            self.title.setText(entry.title)
        self.saved.emit(entry)
        return True

    def discard_pending(self) -> None:
        """Forget unsaved changes and stop retrying: the journal is being replaced by a restore (the caller has put
        the text on the clipboard)."""
        self._timer.stop()
        self._dirty = False

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def _update_stats(self) -> None:
        from journal.markdown.words import count_words  # its large patterns compile on first use, after start-up

        words = count_words(self.editor.toPlainText())
        self.statsChanged.emit(words, max(1, round(words / WORDS_PER_MINUTE)) if words else 0)

    def _store_image(self, data: bytes, suffix: str) -> str:
        return attachments.store_attachment(self.journal, data, suffix)

    # --- preview -------------------------------------------------------------------------------------------------
    def set_preview_visible(self, visible: bool) -> None:
        self.preview.setVisible(visible)
        if visible:
            total = max(2, self.split.width())
            self.split.setSizes([total // 2, total - total // 2])
            self.preview.set_text(self.editor.toPlainText())

    def replace_text_undoably(self, title: str, body: str) -> None:
        """Put an earlier text back as one edit the person can undo with Ctrl+Z."""
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(body)
        cursor.endEditBlock()
        self.title.setText(title)
        self._changed()
        self.save_now()
