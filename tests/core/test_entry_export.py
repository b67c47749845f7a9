"""One entry out (journal.entry_export): the self-contained HTML page, the markdown file with its images beside it, and
``trailbook show ID --format html|markdown|pdf`` as a person runs it (the PDF checked by extracting its text)."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journal import frontmatter
from journal.attachments import store_attachment
from journal.db import Journal, open_journal
from journal.entries import create_entry
from journal.entry_export import entry_markdown, entry_page, format_of, write_entry_html, write_entry_markdown
from journal.errors import OutputExists, OutputProtected
from journal.queries import get_entry
from tests.core.test_cli import cli, fails, ok, usage_error
from tests.core.test_importers import png

BODY = """# Gradient notes

Backprop works through the chain rule, and $\\frac{\\partial L}{\\partial w}$ is what we want.

$$\\sum_{i=1}^{n} x_i^2$$

| optimiser | learning rate |
|-----------|---------------|
| Adam      | 0.001         |

```python
def step(weights):
    return weights - lr * grad
```

![a plot]({image})

<img src="https://example.com/remote.png" alt="remote">

![elsewhere](../../photos/cat.jpg)

```private
a secret aside
```
"""


class _Resources(HTMLParser):
    """Every URL a page would load: src, srcset, poster and data of any element, href of <link>."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.tags: list[str] = []
        self.policy = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        for name in ("src", "srcset", "poster", "data"):
            if values.get(name):
                self.loads.append(values[name] or "")
        if tag == "link" and values.get("href"):
            self.loads.append(values["href"] or "")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = values.get("content") or ""


def _entry(journal: Journal, image_bytes: bytes = b"") -> tuple[str, str]:
    link = store_attachment(journal, image_bytes or png(7, 4), ".png")
    entry = create_entry(journal, BODY.replace("{image}", link), tags=["ml", "maths"])
    return entry.id, link


def test_the_html_page_stands_alone(journal: Journal) -> None:
    entry_id, link = _entry(journal)
    page = entry_page(journal, get_entry(journal, entry_id))
    found = _Resources()
    found.feed(page.html)
    assert found.loads and all(url.startswith("data:") for url in found.loads), found.loads
    assert "script" not in found.tags and "link" not in found.tags
    assert "default-src 'none'" in found.policy and "img-src data:" in found.policy
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:""", page.html.replace('href="https', ""))
    # The image the journal holds is inside, byte for byte; the two it does not hold are named and shown as such.
    inlined = re.findall(r'src="data:image/png;base64,([^"]+)"', page.html)
    assert base64.b64decode(inlined[0]) == (journal.paths.home / link).read_bytes()
    assert page.left_out == ("https://example.com/remote.png", "../../photos/cat.jpg")
    # As the preview renders it: highlighted code, a table, math as MathML (no TeX left), the private block marked.
    assert '<div class="highlight">' in page.html and '<span class="k">def</span>' in page.html
    assert "<table>" in page.html and "<td>Adam</td>" in page.html
    assert "<mfrac>" in page.html and "<math" in page.html
    assert "\\frac" not in page.html and "\\sum" not in page.html
    assert "a secret aside" in page.html and "private-block" in page.html
    # Its stylesheet is the page's own; its title the entry's; the text's own heading is not written twice.
    assert "<style>" in page.html and ".private-block" in page.html and ".highlight .k" in page.html
    assert "<title>Gradient notes</title>" in page.html
    assert page.html.count("<h1") == 1 and "#maths · #ml" in page.html


def test_private_blocks_can_be_left_out(journal: Journal) -> None:
    entry_id, _ = _entry(journal)
    entry = get_entry(journal, entry_id)
    assert "a secret aside" not in entry_page(journal, entry, private="strip").html
    assert "a secret aside" not in entry_markdown(journal, entry, private="strip")
    assert "a secret aside" in entry_markdown(journal, entry)


def test_a_title_is_added_when_the_text_has_no_heading(journal: Journal) -> None:
    entry = create_entry(journal, "Just a line about <b>tensors</b> & things.", title="Tensors & <shapes>")
    html = entry_page(journal, get_entry(journal, entry.id)).html
    assert '<header class="entry-header"><h1>Tensors &amp; &lt;shapes&gt;</h1>' in html
    assert "<title>Tensors &amp; &lt;shapes&gt;</title>" in html


def test_the_markdown_file_takes_its_images_along(journal: Journal, tmp_path: Path) -> None:
    entry_id, link = _entry(journal)
    entry = get_entry(journal, entry_id)
    target = tmp_path / "out" / "Gradient notes.md"
    written = write_entry_markdown(journal, entry, target)
    name = link.removeprefix("attachments/")
    assert written.images == (name,) and written.missing == ()
    assert (target.parent / link).read_bytes() == (journal.paths.home / link).read_bytes()  # the link resolves
    meta, body, _ = frontmatter.parse(target.read_text(encoding="utf-8"))
    assert meta["id"] == entry.id and meta["tags"] == ["maths", "ml"] and meta["title"] == "Gradient notes"
    assert body == entry.body  # the text exactly as written
    # Again: an existing file is replaced only when asked; the image already there stays.
    with pytest.raises(OutputExists):
        write_entry_markdown(journal, entry, target)
    assert write_entry_markdown(journal, entry, target, force=True).images == (name,)


def test_a_missing_image_is_reported_and_the_rest_written(journal: Journal, tmp_path: Path) -> None:
    entry_id, link = _entry(journal)
    (journal.paths.home / link).unlink()
    written = write_entry_markdown(journal, get_entry(journal, entry_id), tmp_path / "e.md")
    assert written.images == () and written.missing == (link.removeprefix("attachments/"),)
    assert (tmp_path / "e.md").is_file() and not (tmp_path / "attachments").exists()


def test_never_onto_the_journal_s_own_files(journal: Journal) -> None:
    entry_id, _ = _entry(journal)
    entry = get_entry(journal, entry_id)
    before = journal.paths.db.read_bytes()
    for target in (journal.paths.db, journal.paths.attachments / "x.html", journal.paths.home / "journal.db-wal"):
        with pytest.raises(OutputProtected):
            write_entry_html(journal, entry, target, force=True)
    # Beside the database is fine for the file, but its images would go into the journal's own attachments folder.
    with pytest.raises(OutputProtected, match="attachments"):
        write_entry_markdown(journal, entry, journal.paths.home / "entry.md")
    assert not (journal.paths.home / "entry.md").exists()
    assert journal.paths.db.read_bytes() == before


def test_formats_follow_the_suffix_unless_named() -> None:
    assert format_of(Path("a.PDF")) == "pdf" and format_of(Path("a.htm")) == "html"
    assert format_of(Path("a.md")) == "markdown" and format_of(Path("a.txt")) == "html"
    assert format_of(Path("a.md"), "pdf") == "pdf"


# --- the command line -------------------------------------------------------------------------------------------------
@pytest.fixture
def shown(tmp_path: Path) -> tuple[Path, str, str]:
    home = tmp_path / "journal"
    with open_journal(home) as journal:
        entry_id, link = _entry(journal)
    return home, entry_id, link


def test_show_prints_html_and_markdown(shown: tuple[Path, str, str]) -> None:
    home, entry_id, link = shown
    page = cli("show", entry_id[:8], "--format", "html", home=home)
    assert page.code == 0 and page.out.startswith("<!doctype html>") and "<mfrac>" in page.out
    assert page.err.count("\n") == 1 and "2 images are not in the journal" in page.err
    text = ok("show", entry_id, "--format", "markdown", home=home).out
    meta, body, _ = frontmatter.parse(text)
    assert meta["id"] == entry_id and f"]({link})" in body


def test_show_writes_markdown_with_its_images(shown: tuple[Path, str, str], tmp_path: Path) -> None:
    home, entry_id, link = shown
    target = tmp_path / "share" / "notes.md"
    result = ok("show", entry_id, "--output", str(target), home=home)  # the suffix names the format
    assert result.out.strip() == f"Wrote {target} and 1 image in attachments/."
    assert (target.parent / link).read_bytes() == (home / link).read_bytes()
    assert "already exists; pass --force" in fails("show", entry_id, "--output", str(target), home=home)
    ok("show", entry_id, "--output", str(target), "--force", "--no-private", home=home)
    assert "a secret aside" not in target.read_text(encoding="utf-8")


def test_show_refuses_what_does_not_go(shown: tuple[Path, str, str], tmp_path: Path) -> None:
    home, entry_id, _ = shown
    assert "add --output FILE" in usage_error("show", entry_id, "--format", "pdf", home=home)
    assert "do not go together" in usage_error("show", entry_id, "--format", "html", "--json", home=home)
    assert "go with --format" in usage_error("show", entry_id, "--no-private", home=home)
    assert "no entry with id 'nope'" in fails("show", "nope", "--format", "html", home=home)
    assert "journal's database" in fails("show", entry_id, "--output", str(home / "journal.db"), home=home)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    assert "could not write" in fails("show", entry_id, "--output", str(blocker / "x.html"), home=home)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is poppler-utils, installed by .ci/run")
def test_show_writes_a_pdf_whose_text_is_selectable_and_math_typeset(
    shown: tuple[Path, str, str], tmp_path: Path
) -> None:
    home, entry_id, _ = shown
    target = tmp_path / "Gradient notes.pdf"
    # As from a terminal with no display: the command goes offscreen by itself, and says nothing but what it did.
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": "", "QTWEBENGINE_CHROMIUM_FLAGS": ""}
    result = cli("show", entry_id, "--format", "pdf", "--output", str(target), home=home, env=env)
    assert result.code == 0, result.err
    assert result.out.strip() == f"Wrote {target}."
    assert result.err.splitlines() == [
        "trailbook show: note: 2 images are not in the journal and shown as a placeholder: "
        "https://example.com/remote.png, ../../photos/cat.jpg"
    ]
    assert target.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    flat = " ".join(text.split())
    for prose in ("Gradient notes", "Backprop works through the chain rule", "is what we want", "optimiser",
                  "learning rate", "Adam", "0.001", "def step(weights):", "return weights - lr * grad",
                  "a secret aside"):  # fmt: skip
        assert prose in flat, (prose, flat)
    assert "\\frac" not in text and "\\sum" not in text and "\\partial" not in text and "$" not in text
    assert "∑" in text and "∂" in text  # the formulas are typeset: their symbols, not their source
    assert not list(tmp_path.glob(".*partial"))  # written beside the target, then renamed into place
