"""Screenshots of a post Trailbook published into existing blogs: Hugo + PaperMod, Hugo + Ananke, Jekyll + minima and
Trailbook's own Hugo and Jekyll sites, each built with the real generator under a project-page address and shown by
headless Chromium (Debian's ``chromium``).

    .venv/bin/python docs/make_blog_theme_screenshots.py        # writes docs/screenshots/theme-*.png

The blogs are made the way the end-to-end tests make them (tests/e2e/publish/blog_sites.py): a theme copied into the
site as its README says, a post written by hand, then the same entry published by Trailbook (code with braces, a
table, math, an image, emoji, a private block). Each site is served from 127.0.0.1 under /repo/, so what Chromium
loads is what GitHub Pages would serve at https://user.github.io/repo/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"
SITES = ("papermod", "ananke", "minima", "hugo-scaffold", "jekyll-scaffold")
WINDOW = "1100,1500"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("headless Chromium is needed: apt-get install -y --no-install-recommends chromium")


def shoot(url: str, target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="trailbook-chromium-") as profile:
        subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={WINDOW}",
                f"--screenshot={target}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def _local_katex(site: Path) -> None:
    """Serve KaTeX from the site itself (Debian's libjs-katex) instead of the CDN the partial names: Chromium here
    has no network. What the page does with it is what it does on the real site."""
    katex = Path("/usr/share/javascript/katex")
    if not katex.is_dir():
        print("libjs-katex is not installed: the PaperMod screenshot shows TeX source (apt-get install libjs-katex)")
        return
    local = site / "static" / "katex"
    shutil.copytree(katex, local, dirs_exist_ok=True)
    for name in ("katex.min.js", "contrib/auto-render.min.js"):  # Debian ships some only unminified
        if not (local / name).is_file():
            shutil.copyfile(local / name.replace(".min.js", ".js"), local / name)
    partial = site / "layouts" / "partials" / "extend_head.html"
    text = partial.read_text(encoding="utf-8").replace(
        "https://cdn.jsdelivr.net/npm/katex@0.16.9/dist/", "{{ site.BaseURL }}katex/"
    )
    partial.write_text(text, encoding="utf-8")


def main() -> None:
    import pytest

    from tests.e2e.publish import test_existing_blogs as blogs

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trailbook-themes-") as scratch, pytest.MonkeyPatch.context() as mp:
        work = Path(scratch)
        blogs._isolate(mp, work / "home")
        from journal.db import open_journal
        from journal.jobs import run
        from journal.publish import service
        from journal.publish.scaffold import build_site

        for name in SITES:
            tmp = work / name
            tmp.mkdir()
            www = tmp / "www"
            (www / "repo").mkdir(parents=True)
            server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(www)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            local = f"http://127.0.0.1:{server.server_address[1]}/repo/"  # the same /repo/ path as on GitHub
            try:
                with open_journal(tmp / "journal") as journal:
                    blog = blogs._make_site(name, journal, tmp)
                    if name == "papermod":
                        _local_katex(blog.path)
                    entry = blogs._entry(journal)
                    result = run(service.publish(journal, blog.name, [entry.id]))
                mp.setenv("TZ", "UTC")  # as GitHub's runners build
                build_site(blog.path, blog.kind, www / "repo", base_url=local)
                mp.setenv("TZ", "Europe/Paris")
                target = OUT / f"theme-{name}.png"
                shoot(local + result.posts[0].url.removeprefix(blogs.BASE_URL), target)
                print(f"wrote {target.relative_to(ROOT)}")
            finally:
                server.shutdown()
                server.server_close()


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
