"""Alembic environment: runs migrations on the connection provenance hands in."""

from __future__ import annotations

from sqlalchemy import Connection, Engine

from alembic import context
from provenance.store.models import Base, is_title_search_object

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    """Run the migrations in one transaction on ``connection``."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=lambda name, kind, parent: not is_title_search_object(name),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Use the connection or engine provenance put in ``config.attributes``."""
    connection: Connection | None = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine: Engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        run_migrations(connection)


if context.is_offline_mode():
    raise SystemExit("provenance runs its migrations online only: use `provenance db upgrade`")
run_online()
