"""Outlets and people (PROV agents): recording them and resolving the names texts use for them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from provenance.errors import ConflictError, InputError, NotFoundError
from provenance.store.models import Claim, Outlet, OutletAlias, OutletDomain, Person, PersonAlias, Version
from provenance.text.gazetteer import KnownOutlet, gazetteer, known_outlet
from provenance.text.names import domain_of, normalize_name, site_domains
from provenance.text.normalize import clean_label
from provenance.vocabulary import AGENT_KINDS, ISO_639_1, PERSON_KINDS

if TYPE_CHECKING:
    from provenance.text.claims import Publisher

AgentT = TypeVar("AgentT", Outlet, Person)

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def validate_language(code: str | None) -> str | None:
    """Return ``code`` lower-cased if it is an ISO 639 code (``en``, ``sq``, ``pt-br``), else raise."""
    if code is None:
        return None
    value = code.strip().lower()
    primary = value.split("-")[0]
    if not _LANGUAGE_CODE.match(value) or (len(primary) == 2 and primary not in ISO_639_1):
        raise InputError(f"language {code!r} is not an ISO 639 code: use for example en, sq, sr or pt-br")
    return value


def name_key(name: str, what: str) -> str:
    """Return the key a name is looked up by; InputError when nothing of it is left (``what`` names it)."""
    key = normalize_name(name)
    if not key:
        raise InputError(f"{what} name {name!r} is empty once punctuation is removed: give a real name")
    return key


def add_outlet(
    session: Session,
    name: str,
    *,
    domains: Sequence[str] = (),
    aliases: Sequence[str] = (),
    language: str | None = None,
    country: str | None = None,
) -> Outlet:
    """Record a new outlet with its domains and aliases; refuse a name another outlet already uses."""
    keys = {name_key(name, "outlet")} | {name_key(a, "alias") for a in aliases}
    taken = _outlets_by_key(session, keys)
    if taken:
        key, other = next(iter(taken.items()))
        raise ConflictError(f"outlet name {key!r} is already used by outlet {other.id} ({other.name})")
    hosts = [_domain(d) for d in domains]
    if hosts:
        used = session.scalars(select(OutletDomain).where(OutletDomain.domain.in_(hosts))).first()
        if used is not None:
            raise ConflictError(f"domain {used.domain} already belongs to outlet {used.outlet_id}")
    key = normalize_name(name)
    outlet = Outlet(
        name=clean_label(name),
        key=key,
        language=validate_language(language),
        country=country,
        aliases=[OutletAlias(alias=clean_label(a), key=normalize_name(a)) for a in _unique(aliases)],
        domains=[OutletDomain(domain=h) for h in dict.fromkeys(hosts)],
    )
    session.add(outlet)
    session.flush()
    return outlet


def _unique(aliases: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for alias in aliases:
        key = normalize_name(alias)
        if key not in seen:
            seen.add(key)
            kept.append(alias)
    return kept


def _domain(value: str) -> str:
    host = domain_of(value)
    if host is None:
        raise InputError(f"{value!r} is not a domain: use the form telegraph.co.uk")
    return host


def add_person(session: Session, name: str, *, aliases: Sequence[str] = ()) -> Person:
    """Record a new person (author or translator) with other spellings of their name."""
    keys = {name_key(name, "person")} | {name_key(a, "alias") for a in aliases}
    taken = _people_by_key(session, keys)
    if taken:
        key, other = next(iter(taken.items()))
        raise ConflictError(f"person name {key!r} is already used by person {other.id} ({other.name})")
    key = normalize_name(name)
    person = Person(
        name=clean_label(name),
        key=key,
        aliases=[PersonAlias(alias=clean_label(a), key=normalize_name(a)) for a in _unique(aliases)],
    )
    session.add(person)
    session.flush()
    return person


def get_or_add_outlet(session: Session, name: str, *, looked_up: bool = False) -> Outlet:
    """Return the outlet ``name`` resolves to, recording it first when none does (``--create-missing``);
    ``looked_up``: the caller has just found none by this name (one look-up saved).

    Another process that records the same outlet at the same moment is found, not refused.
    """
    found = None if looked_up else find_outlets(session, [name]).get(name)
    if found is not None:
        return found
    try:
        return add_outlet(session, name)
    except ConflictError:
        found = find_outlets(session, [name]).get(name)
        if found is None:
            raise
        return found


def get_or_add_person(session: Session, name: str, *, looked_up: bool = False) -> Person:
    """Return the person ``name`` resolves to, recording them first when none does (``--create-missing``);
    ``looked_up`` as for ``get_or_add_outlet``."""
    found = None if looked_up else find_people(session, [name]).get(name)
    if found is not None:
        return found
    try:
        return add_person(session, name)
    except ConflictError:
        found = find_people(session, [name]).get(name)
        if found is None:
            raise
        return found


def list_outlets(session: Session, *, offset: int = 0, limit: int | None = None) -> list[Outlet]:
    """Return the outlets with their aliases and domains, by name (``limit`` of them from ``offset``: a page)."""
    query = select(Outlet).options(selectinload(Outlet.aliases), selectinload(Outlet.domains)).order_by(Outlet.key)
    return list(session.scalars(query.offset(offset).limit(limit)))


def list_people(session: Session) -> list[Person]:
    """Return every person with their aliases, by name."""
    query = select(Person).options(selectinload(Person.aliases)).order_by(Person.key)
    return list(session.scalars(query))


def find_outlets(session: Session, names: Iterable[str]) -> dict[str, Outlet]:
    """Return the outlets that ``names`` resolve to, keyed by each name that resolved.

    A name resolves through the outlet's name, its aliases or its domains, ignoring case,
    punctuation, accents, a leading article and a top-level domain; a name none of them holds
    resolves through the gazetteer's other names for the same outlet ("Ројтерс" to a recorded
    "Reuters", "Rojtersa" too). One query for all names and their other names, and one for the domains.
    """
    wanted = [n for n in names if n and n.strip()]
    others = {n: (*k.names, *k.domains) for n in wanted if (k := known_outlet(n)) is not None}
    recorded = _find_recorded_outlets(session, {*wanted, *(a for alts in others.values() for a in alts)})
    found: dict[str, Outlet] = {}
    for name in wanted:
        outlet = recorded.get(name) or next((recorded[a] for a in others.get(name, ()) if a in recorded), None)
        if outlet is not None:
            found[name] = outlet
    return found


def add_known_outlet(session: Session, known: KnownOutlet) -> Outlet:
    """Record an outlet of the gazetteer with its names, domains, language and country (``--create-missing``);
    return the recorded one when another process got there first."""
    try:
        return add_outlet(
            session,
            known.name,
            domains=[d for d in known.domains if domain_of(d)],
            aliases=[a for a in known.aliases if normalize_name(a) and normalize_name(a) != normalize_name(known.name)],
            language=known.language,
            country=known.country if known.country and len(known.country) == 2 else None,
        )
    except ConflictError:
        found = find_outlets(session, [*known.names, *known.domains])
        return next(iter(found.values())) if found else get_or_add_outlet(session, known.name)


def outlets_by_address(
    session: Session,
    hosts: Iterable[str],
    *,
    create: bool = False,
    unknown: bool = True,
    created: list[str] | None = None,
) -> dict[str, Outlet]:
    """The outlet publishing at each host: the recorded one with that host or a parent domain (``en.telegrafi.com``
    is ``telegrafi.com``); else, with ``create``, the gazetteer's outlet for it, or (``unknown``) one named by its
    registered domain, recorded with the domain. Hosts with no outlet are left out."""
    domains = {host: site_domains(host) for host in hosts if host and site_domains(host)}
    recorded = find_outlets(session, {d for ds in domains.values() for d in ds})
    found: dict[str, Outlet] = {}
    for host, ds in domains.items():
        outlet = next((recorded[d] for d in ds if d in recorded), None)
        known = known_publisher(host) if outlet is None and create else None
        if outlet is None and create and (known is not None or unknown):
            outlet = add_known_outlet(session, known) if known else get_or_add_outlet(session, ds[-1])
            if not outlet.domains:
                outlet.domains.append(OutletDomain(domain=ds[-1]))
            recorded.update({d: outlet for d in ds})
            if created is not None:
                created.append(f"outlet {outlet.name}")
        if outlet is not None:
            found[host] = outlet
    return found


def recorded_as_known(session: Session) -> list[KnownOutlet]:
    """Every recorded outlet with its aliases and domains, in the order they were recorded, for claim reading to
    know (one query)."""
    rows = session.execute(
        select(Outlet.id, Outlet.name, Outlet.language, Outlet.country, OutletAlias.alias, OutletDomain.domain)
        .outerjoin(OutletAlias, OutletAlias.outlet_id == Outlet.id)
        .outerjoin(OutletDomain, OutletDomain.outlet_id == Outlet.id)
        .order_by(Outlet.id, OutletAlias.id, OutletDomain.id)  # the first recorded wins a name two outlets share
    )
    outlets: dict[int, tuple[str, str | None, str | None, dict[str, None], dict[str, None]]] = {}
    for outlet_id, name, language, country, alias, domain in rows:
        entry = outlets.setdefault(outlet_id, (name, language, country, {}, {}))
        if alias:
            entry[3][alias] = None
        if domain:
            entry[4][domain] = None
    return [
        KnownOutlet(name, tuple(aliases), tuple(domains), language, country, "site", "recorded")
        for name, language, country, aliases, domains in outlets.values()
    ]


def known_publisher(host: str) -> KnownOutlet | None:
    """The gazetteer's outlet for an address's host or one of its parent domains."""
    return gazetteer().at(host)


def _find_recorded_outlets(session: Session, names: Iterable[str]) -> dict[str, Outlet]:
    wanted = {n: normalize_name(n) for n in names if n and n.strip()}
    hosts = {n: h for n in wanted if (h := domain_of(n))}
    by_key = _outlets_by_key(session, set(wanted.values()))
    by_host: dict[str, Outlet] = {}
    if hosts:
        rows = session.execute(
            select(OutletDomain.domain, Outlet)
            .join(Outlet, Outlet.id == OutletDomain.outlet_id)
            .where(OutletDomain.domain.in_(set(hosts.values())))
        )
        by_host = {domain: outlet for domain, outlet in rows}
    found: dict[str, Outlet] = {}
    for name, key in wanted.items():
        outlet = by_host.get(hosts.get(name, "")) or by_key.get(key)
        if outlet is not None:
            found[name] = outlet
    return found


def find_people(session: Session, names: Iterable[str]) -> dict[str, Person]:
    """Return the people that ``names`` resolve to (by name or alias), keyed by each name that resolved."""
    wanted = {n: normalize_name(n) for n in names if n and n.strip()}
    by_key = _people_by_key(session, set(wanted.values()))
    return {name: by_key[key] for name, key in wanted.items() if key in by_key}


def _outlets_by_key(session: Session, keys: set[str]) -> dict[str, Outlet]:
    return _by_key(session, Outlet, OutletAlias, OutletAlias.outlet_id, keys)


def _people_by_key(session: Session, keys: set[str]) -> dict[str, Person]:
    return _by_key(session, Person, PersonAlias, PersonAlias.person_id, keys)


def _by_key(
    session: Session,
    model: type[AgentT],
    alias: type[OutletAlias] | type[PersonAlias],
    owner: InstrumentedAttribute[int],
    keys: set[str],
) -> dict[str, AgentT]:
    """Return the agents whose name key or one of whose alias keys is in ``keys``, keyed by that key."""
    if not keys:
        return {}
    rows = session.execute(
        select(model.key, alias.key, model)
        .outerjoin(alias, owner == model.id)
        .where(or_(model.key.in_(keys), alias.key.in_(keys)))
    )
    found: dict[str, AgentT] = {}
    for name_key, alias_key, agent in rows:
        for key in (name_key, alias_key):
            if key in keys:
                found[key] = agent
    return found


def resolve_outlet(session: Session, name: str) -> Outlet:
    """Return the outlet ``name`` refers to, or raise NotFoundError saying how to add it."""
    outlet = find_outlets(session, [name]).get(name)
    if outlet is None:
        raise NotFoundError(f"no outlet named {name!r}: add it with `provenance outlet add {name!r}`")
    return outlet


def resolve_people(session: Session, names: Iterable[str]) -> list[Person]:
    """Return the people ``names`` refer to, in order and without repeats, in one look-up; raise NotFoundError
    naming the first unknown one."""
    wanted = list(dict.fromkeys(names))
    found = find_people(session, wanted)
    missing = [name for name in wanted if name not in found]
    if missing:
        raise NotFoundError(f"no person named {missing[0]!r}: add them with `provenance person add {missing[0]!r}`")
    return list(dict.fromkeys(found[name] for name in wanted))


def resolve_person(session: Session, name: str) -> Person:
    """Return the person ``name`` refers to, or raise NotFoundError saying how to add them."""
    return resolve_people(session, [name])[0]


def find_agents(session: Session, names: Iterable[str]) -> dict[str, Person | Outlet]:
    """Return the person or, failing that, the outlet each of ``names`` refers to (a translator can be either)."""
    wanted = set(names)
    people = find_people(session, wanted)
    outlets = find_outlets(session, wanted - set(people))
    return {**outlets, **people}


def resolve_agent(session: Session, name: str) -> Person | Outlet:
    """Return the person or, failing that, the outlet ``name`` refers to (a translator can be either)."""
    agent = find_agents(session, [name]).get(name)
    if agent is not None:
        return agent
    raise NotFoundError(
        f"no person or outlet named {name!r}: add it with `provenance person add` or `provenance outlet add`"
    )


def get_outlet(session: Session, outlet_id: int) -> Outlet:
    """Return outlet ``outlet_id`` with its aliases and domains, or raise NotFoundError."""
    outlet = session.scalars(
        select(Outlet).where(Outlet.id == outlet_id).options(selectinload(Outlet.aliases), selectinload(Outlet.domains))
    ).first()
    if outlet is None:
        raise NotFoundError(f"no outlet with id {outlet_id}: list them with `provenance outlet list`")
    return outlet


def sign_offs(session: Session, outlet_id: int, limit: int = 10) -> list[tuple[str, int]]:
    """Return the footer credits the outlet's own texts end with that read as its sign-off, most used first,
    with how many of its versions carry each."""
    count = func.count(func.distinct(Claim.version_id))
    rows = session.execute(
        select(Claim.text, count)
        .join(Version, Version.id == Claim.version_id)
        .where(Version.outlet_id == outlet_id, (Claim.kind == "sign_off") | Claim.possible_sign_off_of.is_not(None))
        .group_by(Claim.text)
        .order_by(count.desc(), Claim.text)
        .limit(limit)
    )
    return [(text, int(n)) for text, n in rows]


def publisher_of(outlet: Outlet | None) -> Publisher | None:
    """Return the claim reader's view of the publishing outlet: its names, domains and language."""
    from provenance.text.claims import Publisher  # the claim reader loads only where claims are read

    if outlet is None:
        return None
    return Publisher(
        names=(outlet.name, *(a.alias for a in outlet.aliases)),
        domains=tuple(d.domain for d in outlet.domains),
        language=outlet.language,
    )


def publishers(session: Session, outlet_ids: Iterable[int]) -> dict[int, Publisher]:
    """Return ``publisher_of`` each of these outlets, keyed by id, in one look-up."""
    ids = set(outlet_ids)
    if not ids:
        return {}
    outlets = session.scalars(
        select(Outlet).where(Outlet.id.in_(ids)).options(selectinload(Outlet.aliases), selectinload(Outlet.domains))
    )
    return {o.id: p for o in outlets if (p := publisher_of(o)) is not None}


def claim_resolution(
    kind: str, name: str, outlets: dict[str, Outlet], people: dict[str, Person]
) -> tuple[Outlet | None, Person | None]:
    """Return the outlet or person a claim of ``kind`` naming ``name`` resolves to, from names already looked
    up: an author is a person, a translator a person or else an outlet, any other credit an outlet."""
    if kind in PERSON_KINDS:
        return None, people.get(name)
    if kind == "translator":
        person = people.get(name)
        return (None, person) if person else (outlets.get(name), None)
    return outlets.get(name), None


def resolve_claims_naming(session: Session, outlet_names: Iterable[str], person_names: Iterable[str]) -> None:
    """Resolve the pending credits that name, word for word, outlets or people just recorded under those names:
    the targeted form of ``resolve_pending_claims`` for a writer that creates a few (``log --create-missing``),
    at most two statements whatever the size of the database; other spellings wait for ``provenance resolve``."""
    pending = (Claim.outlet_id.is_(None), Claim.person_id.is_(None))
    if people := sorted(set(person_names)):
        named = select(Person.id).where(Person.name == Claim.name).limit(1).scalar_subquery()
        session.execute(
            update(Claim)
            .where(*pending, Claim.kind.in_((*PERSON_KINDS, "translator")), Claim.name.in_(people))
            .values(person_id=named)
            .execution_options(synchronize_session=False)
        )
    if outlets := sorted(set(outlet_names)):
        named = select(Outlet.id).where(Outlet.name == Claim.name).limit(1).scalar_subquery()
        outlet_kinds = [k for k in AGENT_KINDS if k not in PERSON_KINDS]
        session.execute(
            update(Claim)
            .where(*pending, Claim.kind.in_(outlet_kinds), Claim.name.in_(outlets))
            .values(outlet_id=named)
            .execution_options(synchronize_session=False)
        )


def resolve_pending_claims(session: Session) -> int:
    """Resolve the stored credits that named no recorded outlet or person when they were read, against the
    outlets and people recorded now (after ``outlet add``, an alias or a domain); return how many now resolve.

    Set-based: one read of the pending claims, one look-up of their names, one bulk update.
    """
    pending = session.execute(
        select(Claim.id, Claim.kind, Claim.name).where(
            Claim.kind.in_(AGENT_KINDS), Claim.outlet_id.is_(None), Claim.person_id.is_(None)
        )
    ).all()
    names = {name for _, _, name in pending}
    outlets, people = find_outlets(session, names), find_people(session, names)
    updates = []
    for claim_id, kind, name in pending:
        outlet, person = claim_resolution(kind, name, outlets, people)
        if outlet is not None or person is not None:
            updates.append(
                {"id": claim_id, "outlet_id": outlet.id if outlet else None, "person_id": person.id if person else None}
            )
    if updates:
        session.execute(update(Claim), updates)
    return len(updates)
