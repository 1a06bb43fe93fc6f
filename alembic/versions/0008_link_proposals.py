"""Proposed links: what `provenance discover` found, waiting for review (accepted or rejected, never again).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("derived_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint("status IN ('open', 'accepted', 'rejected')", name=op.f("ck_link_proposals_status")),
        sa.ForeignKeyConstraint(
            ["derived_id"], ["versions.id"], name=op.f("fk_link_proposals_derived_id_versions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["versions.id"], name=op.f("fk_link_proposals_source_id_versions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_proposals")),
        sa.UniqueConstraint("derived_id", "source_id", name=op.f("uq_link_proposals_derived_id")),
    )
    with op.batch_alter_table("link_proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_proposals_status_score"), ["status", "score"], unique=False)
        batch_op.create_index(batch_op.f("ix_link_proposals_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_table("link_proposals")
