"""Keys that do what they say: how the window's actions are made (text, tip, shortcut) and shown on the toolbar, and
the window's own actions — Quit, the Edit menu's actions on the focused text widget, Search, Preview, Go to List,
Full Screen and About."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QToolBar, QToolButton

from ui import strings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


def make_action(parent: QObject, text: str, tip: str = "", shortcut: Shortcut = None,
                slot: Callable[[], object] | None = None) -> QAction:  # fmt: skip
    """An action of the window: its shortcut works wherever focus is in the window."""
    action = QAction(text, parent)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    add = getattr(parent, "addAction", None)
    if callable(add):
        add(action)
    return action


def tool_button(toolbar: QToolBar, action: QAction) -> QToolButton:
    """Put ``action`` on ``toolbar`` as a text button; its text, tooltip, enabled, checked and visible states follow
    the action.

    The button is ours rather than the one ``QToolBar.addAction`` makes: asking the toolbar for a button it made costs
    ~10 ms at start-up (PySide6 resolves every widget class to give a widget Qt created a Python type)."""
    button = QToolButton(toolbar)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # as the toolbar's own buttons: the menus and shortcuts suffice
    button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
    holder = toolbar.addWidget(button)

    def follow_visibility() -> None:
        # The toolbar shows and hides its widgets by their holder actions at its next layout (hiding the button alone
        # would be undone then); the button too, so the change shows at once.
        holder.setVisible(action.isVisible())
        button.setVisible(action.isVisible())

    follow_visibility()
    action.visibleChanged.connect(follow_visibility)
    return button


class WindowKeys(QObject):
    """The window's own actions, in the File, Edit, View and Help menus."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        S = QKeySequence.StandardKey
        act = make_action
        self.act_quit = act(window, strings.ACTION_QUIT, "", S.Quit, window.close)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        window.add_to_menu("file", None, self.act_quit)

        self.act_undo = act(window, strings.ACTION_UNDO, "", S.Undo, lambda: window.editor.editor.undo())
        self.act_redo = act(window, strings.ACTION_REDO, "", S.Redo, lambda: window.editor.editor.redo())
        for action in (self.act_undo, self.act_redo):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the editor handles its own keys
        self.act_find = act(window, strings.ACTION_FIND, strings.ACTION_FIND_TIP, S.Find, window.search_here)
        window.add_to_menu("edit", self.act_undo, self.act_redo, None, self.act_find)

        self.act_preview = act(window, strings.ACTION_PREVIEW, strings.ACTION_PREVIEW_TIP, "Ctrl+E")
        self.act_preview.setCheckable(True)
        self.act_preview.toggled.connect(window.set_preview_visible)
        self.act_focus_list = act(window, strings.ACTION_FOCUS_LIST, "", "Ctrl+L", window.list.view.setFocus)
        self.act_fullscreen = act(window, strings.ACTION_FULLSCREEN, "", S.FullScreen, self.toggle_fullscreen)
        self.act_fullscreen.setCheckable(True)
        window.add_to_menu("view", self.act_preview, self.act_focus_list, self.act_fullscreen)

        self.act_about = act(window, strings.ACTION_ABOUT, "", None, self.show_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        window.add_to_menu("help", self.act_about)

    def toggle_fullscreen(self) -> None:
        self.window.setWindowState(self.window.windowState() ^ Qt.WindowState.WindowFullScreen)

    def show_about(self) -> None:
        from journal import __version__

        home = self.window.journal.paths.home
        QMessageBox.about(self.window, strings.ACTION_ABOUT.replace("&", ""),
                          strings.ABOUT_TEXT.format(version=__version__, home=home))  # fmt: skip
