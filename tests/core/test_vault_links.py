"""Links between entries in the markdown export, read as Obsidian reads a vault, and back: every link that goes to an
entry in the journal finds that entry's file in the vault (titles no file name may hold, shared titles), and the
import gives every text and every link's target back, so a second export is the same bytes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from journal import frontmatter, links
from journal.db import Journal, open_journal
from journal.entries import create_entry, trash_entry, update_entry
from journal.jobs import run
from journal.markdown.wikilinks import find_links
from journal.transfer.importer import import_source
from journal.transfer.markdownfiles import export_markdown
from journal.transfer.vault_links import LINKS_FILE, journal_text, vault_text
from tests.core.test_exports import document
from tests.core.test_importers import write

# Obsidian's reading, written apart from Trailbook's scanner: [[target#heading|text]] (``\|`` in a table), the target
# naming a file <target>.md anywhere in the vault, case aside.
_OBSIDIAN_LINK_RE = re.compile(r"!?\[\[((?:[^\[\]\\\n]|\\.)+)\]\]")


def obsidian_links(body: str) -> list[str]:
    """The targets of a note's links as Obsidian reads them (code is left out of these notes)."""
    return [re.split(r"\\?\||#", inner, maxsplit=1)[0].strip() for inner in _OBSIDIAN_LINK_RE.findall(body)]


def vault(folder: Path) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(file name without .md, case folded → entry id) and (entry id → (its path, its body)) of every note."""
    files, notes = {}, {}
    for path in sorted(folder.rglob("*.md")):
        meta, body, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
        files[path.stem.lower()] = str(meta["id"])
        notes[str(meta["id"])] = (path.relative_to(folder).as_posix(), body)
    return files, notes


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def all_link_ids(journal: Journal) -> dict[str, tuple[list[str], list[str]]]:
    """``show --json``'s links (in the text's order) and backlinks of every entry, by id. Backlinks of one day come
    in the order the entries were stored, which an import need not keep: compared as sets."""
    found = {}
    for entry in document(journal)["entries"]:
        to, back = links.link_ids(journal, entry["id"])
        found[entry["id"]] = (to, sorted(back))
    return found


@pytest.fixture
def linked(journal: Journal, tmp_path: Path) -> dict[str, str]:
    """Titles no file name may hold, two entries called Notes (a link bound to each), an alias from an Obsidian
    note, and links to them written every way: by title, in another case, with a text, a heading, in a table, as an
    embed; besides, a link into the trash, a broken one, one in code and a trashed entry's links."""
    ids = {}
    for title in ("C++: pointers", "A/B testing", "Q#1"):
        ids[title] = create_entry(journal, f"about {title}", title=title).id
    ids["notes"] = create_entry(journal, "the first notes", title="Notes").id
    ids["notes 2"] = create_entry(journal, "the second notes", title="Notes draft").id
    ids["to second"] = create_entry(
        journal, "[[Notes draft|second notes]]\n\n| a | [[Notes draft]] |\n|---|---|\n", title="To the second"
    ).id
    update_entry(journal, ids["notes 2"], title="Notes")  # the links follow it, bound to it: it is not the oldest
    ids["gone"] = create_entry(journal, "in the trash", title="Gone: for now").id
    trash_entry(journal, ids["gone"])
    obsidian = tmp_path / "obsidian"
    write(obsidian / ".obsidian" / "app.json", "{}")
    write(obsidian / "Latency.md", "---\naliases: [p99]\n---\nthe tail\n")
    run(import_source(journal, obsidian))
    ids["every way"] = create_entry(
        journal,
        "[[C++: pointers]], [[c++:  POINTERS|the pointer page]], [[A/B testing#Results]], ![[A/B testing]], "
        "[[Q\\#1]], [[Q\\#1|question one]], [[Notes]] (the first), [[p99]], [[Latency]], [[Every way]],\n"
        "[[Gone: for now]] (trashed), [[Nowhere: at all]] (broken), `[[C++: pointers]]` (code)\n\n"
        "| link | to |\n|---|---|\n| [[A/B testing]] | [[C++ pointers\\|shown]] |\n",
        title="Every way",
    ).id
    # Entries whose every link has a name of its own (the export reads them from the index first).
    ids["one link"] = create_entry(journal, "see [[A/B testing]]", title="One link").id
    ids["plain links"] = create_entry(journal, "[[latency]] and [[Nowhere: else]]", title="Plain links").id
    trashed = create_entry(journal, "[[C++: pointers]] from the trash", title="Trashed linker")
    trash_entry(journal, trashed.id)
    ids["trashed linker"] = trashed.id
    return ids


def test_every_link_that_goes_somewhere_finds_its_file_in_the_vault(
    journal: Journal, linked: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "vault-out"
    run(export_markdown(journal, folder))
    files, notes = vault(folder)
    assert {notes[linked[k]][0] for k in ("C++: pointers", "A/B testing", "Q#1", "notes", "notes 2", "gone")} == {
        "C++ pointers.md", "A B testing.md", "Q 1.md", "Notes.md", "Notes 2.md", "trash/Gone for now.md"
    }  # fmt: skip
    for entry_id, (path, body) in notes.items():
        if path.startswith("trash/"):
            continue
        found = [files.get(target.lower()) for target in obsidian_links(body)]
        wanted, _ = links.link_ids(journal, entry_id)
        # In order, the entry itself aside (links to itself open it: its own file), each once: show --json's links.
        assert list(dict.fromkeys(f for f in found if f is not None and f != entry_id)) == wanted, path
    every = notes[linked["every way"]][1]
    assert every.startswith(
        "[[C++ pointers|C++: pointers]], [[C++ pointers|the pointer page]], [[A B testing#Results|A/B testing > "
        "Results]], ![[A B testing|A/B testing]], [[Q 1|Q#1]], [[Q 1|question one]], [[Notes]] (the first), "
        "[[Latency|p99]], [[Latency]], [[Every way]],\n"
    )
    # Into the trash, nowhere and in code: as written (they go nowhere in the journal either).
    assert "[[Gone: for now]] (trashed), [[Nowhere: at all]] (broken), `[[C++: pointers]]` (code)" in every
    assert "| [[A B testing\\|A/B testing]] | [[C++ pointers\\|shown]] |" in every  # a table keeps its columns
    second = notes[linked["to second"]][1]
    assert second == "[[Notes 2|second notes]]\n\n| a | [[Notes 2\\|Notes]] |\n|---|---|\n"
    assert files["notes 2"] == linked["notes 2"] and files["notes"] == linked["notes"]
    assert notes[linked["trashed linker"]][1] == "[[C++: pointers]] from the trash"
    assert notes[linked["one link"]][1] == "see [[A B testing|A/B testing]]"
    assert notes[linked["plain links"]][1] == "[[latency]] and [[Nowhere: else]]"
    # What changed, for the import; the link the person wrote to the file name is there as itself.
    record = json.loads((folder / LINKS_FILE).read_text(encoding="utf-8"))
    assert set(record) == {linked["every way"], linked["to second"], linked["one link"]}
    assert record[linked["every way"]]["[[C++ pointers|C++: pointers]]"] == ["[[C++: pointers]]"]
    assert "[[C++ pointers\\|shown]]" not in record[linked["every way"]]  # broken in the journal: not changed
    assert record[linked["to second"]] == {
        "[[Notes 2|second notes]]": ["[[Notes|second notes]]"],
        "[[Notes 2\\|Notes]]": ["[[Notes]]"],
    }


def test_the_vault_comes_back_as_it_was_and_exports_the_same_bytes(
    journal: Journal, linked: dict[str, str], tmp_path: Path, home: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    run(export_markdown(journal, first))
    fresh_home = tmp_path / "fresh"
    with open_journal(fresh_home) as fresh:
        report = run(import_source(fresh, first))
        assert report.tool == "trailbook" and not report.skipped
        assert document(fresh)["entries"] == document(journal)["entries"]  # every text, byte for byte
        assert all_link_ids(fresh) == all_link_ids(journal)  # the second Notes' links still go there
        run(export_markdown(fresh, second))
    assert files_of(second) == files_of(first)
    # The command line says the same of the entry whose links go to the second of two entries called Notes.
    shown = subprocess.run(
        [sys.executable, "-m", "journal", "show", linked["to second"], "--json", "--home", str(fresh_home)],
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=True,
    )  # fmt: skip
    assert json.loads(shown.stdout)["links"] == [linked["notes 2"]]


def test_an_import_into_the_same_journal_changes_nothing(
    journal: Journal, linked: dict[str, str], tmp_path: Path
) -> None:
    before, ids = document(journal), all_link_ids(journal)
    run(export_markdown(journal, tmp_path / "out"))
    report = run(import_source(journal, tmp_path / "out"))
    assert report.added == report.updated == 0
    assert document(journal) == before and all_link_ids(journal) == ids


def test_a_vault_edited_in_obsidian_keeps_what_can_still_be_told(tmp_path: Path) -> None:
    body = "[[C++: pointers]] and [[C++ pointers|C++: pointers]] and [[c++: pointers]]"
    text, record = vault_text(body, [(link, "C++ pointers") for link in find_links(body)])
    # The second link was written that way by the person: it is its own occurrence of the exported form.
    assert (
        text == "[[C++ pointers|C++: pointers]] and [[C++ pointers|C++: pointers]] and [[C++ pointers|c++: pointers]]"
    )
    assert journal_text(text, record) == body
    # A link added in Obsidian to a form that came back the same each time goes back to it; one with two meanings
    # added once more cannot be told apart and stays as the vault has it.
    assert journal_text(text + " [[C++ pointers|c++: pointers]]", record) == body + " [[c++: pointers]]"
    twice = "[[C++ pointers|C++: pointers]] and [[C++ pointers|C++: pointers]] and [[c++: pointers]]"
    assert journal_text(text + " [[C++ pointers|C++: pointers]]", record) == twice + " [[C++ pointers|C++: pointers]]"
    assert journal_text("nothing left", record) == "nothing left"


def test_a_damaged_links_file_is_reported_and_the_rest_imports(
    journal: Journal, linked: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    run(export_markdown(journal, folder))
    (folder / LINKS_FILE).write_text("{not json", encoding="utf-8")
    with open_journal(tmp_path / "fresh") as fresh:
        report = run(import_source(fresh, folder))
        assert [source for source, _ in report.skipped] == [LINKS_FILE]
        assert report.added == len(document(journal)["entries"])
