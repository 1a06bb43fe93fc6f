"""What an export reads: a chain or the whole database, streamed from SQL as small frozen rows.

Every export format (PROV, schema.org, C2PA, pictures) reads the same rows from here, in a fixed
order (by id), in chunks, so that ``export --all`` keeps memory bounded and two exports of the same
records are byte-for-byte equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any, Literal

from sqlalchemy import Row, Select, case, exists, select, union
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from provenance.ledger.lineage import chain_walk, trace_ancestors, trace_descendants
from provenance.store.batching import BATCH, batched, id_batches
from provenance.store.models import Claim, Derivation, Outlet, OutletAlias, OutletDomain, Person, PersonAlias, Version
from provenance.store.models import version_authors as va
from provenance.vocabulary import ChainSide

AnySelect = Select[*tuple[Any, ...]]
AnyRow = Row[*tuple[Any, ...]]


@dataclass(frozen=True)
class Selection:
    """Which versions to export: a chain around ``start`` (``ids``) or, with ``ids`` None, every version."""

    ids: frozenset[int] | None
    start: int | None = None

    @property
    def everything(self) -> bool:
        """True when the whole database is exported."""
        return self.ids is None


@dataclass(frozen=True)
class AgentRow:
    """An outlet or a person as exported: its kind, normalized key, name and other names."""

    kind: Literal["outlet", "person"]
    id: int
    key: str
    name: str
    language: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionRow:
    """A version as exported, with its outlet and authors as agents."""

    id: int
    named_hash: str | None
    content_hash: str | None
    title: str | None
    language: str | None
    detected_language: str | None
    language_probability: float | None
    url: str | None
    published_at: datetime | None
    damage: str | None
    recorded_at: datetime | None
    outlet: AgentRow | None
    authors: tuple[AgentRow, ...] = ()


@dataclass(frozen=True)
class VersionRef:
    """Just enough of a version to name it: its id and the content hash it is named by (``named_hash``)."""

    id: int
    named_hash: str | None


def named_hash(version: Any) -> Any:
    """The SQL expression of the content hash a version is named by in exports (``prv:sha256-<hash>``): its
    own for the first version recorded with its text, None for a later copy of that text at another outlet
    or address (named ``prv:version-<id>``, its hash kept as an attribute). ``version`` is the versions table,
    an alias of it, or the model."""
    earlier = Version.__table__.alias("earlier")
    later_copy = exists().where(earlier.c.content_hash == version.content_hash, earlier.c.id < version.id)
    return case((later_copy, None), else_=version.content_hash)


@dataclass(frozen=True)
class LinkRow:
    """A derivation link as exported: derived from source, its kind, agent, evidence and confidence."""

    id: int
    derived: VersionRef
    source: VersionRef
    kind: str
    agent: AgentRow | None
    evidence: str | None
    confidence: float
    recorded_at: datetime | None
    recorded_by: str | None


@dataclass(frozen=True)
class ClaimRow:
    """A claim a version makes about itself, with the agent it resolved to (if any)."""

    id: int
    version: VersionRef
    kind: str
    name: str
    text: str
    position: str
    line: int | None
    confidence: float
    url: str | None
    possible_sign_off_of: str | None
    note: str | None
    agent: AgentRow | None


def select_chain(
    session: Session, version_id: int, direction: ChainSide = "both", depth: int | None = None
) -> Selection:
    """Return the chain around ``version_id``: its ancestors, descendants or both, at most ``depth`` links away."""
    ids = {version_id}
    if direction in ("up", "both"):
        ids |= set(trace_ancestors(session, version_id, depth).versions)
    if direction in ("down", "both"):
        ids |= set(trace_descendants(session, version_id, depth).versions)
    return Selection(ids=frozenset(ids), start=version_id)


def select_all() -> Selection:
    """Return the selection of every version in the database."""
    return Selection(ids=None)


def stream_rows(session: Session, query: AnySelect) -> Iterator[AnyRow]:
    """Yield the rows of ``query`` fetched in chunks (a server-side cursor on PostgreSQL)."""
    yield from session.execute(query.execution_options(yield_per=BATCH))


def selected_rows(
    session: Session, selection: Selection, query: AnySelect, column: InstrumentedAttribute[int]
) -> Iterator[AnyRow]:
    """Run ``query`` over the whole table or, chunk by chunk, over the selected version ids."""
    if selection.ids is None:
        yield from stream_rows(session, query)
        return
    for chunk in id_batches(selection.ids):
        yield from session.execute(query.where(column.in_(chunk)))


def _names(
    session: Session,
    alias_table: type[OutletAlias] | type[PersonAlias],
    owner: InstrumentedAttribute[int],
    ids: list[int],
) -> dict[int, tuple[str, ...]]:
    rows = session.execute(select(owner, alias_table.alias).where(owner.in_(ids)).order_by(owner, alias_table.id))
    return {k: tuple(a for _, a in group) for k, group in groupby(rows, key=lambda r: r[0])}


def _outlet_rows(session: Session, ids: list[int]) -> dict[int, AgentRow]:
    if not ids:
        return {}
    aliases = _names(session, OutletAlias, OutletAlias.outlet_id, ids)
    domains_q = session.execute(
        select(OutletDomain.outlet_id, OutletDomain.domain)
        .where(OutletDomain.outlet_id.in_(ids))
        .order_by(OutletDomain.outlet_id, OutletDomain.id)
    )
    domains = {k: tuple(d for _, d in group) for k, group in groupby(domains_q, key=lambda r: r[0])}
    rows = session.execute(
        select(Outlet.id, Outlet.key, Outlet.name, Outlet.language, Outlet.country).where(Outlet.id.in_(ids))
    )
    return {
        i: AgentRow("outlet", i, key, name, language, country, aliases.get(i, ()), domains.get(i, ()))
        for i, key, name, language, country in rows
    }


def _person_rows(session: Session, ids: list[int]) -> dict[int, AgentRow]:
    if not ids:
        return {}
    aliases = _names(session, PersonAlias, PersonAlias.person_id, ids)
    rows = session.execute(select(Person.id, Person.key, Person.name).where(Person.id.in_(ids)))
    return {i: AgentRow("person", i, key, name, aliases=aliases.get(i, ())) for i, key, name in rows}


class AgentCache:
    """Outlets and people looked up in batches and kept (there are far fewer agents than versions)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._rows: dict[tuple[str, int], AgentRow] = {}

    def load(self, outlets: Iterable[int | None], people: Iterable[int | None]) -> None:
        """Fetch every outlet and person among these ids that is not yet cached."""
        o = sorted({i for i in outlets if i is not None and ("outlet", i) not in self._rows})
        p = sorted({i for i in people if i is not None and ("person", i) not in self._rows})
        for chunk in id_batches(o):
            self._rows.update({("outlet", k): v for k, v in _outlet_rows(self._session, chunk).items()})
        for chunk in id_batches(p):
            self._rows.update({("person", k): v for k, v in _person_rows(self._session, chunk).items()})

    def outlet(self, outlet_id: int | None) -> AgentRow | None:
        """Return the cached outlet with this id (None for None)."""
        return None if outlet_id is None else self._rows[("outlet", outlet_id)]

    def person(self, person_id: int | None) -> AgentRow | None:
        """Return the cached person with this id (None for None)."""
        return None if person_id is None else self._rows[("person", person_id)]


def iter_versions(session: Session, selection: Selection, agents: AgentCache) -> Iterator[VersionRow]:
    """Yield the selected versions by id, with outlet and authors."""
    v = Version
    query = select(
        v.id, named_hash(v), v.content_hash, v.title, v.language, v.detected_language, v.language_probability,
        v.url, v.published_at, v.damage, v.recorded_at, v.outlet_id,
    ).order_by(v.id)  # fmt: skip
    for batch in batched(selected_rows(session, selection, query, v.id)):
        ids = [int(row[0]) for row in batch]
        authors: dict[int, list[int]] = {}
        for version_id, person_id in session.execute(
            select(va.c.version_id, va.c.person_id)
            .where(va.c.version_id.in_(ids))
            .order_by(va.c.version_id, va.c.person_id)
        ):
            authors.setdefault(version_id, []).append(person_id)
        agents.load((row[11] for row in batch), (p for ps in authors.values() for p in ps))
        for row in batch:
            (i, named, h, title, lang, det, prob, url, pub, damage, rec, outlet_id) = row
            yield VersionRow(
                i, named, h, title, lang, det, prob, url, pub, damage, rec,
                agents.outlet(outlet_id),
                tuple(a for p in authors.get(i, []) if (a := agents.person(p)) is not None),
            )  # fmt: skip


def iter_links(session: Session, selection: Selection, agents: AgentCache) -> Iterator[LinkRow]:
    """Yield the derivation links between selected versions, by id."""
    d = Derivation
    dv, sv = aliased(Version), aliased(Version)
    query = (
        select(
            d.id, d.derived_id, named_hash(dv), d.source_id, named_hash(sv), d.kind,
            d.translator_person_id, d.agent_outlet_id, d.evidence, d.confidence, d.recorded_at, d.recorded_by,
        )
        .join(dv, dv.id == d.derived_id)
        .join(sv, sv.id == d.source_id)
        .order_by(d.id)
    )  # fmt: skip
    if selection.ids is not None:
        ids = sorted(selection.ids)
        query = query.where(d.derived_id.in_(ids), d.source_id.in_(ids))
        rows: Iterator[AnyRow] = iter(list(session.execute(query)))
    else:
        rows = stream_rows(session, query)
    for batch in batched(rows):
        agents.load((r[7] for r in batch), (r[6] for r in batch))
        for i, did, dh, sid, sh, kind, person_id, outlet_id, evidence, conf, rec_at, rec_by in batch:
            agent = agents.person(person_id) or agents.outlet(outlet_id)
            yield LinkRow(
                i, VersionRef(did, dh), VersionRef(sid, sh), kind, agent, evidence, conf, rec_at, rec_by,
            )  # fmt: skip


def iter_claims(session: Session, selection: Selection, agents: AgentCache) -> Iterator[ClaimRow]:
    """Yield the claims of the selected versions, by version then id."""
    c = Claim
    query = (
        select(
            c.id, c.version_id, named_hash(Version), c.kind, c.name, c.text, c.position, c.line, c.confidence,
            c.url, c.possible_sign_off_of, c.note, c.outlet_id, c.person_id,
        )
        .join(Version, Version.id == c.version_id)
        .order_by(c.version_id, c.id)
    )  # fmt: skip
    for batch in batched(selected_rows(session, selection, query, c.version_id)):
        agents.load((r[12] for r in batch), (r[13] for r in batch))
        for row in batch:
            i, vid, vh, kind, name, text, position, line, conf, url, sign_off, note, outlet_id, person_id = row
            agent = agents.outlet(outlet_id) or agents.person(person_id)
            yield ClaimRow(
                i, VersionRef(vid, vh), kind, name, text, position, line, conf, url, sign_off, note, agent,
            )  # fmt: skip


def iter_agents(session: Session, selection: Selection, agents: AgentCache) -> Iterator[AgentRow]:
    """Yield the outlets and then the people the selection refers to (every one for the whole database), by id."""
    if selection.ids is None:
        outlet_ids: Iterable[int] = session.scalars(select(Outlet.id).order_by(Outlet.id))
        person_ids: Iterable[int] = session.scalars(select(Person.id).order_by(Person.id))
    else:
        outlet_ids, person_ids = _referenced_agents(session, sorted(selection.ids))
    for kind, ids in (("outlet", outlet_ids), ("person", person_ids)):
        for plain in batched(ids):
            if kind == "outlet":
                agents.load(plain, ())
                yield from (a for i in plain if (a := agents.outlet(i)) is not None)
            else:
                agents.load((), plain)
                yield from (a for i in plain if (a := agents.person(i)) is not None)


def _referenced_agents(session: Session, ids: list[int]) -> tuple[list[int], list[int]]:
    outlets: set[int] = set()
    people: set[int] = set()
    for chunk in id_batches(ids):
        d = Derivation
        in_chain = (d.derived_id.in_(chunk)) & (d.source_id.in_(ids))
        outlet_query = union(
            select(Version.outlet_id).where(Version.id.in_(chunk)),
            select(d.agent_outlet_id).where(in_chain),
            select(Claim.outlet_id).where(Claim.version_id.in_(chunk)),
        )
        person_query = union(
            select(va.c.person_id).where(va.c.version_id.in_(chunk)),
            select(d.translator_person_id).where(in_chain),
            select(Claim.person_id).where(Claim.version_id.in_(chunk)),
        )
        outlets |= {i for i in session.scalars(outlet_query) if i is not None}
        people |= {i for i in session.scalars(person_query) if i is not None}
    return sorted(outlets), sorted(people)


def iter_primary_sources(session: Session, selection: Selection) -> Iterator[tuple[VersionRef, VersionRef]]:
    """Yield (version, root original) for every selected version with recorded ancestors, by version then root.

    A root original is a version with no recorded source of its own; one recursive query walks all.
    """
    anc = chain_walk("up", None if selection.ids is None else sorted(selection.ids))
    parent = aliased(Derivation)
    dv, rv = aliased(Version), aliased(Version)
    query = (
        select(anc.c.start_id, named_hash(dv), anc.c.version_id, named_hash(rv))
        .distinct()
        .join(dv, dv.id == anc.c.start_id)
        .join(rv, rv.id == anc.c.version_id)
        .where(~exists().where(parent.derived_id == anc.c.version_id))
        .order_by(anc.c.start_id, anc.c.version_id)
    )
    for vid, vh, rid, rh in stream_rows(session, query):
        if selection.ids is None or rid in selection.ids:
            yield VersionRef(vid, vh), VersionRef(rid, rh)
