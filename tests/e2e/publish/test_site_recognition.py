"""Recognising a blog as it is, from its own files: Hugo's hugo.toml/yaml and config/_default (hugo-clarity's layout)
with the theme's own configuration, Jekyll's _config.yml; the posts folder where the existing posts are; how those
posts write their front matter; which keys the theme reads the cover image and description from; how math can reach
the page. No generator runs here (test_existing_blogs.py builds them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from journal.attachments import store_attachment
from journal.db import Journal
from journal.entries import create_entry
from journal.publish import matter
from journal.publish.blogs import Blog
from journal.publish.mathmode import choose_math, describe_site
from journal.publish.posts import render_post
from journal.publish.site import detect_site, read_site

from .blog_sites import BASE_PATH, BASE_URL, ananke, clarity, minima, papermod
from .conftest import png_bytes


def test_papermod_site(tmp_path: Path) -> None:
    site = read_site(papermod(tmp_path / "s"))
    assert (site.kind, site.theme, site.family, site.content_dir) == ("hugo", "PaperMod", "papermod", "content/posts")
    assert (site.base_url, site.base_path, site.config_files) == (BASE_URL, BASE_PATH, ("hugo.toml",))
    assert site.style.format == "toml" and site.style.bundles is False and site.style.learned_from == 1
    assert site.theme_facts.source == "templates"
    assert site.theme_facts.cover_keys[0] == "cover.image" and "images" in site.theme_facts.cover_keys
    assert site.theme_facts.description_keys == ("description",)
    # Goldmark drops raw HTML unless the site says otherwise; PaperMod loads no math script.
    assert site.raw_html is False and site.theme_facts.math is None
    choice = choose_math(site)
    assert choice.mode == "mathml" and choice.warning is not None
    assert "`markup.goldmark.renderer.unsafe = true`" in choice.warning and "hugo.toml" in choice.warning


def test_papermod_with_unsafe_html_gets_mathml_without_a_warning(tmp_path: Path) -> None:
    site = read_site(papermod(tmp_path / "s", extra_config="[markup.goldmark.renderer]\nunsafe = true\n"))
    assert site.raw_html is True
    assert choose_math(site).mode == "mathml" and choose_math(site).warning is None


def test_papermod_with_katex_gets_tex_with_its_delimiters(tmp_path: Path) -> None:
    partial = (
        "{{ if .Params.math }}\n"
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/katex@0.16.9/dist/katex.min.css">\n'
        '<script defer src="https://cdn.jsdelivr.net/npm/katex@0.16.9/dist/katex.min.js"></script>\n'
        '<script defer src="https://cdn.jsdelivr.net/npm/katex@0.16.9/dist/contrib/auto-render.min.js"\n'
        "  onload=\"renderMathInElement(document.body, {delimiters: [{left: '$$', right: '$$', display: true},"
        " {left: '$', right: '$', display: false}]});\"></script>\n{{ end }}\n"
    )
    site = read_site(papermod(tmp_path / "s", files={"layouts/partials/extend_head.html": partial}))
    math = site.theme_facts.math
    assert math is not None and math.engine == "KaTeX" and math.param == "math"
    assert (math.inline, math.display) == (("$", "$"), ("$$", "$$"))
    assert math.where == "layouts/partials/extend_head.html"
    choice = choose_math(site)
    assert choice.mode == "tex" and choice.warning is None and choice.param == "math"
    # Escaped for Goldmark, so the page's text is exactly the TeX between the delimiters.
    assert choice.write(r"\hat{y}_i", False, False) == r"\$\\hat\{y\}\_i\$"
    # The blog's own setting wins.
    assert choose_math(site, "mathml").mode == "mathml"


def test_ananke_site(tmp_path: Path) -> None:
    site = read_site(ananke(tmp_path / "s"))
    assert (site.theme, site.family, site.content_dir, site.base_path) == (
        "ananke",
        "ananke",
        "content/post",
        BASE_PATH,
    )
    assert site.style.format == "yaml" and site.style.bundles is True and site.style.quoted_dates is False
    assert site.theme_facts.cover_keys[0] == "featured_image" and "images" in site.theme_facts.cover_keys
    assert site.config["params"]["mainsections"] == ["post"]


def test_clarity_site_is_recognised_from_its_config_folder(tmp_path: Path) -> None:
    root = clarity(tmp_path / "s")
    assert detect_site(root) == ("hugo", root / "content" / "post")
    site = read_site(root)
    assert (site.theme, site.family, site.content_dir) == ("hugo-clarity", "clarity", "content/post")
    assert site.base_url == BASE_URL and site.config["params"]["mainsections"] == ["post"]
    assert set(site.config_files) >= {"config/_default/hugo.toml", "config/_default/params.toml"}
    # The theme is a module that is not here: what hugo-clarity is known to read.
    assert site.theme_facts.cover_keys == ("featureImage", "thumbnail") and site.theme_facts.source == "known theme"
    assert site.style.format == "toml" and site.style.bundles is True
    # The one line that fixes math goes in the file that holds markup settings.
    choice = choose_math(site)
    assert choice.warning is not None and "`goldmark.renderer.unsafe = true`" in choice.warning
    assert "config/_default/markup.toml" in choice.warning


def test_minima_site(tmp_path: Path) -> None:
    site = read_site(minima(tmp_path / "s", timezone="Europe/Paris"))
    assert (site.kind, site.theme, site.family, site.content_dir) == ("jekyll", "minima", "minima", "_posts")
    assert (site.base_url, site.base_path) == (BASE_URL, BASE_PATH)
    assert site.timezone_name == "Europe/Paris" and site.timezone.utcoffset(dt.datetime(2024, 5, 2)) is not None
    assert site.post_layout == "post" and site.style.layout == "post"
    assert site.style.date_style == "spaced" and site.style.quoted_dates is False
    assert site.theme_facts.cover_keys == ("image",) and site.theme_facts.description_keys == ("description",)
    assert site.kramdown_math is True and site.raw_html is True
    assert choose_math(site).mode == "mathml" and choose_math(site).warning is None


def test_minima_without_timezone_is_utc_and_layout_from_defaults(tmp_path: Path) -> None:
    root = minima(tmp_path / "s")
    (root / "_config.yml").write_text(
        (root / "_config.yml").read_text(encoding="utf-8")
        + 'defaults:\n  - scope: {path: "", type: posts}\n    values: {layout: post, render_with_liquid: false}\n',
        encoding="utf-8",
    )
    site = read_site(root)
    assert site.timezone == dt.UTC and site.timezone_name is None
    assert site.post_layout is None and site.liquid_off is True  # the defaults give the layout already


def test_a_folder_without_a_site(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    assert detect_site(tmp_path) is None
    site = read_site(tmp_path, "hugo")
    assert site.recognised is False and site.family == "trailbook" and site.content_dir == "content/posts"


def _blog(root: Path, content_dir: str, layout: str = "bundle", fmt: str = "yaml") -> Blog:
    return Blog(
        1, "b", "hugo", root, "main", "origin", content_dir, layout, fmt, "", "", "", False, dt.datetime.now(dt.UTC)
    )


def test_theme_keys_the_person_set_stay_on_republish(journal: Journal, tmp_path: Path) -> None:
    root = papermod(tmp_path / "s")
    site = read_site(root)
    image = store_attachment(journal, png_bytes(seed=3), ".png")
    entry = create_entry(journal, f"Text.\n\n![plot]({image})\n", title="Serving", summary="Short.")
    blog = _blog(root, site.content_dir)
    first = render_post(entry, blog, "serving", attachments=journal.paths.attachments, site=site)
    fmt, meta, _ = matter.read_post(first.text)
    name = first.images[0].name
    assert fmt == "toml"  # as the person's own posts
    assert meta["cover"] == {
        "image": name,
        "relative": True,
        "hidden": True,
        "hiddenInSingle": True,
        "hiddenInList": False,
    }
    assert meta["images"] == [f"posts/serving/{name}"] and meta["description"] == "Short."
    # The person adds a caption to the cover and a key of their own, in the blog.
    edited = first.text.replace("[cover]\n", '[cover]\ncaption = "Mine"\n').replace("+++\n", "+++\nShowToc = true\n", 1)
    second = render_post(entry, blog, "serving", attachments=journal.paths.attachments, site=site, existing=edited)
    _, meta2, _ = matter.read_post(second.text)
    assert meta2["cover"]["caption"] == "Mine" and meta2["cover"]["image"] == name and meta2["ShowToc"] is True
    # A cover image of their own choosing is theirs: it stays, ours goes elsewhere only where it was ours.
    mine = second.text.replace(f'image = "{name}"', 'image = "/images/mine.jpg"')
    third = render_post(entry, blog, "serving", attachments=journal.paths.attachments, site=site, existing=mine)
    _, meta3, _ = matter.read_post(third.text)
    assert meta3["cover"]["image"] == "/images/mine.jpg" and meta3["cover"]["caption"] == "Mine"


def test_ananke_gets_its_featured_image_and_jekyll_its_layout(journal: Journal, tmp_path: Path) -> None:
    root = ananke(tmp_path / "a")
    site = read_site(root)
    image = store_attachment(journal, png_bytes(seed=4), ".png")
    entry = create_entry(journal, f"![plot]({image})\n", title="Serving", summary="Short.")
    post = render_post(
        entry, _blog(root, site.content_dir), "serving", attachments=journal.paths.attachments, site=site
    )
    _, meta, _ = matter.read_post(post.text)
    assert meta["featured_image"] == post.images[0].name and meta["images"] == [f"post/serving/{post.images[0].name}"]
    assert post.url == f"{BASE_URL}post/serving/"


def test_a_clarity_post_goes_where_its_posts_are_with_the_keys_it_reads(journal: Journal, tmp_path: Path) -> None:
    """hugo-clarity (issue 11: "not recognised; posts go to a new content/posts, the URL is wrong; no featureImage"):
    the post is a bundle in content/post, its address follows the site's `post` permalink, and its image is in
    `featureImage` and `thumbnail`, the keys the theme reads."""
    root = clarity(tmp_path / "c")
    site = read_site(root)
    image = store_attachment(journal, png_bytes(seed=5), ".png")
    entry = create_entry(journal, f"![plot]({image})\n", title="Serving", summary="Short.", day=dt.date(2024, 5, 2))
    post = render_post(
        entry, _blog(root, site.content_dir), "serving", attachments=journal.paths.attachments, site=site
    )
    fmt, meta, _ = matter.read_post(post.text)
    name = post.images[0].name
    assert fmt == "toml" and post.paths.post == "content/post/serving/index.md"
    assert (meta["featureImage"], meta["thumbnail"], meta["description"]) == (name, name, "Short.")
    assert post.url == f"{BASE_URL}2024/05/serving/"


def test_the_dialog_line_names_the_keys_each_theme_reads(tmp_path: Path) -> None:
    """What the publish dialog and `publish --dry-run` show about the site (Plan.summary): the theme, the posts
    folder and the keys the cover image and description go in."""
    expected = {
        papermod: "PaperMod: posts in content/posts/; cover image in cover.image, images, description in description",
        ananke: "Ananke: posts in content/post/; cover image in featured_image, images, description in description",
        clarity: "hugo-clarity: posts in content/post/; cover image in featureImage, thumbnail, description in "
        "description",
        minima: "minima: posts in _posts/; cover image in image, description in description",
    }
    for make, start in expected.items():
        line = describe_site(read_site(make(tmp_path / make.__name__)))
        assert line.startswith(start + "; math "), line


def test_a_jekyll_posts_layout_comes_from_the_existing_posts_else_post(tmp_path: Path) -> None:
    """With no `defaults` giving one: the layout the person's posts name, and `post` when there are none."""
    root = minima(tmp_path / "s")
    hand = root / "_posts" / "2024-01-10-hello.markdown"
    hand.write_text(hand.read_text(encoding="utf-8").replace("layout: post", "layout: article"), encoding="utf-8")
    assert read_site(root).post_layout == "article"
    hand.unlink()
    assert read_site(root).post_layout == "post"


MATHJAX_PARTIAL = (
    "<script>MathJax = {tex: {inlineMath: [['$', '$']], displayMath: [['\\\\[', '\\\\]']]}};</script>\n"
    '<script id="MathJax-script" async src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>\n'
)


def test_mathjax_is_found_with_its_delimiters_and_the_page_holds_the_tex_as_typed(
    journal: Journal, tmp_path: Path
) -> None:
    """A site that loads MathJax (its own config naming the delimiters) gets TeX between them, escaped so that
    Goldmark leaves exactly the TeX on the page (built with the real Hugo)."""
    import shutil
    from html import unescape

    import pytest

    from journal.publish.scaffold import build_site

    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    root = papermod(tmp_path / "s", files={"layouts/partials/extend_head.html": MATHJAX_PARTIAL})
    site = read_site(root)
    math = site.theme_facts.math
    assert math is not None and math.engine == "MathJax" and not math.passthrough
    assert (math.inline, math.display) == (("$", "$"), ("\\[", "\\]"))
    assert choose_math(site).mode == "tex" and choose_math(site).warning is None
    tex_inline, tex_display = r"\hat{y}_i = \sigma(w_1 x + b)", r"\sum_{i=1}^{n} x_i^*"
    entry = create_entry(journal, f"The loss ${tex_inline}$ and\n\n$${tex_display}$$\n", title="Loss")
    post = render_post(entry, _blog(root, site.content_dir), "loss", attachments=journal.paths.attachments, site=site)
    target = root / post.paths.post
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(post.text, encoding="utf-8")
    build_site(root, "hugo", tmp_path / "out")
    page = unescape((tmp_path / "out" / "posts" / "loss" / "index.html").read_text(encoding="utf-8"))
    assert f"${tex_inline}$" in page and f"\\[{tex_display}\\]" in page


def test_hugos_passthrough_extension_keeps_tex_as_typed(tmp_path: Path) -> None:
    """With Goldmark's passthrough extension on, the TeX goes between its delimiters unescaped (Hugo hands it over as
    typed), and MathJax is assumed when the templates name no script."""
    config = (
        "[markup.goldmark.extensions.passthrough]\nenable = true\n"
        "[markup.goldmark.extensions.passthrough.delimiters]\n"
        "block = [['\\[', '\\]'], ['$$', '$$']]\ninline = [['\\(', '\\)']]\n"
    )
    site = read_site(papermod(tmp_path / "s", extra_config=config))
    math = site.theme_facts.math
    assert math is not None and math.passthrough and math.engine == "MathJax"
    assert (math.inline, math.display) == (("\\(", "\\)"), ("\\[", "\\]"))
    choice = choose_math(site)
    assert choice.mode == "tex" and choice.write(r"\hat{y}_i", False, False) == r"\(\hat{y}_i\)"


def test_the_themes_own_configuration_is_read_under_the_sites(tmp_path: Path) -> None:
    """Hugo merges a theme's own hugo.toml and config/_default/ under the site's: what only the theme sets counts
    (here, raw HTML allowed: MathML needs no warning), and the site's own settings win."""
    root = papermod(tmp_path / "s")
    theme = root / "themes" / "PaperMod"
    (theme / "hugo.toml").write_text(
        'baseURL = "https://theme.example/"\n[markup.goldmark.renderer]\nunsafe = true\n'
        '[params]\nmainSections = ["notes"]\nShowReadingTime = false\n',
        encoding="utf-8",
    )
    site = read_site(root)
    assert site.raw_html is True and choose_math(site).warning is None
    assert site.config["params"]["mainsections"] == ["posts"] and site.config["params"]["showreadingtime"] is True
    assert site.base_url == BASE_URL  # a theme's baseURL never counts
