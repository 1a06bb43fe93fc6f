"""Matching: each version's names and numbers in the order its text first uses them (match_documents.sequence).

Versions indexed before have NULL there until ``provenance reindex`` fingerprints them again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("match_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("match_documents", schema=None) as batch_op:
        batch_op.drop_column("sequence")
