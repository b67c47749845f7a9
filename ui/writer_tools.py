"""The writer's tools of the main window: find and replace in the open entry, its outline, focus mode (with optional
typewriter scrolling), the editor's zoom and task boxes ticked in the preview (``ui.task_boxes``). ``install(window)``
adds their actions to the Edit and View menus; the find bar and the outline are built the first time they are shown,
so the window's start-up does not pay for them.

Shortcuts, and why:
- Ctrl+F stays the journal search (the field above the entry list), the app's main way to find things, as in Obsidian
  and Joplin. Find and replace in the entry takes the platform's Replace key (``QKeySequence.Replace``: Ctrl+H on
  Windows and GNOME, as in VS Code, Qt Creator and Notepad; Ctrl+R on KDE), or Ctrl+Alt+F (⌘⌥F on macOS, as in
  Xcode and Safari) where the platform has none.
- Find Next / Find Previous are the platform's ``FindNext``/``FindPrevious`` (F3/Shift+F3; ⌘G/⇧⌘G on macOS); in the
  find field Enter and Shift+Enter do the same.
- Focus mode is F8, as in Typora; nothing else in the window uses F8. Esc also leaves it.
- The outline is Ctrl+Shift+O (VS Code's "go to symbol in file").
- Zoom is the platform's ``ZoomIn``/``ZoomOut`` (Ctrl++ and Ctrl+-, plus Ctrl+= for keyboards where + needs Shift)
  and Ctrl+0 for the preferred size, as in browsers. The zoom is kept in the window state, beside the splitter sizes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from journal.settings import Preferences
from ui import strings, task_boxes
from ui.keys import new_action

if TYPE_CHECKING:
    from ui.desk import Desk
    from ui.widgets.find_bar import FindBar
    from ui.widgets.outline import OutlinePanel

TYPEWRITER_KEY = "typewriter_scrolling"  # in settings.json, beside the typed preferences
ZOOM_STATE = "editor_zoom"
OUTLINE_STATE = "outline"
OUTLINE_WIDTH = 260
FOCUS_TOP_MARGIN = 56


def typewriter_scrolling(prefs: Preferences) -> bool:
    """Whether focus mode keeps the line being written at the vertical centre."""
    return prefs.extra.get(TYPEWRITER_KEY) is True


def with_typewriter_scrolling(prefs: Preferences, on: bool) -> Preferences:
    return replace(prefs, extra={**prefs.extra, TYPEWRITER_KEY: on})


def _shortcut(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    keys = QKeySequence.keyBindings(standard)
    return keys or [QKeySequence(fallback)]


class WriterTools(QObject):
    """Owns the writer's actions, the lazily built find bar and outline, and the focus mode of one window."""

    def __init__(self, window: Desk) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor.editor
        self.focus_mode = False
        self._find_bar: FindBar | None = None
        self._outline: OutlinePanel | None = None
        self._escape: QShortcut | None = None
        self._before_focus: list[QWidget] = []
        self._sizes: list[tuple[object, list[int]]] = []
        self._installing = True

        S = QKeySequence.StandardKey
        self.act_find = self._action(strings.ACTION_FIND_IN_ENTRY, strings.ACTION_FIND_IN_ENTRY_TIP,
                                     _shortcut(S.Replace, "Ctrl+Alt+F"), self.find_in_entry)  # fmt: skip
        self.act_find_next = self._action(strings.ACTION_FIND_NEXT, "", _shortcut(S.FindNext, "F3"), self.find_next)
        self.act_find_previous = self._action(
            strings.ACTION_FIND_PREVIOUS, "", _shortcut(S.FindPrevious, "Shift+F3"), self.find_previous
        )
        self.act_outline = self._action(
            strings.ACTION_OUTLINE, strings.ACTION_OUTLINE_TIP, [QKeySequence("Ctrl+Shift+O")]
        )
        self.act_outline.setCheckable(True)
        self.act_outline.toggled.connect(self.set_outline_visible)
        self.act_focus = self._action(strings.ACTION_FOCUS_MODE, strings.ACTION_FOCUS_MODE_TIP, [QKeySequence("F8")])
        self.act_focus.setCheckable(True)
        self.act_focus.toggled.connect(self.set_focus_mode)
        zoom_in = [*_shortcut(S.ZoomIn, "Ctrl++"), QKeySequence("Ctrl+=")]
        self.act_zoom_in = self._action(strings.ACTION_ZOOM_IN, "", zoom_in, lambda: self.editor.zoom_by(1))
        self.act_zoom_out = self._action(
            strings.ACTION_ZOOM_OUT, "", _shortcut(S.ZoomOut, "Ctrl+-"), lambda: self.editor.zoom_by(-1)
        )
        self.act_zoom_reset = self._action(
            strings.ACTION_ZOOM_RESET, "", [QKeySequence("Ctrl+0")], lambda: self.editor.set_zoom(0)
        )
        self._place_in_menus()

        try:
            zoom = int(window.state.value(ZOOM_STATE, 0))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            zoom = 0
        self.editor.set_zoom(zoom)
        self.editor.zoomChanged.connect(self._zoom_changed)
        window.pages.currentChanged.connect(self._update_enabled)
        window.editor.stack.currentChanged.connect(self._update_enabled)
        # The journal search and the list live in the panes focus mode hides: using them leaves focus mode first.
        window.act_find.triggered.connect(lambda: self._leave_focus_then(window.list.focus_search))
        window.act_focus_list.triggered.connect(lambda: self._leave_focus_then(window.list.view.setFocus))
        window.installEventFilter(self)
        self._update_enabled()
        if window.state.value(OUTLINE_STATE, False) in (True, "true"):
            self.act_outline.setChecked(True)
        self.task_boxes = task_boxes.install(window)  # task lists ticked in the preview, the same bullet
        self._installing = False

    def _action(self, text: str, tip: str, keys: list[QKeySequence], slot=None) -> QAction:  # type: ignore[no-untyped-def]
        action = new_action(text, self.window)
        action.setShortcuts(keys)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shown})" if tip else f"{text.replace('&', '').rstrip('…')} ({shown})")
        if tip:
            action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _place_in_menus(self) -> None:
        self.window.add_to_menu("edit", None, self.act_find, self.act_find_next, self.act_find_previous)
        # After Preview: Outline, Focus Mode | zoom | Go to List, Full Screen
        self.window.add_to_menu("view", self.act_outline, self.act_focus, None, self.act_zoom_in, self.act_zoom_out,
                                self.act_zoom_reset, None, before=self.window.act_focus_list)  # fmt: skip

    # --- find and replace -----------------------------------------------------------------------------------------
    @property
    def find_bar(self) -> FindBar:
        if self._find_bar is None:
            from ui.widgets.find_bar import FindBar

            self._find_bar = FindBar(self.editor, self.window.editor)
            self.window.editor.body_layout.addWidget(self._find_bar)
            self._find_bar.closed.connect(self._update_escape)
        return self._find_bar

    def find_in_entry(self) -> None:
        if not self.act_find.isEnabled():
            return
        self.find_bar.open()
        self._update_escape()

    def find_next(self) -> None:
        self._step(backwards=False)

    def find_previous(self) -> None:
        self._step(backwards=True)

    def _step(self, *, backwards: bool) -> None:
        """F3/Shift+F3: the next or previous match; with nothing to find yet, open the bar to ask for it."""
        if not self.act_find.isEnabled():
            return
        bar = self.find_bar
        if not bar.term():
            self.find_in_entry()
            return
        if not bar.active:
            bar.show()
            bar.refresh()
            self._update_escape()
        bar.find_previous() if backwards else bar.find_next()

    # --- outline --------------------------------------------------------------------------------------------------
    @property
    def outline(self) -> OutlinePanel | None:
        return self._outline

    def set_outline_visible(self, on: bool) -> None:
        if self.act_outline.isChecked() != on:
            self.act_outline.setChecked(on)  # comes back here through ``toggled``
            return
        self.window.state.setValue(OUTLINE_STATE, on)
        if self.focus_mode:  # shown again when focus mode ends
            return
        if on:
            panel = self._ensure_outline()
            split = self.window.journal_page
            panel.show()
            sizes = split.sizes()
            if sizes[-1] < panel.minimumWidth():  # first shown: take its width from the editor
                sizes[1] = max(sizes[1] - OUTLINE_WIDTH, 200)
                sizes[-1] = OUTLINE_WIDTH
                split.setSizes(sizes)
            if not self._installing:  # shown at start as it was left: no focus change
                panel.tree.setFocus()
        elif self._outline is not None:
            had_focus = self._outline.isAncestorOf(self.window.focusWidget())
            self._outline.hide()
            if had_focus:
                self.editor.setFocus()

    def _ensure_outline(self) -> OutlinePanel:
        if self._outline is None:
            from ui.widgets.outline import OutlinePanel

            split = self.window.journal_page
            self._outline = OutlinePanel(self.editor, split)
            self._outline.hide()
            split.addWidget(self._outline)
            split.setStretchFactor(split.indexOf(self._outline), 0)
        return self._outline

    # --- focus mode -----------------------------------------------------------------------------------------------
    def _panes(self) -> list[QWidget]:
        """Everything focus mode hides: all but the entry's text (and a banner, which says something went wrong)."""
        w = self.window
        panes = [w.nav, w.list, w.editor.preview, w.toolbar, w.statusBar(), w.menuBar(), w.editor.title]
        panes.append(w.editor.meta_bar)
        if self._outline is not None:
            panes.append(self._outline)
        return panes

    def set_focus_mode(self, on: bool) -> None:
        if on and not self.act_focus.isEnabled():
            on = False
        if self.act_focus.isChecked() != on:
            self.act_focus.setChecked(on)  # comes back here through ``toggled``
            return
        if on == self.focus_mode:
            return
        w = self.window
        if on:
            self._sizes = [(split, split.sizes()) for split in (w.split, w.journal_page, w.editor.split)]
            self._before_focus = [pane for pane in self._panes() if not pane.isHidden()]
            for pane in self._before_focus:
                pane.hide()
            self.focus_mode = True
            self.editor.set_top_margin(FOCUS_TOP_MARGIN)
            self.editor.set_typewriter(typewriter_scrolling(w.prefs))
            self.editor.setFocus()
        else:
            self.focus_mode = False
            for pane in self._before_focus:
                if pane is not w.editor.preview and pane is not self._outline:
                    pane.show()
            self._before_focus = []
            if w.act_preview.isChecked():  # it may have been toggled meanwhile; it was not rendered while hidden
                w.editor.set_preview_visible(True)
            else:
                w.editor.preview.hide()
            if self._outline is not None:
                self._outline.setVisible(self.act_outline.isChecked())
            for split, sizes in self._sizes:  # outer first, each laid out in its parent's restored width
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                split.setSizes(sizes)  # type: ignore[attr-defined]
            self.editor.set_top_margin(0)
            self.editor.set_typewriter(False)
        self._update_escape()

    def _leave_focus_then(self, then) -> None:  # type: ignore[no-untyped-def]
        if self.focus_mode:
            self.set_focus_mode(False)
            then()

    def _update_enabled(self, _index: int = 0) -> None:
        """The tools work on an open entry: not on a roadmap or blogs page, nor on the "pick an entry" page."""
        w = self.window
        on = w.pages.currentWidget() is w.journal_page and w.editor.stack.currentIndex() == 1
        for action in (self.act_find, self.act_find_next, self.act_find_previous, self.act_focus):
            action.setEnabled(on)
        if not on and self.focus_mode:
            self.set_focus_mode(False)

    # --- Esc ------------------------------------------------------------------------------------------------------
    def _update_escape(self) -> None:
        """Esc in the editor closes the find bar, then leaves focus mode; the shortcut exists only while one of them
        is open, so Esc elsewhere keeps its own meaning (the find fields handle their own Esc)."""
        wanted = self.focus_mode or (self._find_bar is not None and self._find_bar.active)
        if wanted and self._escape is None:
            self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.window.editor)
            self._escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self._escape.activated.connect(self._on_escape)
        if self._escape is not None:
            self._escape.setEnabled(wanted)

    def _on_escape(self) -> None:
        if self._find_bar is not None and self._find_bar.active:
            self._find_bar.close_bar()
        elif self.focus_mode:
            self.set_focus_mode(False)

    # --- zoom, preferences, closing -------------------------------------------------------------------------------
    def _zoom_changed(self, points: int) -> None:
        self.window.state.setValue(ZOOM_STATE, points)
        size = self.editor.font().pointSize()
        self.window.statusBar().showMessage(strings.ZOOM_STATUS.format(size=size), 2000)

    def apply_preferences(self) -> None:
        """After the Preferences dialog: typewriter scrolling (if in focus mode) and the match colours."""
        if self.focus_mode:
            self.editor.set_typewriter(typewriter_scrolling(self.window.prefs))
        if self._find_bar is not None:
            self._find_bar.theme_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Leave focus mode before the window saves its state, so the panes and splitter sizes are saved as shown.
        if watched is self.window and event.type() == QEvent.Type.Close and self.focus_mode:
            self.set_focus_mode(False)
        return False


def install(window: Desk) -> WriterTools:
    """Add the writer's tools to ``window``'s Edit and View menus and keyboard."""
    return WriterTools(window)
