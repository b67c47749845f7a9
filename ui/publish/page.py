"""The Blogs place: your blogs (New blog…, Use existing blog…, Log in…, Update from remote, Remove…) and every
published entry with where it is and whether it changed since (Publish changes…, Unpublish…, Change address…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.errors import TrailbookError
from ui.publish import strings, style

if TYPE_CHECKING:  # the services load the ORM: methods import them on first use, not the app's start-up
    from journal.publish import blogs as blog_service
    from journal.publish import publications


def _button(text: str, tip: str, slot: Callable[[], Any], parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def _remote_text(blog: blog_service.Blog) -> str:
    """Where the blog pushes, without any user name or password that may be in the address."""
    from journal.publish.gitops import Git
    from journal.publish.messages import redact

    try:
        url = Git(blog.path).remote_url(blog.remote) if blog.path.is_dir() else None
    except Exception:  # git missing: the row still shows the blog
        url = None
    return redact(url) if url else strings.NO_REMOTE


def post_state(post: publications.PublishedPost) -> str:
    if not post.entry_exists:
        return strings.STATE_DELETED
    if post.private_now:
        return strings.STATE_PRIVATE
    if post.draft:
        return strings.STATE_DRAFT
    if post.changed:
        return strings.STATE_CHANGED
    if not post.pushed:
        return strings.STATE_NOT_PUSHED
    return strings.STATE_UP_TO_DATE


class BlogsPage(QWidget):
    def __init__(self, window, controller) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window_ = window
        self.controller = controller
        self.journal = window.journal
        self.blogs: list[blog_service.Blog] = []
        self.posts: list[publications.PublishedPost] = []
        self._keep: list[object] = []
        self.setObjectName("BlogsPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(10)

        header = QHBoxLayout()
        title = QLabel(strings.PAGE_TITLE, self)
        title.setObjectName("PageTitle")
        header.addWidget(title)
        header.addStretch(1)
        self.new_button = _button(strings.NEW_BLOG, strings.NEW_BLOG_TIP, controller.new_blog, self)
        self.use_button = _button(strings.USE_BLOG, strings.USE_BLOG_TIP, controller.use_blog, self)
        header.addWidget(self.new_button)
        header.addWidget(self.use_button)
        layout.addLayout(header)
        intro = QLabel(strings.PAGE_INTRO, self)
        intro.setObjectName("Muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.blog_list = QListWidget(self)
        self.blog_list.setObjectName("BlogList")
        self.blog_list.setAccessibleName(strings.BLOGS_NAME)
        self.blog_list.setToolTip(strings.BLOGS_TIP)
        self.blog_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.blog_list.currentRowChanged.connect(self._update_buttons)
        layout.addWidget(self.blog_list)
        self.empty = QLabel(strings.NO_BLOGS, self)
        self.empty.setObjectName("EmptyBlogs")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.login_button = _button(strings.LOGIN, strings.LOGIN_TIP, self._login, self)
        self.update_button = _button(strings.UPDATE, strings.UPDATE_TIP, self._update_from_remote, self)
        self.folder_button = _button(strings.OPEN_FOLDER, strings.OPEN_FOLDER_TIP, self._open_folder, self)
        self.remove_button = _button(strings.REMOVE, strings.REMOVE_TIP, self._remove, self)
        self.adopt_button = _button(strings.ADOPT_BUTTON, strings.ADOPT_BUTTON_TIP, self._adopt, self)
        for b in (self.login_button, self.update_button, self.folder_button, self.adopt_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)

        section = QLabel(strings.PUBLISHED_TITLE, self)
        section.setObjectName("SectionTitle")
        heading = QHBoxLayout()
        heading.addWidget(section)
        heading.addStretch(1)
        # Ctrl+F here: what one looks for among blogs is a published post (the journal search finds entries).
        self.filter = QLineEdit(self)
        self.filter.setObjectName("PostFilter")
        self.filter.setPlaceholderText(strings.FILTER_POSTS)
        self.filter.setAccessibleName(strings.FILTER_POSTS_NAME)
        self.filter.setToolTip(strings.FILTER_POSTS_TIP)
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(240)
        self.filter.textChanged.connect(lambda _t: self._filter_posts())
        heading.addWidget(self.filter)
        layout.addLayout(heading)
        self.table = QTableWidget(0, len(strings.COLUMNS), self)
        self.table.setObjectName("PublishedTable")
        self.table.setAccessibleName(strings.PUBLISHED_NAME)
        self.table.setToolTip(strings.PUBLISHED_TIP)
        self.table.setHorizontalHeaderLabels(list(strings.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(strings.COLUMNS)):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self._open_entry())
        self.table.activated.connect(lambda _i: self._open_entry())  # Enter on a row, as a double click
        layout.addWidget(self.table, 1)
        self.nothing = QLabel(strings.PUBLISHED_EMPTY, self)
        self.nothing.setObjectName("Muted")
        layout.addWidget(self.nothing)
        row = QHBoxLayout()
        self.republish_button = _button(strings.REPUBLISH, strings.REPUBLISH_TIP, self._republish, self)
        self.unpublish_button = _button(strings.UNPUBLISH_SELECTED, strings.ACTION_UNPUBLISH_TIP, self._unpublish, self)
        self.open_button = _button(strings.OPEN_ENTRY, strings.OPEN_ENTRY_TIP, self._open_entry, self)
        self.slug_button = _button(strings.CHANGE_SLUG, strings.CHANGE_SLUG_TIP, self._change_slug, self)
        for b in (self.republish_button, self.unpublish_button, self.open_button, self.slug_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel("", self)
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    # --- data ------------------------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        from journal.publish import blogs as blog_service
        from journal.publish import publications

        style.apply(self)
        current = self.selected_blog()
        from journal.publish.credentials import kept_in_memory

        self.blogs = blog_service.list_blogs(self.journal)
        self.blog_list.clear()
        for blog in self.blogs:
            in_memory = kept_in_memory(blog.name)
            text = strings.BLOG_ROW.format(
                name=blog.name,
                kind=blog.kind.capitalize(),
                branch=blog.branch,
                remote=_remote_text(blog),
                token=strings.TOKEN_IN_MEMORY if in_memory else "",
                path=blog.path,
                site=f"  ·  {blog.base_url}" if blog.base_url else "",
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, blog.name)
            spoken = f"{blog.name}, {blog.kind}, {blog.path}"
            if in_memory:
                spoken += f", {strings.TOKEN_IN_MEMORY_NAME}"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
            self.blog_list.addItem(item)
            if current is not None and blog.name == current.name:
                self.blog_list.setCurrentItem(item)
        if self.blogs and self.blog_list.currentRow() < 0:
            self.blog_list.setCurrentRow(0)
        rows = min(max(len(self.blogs), 1), 4)
        row_height = self.blog_list.sizeHintForRow(0) if self.blogs else 40
        self.blog_list.setFixedHeight(rows * (row_height + 4) + 2 * self.blog_list.frameWidth() + 6)
        self.blog_list.setVisible(bool(self.blogs))
        self.empty.setVisible(not self.blogs)

        self.posts = publications.published_posts(self.journal)
        self.table.setRowCount(len(self.posts))
        for row, post in enumerate(self.posts):
            when = post.published_at.astimezone().strftime("%d %b %Y %H:%M")
            cells = [post.title or post.entry_id[:8], post.blog, post.url, when, post_state(post)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4 and text != strings.STATE_UP_TO_DATE:
                    item.setForeground(style.status_colour("updated" if post.changed else "refused"))
                self.table.setItem(row, col, item)
        self.table.setVisible(bool(self.posts))
        self.nothing.setVisible(not self.posts)
        self.filter.setVisible(bool(self.posts))
        self._filter_posts()
        self._update_buttons()

    def focus_filter(self) -> None:
        """Ctrl+F on the Blogs page: the filter of the published posts (none yet: say so)."""
        if not self.posts:
            self.window_.show_status(strings.FILTER_NO_POSTS)
            return
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def _filter_posts(self) -> None:
        """Show the published posts whose title, blog or address has the filter's words."""
        words = self.filter.text().casefold().split()
        for row, post in enumerate(self.posts):
            where = f"{post.title} {post.blog} {post.url}".casefold()
            hide = not all(word in where for word in words)
            self.table.setRowHidden(row, hide)
            if hide:
                for col in range(self.table.columnCount()):
                    item = self.table.item(row, col)
                    if item is not None:
                        item.setSelected(False)

    def selected_blog(self) -> blog_service.Blog | None:
        item = self.blog_list.currentItem()
        if item is None:
            return None
        name = item.data(Qt.ItemDataRole.UserRole)
        return next((b for b in self.blogs if b.name == name), None)

    def selected_posts(self) -> list[publications.PublishedPost]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.posts[r] for r in rows if r < len(self.posts)]

    def _update_buttons(self) -> None:
        has_blog = self.selected_blog() is not None
        for b in (self.login_button, self.update_button, self.folder_button, self.adopt_button, self.remove_button):
            b.setEnabled(has_blog)
        posts = self.selected_posts()
        live = [p for p in posts if p.entry_exists]
        self.republish_button.setEnabled(
            bool(live) and not any(p.private_now for p in live) and len({p.blog for p in posts}) == 1
        )
        self.unpublish_button.setEnabled(bool(posts) and len({p.blog for p in posts}) == 1)
        self.open_button.setEnabled(len(live) == 1)
        self.slug_button.setEnabled(len(live) == 1)

    # --- blog actions ----------------------------------------------------------------------------------------------
    def _login(self) -> None:
        blog = self.selected_blog()
        if blog is None:
            return
        where = self.controller.login(blog)
        if where is not None:
            self.refresh()
            self.status.setText(strings.TOKEN_IN_MEMORY_STATUS.format(name=blog.name) if where == "memory" else "")

    def _adopt(self) -> None:
        blog = self.selected_blog()
        if blog is not None and not self.controller.offer_adopt(blog.name):
            self.status.setText(strings.ADOPT_NONE.format(folder=blog.content_dir))

    def _open_folder(self) -> None:
        blog = self.selected_blog()
        if blog is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(blog.path)))

    def _remove(self) -> None:
        from journal.publish import blogs as blog_service

        blog = self.selected_blog()
        if blog is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            strings.REMOVE.rstrip("…"),
            strings.REMOVE_CONFIRM.format(name=blog.name, path=blog.path),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        forget = box.addButton(strings.REMOVE.rstrip("…"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is forget:
            blog_service.remove_blog(self.journal, blog.name)
            self.refresh()

    def _update_from_remote(self) -> None:
        blog = self.selected_blog()
        if blog is None:
            return
        from journal.publish.service import update_from_remote
        from ui.dialogs.progress import run_job

        ok, result = run_job(self, strings.UPDATE, lambda: update_from_remote(self.journal, blog.name))
        self.status.setText(strings.UPDATED.format(name=blog.name) if ok else result)

    # --- published entries -----------------------------------------------------------------------------------------
    def _republish(self) -> None:
        posts = self.selected_posts()
        if posts:
            self.controller.open_dialog([p.entry_id for p in posts if p.entry_exists], "publish", posts[0].blog)

    def _unpublish(self) -> None:
        posts = self.selected_posts()
        if posts:
            self.controller.open_dialog([p.entry_id for p in posts], "unpublish", posts[0].blog)

    def _open_entry(self) -> None:
        posts = [p for p in self.selected_posts() if p.entry_exists]
        if len(posts) == 1:
            self.window_.open_entry_anywhere(posts[0].entry_id)

    def _change_slug(self) -> None:
        from journal.publish import publications

        posts = [p for p in self.selected_posts() if p.entry_exists]
        if len(posts) != 1:
            return
        slug, ok = QInputDialog.getText(self, strings.CHANGE_SLUG_TITLE, strings.CHANGE_SLUG_LABEL, text=posts[0].slug)
        if not ok or slug.strip() == posts[0].slug:
            return
        try:
            publications.change_slug(self.journal, posts[0].entry_id, slug)
        except TrailbookError as exc:
            self.status.setText(exc.message)
            return
        self.refresh()
