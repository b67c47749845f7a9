"""The start-up baseline: a bare PySide6 script that shows a QMainWindow with a QPlainTextEdit and exits."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QPlainTextEdit())
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
