"""Work batches: the batches of a long job (discover, reindex) that workers on any machine claim and finish.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "work_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=16), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("planned_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.CheckConstraint("task IN ('discover', 'reindex')", name=op.f("ck_work_batches_task")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_batches")),
    )
    with op.batch_alter_table("work_batches", schema=None) as batch_op:
        batch_op.create_index("ix_work_batches_task_done", ["task", "done_at"], unique=False)


def downgrade() -> None:
    op.drop_table("work_batches")
