"""What every command shares: the database chosen by the global options, opened once per invocation."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema

# Every command that prints a table or a summary takes --json for scripts.
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@dataclass
class State:
    """Global options of one invocation and the engine they lead to."""

    db: str | None = None
    _engine: Engine | None = field(default=None, repr=False)

    def engine(self) -> Engine:
        """Return the engine for the chosen database, created on first use."""
        if self._engine is None:
            self._engine = make_engine(resolve_url(self.db))
        return self._engine


def state(ctx: typer.Context) -> State:
    """Return the invocation's state from the root context."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def migrated_engine(ctx: typer.Context) -> Engine:
    """Return the engine of the chosen database, created and migrated if it is new."""
    engine = state(ctx).engine()
    ensure_schema(engine)
    return engine


@contextmanager
def database(ctx: typer.Context) -> Iterator[Session]:
    """Yield a session on the migrated database, in one transaction for the whole command."""
    with session_scope(migrated_engine(ctx)) as session:
        yield session


def current_user() -> str | None:
    """Return who is recording, for the audit trail (``$PROVENANCE_USER`` or the login name)."""
    try:
        return os.environ.get("PROVENANCE_USER") or getpass.getuser()
    except (KeyError, OSError):
        return None
