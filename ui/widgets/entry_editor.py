"""The right-hand panel: an entry's title, day, skill areas, private toggle, markdown text and preview.

There is no Save button. Every change is saved ``autosave_delay`` after the person pauses, and at once when they switch
entries, leave the editor or close the window. A failed save (disk full, read-only journal) keeps the text in the
editor, shows why in a banner, and retries until it succeeds.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from concurrent.futures import Future, wait

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal import attachments
from journal.db import Journal
from journal.errors import EntryChanged, EntryInTrash, TrailbookError
from journal.merge import EntryFields, fields_of
from journal.records import Entry
from ui import strings
from ui.keys import new_button
from ui.widgets.conflict_banner import ConflictBanner
from ui.widgets.day_edit import DayEdit
from ui.widgets.markdown_editor import MarkdownEditor
from ui.widgets.meta_bar import MetaBar
from ui.widgets.preview import PreviewPane
from ui.widgets.tag_editor import TagEditor
from ui.widgets.title_edit import TitleEdit
from ui.writer import Writer

RETRY_MS = 5000
SAVE_WAIT_MS = 150  # the longest the window waits for a save before it says "Saving…" and goes on
WORDS_PER_MINUTE = 200
PREVIEW_SETTLE_MS = 120  # the longest a preview waits for typing to pause (see EntryEditor._preview_changed)


class EntryEditor(QWidget):
    saved = Signal(object)  # Entry
    savingStarted = Signal()  # a save takes longer than the window waits for it: "Saving…" until ``saved``
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
        # Set by ui.sync: what to do when a save is refused because another writer changed or trashed the entry
        # (returns save_now's answer). ``held``: no autosave (typing, leaving the text, a pause) while a conflict waits
        # for the person's choice; leaving the entry (``save_now``) still saves.
        self.on_refused: Callable[[EntryChanged | EntryInTrash], bool] | None = None
        self.held = False
        # Saves run on the writing thread (ui.writer); the window waits for one at most this long.
        self.writer = Writer(self)
        self.save_wait_ms = SAVE_WAIT_MS
        self._saving: Future[Entry] | None = None
        self._fields_of_save: dict[int, EntryFields] = {}
        self._pending_load: tuple[Entry | None, bool] | None = None

        self.banner = QLabel(self)
        self.banner.setObjectName("Banner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.title = TitleEdit(self)
        self.title.setObjectName("TitleEdit")
        self.title.setPlaceholderText(strings.TITLE_PLACEHOLDER)
        self.title.setAccessibleName("Entry title")
        self.title.setToolTip("The entry's title (left empty, it comes from the first heading)")

        self.day = DayEdit(self)
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
        meta = MetaBar(self)  # the skill areas go to a line of their own when the editor is narrow
        row = meta.row
        row.addWidget(self.day)
        row.addWidget(self.private)
        meta.set_tags(self.tags)
        # Front matter kept from an imported file (keys Trailbook has no field for): shown, never edited here.
        self.kept = QLabel(meta)
        self.kept.setObjectName("KeptFrontMatter")
        self.kept.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kept.hide()
        row.addWidget(self.kept)
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
        self.today_button = new_button(strings.WRITE_TODAY, self.empty)
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
        self.conflict = ConflictBanner(self)  # another writer changed the same lines: ui/sync.py asks what stays
        layout.addWidget(self.conflict)
        layout.addWidget(self.stack, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._autosave)
        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(250)
        self._stats_timer.timeout.connect(self._update_stats)
        # The preview on the leading edge (_preview_changed): a fixed 120 ms wait made every preview that late.
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.timeout.connect(self._render_preview)
        self._preview_at = 0.0  # when the preview was last asked to render (time.monotonic)

        # contentsChange, not textChanged: a highlighter's pass (spelling marks drawn later) emits textChanged with the
        # text unchanged, which must not count as an edit (it would hide another writer's change behind a merge).
        self.editor.document().contentsChange.connect(
            lambda _pos, removed, added: self._text_changed() if removed or added else None
        )
        self.editor.focusLost.connect(self._autosave)
        self.editor.imageRefused.connect(lambda msg: self._show_banner(f"Image not added: {msg}"))
        self.title.textEdited.connect(self._changed)
        self.title.returnPressed.connect(self.focus_body)  # Enter in the title: on to the text
        # Tab: title → day → skill areas → text, one stop each (the tag chips are removed with Backspace, not Tab).
        QWidget.setTabOrder(self.title, self.day)
        QWidget.setTabOrder(self.day, self.tags.field)
        QWidget.setTabOrder(self.tags.field, self.editor)
        self.title.editingFinished.connect(self._autosave)
        self.day.dateChanged.connect(lambda _d: self._changed())
        self.tags.tagsChanged.connect(lambda _t: (self._changed(), self._autosave(), self.tagsEdited.emit()))
        self.private.toggled.connect(self._private_toggled)
        self.setEnabled(True)
        self.stack.setCurrentWidget(self.empty)

    # --- loading -----------------------------------------------------------------------------------------------
    def load(self, entry: Entry | None, *, focus_body: bool = False) -> None:
        """Show an entry (saving the one shown before, if it changed; while that save is on its way, the entry
        opens once it is done)."""
        self.save_now()
        if self._saving is not None:
            self._pending_load = (entry, focus_body)
            return
        if self._dirty:  # the previous entry could not be saved: keep it on screen rather than lose the text
            return
        self._loading = True
        self.entry = entry
        self.held = False
        self.conflict.hide()
        try:
            if entry is None:
                self.banner.hide()  # a banner speaks of the entry shown: with none, it goes too
                self.stack.setCurrentWidget(self.empty)
                self.statsChanged.emit(0, 0)
                return
            self.stack.setCurrentWidget(self.stack.widget(1))
            self.title.setText(entry.title)
            self.title.setCursorPosition(0)  # a title longer than the field shows its start, not its end
            self.day.setDate(QDate(entry.day.year, entry.day.month, entry.day.day))
            self.tags.set_tags(entry.tags)
            self.private.setChecked(entry.private)
            self._set_private_text(entry.private)
            self._show_kept(entry)
            read_only = entry.in_trash
            for widget in (self.title, self.day, self.tags, self.private):
                widget.setEnabled(not read_only)
            self.editor.setReadOnly(read_only)
            # The preview's render goes first: its process renders while this thread fills and highlights the editor.
            self.preview.set_text(entry.body)
            self.editor.setPlainText(entry.body)
            self.editor.document().clearUndoRedoStacks()
            if read_only:
                self._show_banner(strings.IN_TRASH_BANNER)
            else:
                self.banner.hide()
            self._stats_timer.start()  # counted a moment later, not while the entry opens
            if focus_body and not read_only:
                self.editor.setFocus()
                self._place_cursor(entry)
        finally:
            self._loading = False
            self._dirty = False
        self.entryLoaded.emit(entry)

    def focus_body(self) -> None:
        """Move the cursor to the start of the text (Enter in the title)."""
        self.editor.setFocus(Qt.FocusReason.TabFocusReason)
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)

    def _place_cursor(self, entry: Entry) -> None:
        """The cursor where writing goes on: in the day's daily entry, on the template's first place to write (its
        placeholder selected, so typing replaces it); elsewhere at the end."""
        if not entry.is_daily:
            self.editor.moveCursor(QTextCursor.MoveOperation.End)
            return
        from journal.templates import first_place_to_write

        start, end = first_place_to_write(entry.body)
        cursor = self.editor.textCursor()
        cursor.setPosition(_utf16_len(entry.body[:start]))
        cursor.setPosition(_utf16_len(entry.body[:end]), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)

    def set_known_tags(self, colours: dict[str, str]) -> None:
        self.tags.set_known(colours)

    # --- changes and saving ----------------------------------------------------------------------------------
    def _text_changed(self) -> None:
        if self._loading:
            return
        self._changed()
        self._stats_timer.start()
        if self.preview.isVisible():
            self._preview_changed()

    def _changed(self) -> None:
        if self._loading or self.entry is None or self.entry.in_trash:
            return
        self._dirty = True
        if not self.held:
            self._timer.start(self.autosave_delay)

    def _private_toggled(self, on: bool) -> None:
        self._set_private_text(on)
        if not self._loading:
            self._changed()
            self._autosave()

    def _show_kept(self, entry: Entry) -> None:
        kept = entry.front_matter
        self.kept.setVisible(bool(kept))
        if kept:
            from journal import frontmatter

            self.kept.setText(strings.KEPT_FRONT_MATTER.format(n=len(kept)))
            self.kept.setToolTip(strings.KEPT_FRONT_MATTER_TIP + "\n\n" + frontmatter.dump(kept, "")[4:-4].rstrip())

    def _set_private_text(self, on: bool) -> None:
        self.private.setText("🔒 Private" if on else "Public")
        self.private.setToolTip(strings.PRIVATE_ON if on else strings.PRIVATE_OFF)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _autosave(self) -> None:
        if not self.held:
            self.save_now()

    @property
    def saving(self) -> bool:
        """A save is on its way on the writing thread."""
        return self._saving is not None

    def save_now(self) -> bool:
        """Save pending changes; True when nothing is left unsaved. The write runs on the writing thread
        (ui.writer); the window waits for it at most ``save_wait_ms`` — beyond that it says "Saving…" and the save
        finishes by itself (an entry asked for meanwhile opens then)."""
        self._timer.stop()
        if self._saving is not None and not self._wait(self._saving):
            return False
        if not self._dirty or self.entry is None:
            return True
        fields, shown, journal = self.current_fields(), self.entry, self.journal

        def write() -> Entry:
            from journal.entries import update_entry  # the ORM loads here, on the writing thread

            # Only over the version shown: a newer one saved elsewhere is merged with this, never overwritten.
            return update_entry(
                journal, shown.id, title=fields.title, body=fields.body, tags=fields.tags, day=fields.day,
                private=fields.private, expected_version=shown.version,
            )  # fmt: skip

        future = self.writer.submit(write, lambda f: self._finished(f, fields))
        self._saving = future
        self._fields_of_save[id(future)] = fields
        if self._wait(future):
            return not self._dirty and self._saving is None
        self.savingStarted.emit()
        return False

    def _wait(self, future: Future[Entry]) -> bool:
        """Wait for ``future`` at most ``save_wait_ms`` on the GUI thread; handle it here when it is done in time."""
        wait([future], timeout=self.save_wait_ms / 1000)
        if not future.done():
            return False
        if self._saving is future:
            self._finished(future, self._saving_fields(future))
        return True

    def _saving_fields(self, future: Future[Entry]) -> EntryFields:
        return self._fields_of_save.get(id(future)) or self.current_fields()

    def finish_saving(self, timeout_ms: int = 30_000) -> bool:
        """Save what is left and wait for it (closing the window), keeping the window responsive meanwhile."""
        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout_ms / 1000
        self.save_now()
        while self._saving is not None and time.monotonic() < deadline:
            wait([self._saving], timeout=0.05)
            QCoreApplication.processEvents()
        return self._saving is None and not self._dirty

    def _finished(self, future: Future[Entry], fields: EntryFields) -> None:
        """A save came back (on the GUI thread): take its new version, or say why not, or hand a refusal to ui.sync."""
        if self._saving is not future:
            return  # already handled by a wait in time
        self._saving = None
        self._fields_of_save.pop(id(future), None)
        exc = future.exception()
        if isinstance(exc, EntryChanged | EntryInTrash):
            if self.on_refused is not None:
                self.on_refused(exc)
            else:
                self._show_banner(strings.SAVE_FAILED.format(reason=exc.message))
            self._pending_load = None
            return
        if isinstance(exc, TrailbookError):
            self._show_banner(strings.SAVE_FAILED.format(reason=exc.message))
            self.saveFailed.emit(exc.message)
            self._timer.start(RETRY_MS)
            self._pending_load = None
            return
        if exc is not None:
            raise exc
        entry = future.result()
        self.entry = entry
        self._dirty = self.current_fields() != fields  # typed on while it saved: that is saved next
        if self._dirty and not self.held:
            self._timer.start(self.autosave_delay)
        if self.banner.isVisible() and not entry.in_trash:
            self.banner.hide()
        if not self.title.hasFocus() and self.title.text() != entry.title:
            self.title.setText(entry.title)
        self.saved.emit(entry)
        if self._pending_load is not None:
            wanted, focus_body = self._pending_load
            self._pending_load = None
            self.load(wanted, focus_body=focus_body)

    def current_fields(self) -> EntryFields:
        """What the editor shows now, saved or not."""
        qdate = self.day.date()
        return EntryFields(
            title=self.title.text(),
            body=self.editor.toPlainText(),
            tags=tuple(self.tags.tags()),
            day=dt.date(qdate.year(), qdate.month(), qdate.day()),
            private=self.private.isChecked(),
        )

    def show_newer(self, entry: Entry, fields: EntryFields | None = None) -> None:
        """Show a newer version of the open entry (saved elsewhere) without losing the person's place: only the
        changed span of the text is replaced, so the cursor, the selection and the scroll position stay where they
        were. With ``fields`` (the person's edits merged into it) they are shown instead and stay to be saved."""
        shown = fields or fields_of(entry)
        self._loading = True
        try:
            self.entry = entry
            if self.title.text() != shown.title:
                self.title.setText(shown.title)
            day = QDate(shown.day.year, shown.day.month, shown.day.day)
            if self.day.date() != day:
                self.day.setDate(day)
            if tuple(self.tags.tags()) != shown.tags:
                self.tags.set_tags(shown.tags)
            if self.private.isChecked() != shown.private:
                self.private.setChecked(shown.private)
                self._set_private_text(shown.private)
            replace_changed_span(self.editor, shown.body)
            self._set_read_only(entry.in_trash)
        finally:
            self._loading = False
        self._dirty = fields is not None
        if self._dirty and not self.held:
            self._timer.start(self.autosave_delay)
        self._stats_timer.start()
        if self.preview.isVisible():
            self._preview_changed()

    def _set_read_only(self, read_only: bool) -> None:
        for widget in (self.title, self.day, self.tags, self.private):
            widget.setEnabled(not read_only)
        self.editor.setReadOnly(read_only)

    def show_trashed(self, entry: Entry, message: str) -> None:
        """The open entry was moved to the trash elsewhere: show it read-only, as the trash shows it, and say so."""
        self._timer.stop()
        self.held = False
        self.show_newer(entry)
        self._show_banner(message)

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
    def _preview_changed(self) -> None:
        """The first change after a pause is rendered at once; changes that follow within ``settle`` coalesce into
        one render once the text has been still that long. ``settle`` is twice the last render's time, at most
        PREVIEW_SETTLE_MS: a short entry's preview follows every key, a 20,000-word one (a render of ~150 ms, and
        Chromium laying the page out again) waits for a pause instead of competing with the typing for the CPU."""
        settle = min(PREVIEW_SETTLE_MS, 2 * self.preview.last_render_ms)
        if (time.monotonic() - self._preview_at) * 1000 >= settle and not self._preview_timer.isActive():
            self._render_preview()
        else:
            self._preview_timer.start(int(settle))

    def _render_preview(self) -> None:
        self._preview_at = time.monotonic()
        self.preview.set_text(self.editor.toPlainText())

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


def replace_changed_span(editor: MarkdownEditor, text: str) -> None:
    """Make ``editor`` show ``text`` by replacing only the span between the parts both texts share at their start and
    end, as one undoable edit: the cursor and the scroll position outside that span do not move."""
    old = editor.toPlainText()
    if old == text:
        return
    start = 0
    limit = min(len(old), len(text))
    while start < limit and old[start] == text[start]:
        start += 1
    end_old, end_new = len(old), len(text)
    while end_old > start and end_new > start and old[end_old - 1] == text[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    bar = editor.verticalScrollBar()
    scroll = bar.value()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(_utf16_len(old[:start]))
    cursor.setPosition(_utf16_len(old[:end_old]), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text[start:end_new])
    bar.setValue(scroll)


def _utf16_len(text: str) -> int:
    """Qt counts positions in UTF-16 units: a character outside the BMP (an emoji) is two."""
    return len(text.encode("utf-16-le")) // 2
