"""Shared fixtures: a fresh, migrated database per test, on SQLite and (when a server URL is given) PostgreSQL.

Set PROVENANCE_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1/test to run every database test on
PostgreSQL too. The schema is migrated once per run into a template; each test gets its own copy (a file
copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL, so the role needs CREATEDB), dropped afterwards.
"""

from __future__ import annotations

import functools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer.testing
from hypothesis import settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from provenance.cli import app
from provenance.store import migrations
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.store.models import Base
from provenance.store.verification import verify

# Typer builds the click command tree from the functions' signatures on every CliRunner.invoke (about 70 ms for
# provenance's tree, most of a quick command's time); the tree does not change within a run, so build it once.
_TESTING = vars(typer.testing)
_TESTING["_get_command"] = functools.cache(_TESTING["_get_command"])

settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

PG_URL = os.environ.get("PROVENANCE_TEST_DATABASE_URL")
# The project's shared material (seed article, evaluation data) lives beside the checkout
# as ../shared; PROVENANCE_SHARED_DIR points elsewhere (say, for a clone in /tmp).
SHARED = Path(os.environ.get("PROVENANCE_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
SEED = SHARED / "corpus" / "000_045ef2395e873fac.txt"
WMT16 = SHARED / "data" / "wmt16-enfi-dev"

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not PG_URL, reason="PostgreSQL tests need PROVENANCE_TEST_DATABASE_URL=postgresql://user@host/db"
        ),
    ),
]


needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz `dot` is not installed here (apt-get install graphviz; .ci/run installs it)",
)
"""Marks a test that renders SVG or PNG with Graphviz."""


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated once per test run; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(resolve_url(str(path)))
    ensure_schema(engine)
    engine.dispose()
    return path


class PostgresCopies:
    """PostgreSQL databases equal to a template migrated once per run.

    The first test gets a copy (``CREATE DATABASE … TEMPLATE``); after each test the copy is emptied
    (``TRUNCATE … RESTART IDENTITY``, much cheaper than a new copy, which costs PostgreSQL a checkpoint), or
    replaced by a new copy when the test left it on another schema revision or locked.
    """

    def __init__(self, server_url: str) -> None:
        self.server = resolve_url(server_url)
        self.admin = create_engine(self.server, isolation_level="AUTOCOMMIT")
        self.template = f"provenance_template_{uuid.uuid4().hex[:8]}"
        self._execute(f"CREATE DATABASE {self.template}")
        template = make_engine(self.server.set(database=self.template))
        ensure_schema(template)
        template.dispose()
        self.current: str | None = None
        self._reset_engine: Engine | None = None

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def fresh(self) -> str:
        """Return the URL of a database equal to the template."""
        if self.current is None:
            self.current = f"t_{uuid.uuid4().hex[:12]}"
            self._execute(f"CREATE DATABASE {self.current} TEMPLATE {self.template}")
            self._reset_engine = create_engine(self.server.set(database=self.current))
        return self.server.set(database=self.current).render_as_string(hide_password=False)

    def reset(self) -> None:
        """Empty the copy after a test, or drop it so that the next test gets a new one."""
        assert self._reset_engine is not None
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        try:
            with self._reset_engine.begin() as connection:
                connection.execute(text("SET LOCAL lock_timeout = '5s'"))
                revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if revision != migrations.head_revision():
                    raise LookupError(revision)
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        except (LookupError, SQLAlchemyError):
            self.drop()

    def drop(self) -> None:
        """Drop the current copy (connections left open by the test are closed)."""
        if self._reset_engine is not None:
            self._reset_engine.dispose()
            self._reset_engine = None
        if self.current is not None:
            self._execute(f"DROP DATABASE {self.current} WITH (FORCE)")
            self.current = None

    def close(self) -> None:
        """Drop the copy and the template."""
        self.drop()
        self._execute(f"DROP DATABASE {self.template} WITH (FORCE)")
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_copies() -> Iterator[PostgresCopies]:
    """The run's PostgreSQL template and its working copy."""
    assert PG_URL is not None
    copies = PostgresCopies(PG_URL)
    try:
        yield copies
    finally:
        copies.close()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh database on each backend, migrated to head (a copy of the run's template).

    After the test, the record must be as its event log says (``verify``), unless the test is marked
    ``tampers``: every write path of provenance, whatever a test drove, is journaled.
    """
    checked = request.node.get_closest_marker("tampers") is None
    if request.param == "sqlite":
        target = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        if checked:
            _assert_intact(f"sqlite:///{target}")
        return
    copies: PostgresCopies = request.getfixturevalue("postgres_copies")
    try:
        url = copies.fresh()
        yield url
        if checked:
            _assert_intact(url)
    finally:
        copies.reset()


def _assert_intact(url: str) -> None:
    """Fail the test when the database at head is not as its event log says."""
    engine = make_engine(resolve_url(url))
    try:
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT max(version_num) FROM alembic_version")).scalar()
            if revision != migrations.script_head():
                return
            found = verify(connection)
    except SQLAlchemyError:
        return  # the test left no schema (a migration test) or a database it broke on purpose
    finally:
        engine.dispose()
    if not found.intact:
        pytest.fail("the record differs from its event log: " + "; ".join(p.detail for p in found.problems[:5]))


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database on each backend (no schema): for first use and migrations."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(resolve_url(PG_URL))
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the test's fresh database, migrated to head."""
    created = make_engine(resolve_url(db_url))
    yield created
    created.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session in one transaction, committed when the test passes."""
    with session_scope(engine) as scoped:
        yield scoped


@pytest.fixture
def cli(db_url: str) -> Callable[..., Result]:
    """Run the CLI against the test's database: ``cli("outlet", "list", "--json")``."""
    runner = CliRunner(env={"COLUMNS": "160"})

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(app, ["--db", db_url, *args], input=input, catch_exceptions=False)

    return invoke
