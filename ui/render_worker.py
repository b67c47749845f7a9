"""The preview's render process: reads JSON requests on stdin, writes rendered HTML as JSON lines on stdout.

Markdown rendering of a long entry takes hundreds of milliseconds of pure Python and would hold the GUI's GIL; in this
separate process it never delays a keystroke. No Qt is imported here.

Request: ``{"id": int, "text": str, "links": {key: {"href": str, "title": str} | null}, "tasks": bool}``, ``links``
(optional) saying where each ``[[link]]`` goes by its target's key (null: no such entry; the window looks them up in
the journal), ``tasks`` (optional) whether each task's checkbox is a link to its line (``journal.markdown.tasks``);
reply: ``{"id": int, "html": str, "ms": float}``.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    from journal.markdown import render_html

    stdin = sys.stdin.buffer
    out = sys.stdout.buffer
    render_html("warm up $x$\n\n```python\nx = 1\n```\n")
    for line in stdin:
        try:
            request = json.loads(line)
            started = time.perf_counter()
            html = render_html(
                request["text"], private="show", links=_resolver(request.get("links")),
                clickable_tasks=request.get("tasks") is True,
            ).html  # fmt: skip
            reply = {"id": request["id"], "html": html, "ms": (time.perf_counter() - started) * 1000}
        except Exception as exc:  # a render bug must not kill the preview: show it in place of the page
            reply = {"id": request.get("id", -1) if isinstance(request, dict) else -1, "html": "", "error": str(exc)}
        out.write(json.dumps(reply, ensure_ascii=False).encode("utf-8") + b"\n")
        out.flush()
    return 0


def _resolver(found: object):  # type: ignore[no-untyped-def]
    """Where links go, as the window looked them up (None when it sent nothing: links show as text)."""
    if not isinstance(found, dict):
        return None
    from journal.markdown.wikilink_extension import LinkTarget

    def resolve(link):  # type: ignore[no-untyped-def]
        target = found.get(link.key)
        return LinkTarget(str(target["href"]), str(target.get("title", ""))) if isinstance(target, dict) else None

    return resolve


if __name__ == "__main__":
    sys.exit(main())
