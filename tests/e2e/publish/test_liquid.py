r"""A Jekyll post's body is one ``{% raw %}`` block (journal.publish.liquid): rendered by the real Liquid, every text
comes out exactly as written. Debian's ruby-liquid (5.4, what its Jekyll 4.3 uses) reads a raw block with the same
rule as Liquid 4.0.4, the GitHub Pages gem's (``Liquid::Raw#parse``: ``/\A(.*)\{\%\s*(\w+)\s*(.*)?\%\}\z/m``),
so this is the rule Jekyll 3 applies too. All texts are rendered by one Ruby process."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from journal.publish.liquid import raw_block, unwrap

RENDER = r"""
require "json"
require "liquid"
texts = JSON.parse(STDIN.read)
out = texts.map do |t|
  begin
    Liquid::Template.parse(t).render
  rescue => e
    "LIQUID ERROR: #{e.message}"
  end
end
STDOUT.write(JSON.generate(out))
"""

CASES = [
    "{{ user }} and {% raw %} and {% endraw %}",
    "{%endraw%} {%- endraw -%} {%  endraw\n%} {% endraw anything %}",
    "{% endrawé %} {% endraw中 %} {% endraw\u0301 %}",  # Ruby's \w is ASCII: each of these closes a raw block
    "{% endraw_x %} {% endraw1 %} {% ENDRAW %} {% endrawx %}",  # and these do not
    "{{ z {% endraw %}",  # a variable that runs into a tag
    "a {% b\n",  # a tag never closed, up to the block's own end
    "{%{% endraw %}",
    "{{ x",
    "}} %} {{{ {%% %%}",
    "💫 {{ 'ü' }} \u202e {% endraw\u00a0%}",
    "line\r\nwith {% endraw %}\r\n",
    "",
]
PIECES = ["{%", "%}", "{{", "}}", "-", " ", "\n", "\t", "endraw", "raw", "é", "_", "x", "{", "}", "%", '"', "'"]


def _render(texts: list[str]) -> list[str]:
    ruby = shutil.which("ruby")
    if ruby is None:
        pytest.skip("Ruby is not installed (it comes with Debian's jekyll)")
    proc = subprocess.run(
        [ruby, "-e", RENDER], input=json.dumps(texts), capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    if "cannot load such file -- liquid" in proc.stderr:
        pytest.skip("Ruby's liquid is not installed (Debian: ruby-liquid, which jekyll needs)")
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout))


def _shown(text: str) -> str:
    """The text as the post holds it: ending in a line break (raw_block adds one where it had none)."""
    nl = "\r\n" if "\r\n" in text else "\n"
    return text if not text or text.endswith(("\n", "\r")) else text + nl


def test_liquid_renders_every_raw_block_as_the_text_it_holds() -> None:
    rng = random.Random(20240502)
    generated = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    texts = CASES + generated
    blocks = [raw_block(t) for t in texts]
    rendered = _render(blocks)
    # Liquid gives the line break after {% raw %}, the text, and the line break after {% endraw %}.
    newline = ["\r\n" if "\r\n" in t else "\n" for t in texts]
    wrong = [(t, r) for t, r, nl in zip(texts, rendered, newline, strict=True) if r != nl + _shown(t) + nl]
    assert wrong == [], wrong[:5]
    assert all(unwrap(b) == _shown(t) for t, b in zip(texts, blocks, strict=True))
