"""Re-importing the same source changes nothing (issue 12), for every kind of source: the second import reports every
entry unchanged, stores no image, and the journal's export is the same before and after. Each source is small, as a
first try of a tool's export is (a JEX of one note and its image)."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from journal.db import Journal
from journal.jobs import run
from journal.transfer.importer import import_source
from journal.transfer.jsonfile import export_document
from tests.core.test_importers import dayone_document, jex_item, png, write


def _dayone(tmp: Path) -> Path:
    with zipfile.ZipFile(tmp / "dayone.zip", "w") as zf:
        zf.writestr("Journal.json", json.dumps(dayone_document("0a" * 16)))
        zf.writestr(f"photos/{'0a' * 16}.png", png(61))
    return tmp / "dayone.zip"


def _jrnl_json(tmp: Path) -> Path:
    doc = {"tags": {"@ml": 1}, "entries": [{"title": "Batching.", "body": "It @ml worked.", "date": "2024-03-14",
                                            "time": "08:30", "tags": ["@ml"], "starred": False}]}  # fmt: skip
    return write(tmp / "jrnl.json", json.dumps(doc))


def _obsidian(tmp: Path) -> Path:
    write(tmp / "vault" / ".obsidian" / "app.json", "{}")
    write(tmp / "vault" / "pic.png", png(62))
    write(tmp / "vault" / "Note.md", "See [[Other]] #tag\n\n![[pic.png]]\n")
    write(tmp / "vault" / "Other.md", "---\naliases: [o]\n---\nother\n")
    return tmp / "vault"


def _notion(tmp: Path) -> Path:
    hexa, hexdb = "a1" * 16, "c3" * 16
    with zipfile.ZipFile(tmp / "notion.zip", "w") as zf:
        zf.writestr(f"Log {hexdb}.csv", 'Name,Created,Tags\nBatching,"March 14, 2024 8:30 AM",ml\n')
        zf.writestr(f"Log {hexdb}/Batching {hexa}.md", f"# Batching\n\nTags: ml\n\n![i](Batching%20{hexa}/i.png)\n")
        zf.writestr(f"Log {hexdb}/Batching {hexa}/i.png", png(63))
    return tmp / "notion.zip"


def _joplin(tmp: Path) -> Path:
    write(tmp / "joplin" / "_resources" / "c.png", png(64))
    write(tmp / "joplin" / "Book" / "Note.md", "---\ntitle: Note\ncreated: 2024-03-14 08:30:00Z\n---\n"
          "![c](../_resources/c.png)\n")  # fmt: skip
    return tmp / "joplin"


def _jex(tmp: Path) -> Path:
    note, resource = "1" * 32, "4" * 32
    stamps = {"created_time": "2024-03-14T08:30:00.000Z", "updated_time": "2024-03-15T09:00:00.000Z"}
    members = {
        f"{note}.md": jex_item(
            "Paper", f"![f](:/{resource})", {"id": note, **stamps, "markup_language": "1", "is_todo": "0", "type_": "1"}
        ),
        f"{resource}.md": jex_item(
            "f.png", "", {"id": resource, "mime": "image/png", "file_extension": "png", "type_": "4"}
        ),
        f"resources/{resource}.png": png(65),
    }
    with tarfile.open(tmp / "notes.jex", "w") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return tmp / "notes.jex"


def _hugo(tmp: Path) -> Path:
    site = tmp / "site"
    write(site / "hugo.toml", 'title = "t"\n')
    write(site / "content" / "posts" / "_index.md", "---\ntitle: Posts\n---\n")
    write(site / "content" / "posts" / "b" / "index.md", '+++\ntitle = "B"\ndate = 2024-03-14T08:30:00-05:00\n'
          'series = ["x"]\n+++\n![p](p.png) and emoji \uf8ffüí´\n')  # fmt: skip
    write(site / "content" / "posts" / "b" / "p.png", png(66))
    return site


def _jekyll(tmp: Path) -> Path:
    write(tmp / "blog" / "_config.yml", "title: b\n")
    write(tmp / "blog" / "assets" / "p.png", png(67))
    write(tmp / "blog" / "_posts" / "2024-03-14-first.md", "---\nlayout: post\n---\n![p](/assets/p.png)\n")
    return tmp / "blog"


def _markdown(tmp: Path) -> Path:
    write(tmp / "notes" / "2024-01-05-standup.md", "Long first paragraph, no title.\n")
    write(tmp / "notes" / "windows.md", "# Down\n\nðŸ‘‡ cafÃ©\n")
    return tmp / "notes"


SOURCES: dict[str, Callable[[Path], Path]] = {
    "dayone": _dayone, "jrnl": _jrnl_json, "obsidian": _obsidian, "notion": _notion, "joplin": _joplin,
    "joplin-jex": _jex, "hugo": _hugo, "jekyll": _jekyll, "markdown": _markdown,
}  # fmt: skip


def _document(journal: Journal) -> dict[str, object]:
    return next(item for item in export_document(journal) if isinstance(item, dict))


def _images(journal: Journal) -> list[str]:
    folder = journal.paths.attachments
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("kind", list(SOURCES))
def test_importing_the_same_source_again_changes_nothing(journal: Journal, tmp_path: Path, kind: str) -> None:
    source = SOURCES[kind](tmp_path)
    first = run(import_source(journal, source))
    assert first.added >= 1 and first.tool == kind.split("-")[0], (first.tool, first.skipped)
    assert [reason for _, reason in first.skipped] == (["a Hugo section page (a list of posts, not a post)"] if kind
                                                        == "hugo" else [])  # fmt: skip
    assert first.attachments_added == (kind not in ("jrnl", "markdown")), first.items
    if kind == "joplin-jex":  # a small JEX, its resource among the first members: still read as JEX items
        assert [(i.title, i.date) for i in first.items] == [("Paper", "2024-03-14")]
    before = _document(journal)
    images = _images(journal)
    again = run(import_source(journal, source))
    assert (again.added, again.updated, again.unchanged) == (0, 0, first.added)
    assert again.attachments_added == 0 and again.tags_added == 0 and again.revisions_added == 0
    assert {i.status for i in again.items} == {"unchanged"}
    assert _document(journal) == before
    assert _images(journal) == images
