"""Render one entry out: the Export Entry dialog, light and dark, into docs/screenshots/export-dialog-*.png; the
exported web page as headless Chromium shows it (docs/screenshots/export-html.png) and the first page of the exported
PDF (docs/screenshots/export-pdf.png, by pdftoppm).

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_export_screenshots.py [light|dark]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from make_screenshots import OUT, open_demo, run, save, wait, wait_for  # sets up the offscreen screen and the path

NOTE_TITLE = "Scaled dot-product attention, by hand"
NOTE = """# Scaled dot-product attention, by hand

I worked through attention on paper before reading the PyTorch source. For queries $Q$, keys $K$ and values $V$:

$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{Q K^\\top}{\\sqrt{d_k}}\\right) V$$

Without the $\\sqrt{d_k}$ the scores grow with the dimension and the softmax saturates.

| heads | $d_k$ | parameters per layer |
|------:|------:|---------------------:|
| 8     | 64    | 2.1 M                |
| 16    | 64    | 4.2 M                |

```python
def attention(q, k, v):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    return scores.softmax(dim=-1) @ v
```

![Attention weights of one head]({image})

```private
I still don't really get why multi-head beats one wide head. Ask in Thursday's reading group.
```
"""


def _chart() -> bytes:
    """A small heat map of attention weights, drawn with Qt: an image the export inlines."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(306, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    weights = [[0.7, 0.1, 0.1, 0.05, 0.05], [0.2, 0.5, 0.2, 0.05, 0.05], [0.05, 0.25, 0.4, 0.2, 0.1],
               [0.05, 0.05, 0.2, 0.6, 0.1], [0.1, 0.05, 0.05, 0.2, 0.6]]  # fmt: skip
    for row, values in enumerate(weights):
        for col, weight in enumerate(values):
            shade = int(255 - weight * 220)
            painter.fillRect(QRectF(8 + col * 58, 8 + row * 37, 56, 35), QColor(shade, shade, 255))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def shoot(theme_name: str) -> None:
    from demo_journal import TODAY, build

    from journal import entries as entry_service
    from journal.attachments import store_attachment
    from ui.dialogs.export_entry import ExportEntryDialog
    from ui.entry_export import _about

    made = []

    def build_with_note(home: Path):  # type: ignore[no-untyped-def]
        journal = build(home)
        link = store_attachment(journal, _chart(), ".png")
        body = NOTE.replace("{image}", link)
        made.append(entry_service.create_entry(journal, body, title=NOTE_TITLE, tags=["transformers"], day=TODAY))
        return journal

    journal, window = open_demo(theme_name, build_with_note)
    note = made[0]
    window.resize(1440, 900)
    window.show()
    wait(200)
    window.open_entry(note.id)
    entry = window.entry_export.snapshot()
    dialog = ExportEntryDialog(entry.title, _about(entry), has_private=True, fmt="pdf", parent=window)
    dialog.show()
    wait(300)
    save(dialog, f"export-dialog-{theme_name}")
    dialog.close()

    if theme_name == "light":  # the page and the PDF are always on white paper
        from make_blog_theme_screenshots import shoot as chromium

        folder = Path(tempfile.mkdtemp(prefix="trailbook-export-"))
        html, pdf = folder / "attention.html", folder / "attention.pdf"
        tools = window.entry_export
        tools.export_to(entry, "html", html)
        wait_for(lambda: not tools.busy, 30_000)
        chromium(html.as_uri(), OUT / "export-html.png")
        print("wrote", OUT / "export-html.png")
        tools.export_to(entry, "pdf", pdf)
        wait_for(lambda: not tools.busy, 60_000)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(OUT / "export-pdf")], check=True)
        print("wrote", OUT / "export-pdf.png")
    window.editor.preview.shutdown()
    window.close()
    journal.close()


def main() -> None:
    run(shoot)


if __name__ == "__main__":
    sys.exit(main())
