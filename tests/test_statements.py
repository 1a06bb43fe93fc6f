"""How many SQL statements the daily commands issue: a path that doubles back (a text hashed and looked up
twice, an agent resolved by object then name then object, a count repeated) shows up here first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from typer.testing import Result

from tests.conftest import SEED

Cli = Callable[..., Result]

# Measured on the seed with --create-missing (two outlets and a person created, seven claims): before the
# straight data path `log` issued 35 statements on SQLite. SQLite inserts ORM rows that need their ids one
# statement each (SQLAlchemy cannot order a batch's RETURNING there); PostgreSQL inserts the claims at once.
# Three more since: the versions waiting for this one as their credited source (one query), and the earlier
# credits naming the outlets and people just created resolved (one UPDATE for each kind created).
# Sealing the event log adds four (the changes noted, emptied, the head read, the events written in one
# INSERT), and on PostgreSQL the advisory lock that keeps one chain. The gazetteer adds four: the recorded
# outlets read once for claim reading, and the credits' other names (and their domains) looked up with them; Telegrafi,
# known to the gazetteer, is created with its domain and other names (two INSERTs more).
LOG_SEED_STATEMENTS = {"sqlite": 43, "postgresql": 38}


@contextmanager
def statements() -> Iterator[list[str]]:
    """Collect the SQL statements every engine sends while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def test_log_of_the_seed_issues_no_more_statements_than_measured(cli: Cli, db_url: str) -> None:
    with statements() as seen:
        result = cli("log", str(SEED), "--outlet", "Telegrafi", "--create-missing")
    assert result.exit_code == 0, result.output
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    assert len(seen) <= LOG_SEED_STATEMENTS[backend], "\n".join(seen)
    content_lookups = [s for s in seen if "content_hash =" in s and s.lstrip().upper().startswith("SELECT")]
    assert len(content_lookups) == 1, "the text is looked up by its hash once"


def test_match_counts_the_index_once(cli: Cli) -> None:
    assert cli("log", str(SEED), "--outlet", "Telegrafi", "--create-missing").exit_code == 0
    with statements() as seen:
        result = cli("match", "1", "--json")
    assert result.exit_code == 0, result.output
    counts = [s for s in seen if "count(" in s.lower()]
    assert len(counts) == 1, "\n".join(counts)
