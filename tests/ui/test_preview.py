"""The preview on the leading edge: the first change after a pause is sent to the render process at once (no fixed
wait), changes made while a render is in flight coalesce into one next render of the newest text, and each render
of the newest text sent is shown, so the preview keeps up while typing goes on. Real render process, real window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from journal.entries import create_entry


def _open_with_preview(qtbot, make_window, body: str):  # type: ignore[no-untyped-def]
    window = make_window()
    entry = create_entry(window.journal, body, title="Preview")
    window.nav.reload()
    window.list.reload()
    window.list.select_entry(entry.id)
    qtbot.waitUntil(lambda: window.editor.entry is not None and window.editor.entry.id == entry.id)
    preview = window.editor.preview
    with qtbot.waitSignal(preview.updated, timeout=30_000):
        window.set_preview_visible(True)
    qtbot.waitUntil(lambda: preview.client._in_flight is None, timeout=30_000)
    return window, preview


def _sent(client) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts the client sends to the render process from now on (the real sending still happens)."""
    texts: list[str] = []
    send = client._send

    def spy(text: str) -> None:
        texts.append(text)
        send(text)

    client._send = spy
    return texts


def test_the_first_key_after_a_pause_is_rendered_at_once(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window, preview = _open_with_preview(qtbot, make_window, "first words")
    sent = _sent(preview.client)
    editor = window.editor.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "!")
    QApplication.processEvents()  # the next turn of the event loop, not after a fixed wait
    assert sent == ["first words!"]
    qtbot.waitUntil(lambda: "first words!" in (preview._shown_html or ""), timeout=30_000)


GATED_WORKER = """
import json, os, sys, time
for line in sys.stdin:
    request = json.loads(line)
    while not os.path.exists(sys.argv[1]):
        time.sleep(0.005)
    os.remove(sys.argv[1])
    print(json.dumps({"id": request["id"], "html": "<p>" + request["text"] + "</p>", "ms": 1.0}), flush=True)
"""


def _gated_worker(client, gate: Path):  # type: ignore[no-untyped-def]
    """A render process that answers each request only when ``gate`` is made (then removes it)."""
    from PySide6.QtCore import QProcess

    process = QProcess(client)
    process.setProgram(sys.executable)
    process.setArguments(["-c", GATED_WORKER, str(gate)])
    process.readyReadStandardOutput.connect(client._read)
    process.start()
    process.waitForStarted()
    return process


def test_keys_typed_while_a_render_is_in_flight_coalesce_into_one_render(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, preview = _open_with_preview(qtbot, make_window, "start")
    client = preview.client
    gate = tmp_path / "gate"
    client.stop()  # the real render process goes; this one answers when the test says
    worker = _gated_worker(client, gate)
    client._process = worker
    client._ensure = lambda: worker
    sent = _sent(client)
    shown: list[str] = []
    client.rendered.connect(lambda html, _ms: shown.append(html))
    editor = window.editor.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "a")
    qtbot.waitUntil(lambda: sent == ["starta"], timeout=1000)
    for key in "bcde":  # each in a turn of its own, all while "starta" is being rendered
        qtbot.keyClicks(editor, key)
        qtbot.wait(20)
    assert sent == ["starta"] and client._pending == "startabcde"
    gate.touch()
    qtbot.waitUntil(lambda: len(sent) == 2 and shown == ["<p>starta</p>"], timeout=10_000)
    assert sent[1] == "startabcde"  # the four later keys: one render, of the newest text, sent at once
    gate.touch()
    qtbot.waitUntil(lambda: shown == ["<p>starta</p>", "<p>startabcde</p>"], timeout=10_000)
    worker.kill()
    worker.waitForFinished(1000)


def test_an_opened_entry_is_sent_to_render_before_the_editor_is_filled(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    """Its render process renders while this thread fills and highlights the editor (one after the other before), and
    the request already knows the entry's state: an entry in the Trash has no boxes to tick."""
    from journal.entries import trash_entry

    window, preview = _open_with_preview(qtbot, make_window, "first words")
    client = preview.client
    editor = window.editor.editor
    in_editor: list[str] = []
    tasks: list[object] = []
    send = client._send

    def spy(text: str) -> None:
        in_editor.append(editor.toPlainText())
        tasks.append(next(c(text)["tasks"] for c in client.contexts if "tasks" in c(text)))
        send(text)

    client._send = spy
    other = create_entry(window.journal, "- [ ] a task\n", title="Other")
    trashed = create_entry(window.journal, "- [x] done\n", title="Gone")
    trash_entry(window.journal, trashed.id)
    window.list.reload()
    with qtbot.waitSignal(preview.updated, timeout=30_000):
        window.list.select_entry(other.id)
    assert in_editor == ["first words"]  # sent while the editor still held the entry before
    window.open_entry_anywhere(trashed.id)
    qtbot.waitUntil(lambda: len(in_editor) == 2 and client._in_flight is None, timeout=30_000)
    assert in_editor[1] == "- [ ] a task\n"
    assert tasks == [True, False]
    qtbot.waitUntil(lambda: "done" in (preview._shown_html or ""), timeout=30_000)
