"""The publish flow in the desktop app (pytest-qt): from the selection to success, and to a failure message with a
retry; the action is disabled for private entries; the Blogs place lists blogs and published entries."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
)

from journal.attachments import store_attachment
from journal.entries import create_entry, update_entry
from journal.publish.blogs import new_blog
from ui.publish import install
from ui.publish.dialog import PublishDialog

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 80
pytestmark = pytest.mark.usefixtures("git_free_home")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=True, timeout=60
    ).stdout


@pytest.fixture
def setup(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    window = make_window()
    journal = window.journal
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    new_blog(
        journal,
        "notes",
        tmp_path / "blog",
        "hugo",
        remote_url=str(remote),
        title="Notes",
        author_name="Ana",
        author_email="ana@example.com",
    )
    link = store_attachment(journal, PNG, ".png")
    public = create_entry(
        journal,
        f"# Batching\n\nIt halves p99.\n\n![plot]({link})\n",
        title="Batching",
        tags=["serving"],
        summary="Batching and p99.",
    )
    secret = create_entry(journal, "My salary.", title="Salary", private=True)
    window.list.reload()
    install(window)
    shown: list[PublishDialog] = []

    def fake_exec(self: PublishDialog) -> int:  # modal exec would block the test: show it instead
        shown.append(self)
        self.show()
        return 0

    monkeypatch.setattr(PublishDialog, "exec", fake_exec)
    return window, remote, public, secret, shown


def select(window, entry_id: str) -> None:  # type: ignore[no-untyped-def]
    window.list.select_entry(entry_id)
    window.open_entry(entry_id)


def test_publish_is_disabled_for_private_entries(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _remote, public, secret, _shown = setup
    act = window.publishing.act_publish
    select(window, secret.id)
    qtbot.waitUntil(lambda: not act.isEnabled())
    assert "never published" in act.toolTip()
    select(window, public.id)
    qtbot.waitUntil(act.isEnabled)
    assert act.shortcut().toString() == "Ctrl+Shift+P"
    assert act in window.list.view.actions()
    button = window.publishing.button
    assert button.defaultAction() is act and button.parent() is window.toolbar and button.isVisible()


def test_publish_from_selection_to_success(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, remote, public, _secret, shown = setup
    select(window, public.id)
    window.publishing.act_publish.trigger()
    (dialog,) = shown
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.heading.text() == "Publish “Batching”"
    from ui.publish.dialog import STATUS_ROLE

    assert dialog.entries.item(0).text() == "Batching" and dialog.entries.item(0).data(STATUS_ROLE) == ("new", 0, "New")
    assert '+title: "Batching"' in dialog.diff.toPlainText()
    assert dialog.go_button.isEnabled()
    assert_accessible(dialog)
    with qtbot.waitSignal(dialog.succeeded, timeout=20_000) as blocker:
        dialog.go_button.click()
    result = blocker.args[0]
    assert result.pushed and result.commit == git(remote, "rev-parse", "main").strip()
    assert "content/posts/batching/index.md" in git(remote, "ls-tree", "-r", "--name-only", "main")
    assert "Published on notes" in dialog.outcome.text() and dialog.go_button.text() == "Close"
    dialog.go_button.click()

    # The Blogs place lists it, then shows "changed since published" after an edit.
    window.nav.select_place("blogs")
    window.show_place("blogs")
    page = window.publishing.page
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert page.table.item(0, 0).text() == "Batching" and page.table.item(0, 4).text() == "Up to date"
    update_entry(window.journal, public.id, body="New text.")
    page.refresh()
    assert page.table.item(0, 4).text() == "Changed since published"
    assert_accessible(page)


def test_publish_failure_shows_a_message_and_a_retry_works(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, remote, public, _secret, shown = setup
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'branch is protected' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    select(window, public.id)
    window.publishing.act_publish.trigger()
    (dialog,) = shown
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    with qtbot.waitSignal(dialog.jobFailed, timeout=20_000):
        dialog.go_button.click()
    text = dialog.outcome.text()
    assert text.startswith("Nothing was published.") and "branch is protected" in text
    assert dialog.go_button.text() == "Try Again" and dialog.go_button.isEnabled()
    assert git(remote, "for-each-ref") == ""  # nothing reached the remote
    hook.unlink()
    with qtbot.waitSignal(dialog.succeeded, timeout=20_000):
        dialog.go_button.click()
    assert "batching" in git(remote, "ls-tree", "-r", "--name-only", "main")


def test_no_blog_yet_says_what_to_do(make_window, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    entry = create_entry(window.journal, "Hello.", title="Hello")
    install(window)
    dialog = PublishDialog(window.journal, [entry.id], "publish", window)
    qtbot.addWidget(dialog)
    assert dialog.no_blogs.isVisibleTo(dialog) and not dialog.go_button.isEnabled()


def assert_accessible(root) -> None:  # type: ignore[no-untyped-def]
    kinds = (QAbstractButton, QComboBox, QLineEdit, QListWidget, QPlainTextEdit, QTableWidget)
    for widget in [w for kind in kinds for w in root.findChildren(kind)]:
        if not widget.isVisibleTo(root) or widget.objectName().startswith("qt_"):
            continue
        assert widget.accessibleName(), f"{type(widget).__name__} {widget.objectName()} has no accessible name"
        assert widget.toolTip(), f"{widget.accessibleName()} has no tooltip"


def test_unpublish_goes_through_the_same_dialog(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    from journal.jobs import run
    from journal.publish import service

    window, remote, public, _secret, shown = setup
    run(service.publish(window.journal, "notes", [public.id]))
    select(window, public.id)
    window.publishing.act_unpublish.trigger()
    (dialog,) = shown
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.heading.text() == "Unpublish “Batching”" and dialog.go_button.text() == "Unpublish"
    assert "-It halves p99." in dialog.diff.toPlainText()
    with qtbot.waitSignal(dialog.succeeded, timeout=20_000):
        dialog.go_button.click()
    assert "batching" not in git(remote, "ls-tree", "-r", "--name-only", "main")
    assert "Removed from notes" in dialog.outcome.text()


@pytest.mark.parametrize("keyring_works", [False, True])
def test_a_token_no_keyring_keeps_is_kept_until_quit_and_says_so(  # type: ignore[no-untyped-def]
    setup, qtbot, monkeypatch: pytest.MonkeyPatch, keyring_works: bool
) -> None:
    import keyring
    from e2e.publish.keyring_backends import FakeKeyring
    from keyring.backends import fail

    from journal.publish import credentials
    from ui.publish import strings
    from ui.publish.blog_dialogs import LoginDialog

    window, _remote, _public, _secret, _shown = setup
    token = "ghp_UITESTTOKEN0123456789SECRET"
    previous = keyring.get_keyring()
    keyring.set_keyring(FakeKeyring() if keyring_works else fail.Keyring())
    monkeypatch.setattr(credentials, "_memory", {})
    shown: list[LoginDialog] = []

    def fake_exec(self: LoginDialog) -> int:  # the person pastes the token and presses Save
        shown.append(self)
        self.show()
        qtbot.keyClicks(self.token, token)
        next(b for b in self.findChildren(QAbstractButton) if b.text() == strings.SAVE).click()
        return self.result()

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    try:
        window.nav.select_place("blogs")
        window.show_place("blogs")
        page = window.publishing.page
        qtbot.waitUntil(lambda: page.blog_list.count() == 1)
        assert strings.TOKEN_IN_MEMORY_NAME not in page.blog_list.item(0).text()
        page.login_button.click()
        (dialog,) = shown
        note = [label.text() for label in dialog.findChildren(QLabel) if label.objectName() == "PublishWarning"]
        row = page.blog_list.item(0)
        assert credentials.get_token("notes") == token
        if keyring_works:
            assert note == [] and strings.TOKEN_IN_MEMORY_NAME not in row.text() and page.status.text() == ""
        else:
            assert note == [strings.LOGIN_NO_KEYRING]
            assert row.text().splitlines()[0].endswith("  ·  token kept until you quit")
            assert "token kept until you quit" in row.data(Qt.ItemDataRole.AccessibleTextRole)
            assert "keeps it in memory until you quit" in page.status.text()
        for path in window.journal.paths.home.rglob("*"):  # never written anywhere of the journal's
            if path.is_file():
                assert token.encode() not in path.read_bytes(), path
    finally:
        keyring.set_keyring(previous)
