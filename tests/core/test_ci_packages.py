"""The system packages are named in one list (`.ci/run`) and the README names every one of them.

A fresh machine installs with ``--no-install-recommends``: a package the tests need that is only recommended or
suggested by another (Debian's ``jekyll`` only suggests ``ruby-jekyll-feed``) must be named, or CI passes only on a
machine where someone installed it by hand.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _ci_packages() -> list[str]:
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    block = re.search(r"SYSTEM_PACKAGES=\((.*?)\n\)", text, re.S)
    assert block is not None, ".ci/run has no SYSTEM_PACKAGES=( ... ) list"
    names: list[str] = []
    for line in block.group(1).splitlines():
        names.extend(line.split("#", 1)[0].split())
    return names


def test_readme_names_every_ci_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    words = set(re.findall(r"[a-z0-9][a-z0-9.+-]*", readme))
    missing = [name for name in _ci_packages() if name not in words]
    assert missing == []


@pytest.mark.parametrize("plugin", ["jekyll-feed", "jekyll-seo-tag"])
def test_ci_names_the_jekyll_plugins_our_scaffold_uses(plugin: str) -> None:
    scaffold = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "resources").rglob("*") if p.is_file() and p.name in ("Gemfile",)
    )
    if plugin in scaffold:
        assert f"ruby-{plugin}" in _ci_packages()


def test_xvfb_run_has_xauth() -> None:
    """xvfb-run needs xauth, which Debian's xvfb only recommends."""
    packages = _ci_packages()
    if "xvfb" in packages:
        assert "xauth" in packages
    if shutil.which("xvfb-run"):
        assert shutil.which("xauth"), "xvfb-run is installed without xauth: the Xvfb tests would fail"
