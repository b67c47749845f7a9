"""The live preview: markdown rendered in a separate process, shown in Chromium (QtWebEngine) so MathML renders as
math, with a plain QTextBrowser fallback where QtWebEngine is missing.

The web view is heavy (~0.1 s and ~100 MB), so it is created the first time the preview is shown. Renders are
coalesced: one request in flight; text that changes meanwhile is sent when the answer comes back. The page shell is
loaded once and only its content is replaced, so the scroll position stays where the person left it. Page scripts are
disabled (an entry may contain raw HTML); our own updates run in Qt's isolated application world.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from ui import theme

if TYPE_CHECKING:  # QProcess and QUrl are imported when first used: the window opens without a preview (~1.5 ms)
    from collections.abc import Callable

    from PySide6.QtCore import QProcess, QUrl
    from PySide6.QtWebEngineCore import QWebEnginePage


def shell_html(name: str) -> str:
    """The page (journal.markdown.page: the one the exports print) in theme ``name``, its content still empty."""
    from journal.markdown.page import page_html

    return page_html(scheme="dark" if name == "dark" else "light", colours=theme.colours(name))


RENDER_TIMEOUT_MS = 8000
TIMED_OUT_HTML = (
    "<p class='math-error'>The preview is paused: this text takes too long to render. "
    "Your text is safe; the preview tries again when you next change it.</p>"
)


class RenderClient(QWidget):
    """Talks to ``ui.render_worker`` over a pipe, one render in flight: text given meanwhile waits (only the newest)
    and goes when the render returns; ``rendered(html, ms)`` fires for each render of the newest text sent. A render
    that takes too long (some pathological inputs make Python-Markdown crawl) kills the worker; the next change
    starts a fresh one."""

    rendered = Signal(str, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hide()
        self._process: QProcess | None = None
        self._buffer = QByteArray()
        self._next_id = 0
        self._in_flight: int | None = None
        self._pending: str | None = None
        self._latest_id = -1
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(RENDER_TIMEOUT_MS)
        self._watchdog.timeout.connect(self._timed_out)
        # More of a request, each made from the text as it is sent (ui.links: where its [[links]] go; ui.task_boxes:
        # whether task boxes can be ticked).
        self.contexts: list[Callable[[str], dict[str, object]]] = []
        self._latest_text: str | None = None
        self.shown_text: str | None = None  # the text of the render last shown (None: none, or it timed out)

    def _ensure(self) -> QProcess:
        from PySide6.QtCore import QProcess

        if self._process is None or self._process.state() == QProcess.ProcessState.NotRunning:
            process = QProcess(self)
            process.setProgram(sys.executable)
            process.setArguments(["-m", "ui.render_worker"])
            process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
            process.readyReadStandardOutput.connect(self._read)
            process.start()
            self._process = process
            self._in_flight = None
        return self._process

    def render(self, text: str) -> None:
        if self._in_flight is not None:
            self._pending = text
            return
        self._send(text)

    def _send(self, text: str) -> None:
        process = self._ensure()
        self._next_id += 1
        self._in_flight = self._latest_id = self._next_id
        self._latest_text = text
        request: dict[str, object] = {"id": self._next_id, "text": text}
        for context in self.contexts:
            request.update(context(text))
        process.write(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
        self._watchdog.start()

    def _timed_out(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.waitForFinished(1000)
            self._process = None
        self._buffer.clear()
        self._in_flight = None
        self._pending = None
        self.shown_text = None
        self.rendered.emit(TIMED_OUT_HTML, float(RENDER_TIMEOUT_MS))

    def _read(self) -> None:
        assert self._process is not None
        self._buffer.append(self._process.readAllStandardOutput())
        while True:
            newline = self._buffer.indexOf(b"\n")
            if newline < 0:
                return
            line = bytes(self._buffer.left(newline).data())
            self._buffer.remove(0, newline + 1)
            reply = json.loads(line)
            self._watchdog.stop()
            self._in_flight = None
            newest_sent = reply.get("id") == self._latest_id
            text_of_reply = self._latest_text
            if self._pending is not None:  # the text typed meanwhile goes at once (renders coalesce to one)
                text, self._pending = self._pending, None
                self._send(text)
            if newest_sent:  # shown even with newer text on its way: the preview keeps up while typing goes on
                html = reply.get("html") or f"<p class='math-error'>Preview failed: {reply.get('error', '')}</p>"
                self.shown_text = text_of_reply if "error" not in reply else None
                self.rendered.emit(html, float(reply.get("ms", 0.0)))

    def stop(self) -> None:
        self._watchdog.stop()
        if self._process is not None:
            self._process.closeWriteChannel()
            if not self._process.waitForFinished(2000):
                self._process.kill()
                self._process.waitForFinished(1000)
            self._process = None


def _preview_page(parent: QWidget, clicked: Callable[[QUrl], None]) -> QWebEnginePage:
    """A page that hands every clicked link to ``clicked`` instead of following it (the preview shows one entry)."""
    import time

    from PySide6.QtWebEngineCore import QWebEnginePage

    class PreviewPage(QWebEnginePage):
        def __init__(self) -> None:
            super().__init__(parent)
            self._last: tuple[str, float] = ("", 0.0)

        def acceptNavigationRequest(self, url: QUrl, kind: QWebEnginePage.NavigationType, main: bool) -> bool:
            if kind != QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
                return True
            # Chromium may ask again for one click (a scheme it does not know): one click, one answer.
            now, address = time.monotonic(), url.toString()
            if self._last[0] != address or now - self._last[1] > 0.5:
                self._last = (address, now)
                clicked(url)
            return False

    return PreviewPage()


class PreviewPane(QWidget):
    """Shows the rendered entry. ``set_text`` is cheap to call on every change; work happens only when visible.
    A clicked link is never followed inside the preview: web addresses open in the browser, and ``linkClicked``
    says which (``trailbook-entry:<id>`` for a link to an entry, ui.links)."""

    updated = Signal()
    linkClicked = Signal(str)

    def __init__(self, base_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Preview")
        self.setToolTip("The rendered entry")
        self._base_dir = base_dir
        self._stack = QStackedLayout(self)
        self._placeholder = QLabel("", self)
        self._stack.addWidget(self._placeholder)
        self._view: QWidget | None = None
        self._web = False
        self._ready = False
        self._text = ""
        self._shown_html: str | None = None
        self._theme = theme.current()
        self._shut_down = False
        self.client = RenderClient(self)
        self.client.rendered.connect(self._show_html)
        self.last_render_ms = 0.0

    def _base(self) -> QUrl:
        from PySide6.QtCore import QUrl

        return QUrl.fromLocalFile(str(self._base_dir) + "/")

    def _ensure_view(self) -> None:
        if self._view is not None:
            return
        try:
            from PySide6.QtWebEngineCore import QWebEngineSettings
            from PySide6.QtWebEngineWidgets import QWebEngineView

            view = QWebEngineView(self)
            view.setPage(_preview_page(view, self._link_clicked))  # before the settings: they are the page's
            settings = view.settings()
            settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
            settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            view.loadFinished.connect(self._shell_loaded)
            view.setHtml(shell_html(self._theme), self._base())
            self._web = True
        except ImportError:
            from PySide6.QtWidgets import QTextBrowser

            view = QTextBrowser(self)
            view.setOpenLinks(False)
            view.anchorClicked.connect(self._link_clicked)
            view.document().setBaseUrl(self._base())
            self._ready = True
        view.setAccessibleName("Preview")
        self._view = view
        self._stack.addWidget(view)
        self._stack.setCurrentWidget(view)

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)
        self.linkClicked.emit(url.toString())

    def _shell_loaded(self, ok: bool) -> None:
        self._ready = True
        self._shown_html = None
        self.client.render(self._text)

    def set_theme(self, name: str) -> None:
        self._theme = name
        if self._view is not None and self._web:
            self._ready = False
            self._view.setHtml(shell_html(name), self._base())  # type: ignore[attr-defined]

    def set_text(self, text: str) -> None:
        self._text = text
        if self.isVisible():
            self._ensure_view()
            if self._ready:
                self.client.render(text)

    def render_again(self) -> None:
        """Render the text again, if it shows: a request's context was added since (a feature installed after the
        first frame, ui.deferred)."""
        self.set_text(self._text)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._view is None:
            # Made two turns later, as the calendar (ui.browse): a window reopened with its preview open shows at
            # once instead of ~0.1 s later, and the web view comes a moment after (blank until its page loads
            # anyway). Text set meanwhile makes it at once (set_text).
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._shown))
            return
        self._shown()

    def _shown(self) -> None:
        if not self.isVisible() or self._shut_down:
            return
        self._ensure_view()
        if self._ready:
            self.client.render(self._text)

    def _show_html(self, html: str, ms: float) -> None:
        self.last_render_ms = ms
        if html == self._shown_html or self._view is None:
            self.updated.emit()
            return
        self._shown_html = html
        if self._web:
            from PySide6.QtWebEngineCore import QWebEngineScript

            # No result callback: PySide6 mishandles the reference count of callback results, and the page's own
            # order of execution makes a later read see this update anyway.
            script = f"document.getElementById('content').innerHTML = {json.dumps(html)}; 0"
            self._view.page().runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld)  # type: ignore[attr-defined]
            self.updated.emit()
        else:
            self._view.setHtml(html)  # type: ignore[attr-defined]
            self.updated.emit()

    def shutdown(self) -> None:
        """Stop the render process and delete the web view before the QApplication goes (PySide6 can crash else)."""
        self._shut_down = True  # (a view not made yet is not made)
        self.client.stop()
        if self._view is not None:
            import shiboken6

            self._stack.removeWidget(self._view)
            view, self._view = self._view, None
            shiboken6.delete(view)  # now, not deleteLater(): the event loop may already be gone
