"""The main window: it assembles the navigation column, the entry list and the entry editor, the menus, the toolbar and
the status bar, and installs the features through the ``Desk`` interface (``ui.desk``). What the window does lives
beside it: the entry flows (``ui.entry_flows``), maintenance (``ui.maintenance``), preferences (``ui.preferences``),
its state between runs and closing (``ui.window_state``) and its keys (``ui.keys``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSplitter, QStackedWidget, QToolBar, QToolButton, QWidget

from journal import queries
from journal.db import Journal
from journal.errors import TrailbookError
from journal.records import Entry
from journal.settings import Preferences, load_preferences
from ui import browse, publish, roadmap, spelling, strings, sync, writer_tools
from ui.deferred import later
from ui.desk import MENU_NAMES, STATUS_MS, Feature, MenuName
from ui.entry_flows import EntryFlows
from ui.keys import DisabledReasons, WindowKeys, make_action, tool_button
from ui.maintenance import Maintenance
from ui.models.navigation import filter_for_place, place_label
from ui.preferences import PreferencesFlow
from ui.widgets.entry_editor import EntryEditor
from ui.widgets.entry_list import EntryListPanel
from ui.widgets.navigation import NavigationPanel
from ui.window_state import WindowState, open_state

if TYPE_CHECKING:
    from ui.publish import PublishController
    from ui.reminder import Reminder
    from ui.roadmap import RoadmapPlace

# The features, in the order they install: (the window's attribute for what install returns, install). A feature is a
# module with ``install(desk)``; add yours here.
FEATURES: tuple[tuple[str, Feature], ...] = (
    ("window_icon", later("ui.window_icon")),  # the app's icon: after the first frame, before the reminder needs it
    ("writer_tools", writer_tools.install),  # find and replace, outline, focus mode, zoom
    ("spelling", spelling.install),  # spell checking as you type
    ("browse", browse.install),  # the calendar, On this day, pinned and recent entries
    ("reminder", later("ui.reminder")),  # the daily reminder to write (off until a time is set): after the first frame
    ("sync", sync.install),  # other writers' changes shown, never overwritten
    ("roadmap_place", roadmap.install),  # the Roadmap place, Insights, "Counts toward…"
    ("publishing", publish.install),  # Publish, the Blogs place, Post details
    ("entry_export", later("ui.entry_export")),  # Export Entry… (PDF, HTML, markdown) and Print…: after the first frame
    ("links", later("ui.links")),  # [[links]] between entries: completion, backlinks…: after the first frame
)
MENU_TITLES: dict[MenuName, str] = {
    "file": strings.MENU_FILE, "edit": strings.MENU_EDIT, "view": strings.MENU_VIEW, "go": strings.MENU_GO,
    "entry": strings.MENU_ENTRY, "help": strings.MENU_HELP,
}  # fmt: skip


class MainWindow(QMainWindow):
    """Implements ``ui.desk.Desk``."""

    act_today: QAction  # the entry flows' (ui.entry_flows): the window gives every flow's actions their act_* names
    act_history: QAction
    act_restore: QAction

    writer_tools: writer_tools.WriterTools
    spelling: spelling.SpellCheck
    browse: browse.Browse
    reminder: Reminder
    sync: sync.Sync
    roadmap_place: RoadmapPlace
    publishing: PublishController

    def __init__(
        self, journal: Journal, parent: QWidget | None = None, features: Sequence[tuple[str, Feature]] = FEATURES
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.prefs: Preferences = load_preferences(journal.paths.settings)
        self.state: QSettings = open_state(self)
        self.replaced_by: MainWindow | None = None  # the window that shows the journal after a restore
        self.setWindowTitle(f"{strings.APP_NAME} — {journal.paths.home.name}")
        self.setMinimumSize(900, 560)

        # The containers first, so each panel is built inside its final parent: with an application style sheet,
        # moving a built widget into a splitter re-polishes its whole subtree. Places that are not entry lists (the
        # roadmap, blogs) show their own page in ``pages`` instead of list + editor.
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.setCentralWidget(self.split)
        self.nav = NavigationPanel(journal, self.split, load=False)  # filled once, after the features add places
        self.pages = QStackedWidget(self.split)
        self.journal_split = self.journal_page = QSplitter(Qt.Orientation.Horizontal, self.pages)
        self.list = EntryListPanel(journal, self.journal_split)
        self.editor = EntryEditor(journal, self.journal_split)
        for splitter, widgets, sizes in ((self.journal_split, (self.list, self.editor), [330, 760]),
                                         (self.split, (self.nav, self.pages), [230, 1070])):  # fmt: skip
            for widget in widgets:
                splitter.addWidget(widget)
            splitter.setStretchFactor(1, 1)
            splitter.setChildrenCollapsible(False)
            splitter.setSizes(sizes)  # the navigation column at least as wide as its month calendar needs
        self.pages.addWidget(self.journal_split)
        self._place_pages: dict[str, QWidget] = {}
        self._search_handlers: dict[str, Callable[[], None]] = {}
        self.list.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.save_label = QLabel("", self)
        self.save_label.setAccessibleName("Save status")
        self.words_label = QLabel("", self)
        self.words_label.setAccessibleName("Word count")
        self.statusBar().addWidget(self.save_label, 1)
        self.statusBar().addPermanentWidget(self.words_label)
        self._status_timer = QTimer(self, singleShot=True, timeout=lambda: self.save_label.setText(""))

        self._build_menus()
        self._connect()
        self.window_state = WindowState(self)
        self.installed: dict[str, object] = {}
        self._built = False
        for name, install in features:
            self.installed[name] = feature = install(self)
            setattr(self, name, feature)
        self.nav.reload()
        self.refresh_known_tags()
        self._built = True
        self.window_state.restore()

    # --- menus and toolbar ---------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus: dict[MenuName, QMenu] = {name: bar.addMenu(MENU_TITLES[name]) for name in MENU_NAMES}
        self.reasons = DisabledReasons(self)
        self._tails: dict[MenuName, QAction] = {}  # where the features' actions go in a menu (else at its end)
        for menu in self.menus.values():
            menu.setToolTipsVisible(True)  # a disabled action's tooltip says why
            self.reasons.watch(menu)
        self.menu_edit, self.menu_view, self.menu_entry = self.menus["edit"], self.menus["view"], self.menus["entry"]
        self.entries = EntryFlows(self)
        self.maintenance = Maintenance(self)
        self.preferences = PreferencesFlow(self)
        self.keys = WindowKeys(self)  # Quit, the Edit actions, Search, Preview, Full Screen, the Go menu, About
        self._tails.update(file=self.preferences.menu_start, go=self.keys.go_tail)
        for flow in (self.entries, self.maintenance, self.preferences, self.keys):
            for name, action in vars(flow).items():  # the flows' actions, as the window's: act_today, act_backup…
                if name.startswith("act_"):
                    setattr(self, name, action)

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

    def add_to_menu(self, menu: MenuName, *actions: QAction | None, before: QAction | None = None) -> list[QAction]:
        target, before = self.menus[menu], before or self._tails.get(menu)
        added = []
        for action in actions:
            if action is None:
                action = QAction(target)
                action.setSeparator(True)
            target.insertAction(before, action) if before is not None else target.addAction(action)  # type: ignore[func-returns-value]
            added.append(action)
        return added

    def explain_disabled(self, action: QAction, why: Callable[[], str]) -> None:
        self.reasons.explain(action, why)

    def add_tool_button(self, action: QAction) -> QToolButton:
        button = tool_button(self.toolbar, action)
        self.reasons.watch(button)
        return button

    def _connect(self) -> None:
        self.nav.placeChosen.connect(self.show_place)
        self.list.entrySelected.connect(self.open_entry)
        self.list.entryActivated.connect(lambda eid: (self.open_entry(eid), self.editor.editor.setFocus()))
        self.editor.saved.connect(self._entry_saved)
        self.editor.saveFailed.connect(lambda msg: self.show_status(f"⚠ {msg}", 0))
        self.editor.savingStarted.connect(lambda: self.show_status(strings.SAVING, 0))
        self.editor.statsChanged.connect(self._stats)
        self.editor.tagsEdited.connect(lambda: (self.nav.reload(), self.refresh_known_tags()))

    # --- the Desk: places, entries, messages -----------------------------------------------------------------------
    def add_place(self, place: str, label: str, icon: str, page: QWidget, shortcut: str = "") -> QAction:
        """Add a place to the navigation column that shows ``page`` instead of the entry list and editor."""
        self.nav.model.extra_places.append((label, place, icon))
        self._place_pages[place] = page
        self.pages.addWidget(page)
        if self._built:  # during construction the column is filled once, after every feature has added its place
            self.nav.reload()
        action = make_action(self, label, "", shortcut or None, lambda: self.nav.select_place(place))
        self.add_to_menu("go", action)  # between the journal's places and Private, Trash
        return action

    def set_search_handler(self, place: str, handler: Callable[[], None]) -> None:
        self._search_handlers[place] = handler

    def search_here(self) -> None:
        """Ctrl+F: the search of the place shown (the journal search above the list, unless the place has its own)."""
        handler = self._search_handlers.get(self.nav.current_place())
        (handler or self.list.focus_search)()

    def open_entry_anywhere(self, entry_id: str) -> None:
        """Show an entry in the editor from any place (e.g. a roadmap's evidence list)."""
        self.nav.select_place("all")
        self.list.search.clear()
        self.list.reload()
        self.list.select_entry(entry_id)
        self.open_entry(entry_id)

    def show_place(self, place: str) -> None:
        page = self._place_pages.get(place)
        if page is not None:
            self.editor.save_now()
            self.pages.setCurrentWidget(page)
            return
        self.pages.setCurrentWidget(self.journal_split)
        if place == "today":
            self.list.set_place_filter(filter_for_place("all"))  # type: ignore[arg-type]
            self.entries.open_today()
            return
        flt = filter_for_place(place)
        if flt is not None:
            keep = self.editor.entry.id if self.editor.entry else None  # the open entry stays highlighted
            self.list.set_place_filter(flt, place_label(place), keep=keep)
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
            self.show_status(exc.message)
            return
        self.editor.load(entry, focus_body=focus_body)
        self.act_history.setEnabled(True)

    def show_status(self, text: str, timeout_ms: int = STATUS_MS) -> None:
        self.save_label.setText(text)
        self._status_timer.stop()
        if timeout_ms and text:
            self._status_timer.start(timeout_ms)

    def show_error(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, strings.ERROR_TITLE, message)

    def refresh_known_tags(self) -> None:
        """Skill-area colours for the list's chips and the tag editor, as the navigation column last loaded them."""
        colours = self.nav.tag_colours()
        self.list.delegate.tag_colours = colours
        self.editor.set_known_tags(colours)

    def show_in_front(self) -> None:
        """Another launch on this journal asked for the window."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # --- feedback ------------------------------------------------------------------------------------------------
    def _entry_saved(self, entry: Entry) -> None:
        self.show_status(f"{strings.SAVED} {dt.datetime.now().strftime('%H:%M')}", 0)
        self.list.model.refresh_entry(entry.row_id)

    def _stats(self, words: int, minutes: int) -> None:
        text = strings.WORDS_ONE if words == 1 else strings.WORDS.format(words=f"{words:,}", minutes=minutes)
        self.words_label.setText(text if words else "")

    def journal_damaged(self, message: str) -> None:
        self.maintenance.journal_damaged(message)

    def set_preview_visible(self, visible: bool) -> None:
        self.editor.set_preview_visible(visible)
        if self.act_preview.isChecked() != visible:
            self.act_preview.setChecked(visible)

    def show_preferences(self) -> None:
        self.preferences.show_preferences()

    def apply_preferences(self) -> None:
        self.preferences.apply()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.window_state.close(event)
