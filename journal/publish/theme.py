"""What a site's templates read: where the cover image and the description go, and whether (and how) the pages load
MathJax or KaTeX. Found by reading the templates (the site's own and its theme's), so a theme Trailbook has never
heard of is handled the way its templates say; a known theme whose files are not on this machine (a Hugo Module, a
gem that is not installed) falls back on what that theme is known to read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_TEMPLATE_FILES = 800
MAX_TEMPLATE_BYTES = 4_000_000
_TEMPLATE_SUFFIXES = (".html", ".htm", ".liquid", ".xml")
_HUGO_PARAM_RES = (
    re.compile(r"\.Params\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)"),
    re.compile(r"\.Param\s+\"([\w.]+)\""),
    re.compile(r"index\s+\.Params\s+\"(\w+)\""),
)
_JEKYLL_PARAM_RE = re.compile(r"\bpage\.(\w+)")
_SEO_TAG_RE = re.compile(r"\{%-?\s*seo\b")
_HUGO_INTERNAL_OG_RE = re.compile(r"_internal/(?:opengraph|twitter_cards|schema)\.html")
_MATH_SCRIPT_RE = re.compile(r"(?i)\b(katex|mathjax)\b")
_MATH_PARAM_RE = re.compile(r"\.Params\.math\b|\.Param\s+\"math\"|\bpage\.math\b|\.Params\.katex\b|\bpage\.katex\b")


def _js_string(name: str) -> str:
    """A quoted JavaScript string whose text is the group ``name`` (its quote named too: a pattern holds several, and
    a numbered back-reference would point at whatever group came first)."""
    return rf"""(?P<{name}_q>['"])(?P<{name}>(?:\\.|(?!(?P={name}_q)).)+)(?P={name}_q)"""


_MATHJAX_DELIMS_RE = re.compile(
    rf"(?P<kind>inlineMath|displayMath)\s*[:=]\s*\[\s*\[\s*{_js_string('open')}\s*,\s*{_js_string('close')}"
)
_KATEX_DELIM_RE = re.compile(
    rf"left\s*:\s*{_js_string('open')}\s*,\s*right\s*:\s*{_js_string('close')}\s*,\s*display\s*:\s*"
    r"(?P<display>true|false)",
    re.I,
)
_GEM_ROOTS = (
    "/usr/share/rubygems-integration/all/gems",
    "/usr/lib/ruby/gems/*/gems",
    "/var/lib/gems/*/gems",
    "/usr/local/lib/ruby/gems/*/gems",
    "/usr/local/share/gems/gems",
    "~/.gem/ruby/*/gems",
    "~/.local/share/gem/ruby/*/gems",
)

KNOWN_THEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # family: (cover image keys, description keys), for when the theme's templates are not on this machine
    "papermod": (("cover.image",), ("description",)),
    "ananke": (("featured_image",), ("description",)),
    "clarity": (("featureImage", "thumbnail"), ("description",)),
    "minima": (("image",), ("description",)),
    "trailbook": (("images",), ("description",)),
}
DEFAULT_KEYS = {"hugo": (("images",), ("description",)), "jekyll": (("image",), ("description",))}
MATH_DEFAULT_DELIMITERS = {"MathJax": (("\\(", "\\)"), ("$$", "$$")), "KaTeX": (("\\(", "\\)"), ("$$", "$$"))}


@dataclass(frozen=True)
class MathScript:
    """MathJax or KaTeX as the site loads it: the delimiters it looks for, and the front matter key that turns it on
    for one page (``math``) when the templates load it only on request."""

    engine: str  # MathJax | KaTeX
    inline: tuple[str, str]
    display: tuple[str, str]
    param: str | None
    where: str  # the template it was found in
    passthrough: bool = False  # Hugo's passthrough extension keeps the delimiters and what is between them as typed


@dataclass(frozen=True)
class ThemeFacts:
    cover_keys: tuple[str, ...]
    description_keys: tuple[str, ...]
    math: MathScript | None
    source: str  # templates | known theme | default


def jekyll_gem_dir(theme: str, root: Path) -> Path | None:
    """The installed gem folder of a Jekyll theme (``minima`` → …/gems/minima-2.5.1), newest version first."""
    name = theme.strip().rstrip("/").rsplit("/", 1)[-1].split("@", 1)[0]
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name or ""):
        return None
    import glob

    roots = [str(root / "vendor" / "bundle" / "ruby" / "*" / "gems")]
    for env in ("GEM_HOME", "GEM_PATH"):
        roots += [os.path.join(p, "gems") for p in os.environ.get(env, "").split(os.pathsep) if p]
    roots += [os.path.expanduser(r) for r in _GEM_ROOTS]
    found: list[Path] = []
    pattern = re.compile(rf"^{re.escape(name)}-\d[\w.]*\Z")
    for pattern_root in roots:
        for folder in glob.glob(pattern_root):
            try:
                found += [Path(folder) / c for c in os.listdir(folder) if pattern.match(c)]
            except OSError:
                continue
    if not found:
        return None

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path.name[len(name) + 1 :]))

    return max(found, key=version)


def _templates(folders: list[Path]) -> Iterator[tuple[Path, str]]:
    count = size = 0
    for folder in folders:
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.endswith(_TEMPLATE_SUFFIXES):
                    continue
                path = Path(dirpath) / name
                try:
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                count += 1
                size += len(text)
                if count > MAX_TEMPLATE_FILES or size > MAX_TEMPLATE_BYTES:
                    return
                yield path, text


def _unescape_js(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _math_script(path: Path, text: str, root: Path) -> MathScript:
    engine = "KaTeX" if "katex" in text.lower() else "MathJax"
    inline, display = MATH_DEFAULT_DELIMITERS[engine]
    if engine == "MathJax":
        for m in _MATHJAX_DELIMS_RE.finditer(text):
            pair = (_unescape_js(m["open"]), _unescape_js(m["close"]))
            if m["kind"] == "inlineMath":
                inline = pair
            else:
                display = pair
    else:
        pairs = [
            (_unescape_js(m["open"]), _unescape_js(m["close"]), m["display"].lower())
            for m in _KATEX_DELIM_RE.finditer(text)
        ]
        inlines = [(a, b) for a, b, d in pairs if d == "false"]
        displays = [(a, b) for a, b, d in pairs if d == "true"]
        if inlines:
            inline = ("\\(", "\\)") if ("\\(", "\\)") in inlines else inlines[0]
        if displays:
            display = ("$$", "$$") if ("$$", "$$") in displays else displays[0]
    try:
        where = path.relative_to(root).as_posix()
    except ValueError:
        where = path.as_posix()
    return MathScript(engine, inline, display, None, where)


def _passthrough(config: Mapping[str, Any]) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """Hugo's goldmark passthrough delimiters, when the site turns the extension on."""
    try:
        ext = config["markup"]["goldmark"]["extensions"]["passthrough"]
    except (KeyError, TypeError):
        return None
    if not isinstance(ext, Mapping) or ext.get("enable") is not True:
        return None
    delims = ext.get("delimiters") if isinstance(ext.get("delimiters"), Mapping) else {}

    def first(kind: str, fallback: tuple[str, str]) -> tuple[str, str]:
        pairs = [tuple(p) for p in delims.get(kind) or [] if isinstance(p, list) and len(p) == 2]
        return pairs[0] if pairs else fallback  # type: ignore[return-value]

    return first("inline", ("\\(", "\\)")), first("block", ("$$", "$$"))


def read_theme(root: Path, kind: str, theme_dir: Path | None, family: str, config: Mapping[str, Any]) -> ThemeFacts:
    """Where the theme reads the cover image and description, and its math script, from the templates."""
    if kind == "hugo":
        folders = [root / "layouts"] + ([theme_dir / "layouts"] if theme_dir else [])
    else:
        folders = [root / "_layouts", root / "_includes"]
        folders += [theme_dir / "_layouts", theme_dir / "_includes"] if theme_dir else []
    params: set[str] = set()
    seo = internal_og = False
    math: MathScript | None = None
    gated = False
    for path, text in _templates(folders):
        if kind == "hugo":
            for regex in _HUGO_PARAM_RES:
                params.update(m.group(1).lower() for m in regex.finditer(text))
            internal_og = internal_og or bool(_HUGO_INTERNAL_OG_RE.search(text))
        else:
            params.update(m.group(1).lower() for m in _JEKYLL_PARAM_RE.finditer(text))
            seo = seo or bool(_SEO_TAG_RE.search(text))
        if math is None and _MATH_SCRIPT_RE.search(text) and re.search(r"(?i)<script|\{\{\s*partial|include", text):
            math = _math_script(path, text, root)
        gated = gated or bool(_MATH_PARAM_RE.search(text))
    if math is not None and gated:
        math = MathScript(math.engine, math.inline, math.display, "math", math.where)
    passthrough = _passthrough(config) if kind == "hugo" else None
    if passthrough is not None:
        engine = math.engine if math else "MathJax"
        where = math.where if math else "markup.goldmark.extensions.passthrough"
        math = MathScript(engine, passthrough[0], passthrough[1], math.param if math else None, where, True)

    cover: list[str] = []
    description: list[str] = []
    if kind == "hugo":
        for key, written in (
            ("cover.image", "cover.image"),
            ("featured_image", "featured_image"),
            ("featureimage", "featureImage"),
            ("thumbnail", "thumbnail"),
        ):
            if key in params:
                cover.append(written)
        if "images" in params or internal_og:
            cover.append("images")
        if params or internal_og:
            description.append("description")
    else:
        if seo or "image" in params:
            cover.append("image")
        if seo or "description" in params:
            description.append("description")
    if cover or description:
        return ThemeFacts(tuple(cover), tuple(description) or ("description",), math, "templates")
    if family in KNOWN_THEMES:
        keys = KNOWN_THEMES[family]
        return ThemeFacts(keys[0], keys[1], math, "known theme")
    keys = DEFAULT_KEYS[kind]
    return ThemeFacts(keys[0], keys[1], math, "default")
