"""Run by tests/ui/test_never_frozen.py as its own process: which thread imports SQLAlchemy first while the app
opens, makes, trashes and restores an entry, saves and switches entries (the test process has long imported it)."""

from __future__ import annotations

import importlib.abc
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
first: list[str] = []


class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
        if name == "sqlalchemy" and not first:
            first.append(threading.current_thread().name)
        return None


sys.meta_path.insert(0, Watch())


def main() -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QTextCursor

    from journal import queries
    from journal.db import open_journal
    from journal.settings import load_preferences, save_preferences
    from ui.app import create_application, open_window

    journal = open_journal(sys.argv[1], create=False, full_check=False)
    prefs = load_preferences(journal.paths.settings)
    prefs.extra["welcomed"] = True
    save_preferences(journal.paths.settings, prefs)
    app = create_application([])
    window = open_window(journal, app)
    window.show()
    newest, older = queries.list_summaries(journal)

    def wait_for(done) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 60
        while not done() and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)

    # The entry flows first (New Entry, Delete, Restore): their writes are the window's first, before any save.
    window.act_new.trigger()
    wait_for(lambda: window.editor.entry is not None and window.editor.entry.title == "Untitled")
    made = window.editor.entry.id
    window.act_delete.trigger()
    wait_for(lambda: queries.get_entry(journal, made).in_trash)
    window.nav.select_place("trash")
    window.list.select_entry(made)
    window.act_restore.trigger()
    wait_for(lambda: not queries.get_entry(journal, made).in_trash)
    print(f"flows={'made, trashed, restored' if not queries.get_entry(journal, made).in_trash else 'stuck'}")
    window.nav.select_place("all")
    window.open_entry(older.id)
    window.editor.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.editor.insertPlainText(", typed")
    window.editor.save_now()
    window.open_entry(newest.id)
    deadline = time.monotonic() + 60
    while (window.editor.saving or window.editor.entry.id != newest.id) and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    print(f"sqlalchemy_first_imported_on={first[0] if first else 'never'}")
    print(f"saved={queries.get_entry(journal, older.id).body}")
    window.editor.discard_pending()
    window.close()
    journal.close()


if __name__ == "__main__":
    main()
