"""One note file from another tool (or from a Trailbook markdown export) made into an entry.

The rules every note-based importer shares, in one place:

- **Front matter** in YAML (``---``), TOML (``+++``) or JSON (``{``); without any, a leading block of ``Key: value``
  lines (Notion's property table under the title, a NotionNext page copy) is read as properties.
- **Title**: the front matter's (or the tool's), else the first heading, else the file name (a page bundle's folder
  name; a leading date and Notion's id suffix left out). Never a first paragraph, never a property name.
- **Date**: from the front matter or the tool's own field, with its offset; else the date in the file name; else the
  file's own time. The rule that dated each entry is reported (``dated_by``).
- **Nothing said is lost**: keys Trailbook has no field for are kept with the entry (``kept``).
- **Tags**: the front matter's, and for Obsidian inline ``#tags`` outside code too.
- **Images**: ``![](relative/path.png)``, ``<img src>``, Obsidian's ``![[image.png]]`` and Hugo's ``figure`` become
  attachments; their references are rewritten to ``attachments/<sha256>.<ext>``. ``[[links]]`` stay as written.
- **Mojibake** is repaired and reported (``repair``), except in Trailbook's own exports, taken byte for byte.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import uuid as uuidlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from journal import frontmatter
from journal.dates import format_timestamp
from journal.errors import InvalidInput, require_utf8, shown
from journal.records import MAX_TITLE_LEN, title_from_body
from journal.tags import normalize_name
from journal.transfer.common import (
    CONTENT_NAMESPACE,
    ENTRY_KEYS,
    IncomingEntry,
    entry_from_mapping,
    kept_json,
)
from journal.transfer.entry_form import KIND_KEY
from journal.transfer.repair import repair
from journal.transfer.tree import Member, SourceTree, Unreadable
from journal.transfer.when import parse_when

NOTE_SUFFIXES = {".md", ".markdown", ".mdown", ".txt"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"}
TITLE_KEYS = ("title", "name")
DATE_KEYS = ("date", "created", "created_at", "created time", "date created", "creation date", "publishdate",
             "published", "pubdate", "created_time", "user_created_time")  # fmt: skip
UPDATED_KEYS = ("updated", "lastmod", "modified", "last edited time", "last_modified", "updated_at", "date modified",
                "updated_time", "user_updated_time")  # fmt: skip
TAG_KEYS = ("tags", "tag")
_DAY_IN_NAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_ T.]+|$)")
_NOTION_ID_RE = re.compile(r"\s+[0-9a-f]{32}$")
_HEADING_LINE_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(\S.*?)[ \t]*#*[ \t]*$")
_H1_RE = re.compile(r"^ {0,3}#[ \t]+(\S.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_PROPERTY_RE = re.compile(r"^([A-Za-z][\w .\-]{0,30}?):[ \t]+(\S.*?)[ \t]*$")
PROPERTY_NAMES = {"title", "type", "status", "date", "created", "tags", "tag", "slug", "summary", "category",
                  "created time", "last edited time", "name", "updated", "published", "author", "url"}  # fmt: skip
_INLINE_TAG_RE = re.compile(r"(?<![\w/&#(\[\]`])#([^\W\d][\w/\-]*|\d+[^\W\d][\w/\-]*)")
_WIKI_EMBED_RE = re.compile(r"!\[\[([^\]\|#\n]+)(?:#[^\]\|\n]*)?(?:\|([^\]\n]*))?\]\]")
_FIGURE_RE = re.compile(r"(\{\{[<%]\s*figure\b[^}]*?\bsrc\s*=\s*\")([^\"]+)(\")")
_EXTERNAL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
_SIZE_RE = re.compile(r"^\d+(?:x\d+)?$")
TOOL_LINKS = ("dayone-moment:", ":/")  # a tool's own image references: a note when their file is missing


@dataclass(frozen=True)
class NoteStyle:
    """What differs between the tools whose notes this module reads."""

    tool: str = "markdown"
    ours: bool = False  # a Trailbook markdown export: text taken byte for byte, front matter strict
    inline_tags: bool = False  # Obsidian's #tags in the text
    wiki_embeds: bool = False  # Obsidian's ![[image.png]]
    space_tags: bool = False  # "tags: a b" is two tags (Jekyll, Obsidian)
    properties: bool = True  # a leading "Key: value" block is properties
    site_roots: tuple[str, ...] = ()  # where a site-rooted "/images/x.png" is looked for ("static" for Hugo)
    figures: bool = False  # Hugo's {{< figure src="..." >}}
    name_titles: bool = False  # Obsidian: the file name is the title (a heading is a section), unless front matter
    # A tool's own image references (Joplin's ":/<id>", Day One's "dayone-moment://<id>") → the file in the tree.
    resolve: Callable[[str], str | None] | None = None


@dataclass
class Media:
    """The images of one import: each file read and hashed once however many notes show it."""

    tree: SourceTree
    names: dict[str, str | None] = field(default_factory=dict)  # tree path → stored name (None: unusable)
    reasons: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def attach(self, path: str) -> str | None:
        """The stored name of the image at ``path`` in the tree, or None (``reasons[path]`` says why)."""
        from journal.attachments import attachment_name

        self.used.add(path)
        if path not in self.names:
            member = self.tree.get(path)
            try:
                if member is None:
                    raise InvalidInput("not in the source")
                self.names[path] = attachment_name(member.read(), member.suffix)
            except InvalidInput as exc:
                self.names[path] = None
                self.reasons[path] = exc.message
        return self.names[path]


@dataclass
class Found:
    """What one note collected on the way: images, notes for the report."""

    attachments: dict[str, Callable[[], bytes]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def decode_note(data: bytes, *, ours: bool = False) -> str:
    """A note's bytes as text; ``InvalidInput`` for binary files and invalid UTF-8 (named by byte and offset)."""
    if not ours and b"\x00" in data[:8192]:
        raise InvalidInput("binary file, not markdown")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def take_properties(body: str, *, loose: bool = True) -> tuple[dict[str, str], str]:
    """A block of ``Key: value`` lines at the top (after an optional ``# Title`` and blank lines), as Notion writes a
    page's properties and a NotionNext page copy starts, and the body without it. ``loose``: without a heading
    first, the block needs a known property name, so a note that starts "Note: call Ann" stays text."""
    lines = body.splitlines(keepends=True)
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    heading = i < len(lines) and _HEADING_LINE_RE.match(lines[i].rstrip("\r\n"))
    start = i + 1 if heading else i
    j = start
    while j < len(lines) and not lines[j].strip():
        j += 1
    props: dict[str, str] = {}
    k = j
    while k < len(lines) and (match := _PROPERTY_RE.match(lines[k].rstrip("\r\n"))):
        props[match.group(1).strip()] = match.group(2)
        k += 1
    if not props or (k < len(lines) and lines[k].strip()):
        return {}, body  # no block, or it runs into text: a paragraph that happens to hold a colon
    known = {name.lower() for name in props} & PROPERTY_NAMES
    if not heading and (len(props) < 2 or (loose and not known)):
        return {}, body
    rest = lines[k:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    kept_head = "".join(lines[:start])
    if heading and rest:
        kept_head += "\n"
    return props, kept_head + "".join(rest)


def first_heading(body: str) -> str | None:
    """The first heading when it opens the text, else the first level-one heading outside code: the title a note
    gives itself."""
    for line in body.splitlines():
        if not line.strip():
            continue
        match = _HEADING_LINE_RE.match(line)
        if match:
            return _clean_title(title_from_body(line))
        break
    fences = [m.start() for m in _FENCE_RE.finditer(body)]
    for match in _H1_RE.finditer(body):
        if sum(1 for f in fences if f < match.start()) % 2 == 0:
            return _clean_title(title_from_body(match.group(0)))
    return None


def _clean_title(text: str) -> str:
    return " ".join(text.split())[:MAX_TITLE_LEN].rstrip()


def title_from_name(path: str) -> str:
    """A title from a file name: a page bundle's (``post/index.md``) folder name, without a leading date or Notion's
    32-digit id; a slug's hyphens as spaces."""
    pure = PurePosixPath(path)
    stem = pure.stem
    if stem.lower() in ("index", "readme") and pure.parent.name:
        stem = pure.parent.name
    stem = _NOTION_ID_RE.sub("", stem)
    day = _DAY_IN_NAME_RE.match(stem)
    rest = stem[day.end() :] if day else stem
    if rest and " " not in rest.strip():
        rest = re.sub(r"[-_]+", " ", rest)
    return _clean_title(rest) or _clean_title(stem) or "Untitled"


def day_from_name(path: str) -> dt.date | None:
    pure = PurePosixPath(path)
    for name in (pure.stem, pure.parent.name if pure.stem.lower() in ("index", "readme") else ""):
        match = _DAY_IN_NAME_RE.match(name)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None


def _lookup(meta: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str, Any] | None:
    lowered = {key.lower().strip(): key for key in meta}
    for name in names:
        key = lowered.get(name)
        if key is not None and meta[key] not in (None, ""):
            return key, meta[key]
    return None


def tag_names(value: object, *, spaces: bool = False) -> tuple[list[str], list[str]]:
    """Tag names from a front matter value (a list, or text split on commas, and on spaces for ``spaces``), without
    ``#`` or jrnl's ``@``; and the notes on names left out."""
    if value is None:
        return [], []
    if isinstance(value, str):
        parts = value.split(",") if "," in value or not spaces else value.split()
    elif isinstance(value, list | tuple):
        parts = [v for v in value if v is not None]
    else:
        parts = [value]
    names, notes = [], []
    for part in parts:
        if not isinstance(part, str | int | float) or isinstance(part, bool):
            notes.append(f"tag {shown(part)} left out: not a name")
            continue
        text = str(part).strip().lstrip("#@").strip()
        if not text:
            continue
        require_utf8(text, "a tag")  # text that cannot be stored skips the note, as any such field does
        try:
            names.append(normalize_name(text))
        except InvalidInput as exc:
            notes.append(f"tag {shown(text)} left out: {exc.message}")
    return names, notes


def inline_tags(body: str) -> list[str]:
    """Obsidian's inline ``#tags``: outside code, links and headings' own ``#``; digits alone are no tag."""
    if "#" not in body:
        return []
    from journal.markdown.source import Protected

    protected = Protected(body)
    found = []
    for match in _INLINE_TAG_RE.finditer(body):
        if not protected.overlaps(match.start(), match.end()):
            found.append(match.group(1).rstrip("/-"))
    return found


def _resolve_path(tree: SourceTree, note_folder: str, target: str, style: NoteStyle, *, by_name: bool) -> str | None:
    """The tree path an image reference in a note points to, or None."""
    target = target.strip()
    if style.resolve is not None:
        special = style.resolve(target)
        if special is not None:
            return special
    if not target or _EXTERNAL_RE.match(target):
        return None
    clean = unquote(target.split("?")[0]).replace("\\", "/")
    candidates = []
    if clean.startswith("/"):
        candidates += [posixpath.normpath(f"{root}/{clean.lstrip('/')}".lstrip("/")) for root in style.site_roots]
        clean = clean.lstrip("/")
    candidates += [posixpath.normpath(posixpath.join(note_folder, clean)), posixpath.normpath(clean)]
    for candidate in candidates:
        if not candidate.startswith("../") and candidate != ".." and tree.get(candidate) is not None:
            return candidate
    if by_name:
        found = tree.by_name(PurePosixPath(clean).name)
        if found:
            return found[0]
    return None


def rewrite_images(body: str, member: Member, tree: SourceTree, media: Media, style: NoteStyle, found: Found) -> str:
    """Every image reference of the note that leads to a file in the source, as an attachment."""
    from journal.markdown.images import rewrite_image_links

    def use(target: str, *, by_name: bool = False) -> str | None:
        path = _resolve_path(tree, member.folder, target, style, by_name=by_name)
        if path is None:
            tool_link = target.startswith(TOOL_LINKS)
            if tool_link or (
                target and not _EXTERNAL_RE.match(target.strip()) and not target.startswith("attachments/")
            ):
                found.notes.append(f"image {shown(target)} not found in the source")
            return None
        name = media.attach(path)
        if name is None:
            found.notes.append(f"image {path} left as a link: {media.reasons.get(path, 'not usable')}")
            return None
        found.attachments[name] = tree.members[path].read
        return f"attachments/{name}"

    # A Trailbook export holds no images but its attachments/: only links there can change.
    look = "attachments/" in body if style.ours else ("](" in body or "<img" in body.lower() or "]:" in body)
    if look:
        body = rewrite_image_links(body, use)
    if style.wiki_embeds and "![[" in body:
        from journal.markdown.source import Protected

        protected = Protected(body)

        def embed(match: re.Match[str]) -> str:
            target, alias = match.group(1).strip(), (match.group(2) or "").strip()
            if protected.overlaps(match.start(), match.end()) or PurePosixPath(target).suffix.lower() not in (
                IMAGE_SUFFIXES
            ):
                return match.group(0)  # an embedded note (or code): a link, kept as written
            link = use(target, by_name=True)
            if link is None:
                return match.group(0)
            alt = "" if _SIZE_RE.match(alias) else alias.replace("]", "")
            return f"![{alt}]({link})"

        body = _WIKI_EMBED_RE.sub(embed, body)
    if style.figures and "figure" in body:
        body = _FIGURE_RE.sub(lambda m: m.group(1) + (use(m.group(2)) or m.group(2)) + m.group(3), body)
    return body


def _kept_images(value: Any, use: Callable[[str], str | None]) -> Any:
    """Front matter values naming an image in the source (a cover, ``images:``, PaperMod's ``cover.image``) point at
    its attachment."""
    if isinstance(value, str) and PurePosixPath(value.split("?")[0]).suffix.lower() in IMAGE_SUFFIXES:
        return use(value) or value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [_kept_images(v, use) for v in value]
    if isinstance(value, Mapping):
        return {k: _kept_images(v, use) if isinstance(v, str) else v for k, v in value.items()}
    return value


def read_note(
    member: Member, tree: SourceTree, media: Media, style: NoteStyle, defaults: Mapping[str, Any] | None = None
) -> IncomingEntry:
    """One note as an entry; ``InvalidInput`` (or ``Unreadable``) with the reason to skip it. ``defaults``: properties
    from elsewhere (a Notion database's CSV row) for the keys the note itself does not have."""
    text = decode_note(member.read(), ours=style.ours)
    repairs: tuple[str, ...] = ()
    if not style.ours:
        fixed = repair(text)
        if fixed.changed:
            text, repairs = fixed.text, (fixed.describe(),)
    fmt, meta, body = frontmatter.parse_any(text)
    if "draft" in meta and not isinstance(meta["draft"], bool):
        raise InvalidInput(f"draft must be true or false, got {shown(meta['draft'])}")
    found = Found()
    seed = str(uuidlib.uuid5(CONTENT_NAMESPACE, "file:" + member.seed))
    if style.ours:
        entry = _ours(member, meta, body, fmt is not None, seed, tree, media, style, found)
    else:
        if fmt is None and style.properties:
            props, body = take_properties(body, loose=not defaults)
            meta, fmt = props, ("properties" if props else None)
        if defaults:
            have = {k.lower() for k in meta}
            meta = {**meta, **{k: v for k, v in defaults.items() if k.lower() not in have}}
            fmt = fmt or "properties"
        entry = _foreign(member, meta, body, fmt, seed, tree, media, style, found)
    return replace(
        entry,
        attachments=tuple(found.attachments.items()),
        source=member.path,
        repairs=repairs,
        notes=tuple(found.notes) + entry.notes,
    )


def _file_time(member: Member) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(member.mtime, dt.UTC)
    except (ValueError, OverflowError, OSError):  # a modification time past the year 9999 on some file systems
        raise InvalidInput("the file's modification time is out of range; give it a date in front matter") from None


def _ours(member: Member, meta: dict[str, Any], body: str, had_meta: bool, seed: str, tree: SourceTree,
          media: Media, style: NoteStyle, found: Found) -> IncomingEntry:  # fmt: skip
    """A file of a Trailbook markdown export: its front matter is Trailbook's own, read strictly."""
    if isinstance(meta.get("tags"), str):
        meta["tags"] = [t.strip() for t in meta["tags"].split(",") if t.strip()]
    file_time = _file_time(member)
    if "date" not in meta:
        day = day_from_name(member.path)
        meta["date"] = day.isoformat() if day else file_time.astimezone().date().isoformat()
    if isinstance(meta.get("date"), dt.datetime) and "created" not in meta:
        meta["created"] = meta["date"]
    meta.setdefault("created", format_timestamp(file_time))
    meta.setdefault("updated", meta["created"] if had_meta else format_timestamp(file_time))
    # The export points a trashed file's kept images one folder up (../attachments/…): they are attachments/… again.
    ours = ENTRY_KEYS | {KIND_KEY}  # a plain "kind" is the person's own, kept (entry_form.KIND_KEY)
    kept = {k: (v[3:] if isinstance(v, str) and v.startswith("../attachments/") else v)
            for k, v in meta.items() if k not in ours}  # fmt: skip
    meta = {k: v for k, v in meta.items() if k in ours}
    meta["body"] = rewrite_images(body, member, tree, media, style, found)
    if kept:
        meta["front_matter"] = kept
    return entry_from_mapping(meta, default_id_seed=seed, kind_key=KIND_KEY,
                              dated_by="front matter date" if had_meta else "file name")  # fmt: skip


def _foreign(member: Member, meta: dict[str, Any], body: str, fmt: str | None, seed: str, tree: SourceTree,
             media: Media, style: NoteStyle, found: Found) -> IncomingEntry:  # fmt: skip
    """A note of another tool: the module's title, date, tag and image rules."""
    where = "property" if fmt == "properties" else "front matter"
    used: set[str] = set()
    notes: list[str] = []

    title_item = _lookup(meta, TITLE_KEYS)
    title = ""
    if title_item and isinstance(title_item[1], str | int | float) and not isinstance(title_item[1], bool):
        title = _clean_title(require_utf8(str(title_item[1]), "title"))
        used.add(title_item[0])
    if not title and style.name_titles:
        title = _clean_title(PurePosixPath(member.path).stem)
    title = title or first_heading(body) or title_from_name(member.path)

    day, created, dated_by = None, None, ""
    for name in DATE_KEYS:
        item = _lookup(meta, (name,))
        if item is None:
            continue
        when = parse_when(item[1])
        if when is None:
            notes.append(f"{where} {item[0]} {shown(item[1])} is not a date")
            continue
        used.add(item[0])
        if day is None:
            day, created = when
            dated_by = f"{where} {item[0]}"
        elif created is None and when[1] is not None and when[0] == day:
            created = when[1]  # "date: 2024-03-14" with "created: 2024-03-14T08:30": the time from the second
    file_time = _file_time(member)
    if day is None:
        day = day_from_name(member.path)
        dated_by = "file name"
    if day is None:
        day, dated_by = file_time.astimezone().date(), "file time (the source has no date)"
    if created is None:
        created = dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)
    updated = None
    item = _lookup(meta, UPDATED_KEYS)
    if item is not None and (when := parse_when(item[1])) is not None:
        used.add(item[0])
        updated = when[1] or dt.datetime.combine(when[0], dt.time(12, 0), tzinfo=dt.UTC)
    if updated is None:
        updated = max(created, file_time)

    tags: list[str] = []
    for name in TAG_KEYS:
        item = _lookup(meta, (name,))
        if item is not None:
            names, tag_notes = tag_names(item[1], spaces=style.space_tags or fmt == "properties")
            tags += names
            notes += tag_notes
            used.add(item[0])
    if style.inline_tags:
        names, tag_notes = tag_names(inline_tags(body))
        tags += names
        notes += tag_notes
    clean_tags: list[str] = []
    for tag in tags:
        if tag.lower() not in {t.lower() for t in clean_tags}:
            clean_tags.append(tag)

    private = False
    item = _lookup(meta, ("private",))
    if item is not None:
        if not isinstance(item[1], bool):
            raise InvalidInput(f"private must be true or false, got {shown(item[1])}")
        private = item[1]
        used.add(item[0])
    summary = ""
    item = _lookup(meta, ("summary",))
    if item is not None and isinstance(item[1], str):
        summary = require_utf8(item[1], "summary")
        used.add(item[0])
    slug = None
    item = _lookup(meta, ("slug",))
    if item is not None and isinstance(item[1], str) and item[1].strip():
        slug = require_utf8(item[1].strip(), "slug")
        used.add(item[0])
    entry_id = seed
    item = _lookup(meta, ("id",))
    if item is not None and isinstance(item[1], str):
        try:
            entry_id = str(uuidlib.UUID(item[1].strip()))
            used.add(item[0])
        except ValueError:
            pass  # another tool's id: kept as it was

    body = rewrite_images(body, member, tree, media, style, found)
    kept = {k: v for k, v in meta.items() if k not in used}
    if style.tool == "obsidian":
        kept = _file_name_alias(kept, member.path, title or "Untitled")
    if kept and (style.site_roots or style.wiki_embeds):
        kept = {
            k: _kept_images(v, lambda t: _kept_image(t, member, tree, media, style, found)) for k, v in kept.items()
        }
    return IncomingEntry(
        id=entry_id,
        title=title or "Untitled",
        body=body,
        day=day,
        created=created,
        updated=updated,
        tags=tuple(sorted(clean_tags, key=str.lower)),
        private=private,
        summary=summary,
        slug=slug,
        kept=kept_json(kept),
        dated_by=dated_by,
        notes=tuple(notes),
    )


def _file_name_alias(kept: dict[str, Any], path: str, title: str) -> dict[str, Any]:
    """Obsidian links a note by its file name (``[[Latency]]`` for ``Latency.md``): when the title comes from
    elsewhere (front matter, a heading), the name joins the note's aliases, so its links keep resolving."""
    from journal.markdown.wikilinks import can_name, link_key

    name = PurePosixPath(path).stem
    aliases = kept.get("aliases")
    have = [aliases] if isinstance(aliases, str) else list(aliases) if isinstance(aliases, list) else []
    if not can_name(name) or link_key(name) in {link_key(str(a)) for a in [title, *have]}:
        return kept
    if aliases is not None and not isinstance(aliases, str | list):
        return kept  # something else than names: left as it was
    return {**kept, "aliases": [*have, name]}


def _kept_image(target: str, member: Member, tree: SourceTree, media: Media, style: NoteStyle,
                found: Found) -> str | None:  # fmt: skip
    path = _resolve_path(tree, member.folder, target, style, by_name=style.wiki_embeds)
    name = media.attach(path) if path else None
    if name is None or path is None:
        return None
    found.attachments[name] = tree.members[path].read
    return f"attachments/{name}"


def read_notes(tree: SourceTree, media: Media, style: NoteStyle, members: list[Member],
               skipped: list[tuple[str, str]]) -> list[IncomingEntry]:  # fmt: skip
    """Each note of ``members`` as an entry; a note that cannot be used is skipped with its reason."""
    entries = []
    for member in members:
        try:
            entries.append(read_note(member, tree, media, style))
        except (InvalidInput, Unreadable) as exc:
            skipped.append((member.path, exc.message))
    return entries
