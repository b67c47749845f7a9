"""The roadmap feature of the desktop app: a "Roadmap" place in the navigation column and a "Counts toward…" button in
the entry's meta bar. ``install(window)`` adds both; the page and the picker load their modules (and the roadmap
services) the first time they are used, so the app's start-up does not pay for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from ui.keys import new_action
from ui.roadmap import strings

if TYPE_CHECKING:
    from journal.evidence import Counted
    from ui.desk import Desk
    from ui.roadmap.view import RoadmapView

PLACE = "roadmap"


class RoadmapPlace(QWidget):
    """The page shown for the Roadmap place: builds the real view when first shown, and refreshes it on each show."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window_ = window
        self.view: RoadmapView | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_view(self) -> RoadmapView:
        if self.view is None:
            from ui.roadmap.view import RoadmapView

            self.view = RoadmapView(self.window_, self)
            self._layout.addWidget(self.view)
        return self.view

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_view().refresh()


class CountsTowardButton(QToolButton):
    """Opens the "Counts toward…" picker for the entry open in the editor."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window.editor)
        self.window_ = window
        self.setObjectName("CountsTowardButton")
        self.counted: list[Counted] = []
        self._show([])
        self.clicked.connect(self.open_picker)  # styled as a pill beside the private toggle by the app's style sheet
        window.editor.entryLoaded.connect(lambda _entry: self._entry_loaded())
        # Links made elsewhere (the command line, the Roadmap page's Add Evidence…) while the entry stays open: the
        # navigation column is read again after every such change, and on the way back from another place.
        window.nav.model.modelReset.connect(self.show_links)
        window.nav.placeChosen.connect(lambda _place: self.show_links())

    def _entry_loaded(self) -> None:
        if self.isVisible():  # the window is shown (the pill is inside it)
            self.show_links()
        else:  # the entry the window reopens at start: said the turn after the first frame (the roadmap's YAML is
            # parsed on the first call, 0.1-0.3 s)
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self.show_links))

    def show_links(self) -> None:
        """Say whether the open entry counts toward milestones (how many; which, in the tooltip)."""
        entry = self.window_.editor.entry
        if entry is None:  # (as the window is built: its module is not needed yet)
            self._show([])
            return
        from journal.errors import TrailbookError
        from journal.evidence import counted_toward

        try:
            counted = counted_toward(self.window_.journal, entry.id)
        except TrailbookError:  # the journal busy or going away: the next entry opened says it
            return
        self._show(counted)

    def _show(self, counted: list[Counted]) -> None:
        self.counted = counted
        if not counted:
            self.setText(strings.COUNTS_TOWARD)
            self.setAccessibleName(strings.COUNTS_TOWARD.rstrip("…"))
            self.setToolTip(strings.COUNTS_TOWARD_TIP)
        else:
            n = len(counted)
            self.setText(strings.COUNTS_TOWARD_ONE if n == 1 else strings.COUNTS_TOWARD_MANY.format(n=n))
            self.setAccessibleName(strings.COUNTS_TOWARD_LINKED_NAME.format(n=n))
            lines = "\n".join(
                strings.COUNTS_TOWARD_LINE.format(
                    title=c.title, area=c.area, state=strings.COUNTS_TOWARD_DONE if c.state == "done" else ""
                )
                for c in counted
            )
            self.setToolTip(strings.COUNTS_TOWARD_LINKED_TIP.format(milestones=lines))
        if bool(self.property("linked")) != bool(counted):  # unset is not linked: no restyle (no QStyle) at start
            self.setProperty("linked", bool(counted))  # drawn in the accent colour (resources/styles/app.qss)
            self.style().unpolish(self)
            self.style().polish(self)

    def open_picker(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ui.roadmap.picker import MilestonePicker

        editor = self.window_.editor
        if editor.entry is None or not editor.save_now():
            return
        entry = editor.entry
        if entry.in_trash:
            QMessageBox.information(self.window(), strings.PICKER_TITLE, strings.PICKER_TRASHED)
            return
        MilestonePicker(self.window_.journal, entry, self.window()).exec()
        self.show_links()


def _area_tags(journal) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from journal.evidence import area_tags

    return area_tags(journal)


def search_from_roadmap(window: Desk, place: RoadmapPlace) -> None:
    """Ctrl+F in the Roadmap: the journal search, over the entries of the area shown (its skill area's place), else
    over all entries. The roadmap's own names are few and all on screen; what one looks for from it is the writing."""
    view = place.view
    area = view.area_id if view is not None and view.stack.currentWidget() is view.area_scroll else None
    target = f"tag:{area}" if area and window.nav.model.index_of_place(f"tag:{area}") is not None else "all"
    window.nav.select_place(target)
    window.list.focus_search()


def install(window: Desk) -> RoadmapPlace:
    """Add the Roadmap place and the "Counts toward…" button to the main window (once: a second call returns the
    place the first made)."""
    installed = getattr(window, "roadmap_place", None)
    if isinstance(installed, RoadmapPlace):
        return installed
    place = RoadmapPlace(window)
    window.add_place(PLACE, strings.PLACE, "roadmap", place, shortcut="Ctrl+2")
    insights = new_action(strings.TAB_INSIGHTS, window)
    insights.setShortcut(QKeySequence("Ctrl+3"))
    insights.triggered.connect(lambda: (window.nav.select_place(PLACE), place.ensure_view().show_insights()))
    window.addAction(insights)
    window.add_to_menu("go", insights)
    window.set_search_handler(PLACE, lambda: search_from_roadmap(window, place))
    button = CountsTowardButton(window)
    window.editor.tags.suggest = lambda: _area_tags(window.journal)  # tags count toward the areas of these ids
    layout = window.editor.meta_layout
    private = layout.indexOf(window.editor.private) if hasattr(window.editor, "private") else -1
    if private >= 0:
        layout.insertWidget(private, button)
    else:
        layout.addWidget(button)
    return place
