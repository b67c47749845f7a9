"""Search at every size: prefix indexes for two- and three-letter prefixes, and a trigram index that finds a word
inside a sentence of a script written without spaces (Chinese, Japanese, Thai).

- ``entries_fts`` is rebuilt with ``prefix='2 3'``: ``da*`` reads one stored list instead of merging the lists of
  every word that starts with "da" (FTS5 cannot add prefix indexes to an existing table).
- ``entries_trigram`` indexes every three characters of the entries that contain Thai (U+0E00–U+0E7F) or CJK
  (U+3000–U+9FFF: punctuation, kana, ideographs) text. ``unicode61`` makes one token of a whole run such as
  ``今天我们学习梯度下降``, so no word inside it can be found; trigrams find any substring of three or more characters.
  Each column is indexed with two newlines appended, so every character starts a trigram: a one- or two-character
  word is then found through the trigrams it begins (``entries_trigram_instance``, the index's vocabulary).
- Which entries are indexed is decided in one place, the view ``entries_unspaced``; the triggers, this migration and
  the maintenance rebuild all read it. It tests UTF-8 lead bytes (E3–E9 and E0 B8/B9) with ``instr``, which is plain
  SQL: every writer, the app, the command line or the ``sqlite3`` shell, keeps the index right (a Python function
  would fail every write from a connection that lacks it; ``GLOB`` with a character class is 15 times slower).
- The trigram table is contentless (``content=''``: no second copy of the text); snippets come from ``entries``. A
  contentless row is deleted with the values it was indexed with, so the triggers delete only rows it holds.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_UNICODE61 = "tokenize='unicode61 remove_diacritics 2'"
_PAD = "char(10, 10)"
_LEAD_BYTES = ("E4", "E5", "E6", "E7", "E8", "E9", "E3", "E0B8", "E0B9")  # ideographs first: the usual hit


def _unspaced(column: str) -> str:
    """Whether ``column`` holds Thai or CJK text. ASCII text (as many characters as bytes: counted in one pass) is
    let through before the lead bytes are looked for, one pass each."""
    lead_bytes = " OR ".join(f"instr(CAST({column} AS BLOB), X'{b}')" for b in _LEAD_BYTES)
    return f"(length({column}) <> length(CAST({column} AS BLOB)) AND ({lead_bytes}))"


def _main_triggers() -> None:
    op.execute(
        "CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries BEGIN "
        "INSERT INTO entries_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
    )
    op.execute(
        "CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries BEGIN "
        "INSERT INTO entries_fts(entries_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END"
    )
    op.execute(
        "CREATE TRIGGER entries_fts_au AFTER UPDATE OF title, body ON entries BEGIN "
        "INSERT INTO entries_fts(entries_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
        "INSERT INTO entries_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
    )


def _rebuild_main(options: str) -> None:
    for trigger in ("entries_fts_au", "entries_fts_ad", "entries_fts_ai"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE entries_fts_vocab")
    op.execute("DROP TABLE entries_fts")
    op.execute(
        f"CREATE VIRTUAL TABLE entries_fts USING fts5(title, body, content='entries', content_rowid='id', {options})"
    )
    op.execute("INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')")
    op.execute("CREATE VIRTUAL TABLE entries_fts_vocab USING fts5vocab(entries_fts, 'row')")
    _main_triggers()


def upgrade() -> None:
    _rebuild_main(f"{_UNICODE61}, prefix='2 3'")

    op.execute(
        "CREATE VIEW entries_unspaced AS "
        f"SELECT id, title || {_PAD} AS title, body || {_PAD} AS body FROM entries "
        f"WHERE {_unspaced('title')} OR {_unspaced('body')}"
    )
    op.execute("CREATE VIRTUAL TABLE entries_trigram USING fts5(title, body, content='', tokenize='trigram')")
    op.execute("CREATE VIRTUAL TABLE entries_trigram_instance USING fts5vocab(entries_trigram, 'instance')")
    op.execute("INSERT INTO entries_trigram(rowid, title, body) SELECT id, title, body FROM entries_unspaced")
    insert_new = (
        "INSERT INTO entries_trigram(rowid, title, body) SELECT id, title, body FROM entries_unspaced "
        "WHERE id = new.id; "
    )
    # The docsize table holds one row per indexed entry: deleting a row the index never held would corrupt it.
    delete_old = (
        "INSERT INTO entries_trigram(entries_trigram, rowid, title, body) "
        f"SELECT 'delete', old.id, old.title || {_PAD}, old.body || {_PAD} "
        "WHERE EXISTS (SELECT 1 FROM entries_trigram_docsize WHERE id = old.id); "
    )
    op.execute(f"CREATE TRIGGER entries_trigram_ai AFTER INSERT ON entries BEGIN {insert_new}END")
    op.execute(f"CREATE TRIGGER entries_trigram_ad AFTER DELETE ON entries BEGIN {delete_old}END")
    op.execute(
        f"CREATE TRIGGER entries_trigram_au AFTER UPDATE OF title, body ON entries BEGIN {delete_old}{insert_new}END"
    )


def downgrade() -> None:
    for trigger in ("entries_trigram_au", "entries_trigram_ad", "entries_trigram_ai"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE entries_trigram_instance")
    op.execute("DROP TABLE entries_trigram")
    op.execute("DROP VIEW entries_unspaced")
    _rebuild_main(_UNICODE61)
