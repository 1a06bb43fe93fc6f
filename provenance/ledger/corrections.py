"""Corrections: removing a link, dismissing a claim, merging and renaming outlets and people, and reverting any
of them. Each is an ordinary change to the record, so the event log keeps what was there before, who changed it
and why (``store.journal.give_reason``); nothing is erased from the history, and ``revert`` puts it back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Table, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from provenance.errors import ConflictError, InputError, NotFoundError
from provenance.ledger.agents import name_key, resolve_outlet, resolve_person
from provenance.store.journal import BASELINE, JOURNALED, current_rows, give_reason
from provenance.store.models import (
    Base,
    Claim,
    Derivation,
    Event,
    Outlet,
    OutletAlias,
    OutletDomain,
    Person,
    PersonAlias,
    Version,
    Work,
    version_authors,
)
from provenance.text.normalize import clean_label


def _reason(session: Session, why: str | None) -> None:
    if why is not None and not why.strip():
        raise InputError("--why is empty: say why the record is corrected")
    give_reason(session, why)


def remove_link(
    session: Session, derived_id: int, source_id: int | None = None, *, why: str | None = None
) -> Derivation:
    """Remove the link from ``derived_id`` to its source (``source_id`` when it has several); the versions it
    joined into one story become separate stories again when nothing else joins them. Returns the removed link."""
    _reason(session, why)
    query = select(Derivation).where(Derivation.derived_id == derived_id)
    if source_id is not None:
        query = query.where(Derivation.source_id == source_id)
    links = list(session.scalars(query.order_by(Derivation.id)))
    if not links:
        to = f" to version {source_id}" if source_id is not None else ""
        raise NotFoundError(f"version {derived_id} has no recorded link{to}: see `provenance show {derived_id}`")
    if len(links) > 1:
        sources = ", ".join(str(link.source_id) for link in links)
        raise InputError(f"version {derived_id} has links to versions {sources}: say which with --source ID")
    link = links[0]
    work_id = session.get_one(Version, derived_id).work_id
    session.delete(link)
    session.flush()
    split_work(session, work_id)
    return link


def split_work(session: Session, work_id: int) -> int:
    """Give each part of a work that no link joins any more a work of its own; return how many parts it had."""
    members = list(session.scalars(select(Version.id).where(Version.work_id == work_id).order_by(Version.id)))
    if not members:
        return 0
    links = session.execute(
        select(Derivation.derived_id, Derivation.source_id).where(Derivation.derived_id.in_(members))
    ).all()
    part_of = {v: v for v in members}

    def root(v: int) -> int:
        while part_of[v] != v:
            part_of[v] = part_of[part_of[v]]
            v = part_of[v]
        return v

    for derived, source in links:
        if source in part_of:
            part_of[root(derived)] = root(source)
    parts: dict[int, list[int]] = {}
    for v in members:
        parts.setdefault(root(v), []).append(v)
    first = min(parts.values(), key=min)
    for part in parts.values():
        if part is first:
            continue
        work = Work()
        session.add(work)
        session.flush()
        session.execute(update(Version).where(Version.id.in_(part)).values(work_id=work.id))
    return len(parts)


def dismiss_claim(session: Session, claim_id: int, *, why: str | None = None) -> Claim:
    """Dismiss a claim read wrongly from a text (a photo credit taken for a source, a misread name): it leaves
    the record, the event log keeps it with the reason, and ``revert`` brings it back."""
    _reason(session, why)
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFoundError(f"no claim {claim_id}: `provenance show VERSION` lists a version's claims with their ids")
    session.delete(claim)
    session.flush()
    return claim


def rename_outlet(session: Session, name: str, new_name: str, *, why: str | None = None) -> Outlet:
    """Rename an outlet; its old name stays as an alias, so credits that use it still resolve."""
    _reason(session, why)
    outlet = resolve_outlet(session, name)
    _rename(session, outlet, new_name)
    return outlet


def rename_person(session: Session, name: str, new_name: str, *, why: str | None = None) -> Person:
    """Rename a person; the old name stays as an alias."""
    _reason(session, why)
    person = resolve_person(session, name)
    _rename(session, person, new_name)
    return person


def _rename(session: Session, agent: Outlet | Person, new_name: str) -> None:
    """Give an outlet or a person ``new_name``, keeping the old one as an alias; refuse a name another uses."""
    outlet = isinstance(agent, Outlet)
    model: type[Outlet] | type[Person] = Outlet if outlet else Person
    aliases: type[OutletAlias] | type[PersonAlias] = OutletAlias if outlet else PersonAlias
    owner = OutletAlias.outlet_id if outlet else PersonAlias.person_id
    what = "outlet" if outlet else "person"
    key = name_key(new_name, what)
    taken = session.scalar(select(model.id).where(model.key == key, model.id != agent.id)) or session.scalar(
        select(owner).where(aliases.key == key, owner != agent.id)
    )
    if taken:
        raise ConflictError(
            f"the name {new_name!r} is used by {what} {taken}: merge them with `provenance {what} merge`"
        )
    old_name, old_key = agent.name, agent.key
    session.execute(delete(aliases).where(aliases.key == key, owner == agent.id))
    agent.name, agent.key = clean_label(new_name), key
    session.flush()
    if old_key != key:
        session.add(aliases(**{owner.key: agent.id}, alias=old_name, key=old_key))
        session.flush()


def merge_outlets(session: Session, gone_name: str, kept_name: str, *, why: str | None = None) -> Outlet:
    """Merge outlet ``gone_name`` into ``kept_name`` (the same outlet recorded twice): its versions, credits,
    links, domains and aliases move over, its name becomes an alias, and it is removed."""
    _reason(session, why)
    gone, kept = resolve_outlet(session, gone_name), resolve_outlet(session, kept_name)
    if gone.id == kept.id:
        raise ConflictError(f"{gone_name!r} and {kept_name!r} are already one outlet ({kept.name})")
    for column in (Version.outlet_id, Claim.outlet_id, OutletDomain.outlet_id, OutletAlias.outlet_id):
        session.execute(update(column.class_).where(column == gone.id).values({column.key: kept.id}))
    session.execute(update(Derivation).where(Derivation.agent_outlet_id == gone.id).values(agent_outlet_id=kept.id))
    name, key = gone.name, gone.key
    session.expire_all()
    session.execute(delete(Outlet).where(Outlet.id == gone.id))
    session.add(OutletAlias(outlet_id=kept.id, alias=name, key=key))
    session.flush()
    return session.get_one(Outlet, kept.id)


def merge_people(session: Session, gone_name: str, kept_name: str, *, why: str | None = None) -> Person:
    """Merge person ``gone_name`` into ``kept_name``: authorships, credits, translations and aliases move over,
    the name becomes an alias, and the duplicate is removed."""
    _reason(session, why)
    gone, kept = resolve_person(session, gone_name), resolve_person(session, kept_name)
    if gone.id == kept.id:
        raise ConflictError(f"{gone_name!r} and {kept_name!r} are already one person ({kept.name})")
    authors = version_authors
    both = select(authors.c.version_id).where(authors.c.person_id == kept.id)
    session.execute(delete(authors).where(authors.c.person_id == gone.id, authors.c.version_id.in_(both)))
    session.execute(update(authors).where(authors.c.person_id == gone.id).values(person_id=kept.id))
    session.execute(update(Claim).where(Claim.person_id == gone.id).values(person_id=kept.id))
    session.execute(update(PersonAlias).where(PersonAlias.person_id == gone.id).values(person_id=kept.id))
    session.execute(
        update(Derivation).where(Derivation.translator_person_id == gone.id).values(translator_person_id=kept.id)
    )
    name, key = gone.name, gone.key
    session.expire_all()
    session.execute(delete(Person).where(Person.id == gone.id))
    session.add(PersonAlias(person_id=kept.id, alias=name, key=key))
    session.flush()
    return session.get_one(Person, kept.id)


@dataclass(frozen=True)
class Reverted:
    """What ``revert`` undid: the commit and how many row changes."""

    commit_seq: int
    changes: int
    command: str


def revert(session: Session, seq: int, *, why: str | None = None) -> Reverted:
    """Undo the commit that event ``seq`` belongs to, newest change first: rows it inserted are removed, rows it
    removed come back, columns it changed get their old values. Refused when a row has changed since (revert the
    later change first), and for a commit that added or removed a version (the log does not keep texts)."""
    _reason(session, why)
    found = session.get(Event, seq)
    if found is None:
        raise NotFoundError(f"no event {seq}: `provenance history` lists the events with their numbers")
    events = list(session.scalars(select(Event).where(Event.commit_seq == found.commit_seq).order_by(Event.seq.desc())))
    if any(e.action == BASELINE for e in events):
        raise ConflictError(f"event {seq} is the baseline a migration wrote: there is nothing before it to go back to")
    if any(e.table_name == "versions" and e.action in ("insert", "delete") for e in events):
        raise ConflictError(
            f"the commit of event {seq} added or removed a version, whose text the log does not keep: "
            "correct the links and claims instead"
        )
    for event in events:
        _undo(session, event)
    session.flush()
    session.expire_all()
    return Reverted(found.commit_seq, len(events), events[0].command)


def _undo(session: Session, event: Event) -> None:
    table = Base.metadata.tables[event.table_name]
    keys = JOURNALED[event.table_name].keys
    key_values = (event.row_id, event.row_id2)[: len(keys)]
    where = and_(*(table.c[k] == v for k, v in zip(keys, key_values, strict=True)))
    found = next(current_rows(session.connection(), event.table_name, (event.row_id, event.row_id2)), None)
    now = found[2] if found is not None else None
    new = json.loads(event.new_values) if event.new_values else None
    old = json.loads(event.old_values) if event.old_values else None
    if event.action == "delete":
        if now is not None:
            raise ConflictError(f"{event.table_name} {event.row_id} was recorded again since event {event.seq}")
        session.execute(insert(table).values(_typed(table, old or {})))
        return
    if now is None or any(now.get(k) != v for k, v in (new or {}).items()):
        raise ConflictError(
            f"{event.table_name} {event.row_id} changed after event {event.seq}: revert the later change first"
        )
    if event.action == "insert":
        session.execute(delete(table).where(where))
    else:
        session.execute(update(table).where(where).values(_typed(table, old or {})))


def _typed(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """Turn a row as events store it back into column values (times back to datetimes)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in table.c:
            continue
        out[name] = (
            datetime.fromisoformat(value) if value is not None and isinstance(table.c[name].type, DateTime) else value
        )
    return out
