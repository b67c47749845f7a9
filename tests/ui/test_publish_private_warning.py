"""The publish dialog warns when a private block has no closing fence (so the rest of the entry stays home), and
its diff shows none of the private text (pytest-qt, the real dialog over a real blog with a bare remote)."""

from __future__ import annotations

import pytest
from test_publish import select, setup  # noqa: F401 - the publish tests' blog and window

from journal.entries import create_entry
from ui.publish.dialog import STATUS_ROLE

pytestmark = pytest.mark.usefixtures("git_free_home")

UNCLOSED = "Public start.\n\n- item\n- ```private\n  SECRETLIST salary\n- SECRETLIST, the next item, still private\n"


def test_the_dialog_warns_about_an_unclosed_private_block(setup, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window, _remote, _public, _secret, shown = setup
    entry = create_entry(window.journal, UNCLOSED, title="Half private", summary="What stays home.")
    window.list.reload()
    select(window, entry.id)
    window.publishing.act_publish.trigger()
    (dialog,) = shown
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    status, warnings, _label = dialog.entries.item(0).data(STATUS_ROLE)
    assert status == "new" and warnings == 1
    assert "⚠ the private block opened on line 4 has no closing fence" in dialog.warnings.text()
    assert "Public start." in dialog.diff.toPlainText() and "SECRETLIST" not in dialog.diff.toPlainText()
