"""Spell checking as you type in the main window: the Edit menu's toggle, the editor's context menu (suggestions, Add
to Dictionary, Ignore), and the dictionary the preferences choose. ``install(window)`` sets it up.

The dictionary loads on a thread a moment after the window opens (Enchant finds its library and reads the Hunspell
files, ~60 ms), so start-up never waits for it; then the open entry is checked a few lines at a time, visible lines
first, so a long entry does not hold the window. After that, Qt re-highlights only the lines that change, and each
word's verdict is cached (see ui/widgets/spell_highlighter.py and docs/benchmarks.md for the typing figures).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QTextBlock, QTextCursor
from PySide6.QtWidgets import QMenu

from journal.errors import TrailbookError
from journal.spellcheck import SpellChecker, available_languages, choose_language, open_best_checker
from ui import strings
from ui.keys import new_action
from ui.workers import call_async

if TYPE_CHECKING:
    from ui.desk import Desk

LOAD_DELAY_MS = 400  # after the window is built: its first frames come first
SWEEP_SLICE_MS = 8  # a re-check of the whole entry runs in slices this long, between which typing goes on


def language_name(tag: str) -> str:
    """``en_US`` as a person reads it: "English (United States)"."""
    locale = QLocale(tag)
    if locale.language() == QLocale.Language.C:
        return tag
    language = QLocale.languageToString(locale.language())
    territory = QLocale.territoryToString(locale.territory()) if "_" in tag else ""
    return f"{language} ({territory})" if territory else language


def system_locale() -> str:
    return QLocale.system().name()


class SpellCheck(QObject):
    """The spell checker of one window's editor."""

    ready = Signal()  # a dictionary is loaded and the open entry checked (or checking is off)

    def __init__(self, window: Desk) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor.editor
        self.highlighter = self.editor.highlighter
        self.checker: SpellChecker | None = None
        self.problem: str | None = None  # why there is no checker, when loading failed
        self._loading = False
        self._pending: list[QObject] = []
        self._sweep: list[int] = []  # block numbers still to re-check
        self._sweep_timer = QTimer(self)
        self._sweep_timer.setInterval(0)
        self._sweep_timer.timeout.connect(self._sweep_some)

        self.act_spell = new_action(strings.ACTION_SPELL_CHECK, window)
        self.act_spell.setToolTip(strings.ACTION_SPELL_CHECK_TIP)
        self.act_spell.setStatusTip(strings.ACTION_SPELL_CHECK_TIP)
        self.act_spell.setCheckable(True)
        self.act_spell.setChecked(window.prefs.spell_check)
        self.act_spell.toggled.connect(self._toggled)
        window.add_to_menu("edit", None, self.act_spell)

        self.highlighter.caret = lambda: self.editor.textCursor().position()
        self.editor.cursorPositionChanged.connect(self._caret_moved)
        self.editor.context_menu_hooks.append(self.add_menu_items)
        self.editor.document().contentsChange.connect(self._contents_changed)
        if window.prefs.spell_check:
            QTimer.singleShot(LOAD_DELAY_MS, self, self.load)

    # --- loading ----------------------------------------------------------------------------------------------------
    def wanted_language(self) -> str:
        return self.window.prefs.spelling_language

    def load(self) -> None:
        """Load the dictionary the preferences choose, on a thread; ``ready`` once it is in use."""
        if self._loading:
            return
        self._loading = True
        wanted, system, personal = (
            self.wanted_language(),
            system_locale(),
            self.window.journal.paths.personal_dictionary,
        )

        self._pending = [call_async(lambda: open_best_checker(wanted, system, personal), self._loaded, self._failed)]

    def _loaded(self, checker: SpellChecker) -> None:
        self._loading = False
        self.checker, self.problem = checker, None
        if self.act_spell.isChecked():
            self.highlighter.set_checker(checker)
            self.recheck()
        else:
            self.ready.emit()

    def _failed(self, message: str, _user_error: bool) -> None:
        self._loading = False
        self.checker, self.problem = None, message.strip().splitlines()[-1] if message.strip() else message
        self.highlighter.set_checker(None)
        self.window.statusBar().showMessage(self.problem, 8000)
        self.ready.emit()

    def apply_preferences(self) -> None:
        """After the Preferences dialog: checking on or off, and another dictionary if the language changed."""
        prefs = self.window.prefs
        if self.act_spell.isChecked() != prefs.spell_check:
            self.act_spell.setChecked(prefs.spell_check)  # loads or stops through ``_toggled``
            return
        if not prefs.spell_check:
            return
        language = choose_language(prefs.spelling_language, system_locale(), available_languages())
        if self.checker is None or language != self.checker.language:
            self.load()

    def _toggled(self, on: bool) -> None:
        if self.window.prefs.spell_check != on:
            from dataclasses import replace

            from journal.settings import save_preferences

            self.window.prefs = replace(self.window.prefs, spell_check=on)
            try:
                save_preferences(self.window.journal.paths.settings, self.window.prefs)
            except OSError as exc:
                self.window.statusBar().showMessage(f"Preferences not saved: {exc.strerror}", 8000)
        if on and self.checker is None:
            self.load()
            return
        self.highlighter.set_checker(self.checker if on else None)
        self.recheck()

    # --- re-checking the open entry ---------------------------------------------------------------------------------
    def recheck(self, word: str | None = None) -> None:
        """Check the open entry again, visible lines first, a slice at a time; with ``word``, only the lines that hold
        it (after it was added to the dictionary or ignored)."""
        document = self.editor.document()
        first = self.editor.firstVisibleBlock().blockNumber()
        count = document.blockCount()
        order = [*range(first, count), *range(0, first)]
        if word is not None:
            needle = word.casefold()
            order = [n for n in order if needle in document.findBlockByNumber(n).text().casefold()]
        self._sweep = order[::-1]  # popped from the end
        self._sweep_some()
        if self._sweep:
            self._sweep_timer.start()

    def _sweep_some(self) -> None:
        document = self.editor.document()
        until = time.perf_counter() + SWEEP_SLICE_MS / 1000
        while self._sweep and time.perf_counter() < until:
            block = document.findBlockByNumber(self._sweep.pop())
            if block.isValid():
                self.highlighter.rehighlightBlock(block)
        if not self._sweep:
            self._sweep_timer.stop()
            self.ready.emit()

    def _contents_changed(self, position: int, _removed: int, added: int) -> None:
        # A new text (another entry opened) was highlighted whole by Qt just now, and checked with it unless it is
        # long: then it is checked now, a slice at a time. A sweep over the old text has nothing left to do.
        if position != 0 or added < self.editor.document().characterCount() - 1:
            return
        if self.highlighter.deferred:
            self.highlighter.deferred = False
            self.recheck()
        elif self._sweep:
            self._sweep = []
            self._sweep_timer.stop()
            self.ready.emit()

    def _caret_moved(self) -> None:
        """The cursor left the word being typed: mark it now if it is misspelt."""
        held = self.highlighter.held
        if held is None or self.editor.textCursor().position() == held[1]:
            return
        self.highlighter.held = None
        block = self.editor.document().findBlockByNumber(held[0])
        if block.isValid():
            self.highlighter.rehighlightBlock(block)

    # --- the context menu -------------------------------------------------------------------------------------------
    def add_menu_items(self, menu: QMenu, cursor: QTextCursor) -> None:
        """Suggestions, Add to Dictionary and Ignore above the editing items, for a misspelt word under the mouse."""
        checker = self.highlighter.checker
        if checker is None:
            return
        block = cursor.block()
        found = self.highlighter.word_at(block, cursor.positionInBlock())
        if found is None or checker.check(found[2]):
            return
        start, end, word = found
        first = menu.actions()[0] if menu.actions() else None
        items: list[QAction] = []
        suggestions = checker.suggest(word)
        for suggestion in suggestions:
            action = QAction(suggestion, menu)
            font = QFont(action.font())
            font.setBold(True)
            action.setFont(font)
            action.triggered.connect(lambda _on=False, s=suggestion: self.replace_word(block, start, end, s))
            items.append(action)
        if not suggestions:
            none = QAction(strings.SPELL_NO_SUGGESTIONS, menu)
            none.setEnabled(False)
            items.append(none)
        add = QAction(strings.SPELL_ADD.format(word=word), menu)
        add.setToolTip(strings.SPELL_ADD_TIP)
        add.setStatusTip(strings.SPELL_ADD_TIP)
        add.triggered.connect(lambda: self.add_word(word))
        ignore = QAction(strings.SPELL_IGNORE.format(word=word), menu)
        ignore.setToolTip(strings.SPELL_IGNORE_TIP)
        ignore.setStatusTip(strings.SPELL_IGNORE_TIP)
        ignore.triggered.connect(lambda: self.ignore_word(word))
        separator = QAction(menu)
        separator.setSeparator(True)
        items += [separator, add, ignore]
        if first is not None:
            ending = QAction(menu)
            ending.setSeparator(True)
            items.append(ending)
        menu.insertActions(first, items)  # type: ignore[arg-type]

    def replace_word(self, block: QTextBlock, start: int, end: int, replacement: str) -> None:
        """Put ``replacement`` in place of the word (one undo step)."""
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
        self.editor.setTextCursor(cursor)

    def add_word(self, word: str) -> None:
        if self.checker is None:
            return
        try:
            self.checker.add(word)
        except TrailbookError as exc:
            self.window.statusBar().showMessage(exc.message, 10_000)
        self.recheck(word)

    def ignore_word(self, word: str) -> None:
        if self.checker is None:
            return
        self.checker.ignore(word)
        self.recheck(word)


def install(window: Desk) -> SpellCheck:
    """Spell checking for ``window``'s editor: the Edit menu's toggle, the context menu, and the dictionary."""
    return SpellCheck(window)
