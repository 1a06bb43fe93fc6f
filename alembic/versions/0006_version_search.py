"""Searching versions fast on a big database: title words, publication dates and the start of an address.

Title words: a full-text index on SQLite (an FTS5 table over versions.title, kept by triggers) and a GIN index
of to_tsvector('simple', title) on PostgreSQL; plain indexes on published_at and url.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 15:50:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_UP = (
    "CREATE VIRTUAL TABLE versions_title_fts USING fts5("
    "title, content='versions', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER versions_title_fts_insert AFTER INSERT ON versions BEGIN "
    "INSERT INTO versions_title_fts(rowid, title) VALUES (new.id, new.title); END",
    "CREATE TRIGGER versions_title_fts_delete AFTER DELETE ON versions BEGIN "
    "INSERT INTO versions_title_fts(versions_title_fts, rowid, title) VALUES ('delete', old.id, old.title); END",
    "CREATE TRIGGER versions_title_fts_update AFTER UPDATE OF title ON versions BEGIN "
    "INSERT INTO versions_title_fts(versions_title_fts, rowid, title) VALUES ('delete', old.id, old.title); "
    "INSERT INTO versions_title_fts(rowid, title) VALUES (new.id, new.title); END",
    "INSERT INTO versions_title_fts(versions_title_fts) VALUES ('rebuild')",
)
_SQLITE_DOWN = (
    "DROP TRIGGER versions_title_fts_update",
    "DROP TRIGGER versions_title_fts_delete",
    "DROP TRIGGER versions_title_fts_insert",
    "DROP TABLE versions_title_fts",
)


def upgrade() -> None:
    op.create_index("ix_versions_published_at", "versions", ["published_at"])
    op.create_index("ix_versions_url", "versions", ["url"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_UP:
            op.execute(statement)
    else:
        op.execute(
            "CREATE INDEX ix_versions_title_search ON versions USING gin (to_tsvector('simple', coalesce(title, '')))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX ix_versions_title_search")
    op.drop_index("ix_versions_url", table_name="versions")
    op.drop_index("ix_versions_published_at", table_name="versions")
