"""One truth in the window (issue 10): Today is the daily entry, a search runs in its place (the Trash, a skill area of
several words), and the same entry shows the same word count and its area the same colour on every surface."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from journal import entries as entry_service
from journal import queries, stats
from journal.adding import add_entry
from journal.markdown.words import count_words
from journal.records import DAILY, TUTORIAL, default_colour
from journal.roadmap import ensure_roadmap
from ui.roadmap.view import RoadmapView

# Markdown a reader counts differently from a regex over the source (list numbers, a link's address, an image, a table,
# a task box, a formula): 39 words to a reader, 62 runs of \w (the two counters the window and the store once used).
TEXT = (
    "# Serving notes\n\n"
    "1. Dynamic [batching](https://example.com/a/very-long/address?x=1) halved p99 — see ![chart](x.png).\n"
    "2. The $O(n \\log n)$ sort and `torch.compile` both matter.\n\n"
    "| step | before | after |\n|---|---:|---:|\n| p99 (ms) | 240 | 85 |\n\n"
    "- [x] shadow traffic for a week\n- [ ] canary to 5%\n\n"
    "Next: try state-of-the-art speculative decoding, don't forget the KV cache.\n"
)


def _add(window, body: str, **kw):  # type: ignore[no-untyped-def]
    entry = add_entry(window.journal, body, **kw)
    window.nav.reload()
    window.list.reload()
    return entry


# --- Today -----------------------------------------------------------------------------------------------------------


def test_today_on_a_new_journal_makes_the_daily_entry_not_the_tutorial(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(welcome=True)
    (welcome,) = entry_service.list_entries(window.journal)
    assert welcome.day == dt.date.today() and queries.get_entry(window.journal, welcome.id).kind == TUTORIAL
    _add(window, "# TIL\n\nA thing I learned today.")  # another entry dated today: not it either
    window.act_today.trigger()
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.is_daily)
    daily = queries.daily_entry(window.journal, dt.date.today())
    assert daily is not None and window.editor.entry.id == daily.id and daily.kind == DAILY
    assert daily.id != welcome.id and entry_service.count_entries(window.journal) == 3
    # The cursor is on the template's first place to write, its placeholder selected: typing replaces it.
    cursor = window.editor.editor.textCursor()
    assert window.editor.editor.hasFocus() and cursor.selectedText() == "…"
    assert window.editor.editor.toPlainText()[: cursor.selectionStart()].endswith("## Worked on\n\n- ")
    qtbot.keyClicks(window.editor.editor, "profiled the tokenizer")
    assert "- profiled the tokenizer\n" in window.editor.editor.toPlainText()
    assert window.editor.save_now()
    window.editor.finish_saving()
    # Ctrl+T again opens the same entry, where the next placeholder now waits.
    window.editor.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.act_today.trigger()
    qtbot.waitUntil(lambda: window.editor.editor.textCursor().hasSelection())
    assert window.editor.entry.id == daily.id and entry_service.count_entries(window.journal) == 3
    assert window.editor.editor.textCursor().selectedText() == "…"
    before = window.editor.editor.toPlainText()[: window.editor.editor.textCursor().selectionStart()]
    assert before.endswith("## Learned\n\n- ")


def test_after_welcome_comes_back_from_the_trash_today_still_opens_the_daily_entry(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(welcome=True)
    (welcome,) = entry_service.list_entries(window.journal)
    window.act_today.trigger()
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.is_daily)
    daily = window.editor.entry
    entry_service.trash_entry(window.journal, welcome.id)
    entry_service.restore_entry(window.journal, welcome.id)
    window.nav.reload()
    window.list.reload()
    window.list.select_entry(welcome.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == welcome.id)
    window.act_today.trigger()
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == daily.id)
    assert entry_service.count_entries(window.journal) == 2


def test_a_daily_entry_restored_from_the_trash_leaves_today_on_the_one_written_since(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.act_today.trigger()
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.is_daily)
    first = window.editor.entry
    window.list.select_entry(first.id)
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: entry_service.get_entry(window.journal, first.id).in_trash)
    window.act_today.trigger()
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id != first.id)
    second = window.editor.entry
    assert second.is_daily
    window.nav.select_place("trash")
    window.list.select_entry(first.id)
    window.act_restore.trigger()
    qtbot.waitUntil(lambda: not entry_service.get_entry(window.journal, first.id).in_trash)
    restored = entry_service.get_entry(window.journal, first.id)
    assert not restored.is_daily and restored.body == first.body
    qtbot.waitUntil(lambda: "as an ordinary entry" in window.save_label.text())  # said, with why
    window.nav.select_place("all")
    window.list.select_entry(first.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == first.id)
    window.act_today.trigger()
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == second.id)
    assert entry_service.count_entries(window.journal) == 2


def test_the_tutorial_is_left_out_of_insights(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(welcome=True)
    with window.journal.snapshot() as con:
        assert stats.totals(con) == (0, 0) and stats.written_days(con) == []
    assert stats.writing_streaks(window.journal, dt.date.today()).current == 0
    window.act_today.trigger()
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.is_daily)
    assert stats.writing_streaks(window.journal, dt.date.today()).current == 1
    with window.journal.snapshot() as con:
        assert stats.totals(con)[0] == 1


# --- search in its place ---------------------------------------------------------------------------------------------


def _search(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    window.list.search.setFocus()
    window.list.search.clear()
    with qtbot.waitSignal(window.list.searchFinished, timeout=5000):
        qtbot.keyClicks(window.list.search, text)


def _shown(window) -> list[str]:  # type: ignore[no-untyped-def]
    from ui.models.entry_list import Role

    model = window.list.model
    return [model.index(r).data(Role.EntryId) for r in range(model.rowCount())]


def test_searching_in_the_trash_shows_the_trashed_entry_not_the_live_one(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    live = _add(window, "# Wombat kept\nthe wombat that stays")
    gone = _add(window, "# Wombat gone\nthe wombat in the trash")
    entry_service.trash_entry(window.journal, gone.id)
    window.nav.reload()
    window.nav.select_place("trash")
    _search(qtbot, window, "wombat")
    assert _shown(window) == [gone.id]
    assert "1 result" in window.list.header.text()
    window.nav.select_place("all")
    qtbot.waitUntil(lambda: _shown(window) == [live.id])


def test_a_skill_area_of_two_words_is_searched_by_its_name(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ml = _add(window, "attention heads", tags=["machine learning"])
    _add(window, "a machine for learning the piano", tags=["music"])
    _search(qtbot, window, 'tag:"machine learning"')
    assert _shown(window) == [ml.id]
    window.list.search.clear()
    window.nav.select_place("tag:machine learning")  # the place, passed as a filter: the same entry, and only it
    qtbot.waitUntil(lambda: _shown(window) == [ml.id])
    _search(qtbot, window, "attention")
    assert _shown(window) == [ml.id]
    _search(qtbot, window, "piano")
    assert _shown(window) == []


# --- one word count, one colour --------------------------------------------------------------------------------------


def test_one_entry_shows_one_word_count_everywhere(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.history import HistoryDialog
    from ui.models.entry_list import Role

    window = make_window()
    words = count_words(TEXT)
    assert (words, len(re.findall(r"\w+", TEXT))) == (39, 62)
    entry = _add(window, TEXT)
    entry = entry_service.update_entry(window.journal, entry.id, body=TEXT + "\nOne more line.\n")
    entry = entry_service.update_entry(window.journal, entry.id, body=TEXT)  # History now holds TEXT too
    window.list.reload()
    window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: window.words_label.text().startswith(f"{words} words"))  # the status bar
    model = window.list.model
    row = next(r for r in range(model.rowCount()) if model.index(r).data(Role.EntryId) == entry.id)
    assert model.index(row).data(Qt.ItemDataRole.ToolTipRole).endswith(f", {words} words")  # the list
    history = HistoryDialog(window.journal, entry, window)
    labels = [history.list.item(i).text() for i in range(history.list.count())]
    assert f"{count_words(TEXT + chr(10) + 'One more line.' + chr(10))} words" in labels[0]
    assert labels[1].endswith(f"\n{words} words")  # History
    history.deleteLater()
    with window.journal.snapshot() as con:
        assert stats.totals(con) == (1, words)  # statistics and Insights
    home = str(window.journal.paths.home)
    for args in (["show", entry.id, "--json"], ["list", "--json"], ["search", "speculative", "--json"]):
        out = subprocess.run(
            [sys.executable, "-m", "journal", *args, "--home", home], capture_output=True, encoding="utf-8"
        )
        data = json.loads(out.stdout)
        assert (data if isinstance(data, dict) else data[0])["word_count"] == words, args  # the command line


def test_a_skill_area_has_one_colour_in_the_sidebar_the_chips_the_roadmap_and_insights(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.nav.select_place("roadmap")  # installs the built-in roadmap, whose areas have colours of their own
    qtbot.waitUntil(lambda: window.roadmap_place.view is not None and window.roadmap_place.view.status is not None)
    view: RoadmapView = window.roadmap_place.view
    wanted = view.overview.cards["serving"].area.colour
    assert wanted == ensure_roadmap(window.journal).area("serving").colour != default_colour("serving")  # its own
    window.nav.select_place("all")
    entry = _add(window, "dynamic batching", tags=["serving"])  # the area's tag is made now
    window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    assert window.nav.tag_colours()["serving"] == wanted  # the navigation column
    window.refresh_known_tags()
    assert window.list.delegate.tag_colours["serving"] == wanted  # the list's chips
    assert window.editor.tags._colour("serving") == wanted  # the editor's chips (the colour they are drawn in)
    window.nav.select_place("roadmap")
    qtbot.waitUntil(lambda: view.overview.cards["serving"].area.evidence_count == 1)
    assert view.overview.cards["serving"].area.colour == wanted  # Roadmap's card
    view.show_insights()
    qtbot.waitUntil(lambda: not view.reading)  # the insights are read on the thread pool
    points = {a.id: a.colour for a in view.insights_page.radar.areas}
    assert points["serving"] == wanted  # Insights' charts
    assert {a.id: a.colour for a in view.insights_page.months.areas}["serving"] == wanted
