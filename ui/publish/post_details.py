"""Post details in the editor: what an entry's post needs beyond its text — its summary (the description link previews
show), its categories, its cover image (one of its images) and its publish date (a future one schedules the post).

A "Post details" button in the editor's details row opens the panel under it; its fields are made the first time it
opens (not while the window starts). Each field is saved as soon as it is left or chosen: the summary through the
entry (over the version the editor shows, like every save), the others as the entry's post fields
(``journal.publish.post_fields``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from journal.errors import TrailbookError
from ui.publish import strings

if TYPE_CHECKING:
    from journal.publish.post_fields import PostFields
    from journal.records import Entry
    from ui.widgets.entry_editor import EntryEditor

_IMAGE_LINK_RE = re.compile(r"attachments/[0-9a-f]{64}\.(?:png|jpe?g|gif|webp|svg|bmp)")
FIRST_IMAGE = ""  # the cover combo's value for "the text's first image"


def images_of(body: str) -> list[str]:
    """The journal images an entry's text shows, each once, in order."""
    return list(dict.fromkeys(_IMAGE_LINK_RE.findall(body)))


class PostDetails(QWidget):
    """The panel; ``changed`` fires after a field was saved, ``failed`` with the reason when it could not be."""

    changed = Signal()
    failed = Signal(str)

    def __init__(self, editor: EntryEditor) -> None:
        super().__init__(editor)
        self.setObjectName("PostDetails")
        self.editor = editor
        self.fields: PostFields  # the shown entry's, from the panel's first opening (_build)
        self._loading = False

        self.toggle = QToolButton(editor.meta_bar)
        self.toggle.setObjectName("PostDetailsToggle")
        self.toggle.setText(strings.POST_DETAILS)
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(strings.POST_DETAILS)
        self.toggle.setToolTip(strings.POST_DETAILS_TIP)
        self.toggle.toggled.connect(self._toggled)
        self._built = False
        self.hide()

        editor.meta_layout.addWidget(self.toggle)
        editor.body_layout.insertWidget(editor.body_layout.indexOf(editor.meta_bar) + 1, self)
        editor.entryLoaded.connect(lambda _entry: self.reload() if self.isVisible() else None)
        editor.saved.connect(self._entry_saved)

    # --- showing --------------------------------------------------------------------------------------------------
    def _toggled(self, on: bool) -> None:
        if on and not self._built:
            self._build()
        self.setVisible(on)
        if on:
            self.reload()

    def _build(self) -> None:
        """The fields, made on the panel's first opening (their types too: PySide6 builds a type, with its enums, on
        first use)."""
        from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit

        from journal.publish.post_fields import NONE

        self._built = True
        self.fields = NONE
        self.summary = QLineEdit(self)
        self.summary.setPlaceholderText(strings.SUMMARY_PLACEHOLDER)
        self.summary.setAccessibleName(strings.SUMMARY_LABEL)
        self.summary.setToolTip(strings.SUMMARY_TIP)
        self.summary.editingFinished.connect(self._save_summary)
        self.categories = QLineEdit(self)
        self.categories.setAccessibleName(strings.CATEGORIES_LABEL)
        self.categories.setToolTip(strings.CATEGORIES_TIP)
        self.categories.editingFinished.connect(self._save_categories)
        self.cover = QComboBox(self)
        self.cover.setAccessibleName(strings.COVER_LABEL)
        self.cover.setToolTip(strings.COVER_TIP)
        self.cover.activated.connect(lambda _i: self._save_cover())
        self.dated = QCheckBox(strings.PUBLISH_DATE_SET, self)
        self.dated.setToolTip(strings.PUBLISH_DATE_TIP)
        self.dated.toggled.connect(self._dated_toggled)
        self.when = QDateTimeEdit(self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.when.setAccessibleName(strings.PUBLISH_DATE_LABEL)
        self.when.setToolTip(strings.PUBLISH_DATE_TIP)
        self.when.editingFinished.connect(self._save_date)
        self.schedule = QLabel("", self)
        self.schedule.setObjectName("Muted")
        date_row = QHBoxLayout()
        date_row.setContentsMargins(0, 0, 0, 0)
        date_row.addWidget(self.dated)
        date_row.addWidget(self.when)
        date_row.addWidget(self.schedule, 1)

        self.error = QLabel("", self)
        self.error.setObjectName("PublishError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.failed.connect(lambda message: (self.error.setText(message), self.error.show()))
        self.changed.connect(self.error.hide)

        form = QFormLayout(self)
        form.setContentsMargins(18, 0, 18, 8)
        form.addRow(strings.SUMMARY_LABEL, self.summary)
        form.addRow(strings.CATEGORIES_LABEL, self.categories)
        form.addRow(strings.COVER_LABEL, self.cover)
        form.addRow(strings.PUBLISH_DATE_LABEL, date_row)
        form.addRow(self.error)

    @property
    def entry(self) -> Entry | None:
        return self.editor.entry

    def reload(self) -> None:
        """Show the fields of the entry the editor shows."""
        entry = self.entry
        if entry is None or not self._built:
            return
        from journal.publish.post_fields import get_post_fields

        self._loading = True
        self.error.hide()
        try:
            self.fields = get_post_fields(self.editor.journal, entry.id)
            self.summary.setText(entry.summary)
            self.categories.setText(", ".join(self.fields.categories or ()))
            self.categories.setPlaceholderText(strings.CATEGORIES_PLACEHOLDER)
            self._fill_covers(entry.body)
            self.dated.setChecked(self.fields.publish_at is not None)
            self.when.setEnabled(self.fields.publish_at is not None)
            when = self.fields.publish_at or dt.datetime.now().astimezone().replace(second=0, microsecond=0)
            self.when.setDateTime(_qt(when))
            self._show_schedule()
            read_only = entry.in_trash
            for widget in (self.summary, self.categories, self.cover, self.dated, self.when):
                widget.setEnabled(not read_only and (widget is not self.when or self.dated.isChecked()))
        finally:
            self._loading = False

    def _fill_covers(self, body: str) -> None:
        self.cover.clear()
        self.cover.addItem(strings.COVER_FIRST, FIRST_IMAGE)
        links = images_of(body)
        if self.fields.cover and self.fields.cover not in links:
            links.insert(0, self.fields.cover)
        for n, link in enumerate(links, 1):
            self.cover.addItem(strings.COVER_IMAGE.format(n=n, name=link.rsplit("/", 1)[-1][:12]), link)
        index = self.cover.findData(self.fields.cover or FIRST_IMAGE)
        self.cover.setCurrentIndex(max(index, 0))

    def _show_schedule(self) -> None:
        when = self.fields.publish_at
        if when is None:
            self.schedule.setText("")
        elif when > dt.datetime.now(dt.UTC):
            self.schedule.setText(strings.SCHEDULED.format(when=when.strftime("%a %d %b %Y, %H:%M")))
        else:
            self.schedule.setText(strings.DATED.format(when=when.strftime("%a %d %b %Y")))

    def _entry_saved(self, entry: Entry) -> None:
        if self.isVisible() and not self.summary.hasFocus() and self.summary.text() != entry.summary:
            self._loading = True
            self.summary.setText(entry.summary)
            self._loading = False

    # --- saving ---------------------------------------------------------------------------------------------------
    def _save_summary(self) -> None:
        entry = self.entry
        text = self.summary.text().strip()
        if self._loading or entry is None or text == entry.summary:
            return
        if not self.editor.save_now():  # the text first; a refused save is the editor's to show
            return
        from journal.entries import update_entry

        entry = self.editor.entry
        assert entry is not None
        try:
            saved = update_entry(self.editor.journal, entry.id, summary=text, expected_version=entry.version)
        except TrailbookError as exc:
            self.failed.emit(exc.message)
            return
        self.editor.entry = saved
        self.editor.saved.emit(saved)
        self.changed.emit()

    def _save_fields(self, **changes: object) -> None:
        entry = self.entry
        if self._loading or entry is None:
            return
        from journal.publish.post_fields import set_post_fields

        try:
            self.fields = set_post_fields(self.editor.journal, entry.id, **changes)  # type: ignore[arg-type]
        except TrailbookError as exc:
            self.failed.emit(exc.message)
            return
        self._show_schedule()
        self.changed.emit()

    def _save_categories(self) -> None:
        names = [c for c in self.categories.text().split(",") if c.strip()]
        if tuple(" ".join(n.split()) for n in names) == (self.fields.categories or ()):
            return
        self._save_fields(categories=names or None)

    def _save_cover(self) -> None:
        link = self.cover.currentData() or None
        if link != self.fields.cover:
            self._save_fields(cover=link)

    def _dated_toggled(self, on: bool) -> None:
        self.when.setEnabled(on)
        if not self._loading:
            self._save_fields(publish_at=_python(self.when.dateTime()) if on else None)

    def _save_date(self) -> None:
        if self.dated.isChecked():
            when = _python(self.when.dateTime())
            if when != self.fields.publish_at:
                self._save_fields(publish_at=when)


def _qt(when: dt.datetime) -> QDateTime:
    """A QDateTime of an aware datetime, in the offset it has."""
    offset = int(when.utcoffset().total_seconds()) if when.utcoffset() is not None else 0
    stamp = QDateTime.fromSecsSinceEpoch(int(when.timestamp()), QTimeZone.fromSecondsAheadOfUtc(offset))
    return stamp


def _python(when: QDateTime) -> dt.datetime:
    """The aware datetime of what the person set, in its own offset (this machine's for a new one)."""
    offset = dt.timedelta(seconds=when.offsetFromUtc())
    stamp = dt.datetime.fromtimestamp(when.toSecsSinceEpoch(), dt.timezone(offset))
    return stamp.replace(second=0, microsecond=0)


def install(editor: EntryEditor) -> PostDetails:
    """Add the post details to an editor (once)."""
    existing = getattr(editor, "post_details", None)
    if isinstance(existing, PostDetails):
        return existing
    panel = PostDetails(editor)
    editor.post_details = panel  # type: ignore[attr-defined]
    return panel
