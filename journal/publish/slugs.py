"""Post addresses (slugs): made from the title once, then locked in ``entries.slug``.

A slug is lower-case ASCII letters and digits in words joined by single hyphens, at most ``MAX_SLUG_CHARS`` long, so
every path built from it is one safe path component on every file system: no ``/``, no ``..``, no absolute path, no
Windows device name (``CON``, ``NUL``, ``COM1`` …), far below 255 bytes. NFC and NFD spellings of a title give the same
slug; titles with nothing to transliterate (emoji only) get ``post-<id>``. Uniqueness is case-insensitive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from pathlib import PurePosixPath

from journal.errors import InvalidInput
from journal.publish import messages

MAX_SLUG_CHARS = 80
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", "conin$", "conout$"} | {
    f"{stem}{n}" for stem in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")
}
# Names a site generator gives a meaning of its own inside the posts folder (Hugo's pager, section and index files).
_SITE_NAMES = {"page", "index", "_index", "tags", "categories", "feed", "rss"}
RESERVED = frozenset(_WINDOWS_DEVICES | _SITE_NAMES)


def _transliterate(title: str) -> str:
    from slugify import slugify  # python-slugify: imported on first use (keeps the command line's start-up lean)

    text = unicodedata.normalize("NFKC", title)
    return str(slugify(text, max_length=MAX_SLUG_CHARS, word_boundary=True, lowercase=True, separator="-"))


def is_valid_slug(slug: str) -> bool:
    """Whether ``slug`` is safe to use as a post's address and path component."""
    return 0 < len(slug) <= MAX_SLUG_CHARS and SLUG_RE.match(slug) is not None and slug not in RESERVED


def check_slug(slug: str) -> str:
    """``slug`` stripped, or ``InvalidInput`` saying what a slug may hold."""
    slug = slug.strip()
    if not is_valid_slug(slug):
        raise InvalidInput(messages.SLUG_BAD.format(slug=slug, limit=MAX_SLUG_CHARS))
    return slug


def slug_from_title(title: str, entry_id: str) -> str:
    """A valid slug for a title: transliterated ASCII words; ``post-<first 8 of the id>`` when nothing is left."""
    slug = _transliterate(title)
    if slug in RESERVED:
        slug = f"post-{slug}"
    if not is_valid_slug(slug):
        fallback = "".join(c for c in entry_id.lower() if c.isalnum())[:8] or "entry"
        slug = f"post-{fallback}"
    return slug


def unique_slug(base: str, taken: Collection[str], *, casefolded: bool = False) -> str:
    """``base``, or ``base-2``, ``base-3`` … (shortened to fit) — the first not in ``taken`` (compared casefolded;
    ``casefolded``: ``taken`` already is, as a publish's sets of taken slugs are, so it is not folded again)."""
    folded = taken if casefolded else {t.casefold() for t in taken}
    if base.casefold() not in folded:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_SLUG_CHARS - len(suffix)].rstrip("-") + suffix
        if candidate.casefold() not in folded:
            return candidate
        n += 1


def inside(root: PurePosixPath | str, rel: str) -> bool:
    """Whether the relative POSIX path ``rel`` stays inside ``root`` (both relative to the blog): no ``..``, no
    absolute path, no empty or dot parts, no backslash."""
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or any(part in ("", ".", "..") for part in parts):
        return False
    root_parts = [p for p in str(root).split("/") if p not in ("", ".")]
    return parts[: len(root_parts)] == root_parts and len(parts) > len(root_parts)
