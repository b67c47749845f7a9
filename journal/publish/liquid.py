r"""Jekyll runs every post through Liquid before Markdown, so ``{{ x }}`` in a code block vanishes and ``{% raw %}``
in the text breaks the build. The body Trailbook writes is one ``{% raw %}…{% endraw %}`` block: Liquid passes it
through as text on Jekyll 3 (the GitHub Pages gem, which ignores ``render_with_liquid``) and Jekyll 4 alike.

Inside a raw block only a tag named ``endraw`` means anything to Liquid (``{% endraw %}``, ``{%endraw%}``,
``{%- endraw -%}``, ``{% endraw anything %}``), so each ``{%`` that starts one in the text is written as the Liquid
string ``{{ "{%" }}`` between a closing and a reopening raw tag: the page shows ``{%`` and the rest stays text.

Read from Liquid's own source (``Liquid::Raw#parse``): a token closes the block when it matches
``/\A(.*)\{\%\s*(\w+)\s*(.*)?\%\}\z/m`` with ``endraw`` as the word (Liquid 4.0.4, the GitHub Pages gem's, and
5.4, Debian's; later 5.x also allow ``{%-``). Ruby's ``\w`` and ``\s`` are ASCII: ``{% endrawé %}`` closes the block
(the word is ``endraw``, ``é`` is the rest), ``{% endraw_x %}`` does not. So the word's end is "not an ASCII word
character" here too, never Python's Unicode ``\b``; writing ``{%`` for one that Liquid would have read as text is
harmless (it shows the same). Jekyll 3.x always runs Liquid on a post that holds ``{%`` or ``{{``
(``Document#render_with_liquid?`` ignores the front matter there; Jekyll 4 honours ``render_with_liquid: false``), so
the block is read on both. docs/publishing.md says why, tests/e2e/publish/test_existing_blogs.py builds it.
"""

from __future__ import annotations

import re

RAW_OPEN = "{% raw %}"
RAW_CLOSE = "{% endraw %}"
_ENDRAW_START_RE = re.compile(r"\{%(?=-?\s*endraw(?![A-Za-z0-9_]))")  # Ruby's \w is ASCII: "endrawé" is endraw
_SPLIT = RAW_CLOSE + '{{ "{%" }}' + RAW_OPEN


def raw_block(text: str) -> str:
    """``text`` as Liquid that renders to exactly ``text``."""
    nl = "\r\n" if "\r\n" in text else "\n"
    body = _ENDRAW_START_RE.sub(lambda _m: _SPLIT, text)
    if body and not body.endswith(("\n", "\r")):
        body += nl
    return f"{RAW_OPEN}{nl}{body}{RAW_CLOSE}{nl}"


def unwrap(text: str) -> str:
    """What Liquid makes of :func:`raw_block`'s output (for the tests and the diff's reader)."""
    if not text.startswith(RAW_OPEN):
        return text
    nl = "\r\n" if text.startswith(RAW_OPEN + "\r\n") else "\n"
    inner = text[len(RAW_OPEN) + len(nl) :]
    inner = inner[: -len(RAW_CLOSE + nl)] if inner.endswith(RAW_CLOSE + nl) else inner
    return inner.replace(_SPLIT, "{%")


_RAW_SPAN_RE = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_LIQUID_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def as_shown(text: str) -> tuple[str, bool]:
    """A Jekyll post's text as the page shows it, as far as it can be known without running Liquid: each raw block
    becomes the text it holds. The flag says whether other Liquid is left (``{{ site.baseurl }}``, ``{% include %}``),
    which only Jekyll can work out."""
    shown = _RAW_SPAN_RE.sub(lambda m: m.group(1), text)
    rest = _RAW_SPAN_RE.sub("", text)
    return shown, _LIQUID_RE.search(rest) is not None
