"""Roadmaps as data: parse and validate roadmap YAML into frozen dataclasses, write them back, compare two versions.

A roadmap is a list of skill areas, each with ordered milestones. An area's id is also the skill-area tag that entries
use, so ids are short, lowercase and stable. The format is documented in ``docs/roadmap-format.md``.

Validation works on the YAML node tree (``yaml.compose``), not on loaded Python objects, so every problem can name the
file, the 1-based line and the field path (``research.yaml:14: areas[2].milestones[0].title: required field
missing``), and so duplicate mapping keys, which PyYAML would silently collapse, are caught. All problems are collected
and reported together in one ``RoadmapError``; nothing is returned half-loaded.

Pure Python: no Qt, no database.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from journal.errors import InvalidInput

__all__ = [
    "ID_PATTERN",
    "MAX_ROADMAP_BYTES",
    "Area",
    "Milestone",
    "MovedMilestone",
    "Renamed",
    "Resource",
    "Roadmap",
    "RoadmapDiff",
    "RoadmapError",
    "RoadmapProblem",
    "builtin_roadmap",
    "diff_roadmaps",
    "dump_roadmap",
    "is_valid_id",
    "load_roadmap",
    "parse_roadmap",
]

#: Ids of roadmaps, areas and milestones: 2-64 characters of a-z, 0-9 and "-", with a letter or digit at both ends.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$")
#: A roadmap file larger than this is refused before parsing (a real one is a few tens of KiB).
MAX_ROADMAP_BYTES = 1024 * 1024
#: At most this many problems are spelled out in ``RoadmapError``'s message; all are kept in ``.problems``.
MAX_LISTED_PROBLEMS = 20

BUILTIN_ROADMAP_FILE = "research-to-mle.yaml"

_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_COLOUR_COMMENT_RE = re.compile(r"^#[0-9a-fA-F]{3,8}\b")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_ALLOWED_CONTROLS = frozenset("\t\n")

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_SCALAR_KINDS = {
    _STR: "a string",
    _INT: "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    _NULL: "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:binary": "binary data",
}

# ---------------------------------------------------------------------------------------------------------------------
# The data


@dataclass(frozen=True)
class Resource:
    """A link to read or watch for a milestone: a title and an http(s) URL."""

    title: str
    url: str


@dataclass(frozen=True)
class Milestone:
    """One checkable accomplishment inside an area; ``done_when`` says what evidence shows it is done."""

    id: str
    title: str
    done_when: str = ""
    resources: tuple[Resource, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "resources", tuple(self.resources))


@dataclass(frozen=True)
class Area:
    """A skill area of a roadmap; its ``id`` is the tag name entries use. ``colour`` None lets the app pick one."""

    id: str
    name: str
    colour: str | None = None
    description: str = ""
    milestones: tuple[Milestone, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "milestones", tuple(self.milestones))


@dataclass(frozen=True)
class Roadmap:
    """A whole roadmap: ordered areas, each with ordered milestones. ``version`` is the author's revision number."""

    id: str
    title: str
    description: str = ""
    version: int | None = None
    areas: tuple[Area, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "areas", tuple(self.areas))

    def area(self, area_id: str) -> Area | None:
        """The area with this id, or None."""
        return next((a for a in self.areas if a.id == area_id), None)

    def milestone(self, milestone_id: str) -> tuple[Area, Milestone] | None:
        """The milestone with this id together with the area holding it, or None."""
        for a in self.areas:
            for m in a.milestones:
                if m.id == milestone_id:
                    return a, m
        return None

    @property
    def milestone_count(self) -> int:
        """How many milestones the roadmap has across all areas."""
        return sum(len(a.milestones) for a in self.areas)


# ---------------------------------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class RoadmapProblem:
    """One mistake in a roadmap file: where it is (file, 1-based line, field path) and what is wrong."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class RoadmapError(InvalidInput):
    """A roadmap file that cannot be used; ``problems`` lists every mistake found, in file order."""

    def __init__(self, source: str, problems: Sequence[RoadmapProblem]) -> None:
        self.source = source
        self.problems: tuple[RoadmapProblem, ...] = tuple(problems)
        lines = [str(p) for p in self.problems[:MAX_LISTED_PROBLEMS]]
        if len(self.problems) > MAX_LISTED_PROBLEMS:
            lines.append(f"... and {len(self.problems) - MAX_LISTED_PROBLEMS} more")
        if len(self.problems) == 1:
            message = lines[0]
        else:
            message = "\n".join([f"{len(self.problems)} problems in the roadmap {source}:", *lines])
        super().__init__(message)


# ---------------------------------------------------------------------------------------------------------------------
# Parsing


def is_valid_id(value: str) -> bool:
    """Whether ``value`` may be used as a roadmap, area or milestone id."""
    return bool(ID_PATTERN.match(value))


def parse_roadmap(text: str, source: str = "<roadmap>") -> Roadmap:
    """Parse and validate roadmap YAML; ``source`` names the file in messages. Raises ``RoadmapError``."""
    if len(text) > MAX_ROADMAP_BYTES:
        raise RoadmapError(
            source,
            [RoadmapProblem(source, None, "", f"the roadmap is too large ({len(text)} characters; at most 1 MiB)")],
        )
    checker = _Checker(source, text)
    root = checker.compose()
    roadmap = checker.roadmap(root) if root is not None else None
    if checker.problems or roadmap is None:
        raise RoadmapError(source, sorted(checker.problems, key=lambda p: p.line or 0))
    return roadmap


def load_roadmap(path: Path) -> Roadmap:
    """Read a roadmap file (strict UTF-8, a leading BOM is allowed) and parse it. Raises ``RoadmapError``."""
    source = path.name or str(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_ROADMAP_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise RoadmapError(source, [RoadmapProblem(source, None, "", f"cannot read the file ({reason})")]) from exc
    if len(data) > MAX_ROADMAP_BYTES:
        raise RoadmapError(
            source, [RoadmapProblem(source, None, "", "the file is too large for a roadmap (over 1 MiB)")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        message = f"not valid UTF-8 (byte 0x{bad} at column {column}); save the file as UTF-8 and try again"
        raise RoadmapError(source, [RoadmapProblem(source, line, "", message)]) from None
    return parse_roadmap(text, source)


@functools.cache
def builtin_roadmap() -> Roadmap:
    """The roadmap shipped with Trailbook, "From research to ML engineering"."""
    resource = files("resources.roadmaps").joinpath(BUILTIN_ROADMAP_FILE)
    return parse_roadmap(resource.read_text(encoding="utf-8"), BUILTIN_ROADMAP_FILE)


class _Loader(yaml.SafeLoader):
    """A safe loader that remembers where aliases (``*name``) are used, so they can be refused with a line number."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_marks: list[yaml.Mark] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self.alias_marks.append(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _describe(node: Node) -> str:
    """How a value reads in a message: "a list", "a whole number (2024)"."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = _SCALAR_KINDS.get(node.tag, f"a value tagged {node.tag}")
    if node.tag == _NULL or not node.value:
        return kind
    shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return f"{kind} ({shown})"


@dataclass
class _Field:
    """A mapping entry after checking keys: the key node (for the line) and the value node."""

    key: ScalarNode
    value: Node
    path: str


@dataclass
class _Checker:
    """Walks the node tree of one roadmap file, collecting problems and building the dataclasses."""

    source: str
    text: str
    problems: list[RoadmapProblem] = field(default_factory=list)
    _area_ids: dict[str, int] = field(default_factory=dict)
    _milestone_ids: dict[str, tuple[int, str]] = field(default_factory=dict)

    def add(self, line: int | None, path: str, message: str) -> None:
        self.problems.append(RoadmapProblem(self.source, line, path, message))

    # -- structure

    def compose(self) -> Node | None:
        loader: _Loader | None = None
        try:
            loader = _Loader(self.text)
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            detail = exc.problem or exc.context or "the file is not valid YAML"
            if exc.problem and exc.context:
                started = f" that starts on line {exc.context_mark.line + 1}" if exc.context_mark else ""
                detail = f"{exc.problem} ({exc.context}{started})"
            self.add(mark.line + 1 if mark else None, "", f"YAML syntax error: {detail}")
            return None
        except ReaderError as exc:
            line = self.text.count("\n", 0, exc.position) + 1
            what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
            self.add(line, "", f"the file contains a character YAML does not allow ({what}); remove it")
            return None
        except yaml.YAMLError as exc:
            self.add(None, "", f"the file is not valid YAML ({exc})")
            return None
        except RecursionError:
            self.add(None, "", "the file is nested too deeply to be a roadmap")
            return None
        finally:
            if loader is not None:
                loader.dispose()
        if loader.alias_marks:
            for mark in loader.alias_marks:
                self.add(mark.line + 1, "", "YAML aliases (*name) are not supported in roadmaps; write the value out")
            return None
        if root is None:
            self.add(1, "", "the file is empty; a roadmap needs at least id, title and areas")
        return root

    def mapping(
        self, node: Node, path: str, allowed: Sequence[str], required: Sequence[str], what: str
    ) -> dict[str, _Field] | None:
        """Check that ``node`` is a mapping with known, unique keys and all required ones; return its fields."""
        if not isinstance(node, MappingNode):
            where = f"expected {what}" if path else f"the roadmap must be {what} at the top level"
            self.add(_line(node), path, f"{where}, got {_describe(node)}")
            return None
        fields: dict[str, _Field] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.add(_line(key), path, f"a field name must be plain text, got {_describe(key)}")
                continue
            name = key.value
            key_path = _join(path, name)
            if name in fields:
                first = _line(fields[name].key)
                self.add(_line(key), key_path, f"duplicate key (first at line {first}); remove one of them")
                continue
            fields[name] = _Field(key, value, key_path)
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(allowed)}"
                self.add(_line(key), key_path, f"unknown field; {hint}")
        for name in required:
            if name not in fields:
                self.add(_line(node), _join(path, name), "required field missing")
        return {name: f for name, f in fields.items() if name in allowed}

    def items(self, fields: dict[str, _Field], name: str, what: str, *, required: bool) -> list[tuple[Node, str]]:
        """The items of a list field with their paths; an empty or missing required list is a problem."""
        f = fields.get(name)
        if f is None:
            return []
        node = f.value
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            if required:
                self.add(_line(f.key), f.path, f"required field is empty; list at least one {what}")
            return []
        if not isinstance(node, SequenceNode):
            self.add(_line(f.key), f.path, f"expected a list of {what}s, got {_describe(node)}")
            return []
        if required and not node.value:
            self.add(_line(f.key), f.path, f"the list is empty; list at least one {what}")
        return [(item, f"{f.path}[{i}]") for i, item in enumerate(node.value)]

    # -- scalars

    def text_field(
        self, fields: dict[str, _Field], name: str, *, required: bool, single_line: bool = False
    ) -> str | None:
        """A string field: None (after reporting) when required and missing/empty or of the wrong type."""
        f = fields.get(name)
        if f is None:
            return None if required else ""
        node = f.value
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            if required:
                self.add(_line(f.key), f.path, "required field is empty")
                return None
            return ""
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            hint = "; put it in quotes to use it as text" if isinstance(node, ScalarNode) else ""
            self.add(_line(f.key), f.path, f"expected a string, got {_describe(node)}{hint}")
            return None
        value: str = node.value
        if required and not value.strip():
            self.add(_line(f.key), f.path, "required field is empty")
            return None
        bad = next((c for c in value if _is_forbidden_char(c)), None)
        if bad is not None:
            self.add(_line(f.key), f.path, f"contains a control character (U+{ord(bad):04X}); remove it")
            return None
        if single_line and any(c in _LINE_BREAKS for c in value):
            self.add(_line(f.key), f.path, "must be a single line")
            return None
        return value

    def id_field(self, fields: dict[str, _Field], name: str = "id") -> str | None:
        value = self.text_field(fields, name, required=True, single_line=True)
        if value is None:
            return None
        if not is_valid_id(value):
            self.add(
                _line(fields[name].key),
                fields[name].path,
                f"bad id {value!r}: use 2-64 characters of lowercase letters a-z, digits and hyphens, "
                "starting and ending with a letter or digit (e.g. model-serving)",
            )
            return None
        return value

    def colour_field(self, fields: dict[str, _Field]) -> tuple[bool, str | None]:
        """(ok, colour) for an area's optional colour, normalised to lowercase #rrggbb."""
        f = fields.get("colour")
        if f is None:
            return True, None
        node = f.value
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            if self._comment_follows(f.key):
                self.add(
                    _line(f.key), f.path, 'put the colour in quotes, e.g. "#2563eb" (an unquoted # starts a comment)'
                )
                return False, None
            return True, None
        value = self.text_field(fields, "colour", required=False, single_line=True)
        if value is None:
            return False, None
        if not _COLOUR_RE.match(value):
            self.add(_line(f.key), f.path, f'bad colour {value!r}: use #rrggbb, e.g. "#2563eb"')
            return False, None
        return True, value.lower()

    def _comment_follows(self, key: ScalarNode) -> bool:
        """Whether the rest of the key's line, after the colon, is a comment (``colour: #2563eb`` unquoted)."""
        lines = self.text.splitlines()
        mark = key.end_mark
        if mark.line >= len(lines):
            return False
        rest = lines[mark.line][mark.column :].lstrip()
        return rest.startswith(":") and bool(_COLOUR_COMMENT_RE.match(rest[1:].lstrip()))

    def version_field(self, fields: dict[str, _Field]) -> tuple[bool, int | None]:
        f = fields.get("version")
        if f is None:
            return True, None
        node = f.value
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return True, None
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            self.add(_line(f.key), f.path, f"expected a whole number, got {_describe(node)}")
            return False, None
        number = SafeConstructor().construct_yaml_int(node)
        if number < 1:
            self.add(_line(f.key), f.path, f"must be 1 or more, got {number}")
            return False, None
        return True, number

    def url_field(self, fields: dict[str, _Field]) -> str | None:
        value = self.text_field(fields, "url", required=True, single_line=True)
        if value is None:
            return None
        f = fields["url"]
        if any(c.isspace() for c in value):
            self.add(_line(f.key), f.path, "a URL cannot contain spaces; encode them as %20")
            return None
        try:
            parts = urlsplit(value)
        except ValueError as exc:
            self.add(_line(f.key), f.path, f"not a valid URL ({exc})")
            return None
        if parts.scheme.lower() not in ("http", "https"):
            self.add(_line(f.key), f.path, f"only http:// and https:// links are allowed, got {value!r}")
            return None
        if not parts.netloc:
            self.add(_line(f.key), f.path, f"the URL has no host name: {value!r}")
            return None
        return value

    # -- the levels of the format

    def roadmap(self, node: Node) -> Roadmap | None:
        fields = self.mapping(node, "", _ROADMAP_KEYS, ("id", "title", "areas"), "a mapping with id, title and areas")
        if fields is None:
            return None
        rid = self.id_field(fields)
        title = self.text_field(fields, "title", required=True, single_line=True)
        description = self.text_field(fields, "description", required=False)
        ok_version, version = self.version_field(fields)
        areas = [self.area(item, path) for item, path in self.items(fields, "areas", "area", required=True)]
        if rid is None or title is None or description is None or not ok_version or not areas:
            return None
        if any(a is None for a in areas):
            return None
        return Roadmap(rid, title, description, version, tuple(a for a in areas if a is not None))

    def area(self, node: Node, path: str) -> Area | None:
        fields = self.mapping(node, path, _AREA_KEYS, ("id", "name", "milestones"), "an area (a mapping)")
        if fields is None:
            return None
        aid = self.id_field(fields)
        if aid is not None:
            if aid in self._area_ids:
                self.add(
                    _line(fields["id"].key),
                    fields["id"].path,
                    f"duplicate area id {aid!r} (first used at line {self._area_ids[aid]})",
                )
                aid = None
            else:
                self._area_ids[aid] = _line(fields["id"].key)
        name = self.text_field(fields, "name", required=True, single_line=True)
        ok_colour, colour = self.colour_field(fields)
        description = self.text_field(fields, "description", required=False)
        items = self.items(fields, "milestones", "milestone", required=True)
        milestones = [self.milestone(item, item_path) for item, item_path in items]
        if aid is None or name is None or not ok_colour or description is None or not milestones:
            return None
        if any(m is None for m in milestones):
            return None
        return Area(aid, name, colour, description, tuple(m for m in milestones if m is not None))

    def milestone(self, node: Node, path: str) -> Milestone | None:
        fields = self.mapping(node, path, _MILESTONE_KEYS, ("id", "title"), "a milestone (a mapping)")
        if fields is None:
            return None
        mid = self.id_field(fields)
        if mid is not None:
            if mid in self._milestone_ids:
                first_line, first_path = self._milestone_ids[mid]
                self.add(
                    _line(fields["id"].key),
                    fields["id"].path,
                    f"duplicate milestone id {mid!r} (first used at line {first_line}, {first_path}); "
                    "milestone ids must be unique across the whole roadmap",
                )
                mid = None
            else:
                self._milestone_ids[mid] = (_line(fields["id"].key), fields["id"].path)
        title = self.text_field(fields, "title", required=True, single_line=True)
        done_when = self.text_field(fields, "done_when", required=False)
        resources = [self.resource(item, p) for item, p in self.items(fields, "resources", "resource", required=False)]
        if mid is None or title is None or done_when is None or any(r is None for r in resources):
            return None
        return Milestone(mid, title, done_when, tuple(r for r in resources if r is not None))

    def resource(self, node: Node, path: str) -> Resource | None:
        fields = self.mapping(node, path, _RESOURCE_KEYS, ("title", "url"), "a resource (a mapping with title and url)")
        if fields is None:
            return None
        title = self.text_field(fields, "title", required=True, single_line=True)
        url = self.url_field(fields)
        if title is None or url is None:
            return None
        return Resource(title, url)


_ROADMAP_KEYS = ("id", "title", "description", "version", "areas")
_AREA_KEYS = ("id", "name", "colour", "description", "milestones")
_MILESTONE_KEYS = ("id", "title", "done_when", "resources")
_RESOURCE_KEYS = ("title", "url")


def _is_forbidden_char(c: str) -> bool:
    """Control characters (other than tab and newline) and lone surrogates have no place in roadmap text."""
    return c not in _ALLOWED_CONTROLS and unicodedata.category(c) in ("Cc", "Cs")


# ---------------------------------------------------------------------------------------------------------------------
# Writing


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key and writes multi-line strings as ``|`` blocks where YAML allows."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_STR, value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_roadmap(roadmap: Roadmap) -> str:
    """YAML text for ``roadmap`` in the documented key order; ``parse_roadmap`` reads it back to an equal Roadmap."""
    doc: dict[str, Any] = {"id": roadmap.id, "title": roadmap.title}
    if roadmap.description:
        doc["description"] = roadmap.description
    if roadmap.version is not None:
        doc["version"] = roadmap.version
    doc["areas"] = [_area_doc(a) for a in roadmap.areas]
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _area_doc(area: Area) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": area.id, "name": area.name}
    if area.colour is not None:
        doc["colour"] = area.colour
    if area.description:
        doc["description"] = area.description
    doc["milestones"] = [_milestone_doc(m) for m in area.milestones]
    return doc


def _milestone_doc(milestone: Milestone) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": milestone.id, "title": milestone.title}
    if milestone.done_when:
        doc["done_when"] = milestone.done_when
    if milestone.resources:
        doc["resources"] = [{"title": r.title, "url": r.url} for r in milestone.resources]
    return doc


# ---------------------------------------------------------------------------------------------------------------------
# Comparing two versions of a roadmap


@dataclass(frozen=True)
class Renamed:
    """An area or milestone whose id stayed but whose name (area) or title (milestone) changed."""

    id: str
    old: str
    new: str


@dataclass(frozen=True)
class MovedMilestone:
    """A milestone that kept its id but now belongs to another area."""

    id: str
    old_area: str
    new_area: str


@dataclass(frozen=True)
class RoadmapDiff:
    """What changed between two versions of a roadmap, by id; lists follow roadmap order (old order for removals)."""

    added_areas: tuple[str, ...] = ()
    removed_areas: tuple[str, ...] = ()
    renamed_areas: tuple[Renamed, ...] = ()
    added_milestones: tuple[str, ...] = ()
    removed_milestones: tuple[str, ...] = ()
    renamed_milestones: tuple[Renamed, ...] = ()
    moved_milestones: tuple[MovedMilestone, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when no area or milestone was added, removed, renamed or moved."""
        return not any(
            (
                self.added_areas,
                self.removed_areas,
                self.renamed_areas,
                self.added_milestones,
                self.removed_milestones,
                self.renamed_milestones,
                self.moved_milestones,
            )
        )

    def describe(self) -> list[str]:
        """One human-readable line per change, removals first since they are what a person must know about."""
        lines = [f"removed area {a!r}" for a in self.removed_areas]
        lines += [f"removed milestone {m!r}" for m in self.removed_milestones]
        lines += [f"renamed area {r.id!r}: {r.old!r} → {r.new!r}" for r in self.renamed_areas]
        lines += [f"retitled milestone {r.id!r}: {r.old!r} → {r.new!r}" for r in self.renamed_milestones]
        lines += [f"moved milestone {m.id!r} from area {m.old_area!r} to {m.new_area!r}" for m in self.moved_milestones]
        lines += [f"added area {a!r}" for a in self.added_areas]
        lines += [f"added milestone {m!r}" for m in self.added_milestones]
        return lines


def diff_roadmaps(old: Roadmap, new: Roadmap) -> RoadmapDiff:
    """Compare an installed roadmap with a revised one: which areas and milestones were added, removed, renamed."""
    old_areas = {a.id: a for a in old.areas}
    new_areas = {a.id: a for a in new.areas}
    old_ms = _milestones_by_id(old.areas)
    new_ms = _milestones_by_id(new.areas)
    return RoadmapDiff(
        added_areas=tuple(a.id for a in new.areas if a.id not in old_areas),
        removed_areas=tuple(a.id for a in old.areas if a.id not in new_areas),
        renamed_areas=tuple(
            Renamed(a.id, old_areas[a.id].name, a.name)
            for a in new.areas
            if a.id in old_areas and old_areas[a.id].name != a.name
        ),
        added_milestones=tuple(mid for mid in new_ms if mid not in old_ms),
        removed_milestones=tuple(mid for mid in old_ms if mid not in new_ms),
        renamed_milestones=tuple(
            Renamed(mid, old_ms[mid][1].title, m.title)
            for mid, (_, m) in new_ms.items()
            if mid in old_ms and old_ms[mid][1].title != m.title
        ),
        moved_milestones=tuple(
            MovedMilestone(mid, old_ms[mid][0], area_id)
            for mid, (area_id, _) in new_ms.items()
            if mid in old_ms and old_ms[mid][0] != area_id
        ),
    )


def _milestones_by_id(areas: Iterable[Area]) -> dict[str, tuple[str, Milestone]]:
    return {m.id: (a.id, m) for a in areas for m in a.milestones}
