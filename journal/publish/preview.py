"""Preview a blog with the pending changes, before anything is committed or pushed.

The blog's files (tracked and untracked, not ignored: ``git ls-files``) are copied to a scratch folder, the planned
posts are written into the copy, and the real generator builds it (``scaffold.build_site``) into a folder that a tiny
HTTP server serves on 127.0.0.1 only. The blog repository itself is never touched.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from journal.db import Journal
from journal.jobs import Job, Progress
from journal.publish import messages
from journal.publish.blogs import get_blog
from journal.publish.gitops import Git
from journal.publish.scaffold import build_site
from journal.publish.service import plan


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class PreviewServer:
    """Serves a folder on ``http://127.0.0.1:<port>/`` (loopback only) until :meth:`close`."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="trailbook-preview-"))
        self.site = self.folder / "site"
        self.site.mkdir()
        handler = partial(_QuietHandler, directory=str(self.site))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="trailbook-preview", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)


def build_preview(
    journal: Journal, blog_name: str, refs: Sequence[str], dest: Path, base_url: str, action: str = "publish"
) -> Job[Path]:
    """Build the blog as it would be after publishing (or unpublishing) ``refs`` into ``dest``; returns ``dest``."""
    blog = get_blog(journal, blog_name)
    yield Progress(0, 3, messages.STEP_RENDER)
    pending = plan(journal, blog_name, refs, action)
    yield Progress(1, 3, messages.STEP_COPY)
    with tempfile.TemporaryDirectory(prefix="trailbook-preview-src-") as scratch:
        src = Path(scratch) / "site"
        listing = Git(blog.path).run("ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout
        for rel in filter(None, listing.split("\0")):
            source = blog.path / rel
            if source.is_file():
                target = src / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        for change in pending.changes:
            target = src / change.path
            if change.deletes:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if change.source is not None:
                shutil.copyfile(change.source, target)
            elif change.data is not None:
                target.write_bytes(change.data)
        yield Progress(2, 3, messages.STEP_BUILD.format(kind=blog.kind.capitalize()))
        build_site(src, blog.kind, dest, base_url=base_url)  # type: ignore[arg-type]
    return dest
