"""Stories and their independent origins, and what an outlet's output is made of.

A story is the set of versions joined by recorded links: the work they share (every link merges the
derived version's work into its source's, so a work is always a whole connected set). Its independent
origins are its root originals, the versions in it with no recorded source: one wire story republished by
twenty outlets is one origin; two reports joined only because a third piece drew on both are two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import Session, aliased

from provenance.ledger.agents import resolve_outlet
from provenance.ledger.lineage import chain_walk, has_recorded_source
from provenance.ledger.records import iso, link_record, version_record
from provenance.ledger.versions import get_version, get_versions
from provenance.store.models import Claim, Derivation, Version
from provenance.vocabulary import SOURCE_KINDS, TRANSLATION_KINDS

Record = dict[str, Any]


@dataclass(frozen=True)
class Story:
    """The versions one story holds, its links, and its independent origins (root originals)."""

    work_id: int
    versions: dict[int, Version]
    links: list[Derivation]
    origins: list[int]


def story_of(session: Session, version_id: int) -> Story:
    """Return the story version ``version_id`` belongs to (NotFoundError for an unknown id): three queries."""
    work_id = get_version(session, version_id).work_id
    ids = list(session.scalars(select(Version.id).where(Version.work_id == work_id).order_by(Version.id)))
    versions = get_versions(session, ids)
    links = list(session.scalars(select(Derivation).where(Derivation.derived_id.in_(ids)).order_by(Derivation.id)))
    derived = {link.derived_id for link in links}
    return Story(work_id, versions, links, [i for i in ids if i not in derived])


def story_summary(session: Session, work_id: int) -> Record:
    """Return how many versions a story (work) holds and how many of them are independent origins: one query."""
    count, origins = session.execute(
        select(func.count(), func.sum(case((~has_recorded_source(), 1), else_=0))).where(Version.work_id == work_id)
    ).one()
    return {"story": work_id, "versions": count, "origin_count": int(origins or 0)}


def story_record(story: Story) -> Record:
    """Return a story as a JSON-ready dict: its versions, links, origins and how many."""
    return {
        "story": story.work_id,
        "origin_count": len(story.origins),
        "origins": story.origins,
        "versions": [version_record(v) for _, v in sorted(story.versions.items())],
        "links": [link_record(link) for link in story.links],
    }


def stories(
    session: Session, *, since: datetime | None = None, until: datetime | None = None, outlet: str | None = None
) -> list[Record]:
    """Return every story with a version published in the period (and, with ``outlet``, by that outlet), each
    with its size, its origin count and its first origin: one grouped query."""
    origin = ~has_recorded_source()
    wanted = select(Version.work_id)
    if since is not None:
        wanted = wanted.where(Version.published_at >= since)
    if until is not None:
        wanted = wanted.where(Version.published_at < until)
    if outlet is not None:
        wanted = wanted.where(Version.outlet_id == resolve_outlet(session, outlet).id)
    rows = session.execute(
        select(
            Version.work_id,
            func.count(),
            func.sum(case((origin, 1), else_=0)),
            func.min(case((origin, Version.id))),
            func.min(Version.published_at),
        )
        .where(Version.work_id.in_(wanted))
        .group_by(Version.work_id)
        .order_by(func.min(Version.published_at), Version.work_id)
    ).all()
    firsts = get_versions(session, [first for *_, first, _ in rows if first is not None])
    return [
        {
            "story": work_id,
            "versions": count,
            "origin_count": int(origins or 0),
            "first_origin": version_record(firsts[first]) if first in firsts else None,
            "first_published": iso(published),
        }
        for work_id, count, origins, first, published in rows
    ]


def outlet_report(session: Session, outlet: str) -> Record:
    """Return what an outlet's recorded output is made of: how many of its versions are originals (no recorded
    source), republications, translations (back-translations included), excerpts and adaptations, and how many
    were derived from another outlet's version while their text credits no outlet of their recorded chain."""
    found = resolve_outlet(session, outlet)
    own = select(Version.id).where(Version.outlet_id == found.id)
    total = session.scalar(select(func.count()).select_from(own.subquery())) or 0
    kinds = dict(
        session.execute(
            select(Derivation.kind, func.count(func.distinct(Derivation.derived_id)))
            .where(Derivation.derived_id.in_(own))
            .group_by(Derivation.kind)
        ).all()
    )
    derived = session.scalar(
        select(func.count(func.distinct(Derivation.derived_id))).where(Derivation.derived_id.in_(own))
    )
    uncredited = session.scalar(select(func.count()).select_from(uncredited_copies(own).subquery())) or 0
    return {
        "outlet": found.name,
        "versions": total,
        "original": total - (derived or 0),
        "republished": kinds.get("republication", 0),
        "translated": sum(n for kind, n in kinds.items() if kind in TRANSLATION_KINDS),
        "excerpted": kinds.get("excerpt", 0),
        "adapted": kinds.get("adaptation", 0),
        "copied_without_credit": uncredited,
    }


COPY_KINDS = ("republication", "excerpt")
"""The links that take another outlet's text as it stands (whole or in part): a copy, in the audit's words."""


def uncredited_copies(versions: Any, kinds: Sequence[str] | None = None) -> Any:
    """Return a select of the ids among ``versions`` (a select of ids; None: every version) derived from another
    outlet's version whose text credits no outlet that published a version of its recorded chain (versions
    recorded without their text left out), by links of ``kinds`` (any kind when None): set-based, one chain
    walk."""
    source = aliased(Version)
    derived = aliased(Version)
    from_elsewhere = (
        select(Derivation.derived_id)
        .join(derived, derived.id == Derivation.derived_id)
        .join(source, source.id == Derivation.source_id)
        .where(
            Derivation.derived_id.in_(versions) if versions is not None else true(),
            source.outlet_id.is_distinct_from(derived.outlet_id),
            derived.text.is_not(None),  # a version recorded without its text credits nothing we can read
            Derivation.kind.in_(kinds) if kinds is not None else true(),
        )
    )
    chain = chain_walk("up", from_elsewhere)
    ancestor = aliased(Version)
    credited = (
        select(chain.c.start_id)
        .join(ancestor, ancestor.id == chain.c.version_id)
        .join(Claim, and_(Claim.version_id == chain.c.start_id, Claim.outlet_id == ancestor.outlet_id))
        .where(Claim.kind.in_(SOURCE_KINDS))
    )
    return from_elsewhere.where(Derivation.derived_id.not_in(credited)).distinct()
