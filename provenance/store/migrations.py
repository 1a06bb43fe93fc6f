"""Schema migrations through Alembic, configured in code so nothing depends on the working directory.

Every command checks the schema first. Alembic (and the migration scripts it loads) is imported only
when that check is not a plain match with the head read from the scripts' own text (``script_head``):
a command then starts about a quarter of a second sooner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError

from provenance.errors import DatabaseError, SchemaOutOfDateError
from provenance.store.database import describe_operational_error, redact

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^revision(?:: str)? = [\"'](\w+)[\"']", re.M)
_DOWN_REVISION = re.compile(r"^down_revision(?:: [\w |\[\],.]+)? = (?:[\"'](\w+)[\"']|None)", re.M)


def script_location() -> Path:
    """Return the folder of the migration scripts, installed (``provenance/alembic``) or in a checkout."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "alembic", package.parent / "alembic"):
        if (candidate / "env.py").is_file():
            return candidate
    raise DatabaseError("the migration scripts are missing from this installation: reinstall provenance")


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic config for ``engine``; env.py reuses the connection handed in."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.attributes["engine"] = engine
    return config


@cache
def script_head() -> str | None:
    """Return the newest revision as the migration scripts' own text gives it (the revision no other script
    revises), without loading Alembic; None when the text does not say so plainly (Alembic then decides)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in (script_location() / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            revised.add(down.group(1))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def head_revision() -> str:
    """Return the newest schema revision this version of provenance knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_script_config()).get_current_head()
    assert head is not None
    return head


def _script_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    return config


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision the database is on, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except (OperationalError, SQLAlchemyDatabaseError) as e:
        raise DatabaseError(describe_operational_error(engine, e)) from e


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision``."""
    from alembic import command

    _run(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to ``revision`` (``base`` empties it)."""
    from alembic import command

    _run(engine, lambda config: command.downgrade(config, revision))


def _run(engine: Engine, action: Callable[[Config], None]) -> None:
    from alembic.util import CommandError

    try:
        with migration_transaction(engine) as connection:
            config = alembic_config(engine)
            config.attributes["connection"] = connection
            action(config)
        engine.dispose()  # pooled connections look again for the event log the schema may have gained or lost
    except CommandError as e:
        raise DatabaseError(f"migration failed: {e}") from e
    except (OperationalError, SQLAlchemyDatabaseError) as e:
        raise DatabaseError(describe_operational_error(engine, e)) from e


# Any fixed number: the PostgreSQL advisory lock every provenance process takes to migrate.
_MIGRATION_LOCK = 0x70726F76


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """Yield a connection in one transaction that holds the database's migration lock; commit at the end.

    A migration is then all or nothing on both backends (a killed ``db upgrade`` leaves the old schema),
    and processes that migrate the same database at once take turns: the second finds it migrated.
    SQLite's driver would commit around each DDL statement; here the transaction is SQLite's own
    ``BEGIN IMMEDIATE``, which also takes the write lock. PostgreSQL takes an advisory lock.
    """
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
                yield connection
            return
        driver = connection.connection.driver_connection
        autocommit_before = getattr(driver, "isolation_level", "")
        driver.isolation_level = None  # type: ignore[union-attr]
        # A migration that rebuilds a table drops the old one; with foreign keys on, that would cascade to
        # every row referring to it. Off outside the transaction (SQLite ignores it inside), checked before commit.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield connection
                _check_foreign_keys(connection)
            except BaseException:
                connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            driver.isolation_level = autocommit_before  # type: ignore[union-attr]


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
    if broken is not None:
        raise DatabaseError(
            f"the migration would leave table {broken[0]} referring to missing rows: nothing was changed; "
            "report this with `provenance db current`"
        )


@dataclass(frozen=True)
class RevisionInfo:
    """One migration script: its revision id, parent and message."""

    revision: str
    down_revision: str | None
    message: str
    is_head: bool


def history() -> list[RevisionInfo]:
    """Return the migration scripts from newest to oldest."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_script_config())
    return [
        RevisionInfo(
            revision=s.revision,
            down_revision=s.down_revision if isinstance(s.down_revision, str) else None,
            message=s.doc or "",
            is_head=s.is_head,
        )
        for s in scripts.walk_revisions()
    ]


def ensure_schema(engine: Engine) -> None:
    """Create and migrate an empty database; refuse one on another revision with what to do.

    An empty database (a new SQLite file, a new PostgreSQL database) is migrated to head on
    first use. A database on an older revision is never migrated silently: the user decides.
    """
    if _at_head(engine):
        return
    from alembic.runtime.migration import MigrationContext

    from alembic import command

    def first_use(config: Config) -> None:
        # Decided again under the lock: another process may have migrated the database meanwhile.
        connection = config.attributes["connection"]
        if MigrationContext.configure(connection).get_current_revision() is not None:
            return
        if inspect(connection).get_table_names():
            raise DatabaseError(
                f"database {redact(engine.url)} holds tables but no provenance schema: use another database"
            )
        command.upgrade(config, "head")

    _run(engine, first_use)
    _at_head(engine)  # a process that migrated meanwhile to another revision is refused as usual


def check_schema(engine: Engine) -> None:
    """Refuse a database that is not at this provenance's schema, with what to do; never change it.

    For commands that only read: an empty database is not created, an old one not migrated.
    """
    if not _at_head(engine):
        raise SchemaOutOfDateError(
            f"database {redact(engine.url)} holds no provenance records yet: create its schema with "
            "`provenance db upgrade` or record something (e.g. `provenance log FILE`)"
        )


def _at_head(engine: Engine) -> bool:
    """Return True at this provenance's head and False for an empty database; refuse any other revision."""
    if _recorded_revision(engine) == script_head():
        return True
    current = current_revision(engine)
    head = head_revision()
    if current is not None and current != head:
        _refuse_other_revision(engine, current, head)
    return current == head


def _refuse_other_revision(engine: Engine, current: str, head: str) -> NoReturn:
    known = {info.revision for info in history()}
    if current not in known:
        raise SchemaOutOfDateError(
            f"database {redact(engine.url)} is on schema {current}, newer than this provenance knows: "
            "upgrade provenance"
        )
    raise SchemaOutOfDateError(
        f"database {redact(engine.url)} is on schema {current}, this provenance needs {head}: "
        "run `provenance db upgrade`"
    )


def _recorded_revision(engine: Engine) -> str | None:
    """Return the one revision in ``alembic_version`` by plain SQL, or None when that is not simply so."""
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except (OperationalError, SQLAlchemyDatabaseError) as e:
        raise DatabaseError(describe_operational_error(engine, e)) from e
    return rows[0] if len(rows) == 1 else None
