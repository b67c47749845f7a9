"""Links between entries in the real window: typing ``[[`` completes titles (keyboard and mouse), the preview renders
links where they go (broken ones as broken) and a click opens the entry, the backlinks in the editor's details open
their source, renaming in the app rewrites the links, and the publish dialog says what each link becomes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from journal import entries as entry_service
from journal.links import backlinks


def _open(qtbot, window, entry) -> None:  # type: ignore[no-untyped-def]
    window.nav.reload()
    window.list.reload()
    window.list.select_entry(entry.id)
    window.open_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)


def _writing(qtbot, window, titles: list[str], body: str = ""):  # type: ignore[no-untyped-def]
    """Entries of these titles, and a draft being written in the editor (with ``body``): the editor, the completer."""
    for title in titles:
        entry_service.create_entry(window.journal, "", title=title)
    _open(qtbot, window, entry_service.create_entry(window.journal, body, title="Draft"))
    editor = window.editor.editor
    editor.setFocus()
    return editor, window.links.completer


def _shown(completer) -> list[str]:  # type: ignore[no-untyped-def]
    return [completer.model.item(i).text() for i in range(completer.model.rowCount())]


def test_typing_brackets_completes_titles_from_the_keyboard(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    editor, completer = _writing(qtbot, window, ["Latency budget", "Batching", "Latency targets"], "See ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "[[lat")
    qtbot.waitUntil(completer.is_open)
    assert _shown(completer) == ["Latency targets", "Latency budget"]  # newest first; never the entry itself
    qtbot.keyClicks(editor, "ency b")
    qtbot.waitUntil(lambda: _shown(completer) == ["Latency budget"])
    qtbot.keyClick(completer.popup, Qt.Key.Key_Return)
    assert editor.toPlainText() == "See [[Latency budget]]" and not completer.is_open()
    qtbot.keyClicks(editor, " and ")
    assert not completer.is_open()  # the link is closed: nothing to complete

    qtbot.keyClicks(editor, "[[")  # everything, then Down to the second and Tab
    qtbot.waitUntil(completer.is_open)
    assert _shown(completer)[:3] == ["Latency targets", "Batching", "Latency budget"]
    qtbot.keyClick(completer.popup, Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "See [[Latency budget]] and [[Batching]]"
    qtbot.keyClicks(editor, " [[zzz")
    assert not completer.is_open()  # nothing matches
    qtbot.keyClicks(editor, "\b\b\b")
    qtbot.waitUntil(completer.is_open)
    qtbot.keyClick(completer.popup, Qt.Key.Key_Escape)
    assert not completer.is_open() and editor.toPlainText().endswith(" [[")  # Esc leaves the text as typed
    qtbot.keyClicks(editor, "draf")
    assert not completer.is_open()  # only the entry being written is called that: no link to itself


def test_ctrl_k_starts_a_link_and_a_click_chooses(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    editor, completer = _writing(qtbot, window, ["Batching 🚀 notes"], "x ]]")
    cursor = editor.textCursor()
    cursor.setPosition(2)
    editor.setTextCursor(cursor)
    assert window.links.act_link.shortcut().toString() == "Ctrl+K"
    window.links.act_link.trigger()
    qtbot.waitUntil(completer.is_open)
    popup = completer.popup
    rect = popup.visualRect(completer.model.index(0, 0))
    QTest.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    qtbot.waitUntil(lambda: not completer.is_open())
    assert editor.toPlainText() == "x [[Batching 🚀 notes]]"  # the "]]" already there is used, not doubled


def test_the_preview_shows_links_and_a_click_opens_the_entry(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    target = entry_service.create_entry(window.journal, "The p99 we can afford.", title="Latency budget")
    source = entry_service.create_entry(window.journal, "See [[latency budget|the budget]] and [[Nowhere]].",
                                        title="Batching")  # fmt: skip
    _open(qtbot, window, source)
    preview = window.editor.preview
    with qtbot.waitSignal(preview.updated, timeout=20_000):
        window.set_preview_visible(True)
    qtbot.waitUntil(lambda: "wikilink" in (preview._shown_html or ""), timeout=20_000)
    html = preview._shown_html
    assert f'<a class="wikilink" href="trailbook-entry:{target.id}" title="Latency budget · ' in html
    assert '<span class="wikilink broken" title="No entry is called “Nowhere”">Nowhere</span>' in html
    if preview._web:  # a mouse click on the link in Chromium, where the page has laid it out
        from PySide6.QtWebEngineCore import QWebEngineScript

        where: list[str] = []
        script = "var r = document.querySelector('a.wikilink').getBoundingClientRect(); r.left + 4 + ',' + (r.top + 4)"
        preview._view.page().runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld, where.append)
        qtbot.waitUntil(lambda: bool(where), timeout=10_000)
        x, y = (int(float(v)) for v in where[0].split(","))
        surface = preview._view.focusProxy() or preview._view
        QTest.mouseClick(surface, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))
    else:
        preview._view.anchorClicked.emit(f"trailbook-entry:{target.id}")
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == target.id, timeout=10_000)


def test_backlinks_open_their_source(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    target = entry_service.create_entry(window.journal, "", title="Latency budget")
    sources = [entry_service.create_entry(window.journal, "see [[Latency budget]]", title=f"Source {i}")
               for i in range(5)]  # fmt: skip
    lonely = entry_service.create_entry(window.journal, "", title="Lonely")
    ui = window.links
    bar = ui.bar
    _open(qtbot, window, lonely)
    assert not bar.isVisible()
    ui.act_backlinks.trigger()
    assert "No entry links to this one yet" in window.save_label.text()
    _open(qtbot, window, target)
    qtbot.waitUntil(bar.isVisible)
    assert [b.text() for b in bar.buttons] == ["Source 4", "Source 3", "Source 2"]  # same day: newest first
    assert bar.more.isVisible() and bar.more.text() == "+2 more"
    assert [a.text().split("  ·  ")[0] for a in bar.more_menu.actions()] == ["Source 1", "Source 0"]
    qtbot.mouseClick(bar.buttons[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.entry.id == sources[3].id)
    assert not bar.isVisible()  # nothing links to Source 3

    _open(qtbot, window, target)
    qtbot.waitUntil(bar.isVisible)
    assert ui.act_backlinks.shortcut().toString() == "Ctrl+Shift+B"
    ui.act_backlinks.trigger()  # every source in a menu, for the keyboard
    qtbot.waitUntil(bar.menu.isVisible)
    assert len(bar.menu.actions()) == 5 and bar.menu.activeAction() is bar.menu.actions()[0]
    qtbot.keyClick(bar.menu, Qt.Key.Key_Down)
    qtbot.keyClick(bar.menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editor.entry.id == sources[3].id)

    _open(qtbot, window, target)
    qtbot.waitUntil(bar.isVisible)
    window.writer_tools.act_focus.trigger()  # focus mode: the text alone
    assert not bar.isVisible()
    window.writer_tools.act_focus.trigger()
    assert bar.isVisible()


def test_renaming_in_the_app_rewrites_the_links(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    target = entry_service.create_entry(window.journal, "", title="Latency budget")
    source = entry_service.create_entry(window.journal, "See [[Latency budget]].", title="Batching")
    _open(qtbot, window, target)
    window.editor.title.setText("Latency targets")
    window.editor.title.textEdited.emit("Latency targets")
    assert window.editor.save_now()
    assert entry_service.get_entry(window.journal, source.id).body == "See [[Latency targets]]."
    assert [b.id for b in backlinks(window.journal, target.id)] == [source.id]
    qtbot.waitUntil(lambda: [b.text() for b in window.links.bar.buttons] == ["Batching"])


@pytest.mark.usefixtures("git_free_home")
def test_the_publish_dialog_says_what_each_link_becomes(make_window, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from journal.publish.blogs import new_blog
    from ui.publish.dialog import PublishDialog

    window = make_window()
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True, timeout=60)
    new_blog(window.journal, "notes", tmp_path / "blog", "hugo", remote_url=str(remote), title="Notes",
             author_name="Ana", author_email="ana@example.com")  # fmt: skip
    entry_service.create_entry(window.journal, "hidden", title="Secret plans", private=True)
    source = entry_service.create_entry(window.journal, "[[Draft idea]] and [[Secret plans]].", title="Batching")
    shown: list[PublishDialog] = []
    monkeypatch.setattr(PublishDialog, "exec", lambda self: (shown.append(self), self.show(), 0)[2])
    _open(qtbot, window, source)
    window.publishing.act_publish.trigger()
    (dialog,) = shown
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    text = dialog.warnings.text()
    assert "[[Draft idea]] → plain text “Draft idea”: no entry has that title" in text
    assert "[[Secret plans]] → left out: it names a private entry" in text
    assert "Secret plans" not in dialog.diff.toPlainText()
    dialog.reject()


def test_typing_a_bracket_in_code_offers_nothing(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    editor, completer = _writing(qtbot, window, ["Batching"])
    qtbot.keyClicks(editor, "`x [[Ba")
    assert not completer.is_open()
    qtbot.keyClicks(editor, "`")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "[[Ba")
    qtbot.waitUntil(completer.is_open)
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(2, 2))
    qtbot.waitUntil(lambda: not completer.is_open())  # the cursor left the link


def _trailbook(home: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """The command line, as another process on the window's journal."""
    done = subprocess.run([sys.executable, "-m", "journal", *args, "--home", str(home)], capture_output=True,
                          encoding="utf-8", timeout=60, env={**os.environ, **(env or {})})  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_backlinks_follow_links_made_and_undone_by_another_writer(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.db import open_journal

    window = make_window()
    home = window.journal.paths.home
    target = entry_service.create_entry(window.journal, "", title="Latency budget")
    bar = window.links.bar
    _open(qtbot, window, target)
    assert not bar.isVisible()
    made = _trailbook(home, "new", "see [[Latency budget]]", "--title", "From the shell", "--json")
    source = json.loads(made)["id"]
    qtbot.waitUntil(lambda: [b.text() for b in bar.buttons] == ["From the shell"] and bar.isVisible(), timeout=3000)
    assert window.editor.entry.id == target.id  # the open entry stays open

    # `trailbook edit` in an editor that takes the link out: the bar goes.
    script = tmp_path / "unlink.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                      "p.write_text(p.read_text(encoding='utf-8').replace('[[Latency budget]]', 'a budget'),"
                      " encoding='utf-8')\n", encoding="utf-8")  # fmt: skip
    _trailbook(home, "edit", source, env={"VISUAL": f"{sys.executable} {script}"})
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)
    assert bar.buttons == [] and window.links.backlinks == []

    # A second Journal on the file (another tool, a sync): a link made, then its source trashed.
    with open_journal(home, full_check=False) as other:
        linking = entry_service.create_entry(other, "more on [[Latency budget]]", title="Elsewhere")
        qtbot.waitUntil(lambda: [b.text() for b in bar.buttons] == ["Elsewhere"], timeout=3000)
        entry_service.trash_entry(other, linking.id)
        qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)
