"""Task lists on both "New blog…" scaffolds (issue 10): each item shows its checkbox where the bullet would be, not a
bullet and a checkbox side by side. Built with the real Hugo and Jekyll, served over HTTP under the project-page
path, and laid out by a real browser engine (QtWebEngine's Chromium): the computed style and the boxes' places are
read from the page."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from journal.publish.scaffold import build_site
from tests.e2e.test_site_scaffold import BASE_PATH, BASE_URL, front_matter, make_site, need

pytestmark = pytest.mark.e2e

TASKS = """Plans for the week:

- [ ] Write the batching benchmark
- [x] Profile the feature store lookup
- [ ] Read the vLLM paper
  - [ ] nested: the scheduler section
  - a plain nested item

A plain list:

- shadow traffic
- canary release
"""

# Each list item of the post: its own text, its bullet style, and where its checkbox (if any), its own box and its
# list's box start.
READ_ITEMS = """JSON.stringify([...document.querySelectorAll('.content li')].map(li => {
  const box = li.querySelector(':scope > input[type=checkbox]');
  return {text: [...li.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim(),
          bullet: getComputedStyle(li).listStyleType, item: li.getBoundingClientRect().left,
          list: li.parentElement.getBoundingClientRect().left,
          box: box ? box.getBoundingClientRect().left : null, boxRight: box ? box.getBoundingClientRect().right : null};
}))"""


def write_post(site: Path, kind: str) -> None:
    fields = {"title": "Task lists", "date": "2024-05-02T10:00:00+02:00", "slug": "task-lists", "draft": False}
    text = front_matter(fields) + TASKS
    if kind == "hugo":
        (site / "content" / "posts" / "task-lists.md").write_text(text, encoding="utf-8")
    else:
        (site / "_posts").mkdir(exist_ok=True)
        (site / "_posts" / "2024-05-02-task-lists.md").write_text(text, encoding="utf-8")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served at http://127.0.0.1:PORT/ (the site goes in its blog/ folder, as on a project page)."""
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *_a: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def read_items(qtbot, url: str) -> list[dict]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from ui.app import create_application

    create_application([])  # QtWebEngine needs the application's shared GL contexts set before it starts
    view = QWebEngineView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    with qtbot.waitSignal(view.loadFinished, timeout=30_000) as loaded:
        view.load(QUrl(url))
    assert loaded.args == [True], url
    found: list[str] = []
    view.page().runJavaScript(READ_ITEMS, 0, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    return json.loads(found[0])  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", ["hugo", "jekyll"])
def test_a_task_list_shows_checkboxes_where_the_bullets_were(qtbot, tmp_path: Path, served, kind: str) -> None:  # type: ignore[no-untyped-def]
    need(kind)
    site = make_site(tmp_path, kind, posts=False, portfolio=False)
    write_post(site, kind)
    root, origin = served
    build_site(site, kind, root / BASE_PATH.strip("/"), base_url=BASE_URL)
    items = {i["text"]: i for i in read_items(qtbot, f"{origin}{BASE_PATH}posts/task-lists/")}
    tasks = ["Write the batching benchmark", "Profile the feature store lookup", "Read the vLLM paper",
             "nested: the scheduler section"]  # fmt: skip
    plain = ["a plain nested item", "shadow traffic", "canary release"]
    assert set(items) == {*tasks, *plain}, items
    for text in tasks:
        item = items[text]
        assert item["bullet"] == "none", item  # no bullet beside the box
        assert item["box"] is not None and item["list"] <= item["box"] < item["item"], item  # the box in its place
        assert item["boxRight"] <= item["item"] + 8, item  # and the text right after it, not pushed along
    for text in plain:  # a plain item keeps its bullet, also inside a task list (kramdown marks it a task item)
        assert items[text]["bullet"] != "none" and items[text]["box"] is None, items[text]
