"""How math is written into a blog, chosen per blog so that it renders, or the person is told before publishing.

- MathML where the site's Markdown renderer passes raw HTML (kramdown always does; Hugo's Goldmark only with
  ``markup.goldmark.renderer.unsafe = true``): browsers render it with no script.
- TeX, with the delimiters the site's MathJax or KaTeX looks for, where the templates load one (or Hugo's passthrough
  extension keeps TeX as typed). Each formula is escaped for the Markdown renderer, so that what reaches the page is
  exactly the TeX between its delimiters.
- Otherwise MathML with a warning that names the one configuration line that makes it render.

The blog setting ``math`` (``auto``, ``mathml``, ``tex``) overrides the choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journal.markdown.mathml import MathWriter, write_mathml
from journal.publish import messages
from journal.publish.site import Site

MATH_MODES = ("auto", "mathml", "tex")
_COMMONMARK_PUNCT_RE = re.compile(r"([!-/:-@\[-`{-~])")
_KRAMDOWN_ESCAPABLE_RE = re.compile(r"([\\.*_+`<>()\[\]{}#!:|\"'$=-])")


@dataclass(frozen=True)
class MathChoice:
    mode: str  # mathml | tex
    write: MathWriter
    warning: str | None  # for posts that have math
    param: str | None  # a front matter key to set to true on posts with math (the site loads its script on request)
    summary: str  # one line for the publish dialog


def _escaper(site: Site) -> re.Pattern[str] | None:
    """The characters to backslash-escape so the renderer leaves TeX as typed (None: it already does)."""
    facts = site.theme_facts.math
    if facts is not None and facts.passthrough:
        return None
    return _KRAMDOWN_ESCAPABLE_RE if site.kind == "jekyll" else _COMMONMARK_PUNCT_RE


def tex_writer(site: Site) -> MathWriter:
    """TeX between the site's delimiters, safe from the Markdown renderer."""
    facts = site.theme_facts.math
    inline = facts.inline if facts else ("\\(", "\\)")
    display = facts.display if facts else ("$$", "$$")
    if site.kind == "jekyll" and site.kramdown_math:
        # kramdown reads $$…$$ itself and writes \(…\) or \[…\] for MathJax or KaTeX: give it its own syntax.
        def kramdown(tex: str, is_display: bool, block: bool) -> str:
            tex = " ".join(tex.split())
            return f"$${tex}$$"

        return kramdown
    escape = _escaper(site)

    def write(tex: str, is_display: bool, block: bool) -> str:
        opening, closing = display if is_display else inline
        text = f"{opening}{' '.join(tex.split())}{closing}"
        return escape.sub(r"\\\1", text) if escape is not None else text

    return write


def fix_for_mathml(site: Site) -> tuple[str, str]:
    """(file, line): where and what to add so the site's Markdown renderer lets MathML through."""
    files = list(site.config_files)
    markup = next((f for f in files if re.fullmatch(r"config/_default/markup\.(toml|ya?ml|json)", f)), None)
    if markup is not None:
        if markup.endswith(".toml"):
            return markup, "goldmark.renderer.unsafe = true"
        if markup.endswith(".json"):
            return markup, '"goldmark": {"renderer": {"unsafe": true}}'
        return markup, "goldmark: {renderer: {unsafe: true}}"
    root = next((f for f in files if "/" not in f), None) or next((f for f in files), None) or "hugo.toml"
    if root.endswith(".toml"):
        return root, "markup.goldmark.renderer.unsafe = true"
    if root.endswith(".json"):
        return root, '"markup": {"goldmark": {"renderer": {"unsafe": true}}}'
    return root, "markup: {goldmark: {renderer: {unsafe: true}}}"


def choose_math(site: Site, setting: str = "auto") -> MathChoice:
    """How this site gets its math, and what to tell the person about it."""
    facts = site.theme_facts.math
    generator = "Hugo" if site.kind == "hugo" else "Jekyll"
    if setting == "tex" or (setting == "auto" and not site.raw_html and facts is not None):
        if facts is None:
            return MathChoice("tex", tex_writer(site), messages.WARN_MATH_NO_SCRIPT, None, messages.MATH_TEX_NO_SCRIPT)
        summary = messages.MATH_TEX.format(engine=facts.engine, where=facts.where)
        return MathChoice("tex", tex_writer(site), None, facts.param, summary)
    if site.raw_html:
        return MathChoice("mathml", write_mathml, None, None, messages.MATH_MATHML.format(generator=generator))
    file, line = fix_for_mathml(site)
    warning = messages.WARN_MATH_DROPPED.format(generator=generator, line=line, file=file)
    return MathChoice("mathml", write_mathml, warning, None, messages.MATH_MATHML_DROPPED.format(line=line, file=file))


def describe_site(site: Site, setting: str = "auto") -> str:
    """One line for the publish dialog and ``--dry-run``: the theme, where posts go, the keys its cover image and
    description go in, and how math is written."""
    if site.family == "trailbook":
        theme = messages.SITE_TRAILBOOK
    elif site.family in messages.THEME_NAMES:
        theme = messages.THEME_NAMES[site.family]
    else:
        theme = messages.SITE_THEME_UNKNOWN.format(theme=site.theme) if site.theme else messages.SITE_NO_THEME
    keys = site.theme_facts.cover_keys
    cover = messages.SITE_COVER_KEYS.format(keys=", ".join(keys)) if keys else messages.SITE_NO_COVER
    return messages.SITE_SUMMARY.format(
        theme=theme,
        folder=site.content_dir,
        cover=cover,
        description=", ".join(site.theme_facts.description_keys),
        math=choose_math(site, setting).summary,
    )
