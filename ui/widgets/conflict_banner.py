"""The banner over the editor when another writer changed the open entry in the same place as the person: what
happened, the differences between the two versions, and the choice (keep mine / take theirs). Both versions are kept
in History whichever is chosen; ui/sync.py decides what each button does.

Its contents are made the first time a conflict is shown: every window has a banner, few ever show one, and the
window's start need not build a text browser it may never show (issue 13)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui import strings, theme
from ui.keys import new_button

DIFF_CONTEXT = 2


def diff_html(theirs: str, mine: str) -> str:
    """The lines that differ, theirs (−) against mine (+), with a little context, as HTML for the banner."""
    import difflib
    import html

    c = theme.colours(theme.current())
    rows = []
    lines = difflib.unified_diff(theirs.splitlines(), mine.splitlines(), "theirs", "mine", n=DIFF_CONTEXT, lineterm="")
    for line in list(lines)[2:]:  # the two file-name lines say nothing here
        if line.startswith("@@"):
            rows.append(f'<div style="color:{c["muted"]}">…</div>')
            continue
        mark, text = line[:1], html.escape(line[1:]) or "&nbsp;"
        if mark == "-":
            rows.append(f'<div style="background:{c["warn_bg"]}">−&nbsp;{text}</div>')
        elif mark == "+":
            rows.append(f'<div style="background:{c["selection"]}">+&nbsp;{text}</div>')
        else:
            rows.append(f'<div style="color:{c["muted"]}">&nbsp;&nbsp;{text}</div>')
    return f'<div style="font-family:monospace; white-space:pre-wrap">{"".join(rows)}</div>'


class ConflictBanner(QWidget):
    """Shown while a conflict waits for the person's choice."""

    keepMine = Signal()
    takeTheirs = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self._built = False
        self.hide()

    def _build(self) -> None:
        from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout

        self._built = True
        self.text = QLabel(strings.CONFLICT_BANNER, self)
        self.text.setWordWrap(True)
        self.text.setObjectName("ConflictText")
        self.diff = QTextBrowser(self)
        self.diff.setObjectName("ConflictDiff")
        self.diff.setAccessibleName(strings.CONFLICT_DIFF)
        self.diff.setToolTip(strings.CONFLICT_DIFF_TIP)
        self.diff.setMaximumHeight(180)
        self.keep_mine = new_button(strings.CONFLICT_KEEP_MINE, self)
        self.keep_mine.setToolTip(strings.CONFLICT_KEEP_MINE_TIP)
        self.keep_mine.setAccessibleName(strings.CONFLICT_KEEP_MINE)
        self.take_theirs = new_button(strings.CONFLICT_TAKE_THEIRS, self)
        self.take_theirs.setToolTip(strings.CONFLICT_TAKE_THEIRS_TIP)
        self.take_theirs.setAccessibleName(strings.CONFLICT_TAKE_THEIRS)
        self.keep_mine.clicked.connect(self.keepMine.emit)
        self.take_theirs.clicked.connect(self.takeTheirs.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.take_theirs)
        buttons.addWidget(self.keep_mine)
        col = QVBoxLayout(self)
        col.setContentsMargins(14, 8, 14, 8)
        col.addWidget(self.text)
        col.addWidget(self.diff)
        col.addLayout(buttons)

    def show_conflict(self, theirs: str, mine: str) -> None:
        if not self._built:
            self._build()
        self.diff.setHtml(diff_html(theirs, mine))
        self.show()
