"""The first schema: entries, skill-area tags, revisions and the full-text index.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("updated", TS, nullable=False),
        sa.Column("private", sa.Boolean, nullable=False, server_default=sa.text("0")),
        sa.Column("summary", sa.Text, nullable=False, server_default=""),
        sa.Column("slug", sa.Text, nullable=True),
        sa.Column("deleted_at", TS, nullable=True),
        sa.Column("word_count", sa.Integer, nullable=False, server_default=sa.text("0")),
        # Last on purpose: a long body overflows into a page chain that SQLite would walk to reach later columns.
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_entries_live_day", "entries", ["day", "created"], sqlite_where=sa.text("deleted_at IS NULL"))
    op.create_index("ix_entries_deleted", "entries", ["deleted_at"], sqlite_where=sa.text("deleted_at IS NOT NULL"))
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(collation="NOCASE"), nullable=False, unique=True),
        sa.Column("colour", sa.String(16), nullable=False, server_default="#6b7280"),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "entry_tags",
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_entry_tags_tag", "entry_tags", ["tag_id", "entry_id"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("saved_at", TS, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_revisions_entry", "revisions", ["entry_id", "saved_at"])

    # Full-text index over title and body, diacritics- and case-insensitive, kept in sync by the database itself.
    op.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5(title, body, content='entries', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute("CREATE VIRTUAL TABLE entries_fts_vocab USING fts5vocab(entries_fts, 'row')")
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


def downgrade() -> None:
    for trigger in ("entries_fts_au", "entries_fts_ad", "entries_fts_ai"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE entries_fts_vocab")
    op.execute("DROP TABLE entries_fts")
    op.drop_table("revisions")
    op.drop_table("entry_tags")
    op.drop_table("tags")
    op.drop_table("entries")
