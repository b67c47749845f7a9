"""The private-block rule (journal.markdown.source.private_regions, journal.markdown.private.public_text): a fenced
block whose info string starts with ``private`` is private at any depth of CommonMark's containers (list items,
ordered lists, blockquotes and their nestings), with backticks or tildes of any length and in any case; an unclosed
one hides to the end of the entry even inside a container; and what is left keeps its structure (the rest of a list
stays that list). Structure is checked with markdown-it-py, the CommonMark parser the rule itself uses."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from journal.markdown import render_html, strip_private_blocks
from journal.markdown import source as markdown_source
from journal.markdown.private import LIST_ITEM_PLACEHOLDER, public_text
from journal.markdown.source import private_regions, split_lines

_CM = MarkdownIt("commonmark")
_CONTAINER_OPENS = {"bullet_list_open", "ordered_list_open", "list_item_open", "blockquote_open"}

# (the prefix of a block's first line, the prefix of its other lines) for each container, CommonMark's widths.
CONTAINERS = {
    "top level": ("", ""),
    "indented 3": ("   ", "   "),
    "bullet -": ("- ", "  "),
    "bullet *": ("* ", "  "),
    "bullet +": ("+ ", "  "),
    "wide bullet": ("-   ", "    "),
    "ordered 1.": ("1. ", "   "),
    "ordered 7)": ("7) ", "   "),
    "ordered 10.": ("10. ", "    "),
    "blockquote": ("> ", "> "),
    "blockquote, no space": (">", ">"),
    "nested bullets": ("- - ", "    "),
    "ordered in bullet": ("- 1. ", "     "),
    "list in blockquote": ("> - ", ">   "),
    "ordered in blockquote": ("> 1. ", ">    "),
    "blockquote in list": ("- > ", "  > "),
    "blockquote in ordered": ("2. > ", "   > "),
    "three deep": ("> - 1. ", ">      "),
    "quote, list, quote": ("> * > ", ">   > "),
    "tab after marker": ("-\t", "\t"),
}


def containers_around(text: str, word: str) -> list[tuple[str, str]]:
    """The containers (type, marker) CommonMark puts around the paragraph holding ``word``, outermost first."""
    stack: list[tuple[str, str]] = []
    for token in _CM.parse(text):
        if token.type in _CONTAINER_OPENS:
            stack.append((token.type, token.markup))
        elif token.nesting == -1 and token.type.replace("_close", "_open") in _CONTAINER_OPENS:
            stack.pop()
        elif token.type == "inline" and word in token.content:
            return list(stack)
    raise AssertionError(f"{word!r} is not in a paragraph of {text!r}")


def list_items(text: str) -> int:
    return sum(1 for t in _CM.parse(text) if t.type == "list_item_open")


def block(first: str, rest: str, *, fence: str = "```", info: str = "private", close: str | None = None) -> str:
    """A private block holding SECRET in a container, followed by a paragraph KEPT in the same container."""
    closer = fence if close is None else close
    return f"{first}{fence}{info}\n{rest}SECRET one\n{rest}\n{rest}SECRET two\n{rest}{closer}\n{rest}KEPT after\n"


@pytest.mark.parametrize("name", list(CONTAINERS))
def test_private_block_is_removed_in_every_container(name: str) -> None:
    first, rest = CONTAINERS[name]
    text = f"Intro.\n\n{block(first, rest)}\nOutro.\n"
    public = public_text(text)
    assert "SECRET" not in public.text and public.unclosed_line is None
    assert "Intro." in public.text and "KEPT after" in public.text and "Outro." in public.text
    # what follows the block stays where it was: same containers, same list items
    assert containers_around(public.text, "KEPT") == containers_around(text, "KEPT")
    assert containers_around(public.text, "Outro") == containers_around(text, "Outro") == []
    assert list_items(public.text) == list_items(text)


@pytest.mark.parametrize("name", [n for n in CONTAINERS if CONTAINERS[n][0].strip(" >")])
def test_the_rest_of_the_list_stays_one_list(name: str) -> None:
    first, rest = CONTAINERS[name]
    text = f"{first}first item\n{block(first, rest)}{first}last item\n"
    stripped = strip_private_blocks(text)
    assert "SECRET" not in stripped
    assert list_items(stripped) == list_items(text)
    for word in ("first", "KEPT", "last"):
        assert containers_around(stripped, word) == containers_around(text, word), word
    assert LIST_ITEM_PLACEHOLDER in stripped


@pytest.mark.parametrize("fence", ["```", "~~~", "````", "~~~~", "``````", "~~~~~~~~~~"])
@pytest.mark.parametrize("info", ["private", "PRIVATE", "Private", "pRiVaTe", " private", "private notes", "private-x"])
def test_fence_characters_lengths_and_case(fence: str, info: str) -> None:
    for first, rest in (CONTAINERS["top level"], CONTAINERS["ordered in bullet"], CONTAINERS["list in blockquote"]):
        text = "Before.\n\n" + block(first, rest, fence=fence, info=info) + "\nAfter.\n"
        public = public_text(text)
        assert "SECRET" not in public.text and "KEPT after" in public.text and public.unclosed_line is None


def test_a_longer_closing_fence_closes_and_other_info_strings_are_public() -> None:
    assert "KEPT" in strip_private_blocks(block("- ", "  ", fence="~~~", close="~~~~~"))
    assert "SECRET" not in strip_private_blocks(block("- ", "  ", fence="~~~", close="~~~~~"))
    for info in ("privateer", "python private", "notprivate", "python"):
        assert "SECRET" in strip_private_blocks(block("- ", "  ", info=info)), info


def test_a_block_later_in_a_list_item() -> None:
    text = "- item\n  ```private\n  SECRET\n  ```\n  KEPT\n- next\n"
    stripped = strip_private_blocks(text)
    assert stripped == "- item\n\n  KEPT\n- next\n"
    assert containers_around(stripped, "KEPT") == containers_around(text, "KEPT")
    after_quote = "> quote\n> ```private\n> SECRET\n> ```\n> KEPT\n"
    assert strip_private_blocks(after_quote) == "> quote\n>\n> KEPT\n"


def test_removal_keeps_every_line_ending() -> None:
    text = "- a\r\n- ```private\r\n  SECRET\r\n  ```\r\n  KEPT\r\n- b\r\n"
    assert strip_private_blocks(text) == f"- a\r\n- {LIST_ITEM_PLACEHOLDER}\r\n  KEPT\r\n- b\r\n"
    assert strip_private_blocks(text.replace("\r\n", "\r")) == strip_private_blocks(text).replace("\r\n", "\r")
    mixed = "> A\r\n> ```private\n> SECRET\r> ```\r\n> B\n"
    assert strip_private_blocks(mixed) == "> A\r\n>\r\n> B\n"


def test_a_block_that_is_the_whole_item_leaves_an_empty_item() -> None:
    text = "Intro\n- ```private\n  SECRET\n  ```\n- b\n"
    stripped = strip_private_blocks(text)
    assert stripped == f"Intro\n- {LIST_ITEM_PLACEHOLDER}\n- b\n"
    assert list_items(stripped) == 2 and "<h2>" not in _CM.render(stripped)  # never a setext heading


@pytest.mark.parametrize("box", ["[ ]", "[x]", "[X]"])
def test_a_private_fence_after_a_task_box_is_private(box: str) -> None:
    """CommonMark reads ``- [ ] ```private`` as paragraph text (a code span that would show the secret): fail closed."""
    text = f"- {box} ```private\n  SECRET\n  ```\n- b\n"
    stripped = strip_private_blocks(text)
    assert "SECRET" not in stripped and stripped.endswith("- b\n")


# --- unclosed blocks: to the end of the entry, whatever the container -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept", "line"),
    [
        ("A\n\n```private\nSECRET\n\nSECRET too\n", "A\n\n", 3),
        ("A\n\n~~~~PRIVATE\nSECRET\n~~~\n\nSECRET, a shorter fence does not close\n", "A\n\n", 3),
        ("A\n\n```private\nSECRET\n~~~\nSECRET, the other character does not close\n", "A\n\n", 3),
        # CommonMark ends these blocks with their container; the rule does not
        ("- ```private\n  SECRET\n- SECRET in the next item\n\nSECRET after the list\n", "", 1),
        ("- a\n  - ```private\n    SECRET\n- SECRET\n", "- a\n", 2),
        ("> ```private\n> SECRET\n\nSECRET after the quote\n", "", 1),
        ("1. a\n2. > ~~~private\n   > SECRET\n3. SECRET\n", "1. a\n", 2),
        ("- ```private\n  SECRET\n```\nSECRET: a closing fence outside the item closes nothing\n", "", 1),
        ("> ```private\n> SECRET\n```\nSECRET: nor outside the quote\n", "", 1),
    ],
)
def test_an_unclosed_block_hides_everything_to_the_end(text: str, kept: str, line: int) -> None:
    public = public_text(text)
    assert public.text == kept and public.unclosed_line == line
    assert "SECRET" not in render_html(text, private="strip").html


def test_closed_blocks_report_no_unclosed_line() -> None:
    assert public_text("no blocks at all\n").unclosed_line is None
    assert public_text(block("> - ", ">   ")).unclosed_line is None


# --- where the structure and the line scanner disagree: both are honoured ------------------------------------------


def test_structure_keeps_a_block_open_past_a_line_the_scanner_would_close_it_on() -> None:
    # an opening fence indented 2 columns; a closing fence may be indented at most 3, so the line at 5 is content
    text = "  ```private\nx\n     ```\nSECRET\n```\nKEPT\n"
    assert strip_private_blocks(text) == "KEPT\n"


def test_the_scanner_still_sees_blocks_nested_past_the_parsers_limit() -> None:
    deep = "> " * 120
    text = f"{deep}```private\n{deep}SECRET\n{deep}```\n\nKEPT\n"
    assert strip_private_blocks(text) == "\nKEPT\n"


def test_a_private_opener_inside_another_code_block_is_still_private() -> None:
    text = "- a\n\n  ````markdown\n  ```private\n  SECRET\n  ```\n  ````\n"
    assert "SECRET" not in strip_private_blocks(text)


def test_when_the_parser_cannot_run_all_from_the_first_opener_is_private(monkeypatch: pytest.MonkeyPatch) -> None:
    def too_deep(lines: object) -> list[tuple[int, int, bool]]:
        raise RecursionError

    monkeypatch.setattr(markdown_source, "_parsed_regions", too_deep)
    public = public_text("A\n\n- ```private\n  SECRET\n  ```\n- KEPT?\n")
    assert public.text == "A\n\n" and public.unclosed_line == 3


def test_regions_work_on_lines_without_endings_as_python_markdown_gives_them() -> None:
    text = "- a\n- ```private\n  SECRET\n  ```\n- b\n"
    with_endings = private_regions(split_lines(text))
    without = private_regions(text.split("\n"))
    assert [(r.start, r.end, r.closed, r.prefix) for r in with_endings] == [(1, 4, True, "- ")]
    assert [(r.start, r.end, r.closed, r.prefix) for r in without] == [(1, 4, True, "- ")]


# --- the preview ---------------------------------------------------------------------------------------------------


def test_preview_shows_a_private_block_from_a_list_as_the_marked_aside() -> None:
    text = "- a\n- ```private\n  **SECRET**\n  ```\n- b\n"
    shown = render_html(text).html
    assert '<div class="private-block">' in shown and "<strong>SECRET</strong>" in shown and "```" not in shown
    stripped = render_html(text, private="strip").html
    assert "SECRET" not in stripped and "private-block" not in stripped and stripped.count("<li>") == 3
