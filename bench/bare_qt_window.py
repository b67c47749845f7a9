"""The start-up baseline: a bare PySide6 script that shows a QMainWindow with a QPlainTextEdit and exits.

With TRAILBOOK_QUIT_AFTER_SHOW set it prints the wall-clock time of its first event-loop turn, as the app does."""

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QPlainTextEdit())
window.resize(1280, 800)
window.show()


def shown() -> None:
    if os.environ.get("TRAILBOOK_QUIT_AFTER_SHOW"):
        print(f"shown at {time.time():.6f}", flush=True)
    app.quit()


QTimer.singleShot(0, shown)
sys.exit(app.exec())
