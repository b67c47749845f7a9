"""Links between entries in markdown SOURCE: ``[[Title]]``, ``[[Title|shown text]]``, ``[[Title#Heading]]``, as
Obsidian writes them (and ``![[Note]]``, an embedded note, read as a link to it).

This is the one reading of the syntax that indexing (``journal.links``), renaming and publishing share; the preview's
Python-Markdown extension (``journal.markdown.wikilink_extension``) follows the same rules on its side:

- Not a link inside fenced or indented code, code spans or HTML comments, nor after a backslash (``\\[[``).
- On one line, without backticks; the target is what comes before ``#`` or ``|``; ``\\|`` also separates (as
  Obsidian writes a link in a table), ``\\#``, ``\\[`` and ``\\]`` are the characters themselves. An empty target
  (``[[#Heading]]``, a place in the same note) is no link to an entry. ``![[picture.png]]`` (an embedded file) is no
  link either.
- Targets are compared by :func:`link_key`: white space runs as one space, Unicode NFC, case folded. A target
  written as a path (``[[folder/Note]]``, ``[[Note.md]]``) also answers to its last part (:attr:`WikiLink.tail_key`).

Only Python's ``re`` and the shared code scanner are used: reading commands load no Markdown parser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from journal.markdown.source import Protected, is_escaped

# ``[[`` … ``]]`` on one line; inside, any character but brackets and line ends, or a backslash escape.
_LINK_RE = re.compile(r"(!?)\[\[((?:[^\[\]\\\r\n]|\\[^\r\n])+)\]\]")
_ESCAPE_RE = re.compile(r"\\([\\\[\]#|])")
# Files Obsidian embeds with ``![[…]]``: these are attachments, not notes.
EMBED_FILE_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".avif", ".pdf", ".mp3", ".wav", ".ogg", ".m4a", ".flac",
    ".mp4", ".webm", ".mov", ".mkv", ".canvas",
})  # fmt: skip


def link_key(text: str) -> str:
    """How targets and titles are compared: white space collapsed, NFC, case folded (so "Économie", "ÉCONOMIE" and a
    decomposed "économie" are one name)."""
    if text.isascii():  # nearly every title: NFC changes nothing and case folding is lower()
        return " ".join(text.split()).lower()
    clean = unicodedata.normalize("NFC", " ".join(text.split()))
    return unicodedata.normalize("NFC", clean.casefold())


def probe_text(text: str) -> str:
    """A target as it is looked up in the store (white space collapsed, NFC), before case folding."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _unescape(text: str) -> str:
    return _ESCAPE_RE.sub(r"\1", text)


def _split(inner: str, char: str) -> tuple[str, str | None]:
    """``inner`` at its first unescaped ``char``: (before, after) or (inner, None)."""
    if "\\" not in inner:  # no escapes (nearly every link): the first one is the one
        before, found, after = inner.partition(char)
        return (before, after) if found else (inner, None)
    i = 0
    while i < len(inner):
        c = inner[i]
        if c == "\\" and i + 1 < len(inner):
            if char == "|" and inner[i + 1] == "|":
                return inner[:i], inner[i + 2 :]
            i += 2
            continue
        if c == char:
            return inner[:i], inner[i + 1 :]
        i += 1
    return inner, None


@dataclass(frozen=True, slots=True)
class WikiLink:
    """One link as written: ``source[start:end]`` is the whole ``[[…]]`` (with the ``!`` of an embed)."""

    start: int
    end: int
    target: str  # the entry's name as written (escapes undone, trimmed)
    heading: str | None = None  # after ``#``
    label: str | None = None  # after ``|``: the text the person chose to show
    embed: bool = False
    escaped_pipe: bool = False  # ``\|``: the link sits in a table

    @property
    def key(self) -> str:
        return link_key(self.target)

    @property
    def tail(self) -> str:
        """The target's last path part without ``.md`` (``folder/Note.md`` → ``Note``): the note's own name."""
        name = self.target.rsplit("/", 1)[-1].strip()
        if name.lower().endswith(".md") and len(name) > 3:
            name = name[:-3]
        return name or self.target

    @property
    def tail_key(self) -> str:
        return link_key(self.tail)

    @property
    def text(self) -> str:
        """What a reader sees: the chosen text, else the target (and its heading, as Obsidian shows it)."""
        if self.label is not None and self.label.strip():
            return self.label.strip()
        return f"{self.target} > {self.heading}" if self.heading else self.target

    @property
    def written(self) -> str:
        """The link's inside as written (for messages: ``Title|shown``)."""
        inner = self.target
        if self.heading is not None:
            inner += "#" + self.heading
        if self.label is not None:
            inner += ("\\|" if self.escaped_pipe else "|") + self.label
        return inner


def parse_inner(inner: str) -> tuple[str, str | None, str | None, bool] | None:
    """(target, heading, label, escaped_pipe) of the text between ``[[`` and ``]]``; None when no entry is named (or
    a backtick is in it: code spans are read differently by each renderer, so none of them makes a link)."""
    if "`" in inner:
        return None
    before, label = _split(inner, "|")
    escaped_pipe = label is not None and inner[len(before) : len(before) + 1] == "\\"
    name, heading = _split(before, "#")
    target = _unescape(name).strip()
    if not target:
        return None
    return (
        target,
        None if heading is None else _unescape(heading).strip(),
        None if label is None else _unescape(label),
        escaped_pipe,
    )


def is_file_embed(target: str) -> bool:
    """``![[picture.png]]``: an embedded attachment, not a note."""
    name = target.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in EMBED_FILE_SUFFIXES


def find_links(text: str) -> list[WikiLink]:
    """Every link to an entry in ``text``, in order (see the module's rules)."""
    if "[[" not in text:
        return []
    protected: Protected | bool | None = None
    blocks: list[tuple[int, int]] = []
    found: list[WikiLink] = []
    for m in _LINK_RE.finditer(text):
        link = _link_of(text, m)
        if link is None:
            continue
        if protected is None:
            protected = Protected(text) if _may_protect(text) else False
            blocks = _comment_blocks(text) if "<!--" in text else []
        if protected and protected.overlaps(link.start, link.end):
            continue
        if any(s < link.end and link.start < e for s, e in blocks):
            continue
        found.append(link)
    return found


def _link_of(text: str, m: re.Match[str]) -> WikiLink | None:
    """The link a match of ``_LINK_RE`` writes, wherever it stands (code is not asked about); None when none."""
    embed = bool(m.group(1))
    start = m.start()
    bracket = m.start() + len(m.group(1))
    if is_escaped(text, bracket):
        return None
    if embed and is_escaped(text, start):
        embed, start = False, bracket  # ``\![[x]]``: a literal "!" before a link
    parsed = parse_inner(m.group(2))
    if parsed is None:
        return None
    target, heading, label, escaped_pipe = parsed
    if embed and is_file_embed(target):
        return None
    return WikiLink(start, m.end(), target, heading, label, embed, escaped_pipe)


def shown_as_text(text: str) -> str:
    """``text`` with each link written as a reader of the preview sees it (:attr:`WikiLink.text`), for the word
    counter. Fast: links in code and comments are read as links too, as the counter reads ``[text](url)`` there
    (it runs on every change; the code scanner would triple its time on a long entry)."""
    pos = text.find("[[")
    if pos < 0:
        return text
    out: list[str] = []
    done = 0
    while pos >= 0:  # each "[[" found by str.find (in C), matched from there: as _LINK_RE.finditer would, 3x faster
        m = _LINK_RE.match(text, pos - 1 if pos > done and text[pos - 1] == "!" else pos)
        link = _link_of(text, m) if m is not None else None
        if m is None or link is None:
            pos = text.find("[[", pos + 1)
            continue
        out.append(text[done : link.start])
        out.append(link.text)
        done = m.end()
        pos = text.find("[[", done)
    out.append(text[done:])
    return "".join(out)


def _may_protect(text: str) -> bool:
    """Whether ``text`` can hold code or a comment at all (backticks, tildes, an indented line, ``<!--``): prose
    without any skips the code scanner."""
    return (
        "`" in text
        or "~~~" in text
        or "<!--" in text
        or "\n    " in text
        or "\r    " in text
        or "\t" in text
        or text.startswith("    ")
    )


_COMMENT_BLOCK_RE = re.compile(r"^ {0,3}<!--.*?(?:-->[^\r\n]*|\Z)", re.MULTILINE | re.DOTALL)


def _comment_blocks(text: str) -> list[tuple[int, int]]:
    """HTML comments that open a line: CommonMark's HTML blocks, which run to the line holding ``-->`` across blank
    lines (the code scanner reads comments within a paragraph only)."""
    return [m.span() for m in _COMMENT_BLOCK_RE.finditer(text)]


def candidate_targets(text: str) -> list[str]:
    """The targets of everything in ``text`` that looks like a link, code included, each once: a cheap superset of
    :func:`find_links`'s, for looking targets up before rendering."""
    if "[[" not in text:
        return []
    found: dict[str, str] = {}
    for m in _LINK_RE.finditer(text):
        parsed = parse_inner(m.group(2))
        if parsed is not None:
            found.setdefault(link_key(parsed[0]), parsed[0])
    return list(found.values())


def rewrite_links(text: str, replace: Callable[[WikiLink], str | None]) -> str:
    """``text`` with each link replaced by ``replace(link)`` (None leaves it as written)."""
    out: list[str] = []
    pos = 0
    for link in find_links(text):
        new = replace(link)
        if new is None:
            continue
        out.append(text[pos : link.start])
        out.append(new)
        pos = link.end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def can_name(title: str) -> bool:
    """Whether ``[[title]]`` names this title (a ``|`` cannot be written in a target; ``#``, ``[`` and ``]`` are
    escaped by :func:`format_link`)."""
    return bool(title.strip()) and "|" not in title and "\n" not in title and "\r" not in title


def escape_target(title: str) -> str:
    return title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("#", "\\#")


def format_link(link: WikiLink, target: str) -> str:
    """``link`` written again with a new target, keeping its heading, its chosen text, its table escape and its
    embed mark."""
    inner = escape_target(target)
    if link.heading is not None:
        inner += "#" + escape_target(link.heading)
    if link.label is not None:
        inner += ("\\|" if link.escaped_pipe else "|") + link.label
    return ("![[" if link.embed else "[[") + inner + "]]"
