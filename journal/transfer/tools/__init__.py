"""One reader per tool people come from: each recognises its source (``recognise``) and reads it into entries
(``read``, a job filling a ``journal.transfer.importer.Reading``). The rules notes share live in ``notes``.

This package's own module imports nothing: the command line's parser reads ``TOOLS`` from it without loading any
reader."""

# The sources an import reads, by the name ``--from`` takes, with the name people know them by.
TOOLS: dict[str, str] = {
    "trailbook": "Trailbook",
    "jrnl": "jrnl",
    "dayone": "Day One",
    "obsidian": "Obsidian",
    "notion": "Notion",
    "joplin": "Joplin",
    "hugo": "Hugo",
    "jekyll": "Jekyll",
    "markdown": "markdown files",
}
