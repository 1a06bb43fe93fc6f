"""A version is a text at an outlet and an address: the same text may be recorded again elsewhere.

The unique content hash becomes a plain index, and one row per sighting (content hash, outlet, address)
is kept unique instead, so that racing writers of the same sighting still end with one row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 15:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic.util import CommandError

from alembic import context, op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SIGHTING = ["content_hash", sa.text("coalesce(outlet_id, 0)"), sa.text("coalesce(url, '')")]


def upgrade() -> None:
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_versions_content_hash", type_="unique")
        batch_op.create_index("ix_versions_content_hash", ["content_hash"], unique=False)
    op.create_index("uq_versions_sighting", "versions", _SIGHTING, unique=True)


def downgrade() -> None:
    # Down to base every table goes anyway; down to a revision that keeps versions, copies cannot stay.
    to_base = context.get_revision_argument() in ("base", None, ())
    copies = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM versions GROUP BY content_hash HAVING count(*) > 1 LIMIT 1"))
        .first()
    )
    if copies is not None and not to_base:
        raise CommandError(
            "the database holds copies of one text at several outlets or addresses, which revision 0004 "
            "cannot hold: remove the copies first, or stay on this revision"
        )
    op.drop_index("uq_versions_sighting", table_name="versions")
    if to_base:  # the table itself goes next; copies in it need no unique hash on the way
        return
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_index("ix_versions_content_hash")
        batch_op.create_unique_constraint("uq_versions_content_hash", ["content_hash"])
