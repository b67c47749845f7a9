"""The page a rendered entry is shown on: one stylesheet for the preview, the exports and printing.

The preview (``ui.widgets.preview``) loads :func:`page_html` with an empty body and fills it as the person types; an
export or a print (``journal.entry_export``) is the same page with the entry in it, so what is printed is what the
preview shows. The page's colours (paper, text, code, quotes, private blocks) are owned here in a light and a dark set;
the app's theme (``ui.theme``) builds its palette on them. Printed pages keep their backgrounds, let long code lines
wrap instead of cutting them off, and keep a heading with what follows it.

Nothing here loads Markdown or Pygments until a page is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Scheme = Literal["light", "dark"]

LIGHT_PAGE: dict[str, str] = {
    "paper": "#ffffff",
    "text": "#1f2328",
    "border": "#e2e2de",
    "warn_bg": "#fff7e6",
    "warn_text": "#7a4b00",
    "warn_border": "#f5d9a8",
    "code_bg": "#f3f4f6",
    "heading": "#111827",
    "link": "#2563eb",
    "quote": "#6b7280",
}
DARK_PAGE: dict[str, str] = {
    "paper": "#23262b",
    "text": "#e4e6e9",
    "border": "#33373e",
    "warn_bg": "#3a2f16",
    "warn_text": "#f3d08a",
    "warn_border": "#5c4a1f",
    "code_bg": "#2d3137",
    "heading": "#f3f4f6",
    "link": "#7fb0ff",
    "quote": "#9aa1ab",
}
CONTENT_ID = "content"  # the element the preview fills

_CSS = """:root {{ color-scheme: {scheme}; }}
body {{ margin: 0; background: {paper}; color: {text};
  font: 15px/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; }}
#content {{ max-width: 46em; margin: 0 auto; padding: 18px 28px 60px 28px; }}
h1, h2, h3, h4 {{ color: {heading}; line-height: 1.25; margin: 1.2em 0 0.5em; }}
h1 {{ font-size: 1.7em; }} h2 {{ font-size: 1.35em; }} h3 {{ font-size: 1.15em; }}
a {{ color: {link}; }}
a.wikilink {{ text-decoration: none; border-bottom: 1px solid; }}
.wikilink.broken {{ color: {quote}; border-bottom: 1px dashed {quote}; cursor: help; }}
code, pre {{ font-family: "JetBrains Mono", "DejaVu Sans Mono", "Noto Sans Mono", monospace; font-size: 0.9em; }}
:not(pre) > code {{ background: {code_bg}; padding: 0.1em 0.35em; border-radius: 4px; }}
pre {{ background: {code_bg}; padding: 12px 14px; border-radius: 8px; overflow-x: auto; line-height: 1.45; }}
.highlight {{ background: {code_bg}; border-radius: 8px; }}
.highlight pre {{ background: transparent; }}
blockquote {{ margin: 0; padding: 0 1em; border-left: 3px solid {border}; color: {quote}; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid {border}; padding: 6px 10px; }}
th {{ background: {code_bg}; }}
img {{ max-width: 100%; border-radius: 6px; }}
math {{ font-family: "STIX Two Math", "Latin Modern Math", "DejaVu Math TeX Gyre", "Cambria Math", math; }}
math[display="block"] {{ margin: 0.8em 0; font-size: 1.1em; }}
.math-error {{ color: #dc2626; }}
.private-block {{ border: 1px dashed {warn_border}; background: {warn_bg}; border-radius: 8px; padding: 4px 14px;
  margin: 1em 0; }}
.private-block .private-label {{ color: {warn_text}; font-size: 0.8em; font-weight: 600; text-transform: uppercase;
  letter-spacing: 0.04em; }}
ul.task-list, li.task-list-item {{ list-style: none; }}
li.task-list-item input {{ margin: 0 0.5em 0 -1.3em; }}
a.task-box {{ display: inline-block; margin: 0 0.5em 0 -1.3em; border-radius: 3px; }}
li.task-list-item a.task-box input {{ margin: 0; pointer-events: none; cursor: pointer; }}
a.task-box:focus-visible {{ outline: 2px solid {link}; outline-offset: 1px; }}
.footnote {{ font-size: 0.9em; color: {quote}; }}
hr {{ border: none; border-top: 1px solid {border}; }}
.entry-header {{ margin-bottom: 1.4em; }}
.entry-header h1 {{ margin-bottom: 0.2em; }}
.entry-meta {{ color: {quote}; font-size: 0.9em; margin: 0.2em 0 0; }}
@media print {{
  html, body {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  #content {{ max-width: none; padding: 0; }}
  pre {{ white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }}
  h1, h2, h3, h4 {{ break-after: avoid; }}
  pre, tr, img, math[display="block"], .entry-header {{ break-inside: avoid; }}
}}
{pygments}"""


def page_colours(scheme: Scheme) -> dict[str, str]:
    return DARK_PAGE if scheme == "dark" else LIGHT_PAGE


def page_css(scheme: Scheme = "light", colours: Mapping[str, str] | None = None) -> str:
    """The page's stylesheet in ``scheme``, with highlighted code in the matching Pygments style."""
    from journal.markdown.render import DARK_STYLE, LIGHT_STYLE, pygments_css

    chosen = {**page_colours(scheme), **(colours or {})}
    pygments = pygments_css(DARK_STYLE if scheme == "dark" else LIGHT_STYLE)
    return _CSS.format(scheme=scheme, pygments=pygments, **{k: chosen[k] for k in LIGHT_PAGE})


def page_html(
    body: str = "",
    *,
    scheme: Scheme = "light",
    colours: Mapping[str, str] | None = None,
    title: str = "",
    head: str = "",
) -> str:
    """A whole HTML document: the page's stylesheet, ``head`` (more ``<head>`` elements) and ``body`` (HTML) in the
    content element; ``title`` is escaped."""
    import html  # on first use: with its table of entities, ~3 ms of the window's start, which renders no page

    shown = f"<title>{html.escape(title, quote=False)}</title>" if title else ""
    return (
        f'<!doctype html><html><head><meta charset="utf-8">{head}{shown}<style>\n{page_css(scheme, colours)}</style>'
        f'</head><body><div id="{CONTENT_ID}">{body}</div></body></html>'
    )
