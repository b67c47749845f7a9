"""Spell checking over the system's Hunspell dictionaries (through Enchant, pyenchant), with the person's own words.

Enchant was chosen by measurement over spylls (Hunspell in pure Python) and chunspell (a Hunspell binding with its own
copy of the library and dictionaries), see docs/benchmarks.md: en_US loads in ~0.2 s (spylls 1.7–2.9 s), a word is
checked in ~6 µs (spylls 30 µs, chunspell 2 µs; every verdict is cached anyway), suggestions take ~0.13 s (spylls
0.5–0.9 s, chunspell 0.06–0.11 s). Suggestions are what a person waits for when the context menu opens; Enchant also
lists the dictionaries installed on the system, which Preferences offers.

The personal dictionary is ``dictionary.txt`` in the journal folder (it travels with the journal): plain UTF-8 text,
one word per line, rewritten atomically with the words already in the file kept, so a word added by hand while the app
is open is not lost. A word added in lower case is known in any case (``trailbook`` also allows ``Trailbook``); one
with capitals only as written, or in all capitals. "Ignore" lasts until the app closes.

Nothing here is imported at start-up: Enchant's ctypes binding looks its library up when imported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from journal.errors import (
    NO_DICTIONARY,
    NO_ENCHANT,
    PersonalDictionaryUnsaved,
    SpellingUnavailable,
    TrailbookError,
)
from journal.fileio import atomic_write_text, read_regular_file

MAX_SUGGESTIONS = 7
_CACHE_LIMIT = 200_000  # words remembered as right or wrong (a 20,000-word entry has a few thousand different ones)
_MAX_DICTIONARY_BYTES = 16 * 1024 * 1024


class Speller(Protocol):
    """What a dictionary does (``enchant.Dict``)."""

    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...


def _enchant():  # type: ignore[no-untyped-def]
    try:
        import enchant
    except ImportError as exc:  # pyenchant raises ImportError when the C library is missing
        raise SpellingUnavailable(NO_ENCHANT) from exc
    return enchant


def available_languages() -> list[str]:
    """The language tags of the installed dictionaries (``en_US``, ``de_DE``…), sorted; empty without Enchant."""
    try:
        enchant = _enchant()
    except SpellingUnavailable:
        return []
    return sorted(set(enchant.list_languages()))


def choose_language(wanted: str, system_locale: str, available: Sequence[str]) -> str | None:
    """The dictionary to use: the one asked for when it is installed; else the system locale's (``en_US``), else one
    of its language (``en_GB`` for ``en_IE``), else English, else the first installed; None when there is none."""
    if not available:
        return None
    for tag in (wanted, system_locale):
        if tag and tag in available:
            return tag
    for tag in (wanted, system_locale, "en_US"):
        language = tag.split("_")[0] if tag else ""
        same = [a for a in available if a.split("_")[0] == language]
        if same:
            return "en_US" if "en_US" in same else same[0]
    return available[0]


def _normal(word: str) -> str:
    return unicodedata.normalize("NFC", word.replace("’", "'"))


class PersonalDictionary:
    """The person's own words, kept in a plain text file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None  # why the file cannot be rewritten without losing something, if it cannot
        self.words: set[str] = self._read()

    def _read(self) -> set[str]:
        try:
            data, _info = read_regular_file(self.path, max_bytes=_MAX_DICTIONARY_BYTES)
        except FileNotFoundError:
            return set()
        except OSError as exc:
            self.problem = exc.strerror or str(exc)
            return set()
        except TrailbookError as exc:  # not a regular file, or far larger than a word list: not ours to rewrite
            self.problem = exc.message
            return set()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.problem = "it is not UTF-8 text"
            return set()
        return {_normal(line.strip()) for line in text.splitlines() if line.strip()}

    def __contains__(self, word: str) -> bool:
        word = _normal(word)
        if word in self.words or word.lower() in self.words:
            return True
        return word.isupper() and any(known.upper() == word for known in self.words if not known.islower())

    def add(self, word: str) -> None:
        """Add ``word`` (kept in memory even when the file cannot be written; then raises
        ``PersonalDictionaryUnsaved``)."""
        word = _normal(word.strip())
        if not word:
            return
        self.words.add(word)
        if self.problem is not None:
            raise PersonalDictionaryUnsaved(self.path, self.problem)
        on_disk = self._read()  # words added by hand meanwhile stay
        if self.problem is not None:
            raise PersonalDictionaryUnsaved(self.path, self.problem)
        self.words |= on_disk
        text = "".join(f"{w}\n" for w in sorted(self.words, key=lambda w: (w.casefold(), w)))
        try:
            atomic_write_text(self.path, text)
        except OSError as exc:
            raise PersonalDictionaryUnsaved(self.path, exc.strerror or str(exc)) from exc


def known_words() -> frozenset[str]:
    """The app's own words a general dictionary lacks (``resources/known_words.txt``: its name, the words of its
    Welcome entry and templates), known in any case."""
    from importlib.resources import files

    text = files("resources").joinpath("known_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


class SpellChecker:
    """One language's dictionary with the personal words, the app's own (``known_words``) and the ignored ones,
    remembering each word's verdict (the editor asks about the same words on every keystroke)."""

    def __init__(
        self, language: str, speller: Speller, personal: PersonalDictionary, known: frozenset[str] = frozenset()
    ) -> None:
        self.language = language
        self.personal = personal
        self.known = known
        self.ignored: set[str] = set()
        self._speller = speller
        self._known: dict[str, bool] = {}

    def check(self, word: str) -> bool:
        """Whether ``word`` is spelt right (in the dictionary, the personal words or ignored)."""
        verdict = self._known.get(word)
        if verdict is None:
            if len(self._known) > _CACHE_LIMIT:
                self._known.clear()
            normal = _normal(word)
            verdict = (
                normal in self.ignored
                or normal in self.personal
                or normal.lower() in self.known
                or self._speller.check(normal)
            )
            self._known[word] = verdict
        return verdict

    def suggest(self, word: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
        """Likely corrections, best first; written with the typographic apostrophe when the word was."""
        found = self._speller.suggest(_normal(word))
        if "’" in word:
            found = [s.replace("'", "’") for s in found]
        seen: list[str] = []
        for s in found:
            if s not in seen and s != word:
                seen.append(s)
        return seen[:limit]

    def add(self, word: str) -> None:
        """Add to the personal dictionary (known from now on even if the file could not be written: see
        ``PersonalDictionary.add``)."""
        self._forget(word)
        self.personal.add(word)

    def ignore(self, word: str) -> None:
        """Treat ``word`` as right until the app closes."""
        self._forget(word)
        self.ignored.add(_normal(word))

    def _forget(self, word: str) -> None:
        normal = _normal(word).lower()
        for cached in [w for w in self._known if _normal(w).lower() == normal]:
            del self._known[cached]


def open_checker(language: str, personal_path: Path) -> SpellChecker:
    """A checker for an installed ``language`` (see ``choose_language``). Raises ``SpellingUnavailable``."""
    enchant = _enchant()
    broker = enchant.Broker()
    broker.set_ordering("*", "hunspell,nuspell,aspell,myspell")
    try:
        speller = broker.request_dict(language)
    except enchant.errors.DictNotFoundError as exc:
        raise SpellingUnavailable(NO_DICTIONARY) from exc
    return SpellChecker(language, speller, PersonalDictionary(personal_path), known_words())


def open_best_checker(wanted: str, system_locale: str, personal_path: Path) -> SpellChecker:
    """A checker for the dictionary ``choose_language`` picks among the installed ones. Raises
    ``SpellingUnavailable`` with the reason (no Enchant, no dictionary)."""
    _enchant()
    language = choose_language(wanted, system_locale, available_languages())
    if language is None:
        raise SpellingUnavailable(NO_DICTIONARY)
    return open_checker(language, personal_path)
