"""Derivation links between versions and the chains they make: ancestors and descendants by recursive CTE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Integer, Select, Table, bindparam, delete, exists, func, literal, select, union, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.selectable import CTE

from provenance.errors import ConflictError, InputError
from provenance.ledger.agents import resolve_agent
from provenance.ledger.versions import get_version, get_versions
from provenance.store.batching import batched, id_batches
from provenance.store.models import (
    Claim,
    Derivation,
    Outlet,
    Person,
    Version,
    Work,
)
from provenance.vocabulary import DERIVATION_KINDS, SOURCE_KINDS, Direction


@dataclass(frozen=True)
class Lineage:
    """A chain around one version: the links found walking ``direction`` from ``start``, nearest first."""

    start: Version
    direction: Direction
    links: list[tuple[int, Derivation]]  # (depth, link); depth 1 touches ``start``
    versions: dict[int, Version]

    @property
    def roots(self) -> list[Version]:
        """Versions in the chain with no recorded parent of their own (for ``up``: the root originals)."""
        derived = {link.derived_id for _, link in self.links}
        ids = [self.start.id, *(link.source_id for _, link in self.links)] if self.direction == "up" else []
        return [self.versions[i] for i in dict.fromkeys(ids) if i not in derived]


def has_recorded_source() -> Any:
    """The SQL condition that a version (``Version`` in the enclosing query) has a recorded source link; its
    negation picks root originals."""
    return exists().where(Derivation.derived_id == Version.id)


@dataclass(frozen=True)
class Copy:
    """A recorded version with the same text as a new one, at another outlet or address."""

    id: int
    published_at: datetime | None
    has_source: bool


@dataclass(frozen=True)
class CopyOrder:
    """How the dates order a new version among word-for-word copies of its text recorded elsewhere."""

    source: Copy | None = None
    """The copy it republished: the earliest published before it."""
    derived: tuple[Copy, ...] = ()
    """Copies published after it that record no source of their own: they republished it."""
    unordered: tuple[Copy, ...] = ()
    """Copies the dates do not order (a date missing, or the same moment): to propose, not to link."""


def copy_order(published_at: datetime | None, copies: Sequence[Copy]) -> CopyOrder:
    """Order a new version among copies of its text by publication dates (the one rule ``log`` and
    ``import`` link copies by); when an earlier copy exists it is the source and nothing else is linked."""
    if published_at is None:
        return CopyOrder(unordered=tuple(copies))
    earlier = sorted(
        (c for c in copies if c.published_at and c.published_at < published_at),
        key=lambda c: (c.published_at, c.id),
    )
    if earlier:
        return CopyOrder(source=earlier[0], unordered=tuple(c for c in copies if c is not earlier[0]))
    later = tuple(c for c in copies if c.published_at and c.published_at > published_at and not c.has_source)
    return CopyOrder(derived=later, unordered=tuple(c for c in copies if c not in later))


def copy_evidence(source_id: int, published_at: datetime | None) -> str:
    """The evidence a link between copies carries: the same text, and when its source came out."""
    when = f" ({published_at:%Y-%m-%d})" if published_at else ""
    return f"the same text, published earlier{when} as version {source_id}"


def link_versions(
    session: Session,
    derived_id: int,
    source_id: int,
    *,
    kind: str,
    translator: str | None = None,
    evidence: str | None = None,
    confidence: float = 1.0,
    recorded_by: str | None = None,
) -> Derivation:
    """Record that version ``derived_id`` was derived from version ``source_id``.

    Refuses a self-link, a duplicate link and a link that would close a cycle. The derived
    version's whole work joins the source's work.
    """
    if kind not in DERIVATION_KINDS:
        raise InputError(f"unknown link kind {kind!r}: use one of {', '.join(DERIVATION_KINDS)}")
    if not 0.0 <= confidence <= 1.0:
        raise InputError(f"confidence {confidence} is outside 0..1")
    if derived_id == source_id:
        raise ConflictError(f"version {derived_id} cannot be derived from itself")
    derived, source = get_version(session, derived_id), get_version(session, source_id)
    _refuse_duplicate_or_cycle(session, derived_id, source_id)
    agent = resolve_agent(session, translator) if translator else None
    link = Derivation(
        derived_id=derived.id,
        source_id=source.id,
        kind=kind,
        translator_person_id=agent.id if isinstance(agent, Person) else None,
        agent_outlet_id=agent.id if isinstance(agent, Outlet) else None,
        evidence=evidence,
        confidence=confidence,
        recorded_by=recorded_by,
    )
    session.add(link)
    join_works(session, [(derived.id, source.id)])
    session.flush()
    return link


def record_revision(
    session: Session, new_id: int, old_id: int, *, evidence: str | None = None, recorded_by: str | None = None
) -> Derivation:
    """Record version ``new_id`` as a revision of ``old_id``: a new text of the same piece (prov:wasRevisionOf),
    joined to its story."""
    return link_versions(session, new_id, old_id, kind="revision", evidence=evidence, recorded_by=recorded_by)


def _refuse_duplicate_or_cycle(session: Session, derived_id: int, source_id: int) -> None:
    duplicate = session.scalar(
        select(exists().where(Derivation.derived_id == derived_id, Derivation.source_id == source_id))
    )
    if duplicate:
        raise ConflictError(f"version {derived_id} is already linked to version {source_id}")
    below = chain_walk("down", derived_id)
    if session.scalar(select(exists().where(below.c.version_id == source_id))):
        raise ConflictError(
            f"version {source_id} is already derived from version {derived_id}: the link would make a cycle"
        )


def join_works(session: Session, links: Sequence[tuple[int, int]]) -> None:
    """Merge the works (stories) of the versions each (derived id, source id) pair links, whole works at once:
    a derived version's work, with every version in it, joins its source's. Set-based: one read, one update of
    the versions per merged work (executemany), one delete of the works left empty."""
    ids = sorted({v for pair in links for v in pair})
    work_of: dict[int, int] = {}
    for chunk in id_batches(ids):
        rows = session.execute(select(Version.id, Version.work_id).where(Version.id.in_(chunk)))
        work_of.update((version_id, work_id) for version_id, work_id in rows)
    joined: dict[int, int] = {}

    def root(work: int) -> int:
        while joined.get(work, work) != work:
            work = joined[work]
        return work

    for derived, source in links:
        absorbed, kept = root(work_of[derived]), root(work_of[source])
        if absorbed != kept:
            joined[absorbed] = kept
    moves = [{"old": work, "new": root(work)} for work in sorted(set(work_of.values())) if root(work) != work]
    if not moves:
        return
    session.flush()
    versions = cast(Table, Version.__table__)
    session.execute(
        update(versions).where(versions.c.work_id == bindparam("old")).values(work_id=bindparam("new")), moves
    )
    for chunk in batched([m["old"] for m in moves]):
        session.execute(delete(Work).where(Work.id.in_(chunk)))


Starts = int | BindParameter[int] | Sequence[int] | Select[Any] | None
"""Where a walk starts: one version id (or a bound parameter), several, a select of ids, or None for every
version that has a link in the walk's direction."""


def chain_walk(
    direction: Direction,
    starts: Starts,
    *,
    max_depth: int | BindParameter[int] | None = None,
    name: str = "chain",
) -> CTE:
    """Return the recursive CTE that walks the recorded links from ``starts``: the domain's one chain walk.

    Its rows are ``(start_id, link_id, version_id, depth)``: from version ``start_id``, link ``link_id``
    reaches version ``version_id`` (a source when walking ``up``, a derived version ``down``) ``depth`` links
    away. A version reached along two paths has a row for each; readers group what they need.
    """
    d = Derivation.__table__.c
    near, far = (d.derived_id, d.source_id) if direction == "up" else (d.source_id, d.derived_id)
    seed = select(near.label("start_id"), d.id.label("link_id"), far.label("version_id"), literal(1).label("depth"))
    if isinstance(starts, Select):
        seed = seed.where(near.in_(starts))
    elif isinstance(starts, Sequence):
        seed = seed.where(near.in_(list(starts)))
    elif starts is not None:
        seed = seed.where(near == starts)
    chain = seed.cte(name, recursive=True)
    step = select(chain.c.start_id, d.id, far, chain.c.depth + 1).join(chain, near == chain.c.version_id)
    if max_depth is not None:
        step = step.where(chain.c.depth < max_depth)
    return chain.union(step)


def ancestor_languages(session: Session, version_ids: Sequence[int]) -> dict[int, set[str]]:
    """Return the languages (recorded, else detected) of each version's recorded ancestors, in one chain walk."""
    if not version_ids:
        return {}
    walk = chain_walk("up", list(version_ids))
    language = func.coalesce(Version.language, Version.detected_language)
    rows = session.execute(
        select(walk.c.start_id, language)
        .distinct()
        .join(Version, Version.id == walk.c.version_id)
        .where(language.is_not(None))
    )
    found: dict[int, set[str]] = {}
    for start, code in rows:
        found.setdefault(start, set()).add(code)
    return found


def chain_ids(version_id: int) -> Select[Any]:
    """Return a select of a version's id, its ancestors' and its descendants' (the whole chain around it)."""
    up, down = chain_walk("up", version_id, name="up"), chain_walk("down", version_id, name="down")
    return select(
        union(select(literal(version_id).label("id")), select(up.c.version_id), select(down.c.version_id))
        .subquery()
        .c.id
    )


@cache
def _links_statement(direction: Direction, bounded: bool) -> Select[Derivation, int]:
    # Built once with bound parameters: SQLAlchemy memoizes the cache key on the statement object, so a
    # call pays neither construction nor cache-key generation; the walk, the depth of each link and its
    # agent come back in one round trip.
    walked = chain_walk(
        direction,
        bindparam("start_id", type_=Integer),
        max_depth=bindparam("max_depth", type_=Integer) if bounded else None,
    )
    depth = select(walked.c.link_id, func.min(walked.c.depth).label("depth")).group_by(walked.c.link_id).subquery()
    return (
        select(Derivation, depth.c.depth)
        .join(depth, Derivation.id == depth.c.link_id)
        .options(joinedload(Derivation.translator), joinedload(Derivation.agent_outlet))
    )


def _lineage(session: Session, version_id: int, direction: Direction, max_depth: int | None) -> Lineage:
    parameters = {"start_id": version_id} if max_depth is None else {"start_id": version_id, "max_depth": max_depth}
    found = session.execute(_links_statement(direction, max_depth is not None), parameters).all()
    ordered = sorted(((depth, link) for link, depth in found), key=lambda p: (p[0], p[1].id))
    ids = {version_id} | {link.derived_id for _, link in ordered} | {link.source_id for _, link in ordered}
    versions = get_versions(session, sorted(ids))
    start = versions.get(version_id) or get_version(session, version_id)  # the latter raises NotFoundError
    start.claims  # noqa: B018 - loaded now, as get_version does, so callers may read them after the session
    return Lineage(start=start, direction=direction, links=ordered, versions=versions)


def trace_ancestors(session: Session, version_id: int, max_depth: int | None = None) -> Lineage:
    """Return the chain from a version back to its root original(s)."""
    return _lineage(session, version_id, "up", max_depth)


def trace_descendants(session: Session, version_id: int, max_depth: int | None = None) -> Lineage:
    """Return every version derived, directly or not, from a version."""
    return _lineage(session, version_id, "down", max_depth)


def unsupported_credits(session: Session, claim_ids: Select[Any] | Sequence[int]) -> list[tuple[int, int]]:
    """Return (claim id, version id) for each of these source credits that the recorded chain does not support,
    by claim id: the one answer to "does the recorded chain support this credit?", for the audit and the pictures.

    A source or via claim is supported when a version in its own version's recorded ancestry was published by
    the outlet it resolved to; an unresolved claim, or one of a version with no recorded source, never is.
    Claims of other kinds are left out.
    """
    c, d, v = Claim.__table__.c, Derivation.__table__, Version.__table__
    parent_has_outlet = exists(
        select(1)
        .select_from(d.join(v, v.c.id == d.c.source_id))
        .where(d.c.derived_id == c.version_id, v.c.outlet_id == c.outlet_id)
    )
    # The direct parent settles almost every claim; only the rest need the recursive walk.
    chosen = claim_ids if isinstance(claim_ids, Select) else list(claim_ids)
    candidates = (
        select(c.id.label("claim_id"), c.version_id, c.outlet_id)
        .where(c.id.in_(chosen), c.kind.in_(SOURCE_KINDS), ~parent_has_outlet)
        .cte("credit_candidates")
    )
    walk = chain_walk("up", select(candidates.c.version_id), name="credit_chain")
    ancestor_has_outlet = exists(
        select(1)
        .select_from(walk.join(v, v.c.id == walk.c.version_id))
        .where(walk.c.start_id == candidates.c.version_id, v.c.outlet_id == candidates.c.outlet_id)
    )
    query = select(candidates.c.claim_id, candidates.c.version_id).where(~ancestor_has_outlet).order_by("claim_id")
    return [(claim_id, version_id) for claim_id, version_id in session.execute(query)]
