"""Links between entries (issue 14): ``[[Title]]`` in an entry's text links to the entry of that title or alias.

- ``entry_links``: each entry's links, one row per target name (``key``, as ``journal.markdown.wikilinks.link_key``
  compares names; ``tail_key``, the last part of a path-like target), with the target as first written, the link as
  first written (for ``trailbook check``) and the entry the link went to when it was indexed (``target_id``: the
  binding that keeps a link where it went when several entries answer to one name). Written by Trailbook's writers in
  the same transaction as the text (``journal.links``).
- ``links_pending``: entries whose text changed without their links being indexed (any other writer): a trigger puts
  them there, readers read their links from the text, the next indexing write catches up.
- ``entry_aliases``: the ``aliases`` / ``alias`` of each entry's kept front matter (Obsidian's key), kept by triggers
  for every writer; values that look like addresses (Hugo's redirects, ``/old/path/``) are left out.
- An index on live entries' ``title COLLATE NOCASE``: titles are looked up where they are, never copied.

Existing entries are indexed here (their bindings empty: a link goes to the oldest entry of its name).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BATCH = 2000
# An alias is a name, not an address: text, not empty, not a site path or a URL. As the schema's triggers say it.
_ALIASES = (
    "INSERT OR IGNORE INTO entry_aliases (entry_id, alias) SELECT {id}, trim(j.value) FROM json_each("
    "CASE WHEN json_valid({kept}) THEN {kept} ELSE '{{}}' END, '$.{key}') j "
    "WHERE j.type = 'text' AND trim(j.value) <> '' AND substr(trim(j.value), 1, 1) <> '/' "
    "AND instr(j.value, '://') = 0;"
)


def _alias_sql(entry_id: str, kept: str) -> str:
    return "".join(_ALIASES.format(id=entry_id, kept=kept, key=key) for key in ("aliases", "alias"))


def upgrade() -> None:
    op.execute(
        "CREATE TABLE entry_links ("
        "source_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE, "
        "key TEXT NOT NULL, tail_key TEXT NOT NULL, target TEXT NOT NULL, written TEXT NOT NULL, "
        "target_id INTEGER REFERENCES entries(id) ON DELETE SET NULL, position INTEGER NOT NULL, "
        "PRIMARY KEY (source_id, key)) WITHOUT ROWID"
    )
    op.execute("CREATE INDEX ix_entry_links_key ON entry_links (key)")
    op.execute("CREATE INDEX ix_entry_links_tail ON entry_links (tail_key)")
    op.execute("CREATE INDEX ix_entry_links_target ON entry_links (target_id) WHERE target_id IS NOT NULL")
    op.execute("CREATE TABLE links_pending (entry_id INTEGER PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE)")
    op.execute(
        "CREATE TABLE entry_aliases (entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE, "
        "alias TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (entry_id, alias))"
    )
    op.execute("CREATE INDEX ix_entry_aliases_alias ON entry_aliases (alias)")
    op.execute("CREATE INDEX ix_entries_title_nocase ON entries (title COLLATE NOCASE) WHERE deleted_at IS NULL")
    # instr() over the text in C: a text with no "[[" (most) costs nothing more to write.
    op.execute(
        "CREATE TRIGGER entries_links_insert AFTER INSERT ON entries WHEN instr(new.body, '[[') > 0 BEGIN "
        "INSERT OR IGNORE INTO links_pending (entry_id) VALUES (new.id); END"
    )
    op.execute(
        "CREATE TRIGGER entries_links_update AFTER UPDATE OF body ON entries "
        "WHEN instr(new.body, '[[') > 0 OR instr(old.body, '[[') > 0 BEGIN "
        "INSERT OR IGNORE INTO links_pending (entry_id) VALUES (new.id); END"
    )
    op.execute(
        "CREATE TRIGGER entries_aliases_insert AFTER INSERT ON entries WHEN new.kept_front_matter IS NOT NULL BEGIN "
        + _alias_sql("new.id", "new.kept_front_matter")
        + " END"
    )
    op.execute(
        "CREATE TRIGGER entries_aliases_update AFTER UPDATE OF kept_front_matter ON entries BEGIN "
        "DELETE FROM entry_aliases WHERE entry_id = new.id; " + _alias_sql("new.id", "new.kept_front_matter") + " END"
    )
    for key in ("aliases", "alias"):
        op.execute(
            "INSERT OR IGNORE INTO entry_aliases (entry_id, alias) SELECT e.id, trim(j.value) FROM entries e, "
            "json_each(CASE WHEN json_valid(e.kept_front_matter) THEN e.kept_front_matter ELSE '{}' END, "
            f"'$.{key}') j "
            "WHERE e.kept_front_matter IS NOT NULL AND j.type = 'text' AND trim(j.value) <> '' "
            "AND substr(trim(j.value), 1, 1) <> '/' AND instr(j.value, '://') = 0"
        )
    _index_existing()


def _index_existing() -> None:
    # The link syntax is read by today's parser (as 0010 counts words with today's counter); the rows are written in
    # this schema's form, without bindings.
    from journal.markdown.wikilinks import find_links

    con = op.get_bind()
    last = 0
    while True:
        rows = con.exec_driver_sql(
            "SELECT id, body FROM entries WHERE id > ? AND instr(body, '[[') > 0 ORDER BY id LIMIT ?", (last, BATCH)
        ).fetchall()
        if not rows:
            return
        values = []
        for rid, body in rows:
            seen: set[str] = set()
            for link in find_links(body or ""):
                if link.key not in seen:
                    seen.add(link.key)
                    values.append((rid, link.key, link.tail_key, link.target, link.written, len(seen) - 1))
        if values:
            con.exec_driver_sql(
                "INSERT INTO entry_links (source_id, key, tail_key, target, written, target_id, position) "
                "VALUES (?, ?, ?, ?, ?, NULL, ?)",
                values,  # type: ignore[arg-type]
            )
        last = rows[-1][0]


def downgrade() -> None:
    for trigger in ("entries_links_insert", "entries_links_update", "entries_aliases_insert", "entries_aliases_update"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP INDEX ix_entries_title_nocase")
    for table in ("entry_aliases", "links_pending", "entry_links"):
        op.execute(f"DROP TABLE {table}")
