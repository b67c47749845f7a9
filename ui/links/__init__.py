"""Links between entries in the app (the rules are ``journal.links``'): typing ``[[`` completes titles, the preview
shows each link where it goes (a broken one as broken) and opens the entry on a click, and a bar under the text says
which entries link to the open one (``ui.links.backlinks``), each a click away.

``install(desk)`` adds Link to Entry… (Ctrl+K, as editors name "insert a link") and Linked From… (Ctrl+Shift+B) to
the Entry menu. Where links go is read from the journal when the preview renders (a few indexed lookups, on the GUI
thread, between keystrokes) and sent to the render process with the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from journal import links
from journal.errors import TrailbookError
from journal.markdown.wikilinks import candidate_targets
from journal.records import Entry
from ui.links import strings
from ui.links.backlinks import BacklinksBar
from ui.links.completer import LinkCompleter

if TYPE_CHECKING:
    from ui.desk import Desk

ENTRY_SCHEME = "trailbook-entry"


def link_tip(named: links.Named) -> str:
    template = strings.LINK_PRIVATE_TIP if named.private else strings.LINK_TIP
    return template.format(title=named.title, day=named.day)


class EntryLinks(QObject):
    """The completer, the preview's links and the backlinks of one window's editor."""

    def __init__(self, window: Desk) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        editor = window.editor
        self.completer = LinkCompleter(editor.editor, self._names, self._details, self._current_row)
        editor.preview.client.contexts.append(self.render_context)
        editor.preview.render_again()  # installed after the first frame: a preview already shown gets its links
        editor.preview.linkClicked.connect(self.follow)
        self.backlinks: list[links.LinkedEntry] = []
        self._title = ""

        self.bar = BacklinksBar(editor)
        self.bar.opened.connect(self.window.open_entry_anywhere)
        self.bar.follow(editor.meta_bar)  # hidden in focus mode, as the details are
        layout = editor.body_layout
        layout.insertWidget(layout.indexOf(editor.split) + 1, self.bar)  # under the text, as Obsidian shows them

        self.act_link = self._action(strings.ACTION_LINK, strings.ACTION_LINK_TIP, "Ctrl+K", self.start_link)
        self.act_backlinks = self._action(strings.ACTION_BACKLINKS, strings.ACTION_BACKLINKS_TIP, "Ctrl+Shift+B",
                                          self.show_backlinks)  # fmt: skip
        window.add_to_menu("entry", None, self.act_link, self.act_backlinks)
        editor.entryLoaded.connect(self.refresh)
        editor.saved.connect(self._saved)
        # Links to the open entry made or undone by another writer (``trailbook new``/``edit``, a sync), which the
        # open entry's own reload does not see: its sources are other entries.
        window.list.changedElsewhere.connect(lambda: self.refresh())
        self.refresh(editor.entry)

    def _action(self, text: str, tip: str, key: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self.window)  # type: ignore[call-overload]
        action.setShortcut(QKeySequence(key))
        action.setToolTip(f"{tip} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})")
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    # --- completion ---------------------------------------------------------------------------------------------
    def _names(self) -> links.NameList:
        try:
            return links.name_list(self.window.journal)
        except TrailbookError:
            return links.NameList([], [], [], [])

    def _details(self, row_ids: list[int]) -> dict[int, links.Named]:
        try:
            return links.entries_named(self.window.journal, row_ids)
        except TrailbookError:
            return {}

    def _current_row(self) -> int | None:
        entry = self.window.editor.entry
        return entry.row_id if entry is not None else None

    def start_link(self) -> None:
        """Ctrl+K: ``[[`` at the cursor with the titles offered; a selection becomes the link's target."""
        text = self.window.editor.editor
        if self.window.editor.entry is None or text.isReadOnly():
            return
        text.setFocus()
        cursor = text.textCursor()
        if cursor.hasSelection():
            cursor.insertText(f"[[{cursor.selectedText()}]]")
            return
        cursor.insertText("[[")
        text.setTextCursor(cursor)
        self.completer.update()

    # --- the preview --------------------------------------------------------------------------------------------
    def render_context(self, text: str) -> dict[str, object]:
        """Where the text's links go, for the render process: by target key, an address and a tooltip, or None."""
        targets = candidate_targets(text)
        if not targets:
            return {"links": {}}
        entry = self.window.editor.entry
        try:
            found = links.resolve_targets(self.window.journal, targets, entry.id if entry is not None else None)
        except TrailbookError:
            return {}  # the journal cannot be read now: links show as text
        return {
            "links": {
                key: None if named is None else {"href": f"{ENTRY_SCHEME}:{named.uuid}", "title": link_tip(named)}
                for key, named in found.items()
            }
        }

    def follow(self, address: str) -> None:
        """A link clicked in the preview: open the entry it goes to."""
        scheme, _, entry_id = address.partition(":")
        if scheme != ENTRY_SCHEME or not entry_id:
            return
        self.window.open_entry_anywhere(entry_id)

    # --- backlinks ----------------------------------------------------------------------------------------------
    def refresh(self, entry: Entry | None = None) -> None:
        """Read the open entry's backlinks again and show them (nothing shows when there are none)."""
        entry = entry if entry is not None else self.window.editor.entry
        found: list[links.LinkedEntry] = []
        if entry is not None and not entry.in_trash:
            try:
                found = links.backlinks(self.window.journal, entry.id)
            except TrailbookError:
                found = []
        self.backlinks = found
        self._title = entry.title if entry is not None else ""
        self.bar.set_backlinks(found, self._title)
        self.act_backlinks.setEnabled(entry is not None)

    def show_backlinks(self) -> None:
        """Ctrl+Shift+B: every backlink in a menu over the bar (or say that there are none)."""
        if not self.backlinks:
            self.window.show_status(strings.ACTION_BACKLINKS_NONE.format(title=self._title))
            return
        self.bar.popup_menu()

    def apply_preferences(self) -> None:
        """After the Preferences dialog: the bar's colours follow a change of theme."""
        self.bar.restyle()

    def _saved(self, entry: Entry) -> None:
        renamed = entry.title != self._title
        self.refresh(entry)
        if renamed:  # the entries that link to it were rewritten: their rows in the list show the new text
            for source in self.backlinks:
                self.window.list.model.refresh_entry(source.row_id)


def install(window: Desk) -> EntryLinks:
    """Add links between entries to ``window``: completion, the preview's links, backlinks, two Entry menu items."""
    return EntryLinks(window)
