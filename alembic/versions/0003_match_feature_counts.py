"""Matching: how many versions hold each feature (match_feature_counts) and each version's features in one row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 04:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "match_feature_counts",
        sa.Column("feature", sa.String(length=64), nullable=False),
        sa.Column("versions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("feature", name=op.f("pk_match_feature_counts")),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO match_feature_counts (feature, versions) "
        "SELECT feature, COUNT(*) FROM match_features GROUP BY feature"
    )
    with op.batch_alter_table("match_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("features", sa.Text(), nullable=True))
    joined = (
        "string_agg(feature, E'\\n' ORDER BY feature)"
        if op.get_bind().dialect.name == "postgresql"
        else "group_concat(feature, char(10))"
    )
    op.execute(
        f"UPDATE match_documents SET features = (SELECT {joined} FROM match_features "
        "WHERE match_features.version_id = match_documents.version_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("match_documents", schema=None) as batch_op:
        batch_op.drop_column("features")
    op.drop_table("match_feature_counts")
