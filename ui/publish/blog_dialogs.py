"""The small dialogs of the Blogs place: New blog…, Use existing blog… (then the offer to adopt its posts, in
``ui.publish``), Log in…. Each calls one core service and shows its error message inline; nothing here touches git or
the database itself."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.db import Journal
from journal.errors import TrailbookError
from journal.publish.blogs import Blog
from journal.settings import load_preferences
from ui.publish import strings

W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str, tip: str) -> W:
    widget.setAccessibleName(name)
    widget.setToolTip(tip)
    return widget


class _FolderField(QWidget):
    def __init__(self, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        _named(self.edit, strings.FOLDER, tip)
        button = QPushButton(strings.CHOOSE, self)
        _named(button, strings.CHOOSE, strings.CHOOSE_TIP)
        button.clicked.connect(self._choose)
        row.addWidget(self.edit, 1)
        row.addWidget(button)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, strings.PICK_FOLDER, self.edit.text() or str(Path.home()))
        if folder:
            self.edit.setText(folder)

    def path(self) -> Path:
        return Path(self.edit.text().strip()).expanduser()


class _BlogDialog(QDialog):
    """Common parts: a form, an inline error line, OK/Cancel; ``created`` holds the blog once made."""

    def __init__(self, journal: Journal, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.created: Blog | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = QLabel("", self)
        self.error.setObjectName("PublishError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Error")
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        _named(self.ok, ok_text, ok_text)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        _named(cancel, strings.CANCEL, strings.CANCEL)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _field(self, label: str, widget: W, tip: str) -> W:
        _named(widget, label, tip)
        self.form.addRow(label, widget)
        return widget

    def _math_field(self) -> QComboBox:
        combo = self._field(strings.MATH, QComboBox(self), strings.MATH_TIP)
        for key, text in strings.MATH_CHOICES.items():
            combo.addItem(text, key)
        return combo

    def _submit(self) -> None:
        try:
            self.created = self.make()
        except TrailbookError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()

    def make(self) -> Blog:  # pragma: no cover - overridden
        raise NotImplementedError


class NewBlogDialog(_BlogDialog):
    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        from journal.publish.blogs import suggest_new_blog

        super().__init__(journal, strings.NEW_TITLE, strings.CREATE, parent)
        prefs = load_preferences(journal.paths.settings)
        name, folder = suggest_new_blog(journal)  # never an existing blog's name or a folder already in use
        self.name = self._field(strings.NAME, QLineEdit(name, self), strings.NAME_TIP)
        self.kind = self._field(strings.KIND, QComboBox(self), strings.KIND_TIP)
        self.kind.addItem("Hugo", "hugo")
        self.kind.addItem("Jekyll", "jekyll")
        self.folder = _FolderField(strings.FOLDER_NEW_TIP, self)
        self.form.addRow(strings.FOLDER, self.folder)
        self.folder.edit.setText(str(folder))
        self.title = self._field(strings.SITE_TITLE, QLineEdit(self), strings.SITE_TITLE_TIP)
        self.remote = self._field(strings.REMOTE, QLineEdit(self), strings.REMOTE_TIP)
        self.remote.setPlaceholderText("git@github.com:you/blog.git")
        self.base_url = self._field(strings.BASE_URL, QLineEdit(self), strings.BASE_URL_TIP)
        self.base_url.setPlaceholderText("https://you.github.io/blog/")
        self.author = self._field(strings.AUTHOR, QLineEdit(prefs.author_name, self), strings.AUTHOR_TIP)
        self.email = self._field(strings.EMAIL, QLineEdit(prefs.author_email, self), strings.EMAIL_TIP)
        self.layout_ = self._field(strings.LAYOUT, QComboBox(self), strings.LAYOUT_TIP)
        for key, text in strings.LAYOUTS.items():
            self.layout_.addItem(text, key)
        self.matter = self._field(strings.MATTER, QComboBox(self), strings.MATTER_TIP)
        self.matter.addItem("YAML", "yaml")
        self.matter.addItem("TOML", "toml")
        self.jekyll_posts = QLabel(strings.JEKYLL_POSTS, self)
        self.jekyll_posts.setObjectName("Muted")
        self.jekyll_posts.setWordWrap(True)
        self.form.addRow(strings.LAYOUT, self.jekyll_posts)
        self.math = self._math_field()
        self.portfolio = QCheckBox(strings.PORTFOLIO, self)
        _named(self.portfolio, strings.PORTFOLIO, strings.PORTFOLIO_TIP)
        self.portfolio.setChecked(True)
        self.form.addRow("", self.portfolio)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        """Hugo's own choices (page bundles or flat files, YAML or TOML) are not shown for Jekyll, whose posts are
        always flat files with YAML front matter (said in their place instead)."""
        hugo = self.kind.currentData() == "hugo"
        for field in (self.layout_, self.matter):
            self.form.setRowVisible(field, hugo)
        self.form.setRowVisible(self.jekyll_posts, not hugo)

    def make(self) -> Blog:
        from journal.publish.blogs import new_blog

        return new_blog(
            self.journal,
            self.name.text(),
            self.folder.path(),
            self.kind.currentData(),
            remote_url=self.remote.text().strip() or None,
            title=self.title.text().strip() or None,
            base_url=self.base_url.text(),
            author_name=self.author.text(),
            author_email=self.email.text(),
            hugo_layout=self.layout_.currentData() if self.kind.currentData() == "hugo" else "bundle",
            front_matter=self.matter.currentData() if self.kind.currentData() == "hugo" else "yaml",
            portfolio=self.portfolio.isChecked(),
            math=self.math.currentData(),
        )


class UseBlogDialog(_BlogDialog):
    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        from journal.publish.blogs import suggest_new_blog

        super().__init__(journal, strings.USE_TITLE, strings.ADD, parent)
        prefs = load_preferences(journal.paths.settings)
        name = suggest_new_blog(journal, "blog")[0]
        self.name = self._field(strings.NAME, QLineEdit(name, self), strings.NAME_TIP)
        self.folder = _FolderField(strings.FOLDER_USE_TIP, self)
        self.form.addRow(strings.FOLDER, self.folder)
        self.kind = self._field(strings.KIND, QComboBox(self), strings.KIND_TIP)
        self.kind.addItem(strings.KIND_DETECT, None)
        self.kind.addItem("Hugo", "hugo")
        self.kind.addItem("Jekyll", "jekyll")
        self.branch = self._field(strings.BRANCH, QLineEdit(self), strings.BRANCH_TIP)
        self.content_dir = self._field(strings.CONTENT_DIR, QLineEdit(self), strings.CONTENT_DIR_TIP)
        self.base_url = self._field(strings.BASE_URL, QLineEdit(self), strings.BASE_URL_TIP)
        self.author = self._field(strings.AUTHOR, QLineEdit(prefs.author_name, self), strings.AUTHOR_TIP)
        self.email = self._field(strings.EMAIL, QLineEdit(prefs.author_email, self), strings.EMAIL_TIP)
        self.math = self._math_field()
        self.portfolio = QCheckBox(strings.PORTFOLIO, self)
        _named(self.portfolio, strings.PORTFOLIO, strings.PORTFOLIO_TIP)
        self.form.addRow("", self.portfolio)

    def make(self) -> Blog:
        from journal.publish.blogs import add_blog

        return add_blog(
            self.journal,
            self.name.text(),
            self.folder.path(),
            kind=self.kind.currentData(),
            branch=self.branch.text().strip() or None,
            content_dir=self.content_dir.text().strip() or None,
            base_url=self.base_url.text(),
            author_name=self.author.text(),
            author_email=self.email.text(),
            portfolio=self.portfolio.isChecked(),
            math=self.math.currentData(),
        )


class LoginDialog(QDialog):
    """Ask for a token and store it (keyring, or memory for this session)."""

    def __init__(self, blog: Blog, remote_url: str, parent: QWidget | None = None) -> None:
        from journal.publish import credentials
        from journal.publish.messages import redact

        super().__init__(parent)
        self.blog = blog
        self.where: str | None = None
        self.setWindowTitle(strings.LOGIN_TITLE.format(name=blog.name))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        text = QLabel(strings.LOGIN_TEXT.format(remote=redact(remote_url) or blog.remote), self)
        text.setWordWrap(True)
        layout.addWidget(text)
        if credentials.backend_name() is None:
            note = QLabel(strings.LOGIN_NO_KEYRING, self)
            note.setObjectName("PublishWarning")
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        _named(self.token, strings.TOKEN, strings.TOKEN_TIP)
        form.addRow(strings.TOKEN, self.token)
        layout.addLayout(form)
        self.error = QLabel("", self)
        self.error.setObjectName("PublishError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        save = buttons.addButton(strings.SAVE, QDialogButtonBox.ButtonRole.AcceptRole)
        _named(save, strings.SAVE, strings.LOGIN_TIP)
        _named(buttons.button(QDialogButtonBox.StandardButton.Cancel), strings.CANCEL, strings.CANCEL)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _save(self) -> None:
        from journal.publish import credentials

        try:
            self.where = credentials.store_token(self.blog.name, self.token.text())
        except TrailbookError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.token.clear()
        self.accept()
