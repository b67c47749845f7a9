"""Entry templates: the built-ins, user overrides, malformed user files and title patterns."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from journal.errors import InvalidInput
from journal.templates import (
    BUILTIN_ORDER,
    DEFAULT_TEMPLATE_KEY,
    Template,
    TemplateError,
    builtin_templates,
    find_template,
    load_templates,
    parse_template,
)

pytestmark = pytest.mark.core

FRIDAY = date(2024, 5, 3)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtins_are_all_there_in_menu_order() -> None:
    templates = builtin_templates()
    assert [t.key for t in templates] == list(BUILTIN_ORDER)
    assert templates[0].key == DEFAULT_TEMPLATE_KEY
    for t in templates:
        assert t.builtin and t.path is None
        assert t.name and t.description, t.key
        if t.key != "blank":
            assert t.body.startswith(("## ", "**")), t.key
            assert t.body.endswith("\n") and not t.body.endswith("\n\n"), t.key
            assert "{date}" in t.title_pattern, t.key
            assert t.render_title(FRIDAY) != t.title_pattern
    blank = find_template(templates, "blank")
    assert blank is not None
    assert (blank.body, blank.title_pattern, blank.tags) == ("", "", ())


def test_builtin_titles_and_tags() -> None:
    by_key = {t.key: t for t in builtin_templates()}
    assert by_key["daily-log"].render_title(FRIDAY) == "Friday 2024-05-03"
    assert by_key["til"].render_title(FRIDAY) == "TIL — 2024-05-03"
    assert by_key["paper-notes"].tags == ("foundations",)
    assert "```python" in by_key["til"].body
    assert "- [ ]" in by_key["postmortem"].body


def test_render_title_fills_known_placeholders_only() -> None:
    t = Template("k", "K", "", "{weekday}, {month} {year}: {date} {unknown} {{date}} {}", (), "")
    assert t.render_title(date(2023, 12, 31)) == "Sunday, December 2023: 2023-12-31 {unknown} {2023-12-31} {}"
    assert Template("k", "K", "", "", (), "").render_title(FRIDAY) == ""


def test_parse_without_front_matter_is_all_body() -> None:
    t = parse_template("\n\n# Heading\r\n\r\nText\n\n\n", "reading-list")
    assert t.name == "Reading list"
    assert (t.description, t.title_pattern, t.tags) == ("", "", ())
    assert t.body == "# Heading\n\nText\n"


def test_parse_front_matter_fields() -> None:
    text = '\ufeff---\nname: "  Spaced  "\ndescription: d\ntitle: "W {date}"\ntags: "serving, testing ,serving"\n'
    text += "...\nBody\n"
    t = parse_template(text, "x")
    assert t.name == "Spaced"
    assert t.title_pattern == "W {date}"
    assert t.tags == ("serving", "testing")
    assert t.body == "Body\n"


def test_empty_front_matter_is_fine() -> None:
    t = parse_template("---\n---\nBody", "x")
    assert t.name == "X"
    assert t.body == "Body\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nname: x\nBody\n", "x.md: the front matter opened with --- on line 1 is never closed with ---"),
        ("---\nname: [x\n---\n", "x.md: the front matter is not valid YAML on line 2"),
        ("---\n- a\n---\n", "x.md: the front matter must be a mapping of name, description, title, tags"),
        ("---\ntag: [a]\n---\n", "x.md: unknown front matter field 'tag'; did you mean 'tags'?"),
        ("---\nauthor: me\n---\n", "x.md: unknown front matter field 'author'; expected one of"),
        ("---\ntitle: 2024-01-01\n---\n", "x.md: title must be text, got date; put it in quotes"),
        ('---\nname: "a\\nb"\n---\n', "x.md: name must be a single line"),
        ("---\ntags: {a: 1}\n---\n", "x.md: tags must be a list of skill-area names"),
        ("---\ntags: [1]\n---\n", "x.md: each tag must be text, got 1"),
        ('---\ntags: ["a,b"]\n---\n', "x.md: tag 'a,b' cannot contain a comma"),
        (f"---\ntags: [{'a' * 65}]\n---\n", "is too long (at most 64 characters)"),
    ],
)
def test_malformed_template_raises(text: str, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        parse_template(text, "x")
    assert isinstance(info.value, InvalidInput)
    assert message in str(info.value)


def test_load_without_user_folder_gives_builtins() -> None:
    assert load_templates(None) == (builtin_templates(), [])


def test_missing_user_folder_is_not_a_problem(tmp_path: Path) -> None:
    templates, problems = load_templates(tmp_path / "does-not-exist")
    assert [t.key for t in templates] == list(BUILTIN_ORDER)
    assert problems == []


def test_user_templates_add_override_and_report(tmp_path: Path) -> None:
    mine = write(tmp_path, "til.md", "---\nname: My TIL\ntitle: Learned on {date}\n---\nJust one line.\n")
    write(tmp_path, "Reading.md", "# To read\n")
    write(tmp_path, "broken.md", "---\nnmae: Broken\n---\nBody\n")
    (tmp_path / "latin1.md").write_bytes(b"# Caf\xe9\n")
    write(tmp_path, ".hidden.md", "ignored")
    write(tmp_path, "notes.txt", "ignored")
    (tmp_path / "folder.md").mkdir()

    templates, problems = load_templates(tmp_path)

    assert [t.key for t in templates] == [*BUILTIN_ORDER, "Reading"]
    til = find_template(templates, "til")
    assert til is not None
    assert not til.builtin and til.path == mine
    assert til.name == "My TIL"
    assert til.render_title(FRIDAY) == "Learned on 2024-05-03"
    assert til.body == "Just one line.\n"
    reading = find_template(templates, "Reading")
    assert reading is not None and reading.name == "Reading"

    assert [str(p) for p in problems] == [
        "broken.md: unknown front matter field 'nmae'; did you mean 'name'?",
        "latin1.md: not valid UTF-8 (line 1); save the file as UTF-8",
    ]
    assert problems[0].path == tmp_path / "broken.md"


def test_oversized_user_template_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "huge.md").write_bytes(b"x" * (256 * 1024 + 1))
    templates, problems = load_templates(tmp_path)
    assert find_template(templates, "huge") is None
    assert [str(p) for p in problems] == ["huge.md: too large for a template (over 256 KiB)"]


def test_user_folder_that_is_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, "templates", "not a folder")
    templates, problems = load_templates(path)
    assert [t.key for t in templates] == list(BUILTIN_ORDER)
    assert problems == []  # globbing a file finds nothing; nothing to report
