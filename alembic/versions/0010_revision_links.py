"""Revision links: a new text of a work at the same address (``revision``, prov:wasRevisionOf).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 21:30:00.000000
"""

import warnings
from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEFORE = "'translation', 'republication', 'excerpt', 'adaptation', 'back-translation'"


def _kinds(kinds: str) -> None:
    # Rebuilding the table on SQLite reflects the versions it refers to, whose sighting index is an expression.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        with op.batch_alter_table("derivations", schema=None) as batch_op:
            batch_op.drop_constraint(op.f("ck_derivations_kind"), type_="check")
            batch_op.create_check_constraint("kind", f"kind IN ({kinds})")


def upgrade() -> None:
    _kinds(_BEFORE + ", 'revision'")


def downgrade() -> None:
    op.execute("DELETE FROM derivations WHERE kind = 'revision'")
    _kinds(_BEFORE)
