"""What every command shares: the database chosen by the global options, opened once per invocation.

Commands that record open it with ``writing`` (created and migrated on first use, one transaction; chunked
work commits as it goes through ``session.commit`` handed to the library as its ``checkpoint``); commands
that only read open it with ``reading``, which never creates or migrates anything.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

import typer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from provenance.store.database import make_engine, require_existing, resolve_url, retrying, session_scope
from provenance.store.migrations import check_schema, ensure_schema

T = TypeVar("T")

# Every command that prints a table or a summary takes --json for scripts.
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]
WorkersOption = Annotated[
    int, typer.Option(min=1, max=64, help="Processes on this machine sharing the work (one per core at most).")
]
WorkerFlag = Annotated[
    bool,
    typer.Option("--worker", help="Only join the unfinished plan of this command, made on any machine."),
]


@dataclass
class State:
    """Global options of one invocation and the engine they lead to."""

    db: str | None = None
    _engine: Engine | None = field(default=None, repr=False)

    def engine(self, *, create: bool = True, only_reads: bool = False) -> Engine:
        """Return the engine for the chosen database; unless ``create``, refuse a SQLite file that does not exist.
        ``only_reads``: every connection read-only (``make_engine``)."""
        if self._engine is None:
            url = resolve_url(self.db)
            if not create:
                require_existing(url)
            self._engine = make_engine(url, read_only=not create, only_reads=only_reads)
        return self._engine

    def close(self) -> None:
        """Close the invocation's database connections (a script calling the app many times, or a team's
        server with a connection limit, must not keep one open per call)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def state(ctx: typer.Context) -> State:
    """Return the invocation's state from the root context."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def write(ctx: typer.Context, work: Callable[[Session], T]) -> T:
    """Return ``work(session)`` run in one transaction on the chosen database (created and migrated if it is
    new), run again when another process wrote the same thing at the same moment (``retrying``)."""
    engine = state(ctx).engine()
    ensure_schema(engine)
    return retrying(engine, work)


@contextmanager
def writing(ctx: typer.Context) -> Iterator[Session]:
    """Yield a session on the chosen database, created and migrated if it is new, for chunked work that
    commits as it goes with ``session.commit`` (each chunk retried by the library when it loses a race)."""
    engine = state(ctx).engine()
    ensure_schema(engine)
    with session_scope(engine) as session:
        yield session


@contextmanager
def reading(ctx: typer.Context) -> Iterator[Session]:
    """Yield a session on the chosen database, which must exist at this provenance's schema: a command that
    only reads never creates or migrates a database."""
    engine = state(ctx).engine(create=False)
    check_schema(engine)
    with session_scope(engine) as session:
        yield session


def current_user() -> str | None:
    """Return who is recording, for the audit trail (``$PROVENANCE_USER`` or the login name)."""
    try:
        return os.environ.get("PROVENANCE_USER") or getpass.getuser()
    except (KeyError, OSError):
        return None
