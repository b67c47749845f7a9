"""Render the import window, light and dark, into docs/screenshots/: the dry run of a Hugo site (a section page
skipped, a post whose emoji were read as Mac Roman repaired, page-bundle and static images), then the report after
Import.

QT_QPA_PLATFORM=offscreen python docs/make_import_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from make_screenshots import open_demo, save, wait_for  # noqa: E402


def hugo_site(root: Path) -> Path:
    """A small Hugo blog as a person has it."""
    from tests.core.test_importers import png, write

    write(root / "hugo.toml", 'baseURL = "https://ana.github.io/notes/"\ntitle = "Notes"\n')
    write(root / "content" / "posts" / "_index.md", "+++\ntitle = 'Posts'\n+++\n")
    posts = root / "content" / "posts"
    write(posts / "batching.md", '+++\ntitle = "Batching requests in FastAPI"\ndate = 2024-03-14T08:30:00+01:00\n'
          'tags = ["serving"]\n+++\n\nDynamic batching cut p99 in half.\n')  # fmt: skip
    write(posts / "drift.md", "---\ntitle: Drift checks\ndate: 2024-03-20\ndescription: Where the feature store "
          "drifts\ncategories: [mlops]\n---\nChecks ![chart](/images/c.png)\n")  # fmt: skip
    write(root / "content" / "posts" / "stars.md", "---\ntitle: Late night\ndate: 2024-02-01\n---\n"
          "Stars \uf8ffüí´ tonight, and the caf√© was closed.\n")  # fmt: skip
    write(root / "content" / "posts" / "trip" / "index.md", "---\ntitle: A trip\n---\n![](photo.png)\n")
    write(root / "content" / "posts" / "trip" / "photo.png", png(7, 4))
    write(root / "static" / "images" / "c.png", png(8, 4))
    return root


def shoot(theme_name: str) -> None:
    from journal.db import open_journal
    from ui.dialogs.import_window import ImportWindow

    journal, window = open_demo(theme_name, open_journal)
    source = hugo_site(Path(tempfile.mkdtemp()) / "blog")
    dialog = ImportWindow(journal, window)
    dialog.resize(1000, 420)
    dialog.show()
    dialog.set_source(source)
    wait_for(lambda: dialog.runner is None and dialog.report is not None)
    save(dialog, f"import-dry-run-{theme_name}")
    dialog.import_button.click()
    wait_for(lambda: dialog.runner is None and dialog.report is not None and not dialog.report.dry_run)
    save(dialog, f"import-report-{theme_name}")
    dialog.close()
    window.close()


if __name__ == "__main__":
    for theme in ("light", "dark"):
        shoot(theme)
