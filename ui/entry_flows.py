"""The entry flows of the main window: New Entry, Today, New Entry from Template, Delete (to the trash), Restore,
Empty Trash and History, with their actions in the File and Entry menus.

Every write runs on the editor's writing thread (``ui.writer``), behind the save of the entry shown: the window waits
for it at most ``editor.save_wait_ms`` (then the flow finishes by itself, saying "Saving…" meanwhile), so a write
waiting for the start-up integrity check or another writer's lock never freezes the window, and the ORM never loads
on the GUI thread. Reads (what Today opens, how many entries the trash holds) stay here: they are plain SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence

from journal import queries
from journal.adding import add_daily_entry, add_entry
from journal.db import Journal
from journal.errors import TrailbookError
from journal.records import TUTORIAL, Entry, EntryFilter
from journal.settings import load_preferences, save_preferences
from ui import strings
from ui.damage import unless_damaged
from ui.keys import make_action

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def entry_service():  # type: ignore[no-untyped-def]
    """The entry write services (trash, restore), imported on first use and only on the writing thread: they load
    the ORM. Adding an entry is plain SQL (``journal.adding``)."""
    from journal import entries

    return entries


def _each(journal: Journal, ids: list[str], service: str) -> Callable[[], int]:
    """A write that applies the entry service named ``service`` (trash_entry) to each entry."""

    def work() -> int:
        write = getattr(entry_service(), service)
        for entry_id in ids:
            write(journal, entry_id)
        return len(ids)

    return work


class EntryFlows(QObject):
    """Creates, trashes and restores entries for one window, and owns the actions that do it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor
        S = QKeySequence.StandardKey
        act = make_action
        self.act_new = act(window, strings.ACTION_NEW, strings.ACTION_NEW_TIP, S.New, self.new_entry)
        self.act_today = act(window, strings.ACTION_TODAY, strings.ACTION_TODAY_TIP, "Ctrl+T", self.open_today)
        self.act_template = act(window, strings.ACTION_FROM_TEMPLATE, "", "Ctrl+Shift+N", self.new_from_template)
        self.act_delete = act(window, strings.ACTION_DELETE, strings.ACTION_DELETE_TIP, S.Delete, self.delete_selected)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.list.view.addAction(self.act_delete)
        self.act_restore = act(window, strings.ACTION_RESTORE, "", None, self.restore_selected)
        self.act_empty_trash = act(window, strings.ACTION_EMPTY_TRASH, "", None, self.empty_trash)
        self.act_history = act(window, strings.ACTION_HISTORY, strings.ACTION_HISTORY_TIP, "Ctrl+Shift+H",
                               self.show_history)  # fmt: skip
        window.add_to_menu("file", self.act_new, self.act_today, self.act_template)
        window.add_to_menu("entry", self.act_history, self.act_delete, self.act_restore, self.act_empty_trash)
        self.editor.todayRequested.connect(self.open_today)
        window.explain_disabled(self.act_restore, lambda: strings.RESTORE_ONLY_IN_TRASH)
        # The list's context menu offers Restore where it can act: in the Trash (the Entry menu always lists it).
        self.act_restore_here = act(window.list.view, strings.ACTION_RESTORE, strings.ACTION_RESTORE_TIP, None,
                                    self.restore_selected)  # fmt: skip
        self.act_restore.enabledChanged.connect(self.act_restore_here.setVisible)
        self.act_restore_here.setVisible(self.act_restore.isEnabled())

    # --- writing on the writer thread ------------------------------------------------------------------------------
    def _write(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``work`` on the writing thread, then ``done(result)`` here; a refused write is shown, nothing else."""

        def finished(future: Future[Any]) -> None:
            try:
                result = future.result()
            except TrailbookError as exc:
                self.window.show_status("")
                self.window.show_error(exc.message)
                return
            done(result)

        if not self.editor.writer.run(work, finished, wait_ms=self.editor.save_wait_ms):
            self.window.show_status(strings.SAVING, 0)

    def _ready(self) -> bool:
        """The entry shown is saved, or its save is on its way (a write queued now runs after it)."""
        return self.editor.save_now() or self.editor.saving

    # --- creating ------------------------------------------------------------------------------------------------
    def _after_create(self, entry: Entry, *, focus_title: bool = False) -> None:
        w = self.window
        w.show_status("")
        w.nav.reload()
        w.list.search.clear()
        w.list.reload()
        w.list.select_entry(entry.id)
        w.open_entry(entry.id, focus_body=not focus_title)
        if focus_title and self.editor.entry is not None and self.editor.entry.id == entry.id:
            self.editor.title.setFocus()
            self.editor.title.selectAll()

    def new_entry(self) -> None:
        if not self._ready():
            return
        journal = self.window.journal
        self._write(lambda: add_entry(journal, "", title="Untitled"),
                    lambda entry: self._after_create(entry, focus_title=True))  # fmt: skip

    def open_today(self) -> None:
        """Today's daily entry (never another entry dated today: a TIL, an import, the Welcome tutorial), made from
        the daily template when the day has none, opened with the cursor on the template's first place to write."""
        if not self._ready():
            return
        w = self.window
        today = dt.date.today()
        existing = queries.daily_entry(w.journal, today)
        if existing is not None:
            w.list.search.clear()
            w.list.select_entry(existing.id)
            w.open_entry(existing.id, focus_body=True)
            return
        from journal.templates import find_template, load_templates

        templates, _problems = load_templates(w.journal.paths.templates)
        template = find_template(templates, w.prefs.default_template) or templates[0]
        journal, title, body, tags = w.journal, template.render_title(today), template.body, template.tags
        # Made unless the day's daily entry appeared meanwhile (another window, the command line): then that one opens.
        self._write(lambda: add_daily_entry(journal, today, body, title=title, tags=tags)[0], self._after_create)

    def create_from_template(self, template, day: dt.date) -> None:  # type: ignore[no-untyped-def]
        journal = self.window.journal
        title, body, tags = template.render_title(day), template.body, template.tags
        self._write(lambda: add_entry(journal, body, title=title, tags=tags, day=day),
                    self._after_create)  # fmt: skip

    def new_from_template(self) -> None:
        from ui.dialogs.templates import TemplateDialog

        if not self._ready():
            return
        dialog = TemplateDialog(self.window.journal, self.window)
        if dialog.exec() and dialog.chosen is not None:
            self.create_from_template(dialog.chosen, dt.date.today())

    # --- the trash -----------------------------------------------------------------------------------------------
    def delete_selected(self) -> None:
        w = self.window
        ids = w.list.selected_ids() or ([self.editor.entry.id] if self.editor.entry else [])
        if not ids or not self._ready():
            return
        row = w.list.view.currentIndex().row()

        def done(count: int) -> None:
            if self.editor.entry is not None and self.editor.entry.id in ids:
                self.editor.load(None)
            w.nav.reload()
            w.list.reload()
            rows = w.list.model.rowCount()
            if rows:
                w.list.view.setCurrentIndex(w.list.model.index(min(max(row, 0), rows - 1)))
            w.show_status(strings.MOVED_TO_TRASH.format(n=count))

        self._write(_each(w.journal, ids, "trash_entry"), done)

    def restore_selected(self) -> None:
        w = self.window
        ids = w.list.selected_ids()
        if not ids:
            return

        journal = w.journal

        def work() -> tuple[int, int]:
            """How many came back, and how many of them came back ordinary (their day has a daily entry already)."""
            service = entry_service()
            was_daily = {i for i in ids if service.get_entry(journal, i).is_daily}
            restored = [service.restore_entry(journal, i) for i in ids]
            return len(restored), sum(1 for e in restored if e.id in was_daily and not e.is_daily)

        def done(counts: tuple[int, int]) -> None:
            count, ordinary = counts
            shown = self.editor.entry
            w.nav.reload()
            w.list.reload()
            if shown is not None and shown.id in ids:  # the open entry is back: editable again, no trash banner
                self.editor.load(queries.get_entry(w.journal, shown.id))
            said = strings.RESTORED_FROM_TRASH.format(n=count)
            w.show_status(f"{said} {strings.RESTORED_ORDINARY.format(n=ordinary)}" if ordinary else said)

        self._write(work, done)

    def empty_trash(self) -> None:
        w = self.window
        count = queries.count_entries(w.journal, EntryFilter(trash=True))
        if not count:
            w.show_status(strings.LIST_EMPTY_TRASH)
            return
        from PySide6.QtWidgets import QMessageBox  # (dialogs load their types when first shown)

        box = QMessageBox(QMessageBox.Icon.Warning, strings.EMPTY_TRASH_TITLE, strings.EMPTY_TRASH_TEXT.format(n=count),
                          QMessageBox.StandardButton.Cancel, w)  # fmt: skip
        delete = box.addButton(strings.EMPTY_TRASH_CONFIRM, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return
        if self.editor.entry is not None and self.editor.entry.in_trash:
            self.editor.load(None)
        journal = w.journal
        self._write(lambda: entry_service().empty_trash(journal), lambda _n: (w.nav.reload(), w.list.reload()))

    # --- history -------------------------------------------------------------------------------------------------
    def show_history(self) -> None:
        from ui.dialogs.history import HistoryDialog

        if self.editor.entry is None:
            return
        self.editor.save_now()
        dialog = HistoryDialog(self.window.journal, self.editor.entry, self.window)
        if dialog.exec() and dialog.chosen is not None:
            self.editor.replace_text_undoably(dialog.chosen.title, dialog.chosen.body)


def welcome_text() -> str:
    from importlib.resources import files  # only on a first start: importing it costs ~5 ms

    return files("resources").joinpath("welcome.md").read_text(encoding="utf-8")


def ensure_welcome(journal: Journal, prefs_path: Path) -> None:
    """On the very first start of an empty journal, add a short private welcome entry (once, ever). Added in plain
    SQL (``journal.adding``): the ORM does not load on the GUI thread for it."""
    prefs = load_preferences(prefs_path)
    if prefs.extra.get("welcomed") or unless_damaged(lambda: queries.count_entries(journal), 1):
        return  # welcomed, not empty, or damaged (nothing is written into it; the window says so)
    add_entry(journal, welcome_text(), title=strings.WELCOME_TITLE, private=True, kind=TUTORIAL)
    prefs.extra["welcomed"] = True
    save_preferences(prefs_path, prefs)
