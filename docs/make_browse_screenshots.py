"""Render spell checking (an entry with misspelt words, its context menu), browsing by day (the calendar, On this
day, Pinned and Recent) and the reminder to write, light and dark, on the demo journal into docs/screenshots/.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_browse_screenshots.py [light|dark]
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from make_screenshots import OUT, open_demo, run, save, wait, wait_for  # also sets up the offscreen screen, import path
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

NOTE_TITLE = "Reading about calibration"
NOTE = """# Reading about calibration

A model that says 0.8 should be rigth about eight times in ten. Today I plotted a reliabilty diagram for the
ranking model, and the top bucket is overconfident by about seven points.

```python
from sklearn.calibration import calibration_curve
prob_true, prob_pred = calibration_curve(y_true, y_prob, n_bins=10)
```

Temperature scaling fixed most of it: one parameter $T$ fitted on the validation set, see
https://arxiv.org/abs/1706.04599 for the paper. Next I want to check wether the gap comes back after retraining.
"""
EARLIER = (
    (1, "First week with a feature store", "Spent the day moving features from ad-hoc SQL into a store."),
    (2, "Pandas group-by finally clicks", "Group-by and merge finally make sense."),
)


def save_with_popup(window: QWidget, popup: QWidget, name: str) -> None:
    """Save ``window`` with ``popup`` (a menu: a window of its own, which grabbing the main window leaves out)."""
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(window.mapFromGlobal(popup.pos()), popup.grab())
    painter.end()
    OUT.mkdir(parents=True, exist_ok=True)
    picture.save(str(OUT / f"{name}.png"))
    print("wrote", OUT / f"{name}.png")


def shoot(theme_name: str) -> None:
    from demo_journal import TODAY, build

    from journal import entries as entry_service

    made = []

    def build_with_more(home: Path):  # type: ignore[no-untyped-def]
        journal = build(home)
        made.append(entry_service.create_entry(journal, NOTE, title=NOTE_TITLE, tags=["foundations"], day=TODAY))
        for years, title, body in EARLIER:
            entry_service.create_entry(journal, body, title=title, day=TODAY.replace(year=TODAY.year - years))
        return journal

    journal, window = open_demo(theme_name, build_with_more)
    note = made[0]
    browse = window.browse
    browse._now = lambda: dt.datetime.combine(TODAY, dt.time(18, 30))  # the demo journal's today
    window.resize(1440, 900)
    window.show()
    wait(200)
    wait_for(lambda: window.spelling.checker is not None)
    demo_entries = window.list.model.rowCount()
    window.list.view.setCurrentIndex(window.list.model.index(min(3, demo_entries - 1)))
    browse.toggle_pin()  # one pinned entry
    browse.calendar.go_to_today()
    window.nav.reload()
    window.list.select_entry(note.id)
    window.open_entry(note.id)
    wait_for(lambda: not window.spelling._sweep)
    wait(300)
    save(window, f"spelling-{theme_name}")

    editor = window.editor.editor
    block = editor.document().findBlockByNumber(2)
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + block.text().index("rigth") + 2)
    menu = editor.context_menu(editor.cursorRect(cursor).center())
    menu.popup(editor.viewport().mapToGlobal(editor.cursorRect(cursor).bottomRight()))
    wait(300)
    save_with_popup(window, menu, f"spelling-menu-{theme_name}")
    menu.close()

    browse.show_day(TODAY - dt.timedelta(days=1))
    window.nav.view.scrollToBottom()  # On this day, Pinned and Recent, below the skill areas
    wait(300)
    save(window, f"calendar-{theme_name}")

    from ui.reminder import reminder_text

    window.reminder._show_bar(reminder_text(4))  # as on a machine without a system tray
    wait(300)
    save(window, f"reminder-{theme_name}")
    window.close()
    window.editor.preview.shutdown()
    journal.close()


if __name__ == "__main__":
    run(shoot)
