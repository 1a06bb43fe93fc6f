"""Matching: lexical fingerprints per version (match_features) and per-version counts and embeddings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 03:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "match_features",
        sa.Column("feature", sa.String(length=64), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["versions.id"],
            name=op.f("fk_match_features_version_id_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("feature", "version_id", name=op.f("pk_match_features")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("match_features", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_features_version_id"), ["version_id"], unique=False)

    op.create_table(
        "match_documents",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("cross_features", sa.Integer(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("embedded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["versions.id"],
            name=op.f("fk_match_documents_version_id_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_match_documents")),
    )
    with op.batch_alter_table("match_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_documents_model"), ["model"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("match_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_documents_model"))
    op.drop_table("match_documents")
    with op.batch_alter_table("match_features", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_features_version_id"))
    op.drop_table("match_features")
