"""The plain-text markdown editor: soft wrap at a comfortable width, highlighting, and images pasted or dropped in
become attachments stored inside the journal. It also owns what the writer's tools (ui/writer_tools.py) change about
how it looks: the zoom over the preferred font size, typewriter scrolling, the focus mode's top margin, and the
extra selections (search matches) that several tools may add at once. Tools add items to its context menu through
``context_menu_hooks`` (spell checking puts its suggestions there)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QResizeEvent,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QWidget

from ui import strings
from ui.widgets.spell_highlighter import SpellCheckHighlighter

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"}
COMFORTABLE_COLUMNS = 84
MIN_FONT_SIZE, MAX_FONT_SIZE = 6, 48  # as the preference allows
# Characters beyond which reading the whole text (``toPlainText``, a regular expression over it) takes tens of
# milliseconds: tools that do it wait for a longer pause in typing.
LONG_TEXT = 1_000_000

# Stores image bytes (with a suffix hint) in the journal and returns the relative link; raises on refusal.
ImageStore = Callable[[bytes, str], str]
# File names that say nothing of what the image shows: a camera's or a phone's numbering.
_CAMERA_NAME_RE = re.compile(r"(?i)(img|dsc[nf]?|pxl|mvimg|photo|pic|image|scan|dcim|p)?[\W_\d]*")


def image_alt_text(file_name: str | None = None, when: dt.datetime | None = None) -> str:
    """The text an image gets in ``![…]``, to say what it is to whoever cannot see it (a reader of the blog, a screen
    reader): a dropped file's name as words ("system-design_diagram.png" → "system design diagram"), a camera's
    numbering as the file's name ("Image IMG_2031.JPG"), a pasted picture as "Screenshot 2026-11-20 14:03". The
    person makes it better: it is selected once inserted, so typing replaces it."""
    if file_name is None:
        return strings.IMAGE_ALT_PASTED.format(when=(when or dt.datetime.now()).strftime("%Y-%m-%d %H:%M"))
    stem = Path(file_name).stem
    words = " ".join(re.sub(r"(?<!\d)[-_.]+|[-_.]+(?!\d)|_", " ", stem).split())
    if not words or _CAMERA_NAME_RE.fullmatch(stem):
        words = strings.IMAGE_ALT_FILE.format(name=Path(file_name).name)
    return re.sub(r"([\\\[\]])", r"\\\1", words)  # brackets and backslashes would end or bend the link text


# Adds items to the editor's context menu for the text under the mouse (a cursor there).
ContextMenuHook = Callable[[QMenu, QTextCursor], None]


class MarkdownEditor(QPlainTextEdit):
    focusLost = Signal()
    imageRefused = Signal(str)
    zoomChanged = Signal(int)  # points over the preferred size

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MarkdownEditor")
        self.setAccessibleName("Entry text")
        self.setToolTip("The entry's text, in markdown")
        self.setPlaceholderText(strings.EDITOR_PLACEHOLDER)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.highlighter = SpellCheckHighlighter(self.document())
        self.context_menu_hooks: list[ContextMenuHook] = []
        self.image_store: ImageStore | None = None
        self._font_choice = ("", 12, True)  # the preference: family, size, monospace
        self.zoom = 0
        self.top_margin = 0
        self.typewriter = False
        self._selections: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self.set_editor_font("", 12, monospace=True)

    def set_editor_font(self, family: str, size: int, *, monospace: bool) -> None:
        """The preferred font; the zoom stays on top of it."""
        self._font_choice = (family, size, monospace)
        self._apply_font()

    @property
    def preferred_size(self) -> int:
        return self._font_choice[1]

    def _apply_font(self) -> None:
        family, size, monospace = self._font_choice
        size = min(MAX_FONT_SIZE, max(MIN_FONT_SIZE, size + self.zoom))
        if family:
            font = QFont(family, size)
        elif monospace:
            font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            font.setPointSize(size)
        else:
            font = QFont(self.font().family(), size)
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self._update_margins()

    # --- zoom ------------------------------------------------------------------------------------------------------
    def set_zoom(self, points: int) -> None:
        """Show the text ``points`` larger (or smaller) than the preferred size, within the sizes the preference
        allows; ``zoomChanged`` tells whoever keeps the setting."""
        size = self.preferred_size
        points = min(MAX_FONT_SIZE - size, max(MIN_FONT_SIZE - size, int(points)))
        if points == self.zoom:
            return
        self.zoom = points
        self._apply_font()
        if self.typewriter:
            self.centerCursor()
        self.zoomChanged.emit(points)

    def zoom_by(self, points: int) -> None:
        self.set_zoom(self.zoom + points)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Ctrl+wheel zooms, as in browsers and other editors (Qt's own wheel zoom works only when read-only and
        # would bypass the saved zoom).
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() // 120
            if steps:
                self.zoom_by(steps)
            event.accept()
            return
        super().wheelEvent(event)

    # --- typewriter scrolling and extra selections ------------------------------------------------------------------
    def set_typewriter(self, on: bool) -> None:
        """Keep the line being written at the vertical centre. ``centerOnScroll`` also lets the last lines scroll up
        to the middle, so the end of the text is not stuck at the bottom edge."""
        if on == self.typewriter:
            return
        self.typewriter = on
        self.setCenterOnScroll(on)
        if on:
            self.cursorPositionChanged.connect(self.centerCursor)
            self.centerCursor()
        else:
            self.cursorPositionChanged.disconnect(self.centerCursor)

    def set_top_margin(self, pixels: int) -> None:
        self.top_margin = pixels
        self._update_margins(force=True)

    def is_long(self) -> bool:
        return self.document().characterCount() > LONG_TEXT

    def set_extra_selections(self, owner: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Show ``owner``'s extra selections beside the other owners' (``setExtraSelections`` alone replaces them)."""
        if selections:
            self._selections[owner] = selections
        elif self._selections.pop(owner, None) is None:
            return
        self.setExtraSelections([s for group in self._selections.values() for s in group])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margins()

    def _update_margins(self, *, force: bool = False) -> None:
        """Keep lines at a comfortable measure by centring the text column in wide windows."""
        column = self.fontMetrics().horizontalAdvance("m") * COMFORTABLE_COLUMNS
        # The viewport's width plus its margins, computed without asking for the viewport: its first trip into Python
        # costs ~10 ms at start-up (PySide6 resolves every widget class to type it).
        bar = self.verticalScrollBar()
        spare = max(0, self.contentsRect().width() - (bar.width() if bar.isVisible() else 0) - column)
        side = spare // 2
        if force or abs(self.viewportMargins().left() - side) > 2:
            self.setViewportMargins(side, self.top_margin, side, 0)

    def context_menu(self, pos: QPoint) -> QMenu:
        """The context menu for viewport position ``pos``: the tools' items (see ``context_menu_hooks``) above the
        standard editing ones."""
        menu = self.createStandardContextMenu(pos)
        cursor = self.cursorForPosition(pos)
        for hook in self.context_menu_hooks:
            hook(menu, cursor)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focusLost.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Continue a list on Enter, as writers expect.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            block = self.textCursor().block().text()
            stripped = block.lstrip()
            indent = block[: len(block) - len(stripped)]
            for marker in ("- [ ] ", "- [x] ", "- ", "* ", "+ "):
                if stripped.startswith(marker):
                    if stripped == marker.rstrip() or stripped == marker:
                        cursor = self.textCursor()
                        cursor.select(cursor.SelectionType.LineUnderCursor)
                        cursor.removeSelectedText()
                        return
                    super().keyPressEvent(event)
                    self.insertPlainText(indent + marker.replace("[x]", "[ ]"))
                    return
        super().keyPressEvent(event)

    # --- images --------------------------------------------------------------------------------------------------
    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or bool(self._image_files(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self.image_store is not None:
            files = self._image_files(source)
            if files:
                for path in files:
                    try:
                        self._insert_image(path.read_bytes(), path.suffix, image_alt_text(path.name),
                                           select_alt=len(files) == 1)  # fmt: skip
                    except OSError as exc:
                        self.imageRefused.emit(f"{path.name}: {exc.strerror}")
                return
            if source.hasImage():
                from PySide6.QtGui import QImage  # (its type, with its enums, is made on first use)

                image = source.imageData()
                if isinstance(image, QImage) and not image.isNull():
                    data = QByteArray()
                    buffer = QBuffer(data)
                    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                    image.save(buffer, "PNG")
                    self._insert_image(bytes(data.data()), ".png", image_alt_text(), select_alt=True)
                    return
        super().insertFromMimeData(source)

    def _image_files(self, source: QMimeData) -> list[Path]:
        if not source.hasUrls():
            return []
        found = [Path(u.toLocalFile()) for u in source.urls() if u.isLocalFile()]
        return [p for p in found if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]

    def _insert_image(self, data: bytes, suffix: str, alt: str, *, select_alt: bool = False) -> None:
        assert self.image_store is not None
        try:
            link = self.image_store(data, suffix)
        except Exception as exc:  # the store raises TrailbookError with the reason
            self.imageRefused.emit(str(exc))
            return
        cursor = self.textCursor()
        before = "" if cursor.atBlockStart() else "\n"
        cursor.insertText(f"{before}![{alt}]({link})\n")
        if select_alt:  # the alt text selected: typing a description replaces it; any arrow key keeps it
            end = cursor.position() - len(f"]({link})\n")
            cursor.setPosition(end - len(alt))
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
