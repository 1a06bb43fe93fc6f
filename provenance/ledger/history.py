"""The history of the record: the events that touched a version, an outlet, a person, or that one recorder wrote.

Reads only; ``store.journal`` writes the events and ``store.verification`` checks them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from provenance.store.models import Event

DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class HistoryQuery:
    """Which events to read: about a version (as either end of a link too), an outlet or a person; written by a
    recorder; in a time window; newest or oldest first."""

    version_id: int | None = None
    outlet_id: int | None = None
    person_id: int | None = None
    recorder: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int | None = DEFAULT_LIMIT
    newest_first: bool = False


def read_history(session: Session, query: HistoryQuery) -> Sequence[Event]:
    """Return the events ``query`` asks for, in the order they were recorded (or newest first)."""
    statement = select(Event)
    if query.version_id is not None:
        statement = statement.where(
            or_(Event.version_id == query.version_id, Event.other_version_id == query.version_id)
        )
    if query.outlet_id is not None:
        statement = statement.where(Event.outlet_id == query.outlet_id)
    if query.person_id is not None:
        statement = statement.where(Event.person_id == query.person_id)
    if query.recorder is not None:
        statement = statement.where(Event.recorder == query.recorder)
    if query.since is not None:
        statement = statement.where(Event.recorded_at >= query.since)
    if query.until is not None:
        statement = statement.where(Event.recorded_at < query.until)
    order = Event.seq.desc() if query.newest_first or query.limit is not None else Event.seq
    events = list(session.scalars(statement.order_by(order).limit(query.limit)))
    return events if query.newest_first else sorted(events, key=lambda e: e.seq)
