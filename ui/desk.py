"""What a feature may use of the main window: the ``Desk``.

A feature (``ui/writer_tools.py``, ``ui/spelling.py``, ``ui/roadmap/``, ``ui/publish/``…) is a module with an
``install(desk) -> object`` function. It adds what it brings through this interface — a place in the navigation
column, actions in the named menus, a toolbar button, status messages — and reads the journal, the preferences, the
editor and the entry list; it never reaches into the window's other parts. ``ui.main_window.MainWindow`` implements it,
and ``tests/ui/test_desk.py`` checks that the features use nothing else.

The window is a ``QMainWindow``: a feature parents its objects and dialogs on it, and uses the few ``QMainWindow``
methods listed at the end (shortcuts on the window, the status bar, extra toolbars, an event filter).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtCore import QObject, QSettings
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenuBar, QSplitter, QStackedWidget, QStatusBar, QToolBar, QToolButton, QWidget

    from journal.db import Journal
    from journal.settings import Preferences
    from ui.widgets.entry_editor import EntryEditor
    from ui.widgets.entry_list import EntryListPanel
    from ui.widgets.navigation import NavigationPanel

MenuName = Literal["file", "edit", "view", "go", "entry", "help"]
MENU_NAMES: tuple[MenuName, ...] = ("file", "edit", "view", "go", "entry", "help")
STATUS_MS = 6000  # how long a status message stays (a result, a reason); "Saving…" and "Saved" stay until replaced


class Desk(Protocol):
    """The main window as a feature sees it."""

    journal: Journal
    prefs: Preferences  # replaced (never mutated) when they change; ``save_preferences`` writes them
    state: QSettings  # the window state (sizes, the last place): a feature keeps its own keys here
    editor: EntryEditor
    list: EntryListPanel
    nav: NavigationPanel
    split: QSplitter  # the navigation column | the pages
    pages: QStackedWidget  # the journal page (list + editor) and one page per added place
    journal_page: QSplitter  # the list | the editor, shown for the journal's own places
    toolbar: QToolBar
    act_today: QAction
    act_find: QAction  # Ctrl+F: the search of the place shown
    act_focus_list: QAction
    act_history: QAction
    act_preview: QAction

    def add_place(self, place: str, label: str, icon: str, page: QWidget, shortcut: str = "") -> QAction:
        """A place in the navigation column showing ``page``, with an item in the Go menu (and ``shortcut``: the
        journal's places take Ctrl+1, Ctrl+5, Ctrl+6; the Roadmap, Insights and Blogs Ctrl+2 to Ctrl+4)."""
        ...

    def add_to_menu(self, menu: MenuName, *actions: QAction | None, before: QAction | None = None) -> list[QAction]:
        """Add ``actions`` to a named menu (``None`` is a separator) ``before`` one of its actions, or where features'
        actions go (File: above Preferences and Quit; Go: between All Entries and Private; others: at the end)."""
        ...

    def explain_disabled(self, action: QAction, why: Callable[[], str]) -> None:
        """While ``action`` is disabled, its tooltip is ``why()``, and hovering it or pressing its shortcut says so in
        the status bar."""
        ...

    def add_tool_button(self, action: QAction) -> QToolButton: ...

    def show_status(self, text: str, timeout_ms: int = STATUS_MS) -> None:
        """Say something in the status bar for ``timeout_ms`` (0: until the next message)."""
        ...

    def set_search_handler(self, place: str, handler: Callable[[], None]) -> None:
        """What Ctrl+F does while ``place`` is shown (by default: the journal search above the entry list)."""
        ...

    def open_entry(self, entry_id: str | None, *, focus_body: bool = False) -> None: ...

    def open_entry_anywhere(self, entry_id: str) -> None:
        """Show an entry in the editor from any place (the roadmap's evidence, a calendar day)."""
        ...

    def refresh_known_tags(self) -> None:
        """After ``nav.reload()``: give its skill areas' colours to the list's chips and the tag completion."""
        ...

    def show_in_front(self) -> None: ...

    # QMainWindow's own
    def addAction(self, action: QAction) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def menuBar(self) -> QMenuBar: ...
    def addToolBar(self, toolbar: QToolBar) -> None: ...
    def addToolBarBreak(self) -> None: ...
    def installEventFilter(self, watcher: QObject) -> None: ...
    def focusWidget(self) -> QWidget: ...


Feature = Callable[[Desk], object]  # install(desk): what it returns is kept as the window's attribute of its name


@runtime_checkable
class FollowsPreferences(Protocol):
    """A feature that applies changed preferences (the window calls it after the Preferences dialog)."""

    def apply_preferences(self) -> None: ...
