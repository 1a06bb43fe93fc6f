"""``verify``: the event log recomputed, and replayed against the rows it describes.

Two passes, each streamed in key order so memory stays bounded however long the log:

1. **The chain**: events in sequence order, each one's hash recomputed from its fields and the previous hash.
   An edited event no longer matches its hash; a deleted one leaves a gap; a reordered one breaks the link to
   its predecessor.
2. **The rows**: for each journaled table, the newest event of each row (what the log says the row is) merged
   with the rows as they are. A row changed, added or removed behind the tool's back (with ``sqlite3`` or
   ``psql``) is named with what differs; a version's text is checked against its content hash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, select, text

from provenance.errors import InputError
from provenance.store.journal import GENESIS, HASHED, JOURNALED, current_rows, event_hash
from provenance.store.models import Event
from provenance.text.normalize import content_hash

ProblemKind = Literal[
    "event-edited",
    "event-missing",
    "event-out-of-order",
    "row-changed",
    "row-added",
    "row-removed",
    "text-changed",
]
SHOWN_PROBLEMS = 1000
"""At most this many problems are kept; the rest are counted (one edited table can differ in every row)."""
_HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Problem:
    """One way the record differs from its log: which event or row, and what differs."""

    kind: ProblemKind
    detail: str
    seq: int | None = None
    table: str | None = None
    key: tuple[int, int] | None = None
    differences: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    """column: (what the log says, what the row holds)."""


@dataclass
class Verification:
    """What ``verify`` found: the log's size and head, and every problem (the first ``SHOWN_PROBLEMS``)."""

    events: int = 0
    rows: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    against: str | None = None
    against_found: bool | None = None

    @property
    def intact(self) -> bool:
        """True when the chain holds, every row is as its log says and the hash asked about is in the chain."""
        return not self.problems and self.against_found is not False

    def add(self, problem: Problem) -> None:
        """Keep ``problem``, or count it past ``SHOWN_PROBLEMS``."""
        if len(self.problems) < SHOWN_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more_problems += 1


def check_hash(value: str) -> str:
    """Return a head hash as given to ``--against``, lower-cased; InputError when it is not 64 hex digits."""
    value = value.strip().lower()
    if not _HASH.match(value):
        raise InputError(f"{value!r} is not a head hash: give the 64 hex digits `provenance verify --head` printed")
    return value


def verify(connection: Connection, *, against: str | None = None) -> Verification:
    """Check the event log's chain and replay it against the current rows; with ``against``, also check that
    the chain still holds that head hash (a head written down earlier has not been rewritten)."""
    found = Verification(against=check_hash(against) if against else None)
    _check_chain(connection, found)
    for table in JOURNALED:
        _check_rows(connection, table, found)
    _check_texts(connection, found)
    return found


def head_of(connection: Connection) -> tuple[int, str]:
    """Return the newest event's sequence number and hash (``0`` and the genesis hash for an empty log)."""
    newest = connection.execute(select(Event.seq, Event.hash).order_by(Event.seq.desc()).limit(1)).first()
    return (int(newest[0]), str(newest[1])) if newest else (0, GENESIS)


def _check_chain(connection: Connection, found: Verification) -> None:
    columns = [getattr(Event, name) for name in HASHED]
    statement = select(*columns, Event.prev_hash, Event.hash).order_by(Event.seq)
    expected_seq, previous = 1, GENESIS
    for row in connection.execute(statement, execution_options={"yield_per": 5000}):
        fields = dict(zip(HASHED, row[: len(HASHED)], strict=True))
        prev_hash, stored = row[len(HASHED)], row[len(HASHED) + 1]
        seq = int(fields["seq"])
        found.events += 1
        if seq != expected_seq:
            gone = f"event {expected_seq} is" if seq == expected_seq + 1 else f"events {expected_seq}–{seq - 1} are"
            found.add(Problem("event-missing", f"{gone} missing from the log (removed or never written)", seq=seq))
        elif prev_hash != previous:
            found.add(
                Problem(
                    "event-out-of-order", f"event {seq} does not follow the event before it (its link differs)", seq=seq
                )
            )
        if event_hash(prev_hash, fields) != stored:
            found.add(
                Problem(
                    "event-edited",
                    f"event {seq} ({fields['action']} {fields['table_name']} {fields['row_id']}) was changed "
                    "after it was recorded: its hash no longer matches",
                    seq=seq,
                    table=str(fields["table_name"]),
                    key=(int(fields["row_id"]), int(fields["row_id2"])),
                )
            )
        if found.against is not None and stored == found.against:
            found.against_found = True
        expected_seq, previous = seq + 1, stored
        found.head_seq, found.head_hash = seq, stored
    if found.against is not None and not found.against_found:
        found.against_found = False


def _logged_rows(connection: Connection, table: str) -> Iterator[tuple[int, int, dict[str, Any] | None, int]]:
    """Yield, per row key of ``table`` in key order, what its newest event says it is (None: removed)."""
    statement = (
        select(Event.row_id, Event.row_id2, Event.seq, Event.action, Event.new_values)
        .where(Event.table_name == table)
        .order_by(Event.row_id, Event.row_id2, Event.seq)
    )
    last: tuple[int, int, str | None, int] | None = None
    for row_id, row_id2, seq, action, new_values in connection.execute(
        statement, execution_options={"yield_per": 5000}
    ):
        key = (int(row_id), int(row_id2))
        if last is not None and key != last[:2]:
            yield last[0], last[1], _values(last[2]), last[3]
        last = (key[0], key[1], None if action == "delete" else new_values, int(seq))
    if last is not None:
        yield last[0], last[1], _values(last[2]), last[3]


def _values(new_values: str | None) -> dict[str, Any] | None:
    return json.loads(new_values) if new_values is not None else None


def _check_rows(connection: Connection, table: str, found: Verification) -> None:
    logged = _logged_rows(connection, table)
    actual = current_rows(connection, table)
    log_row, row = next(logged, None), next(actual, None)
    while log_row is not None or row is not None:
        log_key = log_row[:2] if log_row is not None else None
        row_key = row[:2] if row is not None else None
        if row is not None and (log_key is None or row_key < log_key):  # type: ignore[operator]
            found.rows += 1
            found.add(
                Problem(
                    "row-added",
                    f"{table} {_shown(row_key)} is not in the log: added outside provenance",
                    table=table,
                    key=row_key,
                )
            )
            row = next(actual, None)
        elif log_row is not None and (row_key is None or log_key < row_key):  # type: ignore[operator]
            if log_row[2] is not None:
                found.add(
                    Problem(
                        "row-removed",
                        f"{table} {_shown(log_key)} is in the log (event {log_row[3]}) but not in the table: "
                        "removed outside provenance",
                        seq=log_row[3],
                        table=table,
                        key=log_key,
                    )
                )
            log_row = next(logged, None)
        else:
            assert log_row is not None and row is not None
            found.rows += 1
            _compare(table, log_row, row, found)
            log_row, row = next(logged, None), next(actual, None)


def _compare(
    table: str,
    log_row: tuple[int, int, dict[str, Any] | None, int],
    row: tuple[int, int, dict[str, Any]],
    found: Verification,
) -> None:
    key = row[:2]
    expected, actual = log_row[2], row[2]
    if expected is None:
        found.add(
            Problem(
                "row-added",
                f"{table} {_shown(key)} was removed by event {log_row[3]} but is in the table: "
                "put back outside provenance",
                seq=log_row[3],
                table=table,
                key=key,
            )
        )
        return
    differences = {
        column: (expected.get(column), actual.get(column))
        for column in sorted(expected.keys() | actual.keys())
        if expected.get(column) != actual.get(column)
    }
    if differences:
        found.add(
            Problem(
                "row-changed",
                f"{table} {_shown(key)} differs from its last event ({log_row[3]}) in "
                + ", ".join(differences)
                + ": changed outside provenance",
                seq=log_row[3],
                table=table,
                key=key,
                differences=differences,
            )
        )


def _check_texts(connection: Connection, found: Verification) -> None:
    statement = text("SELECT id, text, content_hash FROM versions WHERE text IS NOT NULL ORDER BY id")
    for version_id, body, digest in connection.execute(statement, execution_options={"yield_per": 1000}):
        if content_hash(body) != digest:
            found.add(
                Problem(
                    "text-changed",
                    f"the text of version {version_id} no longer matches its content hash: changed outside provenance",
                    table="versions",
                    key=(int(version_id), 0),
                )
            )


def _shown(key: tuple[int, int] | None) -> str:
    if key is None:
        return "?"
    return str(key[0]) if key[1] == 0 else f"({key[0]}, {key[1]})"
