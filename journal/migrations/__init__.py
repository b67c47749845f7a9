"""Alembic migrations of the journal schema, run programmatically when a journal is opened.

``REVISIONS`` lists every revision in order, so opening a journal can tell "up to date", "needs upgrading" and "from a
newer Trailbook" without importing Alembic; a test checks it matches the scripts in ``versions/``.
"""

REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
)
HEAD = REVISIONS[-1]
