"""The main window is composition: it stays short, and the features reach it only through ``ui.desk.Desk``."""

from __future__ import annotations

import ast
from pathlib import Path

from ui import desk

ROOT = Path(__file__).resolve().parents[2]
# The features' modules: what each does with the window it is given (``window``, ``self.window``, ``w``…).
FEATURE_MODULES = [
    "ui/writer_tools.py", "ui/spelling.py", "ui/browse.py", "ui/reminder.py", "ui/sync.py",
    "ui/roadmap/__init__.py", "ui/roadmap/view.py", "ui/publish/__init__.py", "ui/publish/page.py",
    "ui/entry_export.py", "ui/links/__init__.py", "ui/task_boxes.py",
]  # fmt: skip


def _desk_members() -> set[str]:
    return set(desk.Desk.__annotations__) | {name for name in vars(desk.Desk) if not name.startswith("_")}


def _is_window(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in ("window", "w")  # ``w = self.window`` for short
    return (isinstance(node, ast.Attribute) and node.attr in ("window", "window_")
            and isinstance(node.value, ast.Name) and node.value.id == "self")  # fmt: skip


def test_features_use_only_the_desk() -> None:
    members = _desk_members()
    used: dict[str, set[str]] = {}
    for name in FEATURE_MODULES:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _is_window(node.value):
                used.setdefault(node.attr, set()).add(name)
    outside = {attr: sorted(files) for attr, files in used.items() if attr not in members}
    # A feature's own attribute kept on the window (the roadmap's page, publishing) is what install returned.
    outside.pop("roadmap_place", None)
    outside.pop("publishing", None)
    assert not outside, f"features reach past ui.desk.Desk: {outside}"
    assert {"add_place", "add_to_menu", "show_status", "editor", "journal"} <= set(used)


def test_the_main_window_implements_the_desk(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert [m for m in sorted(_desk_members()) if not hasattr(window, m)] == []
    assert window.journal_page is window.pages.widget(0)


def test_the_main_window_stays_composition() -> None:
    lines = (ROOT / "ui" / "main_window.py").read_text(encoding="utf-8").count("\n")
    assert lines <= 300, f"ui/main_window.py has {lines} lines: move behaviour into its own module"
