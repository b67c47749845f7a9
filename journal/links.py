"""Links between entries: where each ``[[link]]`` goes, what links to an entry, the broken ones, and renaming.

How they are stored (schema 0012), and why:

- The text is the truth. ``[[Title]]`` stays in the entry as the person wrote it (readable in every export, an
  Obsidian vault's syntax both ways); ids in the text would make every export and the editor unreadable.
- A link goes to the live entry whose **title** answers to its target (compared by ``link_key``: spacing, Unicode
  normalisation and case aside), else to one with that **alias**. Aliases are the ``aliases`` (or ``alias``) of an
  imported entry's kept front matter — the key Obsidian reads — kept in ``entry_aliases`` by triggers, so every
  writer keeps them right; values that look like addresses (``/old/path/``, Hugo's redirects) are not names.
- ``entry_links`` indexes each entry's links (one row per target key, in the write that changed its text) with the
  entry the link went to then: a **binding**. When several entries answer to one name, a link keeps going where it
  went (else to the oldest such entry), so a new entry or a rename never takes a link over. Titles are read live
  (an index on ``title COLLATE NOCASE``), so nothing needs updating when an entry is renamed, added or trashed.
- **Renaming** an entry rewrites ``[[Old title]]`` to ``[[New title]]`` in the live entries whose links went to it,
  in the same transaction, each keeping its old text as a revision (as Obsidian rewrites links when a note is
  renamed); their rows stay bound to the renamed entry.
- A writer that changes a text without indexing it (another program, a future sync) leaves the entry in
  ``links_pending`` (a trigger does that); readers then read its links from its text, and the next indexing write
  catches up. So the answers never depend on every writer knowing about links.

Not links: anything in code, code spans and HTML comments, a backslash-escaped ``\\[[``, a link to itself (it is not
counted among an entry's links or backlinks), and links from or to entries in the trash.

Reads use plain sqlite3 (``Journal.snapshot``) and load neither the ORM nor Markdown.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from journal.db import Journal
from journal.errors import EntryNotFound
from journal.markdown.wikilinks import WikiLink, can_name, find_links, format_link, link_key, probe_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from journal.models import EntryRow

TITLE, ALIAS = 0, 1  # how an entry answers to a name: a title wins over an alias
_PRELOAD_FROM = 300  # distinct names looked up at once from which reading every name once is cheaper
_SWEEP = 200  # pending entries a write indexes on the way


@dataclass(frozen=True, slots=True)
class Named:
    """An entry that answers to a name."""

    row_id: int
    uuid: str
    title: str
    created: str
    private: bool
    how: int  # TITLE or ALIAS
    day: str = ""


@dataclass(frozen=True, slots=True)
class StoredLink:
    """One link of a source, as indexed (or read from a pending entry's text): its target as written and binding."""

    source_id: int
    key: str
    tail_key: str
    target: str
    written: str
    bound: int | None


@dataclass(frozen=True, slots=True)
class LinkedEntry:
    """An entry at the other end of a link (a backlink's source, a link's target)."""

    id: str
    title: str
    day: dt.date
    private: bool
    row_id: int = 0


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A link that goes nowhere: the entry it is in, and the link as written (``Title|shown``)."""

    entry_id: str
    title: str
    link: str


def _tail_of(target: str) -> str:
    return WikiLink(0, 0, target).tail


class Names:
    """Looks names up over one connection, remembering what it found (a lookup is two indexed queries; past
    ``_PRELOAD_FROM`` names every title and alias is read once instead)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self._found: dict[str, list[Named]] = {}
        self._unicode: dict[str, list[Named]] | None = None
        self._all: dict[str, list[Named]] | None = None
        self._aliases: bool | None = None  # whether any entry has an alias (most journals have none)

    def preload(self) -> None:
        """Read every live title and alias once (for checking a whole journal)."""
        if self._all is not None:
            return
        found: dict[str, list[Named]] = {}
        for named, name in self._rows(
            "SELECT id, uuid, title, created, private, day, title FROM entries WHERE deleted_at IS NULL", (), TITLE
        ):
            found.setdefault(link_key(name), []).append(named)
        for named, name in self._alias_rows("", ()):
            found.setdefault(link_key(name), []).append(named)
        self._all = found

    def _rows(self, sql: str, params: Sequence[object], how: int) -> Iterable[tuple[Named, str]]:
        for rid, uuid, title, created, private, day, name in self.con.execute(sql, params):
            yield Named(int(rid), str(uuid), str(title), str(created), bool(private), how, str(day)), str(name)

    def _alias_rows(self, where: str, params: Sequence[object]) -> Iterable[tuple[Named, str]]:
        return self._rows(
            "SELECT e.id, e.uuid, e.title, e.created, e.private, e.day, a.alias FROM entry_aliases a "
            f"JOIN entries e ON e.id = a.entry_id WHERE e.deleted_at IS NULL{where}",
            params,
            ALIAS,
        )

    def answering(self, name: str) -> list[Named]:
        """The live entries that answer to ``name``: titles first, then aliases, each oldest first."""
        key = link_key(name)
        if self._all is not None:
            return sorted(self._all.get(key, []), key=_order)
        if key in self._found:
            return self._found[key]
        probe = probe_text(name)
        found = [
            n
            for n, title in self._rows(
                "SELECT id, uuid, title, created, private, day, title FROM entries "
                "WHERE title = ? COLLATE NOCASE AND deleted_at IS NULL",
                (probe,),
                TITLE,
            )
            if link_key(title) == key
        ]
        if self._aliases is None:
            self._aliases = self.con.execute("SELECT 1 FROM entry_aliases LIMIT 1").fetchone() is not None
        if self._aliases:
            found += [n for n, alias in self._alias_rows(" AND a.alias = ?", (probe,)) if link_key(alias) == key]
        if not found and not probe.isascii():
            # SQLite folds the case of ASCII letters only: other text ("ÉCONOMIE", a decomposed "é") is compared
            # with Unicode case folding over the (few) names that are not plain ASCII.
            found = list(self._unicode_names().get(key, []))
        found = sorted({n.row_id: n for n in found}.values(), key=_order)
        self._found[key] = found
        return found

    def _unicode_names(self) -> dict[str, list[Named]]:
        if self._unicode is None:
            names: dict[str, list[Named]] = {}
            not_ascii = " AND length(CAST({0} AS BLOB)) <> length({0})"
            for named, name in self._rows(
                "SELECT id, uuid, title, created, private, day, title FROM entries WHERE deleted_at IS NULL"
                + not_ascii.format("title"),
                (),
                TITLE,
            ):
                names.setdefault(link_key(name), []).append(named)
            for named, name in self._alias_rows(not_ascii.format("a.alias"), ()):
                names.setdefault(link_key(name), []).append(named)
            self._unicode = names
        return self._unicode

    def _candidates(self, target: str) -> list[Named]:
        found = self.answering(target)
        if not found:
            tail = _tail_of(target)
            if link_key(tail) != link_key(target):
                found = self.answering(tail)
        return found

    def shared(self, target: str) -> bool:
        """Whether a link to ``target`` could go to more than one entry: only then does its binding decide."""
        found = self._candidates(target)
        return len(found) > 1 and len({n.row_id for n in found}) > 1

    def resolve(self, target: str, bound: int | None = None) -> Named | None:
        """Where a link to ``target`` goes: the entry it is bound to while that entry still answers to the name,
        else the first that answers (a path-like target ``folder/Note.md`` also by its last part)."""
        found = self._candidates(target)
        if not found:
            return None
        if bound is not None:
            for named in found:
                if named.row_id == bound:
                    return named
        return found[0]


def _order(named: Named) -> tuple[int, str, int]:
    return (named.how, named.created, named.row_id)


# --- indexing (in the writer's transaction) ----------------------------------------------------------------------


def index_entries(
    con: sqlite3.Connection,
    row_ids: Iterable[int],
    bind: Mapping[int, Mapping[str, int]] | None = None,
    *,
    resolve: bool = True,
) -> None:
    """Index the links of these entries from their texts now, inside the caller's write transaction, and a few
    entries other writers left pending. ``bind``: for an entry, key → the entry its links of that key go to (a
    rename keeps the renamed entry's links bound to it). ``resolve=False`` (a bulk import): links keep the bindings
    they had and new ones get none, so readers resolve them by name (the binding only breaks ties)."""
    wanted = list(dict.fromkeys(row_ids))
    wanted += [
        int(r[0])
        for r in con.execute("SELECT entry_id FROM links_pending ORDER BY entry_id LIMIT ?", (_SWEEP,))
        if int(r[0]) not in wanted
    ]
    if not wanted:
        return
    names = Names(con)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        before: dict[int, dict[str, int | None]] = {}
        for rid, key, target in con.execute(
            f"SELECT source_id, key, target_id FROM entry_links WHERE source_id IN ({marks})", chunk
        ):
            before.setdefault(int(rid), {})[str(key)] = None if target is None else int(target)
        rows: list[tuple[object, ...]] = []
        for rid, body in con.execute(f"SELECT id, body FROM entries WHERE id IN ({marks})", chunk).fetchall():
            rows += _rows_of(names if resolve else None, int(rid), str(body or ""), (bind or {}).get(int(rid), {}),
                             before.get(int(rid), {}))  # fmt: skip
        con.execute(f"DELETE FROM entry_links WHERE source_id IN ({marks})", chunk)
        con.executemany(
            "INSERT INTO entry_links (source_id, key, tail_key, target, written, target_id, position) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        con.execute(f"DELETE FROM links_pending WHERE entry_id IN ({marks})", chunk)


def index_pending(con: sqlite3.Connection) -> None:
    """Index every entry whose text changed without its links being indexed (a bulk writer's batch: the import),
    without resolving them (readers do, by name)."""
    pending = [int(r[0]) for r in con.execute("SELECT entry_id FROM links_pending")]
    if pending:
        index_entries(con, pending, resolve=False)


def _rows_of(names: Names | None, rid: int, body: str, bind: Mapping[str, int], before: Mapping[str, int | None]
             ) -> list[tuple[object, ...]]:  # fmt: skip
    """The ``entry_links`` rows of one entry's text: each target key once, bound where it goes now (kept where it
    went before, while that entry still answers to the name); with no ``names``, bound as before, unchecked."""
    rows: list[tuple[object, ...]] = []
    seen: set[str] = set()
    for link in find_links(body):
        key = link.key
        if key in seen:
            continue
        seen.add(key)
        bound = bind.get(key, before.get(key))
        if names is not None:
            found = names.resolve(link.target, bound)
            bound = found.row_id if found is not None else None
        rows.append((rid, key, link.tail_key, link.target, link.written, bound, len(rows)))
    return rows


# --- reading -----------------------------------------------------------------------------------------------------


def _stored(con: sqlite3.Connection, where: str, params: Sequence[object]) -> list[StoredLink]:
    """Indexed links of live, indexed sources (``where`` on ``l``), in source and position order."""
    return [
        StoredLink(int(s), str(k), str(t), str(g), str(w), None if b is None else int(b))
        for s, k, t, g, w, b in con.execute(
            "SELECT l.source_id, l.key, l.tail_key, l.target, l.written, l.target_id FROM entry_links l "
            "JOIN entries s ON s.id = l.source_id WHERE s.deleted_at IS NULL "
            f"AND NOT EXISTS (SELECT 1 FROM links_pending p WHERE p.entry_id = l.source_id){where} "
            "ORDER BY l.source_id, l.position",
            params,
        )
    ]


def _pending(con: sqlite3.Connection, keys: set[str] | None = None) -> list[StoredLink]:
    """Links of live entries whose texts changed without being indexed, read from the texts (``keys``: only
    links whose key or tail key is one of these)."""
    found: list[StoredLink] = []
    for rid, body in con.execute(
        "SELECT e.id, e.body FROM links_pending p JOIN entries e ON e.id = p.entry_id WHERE e.deleted_at IS NULL "
        "ORDER BY e.id"
    ):
        bound = {str(k): (None if t is None else int(t)) for k, t in con.execute(
            "SELECT key, target_id FROM entry_links WHERE source_id = ?", (rid,))}  # fmt: skip
        seen: set[str] = set()
        for link in find_links(str(body or "")):
            if link.key in seen or (keys is not None and link.key not in keys and link.tail_key not in keys):
                continue
            seen.add(link.key)
            found.append(StoredLink(int(rid), link.key, link.tail_key, link.target, link.written, bound.get(link.key)))
    return found


def _has_pending(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT 1 FROM links_pending LIMIT 1").fetchone() is not None


def _row(con: sqlite3.Connection, entry_id: str) -> tuple[int, str, str, bool, str | None]:
    row = con.execute("SELECT id, title, body, deleted_at IS NOT NULL, kept_front_matter FROM entries WHERE uuid = ?",
                      (entry_id,)).fetchone()  # fmt: skip
    if row is None:
        raise EntryNotFound(entry_id)
    return int(row[0]), str(row[1]), str(row[2] or ""), bool(row[3]), row[4]


def names_of(con: sqlite3.Connection, row_id: int, title: str) -> set[str]:
    """The keys an entry answers to: its title's and its aliases'."""
    keys = {link_key(title)}
    keys.update(link_key(str(a)) for (a,) in con.execute("SELECT alias FROM entry_aliases WHERE entry_id = ?",
                                                         (row_id,)))  # fmt: skip
    return keys


def _linking(con: sqlite3.Connection, names: Names, row_id: int, keys: set[str]) -> list[StoredLink]:
    """The links (of other live entries) that go to entry ``row_id``, among those written with one of ``keys``."""
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    candidates = _stored(con, f" AND (l.key IN ({marks}) OR l.tail_key IN ({marks}))", [*keys, *keys])
    if _has_pending(con):
        candidates += _pending(con, keys)
    found = []
    for link in candidates:
        if link.source_id == row_id:
            continue
        target = names.resolve(link.target, link.bound)
        if target is not None and target.row_id == row_id:
            found.append(link)
    return found


def _linked(con: sqlite3.Connection, row_ids: Iterable[int]) -> list[LinkedEntry]:
    ids = list(dict.fromkeys(row_ids))
    found: dict[int, LinkedEntry] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for rid, uuid, title, day, private in con.execute(
            f"SELECT id, uuid, title, day, private FROM entries WHERE id IN ({marks})", chunk
        ):
            found[int(rid)] = LinkedEntry(str(uuid), str(title), dt.date.fromisoformat(str(day)), bool(private),
                                          int(rid))  # fmt: skip
    return [found[i] for i in ids if i in found]


def backlinks(journal: Journal, entry_id: str) -> list[LinkedEntry]:
    """The live entries that link to this one, newest day first (none for an entry in the trash: links to it are
    broken)."""
    with journal.snapshot() as con:
        return read_backlinks(con, entry_id)


def read_backlinks(con: sqlite3.Connection, entry_id: str) -> list[LinkedEntry]:
    row_id, title, _body, trashed, _kept = _row(con, entry_id)
    if trashed:
        return []
    sources = {link.source_id for link in _linking(con, Names(con), row_id, names_of(con, row_id, title))}
    found = _linked(con, sources)
    return sorted(found, key=lambda e: (e.day, e.row_id), reverse=True)


def links_from(journal: Journal, entry_id: str, text: str | None = None) -> list[LinkedEntry]:
    """The entries this one links to, in the order its text first names them (``text``: that text instead of the
    saved one, with the saved entry's bindings)."""
    with journal.snapshot() as con:
        return read_links_from(con, entry_id, text)


def read_links_from(con: sqlite3.Connection, entry_id: str, text: str | None = None) -> list[LinkedEntry]:
    row_id, _title, body, _trashed, _kept = _row(con, entry_id)
    found = _resolved(Names(con), body if text is None else text, _bindings(con, row_id))
    return _linked(con, [target.row_id for _, target in found if target is not None and target.row_id != row_id])


def _resolved(names: Names, text: str, bound: Mapping[str, int]) -> list[tuple[WikiLink, Named | None]]:
    """The links of ``text`` in order, each with the entry it goes to or None (``bound``: the source's bindings)."""
    return [(link, names.resolve(link.target, bound.get(link.key))) for link in find_links(text)]


def resolved_links(
    journal: Journal, texts: Mapping[str, str], unless: Callable[[str, Named], bool] | None = None
) -> dict[str, list[tuple[WikiLink, Named | None]]]:
    """For each live entry among ``texts`` (id → its text, as an export read it) with a link that goes to an entry,
    its links in order, each with where it goes (None: nowhere), as :func:`links_from` reads them (a link to the
    entry itself included): what a markdown export writes as links to files. In one read, for a whole journal.

    ``unless(target as written, entry)``: a link that needs nothing. An entry whose indexed links (its text as
    stored, each link with its own name) all need nothing or go nowhere is left out without its text being read
    again: most entries, whose links name titles as they are."""
    found: dict[str, list[tuple[WikiLink, Named | None]]] = {}
    with journal.snapshot() as con:
        names = Names(con)
        if len(texts) >= _PRELOAD_FROM:
            names.preload()
        ids = list(texts)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = con.execute(
                "SELECT e.id, e.uuid, e.body, EXISTS (SELECT 1 FROM links_pending p WHERE p.entry_id = e.id) "
                f"FROM entries e WHERE e.uuid IN ({marks}) AND e.deleted_at IS NULL",
                chunk,
            ).fetchall()
            if not rows:
                continue
            indexed: dict[int, list[tuple[str, str, int | None]]] = {}
            for rid, key, target, bound in con.execute(
                f"SELECT source_id, key, target, target_id FROM entry_links WHERE source_id IN "
                f"({','.join('?' * len(rows))})",
                [r[0] for r in rows],
            ):
                indexed.setdefault(int(rid), []).append((str(key), str(target), None if bound is None else int(bound)))
            for rid, uuid, body, pending in rows:
                text, stored = texts[uuid], indexed.get(int(rid), [])
                if unless is not None and not pending and body == text and text.count("[[") == len(stored):
                    # Each [[ is a link of its own name, as indexed: where each goes needs no reading of the text.
                    ends = [(target, names.resolve(target, bound)) for _, target, bound in stored]
                    if all(named is None or unless(target, named) for target, named in ends):
                        continue
                links = _resolved(names, text, {key: bound for key, _, bound in stored if bound is not None})
                if any(target is not None for _, target in links):
                    found[str(uuid)] = links
    return found


def bind_links(journal: Journal, bindings: Mapping[str, Mapping[str, str]]) -> int:
    """Make links go where an import says they went: ``bindings`` maps an entry's id to its links' targets as written
    and the id of the entry each went to. Only a name several entries answer to needs it (elsewhere the name alone
    decides); those sources are indexed again with their bindings. Returns how many were."""
    if not bindings:
        return 0
    with journal.writing_sql() as con:
        names = Names(con)
        if sum(map(len, bindings.values())) >= _PRELOAD_FROM:
            names.preload()
        shared = [(source, written, target) for source, targets in bindings.items()
                  for written, target in targets.items() if names.shared(written)]  # fmt: skip
        wanted = list({uuid for source, _, target in shared for uuid in (source, target)})
        rows: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows.update((str(u), int(r)) for u, r in con.execute(
                f"SELECT uuid, id FROM entries WHERE uuid IN ({marks}) AND deleted_at IS NULL", chunk))  # fmt: skip
        bind: dict[int, dict[str, int]] = {}
        for source, written, target in shared:
            source_row, target_row = rows.get(source), rows.get(target)
            if source_row is None or target_row is None:
                continue
            bound = names.resolve(written, target_row)
            if bound is not None and bound.row_id == target_row and names.resolve(written) != bound:
                bind.setdefault(source_row, {}).setdefault(link_key(written), target_row)
        if bind:
            index_entries(con, list(bind), bind)
    return len(bind)


def link_ids(journal: Journal, entry_id: str) -> tuple[list[str], list[str]]:
    """The ids of the entries this one links to (in its text's order) and of those that link to it (newest day
    first), read together: ``show --json``'s ``links`` and ``backlinks``."""
    with journal.snapshot() as con:
        return [e.id for e in read_links_from(con, entry_id)], [e.id for e in read_backlinks(con, entry_id)]


def _bindings(con: sqlite3.Connection, row_id: int) -> dict[str, int]:
    return {str(k): int(t) for k, t in con.execute(
        "SELECT key, target_id FROM entry_links WHERE source_id = ? AND target_id IS NOT NULL", (row_id,))}  # fmt: skip


def resolve_targets(journal: Journal, targets: Iterable[str], source_id: str | None = None) -> dict[str, Named | None]:
    """Where links to each of ``targets`` (as written) go from the entry ``source_id`` (its bindings), by key."""
    with journal.snapshot() as con:
        bound: dict[str, int] = {}
        if source_id is not None:
            row = con.execute("SELECT id FROM entries WHERE uuid = ?", (source_id,)).fetchone()
            if row is not None:
                bound = _bindings(con, int(row[0]))
        names = Names(con)
        found: dict[str, Named | None] = {}
        for target in targets:
            key = link_key(target)
            if key not in found:
                found[key] = names.resolve(target, bound.get(key))
        return found


def broken_links(journal: Journal) -> list[BrokenLink]:
    """Every link of a live entry that goes to no live entry, by entry (oldest first) and position."""
    with journal.snapshot() as con:
        links = _stored(con, "", ())
        if _has_pending(con):
            links += _pending(con)
        names = Names(con)
        if len({link.key for link in links}) >= _PRELOAD_FROM:
            names.preload()
        broken = [link for link in links if names.resolve(link.target, link.bound) is None]
        sources = {e.row_id: e for e in _linked(con, {link.source_id for link in broken})}
    return [
        BrokenLink(sources[b.source_id].id, sources[b.source_id].title, b.written)
        for b in sorted(broken, key=lambda b: b.source_id)
        if b.source_id in sources
    ]


def private_names(journal: Journal) -> set[str]:
    """The keys of every private entry's title and aliases, in the trash too: text publishing must never show."""
    with journal.snapshot() as con:
        titles = con.execute("SELECT title FROM entries WHERE private = 1").fetchall()
        aliases = con.execute(
            "SELECT a.alias FROM entry_aliases a JOIN entries e ON e.id = a.entry_id WHERE e.private = 1"
        ).fetchall()
    return {link_key(str(name)) for (name,) in [*titles, *aliases]}


@dataclass(frozen=True, slots=True)
class NameList:
    """Every name a link can use (live titles and aliases), for completing ``[[``: parallel lists, the newest
    entries first (by row). Read from the title index alone, so even 100,000 titles come in about 0.1 s."""

    keys: list[str]
    names: list[str]
    row_ids: list[int]
    hows: list[int]


def name_list(journal: Journal) -> NameList:
    """The names typing ``[[`` offers (:class:`NameList`); the details of those shown: :func:`entries_named`."""
    with journal.snapshot() as con:
        titles = con.execute("SELECT id, title, 0 FROM entries WHERE deleted_at IS NULL").fetchall()
        aliases = con.execute(
            "SELECT a.entry_id, a.alias, 1 FROM entry_aliases a JOIN entries e ON e.id = a.entry_id "
            "WHERE e.deleted_at IS NULL"
        ).fetchall()
    rows = [*titles, *aliases]
    rows.sort(reverse=True)  # by row id: the newest entries first
    rows = [r for r in rows if can_name(r[1])]
    return NameList([link_key(r[1]) for r in rows], [r[1] for r in rows], [r[0] for r in rows], [r[2] for r in rows])


def entries_named(journal: Journal, row_ids: Iterable[int]) -> dict[int, Named]:
    """The live entries with these row ids, as names of themselves (title, day, privacy), by row id."""
    ids = list(dict.fromkeys(row_ids))
    found: dict[int, Named] = {}
    with journal.snapshot() as con:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for rid, uuid, title, created, private, day in con.execute(
                f"SELECT id, uuid, title, created, private, day FROM entries WHERE id IN ({marks}) "
                "AND deleted_at IS NULL",
                chunk,
            ):
                found[int(rid)] = Named(int(rid), str(uuid), str(title), str(created), bool(private), TITLE, str(day))
    return found


# --- renaming (in the writer's ORM transaction) ------------------------------------------------------------------


def raw_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under an ORM session's transaction."""
    return session.connection().connection.driver_connection  # type: ignore[return-value]


def linking_sources(con: sqlite3.Connection, row_id: int, title: str) -> list[int]:
    """The live entries (others) whose links written with ``title`` go to entry ``row_id``: what a rename rewrites.
    Asked before the title changes."""
    names = Names(con)
    return list(dict.fromkeys(link.source_id for link in _linking(con, names, row_id, {link_key(title)})))


def rewrite_for_rename(body: str, old_title: str, new_title: str, targets: Mapping[str, int | None],
                       names: Names, row_id: int) -> str:  # fmt: skip
    """``body`` with its links written with ``old_title`` (or a path ending in it) that go to ``row_id`` written with
    ``new_title`` instead. ``targets``: the source's bindings, by key."""
    old_key = link_key(old_title)

    def replace(link: WikiLink) -> str | None:
        if old_key not in (link.key, link.tail_key):
            return None
        found = names.resolve(link.target, targets.get(link.key))
        if found is None or found.row_id != row_id:
            return None
        return format_link(link, new_title)

    from journal.markdown.wikilinks import rewrite_links

    return rewrite_links(body, replace)


def rename_in_sources(session: Session, row: EntryRow, old_title: str, sources: Sequence[int],
                      now: dt.datetime) -> list[int]:  # fmt: skip
    """After ``row`` was renamed from ``old_title`` (its new title flushed): rewrite the links in ``sources`` that
    went to it, each source keeping its old text as a revision and counting as changed now. Returns the sources
    rewritten. The links of an entry in the trash are left as they are (it is read-only)."""
    from journal.markdown.words import count_words
    from journal.models import EntryRow
    from journal.revisions import keep_revision

    if not sources or not can_name(row.title) or old_title == row.title:
        return []
    con = raw_connection(session)
    # The names as they were: the renamed entry answered to its old title, and its links were resolved then.
    rewritten: list[int] = []
    for source in session.query(EntryRow).filter(EntryRow.id.in_(list(sources))).all():
        if source.deleted_at is not None or source.id == row.id:
            continue
        bound = {str(k): (None if t is None else int(t)) for k, t in con.execute(
            "SELECT key, target_id FROM entry_links WHERE source_id = ?", (source.id,))}  # fmt: skip
        text = rewrite_for_rename(source.body, old_title, row.title, bound, _RenamedNames(con, row, old_title),
                                  row.id)  # fmt: skip
        if text == source.body:
            continue
        keep_revision(session, source, now)
        source.body = text
        source.word_count = count_words(text)
        source.updated = now
        rewritten.append(source.id)
    session.flush()
    return rewritten


def after_text_change(session: Session, row: EntryRow, old_body: str, old_title: str | None,
                      linking: Sequence[int], now: dt.datetime) -> None:  # fmt: skip
    """In the writer's transaction, after an entry's title or text changed: rewrite the links to it when it was
    renamed from ``old_title`` (``linking``: :func:`linking_sources`, asked before), and index what changed."""
    session.flush()
    rewritten = rename_in_sources(session, row, old_title, linking, now) if old_title is not None else []
    changed = [row.id] if "[[" in row.body or "[[" in old_body else []
    if changed or rewritten:
        key = link_key(row.title)
        index_entries(raw_connection(session), [*changed, *rewritten], {s: {key: row.id} for s in rewritten})


class _RenamedNames(Names):
    """Names as they were before ``row`` was renamed: it still answers to ``old_title``."""

    def __init__(self, con: sqlite3.Connection, row: EntryRow, old_title: str) -> None:
        super().__init__(con)
        self._renamed = row
        self._old_key = link_key(old_title)
        self._new_key = link_key(row.title)

    def answering(self, name: str) -> list[Named]:
        found = [n for n in super().answering(name) if not (n.row_id == self._renamed.id and n.how == TITLE)]
        if link_key(name) == self._old_key:
            from journal.models import db_timestamp

            row = self._renamed
            found.append(Named(row.id, row.uuid, row.title, db_timestamp(row.created), row.private, TITLE))
            found.sort(key=_order)
        return found
