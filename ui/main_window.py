"""The main window: composition of the navigation column, the entry list and the entry editor, plus the actions,
menus and window state. Features live in their own widgets; this file wires them together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from journal import queries
from journal.db import Journal
from journal.errors import TrailbookError
from journal.records import Entry, EntryFilter
from journal.settings import Preferences, load_preferences, save_preferences
from ui import browse, reminder, spelling, strings, sync, theme, writer_tools
from ui.models.navigation import AREAS_PLACE, filter_for_place, place_label
from ui.widgets.entry_editor import EntryEditor
from ui.widgets.entry_list import EntryListPanel
from ui.widgets.navigation import NavigationPanel


def entry_service():  # type: ignore[no-untyped-def]
    """The entry write services, imported on first use: they load the ORM, which the window's start-up avoids (it is
    warmed up on a thread once the window shows; see ui.app.after_start)."""
    from journal import entries

    return entries


class MainWindow(QMainWindow):
    def __init__(
        self, journal: Journal, parent: QWidget | None = None, features: Sequence[Callable[[MainWindow], None]] = ()
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.prefs: Preferences = load_preferences(journal.paths.settings)
        self.state = QSettings(str(journal.paths.home / "window-state.ini"), QSettings.Format.IniFormat)
        self.setWindowTitle(f"{strings.APP_NAME} — {journal.paths.home.name}")
        self.setMinimumSize(900, 560)

        # The containers first, so each panel is built inside its final parent: with an application style sheet,
        # moving a built widget into a splitter re-polishes its whole subtree. Places that are not entry lists (the
        # roadmap, blogs) show their own page in ``pages`` instead of list + editor.
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.setCentralWidget(self.split)
        self.nav = NavigationPanel(journal, self.split, load=False)  # filled once, after the features add places
        self.pages = QStackedWidget(self.split)
        self.journal_split = QSplitter(Qt.Orientation.Horizontal, self.pages)
        self.list = EntryListPanel(journal, self.journal_split)
        self.editor = EntryEditor(journal, self.journal_split)
        self.editor.autosave_delay = self.prefs.autosave_delay_ms
        self.editor.editor.set_editor_font(
            self.prefs.editor_font, self.prefs.editor_font_size, monospace=self.prefs.editor_monospace
        )
        self.journal_split.addWidget(self.list)
        self.journal_split.addWidget(self.editor)
        self.journal_split.setStretchFactor(1, 1)
        self.journal_split.setChildrenCollapsible(False)
        self.pages.addWidget(self.journal_split)
        self._place_pages: dict[str, QWidget] = {}
        self.split.addWidget(self.nav)
        self.split.addWidget(self.pages)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        self.split.setSizes([230, 1070])  # the navigation column at least as wide as its month calendar needs
        self.journal_split.setSizes([330, 760])
        self.list.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.save_label = QLabel("", self)
        self.save_label.setAccessibleName("Save status")
        self.words_label = QLabel("", self)
        self.words_label.setAccessibleName("Word count")
        self.statusBar().addWidget(self.save_label, 1)
        self.statusBar().addPermanentWidget(self.words_label)

        self._build_actions()
        self._connect()
        self.writer_tools = writer_tools.install(self)  # find and replace, outline, focus mode, zoom
        self.spelling = spelling.install(self)  # spell checking as you type
        self.browse = browse.install(self)  # the calendar, On this day, pinned and recent entries
        self.reminder = reminder.install(self)  # the daily reminder to write (off until a time is set)
        self.sync = sync.install(self)  # other writers' changes shown, never overwritten
        self._built = False
        for install in features:  # the roadmap and publishing add their places and actions here
            install(self)
        self.nav.reload()
        self._refresh_tag_colours()
        self._built = True
        self._restore_state()

    # --- actions, menus, toolbar ---------------------------------------------------------------------------------
    def _action(self, text: str, tip: str = "", shortcut: QKeySequence | str | None = None, slot=None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.act_new = self._action(strings.ACTION_NEW, strings.ACTION_NEW_TIP, S.New, self.new_entry)
        self.act_today = self._action(strings.ACTION_TODAY, strings.ACTION_TODAY_TIP, "Ctrl+T", self.open_today)
        self.act_template = self._action(strings.ACTION_FROM_TEMPLATE, "", "Ctrl+Shift+N", self.new_from_template)
        self.act_find = self._action(strings.ACTION_FIND, strings.ACTION_FIND_TIP, S.Find, self.list.focus_search)
        self.act_preview = self._action(strings.ACTION_PREVIEW, strings.ACTION_PREVIEW_TIP, "Ctrl+E")
        self.act_preview.setCheckable(True)
        self.act_preview.toggled.connect(self.set_preview_visible)
        self.act_delete = self._action(strings.ACTION_DELETE, strings.ACTION_DELETE_TIP, S.Delete, self.delete_selected)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list.view.addAction(self.act_delete)
        self.act_restore = self._action(strings.ACTION_RESTORE, "", None, self.restore_selected)
        self.act_empty_trash = self._action(strings.ACTION_EMPTY_TRASH, "", None, self.empty_trash)
        self.act_history = self._action(
            strings.ACTION_HISTORY, strings.ACTION_HISTORY_TIP, "Ctrl+Shift+H", self.show_history
        )
        self.act_import = self._action(strings.ACTION_IMPORT, "", "Ctrl+Shift+I", self.import_entries)
        self.act_export = self._action(strings.ACTION_EXPORT, "", "Ctrl+Shift+E", self.export_entries)
        self.act_backup = self._action(strings.ACTION_BACKUP, strings.ACTION_BACKUP_TIP, None, self.back_up_now)
        self.act_check = self._action(strings.ACTION_CHECK, strings.ACTION_CHECK_TIP, None, self.check_journal)
        self.act_restore_backup = self._action(
            strings.ACTION_RESTORE_BACKUP, strings.ACTION_RESTORE_BACKUP_TIP, None, self.restore_from_backup
        )
        self.replaced_by: MainWindow | None = None  # the window that shows the journal after a restore
        self.act_reindex = self._action(strings.ACTION_REINDEX, strings.ACTION_REINDEX_TIP, None, self.rebuild_index)
        self.act_prefs = self._action(strings.ACTION_PREFERENCES, "", S.Preferences, self.show_preferences)
        self.act_prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        if self.act_prefs.shortcut().isEmpty():
            self.act_prefs.setShortcut(QKeySequence("Ctrl+,"))
        self.act_quit = self._action(strings.ACTION_QUIT, "", S.Quit, self.close)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_undo = self._action(strings.ACTION_UNDO, "", None, lambda: self._edit_call("undo"))
        self.act_redo = self._action(strings.ACTION_REDO, "", None, lambda: self._edit_call("redo"))
        self.act_undo.setShortcut(QKeySequence(S.Undo))
        self.act_redo.setShortcut(QKeySequence(S.Redo))
        for act in (self.act_undo, self.act_redo):
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the editor handles its own keys
        self.act_fullscreen = self._action(strings.ACTION_FULLSCREEN, "", S.FullScreen, self.toggle_fullscreen)
        self.act_fullscreen.setCheckable(True)
        self.act_focus_list = self._action(strings.ACTION_FOCUS_LIST, "", "Ctrl+L", self.list.view.setFocus)
        self.act_about = self._action(strings.ACTION_ABOUT, "", None, self.show_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)

        bar = self.menuBar()
        m = bar.addMenu(strings.MENU_FILE)
        for a in (self.act_new, self.act_today, self.act_template):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_import)
        m.addAction(self.act_export)
        m.addSeparator()
        m.addAction(self.act_backup)
        m.addAction(self.act_restore_backup)
        m.addAction(self.act_check)
        m.addAction(self.act_reindex)
        m.addSeparator()
        m.addAction(self.act_prefs)
        m.addSeparator()
        m.addAction(self.act_quit)
        self.menu_edit = m = bar.addMenu(strings.MENU_EDIT)
        m.addAction(self.act_undo)
        m.addAction(self.act_redo)
        m.addSeparator()
        m.addAction(self.act_find)
        self.menu_view = m = bar.addMenu(strings.MENU_VIEW)
        m.addAction(self.act_preview)
        m.addAction(self.act_focus_list)
        m.addAction(self.act_fullscreen)
        self.menu_entry = bar.addMenu(strings.MENU_ENTRY)
        for a in (self.act_history, self.act_delete, self.act_restore, self.act_empty_trash):
            self.menu_entry.addAction(a)
        m = bar.addMenu(strings.MENU_HELP)
        m.addAction(self.act_about)

        self.toolbar = QToolBar("Main", self)
        self.toolbar.setObjectName("MainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.act_today, self.act_new, None, self.act_preview, self.act_history, self.act_delete):
            if a is None:
                self.toolbar.addSeparator()
            else:
                self.add_tool_button(a)
        self.addToolBar(self.toolbar)

    def add_tool_button(self, action: QAction) -> QToolButton:
        """Put ``action`` on the toolbar as a text button; its text, tooltip, enabled, checked and visible states follow
        the action.

        The button is ours rather than the one ``QToolBar.addAction`` makes: asking the toolbar for a button it made
        costs ~10 ms at start-up (PySide6 resolves every widget class to give a widget Qt created a Python type)."""
        button = QToolButton(self.toolbar)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # as the toolbar's own buttons: the menus and shortcuts suffice
        button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        holder = self.toolbar.addWidget(button)

        def follow_visibility() -> None:
            # The toolbar shows and hides its widgets by their holder actions at its next layout (hiding the button
            # alone would be undone then); the button too, so the change shows at once.
            holder.setVisible(action.isVisible())
            button.setVisible(action.isVisible())

        follow_visibility()
        action.visibleChanged.connect(follow_visibility)
        return button

    def _edit_call(self, name: str) -> None:
        getattr(self.editor.editor, name)()

    def _connect(self) -> None:
        self.nav.placeChosen.connect(self.show_place)
        self.list.entrySelected.connect(self.open_entry)
        self.list.entryActivated.connect(lambda eid: (self.open_entry(eid), self.editor.editor.setFocus()))
        self.editor.saved.connect(self._entry_saved)
        self.editor.saveFailed.connect(lambda msg: self.save_label.setText(f"⚠ {msg}"))
        self.editor.savingStarted.connect(lambda: self.save_label.setText(strings.SAVING))
        self.editor.statsChanged.connect(self._stats)
        self.editor.tagsEdited.connect(self._tags_edited)
        self.editor.todayRequested.connect(self.open_today)

    # --- extension points -----------------------------------------------------------------------------------------
    def add_place(self, place: str, label: str, icon: str, page: QWidget) -> None:
        """Add a place to the navigation column that shows ``page`` instead of the entry list and editor."""
        self.nav.model.extra_places.append((label, place, icon))
        self._place_pages[place] = page
        self.pages.addWidget(page)
        if self._built:  # during construction the column is filled once, after every feature has added its place
            self.nav.reload()

    def open_entry_anywhere(self, entry_id: str) -> None:
        """Show an entry in the editor from any place (e.g. a roadmap's evidence list)."""
        self.nav.select_place("all")
        self.list.search.clear()
        self.list.reload()
        self.list.select_entry(entry_id)
        self.open_entry(entry_id)

    # --- places and entries --------------------------------------------------------------------------------------
    def show_place(self, place: str) -> None:
        page = self._place_pages.get(place)
        if page is not None:
            self.editor.save_now()
            self.pages.setCurrentWidget(page)
            return
        self.pages.setCurrentWidget(self.journal_split)
        if place == "today":
            self.list.set_place_filter(filter_for_place("all"))  # type: ignore[arg-type]
            self.open_today()
            return
        flt = filter_for_place(place)
        if flt is not None:
            self.list.set_place_filter(flt, place_label(place))
            self.act_restore.setEnabled(bool(flt.trash))

    def open_entry(self, entry_id: str | None, *, focus_body: bool = False) -> None:
        if not entry_id:
            self.editor.load(None)
            return
        if self.editor.entry is not None and self.editor.entry.id == entry_id and not focus_body:
            return
        try:
            entry = queries.get_entry(self.journal, entry_id)
        except TrailbookError as exc:
            self.save_label.setText(exc.message)
            return
        self.editor.load(entry, focus_body=focus_body)
        self.act_history.setEnabled(True)

    def _after_create(self, entry: Entry, *, focus_title: bool = False) -> None:
        self.nav.reload()
        self.list.search.clear()
        self.list.reload()
        self.list.select_entry(entry.id)
        self.open_entry(entry.id, focus_body=not focus_title)
        if focus_title:
            self.editor.title.setFocus()
            self.editor.title.selectAll()

    def new_entry(self) -> None:
        if not self.editor.save_now():
            return
        try:
            entry = entry_service().create_entry(self.journal, "", title="Untitled")
        except TrailbookError as exc:
            self._error(exc.message)
            return
        self._after_create(entry, focus_title=True)

    def open_today(self) -> None:
        if not self.editor.save_now():
            return
        today = dt.date.today()
        existing = queries.entry_for_day(self.journal, today)
        if existing is not None:
            self.list.search.clear()
            self.list.select_entry(existing.id)
            self.open_entry(existing.id, focus_body=True)
            return
        from journal.templates import find_template, load_templates

        templates, _problems = load_templates(self.journal.paths.templates)
        template = find_template(templates, self.prefs.default_template) or templates[0]
        self._create_from_template(template, today)

    def _create_from_template(self, template, day: dt.date) -> None:  # type: ignore[no-untyped-def]
        try:
            entry = entry_service().create_entry(
                self.journal, template.body, title=template.render_title(day), tags=template.tags, day=day
            )
        except TrailbookError as exc:
            self._error(exc.message)
            return
        self._after_create(entry)

    def new_from_template(self) -> None:
        from ui.dialogs.templates import TemplateDialog

        if not self.editor.save_now():
            return
        dialog = TemplateDialog(self.journal, self)
        if dialog.exec() and dialog.chosen is not None:
            self._create_from_template(dialog.chosen, dt.date.today())

    def delete_selected(self) -> None:
        ids = self.list.selected_ids() or ([self.editor.entry.id] if self.editor.entry else [])
        if not ids:
            return
        self.editor.save_now()
        row = self.list.view.currentIndex().row()
        try:
            for entry_id in ids:
                entry_service().trash_entry(self.journal, entry_id)
        except TrailbookError as exc:
            self._error(exc.message)
            return
        if self.editor.entry is not None and self.editor.entry.id in ids:
            self.editor.load(None)
        self.nav.reload()
        self.list.reload()
        if self.list.model.rowCount():
            self.list.view.setCurrentIndex(self.list.model.index(min(max(row, 0), self.list.model.rowCount() - 1)))
        self.save_label.setText(f"Moved {len(ids)} to the trash")

    def restore_selected(self) -> None:
        ids = self.list.selected_ids()
        try:
            for entry_id in ids:
                entry_service().restore_entry(self.journal, entry_id)
        except TrailbookError as exc:
            self._error(exc.message)
            return
        self.editor.load(None)
        self.nav.reload()
        self.list.reload()
        self.save_label.setText(f"Restored {len(ids)}")

    def empty_trash(self) -> None:
        count = queries.count_entries(self.journal, EntryFilter(trash=True))
        if not count:
            self.save_label.setText(strings.LIST_EMPTY_TRASH)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, strings.EMPTY_TRASH_TITLE, strings.EMPTY_TRASH_TEXT.format(n=count),
                          QMessageBox.StandardButton.Cancel, self)  # fmt: skip
        delete = box.addButton("Delete for Good", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return
        if self.editor.entry is not None and self.editor.entry.in_trash:
            self.editor.load(None)
        entry_service().empty_trash(self.journal)
        self.nav.reload()
        self.list.reload()

    def show_history(self) -> None:
        from ui.dialogs.history import HistoryDialog

        if self.editor.entry is None:
            return
        self.editor.save_now()
        dialog = HistoryDialog(self.journal, self.editor.entry, self)
        if dialog.exec() and dialog.chosen is not None:
            self.editor.replace_text_undoably(dialog.chosen.title, dialog.chosen.body)

    def import_entries(self) -> None:
        from ui.dialogs.transfer import run_import

        if run_import(self.journal, self):
            self.nav.reload()
            self.list.reload()
            self._refresh_tag_colours()

    def export_entries(self) -> None:
        from ui.dialogs.transfer import run_export

        self.editor.save_now()
        run_export(self.journal, self)

    def back_up_now(self) -> None:
        from journal.maintenance import back_up_now
        from ui.dialogs.progress import run_job

        self.editor.save_now()
        ok, result = run_job(self, strings.ACTION_BACKUP.replace("&", ""), lambda: back_up_now(self.journal))
        self.save_label.setText(strings.BACKED_UP.format(path=result) if ok else f"⚠ {result}")

    def check_journal(self) -> None:
        from journal.maintenance import check_journal
        from ui.dialogs.progress import run_job

        ok, result = run_job(self, strings.ACTION_CHECK.replace("&", ""), lambda: check_journal(self.journal))
        if ok:
            QMessageBox.information(self, strings.ERROR_TITLE, strings.JOURNAL_HEALTHY)
        else:
            self._error(result)

    def restore_from_backup(self) -> None:
        """Pick a backup, confirm, then close this journal, put the backup in place and reopen the journal in a new
        window (this one closes). Text that could not be saved goes to the clipboard rather than be lost."""
        from PySide6.QtWidgets import QApplication

        from ui.dialogs.restore import RestoreDialog, restore_chosen

        saved = self.editor.save_now()
        dialog = RestoreDialog(self.journal.paths, self, unsaved=not saved)
        if not dialog.exec() or dialog.chosen is None:
            return
        if not saved:
            QApplication.clipboard().setText(self.editor.editor.toPlainText())
        self.editor.discard_pending()
        self.save_state()
        paths = self.journal.paths
        self.journal.close()
        restored = restore_chosen(self, paths, dialog.chosen)
        self._reopen(paths)
        if restored is not None and self.replaced_by is not None:
            from ui.dialogs.restore import made_text

            text = strings.RESTORE_DONE.format(made=made_text(restored.backup), entries=restored.backup.entries)
            self.replaced_by.save_label.setText(text)

    def _reopen(self, paths) -> None:  # type: ignore[no-untyped-def]
        """Open the journal at ``paths`` again in a new window in this one's place."""
        from PySide6.QtWidgets import QApplication

        from journal.db import open_journal
        from ui.app import open_window

        try:
            journal = open_journal(paths.home, create=False, full_check=False)
        except TrailbookError as exc:
            QMessageBox.critical(self, strings.JOURNAL_ERROR, exc.message)
            self._replaced = True
            self.close()
            return
        journal.verify_in_background()
        window = open_window(journal, QApplication.instance())
        window.show()
        self.replaced_by = window
        self._replaced = True
        self.close()

    def rebuild_index(self) -> None:
        from journal.jobs import CancelToken
        from journal.maintenance import rebuild_search_index
        from ui.dialogs.progress import run_job

        token = CancelToken()
        title = strings.ACTION_REINDEX.replace("&", "")
        ok, result = run_job(self, title, lambda: rebuild_search_index(self.journal, token), token)
        self.save_label.setText(strings.REINDEXED.format(n=result) if ok else f"⚠ {result}")

    def show_preferences(self) -> None:
        from ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.prefs, self.journal, self)
        if dialog.exec():
            self.prefs = dialog.result_preferences()
            try:
                save_preferences(self.journal.paths.settings, self.prefs)
            except OSError as exc:
                self._error(f"Preferences not saved: {exc.strerror}")
            self.apply_preferences()

    def apply_preferences(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        name = theme.resolve(self.prefs.theme)
        if app is not None and name != theme.current(app):  # type: ignore[arg-type]
            theme.apply(app, name)  # type: ignore[arg-type]
            self.editor.editor.highlighter.set_theme(name)
            self.editor.preview.set_theme(name)
            self.list.view.viewport().update()
        self.editor.autosave_delay = self.prefs.autosave_delay_ms
        self.editor.editor.set_editor_font(
            self.prefs.editor_font, self.prefs.editor_font_size, monospace=self.prefs.editor_monospace
        )
        self.writer_tools.apply_preferences()
        self.spelling.apply_preferences()
        self.reminder.apply_preferences()

    def set_preview_visible(self, visible: bool) -> None:
        self.editor.set_preview_visible(visible)
        if self.act_preview.isChecked() != visible:
            self.act_preview.setChecked(visible)

    def toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def show_about(self) -> None:
        from journal import __version__

        QMessageBox.about(
            self,
            strings.ACTION_ABOUT.replace("&", ""),
            f"<b>Trailbook {__version__}</b><p>A private learning journal for your path into ML engineering.</p>"
            f"<p>Journal: {self.journal.paths.home}</p>",
        )

    # --- feedback ------------------------------------------------------------------------------------------------
    def _entry_saved(self, entry: Entry) -> None:
        self.save_label.setText(f"{strings.SAVED} {dt.datetime.now().strftime('%H:%M')}")
        self.list.model.refresh_entry(entry.row_id)

    def _tags_edited(self) -> None:
        self.nav.reload()
        self._refresh_tag_colours()

    def _refresh_tag_colours(self) -> None:
        """Skill-area colours for the list's chips and the tag editor, as the navigation column last loaded them."""
        colours = self.nav.tag_colours()
        self.list.delegate.tag_colours = colours
        self.editor.set_known_tags(colours)

    def _stats(self, words: int, minutes: int) -> None:
        self.words_label.setText(strings.WORDS.format(words=f"{words:,}", minutes=minutes) if words else "")

    def journal_damaged(self, message: str) -> None:
        """The integrity check found damage: nothing will be written (the journal refuses every write from now on);
        say so, where the backup is, and how to restore it."""
        self.editor.banner.setText(f"{message}\n{strings.DAMAGED_HINT}")
        self.editor.banner.show()
        self.save_label.setText(strings.DAMAGED_STATUS)
        QMessageBox.critical(self, strings.JOURNAL_ERROR, f"{message}\n\n{strings.DAMAGED_HINT}")

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, strings.ERROR_TITLE, message)

    def show_in_front(self) -> None:
        """Another launch on this journal asked for the window."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # --- window state --------------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.state.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 820)
        sizes = self.state.value("splitter")
        if isinstance(sizes, QByteArray):
            self.split.restoreState(sizes)
        journal_sizes = self.state.value("journal_splitter")
        if isinstance(journal_sizes, QByteArray):
            self.journal_split.restoreState(journal_sizes)
        editor_sizes = self.state.value("editor_splitter")
        place = str(self.state.value("place", "all"))
        self.nav.select_place(place if place not in ("today", AREAS_PLACE) else "all", quiet=True)
        self.show_place(self.nav.current_place())  # the saved place, or "All entries" if it is gone
        last = self.state.value("last_entry")
        preview = self.state.value("preview", "false") in (True, "true")
        if last:
            self.list.select_entry(str(last))
            self.open_entry(str(last))
        elif self.list.model.rowCount():
            self.list.view.setCurrentIndex(self.list.model.index(0))
        if preview:
            self.act_preview.setChecked(True)
            if isinstance(editor_sizes, QByteArray):
                self.editor.split.restoreState(editor_sizes)

    def save_state(self) -> None:
        self.state.setValue("geometry", self.saveGeometry())
        self.state.setValue("splitter", self.split.saveState())
        self.state.setValue("journal_splitter", self.journal_split.saveState())
        self.state.setValue("editor_splitter", self.editor.split.saveState())
        self.state.setValue("place", self.nav.current_place())
        self.state.setValue("last_entry", self.editor.entry.id if self.editor.entry else "")
        self.state.setValue("preview", self.act_preview.isChecked())
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if getattr(self, "_replaced", False):  # a restore put another journal in place: this window has nothing left
            self.editor.preview.shutdown()
            event.accept()
            return
        if not self.editor.finish_saving():  # a save on its way is waited for, the window still drawn
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                strings.ERROR_TITLE,
                "Your latest changes could not be saved. If you close now, they will be lost.",
                QMessageBox.StandardButton.NoButton,
                self,
            )
            keep = box.addButton("Keep Trailbook Open", QMessageBox.ButtonRole.RejectRole)
            box.addButton("Close Without Saving", QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is keep:
                event.ignore()
                return
        self.save_state()
        self.editor.preview.shutdown()
        event.accept()


def welcome_text() -> str:
    from importlib.resources import files  # only on a first start: importing it costs ~5 ms

    return files("resources").joinpath("welcome.md").read_text(encoding="utf-8")


def ensure_welcome(journal: Journal, prefs_path: Path) -> None:
    """On the very first start of an empty journal, add a short private welcome entry (once, ever)."""
    prefs = load_preferences(prefs_path)
    if prefs.extra.get("welcomed") or queries.count_entries(journal):
        return
    entry_service().create_entry(journal, welcome_text(), title=strings.WELCOME_TITLE, private=True)
    prefs.extra["welcomed"] = True
    save_preferences(prefs_path, prefs)
