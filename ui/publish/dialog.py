"""The publish dialog: the blog, each entry as new / updated / unchanged (or why it will not be published) with the
diff of its post file and its warnings, Preview Site, then Publish with each step's progress, Cancel, and a plain
failure message with a way forward. The same dialog unpublishes. All work runs off the GUI thread."""

from __future__ import annotations

import shutil
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QDesktopServices,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QPainter,
    QSyntaxHighlighter,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from journal.db import Journal
from journal.publish.blogs import list_blogs
from ui.publish import strings, style
from ui.workers import JobRunner, call_async


class DiffHighlighter(QSyntaxHighlighter):
    """Colours a unified diff: added lines, removed lines, hunk headers."""

    def highlightBlock(self, text: str) -> None:
        c = style.colours()
        colour = None
        if text.startswith(("+++", "---")):
            colour = c["muted"]
        elif text.startswith("+"):
            colour = c["add"]
        elif text.startswith("-"):
            colour = c["del"]
        elif text.startswith("@@"):
            colour = c["hunk"]
        if colour is not None:
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(colour))
            self.setFormat(0, len(text), fmt)


STATUS_ROLE = Qt.ItemDataRole.UserRole + 1


class PlanItemDelegate(QStyledItemDelegate):
    """One entry of the plan: its title (elided), then its status in the status's colour and its warning count."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(option.rect.width(), QFontMetrics(option.font).height() * 2 + 16)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        c = style.colours()
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect.adjusted(2, 1, -2, -1), QColor(c["selection"]))
        rect = option.rect.adjusted(10, 6, -10, -6)
        title = index.data(Qt.ItemDataRole.DisplayRole)
        status, warnings, label = index.data(STATUS_ROLE)
        fm = QFontMetrics(option.font)
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor(c["text"]))
        line = QRect(rect.x(), rect.y(), rect.width(), fm.height())
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft,
            QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setFont(option.font)
        painter.setPen(style.status_colour(status))
        line = QRect(rect.x(), rect.y() + fm.height() + 2, rect.width(), fm.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft, label)
        if warnings:
            painter.setPen(QColor(c["warn_text"]))
            x = rect.x() + fm.horizontalAdvance(label) + 10
            painter.drawText(
                QRect(x, line.y(), rect.width(), fm.height()),
                Qt.AlignmentFlag.AlignLeft,
                strings.WARNING_COUNT.format(n=warnings),
            )
        painter.restore()


def _named(widget: QWidget, name: str, tip: str) -> None:
    widget.setAccessibleName(name)
    widget.setToolTip(tip)


class PublishDialog(QDialog):
    """Shows a plan, then runs the publish (or unpublish) job. ``planned`` fires when a plan is shown; ``succeeded``
    fires with the result after a successful run (the window refreshes its lists)."""

    planned = Signal(object)
    succeeded = Signal(object)
    jobFailed = Signal(str)

    def __init__(
        self,
        journal: Journal,
        entry_ids: list[str],
        action: str = "publish",
        parent: QWidget | None = None,
        blog: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.entry_ids = list(entry_ids)
        self.action = action
        self.plan: Any = None
        self.result: Any = None
        self.error_message = ""
        self._runner: JobRunner | None = None
        self._preview_server: Any = None
        self._plan_serial = 0
        self._keep: list[object] = []
        self._close_after_cancel = False
        self.setObjectName("PublishDialog")
        self.setMinimumSize(880, 560)
        self.resize(1040, 680)
        self._build()
        style.apply(self)
        self._load_blogs(blog)

    # --- layout ---------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        self.heading = QLabel("", self)
        self.heading.setObjectName("DialogTitle")
        layout.addWidget(self.heading)

        row = QHBoxLayout()
        row.addWidget(QLabel(strings.BLOG_LABEL, self))
        self.blog_combo = QComboBox(self)
        _named(self.blog_combo, strings.BLOG_LABEL.rstrip(":"), strings.BLOG_TIP)
        self.blog_combo.setMinimumWidth(220)
        self.blog_combo.currentIndexChanged.connect(self.replan)
        row.addWidget(self.blog_combo)
        row.addSpacing(16)
        self.push = QCheckBox(strings.PUSH, self)
        self.push.setChecked(True)
        _named(self.push, strings.PUSH, strings.PUSH_TIP)
        row.addWidget(self.push)
        self.draft = QCheckBox(strings.DRAFT, self)
        _named(self.draft, strings.DRAFT, strings.DRAFT_TIP)
        self.draft.toggled.connect(self.replan)  # a draft is a different post file: the diff and notes change
        self.draft.setVisible(self.action == "publish")
        row.addWidget(self.draft)
        row.addStretch(1)
        layout.addLayout(row)

        self.no_blogs = QLabel(strings.NO_BLOGS, self)
        self.no_blogs.setObjectName("PublishWarning")
        self.no_blogs.setWordWrap(True)
        self.no_blogs.hide()
        layout.addWidget(self.no_blogs)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.entries = QListWidget(split)
        self.entries.setObjectName("EntryPlanList")
        _named(self.entries, strings.ENTRIES_NAME, strings.ENTRIES_TIP)
        self.entries.currentRowChanged.connect(self._show_post)
        self.entries.setItemDelegate(PlanItemDelegate(self.entries))
        self.entries.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QWidget(split)
        rlayout = QVBoxLayout(right)
        rlayout.setContentsMargins(8, 0, 0, 0)
        self.warnings = QLabel("", right)
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("Muted")
        self.warnings.setAccessibleName(strings.WARNINGS_NAME)
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rlayout.addWidget(self.warnings)
        self.diff = QPlainTextEdit(right)
        self.diff.setObjectName("DiffView")
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diff.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        _named(self.diff, strings.DIFF_NAME, strings.DIFF_TIP)
        self._highlighter = DiffHighlighter(self.diff.document())
        rlayout.addWidget(self.diff, 1)
        split.addWidget(self.entries)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 700])
        layout.addWidget(split, 1)

        self.message = QLineEdit(self)
        self.message.setPlaceholderText(strings.MESSAGE_PLACEHOLDER)
        _named(self.message, strings.MESSAGE_PLACEHOLDER, strings.MESSAGE_TIP)
        layout.addWidget(self.message)

        self.step = QLabel("", self)
        self.step.setObjectName("StepLabel")
        self.step.hide()
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        layout.addWidget(self.step)
        layout.addWidget(self.progress)
        self.outcome = QLabel("", self)
        self.outcome.setWordWrap(True)
        self.outcome.setMargin(6)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setAccessibleName("Result")
        self.outcome.hide()
        layout.addWidget(self.outcome)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton(strings.PREVIEW, self)
        _named(self.preview_button, strings.PREVIEW, strings.PREVIEW_TIP)
        self.preview_button.clicked.connect(self.preview)
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(strings.CANCEL, self)
        _named(self.cancel_button, strings.CANCEL, strings.CANCEL_TIP)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.cancel_button)
        verb = strings.PUBLISH if self.action == "publish" else strings.UNPUBLISH
        self.go_button = QPushButton(verb, self)
        _named(self.go_button, verb, strings.PUBLISH_TIP if self.action == "publish" else strings.UNPUBLISH_TIP)
        self.go_button.setDefault(True)
        self.go_button.setEnabled(False)
        self.go_button.clicked.connect(self._go)
        buttons.addWidget(self.go_button)
        layout.addLayout(buttons)

    # --- planning -------------------------------------------------------------------------------------------------
    def _load_blogs(self, preferred: str | None) -> None:
        blogs = list_blogs(self.journal)
        self.blog_combo.blockSignals(True)
        self.blog_combo.clear()
        for blog in blogs:
            self.blog_combo.addItem(f"{blog.name}  ({blog.kind})", blog.name)
        if preferred is not None and (i := self.blog_combo.findData(preferred)) >= 0:
            self.blog_combo.setCurrentIndex(i)
        self.blog_combo.blockSignals(False)
        self.no_blogs.setVisible(not blogs)
        self.blog_combo.setEnabled(bool(blogs))
        self.preview_button.setEnabled(bool(blogs))
        self.replan()

    @property
    def blog_name(self) -> str | None:
        data = self.blog_combo.currentData()
        return str(data) if data is not None else None

    def replan(self) -> None:
        """Compute the plan for the chosen blog off the GUI thread (the newest request wins)."""
        self.go_button.setEnabled(False)
        self.entries.clear()
        self.diff.clear()
        name = self.blog_name
        if name is None:
            self.heading.setText(self._title(None))
            return
        self.warnings.setText(strings.PLANNING)
        self._plan_serial += 1
        serial = self._plan_serial
        from journal.publish import service

        ids, action, journal, draft = list(self.entry_ids), self.action, self.journal, self.draft.isChecked()
        self._keep.append(
            call_async(
                lambda: service.plan(journal, name, ids, action, draft=draft),
                lambda plan: self._planned(serial, plan),
                lambda message, _user: self._plan_failed(serial, message),
            )
        )

    def _title(self, plan: Any) -> str:
        posts = plan.posts if plan is not None else []
        n = len(posts) or len(self.entry_ids)
        title = posts[0].title if len(posts) == 1 else ""
        if self.action == "publish":
            return (
                strings.DIALOG_PUBLISH_ONE.format(title=title)
                if n == 1 and title
                else strings.DIALOG_PUBLISH_MANY.format(n=n)
            )
        return (
            strings.DIALOG_UNPUBLISH_ONE.format(title=title)
            if n == 1 and title
            else strings.DIALOG_UNPUBLISH_MANY.format(n=n)
        )

    def _planned(self, serial: int, plan: Any) -> None:
        if serial != self._plan_serial:
            return
        self.plan = plan
        self.heading.setText(self._title(plan))
        self.setWindowTitle(self.heading.text())
        self.entries.clear()
        for post in plan.posts:
            status = strings.STATUS.get(post.status, post.status)
            if post.status == "refused" and self.action == "unpublish":
                status = strings.REFUSED_UNPUBLISH
            item = QListWidgetItem(post.title or post.entry_id[:8])
            item.setData(STATUS_ROLE, (post.status, len(post.warnings), status))
            item.setToolTip(post.refusal or (post.path or ""))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{post.title}, {status}")
            self.entries.addItem(item)
        if plan.posts:
            self.entries.setCurrentRow(0)
        usable = [p for p in plan.posts if p.status != "refused"]
        self.go_button.setEnabled(bool(usable) and self._runner is None)
        if not usable:
            nothing = strings.NOTHING_TO_PUBLISH if self.action == "publish" else strings.NOTHING_TO_UNPUBLISH
            self._show_outcome(nothing, "PublishWarning")
        self.planned.emit(plan)

    def _plan_failed(self, serial: int, message: str) -> None:
        if serial != self._plan_serial:
            return
        self.warnings.setText("")
        self._show_outcome(message, "PublishError")
        self.planned.emit(None)

    def _show_post(self, row: int) -> None:
        if self.plan is None or not (0 <= row < len(self.plan.posts)):
            return
        post = self.plan.posts[row]
        lines = []
        if post.refusal:
            lines.append(f"✕ {post.refusal}")
        lines += [f"⚠ {w}" for w in post.warnings]
        lines += [link.describe(self.plan.blog.name) for link in post.links]  # what each [[link]] becomes
        if post.path:
            lines.append(post.path)
        if post.url:
            lines.append(strings.POST_ADDRESS.format(url=post.url))
        if self.plan.summary:
            lines.append(self.plan.summary)
        self.warnings.setText("\n".join(lines) or strings.NO_WARNINGS)
        text = post.diff or ("" if post.refusal else strings.NO_DIFF)
        if row == 0 and self.plan.portfolio_diff:
            text += ("\n" if text else "") + self.plan.portfolio_diff
        self.diff.setPlainText(text)

    # --- running --------------------------------------------------------------------------------------------------
    def _go(self) -> None:
        if self.result is not None:
            self.accept()
            return
        if self.plan is None or self.blog_name is None:
            return
        from journal.publish import service

        ids = [p.entry_id for p in self.plan.posts if p.status != "refused"]
        journal, name, action = self.journal, self.blog_name, self.action
        push, message = self.push.isChecked(), self.message.text().strip() or None
        draft = self.draft.isChecked() and action == "publish"
        runner = JobRunner(
            lambda: service.run_publish(journal, name, ids, action=action, push=push, message=message, draft=draft)
        )
        runner.signals.progress.connect(self._progress)
        runner.signals.finished.connect(self._finished)
        runner.signals.failed.connect(self._failed)
        self._runner = runner
        self._set_running(True)
        runner.start()

    def _set_running(self, running: bool) -> None:
        widgets = (self.blog_combo, self.entries, self.push, self.draft, self.message, self.preview_button)
        for widget in (*widgets, self.go_button):
            widget.setEnabled(not running)
        self.progress.setVisible(running)
        if running:
            self.outcome.hide()
            self.progress.setRange(0, 0)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        self._set_step(f"{message}…" if message and done < total else message)

    def _finished(self, result: Any) -> None:
        self._runner = None
        self.result = result
        self._set_running(False)
        self.progress.hide()
        self._set_step("")
        if result.commit is None:
            text = strings.DONE_NOTHING.format(blog=result.blog)
        else:
            template = strings.DONE_PUBLISHED if result.action == "publish" else strings.DONE_UNPUBLISHED
            pushed = strings.DONE_PUSHED if result.pushed else strings.DONE_NOT_PUSHED
            text = template.format(blog=result.blog, sha=result.commit[:7], pushed=pushed)
        self._show_outcome(text, "PublishDone")
        self.go_button.setText(strings.CLOSE)
        _named(self.go_button, strings.CLOSE, strings.CLOSE)
        self.go_button.setEnabled(True)
        self.cancel_button.hide()
        for widget in (self.blog_combo, self.entries, self.push, self.draft, self.message):
            widget.setEnabled(False)
        self.succeeded.emit(result)

    def _failed(self, message: str, user_error: bool) -> None:
        self._runner = None
        self._set_running(False)
        self.progress.hide()
        self._set_step("")
        if message == "Cancelled.":
            text = strings.CANCELLED
        elif not user_error:
            text = message.strip().splitlines()[-1]
        else:
            template = strings.FAILED if self.action == "publish" else strings.FAILED_UNPUBLISH
            message = message[:1].upper() + message[1:]
            text = template.format(message=message if message.endswith(".") else message + ".")
        self.error_message = text
        self._show_outcome(text, "PublishError")
        self.go_button.setText(strings.TRY_AGAIN)
        _named(self.go_button, strings.TRY_AGAIN, strings.PUBLISH_TIP)
        self.go_button.setEnabled(self.plan is not None)
        self.jobFailed.emit(text)
        if self._close_after_cancel:
            super().reject()

    def _set_step(self, text: str) -> None:
        self.step.setText(text)
        self.step.setVisible(bool(text))

    def _show_outcome(self, text: str, kind: str) -> None:
        self.outcome.setObjectName(kind)
        self.outcome.setText(text)
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)
        self.outcome.show()

    # --- preview --------------------------------------------------------------------------------------------------
    def preview(self) -> None:
        if self.plan is None or self.blog_name is None:
            return
        kind = self.plan.blog.kind
        if shutil.which(kind) is None:
            self._show_outcome(strings.PREVIEW_MISSING.format(kind=kind.capitalize(), cmd=kind), "PublishWarning")
            return
        from journal.publish.preview import PreviewServer, build_preview

        if self._preview_server is None:
            self._preview_server = PreviewServer()
        server = self._preview_server
        ids = [p.entry_id for p in self.plan.posts if p.status != "refused"]
        journal, name, action = self.journal, self.blog_name, self.action
        runner = JobRunner(lambda: build_preview(journal, name, ids, server.site, server.url, action))
        runner.signals.progress.connect(self._progress)
        runner.signals.finished.connect(self._preview_ready)
        runner.signals.failed.connect(self._preview_failed)
        self._preview_runner = runner
        self.preview_button.setEnabled(False)
        self._set_step(strings.PREVIEW_BUILDING)
        runner.start()

    def _preview_ready(self, _site: Any) -> None:
        self.preview_button.setEnabled(True)
        self._set_step("")
        first = next((p for p in self.plan.posts if p.status not in ("refused", "remove") and p.slug), None)
        url = self._preview_server.url + (first.url_path if first is not None else "")
        self._show_outcome(strings.PREVIEW_OPENED.format(url=url), "PublishDone")
        QDesktopServices.openUrl(QUrl(url))

    def _preview_failed(self, message: str, _user: bool) -> None:
        self.preview_button.setEnabled(True)
        self._set_step("")
        self._show_outcome(message, "PublishError")

    # --- closing --------------------------------------------------------------------------------------------------
    def reject(self) -> None:
        if self._runner is not None:
            self._close_after_cancel = True
            self._runner.cancel()  # the job undoes what it did, then _failed closes the dialog
            return
        super().reject()

    def done(self, code: int) -> None:  # type: ignore[override]
        if self._preview_server is not None:
            self._preview_server.close()
            self._preview_server = None
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._runner is not None:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
