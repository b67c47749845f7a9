"""The plain-text markdown editor: soft wrap at a comfortable width, highlighting, and images pasted or dropped in
become attachments stored inside the journal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QFontDatabase, QImage, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ui import strings
from ui.widgets.highlighter import MarkdownHighlighter

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"}
COMFORTABLE_COLUMNS = 84

# Stores image bytes (with a suffix hint) in the journal and returns the relative link; raises on refusal.
ImageStore = Callable[[bytes, str], str]


class MarkdownEditor(QPlainTextEdit):
    focusLost = Signal()
    imageRefused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MarkdownEditor")
        self.setAccessibleName("Entry text")
        self.setToolTip("The entry's text, in markdown")
        self.setPlaceholderText(strings.EDITOR_PLACEHOLDER)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.highlighter = MarkdownHighlighter(self.document())
        self.image_store: ImageStore | None = None
        self.set_editor_font("", 12, monospace=True)

    def set_editor_font(self, family: str, size: int, *, monospace: bool) -> None:
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margins()

    def _update_margins(self) -> None:
        """Keep lines at a comfortable measure by centring the text column in wide windows."""
        column = self.fontMetrics().horizontalAdvance("m") * COMFORTABLE_COLUMNS
        # The viewport's width plus its margins, computed without asking for the viewport: its first trip into Python
        # costs ~10 ms at start-up (PySide6 resolves every widget class to type it).
        bar = self.verticalScrollBar()
        spare = max(0, self.contentsRect().width() - (bar.width() if bar.isVisible() else 0) - column)
        side = spare // 2
        if abs(self.viewportMargins().left() - side) > 2:
            self.setViewportMargins(side, 0, side, 0)

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
                        self._insert_image(path.read_bytes(), path.suffix, path.stem)
                    except OSError as exc:
                        self.imageRefused.emit(f"{path.name}: {exc.strerror}")
                return
            if source.hasImage():
                image = source.imageData()
                if isinstance(image, QImage) and not image.isNull():
                    data = QByteArray()
                    buffer = QBuffer(data)
                    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                    image.save(buffer, "PNG")
                    self._insert_image(bytes(data.data()), ".png", "image")
                    return
        super().insertFromMimeData(source)

    def _image_files(self, source: QMimeData) -> list[Path]:
        if not source.hasUrls():
            return []
        found = [Path(u.toLocalFile()) for u in source.urls() if u.isLocalFile()]
        return [p for p in found if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]

    def _insert_image(self, data: bytes, suffix: str, alt: str) -> None:
        assert self.image_store is not None
        try:
            link = self.image_store(data, suffix)
        except Exception as exc:  # the store raises TrailbookError with the reason
            self.imageRefused.emit(str(exc))
            return
        cursor = self.textCursor()
        before = "" if cursor.atBlockStart() else "\n"
        cursor.insertText(f"{before}![{alt}]({link})\n")
        self.setTextCursor(cursor)
