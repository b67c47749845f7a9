"""Run by tests/ui/test_never_frozen.py as its own process: which thread imports SQLAlchemy first while the app
opens, saves and switches entries (the test process has long imported it)."""

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
