"""Every writer sees every other writer: the window notices changes made by other processes (the command line,
another tool, a later sync) within about a second, shows them without losing the person's place, and never lets a
save overwrite a newer text.

- ``JournalWatcher`` polls ``journal.changes.ChangeProbe`` twice a second (a few microseconds each) and at once when
  the database or its ``-wal`` file changes on disk; it signals only other writers' changes, never our own.
- ``refresh`` reads the list, the counts, the skill areas and the page shown (roadmap, blogs) again, keeping the
  selection and the scroll position.
- ``OpenEntrySync`` handles the entry in the editor. Changed elsewhere with no local edits: it reloads (only the
  changed span, so the cursor stays). Both changed: a clean three-way merge is applied and saved; otherwise the
  conflict banner shows both versions' differences and the choice, and both versions are kept in History. Moved to the
  trash elsewhere: read-only with a banner (and an unsaved text goes to its History, never into the trashed entry).
  A save refused because the entry moved on (``EntryChanged``) goes the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from journal import queries
from journal.changes import ChangeProbe
from journal.db import Journal
from journal.errors import EntryChanged, EntryInTrash, EntryNotFound, TrailbookError
from journal.merge import fields_of, merge_entry
from journal.records import Entry
from ui import strings
from ui.damage import unless_damaged

if TYPE_CHECKING:
    from ui.desk import Desk

POLL_MS = 500
SOON_MS = 40  # after the file changed on disk: let the writer's commit finish, then look
WARM_UP_MS = 1000  # after the window shows: load the write services on the writing thread


class JournalWatcher(QObject):
    """Emits ``changedElsewhere`` when another process wrote to the journal."""

    changedElsewhere = Signal()

    def __init__(self, journal: Journal, parent: QObject | None = None, *, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.journal = journal
        self.probe = ChangeProbe(journal)
        self.probe.start()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(SOON_MS)
        self._soon.timeout.connect(self.poll)
        self.files = QFileSystemWatcher(self)
        self.files.fileChanged.connect(lambda _path: self._soon.start())
        self._watch_files()

    def _watch_files(self) -> None:
        db = self.journal.paths.db
        wanted = [str(p) for p in (db, db.with_name(db.name + "-wal")) if p.exists()]
        missing = [p for p in wanted if p not in self.files.files()]
        if missing:
            self.files.addPaths(missing)

    def poll(self) -> None:
        if self.journal.closed:
            self.timer.stop()
            return
        self._watch_files()  # a -wal file made (or made again) since the last look
        if self.probe.poll():
            self.changedElsewhere.emit()


class OpenEntrySync(QObject):
    """Keeps the entry in the editor true to the journal when someone else writes it."""

    def __init__(self, window: Desk) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor
        self.editor.on_refused = self.refused
        self.editor.conflict.keepMine.connect(self.keep_mine)
        self.editor.conflict.takeTheirs.connect(self.take_theirs)

    @property
    def journal(self) -> Journal:
        return self.window.journal

    def _say(self, text: str) -> None:
        self.window.show_status(text)

    def check(self) -> None:
        """Compare the open entry with the journal's (one indexed read) and show what changed."""
        shown = self.editor.entry
        if shown is None:
            return
        if self.editor.saving:  # our own save is on its way: look once it is done
            QTimer.singleShot(SOON_MS, self, self.check)
            return
        try:
            now = queries.get_entry(self.journal, shown.id)
        except EntryNotFound:
            self._deleted_for_good(shown)
            return
        except TrailbookError:
            return  # the journal is busy or going away: the next look will tell
        if now.version != shown.version:
            self.arrived(now)

    def refused(self, exc: EntryChanged | EntryInTrash) -> bool:
        """A save found the entry moved on (the watcher had not looked yet): handle it as news, then save again."""
        current = exc.current
        assert isinstance(current, Entry)
        return self.arrived(current)

    def arrived(self, now: Entry) -> bool:
        """A newer version of the open entry, saved elsewhere. True when nothing is left unsaved."""
        editor = self.editor
        from journal import entries as entry_service

        if now.in_trash:
            message = strings.TRASHED_ELSEWHERE
            if editor.dirty:  # never written into the trashed entry, never lost either
                mine = editor.current_fields()
                entry_service.keep_version(self.journal, now.id, mine.title, mine.body)
                message = strings.TRASHED_ELSEWHERE_KEPT
            editor.conflict.hide()
            editor.show_trashed(now, message)
            self._say("")  # the banner says it; an "Updated: …" or "Saved" left in the status bar would mislead
            return True
        if editor.entry is not None and editor.entry.in_trash and not now.in_trash:
            editor.banner.hide()  # restored elsewhere: editable again
        if not editor.dirty:
            editor.show_newer(now)
            self._say(strings.RELOADED_ELSEWHERE)
            return True
        assert editor.entry is not None
        mine = editor.current_fields()
        result = merge_entry(fields_of(editor.entry), mine, fields_of(now))
        if result.fields is not None:
            editor.held = False
            editor.conflict.hide()
            editor.show_newer(now, result.fields)
            self._say(strings.MERGED_ELSEWHERE)
            return editor.save_now()
        # Both changed the same lines: theirs is the entry now, mine stays on screen, unsaved, until the person picks.
        editor.held = True
        editor.show_newer(now, mine)
        editor.conflict.show_conflict(_whole(now.title, now.body), _whole(mine.title, mine.body))
        return False

    def keep_mine(self) -> None:
        """Mine becomes the entry; theirs goes to History (every save keeps the text it replaces)."""
        self.editor.held = False
        self.editor.conflict.hide()
        self.editor.save_now()

    def take_theirs(self) -> None:
        """Theirs stays the entry and is shown; mine goes to History."""
        from journal import entries as entry_service

        editor = self.editor
        if editor.entry is None:
            return
        mine = editor.current_fields()
        try:
            entry_service.keep_version(self.journal, editor.entry.id, mine.title, mine.body)
            now = queries.get_entry(self.journal, editor.entry.id)
        except TrailbookError as exc:
            self._say(f"⚠ {exc.message}")
            return
        editor.held = False
        editor.conflict.hide()
        editor.show_newer(now)
        self._say(strings.CONFLICT_TOOK_THEIRS)

    def _deleted_for_good(self, shown: Entry) -> None:
        """The trash was emptied elsewhere with the open entry in it: an unsaved text becomes a new entry."""
        editor = self.editor
        if editor.dirty:
            from journal import entries as entry_service

            mine = editor.current_fields()
            try:
                entry_service.create_entry(self.journal, mine.body, title=mine.title, tags=mine.tags, day=mine.day)
            except TrailbookError as exc:
                self._say(f"⚠ {exc.message}")
                return
        editor.discard_pending()
        editor.load(None)


def _whole(title: str, body: str) -> str:
    return f"{title}\n\n{body}"


class Sync(QObject):
    """The feature as installed in a window: the watcher, the open entry's sync, and the refresh of what is shown."""

    def __init__(self, window: Desk) -> None:
        super().__init__(window)
        self.window = window
        self.watcher = JournalWatcher(window.journal, self)
        self.entry = OpenEntrySync(window)
        self.watcher.changedElsewhere.connect(self.refresh)
        # The write services load on the writing thread a moment after the window shows (not on the GUI thread, and
        # not while the window draws its first frames).
        QTimer.singleShot(WARM_UP_MS, self, window.editor.writer.warm_up)

    def refresh(self) -> None:
        """Show another writer's changes everywhere: the list, the counts and skill areas, the page shown, the entry."""
        window = self.window
        window.list.refresh_keeping_place()
        window.nav.reload()
        window.refresh_known_tags()
        page = window.pages.currentWidget()
        if page is not window.journal_page and page is not None and page.isVisible():
            for widget in (page, *page.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)):
                if callable(getattr(type(widget), "refresh", None)):
                    unless_damaged(widget.refresh, None)  # the Roadmap's or the Blogs' page; damage: said once
                    break
        self.entry.check()


def install(window: Desk) -> Sync:
    return Sync(window)
