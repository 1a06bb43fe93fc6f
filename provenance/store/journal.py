"""The event log: every change to the record, hash-chained, committed in the transaction that makes it.

How a change becomes an event, whatever code made it (an ORM flush, a bulk insert, a set-based update, a cascade):

1. The database itself notes each inserted, updated or deleted row of a journaled table in a per-connection
   table ``pending_changes``: on SQLite through TEMP triggers this module installs on each connection provenance
   opens; on PostgreSQL through triggers migration 0011 created, which write only on connections that set
   ``provenance.journal`` (provenance's own). A change made with ``sqlite3`` or ``psql`` is therefore not noted,
   and ``verify`` finds it by replaying the log against the rows.
2. As every transaction commits (SQLAlchemy's ``commit`` event), ``seal`` turns the noted changes into events:
   each gets the next sequence number, the recorder, the command, the time, and the SHA-256 of its canonical form
   together with the previous event's hash. PostgreSQL serializes sealing with an advisory lock held to the
   commit; SQLite has one writer at a time. The writes and their events commit together or not at all.

A row is stored in an event as canonical JSON (``canonical_row``); a version's text is left out, its
``content_hash`` stands for it (``verify`` checks the text against it).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shlex
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir
from sqlalchemy import Connection, DateTime, Engine, Float, event, insert, select, text
from sqlalchemy.orm import Session

from provenance.store.models import Base, Event, utcnow

RECORDER_ENV = "PROVENANCE_RECORDER"
GENESIS = "0" * 64
"""The previous hash of the first event."""
BASELINE = "baseline"
"""The action of the events a migration wrote for the rows a database held before it had an event log."""
ACTIONS = ("insert", "update", "delete", BASELINE)
_SEAL_LOCK = 0x70726F65
"""The PostgreSQL advisory lock sealing takes, held until the commit: one chain, however many writers."""


@dataclass(frozen=True)
class Journaled:
    """A table whose rows are the record: its key columns, the columns left out of events, and which of its
    columns say what an event is about (a version, another version, an outlet, a person)."""

    name: str
    keys: tuple[str, ...] = ("id",)
    left_out: tuple[str, ...] = ()
    about: Mapping[str, str] = field(default_factory=dict)


JOURNALED: dict[str, Journaled] = {
    j.name: j
    for j in (
        Journaled("outlets", about={"outlet_id": "id"}),
        Journaled("outlet_aliases", about={"outlet_id": "outlet_id"}),
        Journaled("outlet_domains", about={"outlet_id": "outlet_id"}),
        Journaled("people", about={"person_id": "id"}),
        Journaled("person_aliases", about={"person_id": "person_id"}),
        Journaled("works"),
        Journaled("versions", left_out=("text",), about={"version_id": "id", "outlet_id": "outlet_id"}),
        Journaled(
            "version_authors",
            keys=("version_id", "person_id"),
            about={"version_id": "version_id", "person_id": "person_id"},
        ),
        Journaled(
            "derivations",
            about={
                "version_id": "derived_id",
                "other_version_id": "source_id",
                "person_id": "translator_person_id",
                "outlet_id": "agent_outlet_id",
            },
        ),
        Journaled("claims", about={"version_id": "version_id", "outlet_id": "outlet_id", "person_id": "person_id"}),
        Journaled("finding_acks"),
        Journaled("link_proposals", about={"version_id": "derived_id", "other_version_id": "source_id"}),
    )
}
"""The record: every table whose changes are events. Left out: what ``reindex`` rebuilds (``match_*``), the
work queue (``work_batches``) and the schema revision."""


# --- who records, and with which command ---------------------------------------------------------------------


@dataclass(frozen=True)
class Recording:
    """Who is recording and with which command: what every event of the transaction carries."""

    recorder: str
    command: str
    why: str | None = None


_RECORDING: ContextVar[Recording | None] = ContextVar("provenance_recording", default=None)


def config_path() -> Path:
    """Return the per-user config file (``recorder = "NAME"`` names who records)."""
    return Path(user_config_dir("provenance", appauthor=False)) / "config.toml"


def default_recorder() -> str:
    """Return who records when no ``--as`` is given: ``$PROVENANCE_RECORDER``, the config file's ``recorder``,
    then the login name."""
    named = os.environ.get(RECORDER_ENV) or os.environ.get("PROVENANCE_USER")
    if named:
        return named
    try:
        configured = tomllib.loads(config_path().read_text(encoding="utf-8")).get("recorder")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        configured = None
    if isinstance(configured, str) and configured.strip():
        return configured.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def current_recording() -> Recording:
    """Return the recording in effect: the one ``recording`` set, else the default recorder and this program."""
    return _RECORDING.get() or Recording(default_recorder(), "python")


@contextmanager
def recording(recorder: str | None = None, command: str | None = None, why: str | None = None) -> Iterator[Recording]:
    """Make every event written inside carry ``recorder`` (default: ``default_recorder``), ``command`` and
    ``why`` (the reason a correction gives)."""
    outer = _RECORDING.get()
    now = Recording(
        recorder or (outer.recorder if outer else default_recorder()),
        command or (outer.command if outer else "python"),
        why if why is not None else (outer.why if outer else None),
    )
    token = _RECORDING.set(now)
    try:
        yield now
    finally:
        _RECORDING.reset(token)


def use_recording(now: Recording) -> None:
    """Set the recording for the rest of this process (a worker process takes its parent's)."""
    _RECORDING.set(now)


def command_line(argv: Sequence[str], hide: Sequence[str] = ("--db",)) -> str:
    """Return a command line as it is recorded: the values of ``hide`` options (a URL may hold a password)
    replaced by ``…``."""
    shown: list[str] = []
    hiding = False
    for arg in argv:
        if hiding:
            shown.append("…")
            hiding = False
        elif arg in hide:
            shown.append(arg)
            hiding = True
        elif any(arg.startswith(f"{option}=") for option in hide):
            shown.append(arg.split("=", 1)[0] + "=…")
        else:
            shown.append(arg)
    return shlex.join(shown)


# --- canonical rows and hashes ----------------------------------------------------------------------------------


def _column_kinds(table: str) -> tuple[frozenset[str], frozenset[str]]:
    columns = Base.metadata.tables[table].columns
    times = frozenset(c.name for c in columns if isinstance(c.type, DateTime))
    floats = frozenset(c.name for c in columns if isinstance(c.type, Float))
    return times, floats


_KINDS = {name: _column_kinds(name) for name in JOURNALED}


def canonical_row(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """Return a row as events store it, the same from SQLite's and PostgreSQL's JSON: times in ISO 8601 with
    microseconds, reals as floats, the left-out columns dropped."""
    times, floats = _KINDS[table]
    left_out = JOURNALED[table].left_out
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name in left_out:
            continue
        if value is not None and name in times:
            value = (value if isinstance(value, datetime) else datetime.fromisoformat(value)).isoformat(
                timespec="microseconds"
            )
        elif value is not None and name in floats:
            value = float(value)
        out[name] = value
    return out


def dumps(value: Any) -> str:
    """Return the canonical JSON of ``value``: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(previous: str, fields: Mapping[str, Any]) -> str:
    """Return an event's hash: SHA-256 of the canonical JSON array of the previous hash and its fields, in the
    order ``HASHED`` gives (docs/history.md shows how to check it with any language)."""
    payload = [previous, *(_hashable(fields[name]) for name in HASHED)]
    return hashlib.sha256(dumps(payload).encode("utf-8")).hexdigest()


HASHED = (
    "seq",
    "commit_seq",
    "recorded_at",
    "recorder",
    "command",
    "why",
    "action",
    "table_name",
    "row_id",
    "row_id2",
    "old_values",
    "new_values",
)


def _hashable(value: Any) -> Any:
    return value.isoformat(timespec="microseconds") if isinstance(value, datetime) else value


# --- noting changes: triggers and the per-connection table ------------------------------------------------------

_PENDING_SQLITE = (
    "CREATE TEMP TABLE IF NOT EXISTS pending_changes (id INTEGER PRIMARY KEY, table_name TEXT NOT NULL, "
    "action TEXT NOT NULL, row_id INTEGER NOT NULL, row_id2 INTEGER NOT NULL, old_values TEXT, new_values TEXT)"
)
_PENDING_POSTGRESQL = (
    "CREATE TEMP TABLE IF NOT EXISTS pending_changes (id BIGSERIAL PRIMARY KEY, table_name TEXT NOT NULL, "
    "action TEXT NOT NULL, row_id BIGINT NOT NULL, row_id2 BIGINT NOT NULL, old_values TEXT, new_values TEXT)"
)


def sqlite_row_json(table: str, alias: str, columns: Sequence[str]) -> str:
    """Return SQLite's expression of a row of ``table`` as JSON (``json_object``), its left-out columns dropped:
    the one shape the triggers note and ``verify`` reads."""
    kept = [c for c in columns if c not in JOURNALED[table].left_out]
    return "json_object(" + ", ".join(f"'{c}', {alias}.\"{c}\"" for c in kept) + ")"


def postgresql_row_json(table: str, alias: str) -> str:
    """Return PostgreSQL's expression of a row of ``table`` as JSON (``to_jsonb``), its left-out columns
    dropped."""
    dropped = "".join(f" - '{c}'" for c in JOURNALED[table].left_out)
    return f"(to_jsonb({alias}){dropped})::text"


def _key_sql(table: str, alias: str) -> tuple[str, str]:
    keys = JOURNALED[table].keys
    return f'{alias}."{keys[0]}"', (f'{alias}."{keys[1]}"' if len(keys) > 1 else "0")


def _sqlite_triggers(dbapi_connection: Any) -> list[str]:
    statements = []
    for table in JOURNALED:
        columns = [row[1] for row in dbapi_connection.execute(f'PRAGMA main.table_info("{table}")')]
        for action, when in (("insert", "INSERT"), ("update", "UPDATE"), ("delete", "DELETE")):
            row = "OLD" if action == "delete" else "NEW"
            key, key2 = _key_sql(table, row)
            old = sqlite_row_json(table, "OLD", columns) if action != "insert" else "NULL"
            new = sqlite_row_json(table, "NEW", columns) if action != "delete" else "NULL"
            statements.append(
                f'CREATE TEMP TRIGGER IF NOT EXISTS journal_{table}_{action} AFTER {when} ON main."{table}" '
                "BEGIN INSERT INTO pending_changes (table_name, action, row_id, row_id2, old_values, "
                f"new_values) VALUES ('{table}', '{action}', {key}, {key2}, {old}, {new}); END"
            )
    return statements


def postgresql_triggers() -> list[str]:
    """Return the statements migration 0011 runs on PostgreSQL: one trigger function, a trigger per journaled
    table. They note a change only on a connection that set ``provenance.journal`` (``prepare_connection``)."""
    function = """
CREATE OR REPLACE FUNCTION provenance_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    keyed jsonb;
BEGIN
    IF coalesce(current_setting('provenance.journal', true), '') <> 'on' THEN
        RETURN NULL;
    END IF;
    -- Each row is made JSON once, its left-out column (a version's text) dropped before anything else.
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - TG_ARGV[2]; END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - TG_ARGV[2]; END IF;
    keyed := coalesce(new_row, old_row);
    INSERT INTO pg_temp.pending_changes (table_name, action, row_id, row_id2, old_values, new_values)
    VALUES (
        TG_TABLE_NAME,
        lower(TG_OP),
        (keyed ->> TG_ARGV[0])::bigint,
        CASE WHEN TG_ARGV[1] = '' THEN 0 ELSE (keyed ->> TG_ARGV[1])::bigint END,
        old_row::text,
        new_row::text
    );
    RETURN NULL;
END
$$"""
    statements = [function]
    for table, spec in JOURNALED.items():
        assert len(spec.left_out) <= 1, "the trigger function drops one column"
        second = spec.keys[1] if len(spec.keys) > 1 else ""
        left_out = spec.left_out[0] if spec.left_out else ""
        statements.append(
            f"CREATE TRIGGER journal_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION provenance_journal('{spec.keys[0]}', '{second}', '{left_out}')"
        )
    return statements


def drop_postgresql_triggers() -> list[str]:
    """Return the statements that undo ``postgresql_triggers``."""
    return [f"DROP TRIGGER IF EXISTS journal_{table} ON {table}" for table in JOURNALED] + [
        "DROP FUNCTION IF EXISTS provenance_journal()"
    ]


def watch_engine(engine: Engine) -> None:
    """Make every connection of a writable ``engine`` note its changes to the record once the schema has an event
    log (checked when a connection is taken from the pool, until it has), and seal them as it commits."""
    event.listen(engine, "checkout", _prepare_checkout)
    event.listen(engine, "commit", seal)


def _prepare_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    if record.info.get("journal"):
        return
    postgresql = not hasattr(dbapi_connection, "create_function") and "psycopg" in type(dbapi_connection).__module__
    cursor = dbapi_connection.cursor()
    try:
        if postgresql:
            cursor.execute("SELECT to_regclass('events') IS NOT NULL")
            ready = cursor.fetchone()[0]
            if ready:
                cursor.execute("SET provenance.journal = 'on'")
                cursor.execute(_PENDING_POSTGRESQL)
            dbapi_connection.commit()
        else:
            cursor.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'events'")
            ready = cursor.fetchone() is not None
            if ready:
                for statement in (_PENDING_SQLITE, *_sqlite_triggers(dbapi_connection)):
                    cursor.execute(statement)
                if dbapi_connection.in_transaction:
                    dbapi_connection.commit()
    finally:
        cursor.close()
    record.info["journal"] = ready


def forget_connections(engine: Engine) -> None:
    """Let the next checkout of every pooled connection look again (after a migration added or removed the
    event log)."""
    engine.dispose()


# --- sealing: noted changes become hash-chained events ---------------------------------------------------------


def seal(connection: Connection) -> int:
    """Turn the changes this transaction noted into events chained to the newest one; return how many.

    Runs as every transaction of a watched engine commits (a session's or a bare connection's), so a change
    and its events commit together or not at all.
    """
    if not connection.info.get("journal"):
        return 0
    noted = connection.execute(
        text("SELECT table_name, action, row_id, row_id2, old_values, new_values FROM pending_changes ORDER BY id")
    ).all()
    why = connection.info.pop(WHY, None)
    if not noted:
        return 0
    connection.execute(text("DELETE FROM pending_changes"))
    changes = [c for c in (_change(*row) for row in noted) if c is not None]
    if not changes:
        return 0
    now = current_recording()
    append(connection, changes, Recording(now.recorder, now.command, why or now.why))
    return len(changes)


WHY = "provenance.why"


def give_reason(session: Session, why: str | None) -> None:
    """Make the events this session's transaction writes carry ``why`` (the reason of a correction)."""
    if why:
        session.connection().info[WHY] = why


@dataclass(frozen=True)
class Change:
    """One row's change as an event keeps it: its table and key, the old values (of the changed columns, or the
    whole row removed) and the new row."""

    action: str
    table_name: str
    row_id: int
    row_id2: int
    old: dict[str, Any] | None
    new: dict[str, Any] | None


def _change(
    table: str, action: str, row_id: int, row_id2: int, old_json: str | None, new_json: str | None
) -> Change | None:
    old = canonical_row(table, json.loads(old_json)) if old_json else None
    new = canonical_row(table, json.loads(new_json)) if new_json else None
    if action == "update" and old is not None and new is not None:
        old = {k: v for k, v in old.items() if new.get(k) != v}
        if not old:
            return None  # an UPDATE that changed nothing
    return Change(action, table, int(row_id), int(row_id2), old, new)


def head(connection: Connection) -> tuple[int, str]:
    """Return the newest event's sequence number and hash: ``(0, GENESIS)`` for an empty log."""
    newest = connection.execute(select(Event.seq, Event.hash).order_by(Event.seq.desc()).limit(1)).first()
    return (newest[0], newest[1]) if newest else (0, GENESIS)


def append(connection: Connection, changes: Sequence[Change], now: Recording, *, at: datetime | None = None) -> str:
    """Append ``changes`` as events of one commit after the newest event; return the new head hash.

    On PostgreSQL the advisory lock taken here serializes appenders until their commit.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SEAL_LOCK})
    seq, previous = head(connection)
    at = at or utcnow()
    commit_seq = seq + 1
    rows = []
    for change in changes:
        seq += 1
        row = {
            "seq": seq,
            "commit_seq": commit_seq,
            "recorded_at": at,
            "recorder": now.recorder,
            "command": now.command,
            "why": now.why,
            "action": change.action,
            "table_name": change.table_name,
            "row_id": change.row_id,
            "row_id2": change.row_id2,
            "old_values": dumps(change.old) if change.old is not None else None,
            "new_values": dumps(change.new) if change.new is not None else None,
            **subjects(change.table_name, change.new or change.old or {}),
        }
        row["prev_hash"] = previous
        row["hash"] = previous = event_hash(previous, row)
        rows.append(row)
    for start in range(0, len(rows), 1000):
        connection.execute(insert(Event), rows[start : start + 1000])
    return previous


def subjects(table: str, row: Mapping[str, Any]) -> dict[str, int | None]:
    """Return what an event about ``row`` of ``table`` is about: its version, other version, outlet, person."""
    about = JOURNALED[table].about
    return {column: row.get(about[column]) if column in about else None for column in SUBJECTS}


SUBJECTS = ("version_id", "other_version_id", "outlet_id", "person_id")


def baseline(connection: Connection, now: Recording) -> int:
    """Write one ``baseline`` event for every row the record holds (a database that had no event log): run by
    the migration that adds the log. Returns how many."""
    written = 0
    for table in JOURNALED:
        batch: list[Change] = []
        for row_id, row_id2, values in current_rows(connection, table):
            batch.append(Change(BASELINE, table, row_id, row_id2, None, values))
            if len(batch) == 5000:
                append(connection, batch, now)
                written += len(batch)
                batch = []
        if batch:
            append(connection, batch, now)
            written += len(batch)
    return written


def current_rows(
    connection: Connection, table: str, key: tuple[int, int] | None = None
) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Yield every row of ``table`` (or the one with ``key``) as ``(key, second key, canonical row)``, in key
    order, streamed: read through the same JSON the triggers note, so it compares equal to what events hold."""
    if connection.dialect.name == "postgresql":
        as_json = postgresql_row_json(table, "t")
    else:
        columns = [row[1] for row in connection.exec_driver_sql(f'PRAGMA main.table_info("{table}")')]
        as_json = sqlite_row_json(table, "t", columns)
    first, second = _key_sql(table, "t")
    where = f" WHERE {first} = :k1 AND {second} = :k2" if key is not None else ""
    statement = text(f'SELECT {first}, {second}, {as_json} FROM "{table}" AS t{where} ORDER BY 1, 2')
    bound = {"k1": key[0], "k2": key[1]} if key is not None else {}
    result = connection.execute(statement, bound, execution_options={"yield_per": 2000})
    for row_id, row_id2, values in result:
        yield int(row_id), int(row_id2), canonical_row(table, json.loads(values))
