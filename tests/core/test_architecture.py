"""The layering rule, checked: the core never imports Qt or the ui package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_core_never_imports_qt_or_ui() -> None:
    offenders = []
    for path in sorted((ROOT / "journal").rglob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_ui_has_no_sql() -> None:
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] in ("sqlalchemy", "sqlite3") or name == "journal.models":
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_command_line_start_up_stays_lean() -> None:
    """The CLI path must not import Qt, Markdown rendering, GitPython or Alembic (start-up time is a target)."""
    code = (
        "import sys; from journal.cli.parser import build_parser; import journal.search, journal.entries;"
        "heavy = [m for m in ('PySide6', 'markdown', 'git', 'alembic', 'yaml', 'ftfy') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", check=True, cwd=ROOT)
    assert out.stdout.strip() == ""
