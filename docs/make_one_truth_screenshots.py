"""Render Today (the daily entry with its first place to write selected) and a search inside the Trash, light and
dark, on the demo journal into docs/screenshots/.

QT_QPA_PLATFORM=offscreen python docs/make_one_truth_screenshots.py
"""

from __future__ import annotations

from make_screenshots import open_demo, run, save, wait, wait_for


def shoot(theme_name: str) -> None:
    from journal import entries as entry_service
    from journal.search import search

    journal, window = open_demo(theme_name)
    window.resize(1440, 900)
    window.show()
    wait(200)
    window.act_today.trigger()
    wait_for(lambda: window.editor.entry is not None and window.editor.entry.is_daily)
    wait(400)
    save(window, f"today-{theme_name}")

    gone = search(journal, "latency", limit=1)[0].entry  # the same word stays in live entries: they are not shown
    entry_service.trash_entry(journal, gone.id)
    window.nav.reload()
    window.nav.select_place("trash")
    window.list.search.setText("latency")
    wait_for(lambda: window.list.model.query is not None)
    wait(400)
    save(window, f"trash-search-{theme_name}")
    window.close()
    window.editor.preview.shutdown()
    journal.close()


if __name__ == "__main__":
    run(shoot)
