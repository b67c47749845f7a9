"""Render the editor's Post details, the publish dialog and the Blogs place, light and dark, on the demo journal into
docs/screenshots/.

QT_QPA_PLATFORM=offscreen python docs/make_publish_screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from ui.offscreen import use_desktop_offscreen  # noqa: E402

use_desktop_offscreen()
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from make_screenshots import run, save, wait, wait_for  # noqa: E402


def shoot(theme_name: str) -> None:
    from demo_journal import build

    from journal.entries import list_entries, update_entry
    from journal.jobs import run
    from journal.publish import service
    from journal.publish.blogs import new_blog
    from journal.settings import load_preferences, save_preferences
    from ui.app import create_application, open_window
    from ui.publish import install
    from ui.publish.dialog import PublishDialog

    tmp = Path(tempfile.mkdtemp())
    journal = build(tmp / "demo")
    prefs = load_preferences(journal.paths.settings)
    prefs.theme = theme_name
    prefs.extra["welcomed"] = True
    prefs.author_name, prefs.author_email = "Ana Lima", "ana@example.com"
    save_preferences(journal.paths.settings, prefs)
    remote = tmp / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    new_blog(
        journal,
        "notes",
        tmp / "notes",
        "hugo",
        remote_url=str(remote),
        title="Ana's ML notes",
        base_url="https://ana.github.io/notes/",
    )
    public = [e for e in list_entries(journal, limit=None) if not e.private]
    run(service.publish(journal, "notes", [e.id for e in public[2:5]]))
    update_entry(journal, public[3].id, body="## What changed\n\nRe-measured on a T4: p99 is 41 ms, not 64.\n")

    # The editor's Post details: summary, categories, cover, a publish date in the future (a scheduled post).
    import datetime as dt

    from journal.publish.post_fields import set_post_fields

    soon = dt.datetime.now().astimezone().replace(hour=9, minute=0, second=0) + dt.timedelta(days=6)
    set_post_fields(journal, public[0].id, categories=["serving", "ml ops"], publish_at=soon)
    update_entry(
        journal,
        public[0].id,
        summary="The new ranking model in shadow next to production, and what it cost in latency.",
    )

    app = create_application([])
    window = open_window(journal, app)
    install(window)
    window.resize(1440, 900)
    window.show()
    wait(300)

    window.list.reload()
    window.list.select_entry(public[0].id)
    window.open_entry(public[0].id)
    window.editor.post_details.toggle.setChecked(True)
    wait(400)
    save(window, f"post-details-{theme_name}")
    window.editor.post_details.toggle.setChecked(False)

    dialog = PublishDialog(journal, [public[0].id, public[3].id, public[1].id], "publish", window)
    dialog.resize(1100, 700)
    dialog.show()
    wait_for(lambda: dialog.plan is not None)
    dialog.entries.setCurrentRow(1)
    wait(300)
    save(dialog, f"publish-dialog-{theme_name}")
    if theme_name == "light":
        subprocess.run(
            ["git", "-C", str(tmp / "notes"), "remote", "set-url", "origin", "https://127.0.0.1:9/ana/notes.git"],
            check=True,
        )
        failed: list[str] = []
        dialog.jobFailed.connect(failed.append)
        dialog.go_button.click()
        wait_for(lambda: bool(failed), 30_000)
        wait(200)
        save(dialog, "publish-failed-light")
        subprocess.run(["git", "-C", str(tmp / "notes"), "remote", "set-url", "origin", str(remote)], check=True)
    dialog.close()

    window.nav.select_place("blogs")
    window.show_place("blogs")
    wait(400)
    save(window, f"publish-blogs-{theme_name}")
    window.close()
    window.editor.preview.shutdown()
    journal.close()


def main() -> None:
    run(shoot)


if __name__ == "__main__":
    main()
