"""Render task lists ticked in the preview, light and dark, on the demo journal into docs/screenshots/tasks-*.png:
an entry with a task list in the editor and the preview, after one box was clicked in the page.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_task_screenshots.py [light|dark]
"""

from __future__ import annotations

from make_screenshots import (  # also sets up the offscreen screen and the path
    open_demo_on_entry,
    run,
    save,
    wait,
    wait_for,
)

TITLE = "Shipping the ranking model, checklist"
BODY = """# Shipping the ranking model

Before the canary goes to 10%:

- [x] Shadow run for a week, p95 within 15 ms
- [ ] Feature store lookups batched
- [ ] Alert on prediction drift (PSI > 0.2)
    - [x] Baseline histograms saved
    - [ ] Dashboard panel

```
- [ ] a task in code stays text
```
"""


def shoot(theme_name: str) -> None:
    journal, window, _ = open_demo_on_entry(theme_name, TITLE, BODY)
    preview = window.editor.preview
    window.set_preview_visible(True)
    wait_for(lambda: "task-box" in (preview._shown_html or ""), 20_000)
    wait(400)
    window.writer_tools.task_boxes.clicked(
        "trailbook-task:6/open"
    )  # as a click on "Feature store lookups batched" does
    wait_for(lambda: "- [x] Feature store" in window.editor.editor.toPlainText())
    wait_for(lambda: (preview._shown_html or "").count("checked") >= 3, 20_000)
    wait(800)
    save(window, f"tasks-{theme_name}")
    preview.shutdown()
    window.close()
    journal.close()


def main() -> None:
    run(shoot)


if __name__ == "__main__":
    main()
