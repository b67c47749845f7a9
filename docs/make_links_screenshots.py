"""Render links between entries, light and dark, on the demo journal into docs/screenshots/links-*.png: an entry with
links (one broken) in the editor and the preview, its "links here" backlinks, and the [[ completion popup.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_links_screenshots.py [light|dark]
"""

from __future__ import annotations

from make_screenshots import (  # also sets up the offscreen screen and the path
    OUT,
    open_demo_on_entry,
    run,
    wait,
    wait_for,
)

NOTE_TITLE = "Where the ranking latency goes"
NOTE = """# Where the ranking latency goes

The [[Shadow deployment for the ranking model|shadow run]] showed 13 ms more at p95. Most of it is the feature
lookup: see [[Profiling the feature store lookup]].

Next: batch the lookups, then write up [[Latency budget for Q1]].

- Top-k after scoring stays cheap ([[Heap-based top-k in O(n log k)]])
- `[[code]]` is never a link
"""


def save_with(window, popup, name: str) -> None:  # type: ignore[no-untyped-def]
    """The window with a popup (a window of its own, which the window's grab leaves out) drawn where it shows."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    picture = window.grab()
    if popup is not None:
        painter = QPainter(picture)
        painter.drawPixmap(window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
        painter.end()
    OUT.mkdir(parents=True, exist_ok=True)
    picture.save(str(OUT / f"{name}.png"))
    print("wrote", OUT / f"{name}.png")


def shoot(theme_name: str) -> None:
    from demo_journal import TODAY
    from PySide6.QtGui import QTextCursor

    from journal import entries as entry_service

    journal, window, _ = open_demo_on_entry(theme_name, NOTE_TITLE, NOTE)
    preview = window.editor.preview
    window.set_preview_visible(True)
    wait_for(lambda: "wikilink" in (preview._shown_html or ""), 20_000)
    wait(600)
    editor = window.editor.editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.setFocus()
    editor.insertPlainText("\nSee also [[pro")
    completer = window.links.completer
    completer.update()
    wait_for(completer.is_open)
    wait(400)
    popup = completer.popup
    assert popup is not None
    save_with(window, popup, f"links-editor-{theme_name}")
    completer.close()
    editor.document().undo()

    # The backlinks of the profiling entry: the note links to it (and two more, for the bar's "more" menu).
    for title in ("Batching the lookups", "Caching hot users", "Latency review notes"):
        entry_service.create_entry(journal, "From [[Profiling the feature store lookup]].", title=title, day=TODAY)
    window.list.reload()
    target = next(s for s in entry_service.list_entries(journal) if s.title == "Profiling the feature store lookup")
    window.list.select_entry(target.id)
    window.open_entry(target.id)
    wait(400)
    wait(300)
    save_with(window, None, f"links-backlinks-{theme_name}")
    preview.shutdown()
    window.close()
    journal.close()


def main() -> None:
    run(shoot)


if __name__ == "__main__":
    main()
