"""The editor's Post details (pytest-qt): summary, categories, cover image and publish date are shown for the open
entry, saved as each is left or chosen, and reach the publish dialog's plan (no "no summary" warning once there is
one; a future date says from when the site shows it; Draft makes it a draft)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime

from journal.attachments import store_attachment
from journal.entries import create_entry, get_entry
from journal.publish.blogs import new_blog
from journal.publish.post_fields import get_post_fields
from ui.publish import install
from ui.publish.dialog import PublishDialog

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 80
pytestmark = pytest.mark.usefixtures("git_free_home")


@pytest.fixture
def setup(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    window = make_window()
    journal = window.journal
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    new_blog(journal, "notes", tmp_path / "blog", "hugo", remote_url=str(remote), author_name="Ana",
             author_email="ana@example.com")  # fmt: skip
    first = store_attachment(journal, PNG, ".png")
    second = store_attachment(journal, PNG + b"2", ".png")
    entry = create_entry(journal, f"Batching halves p99.\n\n![a]({first})\n\n![b]({second})\n", title="Batching")
    window.list.reload()
    install(window)
    shown: list[PublishDialog] = []
    monkeypatch.setattr(PublishDialog, "exec", lambda self: (shown.append(self), self.show(), 0)[-1])
    window.list.select_entry(entry.id)
    window.open_entry(entry.id)
    return window, entry, (first, second), shown


def test_the_fields_are_shown_saved_and_planned(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, entry, (first, second), shown = setup
    panel = window.editor.post_details
    assert not panel.isVisible()
    assert not hasattr(panel, "summary")  # its fields are made on its first opening, not at the window's start
    panel.toggle.click()
    assert panel.isVisible() and panel.summary.text() == ""
    assert [panel.cover.itemData(i) for i in range(panel.cover.count())] == ["", first, second]

    qtbot.keyClicks(panel.summary, "What batching did to p99.")
    panel.summary.editingFinished.emit()
    assert get_entry(window.journal, entry.id).summary == "What batching did to p99."
    assert window.editor.entry.summary == "What batching did to p99."  # the editor holds the saved version
    panel.categories.setText("serving, ml ops")
    panel.categories.editingFinished.emit()
    panel.cover.setCurrentIndex(2)
    panel.cover.activated.emit(2)
    later = dt.datetime.now().astimezone() + dt.timedelta(days=10)
    panel.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(later.timestamp())))
    panel.dated.setChecked(True)
    fields = get_post_fields(window.journal, entry.id)
    assert fields.categories == ("serving", "ml ops") and fields.cover == second
    assert fields.publish_at is not None and abs((fields.publish_at - later).total_seconds()) < 60
    assert panel.schedule.text().startswith("Scheduled: the site shows it from")

    # Typing in the text afterwards saves over the version the summary's save made (no conflict).
    window.editor.editor.appendPlainText("More.")
    assert window.editor.save_now()
    assert get_entry(window.journal, entry.id).summary == "What batching did to p99."

    window.publishing.act_publish.trigger()
    (dialog,) = shown
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    (post,) = dialog.plan.posts
    assert not any("no summary" in w for w in post.warnings)
    assert any(w.startswith("scheduled: the site shows it from") for w in post.warnings)
    assert "scheduled: the site shows it from" in dialog.warnings.text()
    assert 'categories: ["serving", "ml ops"]' in post.diff and "image-" + second[12:24] in post.diff
    dialog.draft.setChecked(True)  # a draft: planned again as one
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.plan.draft, timeout=10_000)
    assert "draft: true" in dialog.plan.posts[0].diff
    dialog.close()


def test_without_a_summary_the_dialog_points_at_the_field(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _entry, _images, shown = setup
    window.publishing.act_publish.trigger()
    (dialog,) = shown
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert "Post details (Summary)" in dialog.warnings.text()
    assert window.editor.post_details.toggle.text() == "Post details"  # the field it names exists
    # The site as it was read: where posts go and which keys its cover image and description go in.
    assert dialog.plan.summary.startswith("Trailbook's own site: posts in content/posts/; cover image in ")
    assert dialog.plan.summary in dialog.warnings.text()
    dialog.close()


def test_a_bad_category_is_said_and_nothing_is_saved(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, entry, _images, _shown = setup
    panel = window.editor.post_details
    panel.toggle.click()
    panel.categories.setText("x" * 80)
    panel.categories.editingFinished.emit()
    assert panel.error.isVisible() and "cannot be a category" in panel.error.text()
    assert get_post_fields(window.journal, entry.id).categories is None
