"""Entry templates: Markdown files that pre-fill a new journal entry's title, tags and body.

A template is a ``.md`` file whose name (without ``.md``) is its key. It may start with a YAML front matter block::

    ---
    name: Today I learned
    description: One small thing you learned, explained for your future self.
    title: "TIL — {date}"
    tags: [foundations]
    ---
    ## What I learned
    ...

Every front matter field is optional: ``name`` defaults to the key ("paper-notes" → "Paper notes"), ``title`` to an
empty pattern, ``tags`` to none. A file without front matter is all body. In ``title`` the placeholders ``{date}``
(2024-05-03), ``{weekday}`` (Friday), ``{month}`` (May) and ``{year}`` (2024) are filled in; any other braces are kept
as written.

Trailbook ships the templates in ``resources/templates``; ``*.md`` files in the user's template folder are added to
them, and one with the same key as a built-in replaces it. A user template that cannot be read is skipped and
reported, never fatal.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

from journal.errors import InvalidInput

__all__ = [
    "BUILTIN_ORDER",
    "DEFAULT_TEMPLATE_KEY",
    "LoadedTemplates",
    "Template",
    "TemplateError",
    "TemplateProblem",
    "builtin_templates",
    "find_template",
    "first_place_to_write",
    "load_templates",
    "parse_template",
]

#: The template used for a new entry from "Today".
DEFAULT_TEMPLATE_KEY = "daily-log"
#: Built-in templates in the order they are offered; others (there should be none) follow alphabetically.
BUILTIN_ORDER = ("daily-log", "til", "paper-notes", "project-log", "postmortem", "blank")
#: A template file larger than this is refused.
MAX_TEMPLATE_BYTES = 256 * 1024
#: Same limit as skill-area names in ``journal.tags`` (not imported: this module stays free of the database).
MAX_TAG_LEN = 64

_FIELDS = ("name", "description", "title", "tags")
_FENCE_RE = re.compile(r"^---[ \t]*$")
_END_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_PLACEHOLDER_RE = re.compile(r"\{(date|weekday|month|year)\}")
_LEADING_BLANK_LINES_RE = re.compile(r"\A(?:[ \t]*\n)+")
#: What a template puts where the person is to write (the built-in ones: "- …").
PLACEHOLDER = "…"
# A line holding only the placeholder, after a quote mark, a list marker or a task box.
_PLACE_RE = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:\[[ xX]\][ \t]+)?(…)[ \t]*$", re.M)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class TemplateError(InvalidInput):
    """A template file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Template:
    """A way to start an entry: its title pattern, suggested skill-area tags and Markdown body."""

    key: str
    name: str
    description: str
    title_pattern: str
    tags: tuple[str, ...]
    body: str
    path: Path | None = None  # the user's file, or None for a built-in

    @property
    def builtin(self) -> bool:
        """True for templates shipped with Trailbook."""
        return self.path is None

    def render_title(self, day: date) -> str:
        """The entry title for ``day``: ``{date}``, ``{weekday}``, ``{month}`` and ``{year}`` filled in (in English)."""
        values = {
            "date": day.isoformat(),
            "weekday": _WEEKDAYS[day.weekday()],
            "month": _MONTHS[day.month - 1],
            "year": f"{day.year:04d}",
        }
        return _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], self.title_pattern)


@dataclass(frozen=True)
class TemplateProblem:
    """Why a user template was skipped."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"


class LoadedTemplates(NamedTuple):
    """What ``load_templates`` found: the usable templates, in menu order, and the files it skipped."""

    templates: list[Template]
    problems: list[TemplateProblem]


def parse_template(text: str, key: str, source: str | None = None, path: Path | None = None) -> Template:
    """Parse a template file's text; ``source`` names it in messages. Raises ``TemplateError``."""
    where = source or f"{key}.md"
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    meta: dict[str, Any] = {}
    body = text
    lines = text.split("\n")
    if lines and _FENCE_RE.match(lines[0]):
        end = next((i for i in range(1, len(lines)) if _END_RE.match(lines[i])), None)
        if end is None:
            raise TemplateError(f"{where}: the front matter opened with --- on line 1 is never closed with ---")
        meta = _front_matter("\n".join(lines[1:end]), where)
        body = "\n".join(lines[end + 1 :])
    body = _LEADING_BLANK_LINES_RE.sub("", body).rstrip()
    return Template(
        key=key,
        name=_text(meta, "name", where) or _name_from_key(key),
        description=_text(meta, "description", where),
        title_pattern=_text(meta, "title", where),
        tags=_tags(meta, where),
        body=body + "\n" if body else "",
        path=path,
    )


def builtin_templates() -> list[Template]:
    """The templates shipped with Trailbook, the default ("daily-log") first."""
    folder = files("resources.templates")
    found = []
    for entry in folder.iterdir():
        if entry.is_file() and entry.name.endswith(".md") and not entry.name.startswith("."):
            key = entry.name.removesuffix(".md")
            found.append(parse_template(entry.read_text(encoding="utf-8"), key, entry.name))
    return _in_menu_order(found)


def load_templates(user_dir: Path | None) -> LoadedTemplates:
    """Built-in templates plus the user's ``*.md`` files (same key replaces a built-in); bad files are reported."""
    templates = {t.key: t for t in builtin_templates()}
    problems: list[TemplateProblem] = []
    if user_dir is not None:
        try:
            paths = sorted(p for p in user_dir.glob("*.md") if not p.name.startswith("."))
        except OSError as exc:
            problems.append(TemplateProblem(user_dir, f"cannot list the template folder ({exc.strerror or exc})"))
            paths = []
        for path in paths:
            try:
                template = _load_user_template(path)
            except TemplateError as exc:
                problems.append(TemplateProblem(path, exc.message.removeprefix(f"{path.name}: ")))
            else:
                if template is not None:
                    templates[template.key] = template
    return LoadedTemplates(_in_menu_order(templates.values()), problems)


def first_place_to_write(body: str) -> tuple[int, int]:
    """Where writing starts in an entry made from a template: the (start, end) character offsets of the first
    placeholder on a line of its own (``- …``), so typing replaces it; the end of the text when no placeholder is
    left (a template without prompts, or one filled in)."""
    found = _PLACE_RE.search(body)
    return found.span(1) if found else (len(body), len(body))


def find_template(templates: Iterable[Template], key: str) -> Template | None:
    """The template with ``key``, or None."""
    return next((t for t in templates if t.key == key), None)


def _load_user_template(path: Path) -> Template | None:
    if not path.is_file():
        return None  # a folder named like a template
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise TemplateError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{path.name}: too large for a template (over {MAX_TEMPLATE_BYTES // 1024} KiB)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TemplateError(f"{path.name}: not valid UTF-8 (line {line}); save the file as UTF-8") from None
    return parse_template(text, path.stem, path.name, path)


def _front_matter(text: str, where: str) -> dict[str, Any]:
    import yaml  # here, not at the top: finding the place to write in an entry needs none of it

    try:
        meta = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" on line {mark.line + 2}" if mark else ""  # +1 for 1-based, +1 for the opening ---
        raise TemplateError(f"{where}: the front matter is not valid YAML{line}: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise TemplateError(f"{where}: the front matter is not valid YAML: {exc}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise TemplateError(f"{where}: the front matter must be a mapping of {', '.join(_FIELDS)}")
    for key in meta:
        if key not in _FIELDS:
            close = difflib.get_close_matches(str(key), _FIELDS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(_FIELDS)}"
            raise TemplateError(f"{where}: unknown front matter field {key!r}; {hint}")
    return meta


def _text(meta: dict[str, Any], key: str, where: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TemplateError(f"{where}: {key} must be text, got {type(value).__name__}; put it in quotes")
    if "\n" in value.strip():
        raise TemplateError(f"{where}: {key} must be a single line")
    return value.strip()


def _tags(meta: dict[str, Any], where: str) -> tuple[str, ...]:
    value = meta.get("tags")
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise TemplateError(f"{where}: tags must be a list of skill-area names, e.g. [serving, testing]")
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise TemplateError(f"{where}: each tag must be text, got {item!r}")
        tag = " ".join(item.split())
        if "," in tag:
            raise TemplateError(f"{where}: tag {tag!r} cannot contain a comma")
        if len(tag) > MAX_TAG_LEN:
            raise TemplateError(f"{where}: tag {tag[:20]!r}... is too long (at most {MAX_TAG_LEN} characters)")
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _name_from_key(key: str) -> str:
    words = key.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else key


def _in_menu_order(templates: Iterable[Template]) -> list[Template]:
    rank = {key: i for i, key in enumerate(BUILTIN_ORDER)}
    return sorted(templates, key=lambda t: (rank.get(t.key, len(rank)), t.key.casefold(), t.key))
