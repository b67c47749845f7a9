"""Use Existing Blog… offers to adopt the posts the blog already has (pytest-qt): yes makes each an entry linked to its
file, on the thread pool, and says so; no leaves the journal as it was; the Blogs page's Adopt Posts… says when there
is nothing left to adopt."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from journal.entries import count_entries
from journal.publish.publications import published_posts
from ui.publish import install
from ui.publish.blog_dialogs import UseBlogDialog

pytestmark = pytest.mark.usefixtures("git_free_home")
IDENTITY = ["-c", "user.name=Ana", "-c", "user.email=ana@example.com"]


def _site(root: Path) -> Path:
    (root / "content/posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://ana.github.io/notes/"\ntitle = "Notes"\n', encoding="utf-8")
    for n in (1, 2):
        (root / f"content/posts/note-{n}.md").write_text(
            f'+++\ntitle = "Note {n}"\ndate = 2024-01-1{n}T09:00:00+01:00\n+++\n\nWritten by hand, number {n}.\n',
            encoding="utf-8",
        )
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", *IDENTITY, "commit", "-q", "-m", "My blog"], cwd=root, check=True)
    return root


@pytest.fixture
def window(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    win = make_window()
    install(win)
    site = _site(tmp_path / "blog")

    def fill_and_add(self: UseBlogDialog) -> int:  # the person fills the form and presses Add
        self.name.setText("notes")
        self.folder.edit.setText(str(site))
        self._submit()
        return int(self.created is not None)

    monkeypatch.setattr(UseBlogDialog, "exec", fill_and_add)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    win.told = told
    return win


def test_yes_adopts_the_posts_on_the_pool(window, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes
    )
    window.publishing.use_blog()
    assert asked and "content/posts/ holds 2 posts" in asked[0]
    qtbot.waitUntil(lambda: bool(window.told), timeout=20_000)
    assert window.told[0].startswith("Adopted 2 posts of notes")
    assert count_entries(window.journal) == 2
    assert sorted(p.path for p in published_posts(window.journal)) == [
        "content/posts/note-1.md",
        "content/posts/note-2.md",
    ]
    page = window.publishing.page
    page.refresh()
    page.blog_list.setCurrentRow(0)
    page.adopt_button.click()  # nothing is left to adopt
    assert "No posts to adopt in content/posts/" in page.status.text()


def test_no_leaves_the_journal_as_it_was(window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    window.publishing.use_blog()
    assert count_entries(window.journal) == 0 and published_posts(window.journal) == []
    assert window.told == []
