"""Publishing in the desktop app: the Publish and Unpublish actions (toolbar, entry list context menu, Entry menu,
Ctrl+Shift+P; disabled for private entries), the Blogs place, and the editor's Post details. ``install(window)``
adds them to a MainWindow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from journal.errors import TrailbookError
from ui.keys import new_action
from ui.publish import strings

if TYPE_CHECKING:
    from ui.desk import Desk
    from ui.publish.page import BlogsPage

PLACE = "blogs"


class PublishController(QObject):
    """Owns the actions and opens the dialogs; the window and its lists are only read and refreshed."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.journal = window.journal
        self.act_publish = new_action(strings.ACTION_PUBLISH, window)
        self.act_publish.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.act_publish.setToolTip(strings.ACTION_PUBLISH_TIP)
        self.act_publish.setStatusTip(strings.ACTION_PUBLISH_TIP)
        self.act_publish.triggered.connect(lambda: self.publish_selected("publish"))
        self.act_unpublish = new_action(strings.ACTION_UNPUBLISH, window)
        self.act_unpublish.setToolTip(strings.ACTION_UNPUBLISH_TIP)
        self.act_unpublish.setStatusTip(strings.ACTION_UNPUBLISH_TIP)
        self.act_unpublish.triggered.connect(lambda: self.publish_selected("unpublish"))
        window.addAction(self.act_publish)
        window.list.view.addAction(self.act_publish)
        window.list.view.addAction(self.act_unpublish)
        window.add_to_menu("entry", None, self.act_publish, self.act_unpublish)
        window.toolbar.addSeparator()
        self.button = window.add_tool_button(self.act_publish)
        self.button.setObjectName("PublishButton")

        # The Blogs page is built the first time it is needed, not while the window opens.
        self._page: BlogsPage | None = None
        self.holder = QWidget(window)
        self._holder_layout = QVBoxLayout(self.holder)
        self._holder_layout.setContentsMargins(0, 0, 0, 0)
        self.holder.installEventFilter(self)
        window.add_place(PLACE, strings.PLACE, "blog", self.holder, shortcut="Ctrl+4")
        window.set_search_handler(PLACE, lambda: self.page.focus_filter())

        selection = window.list.view.selectionModel()
        selection.selectionChanged.connect(self.update_enabled)
        window.list.model.modelReset.connect(self.update_enabled)
        window.list.model.dataChanged.connect(self.update_enabled)
        window.editor.saved.connect(lambda _entry: self.update_enabled())
        self.update_enabled()

        from ui.publish.post_details import install as add_post_details

        self.post_details = add_post_details(window.editor)  # summary, categories, cover, publish date

    # --- which entries --------------------------------------------------------------------------------------------
    def _selection(self) -> list[tuple[str, bool]]:
        """(entry id, private) of the selected entries, else of the entry in the editor."""
        from ui.models.entry_list import Role

        indexes = self.window.list.view.selectionModel().selectedIndexes()
        chosen = [(str(i.data(Role.EntryId)), bool(i.data(Role.Private))) for i in indexes if i.data(Role.EntryId)]
        editor_entry = self.window.editor.entry
        if editor_entry is not None:
            chosen = [(eid, editor_entry.private if eid == editor_entry.id else private) for eid, private in chosen]
            if not chosen:
                chosen = [(editor_entry.id, editor_entry.private)]
        return chosen

    @property
    def page(self) -> BlogsPage:
        if self._page is None:
            from ui.publish.page import BlogsPage

            self._page = BlogsPage(self.window, self)
            self._holder_layout.addWidget(self._page)
        return self._page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.holder and event.type() == QEvent.Type.Show:
            self.page.show()
        return False

    def update_enabled(self, *_args: object) -> None:
        chosen = self._selection()
        private = any(p for _, p in chosen)
        self.act_publish.setEnabled(bool(chosen) and not private)
        self.act_unpublish.setEnabled(bool(chosen))
        self.window.explain_disabled(self.act_publish, self.why_not_publish)  # disabled, it says why

    def why_not_publish(self) -> str:
        return strings.ACTION_PUBLISH_PRIVATE_TIP if self._selection() else strings.ACTION_PUBLISH_NOTHING

    # --- dialogs --------------------------------------------------------------------------------------------------
    def publish_selected(self, action: str = "publish") -> None:
        from PySide6.QtWidgets import QMessageBox

        self.window.editor.save_now()
        chosen = self._selection()
        if not chosen:
            return
        if action == "publish" and any(p for _, p in chosen):
            QMessageBox.information(self.window, strings.PLACE, strings.ACTION_PUBLISH_PRIVATE_TIP)
            return
        self.open_dialog([eid for eid, _ in chosen], action)

    def open_dialog(self, entry_ids: list[str], action: str, blog: str | None = None):  # type: ignore[no-untyped-def]
        from ui.publish.dialog import PublishDialog

        dialog = PublishDialog(self.journal, entry_ids, action, self.window, blog=blog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.succeeded.connect(lambda _result: self._after_publish())
        self.last_dialog = dialog
        dialog.exec()
        return dialog

    def _after_publish(self) -> None:
        self.window.list.reload()
        if self._page is not None and self._page.isVisible():
            self._page.refresh()

    def new_blog(self) -> None:
        from ui.publish.blog_dialogs import NewBlogDialog

        if NewBlogDialog(self.journal, self.window).exec():
            self.page.refresh()

    def use_blog(self) -> None:
        from ui.publish.blog_dialogs import UseBlogDialog

        dialog = UseBlogDialog(self.journal, self.window)
        if dialog.exec():
            self.page.refresh()
            if dialog.created is not None:
                self.offer_adopt(dialog.created.name)

    def offer_adopt(self, blog_name: str) -> bool:
        """The blog's own posts, offered as entries (each linked to its file, so republishing updates it); False when
        there are none to adopt."""
        from PySide6.QtWidgets import QMessageBox

        from journal.publish.adopt import count_adoptable
        from journal.publish.blogs import get_blog

        try:
            count = count_adoptable(self.journal, blog_name)
            folder = get_blog(self.journal, blog_name).content_dir
        except TrailbookError as exc:
            QMessageBox.warning(self.window, strings.ADOPT_TITLE, exc.message)
            return True
        if not count:
            return False
        answer = QMessageBox.question(
            self.window,
            strings.ADOPT_TITLE,
            strings.ADOPT_OFFER.format(n=count, folder=folder),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.adopt(blog_name)
        return True

    def adopt(self, blog_name: str) -> None:
        """Adopt the blog's posts on the thread pool; the lists refresh and the result is said when it is done."""
        from journal.publish.adopt import adopt
        from ui.workers import JobRunner

        journal = self.journal
        runner = JobRunner(lambda: adopt(journal, blog_name))
        runner.signals.finished.connect(self._adopted)
        runner.signals.failed.connect(lambda message, _user: self._adopt_failed(message))
        self.adopting = runner
        self.window.statusBar().showMessage(strings.ADOPTING)
        runner.start()

    def _adopted(self, report) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QMessageBox

        self.adopting = None
        self._after_publish()
        text = strings.ADOPTED.format(n=len(report.adopted), blog=report.blog)
        if report.skipped:
            text += "\n\n" + strings.ADOPT_SKIPPED.format(
                items="\n".join(f"{p.path}: {'; '.join(p.notes)}" for p in report.skipped)
            )
        notes = [f"{p.path}: {n}" for p in report.adopted for n in p.notes]
        if notes:
            text += "\n\n" + "\n".join(notes)
        self.window.statusBar().clearMessage()
        self.last_adopt_text = text
        QMessageBox.information(self.window, strings.ADOPT_TITLE, text)

    def _adopt_failed(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.adopting = None
        self.window.statusBar().clearMessage()
        self.last_adopt_text = message
        QMessageBox.warning(self.window, strings.ADOPT_TITLE, message)

    def login(self, blog) -> str | None:  # type: ignore[no-untyped-def]
        """Ask for the blog's token; where it was kept ("keyring", "memory"), or None when cancelled."""
        from journal.publish.gitops import Git
        from ui.publish.blog_dialogs import LoginDialog

        try:
            url = Git(blog.path).remote_url(blog.remote) or ""
        except Exception:  # git missing or the folder gone: still let the person store a token
            url = ""
        dialog = LoginDialog(blog, url, self.window)
        self.last_login = dialog
        return dialog.where if dialog.exec() else None


def install(window: Desk) -> PublishController:
    """Add publishing to the main window (once: a second call returns what the first made)."""
    installed = getattr(window, "publishing", None)
    return installed if isinstance(installed, PublishController) else PublishController(window)
