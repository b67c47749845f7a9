"""Mojibake repair is right both ways: the corpus of correct text in 60 languages (and emoji, symbols, combining
marks, in NFC and NFD) is never changed; the same corpus read as cp1252, Latin-1 or Mac Roman, or encoded twice, comes
back exactly, with a description of what changed."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from journal.db import Journal
from journal.entries import get_entry, list_entries
from journal.jobs import run
from journal.transfer.importer import import_source
from journal.transfer.repair import repair

CORPUS = (Path(__file__).parent / "data" / "multilingual.md").read_text(encoding="utf-8")
SLOPPY = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # bytes cp1252 has no character for: Windows keeps them as C1 controls


def cp1252(data: bytes) -> str:
    return "".join(chr(b) if b in SLOPPY else bytes([b]).decode("cp1252") for b in data)


MISREADS: dict[str, Callable[[bytes], str]] = {
    "cp1252": cp1252,
    "Latin-1": lambda data: data.decode("latin-1"),
    "Mac Roman": lambda data: data.decode("mac_roman"),
    "twice": lambda data: cp1252(cp1252(data).encode("utf-8")),
}


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_correct_text_in_any_language_is_never_changed(form: str) -> None:
    text = unicodedata.normalize(form, CORPUS)
    assert not repair(text).changed
    for line in text.splitlines():  # alone, a line has less context to protect it
        assert repair(line).text == line, line


@pytest.mark.parametrize("how", list(MISREADS))
def test_mojibake_of_every_kind_comes_back_exactly(how: str) -> None:
    damaged = MISREADS[how](CORPUS.encode("utf-8"))
    fixed = repair(damaged)
    assert fixed.text == CORPUS
    assert fixed.changed and fixed.describe().startswith("repaired mojibake (")
    words = {"cp1252": ("cp1252", "Latin-1"), "Latin-1": ("Latin-1",), "Mac Roman": ("Mac Roman",),
             "twice": ("twice",)}[how]  # fmt: skip
    assert any(word in fixed.describe() for word in words), fixed.describe()


def test_an_import_repairs_and_reports_per_file(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mac.md").write_text("# Sparkles\n\n" + "\uf8ffüí´ and caf√© na√Øve\n", encoding="utf-8")
    (folder / "windows.md").write_text("# Down\n\nðŸ‘‡ cafÃ©\n", encoding="utf-8")
    (folder / "correct.md").write_text(CORPUS, encoding="utf-8")
    report = run(import_source(journal, folder))
    changes = dict(report.repaired)
    assert set(changes) == {"mac.md", "windows.md"}
    assert "Mac Roman" in changes["mac.md"] and "💫" in changes["mac.md"]
    assert "'ðŸ‘‡' → '👇'" in changes["windows.md"]
    bodies = {s.title: get_entry(journal, s.id).body for s in list_entries(journal, limit=None)}
    assert bodies["Sparkles"] == "# Sparkles\n\n💫 and café naïve\n"
    assert bodies["Correct text in many languages: an import must leave every character of it as it is"] == CORPUS
    assert {i.source: i.repairs for i in report.items}["mac.md"] == (changes["mac.md"],)


@pytest.mark.parametrize(
    "text",
    [
        "Bu üçüncü deneme.",  # Turkish "third": its bytes as Mac Roman, with an F0 before them, would be 🍟
        "üí´ without the logo",  # 💫 read as Mac Roman is \uf8ffüí´; without its first character it is no UTF-8
        "√π ≈ 1.77",  # how someone writes the square root of pi
        "Öl und Ärger, ça va",
    ],
)
def test_near_misses_are_left_as_written(text: str) -> None:
    """Text that looks like mojibake in part but is not the whole of one: repairing it would damage it."""
    assert repair(text).text == text and not repair(text).changed
