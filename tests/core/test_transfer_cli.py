"""``trailbook import`` and ``export`` as a person runs them: --dry-run changes nothing, --from forces the source,
--details lists every file, the zip export carries the images, and the progress bar shows on a terminal only."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from journal.db import open_journal
from journal.entries import create_entry, list_entries
from tests.core.test_cli import PROGRAM, fails, ok
from tests.core.test_importers import png, write


def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    write(folder / ".obsidian" / "app.json", "{}")
    write(folder / "img.png", png(51))
    write(folder / "Batching.md", "![[img.png]] #serving\n")
    write(folder / "2024-03-14.md", "daily\n")
    return folder


def test_dry_run_then_import(home: Path, tmp_path: Path) -> None:
    with open_journal(home) as journal:
        create_entry(journal, "already here")
    source = vault(tmp_path)
    dry = ok("import", str(source), "--dry-run", "--details", home=home).out
    assert dry.startswith("Would import (Obsidian): 2 added, 0 updated, 0 unchanged.")
    assert "imported 2024-03-14.md: 2024-03-14 (2024-03-14, file name)" in dry
    with open_journal(home) as journal:
        assert len(list_entries(journal)) == 1 and not any(journal.paths.attachments.glob("*.png"))
    report = ok("import", str(source), "--json", home=home).json()
    assert report["tool"] == "obsidian" and report["added"] == 2 and report["attachments_added"] == 1  # type: ignore[index]
    assert "0 added, 0 updated, 2 unchanged" in ok("import", str(source), home=home).out
    forced = ok("import", str(source), "--from", "markdown", "--dry-run", "--json", home=home).json()
    assert forced["tool"] == "markdown"  # type: ignore[index]
    assert "invalid choice" in fails_usage("import", str(source), "--from", "evernote", home=home)


def fails_usage(*args: str, home: Path) -> str:
    argv = [*PROGRAM, *args, "--home", str(home)]
    proc = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 2, proc.stderr
    return proc.stderr


def test_zip_export_with_images_and_a_lone_json_warning(home: Path, tmp_path: Path) -> None:
    ok("import", str(vault(tmp_path)), home=home)
    out = ok("export", str(tmp_path / "all.zip"), home=home).out
    assert out.strip() == f"Exported 2 entries and 1 image to {tmp_path / 'all.zip'}."
    lone = ok("export", str(tmp_path / "all.json"), home=home)
    assert "1 image is not in all.json" in lone.err
    report = ok("import", str(tmp_path / "all.zip"), "--json", home=tmp_path / "other").json()
    assert report["tool"] == "trailbook" and report["attachments_added"] == 1  # type: ignore[index]
    assert "is a folder" in fails("export", str(tmp_path / "vault"), "--format", "json", home=home)


def test_the_progress_bar_shows_on_a_terminal_and_never_when_piped(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for i in range(1200):
        write(folder / f"n{i}.md", f"# Note {i}\n")
    piped = ok("import", str(folder), "--dry-run", home=home)
    assert "\r" not in piped.err and "[" not in piped.err
    main, secondary = pty.openpty()
    proc = subprocess.run([*PROGRAM, "import", str(folder), "--dry-run", "--home", str(home)], stdout=subprocess.PIPE,
                          stderr=secondary, env={**os.environ, "TERM": "xterm"}, timeout=120)  # fmt: skip
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert proc.returncode == 0
    assert b"\r[" in seen and b"reading notes" in seen
    assert not home.exists()  # a dry run into no journal yet creates none
