"""Database URLs, engines and sessions: the embedded SQLite default and PostgreSQL by URL.

The caller owns the transaction: ``with session_scope(engine) as session: ...`` commits on
success and rolls back on any error, so a failed command leaves nothing half-written.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, unquote

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.orm import Session, sessionmaker

from provenance.errors import ConcurrentWriteError, DatabaseError, InputError
from provenance.store.journal import watch_engine

T = TypeVar("T")
ENV_VAR = "PROVENANCE_DATABASE_URL"
_PASSWORD = re.compile(r"://([^:/@]*):[^@/]*@")
_QUERY_PASSWORD = re.compile(r"((?:password|passwd|pwd|sslpassword)=)[^&\s]*", re.IGNORECASE)
SQLITE_BUSY_TIMEOUT_SECONDS = 15
WRITE_ATTEMPTS = 10
"""How many times a transaction that lost a race to another writer is run (``retrying``): a writer that creates
several outlets and people others create too can lose one race for each, one after the other."""


def default_database_path() -> Path:
    """Return the per-user path of the embedded SQLite database."""
    return Path(user_data_dir("provenance", appauthor=False)) / "provenance.db"


def resolve_url(value: str | None = None) -> URL:
    """Return the SQLAlchemy URL for ``value``, ``$PROVENANCE_DATABASE_URL`` or the default file.

    Accepts what people type: ``postgresql://user@host/db`` (driven by psycopg 3),
    ``postgres://…``, ``sqlite:///path`` or a plain file path.
    """
    raw = value or os.environ.get(ENV_VAR) or str(default_database_path())
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser()))
    try:
        url = make_url(raw)
        url.port  # noqa: B018 - parsing the port raises on a malformed one
    except (ArgumentError, ValueError) as e:
        raise InputError(
            f"malformed database URL {redact(raw)!r}: expected postgresql://user@host/db or a file path"
        ) from e
    driver = url.drivername
    if driver in ("postgresql", "postgres", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg")
    if driver in ("sqlite", "sqlite+pysqlite"):
        return url
    raise InputError(
        f"unsupported database {driver!r} in {redact(raw)!r}: use sqlite:///FILE or postgresql://user@host/db "
        "(provenance drives PostgreSQL with psycopg 3)"
    )


def redact(url: URL | str) -> str:
    """Return the URL as a string with any password hidden, in its user part or its query string."""
    if isinstance(url, URL):
        if url.query.get("uri") and (url.database or "").startswith("file:"):  # opened read-only: name the file
            url = url.set(database=unquote(str(url.database)[5:].split("?")[0]), query={})
        shown = url.render_as_string(hide_password=True)
    else:
        try:
            shown = make_url(url).render_as_string(hide_password=True)
        except (ArgumentError, ValueError):
            shown = _PASSWORD.sub(r"://\1:***@", url)
    return _QUERY_PASSWORD.sub(r"\1***", shown)


def require_existing(url: URL) -> None:
    """Raise DatabaseError when ``url`` is a SQLite file that does not exist (a read must not create it)."""
    is_file = url.drivername.startswith("sqlite") and url.database and url.database != ":memory:"
    if is_file and not Path(str(url.database)).expanduser().is_file():
        raise DatabaseError(
            f"no provenance database at {url.database}: create it with `provenance db upgrade` "
            "(or by recording something, e.g. `provenance log FILE`), or point --db at an existing one"
        )


def make_engine(url: URL, *, read_only: bool = False, only_reads: bool = False) -> Engine:
    """Create an engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout.

    ``read_only`` (commands that only read): a SQLite file this process cannot write (a read-only file,
    folder or medium) is opened read-only instead of failing at the first statement. ``only_reads`` (the
    web view): every connection is read-only, SQLite's (``mode=ro``) and PostgreSQL's
    (``default_transaction_read_only``), so no code path can write.
    """
    if url.drivername.startswith("sqlite"):
        path = Path(url.database).expanduser() if url.database and url.database != ":memory:" else None
        if path is not None:
            _check_folder(path)
        mode = _read_only_mode(path) if (read_only or only_reads) and path is not None else None
        if only_reads and path is not None and mode is None:
            mode = "mode=ro"
        if mode is not None and path is not None:
            uri = f"file:{quote(str(path.resolve()))}?{mode}"
            url = url.set(database=uri, query={"uri": "true"})
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
        event.listen(engine, "connect", _configure_sqlite_connection if mode is None else _configure_read_only)
        if mode is None:
            watch_engine(engine)
        return engine
    if only_reads:  # added to the options the URL may give (a search_path, say), not in their place
        given = url.query.get("options", ())
        options = " ".join((*([given] if isinstance(given, str) else given), "-c default_transaction_read_only=on"))
        url = url.difference_update_query(["options"])
        return create_engine(url, pool_pre_ping=True, connect_args={"options": options})
    engine = create_engine(url, pool_pre_ping=True)
    if not read_only:  # a command that only reads notes nothing (and may run on a read-only replica)
        watch_engine(engine)
    return engine


def _read_only_mode(path: Path) -> str | None:
    """How to open a SQLite file this process may not be able to write: None (it can), ``mode=ro`` (a
    read-only file in a writable folder, where SQLite keeps its shared-memory file), or ``immutable=1``
    (a read-only folder or medium, where nothing can change it). Refuses a write-ahead log left on read-only
    media: reading around it would silently miss what it holds."""
    if not path.is_file() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return None
    shm = path.with_name(path.name + "-shm")
    if os.access(path.parent, os.W_OK) and (not shm.exists() or os.access(shm, os.W_OK)):
        return "mode=ro"
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DatabaseError(
            f"database {path} is on read-only storage with changes still in {wal.name}: copy its folder "
            "somewhere writable and open the copy"
        )
    return "mode=ro&immutable=1"


def _check_folder(path: Path) -> None:
    """Create the per-user data folder of the default database; refuse any other folder that does not exist
    (a mistyped --db must not create folders and a database somewhere unexpected)."""
    if path.parent.is_dir():
        return
    if path != default_database_path():
        raise DatabaseError(f"folder {path.parent} does not exist: create it, or check the --db path {path}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DatabaseError(f"cannot create the folder for database {path}: {e.strerror}") from e


def _configure_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def lost_race(error: Exception) -> bool:
    """Return True for an error another writer caused and a new transaction would not meet: a unique key
    inserted meanwhile, or SQLite's lock or stale snapshot."""
    if isinstance(error, IntegrityError):
        return "unique" in str(error.orig).lower() or "duplicate" in str(error.orig).lower()
    return isinstance(error, OperationalError) and "locked" in str(error.orig)


def retrying(engine: Engine, work: Callable[[Session], T], attempts: int = WRITE_ATTEMPTS) -> T:
    """Return ``work(session)`` run in one transaction, run again (in a new one) when it lost a race to another
    writer: the rerun then finds what the other wrote (an outlet, a person, the same text)."""
    for attempt in range(1, attempts + 1):
        started = time.monotonic()
        try:
            with session_scope(engine) as session:
                return work(session)
        except ConcurrentWriteError as e:
            # A lock held for the whole busy timeout is another process's long write, not a race: say so now.
            waited_out = not isinstance(e.__cause__, IntegrityError) and (
                time.monotonic() - started >= SQLITE_BUSY_TIMEOUT_SECONDS
            )
            if attempt == attempts or waited_out:
                raise
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("not reached")


def refresh_statistics(session: Session) -> None:
    """Bring the query planner's statistics up to date after a bulk write (``ANALYZE`` on PostgreSQL,
    ``PRAGMA optimize`` on SQLite): without them, PostgreSQL with autovacuum off, or before it runs, plans a
    chain walk or a title search over a million rows as a full scan."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA optimize"))
    else:
        session.execute(text("ANALYZE"))


def tidy_for_reads(engine: Engine, tables: Sequence[str]) -> None:
    """Bring PostgreSQL's visibility map and statistics of ``tables`` up to date (``VACUUM (ANALYZE)``, which
    must run outside a transaction) before a read-heavy job: with autovacuum off, or before it has run after a
    bulk write, a look-up in an index must visit the table for every row, and matching's retrieval runs two to
    four times slower. SQLite needs nothing of the kind."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in tables:
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {table}")


def describe_operational_error(engine: Engine, error: Exception) -> str:
    """Turn a driver error into a one-line message that says what to do."""
    text = str(getattr(error, "orig", error)).strip().splitlines()[0] if str(error) else ""
    where = redact(engine.url)
    if "locked" in text or "busy" in text:
        return f"database {where} is locked by another process: wait for it to finish and retry"
    if "file is not a database" in text or "file is encrypted" in text:
        return f"{where} is not a provenance database (not SQLite): point --db at another file"
    if "unable to open database" in text:
        return f"cannot open database {where}: check the path exists and is writable"
    return f"cannot use database {where}: {text}"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Yield a session in one transaction: commit on success, roll back on any error.

    A transaction that lost a race to another process (a unique key taken meanwhile, SQLite's snapshot
    gone stale) raises ConcurrentWriteError, which ``retrying`` answers by running it again.
    """
    session = sessionmaker(bind=engine, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except (OperationalError, SQLAlchemyDatabaseError) as e:
        session.rollback()
        if isinstance(e, IntegrityError) and lost_race(e):
            raise ConcurrentWriteError(
                f"another process recorded the same outlet, person or text in {redact(engine.url)} at the same "
                "moment: run the command again"
            ) from e
        if lost_race(e):
            raise ConcurrentWriteError(describe_operational_error(engine, e)) from e
        raise DatabaseError(describe_operational_error(engine, e)) from e
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
