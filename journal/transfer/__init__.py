"""Moving entries in and out of a journal: JSON documents and folders of markdown files."""

from journal.transfer.common import ImportReport
from journal.transfer.jsonfile import export_json, import_json
from journal.transfer.markdownfiles import export_markdown, import_markdown

__all__ = ["ImportReport", "export_json", "export_markdown", "import_json", "import_markdown"]
