"""Links between entries in a markdown export, written so an Obsidian vault finds them, and read back exactly.

Obsidian finds the note of ``[[X]]`` by its file name (case aside), anywhere in the vault; a title in the front matter
does not count, and aliases only feed its link suggester, which then writes ``[[File name|alias]]`` (Obsidian's help,
Aliases). An exported entry's file is named by its title made safe and unique (``C++: pointers`` → ``C++ pointers.md``,
a second ``Notes`` → ``Notes 2.md``), so a link whose target does not name the file of the entry it goes to (as the
journal's links store resolves it, bindings included) is written with that file's name and the text the person saw:
``[[C++ pointers|C++: pointers]]``, ``[[Notes 2|Notes]]``, ``[[Notes 2|my notes]]`` (an explicit text kept, a
heading too, ``\\|`` in a table). Broken links and links in the trash (no links in the journal) stay as written.

What the export changed is kept in ``.trailbook-links.json`` beside the notes: for each entry, each link as exported
with the link as written at each of its occurrences (a link the person wrote that way too is among them, as itself).
The import gives each text back byte for byte from it, and reads where each link of the vault goes (the file it
names, whose front matter holds the entry's id): where several entries answer to one name, that is the link's
binding (``journal.links.bind_links``), so a link to the second ``Notes`` still goes there.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from journal.markdown.wikilinks import WikiLink, candidate_targets, find_links

if TYPE_CHECKING:
    from journal.db import Journal
    from journal.links import Named

LINKS_FILE = ".trailbook-links.json"
_OTHER_LINK_RE = re.compile(r"\[\[[^\]\r\n]*\]\]")

# For one entry: each link as the export wrote it → the link as the journal had it, at each occurrence in order.
LinkRecord = dict[str, list[str]]


def _raw_target(inner: str) -> str:
    """The target of a link's inside as written, up to its first unescaped ``#`` or ``|`` (or ``\\|``)."""
    if "\\" not in inner:  # nearly every link
        hash_at, bar_at = inner.find("#"), inner.find("|")
        ends = [i for i in (hash_at, bar_at) if i >= 0]
        return inner[: min(ends)] if ends else inner
    i = 0
    while i < len(inner):
        c = inner[i]
        if c == "\\" and i + 1 < len(inner):
            if inner[i + 1] == "|":
                return inner[:i]
            i += 2
            continue
        if c in "#|":
            return inner[:i]
        i += 1
    return inner


def _parts(written: str) -> tuple[str, str, str]:
    """``![[Target#Heading|text]]`` as (opening, raw target, the rest before ``]]``)."""
    opening = "![[" if written.startswith("!") else "[["
    inner = written[len(opening) : -2]
    target = _raw_target(inner)
    return opening, target, inner[len(target) :]


def names_file(written: str, stem: str) -> bool:
    """Whether the link ``written`` (``[[…]]``) finds the file ``stem.md`` the way Obsidian looks: its target as
    written, trimmed, is the file's name, case aside."""
    return _parts(written)[1].strip().lower() == stem.lower()


def _in_table_row(body: str, link: WikiLink) -> bool:
    """A ``|`` on the link's line outside links: a table row, where the link's own ``|`` is written ``\\|``."""
    start = body.rfind("\n", 0, link.start) + 1
    end = body.find("\n", link.end)
    line = body[start : link.start] + body[link.end : len(body) if end < 0 else end]
    return "|" in _OTHER_LINK_RE.sub("", line)


def _shown(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def file_link(body: str, link: WikiLink, stem: str) -> str:
    """``link`` of ``body`` written to the file ``stem.md``, showing what it showed: its own text when it has one,
    else its target (and heading, as Obsidian shows ``[[Title#Heading]]``)."""
    opening, _target, rest = _parts(body[link.start : link.end])
    if link.label is not None:
        return f"{opening}{stem}{rest}]]"
    bar = "\\|" if _in_table_row(body, link) else "|"
    return f"{opening}{stem}{rest}{bar}{_shown(link.text)}]]"


def file_stems(
    journal: Journal, entries: Sequence[Mapping[str, Any]], names: Sequence[str]
) -> dict[str, list[tuple[WikiLink, str | None]]]:
    """For each live entry with a link that goes to an entry (``entries`` in their JSON form, ``names`` their files),
    its links in order, each with the stem of the file of the entry it goes to (None: nowhere): what
    :func:`vault_text` takes."""
    from journal.links import resolved_links

    texts = {e["id"]: e["body"] for e in entries if not e["deleted"] and "[[" in e["body"]}
    if not texts:
        return {}
    stems = {entry["id"]: name[:-3] for entry, name in zip(entries, names, strict=True)}

    def names_its_file(target: str, entry: Named) -> bool:  # a target as written (trimmed, unescaped)
        return target.lower() == stems.get(entry.uuid, "").lower()

    return {
        source: [(link, None if target is None else stems.get(target.uuid)) for link, target in found]
        for source, found in resolved_links(journal, texts, names_its_file).items()
    }


def vault_text(body: str, links: Sequence[tuple[WikiLink, str | None]]) -> tuple[str, LinkRecord]:
    """``body`` (whose links are ``links``, each with the stem of the file of the entry it goes to, or None) with
    each link naming that file, and the record of what changed (empty when nothing did)."""
    out: list[str] = []
    pos = 0
    occurrences: LinkRecord = {}
    changed: set[str] = set()
    news: list[str] = []
    for link, stem in links:
        old = body[link.start : link.end]
        new = old if stem is None or names_file(old, stem) else file_link(body, link, stem)
        if new != old:
            changed.add(new)
        occurrences.setdefault(new, []).append(old)
        news.append(new)
        out += (body[pos : link.start], new)
        pos = link.end
    if not changed:
        return body, {}
    out.append(body[pos:])
    text = "".join(out)
    if [text[link.start : link.end] for link in find_links(text)] != news:
        return body, {}  # the links would read otherwise (never seen): the text as written, links and all
    return text, {new: olds for new, olds in occurrences.items() if new in changed}


def journal_text(body: str, record: Mapping[str, list[str]], links: Sequence[WikiLink] | None = None) -> str:
    """The text as the journal had it: each link the export changed (``record``) as it was written (``links``: the
    text's, when already found). A file edited since keeps what can still be told: a link form written the same way
    each time is given back wherever it is."""
    if not record or "[[" not in body:
        return body
    found = find_links(body) if links is None else links
    written = [body[link.start : link.end] for link in found]
    counts: dict[str, int] = {}
    for form in written:
        counts[form] = counts.get(form, 0) + 1
    queues: dict[str, Iterator[str]] = {}
    for form, olds in record.items():
        if counts.get(form, 0) == len(olds):
            queues[form] = iter(olds)
        elif olds and len(set(olds)) == 1:
            queues[form] = itertools.repeat(olds[0])
    out: list[str] = []
    pos = 0
    for link, form in zip(found, written, strict=True):
        old = next(queues[form], None) if form in queues else None
        if old is not None and old != form:
            out += (body[pos : link.start], old)
            pos = link.end
    if not out:
        return body
    out.append(body[pos:])
    return "".join(out)


def vault_files(paths: Mapping[str, str]) -> dict[str, str]:
    """How Obsidian finds a note (note path → entry id): by its path without ``.md``, or by its file name alone, case
    aside."""
    files: dict[str, str] = {}
    for path, entry_id in paths.items():
        files.setdefault(_without_md(path.lower()), entry_id)
    for path, entry_id in paths.items():
        files.setdefault(_without_md(path.rsplit("/", 1)[-1].lower()), entry_id)
    return files


def _without_md(name: str) -> str:
    return name[:-3] if name.endswith(".md") else name


def from_vault(body: str, record: Mapping[str, list[str]], files: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """A note's text as the journal had it (``record``: its part of the links file), and where its links went in the
    vault (``files``: :func:`vault_files`): the target of each link of that text as written → the id of the entry
    whose file the vault's link names (the first of each, as the journal indexes one target per name)."""
    if not record:  # as exported: every link names the file it went to, or nothing (code included: no harm)
        found: dict[str, str] = {}
        for target in candidate_targets(body):
            entry_id = files.get(_without_md(target.strip().lower()))
            if entry_id is not None:
                found[target] = entry_id
        return body, found
    before = find_links(body)
    if not before:
        return body, {}
    text = journal_text(body, record, before)
    after = before if text is body else find_links(text)
    if len(before) != len(after):
        return text, {}
    found = {}
    for old, new in zip(before, after, strict=True):
        entry_id = files.get(_without_md(_parts(body[old.start : old.end])[1].strip().lower()))
        if entry_id is not None:
            found.setdefault(new.target, entry_id)
    return text, found
