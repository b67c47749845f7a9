"""YAML front matter, read and written so the body after it round-trips byte for byte.

python-frontmatter strips the body and silently ignores an unclosed block, which breaks byte-identical round trips and
hides malformed files; so this module is ours. Duplicate keys, tabs and other YAML faults are errors, never guesses.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Hashable, Mapping
from typing import Any

import yaml

from journal.errors import InvalidInput

_OPEN_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


class FrontMatterError(InvalidInput):
    """Front matter that cannot be read as a YAML mapping."""


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, Hashable):  # `? [a, b]`: a list as a key
            raise FrontMatterError(f"a key on line {key_node.start_mark.line + 1} of the front matter is not a name")
        if key in seen:
            raise FrontMatterError(f"duplicate key {key!r} on line {key_node.start_mark.line + 1} of the front matter")
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# libyaml's parser (when PyYAML has it) reads front matter ~10× faster: a markdown import of 100,000 files spent most
# of its time in the pure-Python scanner. Same constructors, so duplicate keys are refused alike. Text nested deeply
# goes to the Python parser, whose RecursionError says "nested too deeply" (libyaml stops with its own message).
_FastLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastStrictLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        """The C parser with ``_StrictLoader``'s refusal of duplicate keys."""

    _FastStrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _FastLoader = _FastStrictLoader
_SHALLOW = 200  # brackets in a front matter below which it cannot be nested deeply


class _ExactDumper(yaml.SafeDumper):
    """A SafeDumper whose strings load back exactly. PyYAML writes NEL (U+0085) and the Unicode line and paragraph
    separators raw inside quoted scalars, where YAML folds them into a space; double quotes escape them."""


def _represent_str(dumper: _ExactDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ExactDumper.add_representer(str, _represent_str)


def _load(yaml_text: str) -> Any:
    """The C parser for ordinary front matter; the Python one for deep nesting and whatever the C parser refuses
    (its messages, such as a lone surrogate's, are the ones the rest of Trailbook reports)."""
    if _FastLoader is not None and yaml_text.count("[") + yaml_text.count("{") < _SHALLOW:
        try:
            return yaml.load(yaml_text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass
    return yaml.load(yaml_text, Loader=_StrictLoader)


def split(text: str) -> tuple[str | None, str]:
    """``(front matter YAML or None, body)``; the body is exactly the text after the closing line."""
    opening = _OPEN_RE.match(text)
    if not opening:
        return None, text
    closing = _CLOSE_RE.search(text, opening.end())
    if not closing:
        raise FrontMatterError("front matter opened with --- is never closed")
    return text[opening.end() : closing.start()], text[closing.end() :]


_PLAIN_LINE_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): (.+)")
# A JSON string with none of the characters YAML reads otherwise raw (controls, NEL, LS, PS, BOM): then YAML's double
# quotes and JSON mean the same.
_PLAIN_STRING_RE = re.compile(
    r'"(?:[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
)
_PLAIN_LIST_RE = re.compile(
    r'\[(?:"(?:[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
    r'(?:, "(?:[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*")*)?\]'
)
_PLAIN_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLAIN_WORDS = {"true": True, "false": False, "null": None}


def _plain_value(text: str) -> tuple[bool, Any]:
    """A value as ``dump_fast`` writes it, read without a YAML parser: a double-quoted string (JSON's escapes mean
    the same in YAML), a flag, nothing, a day, or a list of strings; ``(False, None)`` for anything else."""
    import json

    if text in _PLAIN_WORDS:
        return True, _PLAIN_WORDS[text]
    if _PLAIN_STRING_RE.fullmatch(text):
        return True, json.loads(text)
    if _PLAIN_DAY_RE.fullmatch(text):
        try:
            return True, dt.date.fromisoformat(text)
        except ValueError:
            return False, None
    if _PLAIN_LIST_RE.fullmatch(text):
        return True, json.loads(text)
    return False, None


@functools.lru_cache(maxsize=4096)
@functools.lru_cache(maxsize=4096)  # the same few keys in every file of an export or an import
def _plain_key(key: str) -> bool:
    """Whether YAML reads ``key`` written bare as this text (``no``, ``on`` or ``null`` are no text in YAML 1.1)."""
    resolved = yaml.resolver.Resolver().resolve(yaml.ScalarNode, key, (True, False))
    return resolved == "tag:yaml.org,2002:str"


def _plain_lines(yaml_text: str) -> dict[str, Any] | None:
    """Front matter in which every line is ``key: value`` of a plain kind (what a Trailbook export writes), read
    directly: a markdown import of 100,000 such files spent most of its time in YAML. None when any line is anything
    else (a comment, nesting, a number, a repeated key): then YAML reads it, with its errors."""
    data: dict[str, Any] = {}
    for line in yaml_text.split("\n"):
        if not line:
            continue
        match = _PLAIN_LINE_RE.fullmatch(line)
        if match is None or match.group(1) in data or not _plain_key(match.group(1)):
            return None
        ok, value = _plain_value(match.group(2))
        if not ok:
            return None
        data[match.group(1)] = value
    return data


def load_mapping(yaml_text: str) -> dict[str, Any]:
    """Parse front matter YAML into a dict with string keys; anything else is a ``FrontMatterError``."""
    plain = _plain_lines(yaml_text)
    if plain is not None:
        return plain
    try:
        data = _load(yaml_text)
    except FrontMatterError:
        raise
    except RecursionError:
        raise FrontMatterError(
            "front matter is nested too deeply (lists or mappings thousands of levels deep)"
        ) from None
    except ValueError as exc:  # PyYAML's int() of a number past Python's int max str digits limit (4,300)
        raise FrontMatterError(f"front matter holds a value that cannot be read ({str(exc).split(';')[0]})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"front matter is not valid YAML{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter must be a mapping of keys to values, got {type(data).__name__}")
    return {str(k): v for k, v in data.items()}


def parse(text: str) -> tuple[dict[str, Any], str, bool]:
    """``(metadata, body, had_front_matter)``."""
    yaml_text, body = split(text)
    if yaml_text is None:
        return {}, body, False
    return load_mapping(yaml_text), body, True


_TOML_OPEN_RE = re.compile(r"\A(?:\ufeff)?\+\+\+[ \t]*\r?\n")
_TOML_CLOSE_RE = re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_JSON_OPEN_RE = re.compile(r"\A(?:\ufeff)?\{[ \t]*\r?\n")


def parse_toml(text: str) -> tuple[dict[str, Any], str] | None:
    """``(metadata, body)`` of a text opening with TOML front matter between ``+++`` lines (Hugo's), else None; a
    block that is opened but cannot be read is a ``FrontMatterError``."""
    opening = _TOML_OPEN_RE.match(text)
    if not opening:
        return None
    import tomllib

    closing = _TOML_CLOSE_RE.search(text, opening.end())
    if closing is None:
        raise FrontMatterError("front matter opened with +++ is never closed")
    try:
        data = tomllib.loads(text[opening.end() : closing.start()])
    except tomllib.TOMLDecodeError as exc:
        raise FrontMatterError(f"front matter is not valid TOML: {exc}") from None
    except RecursionError:
        raise FrontMatterError("front matter is nested too deeply") from None
    return data, text[closing.end() :]


def parse_any(text: str) -> tuple[str | None, dict[str, Any], str]:
    """``(format, metadata, body)`` for the three front matter formats Hugo reads: YAML between ``---`` lines, TOML
    between ``+++`` lines, and a JSON object that opens the file; format ``None`` when there is none. A block that is
    opened but cannot be read is a ``FrontMatterError`` (never taken as body text)."""
    toml = parse_toml(text)
    if toml is not None:
        return "toml", toml[0], toml[1]
    if _JSON_OPEN_RE.match(text):
        import json

        start = text.index("{")
        try:
            data, end = json.JSONDecoder().raw_decode(text, start)
        except json.JSONDecodeError as exc:
            raise FrontMatterError(f"front matter is not valid JSON (line {exc.lineno}: {exc.msg})") from None
        except RecursionError:
            raise FrontMatterError("front matter is nested too deeply") from None
        if not isinstance(data, dict):
            raise FrontMatterError("front matter must be a mapping of keys to values")
        rest = text[end:]
        rest = rest[2:] if rest.startswith("\r\n") else rest[1:] if rest.startswith(("\n", "\r")) else rest
        return "json", {str(k): v for k, v in data.items()}, rest
    meta, body, had = parse(text)
    return ("yaml" if had else None), meta, body


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


_BARE_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_UNSAFE_RE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar that loads back as exactly ``text``: JSON's escaping (a subset of YAML's), plus
    escapes for what YAML does not allow raw or reads as a line break (C1 controls, NEL, LS, PS, BOM, U+FFFE/FFFF)."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # nothing to escape (ids, timestamps, most titles): no json.dumps for it
    import json

    return _UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(text, ensure_ascii=False))


def _simple(value: Any) -> str | None:
    """The YAML of a plain value (text, a flag, a day, nothing, a list of texts), or None for anything else."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(quoted(v) for v in value) + "]"
    return None


_KEY_LINES: dict[str, str | None] = {}  # a key -> "key: " when YAML reads it written bare as that text, else None


def _key_line(key: str) -> str | None:
    try:
        return _KEY_LINES[key]
    except KeyError:
        start = f"{key}: " if _BARE_KEY_RE.fullmatch(key) is not None and _plain_key(key) else None
        if len(_KEY_LINES) < 4096:  # the same few keys in every file of an export
            _KEY_LINES[key] = start
        return start


def dump_fast(metadata: Mapping[str, Any], body: str) -> str:
    """What ``dump`` writes in meaning (it loads back to the same values), written directly for plain values: a
    markdown export of 100,000 entries cannot afford PyYAML's emitter for each ``title:`` line. Other values (nested
    front matter kept from an import) go through ``dump``'s YAML. The common kinds (text, a flag, a day, a list of
    text) are told apart by their exact type and each key's check is made once (``_simple`` for the rest): the same
    bytes as before with 40% less of the export's time here."""
    parts, rest = ["---\n"], {}
    for key, value in metadata.items():
        if rest:  # keep the order: once one value needs YAML, the rest go with it
            rest[key] = value
            continue
        kind = type(value)
        if kind is str:
            if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
                line: str | None = f'"{value}"'
            else:
                line = quoted(value)
        elif kind is bool:
            line = "true" if value else "false"
        elif kind is dt.date:
            line = value.isoformat()
        elif kind is list and all(type(v) is str for v in value):
            line = "[" + ", ".join([quoted(v) for v in value]) + "]"
        else:
            line = _simple(value)
        start = None if line is None else _key_line(key)
        if start is None:
            rest[key] = value
            continue
        parts += (start, line, "\n")
    if rest:
        parts.append(dump(rest, "")[4:-4])  # the YAML between the --- lines
    parts += ("---\n", body)
    return "".join(parts)


def dump(metadata: Mapping[str, Any], body: str) -> str:
    """Front matter (keys in the given order, Unicode kept) followed by the body, untouched."""
    data = {k: _plain(v) for k, v in metadata.items()}
    yaml_text = yaml.dump(
        data, Dumper=_ExactDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000
    )
    return f"---\n{yaml_text}---\n{body}"
