"""Spell checking benchmarks (issue 14: the writer's tools).

    python bench/bench_spelling.py              # typing, check, open (the real window, offscreen)
    python bench/bench_spelling.py libraries    # the candidate libraries: those importable in this venv

- typing: a 20,000-word entry in the real window with checking on (en_US loaded, the entry checked), keys 60 ms apart
  with a pause every 40 keys just longer than the autosave delay, some words misspelt; each key's latency counts from
  the moment it was due, as in bench_app.py; p95, against the same typing with checking off.
- check: the open 20,000-word entry checked after the dictionary loads (visible lines first, in slices): the time
  until it is done and the longest the window was kept from other events meanwhile.
- open: opening the 20,000-word entry from the list, with checking on and off (Qt highlights the whole text).
- libraries: loading en_US, checking a word (distinct words of docs/*.md, each once), suggestions for 30
  misspellings, for pyenchant (Enchant over the system's Hunspell), spylls (pure Python) and chunspell (Hunspell
  bundled); ``pip install spylls chunspell`` in a scratch venv to compare them all.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from common import percentile  # noqa: E402
from generate import make_entry  # noqa: E402

DICTIONARY = Path("/usr/share/hunspell/en_US")
ROUNDS = 3
TYPED = "we mesured the p95 latency of teh new batching path and it held under lodd, which was a relief " * 4


def _long_body(words: int) -> str:
    from journal.markdown.words import count_words

    rng = random.Random(7)
    parts: list[str] = []
    total = 0
    while total < words:
        body = make_entry(rng, len(parts), dt.date(2025, 1, 1), 3)["body"]
        parts.append(body)
        total += count_words(body)
    return "\n\n".join(parts)


def _journal_with_long_entry() -> tuple[Path, str, str]:
    from journal import entries
    from journal.db import open_journal

    home = Path(tempfile.mkdtemp()) / "spelling"
    journal = open_journal(home)
    long_id = entries.create_entry(journal, _long_body(20_000), title="A very long entry").id
    short_id = entries.create_entry(journal, "A short one.", title="Short").id
    journal.close()
    return home, long_id, short_id


def _cpu_per_key(app, editor, text: str) -> list[float]:  # type: ignore[no-untyped-def]
    """The processor time (this process, ms) each key takes, from the key press to the repaint done: unlike the wall
    clock, it does not grow when other work shares the machine."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent

    spent = []
    for ch in text:
        started = time.process_time()
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            app.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
        app.processEvents()
        spent.append((time.process_time() - started) * 1000)
    return spent


def _longest_gap(app, until) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Run the event loop until ``until()``; the time taken and the longest gap between two 1 ms timer ticks."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticks = [time.perf_counter()]
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = ticks[0]
    while not until():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    timer.stop()
    ticks.append(time.perf_counter())
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return (ticks[-1] - started) * 1000, max(gaps) * 1000


def bench_window() -> None:
    from bench_app import _window, type_like_a_person  # sets the offscreen platform up before Qt loads
    from PySide6.QtGui import QTextCursor

    home, long_id, short_id = _journal_with_long_entry()
    app, journal, window = _window(home)
    spell = window.spelling
    window.open_entry(long_id)
    app.processEvents()
    done: list[bool] = []
    spell.ready.connect(lambda: done.append(True))
    loaded_at = time.perf_counter()
    spell.load()
    while spell.checker is None and not done:
        app.processEvents()
    if spell.checker is None:
        raise SystemExit(f"no dictionary: {spell.problem}")
    load_ms = (time.perf_counter() - loaded_at) * 1000
    took, gap = _longest_gap(app, lambda: bool(done))
    blocks = window.editor.editor.document().blockCount()
    print(
        f"check a 20,000-word entry ({blocks} lines) once the dictionary is loaded ({load_ms:.0f} ms on a thread): "
        f"{took:.0f} ms, the window never held more than {gap:.1f} ms"
    )

    opened = {}
    for on in (True, False):
        spell.act_spell.setChecked(on)
        _longest_gap(app, lambda: not spell._sweep)
        times = []
        for _ in range(5):
            window.open_entry(short_id)
            app.processEvents()
            started = time.perf_counter()
            window.open_entry(long_id)
            times.append((time.perf_counter() - started) * 1000)
            app.processEvents()
        opened[on] = statistics.median(times)
    print(f"open the 20,000-word entry: {opened[True]:.0f} ms checking on, {opened[False]:.0f} ms off (median of 5)")

    editor = window.editor.editor
    results: dict[bool, list[tuple[float, float, float]]] = {True: [], False: []}
    cpu: dict[bool, list[float]] = {True: [], False: []}
    for round_ in range(ROUNDS):
        for on in (True, False) if round_ % 2 else (False, True):  # interleaved, so load on the machine hits both
            spell.act_spell.setChecked(on)
            _longest_gap(app, lambda: not spell._sweep)
            window.open_entry(short_id)
            window.open_entry(long_id)  # the same text each round
            editor.setFocus()
            cursor = editor.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            cursor.movePosition(QTextCursor.MoveOperation.Down, n=200)
            editor.setTextCursor(cursor)
            before = cursor.block().text()
            latencies = type_like_a_person(app, editor, TYPED)
            results[on].append((percentile(latencies, 50), percentile(latencies, 95), max(latencies)))
            cpu[on] += _cpu_per_key(app, editor, TYPED[:120])
            line = editor.textCursor().block().text()
            cursor = editor.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(before)  # the next round types into the same paragraph
    for on in (False, True):
        p50s, p95s, maxes = zip(*results[on], strict=True)
        print(
            f"typing into the 20,000-word entry, checking {'on' if on else 'off'}: p95 "
            f"{min(p95s):.1f}–{max(p95s):.1f} ms (target ≤ 16), p50 {min(p50s):.1f}–{max(p50s):.1f} ms, max "
            f"{max(maxes):.0f} ms, {len(TYPED)} keys × {ROUNDS} rounds; processor time per key: median "
            f"{statistics.median(cpu[on]):.1f} ms, p95 {percentile(cpu[on], 95):.1f} ms"
        )
    spell.act_spell.setChecked(True)
    print(f"  the typed paragraph: {len(line.split())} words, {len(spell.highlighter.misspelt(line))} underlined")
    window.close()
    journal.close()


def bench_libraries() -> None:
    import re

    # Real prose: the words of the project's own documentation, each once.
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    words = list(dict.fromkeys(re.findall(r"\b[A-Za-z]{3,}\b", text)))[:3000]
    typos = [w[:2] + w[3:] + w[2] for w in words if len(w) > 5][:30]

    def enchant_load():  # type: ignore[no-untyped-def]
        import enchant

        return enchant.Dict("en_US")

    def spylls_load():  # type: ignore[no-untyped-def]
        from spylls.hunspell import Dictionary

        return Dictionary.from_files(str(DICTIONARY))

    def chunspell_load():  # type: ignore[no-untyped-def]
        from hunspell import Hunspell

        return Hunspell("en_US", hunspell_data_dir=str(DICTIONARY.parent))

    candidates = {
        "pyenchant": (enchant_load, lambda d, w: d.check(w), lambda d, w: d.suggest(w)),
        "spylls": (spylls_load, lambda d, w: d.lookup(w), lambda d, w: list(d.suggest(w))),
        "chunspell": (chunspell_load, lambda d, w: d.spell(w), lambda d, w: d.suggest(w)),
    }
    for name, (load, check, suggest) in candidates.items():
        try:
            started = time.perf_counter()
            speller = load()
        except ImportError:
            print(f"{name}: not installed here")
            continue
        load_ms = (time.perf_counter() - started) * 1000
        checks = []
        for w in words:
            t = time.perf_counter()
            check(speller, w)
            checks.append((time.perf_counter() - t) * 1e6)
        suggestions = []
        for w in typos:
            t = time.perf_counter()
            suggest(speller, w)
            suggestions.append((time.perf_counter() - t) * 1000)
        print(
            f"{name}: load {load_ms:.0f} ms; check a word: median {statistics.median(checks):.1f} µs, "
            f"p95 {percentile(checks, 95):.1f} µs ({len(words)} distinct words); suggest: median "
            f"{statistics.median(suggestions):.0f} ms, max {max(suggestions):.0f} ms ({len(typos)} misspellings)"
        )


if __name__ == "__main__":
    bench_libraries() if "libraries" in sys.argv[1:] else bench_window()
