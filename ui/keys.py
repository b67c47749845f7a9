"""Keys that do what they say: how the window's actions are made (text, tip, shortcut) and shown on the toolbar; the
window's own actions — Quit, the Edit menu's actions on the focused text widget, Search, Preview, Go to List, Full
Screen, the Go menu's places, About; and why a disabled action is disabled.

Shortcuts, and why: Ctrl+1 … Ctrl+6 go to the places in the order the navigation column shows them (All Entries,
Roadmap, Insights, Blogs, Private, Trash), as tabs are numbered in browsers and editors; Today keeps Ctrl+T. Full
Screen is the platform's key plus F11 everywhere. The Edit actions are the platform's standard keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

from ui import strings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


def new_action(text: str, parent: QObject) -> QAction:
    """``QAction(text, parent)``, without PySide6 building QIcon's type (157 enum members) to rule out the
    ``(icon, text)`` overload while the window opens."""
    action = QAction(parent)
    action.setText(text)
    return action


def new_button(text: str, parent: QWidget) -> QPushButton:
    """``QPushButton(text, parent)``, without QIcon's type, as ``new_action``."""
    button = QPushButton(parent)
    button.setText(text)
    return button


def make_action(parent: QObject, text: str, tip: str = "", shortcut: Shortcut = None,
                slot: Callable[[], object] | None = None) -> QAction:  # fmt: skip
    """An action of the window: its shortcut works wherever focus is in the window."""
    action = new_action(text, parent)
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


def _text_target(widget: QWidget | None) -> QLineEdit | QTextEdit | QPlainTextEdit | None:
    """The text widget the Edit menu acts on: the focused field or text (a date's or combo box's own field)."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        return widget
    if isinstance(widget, QComboBox):
        return widget.lineEdit()
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


def _can(target: QLineEdit | QTextEdit | QPlainTextEdit, name: str) -> bool:
    """Whether the Edit action ``name`` can act on ``target`` now."""
    line = isinstance(target, QLineEdit)
    writable = not target.isReadOnly()
    selected = target.hasSelectedText() if line else target.textCursor().hasSelection()  # type: ignore[union-attr]
    if name == "undo":
        return writable and (target.isUndoAvailable() if line else target.document().isUndoAvailable())  # type: ignore[union-attr]
    if name == "redo":
        return writable and (target.isRedoAvailable() if line else target.document().isRedoAvailable())  # type: ignore[union-attr]
    if name == "cut":
        return writable and selected and not (line and target.echoMode() != QLineEdit.EchoMode.Normal)  # type: ignore[union-attr]
    if name == "copy":
        return selected and not (line and target.echoMode() != QLineEdit.EchoMode.Normal)  # type: ignore[union-attr]
    if name == "paste":
        return writable and (not line or bool(QApplication.clipboard().text()))
    return bool(target.text()) if line else not target.document().isEmpty()  # type: ignore[union-attr]


class WindowKeys(QObject):
    """The window's own actions: Quit; the Edit menu (on the focused text widget) and Search; Preview, Go to List and
    Full Screen; the Go menu's places; About."""

    EDIT = ("undo", "redo", "cut", "copy", "paste", "selectAll")

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        S = QKeySequence.StandardKey
        act = make_action
        self.act_quit = act(window, strings.ACTION_QUIT, "", S.Quit, window.close)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        window.add_to_menu("file", None, self.act_quit)

        # Edit: each acts on the focused text widget, which handles its own keys (it takes them before the window), so
        # the shortcuts here only show in the menu and act where no text widget has focus (where they are disabled).
        texts = (strings.ACTION_UNDO, strings.ACTION_REDO, strings.ACTION_CUT, strings.ACTION_COPY,
                 strings.ACTION_PASTE, strings.ACTION_SELECT_ALL)  # fmt: skip
        keys = (S.Undo, S.Redo, S.Cut, S.Copy, S.Paste, S.SelectAll)
        self.edit_actions: dict[str, QAction] = {}
        for name, text, key in zip(self.EDIT, texts, keys, strict=True):
            self.edit_actions[name] = act(window, text, "", key, lambda n=name: self.edit(n))
        self.act_undo, self.act_redo = self.edit_actions["undo"], self.edit_actions["redo"]
        self.act_cut, self.act_copy, self.act_paste = (self.edit_actions[n] for n in ("cut", "copy", "paste"))
        self.act_select_all = self.edit_actions["selectAll"]
        self.act_find = act(window, strings.ACTION_FIND, strings.ACTION_FIND_TIP, S.Find, window.search_here)
        a = self.edit_actions
        window.add_to_menu("edit", a["undo"], a["redo"], None, a["cut"], a["copy"], a["paste"], a["selectAll"],
                           None, self.act_find)  # fmt: skip
        window.menus["edit"].aboutToShow.connect(self.update_edit_actions)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)  # a method: disconnected when this window goes
        self.update_edit_actions()

        self.act_preview = act(window, strings.ACTION_PREVIEW, strings.ACTION_PREVIEW_TIP, "Ctrl+E")
        self.act_preview.setCheckable(True)
        self.act_preview.toggled.connect(window.set_preview_visible)
        self.act_focus_list = act(window, strings.ACTION_FOCUS_LIST, "", "Ctrl+L", window.list.view.setFocus)
        self.act_fullscreen = act(window, strings.ACTION_FULLSCREEN, strings.ACTION_FULLSCREEN_TIP, None,
                                  self.toggle_fullscreen)  # fmt: skip
        self.act_fullscreen.setShortcuts(fullscreen_keys())
        self.act_fullscreen.setCheckable(True)
        window.add_to_menu("view", self.act_preview, self.act_focus_list, self.act_fullscreen)

        # Go: the journal's places; the features' places go between All Entries and Private (the menu's tail).
        self.act_go_all = act(window, strings.NAV_ALL, "", "Ctrl+1", lambda: window.nav.select_place("all"))
        self.act_go_private = act(window, strings.NAV_PRIVATE, "", "Ctrl+5", lambda: window.nav.select_place("private"))
        self.act_go_trash = act(window, strings.NAV_TRASH, "", "Ctrl+6", lambda: window.nav.select_place("trash"))
        window.add_to_menu("go", window.entries.act_today, self.act_go_all, self.act_go_private, self.act_go_trash)
        self.go_tail = self.act_go_private

        self.act_about = act(window, strings.ACTION_ABOUT, "", None, self.show_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        window.add_to_menu("help", self.act_about)

    # --- Edit ------------------------------------------------------------------------------------------------------
    def target(self) -> QLineEdit | QTextEdit | QPlainTextEdit | None:
        return _text_target(self.window.focusWidget())

    def edit(self, name: str) -> None:
        target = self.target()
        if target is not None:
            getattr(target, name)()

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if not isValid(self.window):  # focus leaves a widget while the window is being destroyed
            return
        self.update_edit_actions()

    def update_edit_actions(self) -> None:
        target = self.target()
        for name, action in self.edit_actions.items():
            action.setEnabled(target is not None and _can(target, name))
            self.window.explain_disabled(action, lambda n=name: self.why_no_edit(n))  # the reason as it is now

    def why_no_edit(self, name: str) -> str:
        target = self.target()
        if target is None:
            return strings.EDIT_NO_TEXT
        if target.isReadOnly() and name in ("undo", "redo", "cut", "paste"):
            return strings.EDIT_READ_ONLY
        return strings.EDIT_NOTHING_TO[name]

    # --- View ------------------------------------------------------------------------------------------------------
    def toggle_fullscreen(self) -> None:
        self.window.setWindowState(self.window.windowState() ^ Qt.WindowState.WindowFullScreen)
        self.act_fullscreen.setChecked(self.window.isFullScreen())

    def show_about(self) -> None:
        from journal import __version__

        home = self.window.journal.paths.home
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self.window, strings.ACTION_ABOUT.replace("&", ""),
                          strings.ABOUT_TEXT.format(version=__version__, home=home))  # fmt: skip


def fullscreen_keys() -> list[QKeySequence]:
    """The platform's Full Screen keys, and F11 wherever it is not one of them (as in browsers and most editors)."""
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.FullScreen))
    if QKeySequence("F11") not in keys:
        keys.append(QKeySequence("F11"))
    return keys


class DisabledReasons(QObject):
    """A disabled action says why: its tooltip (in menus, on the toolbar) is the reason, and hovering it in a menu or
    on the toolbar, or pressing its shortcut, puts the reason in the status bar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._why: dict[QAction, Callable[[], str]] = {}
        self._tips: dict[QAction, tuple[str, str]] = {}  # its own tooltip and status tip
        self._shown: dict[QAction, str | None] = {}  # the reason shown as its tooltip, while it is disabled
        self._keys: dict[QAction, QShortcut] = {}

    def explain(self, action: QAction, why: Callable[[], str]) -> None:
        """Register ``action`` (once); called again, it brings the tooltip up to date with the reason now."""
        if action in self._why:
            self._why[action] = why
            self.follow(action)
            return
        self._why[action] = why
        self._tips[action] = (action.toolTip(), action.statusTip())
        shortcut = QShortcut(self.window)  # active only while the action is disabled (its own keys are then off)
        shortcut.setKeys(action.shortcuts())
        shortcut.setContext(action.shortcutContext())
        shortcut.activated.connect(lambda: self.say(action))
        self._keys[action] = shortcut
        action.changed.connect(lambda: self.follow(action))
        self.follow(action)

    def watch(self, widget: QWidget) -> None:
        """Menus and toolbar buttons: hovering a disabled action there says why."""
        widget.installEventFilter(self)
        if isinstance(widget, QMenu):
            widget.aboutToShow.connect(lambda: [self.follow(a) for a in widget.actions() if a in self._why])

    def follow(self, action: QAction) -> None:
        """The tooltip and status tip: the action's own while it is enabled, the reason while it is not."""
        enabled = action.isEnabled()
        if enabled and action.toolTip() != self._shown.get(action):
            self._tips[action] = (action.toolTip(), action.statusTip())  # its own (a feature may change them)
        tip, status = self._tips[action] if enabled else (self._why[action](),) * 2
        self._shown[action] = None if enabled else tip
        if action.toolTip() != tip:
            action.setToolTip(tip)
        if action.statusTip() != status:
            action.setStatusTip(status)
        self._keys[action].setEnabled(not enabled and action.isVisible())

    def say(self, action: QAction) -> None:
        self.follow(action)
        self.window.show_status(self._why[action]())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(watched, QMenu) and kind in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            action = watched.actionAt(event.position().toPoint())  # type: ignore[attr-defined]
            if action is not None and action in self._why and not action.isEnabled():
                self.say(action)
        elif isinstance(watched, QMenu) and kind == QEvent.Type.ToolTip:
            action = watched.actionAt(event.pos())  # type: ignore[attr-defined]
            if action is not None and action in self._why:
                self.follow(action)  # the reason as it is now, before the menu shows it
        elif isinstance(watched, QToolButton) and kind in (QEvent.Type.Enter, QEvent.Type.ToolTip):
            action = watched.defaultAction()
            if action is not None and action in self._why and not action.isEnabled():
                self.say(action)
        return False
