"""New Blog… (issue 10): it proposes a name no blog has and a folder free for a new site, and shows Hugo's own
choices (page bundles, TOML) only for Hugo; what it makes is what it showed. Real journal, real git."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.db import Journal
from journal.publish.blogs import get_blog, new_blog, suggest_new_blog
from ui.publish.blog_dialogs import NewBlogDialog

pytestmark = pytest.mark.usefixtures("git_free_home")


def test_the_suggestion_is_a_new_name_and_a_free_folder(journal: Journal, tmp_path: Path) -> None:
    home = Path.home()  # the test's own empty home (git_free_home)
    assert suggest_new_blog(journal) == ("notes", home / "blog")
    new_blog(journal, "Notes", home / "blog", "hugo")
    (home / "blog-2").mkdir()
    (home / "blog-2" / "mine.txt").write_text("someone's files", encoding="utf-8")
    (home / "blog-3").mkdir()  # empty: a new site may go there
    assert suggest_new_blog(journal) == ("notes-2", home / "blog-3")  # "Notes" taken, whatever its case
    new_blog(journal, "notes-2", tmp_path / "elsewhere", "jekyll")
    assert suggest_new_blog(journal)[0] == "notes-3"


def test_new_blog_proposes_what_is_free_and_hides_hugo_choices_for_jekyll(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    journal = window.journal
    home = Path.home()
    new_blog(journal, "notes", home / "blog", "hugo")
    dialog = NewBlogDialog(journal, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert (dialog.name.text(), dialog.folder.path()) == ("notes-2", home / "blog-2")
    form = dialog.form
    assert dialog.kind.currentData() == "hugo"
    assert form.isRowVisible(dialog.layout_) and form.isRowVisible(dialog.matter)
    assert not form.isRowVisible(dialog.jekyll_posts)

    dialog.kind.setCurrentIndex(dialog.kind.findData("jekyll"))
    assert not form.isRowVisible(dialog.layout_) and not form.isRowVisible(dialog.matter)  # Hugo's own choices
    assert form.isRowVisible(dialog.jekyll_posts) and "_posts/" in dialog.jekyll_posts.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("hugo"))
    assert form.isRowVisible(dialog.layout_) and not form.isRowVisible(dialog.jekyll_posts)

    dialog.kind.setCurrentIndex(dialog.kind.findData("jekyll"))
    dialog.layout_.setCurrentIndex(dialog.layout_.findData("flat"))  # a choice left from Hugo is not used
    dialog.ok.click()
    assert dialog.created is not None and not dialog.error.isVisible()
    made = get_blog(journal, "notes-2")
    assert (made.kind, made.path, made.front_matter) == ("jekyll", home / "blog-2", "yaml")
    assert (home / "blog-2" / "_config.yml").is_file()
