"""YAML front matter, read and written so the body after it round-trips byte for byte.

python-frontmatter strips the body and silently ignores an unclosed block, which breaks byte-identical round trips and
hides malformed files; so this module is ours. Duplicate keys, tabs and other YAML faults are errors, never guesses.
"""

from __future__ import annotations

import datetime as dt
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


class _ExactDumper(yaml.SafeDumper):
    """A SafeDumper whose strings load back exactly. PyYAML writes NEL (U+0085) and the Unicode line and paragraph
    separators raw inside quoted scalars, where YAML folds them into a space; double quotes escape them."""


def _represent_str(dumper: _ExactDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ExactDumper.add_representer(str, _represent_str)


def split(text: str) -> tuple[str | None, str]:
    """``(front matter YAML or None, body)``; the body is exactly the text after the closing line."""
    opening = _OPEN_RE.match(text)
    if not opening:
        return None, text
    closing = _CLOSE_RE.search(text, opening.end())
    if not closing:
        raise FrontMatterError("front matter opened with --- is never closed")
    return text[opening.end() : closing.start()], text[closing.end() :]


def load_mapping(yaml_text: str) -> dict[str, Any]:
    """Parse front matter YAML into a dict with string keys; anything else is a ``FrontMatterError``."""
    try:
        data = yaml.load(yaml_text, Loader=_StrictLoader)
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


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def dump(metadata: Mapping[str, Any], body: str) -> str:
    """Front matter (keys in the given order, Unicode kept) followed by the body, untouched."""
    data = {k: _plain(v) for k, v in metadata.items()}
    yaml_text = yaml.dump(
        data, Dumper=_ExactDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000
    )
    return f"---\n{yaml_text}---\n{body}"
