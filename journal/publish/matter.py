"""Post front matter: read a post's YAML (``---``) or TOML (``+++``) block, and write either.

YAML goes through PyYAML's safe dumper (strings double-quoted, lists of strings in flow style); TOML through tomlkit
(nested tables such as PaperMod's ``[cover]`` after the plain keys, as TOML requires). Values a person put in the
front matter themselves (nested tables, dates, numbers) are written back as they were read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Literal

from journal.errors import InvalidInput

MatterFormat = Literal["yaml", "toml"]

_PLAIN_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}  # YAML 1.1 reads these as values


class Plain(str):
    """A YAML scalar written as it is, unquoted (a date the way the site's own posts write theirs)."""


def read_post(text: str) -> tuple[MatterFormat | None, dict[str, Any], str]:
    """``(format or None, front matter, body)`` of a post file; ``InvalidInput`` for a block that cannot be read."""
    from journal import frontmatter

    toml = frontmatter.parse_toml(text)
    if toml is not None:
        return "toml", toml[0], toml[1]
    meta, body, had = frontmatter.parse(text)
    return ("yaml" if had else None), meta, body


def dump(data: dict[str, Any], fmt: MatterFormat) -> str:
    """The whole front matter block, delimiters included, ending with a newline."""
    if fmt == "toml":
        return "+++\n" + dump_toml(data) + "+++\n"
    return "---\n" + dump_yaml(data) + "---\n"


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escaping, plus escapes for what YAML does not allow raw in a document or
    would read as a line break (C1 controls, NEL, LS, PS, BOM, U+FFFE/FFFF)."""
    from journal import frontmatter

    return frontmatter.quoted(text)


def _yaml_simple(value: Any) -> str | None:
    """The flow form of a string, bool, or list of strings; None for anything else (PyYAML writes those)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Plain):
        return str(value)
    if isinstance(value, str):
        return _yaml_string(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(_yaml_string(v) for v in value) + "]"
    return None


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML for front matter: strings double-quoted (JSON-style escapes), lists of strings in flow style; any other
    value (a person's nested keys, numbers, dates) through PyYAML's safe dumper, key by key, in order."""
    out: list[str] = []
    for key, value in data.items():
        plain_key = _PLAIN_KEY_RE.fullmatch(str(key)) and str(key).lower() not in _YAML_WORDS
        simple = _yaml_simple(value) if plain_key else None
        if simple is not None:
            out.append(f"{key}: {simple}\n")
            continue
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        out.append(
            yaml.dump(
                {key: value}, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
            )
        )
    return "".join(out)


# --- TOML -----------------------------------------------------------------------------------------------------------


def _toml_item(value: Any) -> Any:
    if value is None:
        raise InvalidInput("TOML has no empty value; remove the key or give it a value")
    if isinstance(value, Plain):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _toml_item(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_toml_item(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return value
    if not isinstance(value, str | int | float | bool | dt.datetime | dt.date | dt.time):
        raise InvalidInput(f"cannot write a {type(value).__name__} to TOML front matter")
    return value


def dump_toml(data: dict[str, Any]) -> str:
    """``key = value`` lines, then tables; key order kept within each."""
    import tomlkit

    doc = tomlkit.document()
    plain = {k: v for k, v in data.items() if v is not None and not isinstance(v, dict)}
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    for key, value in {**plain, **tables}.items():
        doc[str(key)] = _toml_item(value)
    return tomlkit.dumps(doc)
