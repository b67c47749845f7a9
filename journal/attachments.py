"""Images and other files pasted into entries, stored inside the journal, content-addressed.

A file is stored once as ``attachments/<sha256>.<ext>`` however often it is pasted, and entries refer to it with a
relative markdown link. Nothing outside the journal folder is ever linked. Files no entry (nor revision) refers to any
more are removed when the trash is emptied.
"""

from __future__ import annotations

import re

from journal.db import Journal
from journal.errors import InvalidInput
from journal.fileio import atomic_write_bytes

ALLOWED_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"}
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
LINK_PREFIX = "attachments/"
_REF_RE = re.compile(r"attachments/([0-9a-f]{64}\.[a-z0-9]{1,5})")
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": ".png",
    b"\xff\xd8\xff": ".jpg",
    b"GIF87a": ".gif",
    b"GIF89a": ".gif",
    b"BM": ".bmp",
}


def sniff_suffix(data: bytes) -> str | None:
    """The image type from the file's first bytes (names and MIME types from the clipboard can lie)."""
    for magic, suffix in _MAGIC.items():
        if data.startswith(magic):
            return suffix
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return ".svg"
    return None


def attachment_name(data: bytes, suffix_hint: str = "") -> str:
    """The stored name of these bytes, ``<sha256>.<ext>`` (the type sniffed, the hint only for what has no magic);
    ``InvalidInput`` for what cannot be attached. The one rule for pasting and importing alike."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(f"the file is {len(data) / 1e6:.0f} MB; attachments can be at most 50 MB")
    suffix = sniff_suffix(data) or suffix_hint.lower()
    if suffix == ".jpeg":
        suffix = ".jpg"
    if suffix not in ALLOWED_SUFFIXES:
        raise InvalidInput("only images can be attached (PNG, JPEG, GIF, WebP, SVG, BMP)")
    import hashlib  # here, not at the top: loading OpenSSL costs ~4 ms of the app's start-up

    return f"{hashlib.sha256(data).hexdigest()}{suffix}"


def write_attachment(journal: Journal, name: str, data: bytes) -> bool:
    """Store ``data`` as ``attachments/<name>`` unless it is there already; whether it was written."""
    target = journal.paths.attachments / name
    if target.exists():
        return False
    atomic_write_bytes(target, data)
    return True


def store_attachment(journal: Journal, data: bytes, suffix_hint: str = "") -> str:
    """Store bytes (once) and return the relative link to use in markdown, e.g. ``attachments/ab12….png``."""
    name = attachment_name(data, suffix_hint)
    write_attachment(journal, name, data)
    return LINK_PREFIX + name


def referenced_names(text: str) -> set[str]:
    return set(_REF_RE.findall(text))


def linked_attachment(src: str) -> str | None:
    """The stored name an image source links to (``attachments/<sha256>.<ext>``, or ``./attachments/…``), else None."""
    m = _REF_RE.fullmatch(src[2:] if src.startswith("./") else src)
    return m.group(1) if m else None


def collect_garbage(journal: Journal) -> list[str]:
    """Delete attachment files that no entry (its text, kept front matter or post cover) or revision refers to;
    returns the names removed."""
    folder = journal.paths.attachments
    if not folder.is_dir():
        return []
    used: set[str] = set()
    with journal.snapshot() as con:
        for (body,) in con.execute("SELECT body FROM entries WHERE instr(body, 'attachments/') > 0"):
            used |= referenced_names(body)
        for (body,) in con.execute("SELECT body FROM revisions WHERE instr(body, 'attachments/') > 0"):
            used |= referenced_names(body)
        # An image the text does not show may still be an entry's: its post's cover, or one its kept front matter names.
        for (text,) in con.execute(
            "SELECT kept_front_matter FROM entries WHERE instr(kept_front_matter, 'attachments/') > 0 "
            "UNION ALL SELECT cover FROM entry_posts WHERE cover IS NOT NULL"
        ):
            used |= referenced_names(text)
        # A revision kept as a delta shows what its newer text shows plus the text the delta carries (a link never
        # straddles the two: deltas cut texts between words), so its literals are read too.
        from journal.textdelta import literals

        for (delta,) in con.execute("SELECT delta FROM revisions WHERE delta IS NOT NULL"):
            used |= referenced_names("\n".join(literals(delta)))
    removed = []
    for path in folder.iterdir():
        if path.is_file() and _REF_RE.fullmatch(LINK_PREFIX + path.name) and path.name not in used:
            path.unlink()
            removed.append(path.name)
    return sorted(removed)
