"""The event log: every change to the record, hash-chained; the rows already recorded become its first events.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 21:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from provenance.store import journal

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("commit_seq", sa.BigInteger(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorder", sa.String(length=200), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.BigInteger(), nullable=False),
        sa.Column("row_id2", sa.BigInteger(), nullable=False),
        sa.Column("old_values", sa.Text(), nullable=True),
        sa.Column("new_values", sa.Text(), nullable=True),
        sa.Column("version_id", sa.BigInteger(), nullable=True),
        sa.Column("other_version_id", sa.BigInteger(), nullable=True),
        sa.Column("outlet_id", sa.BigInteger(), nullable=True),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_events")),
        sa.UniqueConstraint("hash", name=op.f("uq_events_hash")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_row", ["table_name", "row_id", "row_id2", "seq"], unique=False)
        for column in ("recorded_at", "recorder", "version_id", "other_version_id", "outlet_id", "person_id"):
            batch_op.create_index(batch_op.f(f"ix_events_{column}"), [column], unique=False)
    connection = op.get_bind()
    journal.baseline(connection, journal.Recording("provenance", "provenance db upgrade (migration 0011: baseline)"))
    if connection.dialect.name == "postgresql":
        for statement in journal.postgresql_triggers():
            connection.exec_driver_sql(statement)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        for statement in journal.drop_postgresql_triggers():
            connection.exec_driver_sql(statement)
    op.drop_table("events")
