"""The start of an address served by an index on PostgreSQL under any collation: url text_pattern_ops.

A LIKE 'prefix%' uses a plain btree index only under the C collation; text_pattern_ops compares bytes under
any. SQLite needs nothing more (its index on url serves the range the search asks there).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 16:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("CREATE INDEX ix_versions_url_prefix ON versions (url text_pattern_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP INDEX ix_versions_url_prefix")
