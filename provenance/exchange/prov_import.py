"""PROV-JSON import: W3C PROV back into versions, outlets, people, links and claims, with a report.

Reads what ``provenance export --format prov-json`` writes (the round trip is exact) and maps what
it can of a PROV document from elsewhere: entities become versions, ``wasDerivedFrom`` links,
organizations and persons outlets and people. Each record it cannot map is reported with the
reason. Importing the same document twice adds nothing. The caller owns the transaction.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from prov.constants import (
    PROV_ATTR_ACTIVITY,
    PROV_ATTR_AGENT,
    PROV_ATTR_ENTITY,
    PROV_ATTR_GENERATED_ENTITY,
    PROV_ATTR_USED_ENTITY,
    PROV_LABEL,
    PROV_N_MAP,
)
from prov.identifier import QualifiedName
from prov.model import PROV, ProvBundle, ProvDocument, ProvRecord
from sqlalchemy import delete, func, insert, select, text, tuple_, update
from sqlalchemy.orm import Session

from provenance.errors import ConflictError, InputError, ProvenanceError
from provenance.exchange.prov import ACTIVITY_TYPES, CLAIM_TYPES, NAMESPACE_URI, VERSION_ATTRIBUTES
from provenance.ledger import agents as agents_module
from provenance.ledger.agents import validate_language
from provenance.ledger.lineage import chain_walk
from provenance.ledger.versions import NewVersion, is_same_sighting, parse_published, validate_url, version_row
from provenance.store.batching import batched, id_batches
from provenance.store.models import (
    Claim,
    Derivation,
    Outlet,
    Person,
    Version,
    Work,
    utcnow,
    version_authors,
)
from provenance.vocabulary import CLAIM_POSITIONS

_HASH = re.compile(r"^[0-9a-f]{64}$")
_KIND_BY_TYPE = {v: k for k, v in ACTIVITY_TYPES.items()}
_CLAIM_BY_TYPE = {v: k for k, v in CLAIM_TYPES.items()}
# The version attributes PROV export writes besides its label (``prov.VERSION_ATTRIBUTES``), by local name.
_VERSION_ATTRIBUTES = {
    attribute.partition(":")[2] for attribute, _ in VERSION_ATTRIBUTES if attribute.startswith("prv:")
}


_Found = tuple[int, str | None, str | None, int | None]  # a recorded version: id, content hash, title, work id


@dataclass(frozen=True)
class Unmapped:
    """A PROV record (or part of one) that the import could not map, and why."""

    record: str
    reason: str
    dropped: bool = False
    """True when the whole record was left out (``import`` then exits 5), not only a part of it."""


@dataclass(frozen=True)
class ProvImportReport:
    """What an import did: records created and already present, by kind, and what it could not map."""

    source_name: str
    created: dict[str, int]
    existing: dict[str, int]
    unmapped: tuple[Unmapped, ...] = ()

    @property
    def total_created(self) -> int:
        """The number of rows the import added."""
        return sum(self.created.values())


@dataclass
class _Run:
    session: Session
    created: Counter[str] = field(default_factory=Counter)
    existing: Counter[str] = field(default_factory=Counter)
    unmapped: list[Unmapped] = field(default_factory=list)
    agents: dict[str, Outlet | Person] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)  # identifier -> version id
    works: dict[int, int | None] = field(default_factory=dict)  # version id -> recorded work (None: new version)
    new_versions: list[_NewVersion] = field(default_factory=list)

    def skip(self, record: str, reason: str) -> None:
        """Report a part of a record that is not mapped (an attribute, a record type); the rest is imported."""
        self.unmapped.append(Unmapped(record, reason))

    def drop(self, record: str, reason: str) -> None:
        """Report a record that is not imported at all (nothing of it is written)."""
        self.unmapped.append(Unmapped(record, reason, dropped=True))


def parse_prov_json(data: bytes | str, source_name: str) -> ProvDocument:
    """Return the PROV document in ``data``, or raise InputError in one line if it is not valid PROV-JSON."""
    try:
        content = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as e:
        raise InputError(f"{source_name} is not UTF-8 text: export it again as PROV-JSON") from e
    if not content.strip():
        raise InputError(f"{source_name} is empty: give a PROV-JSON document")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = ProvDocument.deserialize(content=content, format="json")
    except Exception as e:  # the prov package raises many kinds for malformed input
        detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(
            f"{source_name} is not valid PROV-JSON ({detail}): check the file is complete and is PROV-JSON"
        ) from e
    return document


def import_prov_json(
    session: Session, data: bytes | str, source_name: str, *, step: Callable[[str], None] = lambda _: None
) -> ProvImportReport:
    """Import a PROV-JSON document into the database and report what was created, found and left out.

    Raises InputError (nothing written) when ``data`` is not PROV-JSON. Idempotent: versions are
    matched by content hash with their outlet and address (or identifier), agents by name, links by
    their two versions, claims by their wording and place. ``step`` is told each phase as it starts
    (parsing, agents, versions, links, claims), for a progress display.
    """
    step("parsing")
    document = parse_prov_json(data, source_name)
    run = _Run(session)
    records = list(document.get_records())
    bundles = list(document.bundles)
    bundle_ids = {str(b.identifier) for b in bundles}
    handled: set[int] = set()
    by_type: dict[str, list[ProvRecord]] = {}
    for record in records:
        by_type.setdefault(record.get_type().localpart, []).append(record)
    agents = by_type.get("Agent", [])
    handled.update(id(record) for record in agents)
    step(f"agents ({len(agents):,})")
    _import_agents(run, agents)
    session.flush()
    attributions = by_type.get("Attribution", [])
    entities = by_type.get("Entity", [])
    handled.update(id(record) for record in entities)
    step(f"versions ({len(entities):,})")
    _import_versions(
        run,
        [r for r in entities if str(r.identifier) not in bundle_ids and PROV["Bundle"] not in r.get_asserted_types()],
        attributions,
    )
    for record in attributions:
        handled.add(id(record))
        _check_attribution(run, record, bundle_ids)
    step("links")
    links = _import_links(run, by_type, handled)
    _write_versions_and_links(run, links)
    step(f"claims ({len(bundles):,} bundles)")
    _import_claims(run, bundles, attributions)
    for record in records:
        if id(record) not in handled:
            run.skip(_name(record), f"{PROV_N_MAP.get(record.get_type())} records are not mapped")
    session.flush()
    return ProvImportReport(source_name, dict(run.created), dict(run.existing), tuple(run.unmapped))


def _name(record: ProvRecord) -> str:
    kind = PROV_N_MAP.get(record.get_type(), str(record.get_type().localpart))
    return f"{kind} {record.identifier}" if record.identifier else kind


def _uri(record: ProvRecord) -> str:
    return record.identifier.uri if record.identifier is not None else ""


def _local(name: Any) -> str | None:
    """Return the local part of a name in this tool's namespace, else None."""
    if isinstance(name, QualifiedName) and name.namespace.uri == NAMESPACE_URI:
        return str(name.localpart)
    return None


def _one(record: ProvRecord, attribute: Any) -> Any:
    values = record.get_attribute(attribute)
    return next(iter(values)) if values else None


def _attributes(record: ProvRecord) -> dict[str, list[Any]]:
    """Return the record's extra attributes in this tool's namespace, by local name; note the others."""
    found: dict[str, list[Any]] = {}
    for name, value in record.extra_attributes:
        local = _local(name)
        key = local if local is not None else f"@{name}"
        found.setdefault(key, []).append(value)
    return found


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _foreign(run: _Run, record: ProvRecord, attrs: dict[str, list[Any]], known: set[str]) -> None:
    for key in attrs:
        if key.startswith("@"):
            if key not in ("@prov:type", "@prov:label", "@prov:role"):
                run.skip(_name(record), f"attribute {key[1:]} is not mapped")
        elif key not in known:
            run.skip(_name(record), f"attribute prv:{key} is not mapped")


def _import_agents(run: _Run, records: list[ProvRecord]) -> None:
    """Map every agent record: one look-up of all names, then the missing outlets and people created."""
    labels = [_text(_one(r, PROV_LABEL)) or (str(r.identifier.localpart) if r.identifier else "") for r in records]
    outlets = agents_module.find_outlets(run.session, [n for n in labels if n])
    people = agents_module.find_people(run.session, [n for n in labels if n])
    for record, label in zip(records, labels, strict=True):
        _import_agent(run, record, label, outlets, people)


def _import_agent(
    run: _Run, record: ProvRecord, label: str, outlets: dict[str, Outlet], people: dict[str, Person]
) -> None:
    types = record.get_asserted_types()
    attrs = _attributes(record)
    is_outlet, is_person = PROV["Organization"] in types, PROV["Person"] in types
    if not (is_outlet or is_person) or not label:
        run.drop(_name(record), "an agent must be a prov:Organization or a prov:Person with a name to be mapped")
        return
    _foreign(run, record, attrs, {"language", "country", "alias", "domain"} if is_outlet else {"alias"})
    aliases = [str(a) for a in attrs.get("alias", [])]
    known: dict[str, Outlet] | dict[str, Person] = outlets if is_outlet else people
    existing = known.get(label)
    if existing is not None:
        run.existing["outlets" if is_outlet else "people"] += 1
        run.agents[str(record.identifier)] = existing
        return
    try:
        with run.session.begin_nested():
            if is_outlet:
                language = _text(next(iter(attrs.get("language", [])), None))
                country = _text(next(iter(attrs.get("country", [])), None))
                created: Outlet | Person = agents_module.add_outlet(
                    run.session,
                    label,
                    domains=[str(d) for d in attrs.get("domain", [])],
                    aliases=aliases,
                    language=language,
                    country=country,
                )
            else:
                created = agents_module.add_person(run.session, label, aliases=aliases)
    except (ConflictError, InputError) as e:
        # The name may belong to an agent created earlier in this document (under another of its names).
        finder = agents_module.find_outlets if is_outlet else agents_module.find_people
        again = finder(run.session, [label]).get(label)
        if again is None:
            run.drop(_name(record), str(e))
            return
        run.existing["outlets" if is_outlet else "people"] += 1
        run.agents[str(record.identifier)] = again
        return
    if isinstance(created, Outlet):
        outlets[label] = created
    else:
        people[label] = created
    run.created["outlets" if is_outlet else "people"] += 1
    run.agents[str(record.identifier)] = created


def _version_key(record: ProvRecord, attrs: dict[str, list[Any]]) -> tuple[str | None, int | None]:
    """Return (content hash, id) the identifier or attributes give; both None for a foreign entity."""
    local = _local(record.identifier) or ""
    if local.startswith("sha256-") and _HASH.match(local[7:]):
        return local[7:], None
    stated = _text(next(iter(attrs.get("contentHash", [])), None))
    if stated and _HASH.match(stated):
        return stated, None
    if local.startswith("version-") and local[8:].isdigit():
        return None, int(local[8:])
    return None, None


@dataclass
class _NewVersion:
    """A version the document adds, with the columns it will be inserted with."""

    identifier: str
    row: dict[str, Any]
    outlet_id: int | None = None
    authors: list[int] = field(default_factory=list)


def _import_versions(run: _Run, records: list[ProvRecord], attributions: list[ProvRecord]) -> None:
    """Map every version entity: one look-up of what exists, then one bulk insert of the new ones."""
    keyed = []
    for record in records:
        attrs = _attributes(record)
        _foreign(run, record, attrs, _VERSION_ATTRIBUTES)
        content_hash, wanted_id = _version_key(record, attrs)
        if not (content_hash or _one(record, PROV_LABEL) or attrs.get("url")):
            # Nothing tells this entity's text apart: recorded, it would be a version nobody can find again.
            run.drop(_name(record), "has no content hash, label or URL to identify it: left out")
            continue
        keyed.append((record, attrs, content_hash, wanted_id, None if content_hash or wanted_id else _uri(record)))
    by_hash = _texts(run.session, {k[2] for k in keyed if k[2]})
    by_id = _existing(run.session, Version.id, {k[3] for k in keyed if k[3] is not None})
    by_source = _existing(run.session, Version.source_name, {f"prov:{k[4]}" for k in keyed if k[4] is not None})
    agents_of: dict[str, list[str]] = {}
    for attribution in attributions:
        formal = dict(attribution.formal_attributes)
        agents_of.setdefault(str(formal.get(PROV_ATTR_ENTITY)), []).append(str(formal.get(PROV_ATTR_AGENT)))
    recorded_work = {v: w for lookup in (by_id, by_source) for v, _, _, w in lookup.values()}
    recorded_work |= {s.id: s.work_id for sightings in by_hash.values() for s in sightings}
    next_id = (run.session.scalar(select(func.max(Version.id))) or 0) + 1
    taken: dict[int, tuple[str | None, str | None]] = {i: (h, t) for i, (_, h, t, _) in by_id.items()}
    new: list[_NewVersion] = []
    for record, attrs, content_hash, wanted_id, uri in keyed:
        identifier = str(record.identifier)
        title = _text(_one(record, PROV_LABEL))
        attributed = (run.agents.get(a) for a in agents_of.get(identifier, []))
        publisher = next((a for a in attributed if isinstance(a, Outlet)), None)
        found: int | None = None
        if content_hash:
            url = _stated_url(attrs)
            outlet_id = publisher.id if publisher else None
            found = next((s.id for s in by_hash.get(content_hash, []) if s.same(outlet_id, url)), None)
        elif wanted_id is not None:
            if wanted_id in taken:
                other_hash, other_title = taken[wanted_id]
                if other_hash is not None or other_title != title:
                    run.skip(_name(record), f"version {wanted_id} here is another text: recorded as a new version")
                    wanted_id = None
                else:
                    found = wanted_id
        else:
            source = by_source.get(f"prov:{uri}")
            found = source[0] if source is not None else None
        if found is not None:
            run.existing["versions"] += 1
            run.versions[identifier] = found
            run.works[found] = recorded_work.get(found)
            continue
        vid = wanted_id if wanted_id is not None else next_id
        next_id = max(next_id, vid + 1)
        source_name = None if (content_hash or wanted_id is not None) else f"prov:{uri}"
        fields, recorded_at = _version_fields(run, record, attrs, title, source_name)
        row = {"id": vid, **version_row(fields, None, None, content_hash=content_hash, recorded_at=recorded_at)}
        version = _NewVersion(identifier, row)
        for agent in (run.agents.get(a) for a in agents_of.get(identifier, [])):
            if isinstance(agent, Outlet) and version.outlet_id is None:
                version.outlet_id = agent.id
            elif isinstance(agent, Person) and agent.id not in version.authors:
                version.authors.append(agent.id)
        taken[vid] = (content_hash, title)
        if content_hash:
            by_hash.setdefault(content_hash, []).append(_Sighting(vid, version.outlet_id, row["url"], None))
        elif row["source_name"]:
            by_source[row["source_name"]] = (vid, None, title, None)
        run.versions[identifier] = vid
        run.works[vid] = None
        run.created["versions"] += 1
        new.append(version)
    run.new_versions = new


@dataclass(frozen=True)
class _Sighting:
    """A recorded version of a text: where it is (outlet, address) and its work."""

    id: int
    outlet_id: int | None
    url: str | None
    work_id: int | None

    def same(self, outlet_id: int | None, url: str | None) -> bool:
        return is_same_sighting(self.outlet_id, self.url, outlet_id, url)


def _texts(session: Session, hashes: set[str]) -> dict[str, list[_Sighting]]:
    """Return the recorded versions of each of these texts (content hashes), oldest first."""
    found: dict[str, list[_Sighting]] = {}
    for batch in batched(sorted(hashes)):
        query = select(Version.content_hash, Version.id, Version.outlet_id, Version.url, Version.work_id)
        for digest, vid, outlet_id, url, work in session.execute(
            query.where(Version.content_hash.in_(batch)).order_by(Version.id)
        ):
            found.setdefault(str(digest), []).append(_Sighting(vid, outlet_id, url, work))
    return found


def _stated_url(attrs: dict[str, list[Any]]) -> str | None:
    try:
        return validate_url(_text(next(iter(attrs.get("url", [])), None)))
    except ProvenanceError:
        return None


def _existing(session: Session, column: Any, values: set[Any]) -> dict[Any, _Found]:
    """Return the versions whose ``column`` is one of ``values``: value -> (id, content hash, title, work id)."""
    found: dict[Any, _Found] = {}
    for batch in batched(sorted(values)):
        query = select(column, Version.id, Version.content_hash, Version.title, Version.work_id).where(
            column.in_(batch)
        )
        for value, vid, content_hash, title, work in session.execute(query.order_by(Version.id)):
            found.setdefault(value, (vid, content_hash, title, work))
    return found


# Each PROV attribute of a version, its field, and how it is read; a value that does not read is left out alone.
_VERSION_FIELDS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("language", "language", lambda v: validate_language(_text(v))),
    ("detectedLanguage", "detected_language", _text),
    ("languageProbability", "language_probability", lambda v: None if v is None else float(v)),
    ("url", "url", lambda v: validate_url(_text(v))),
    ("published", "published", lambda v: _moment(v)),
    ("damage", "damage", _text),
)


def _version_fields(
    run: _Run, record: ProvRecord, attrs: dict[str, list[Any]], title: str | None, source_name: str | None
) -> tuple[NewVersion, datetime | None]:
    """Return the version fields a PROV entity gives, and when it was recorded; report each value left out."""
    values: dict[str, Any] = {}
    for attribute, name, read in (*_VERSION_FIELDS, ("recordedAt", "recorded_at", lambda v: _moment(v))):
        raw = next(iter(attrs.get(attribute, [])), None)
        try:
            values[name] = read(raw)
        except (ProvenanceError, ValueError) as e:
            run.skip(_name(record), f"{e}: left out")
    recorded_at = values.pop("recorded_at", None)
    return NewVersion(title=title, source_name=source_name, **values), recorded_at


def _moment(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value.replace(tzinfo=None) if isinstance(value, datetime) and value.tzinfo is None else value
    return parse_published(str(value))


def _check_attribution(run: _Run, record: ProvRecord, bundle_ids: set[str]) -> None:
    formal = dict(record.formal_attributes)
    entity, agent = str(formal.get(PROV_ATTR_ENTITY)), str(formal.get(PROV_ATTR_AGENT))
    if entity in bundle_ids and agent in run.versions:
        return
    if entity not in run.versions or agent not in run.agents:
        run.drop(_name(record), "attributes an entity to an agent that was not imported")


def _import_links(run: _Run, by_type: dict[str, list[ProvRecord]], handled: set[int]) -> list[dict[str, Any]]:
    """Return the rows of the new links: existing links looked up at once, cycles checked in memory."""
    activities = {str(a.identifier): a for a in by_type.get("Activity", [])}
    associations: dict[str, ProvRecord] = {}
    for associated in by_type.get("Association", []):
        associations[str(dict(associated.formal_attributes).get(PROV_ATTR_ACTIVITY))] = associated
    derivations = by_type.get("Derivation", [])
    pairs = [_pair(run, d) for d in derivations]
    primary = [PROV["PrimarySource"] in d.get_asserted_types() for d in derivations]
    wanted = sorted({p for p, is_primary in zip(pairs, primary, strict=True) if p is not None and not is_primary})
    existing: set[tuple[int, int]] = set()
    d = Derivation
    for chunk in batched(wanted, 500):
        query = select(d.derived_id, d.source_id).where(tuple_(d.derived_id, d.source_id).in_(chunk))
        existing.update((a, b) for a, b in run.session.execute(query))
    document_graph: dict[int, set[int]] = {}
    for pair, is_primary in zip(pairs, primary, strict=True):
        if pair is not None and not is_primary:
            document_graph.setdefault(pair[0], set()).add(pair[1])
    # Every path that a new link could close runs through links recorded before the import only above
    # versions that were already there; one walk up from those gives all such links.
    graph = _recorded_above(run, {s for _, s in wanted if run.works.get(s) is not None})
    rows: list[dict[str, Any]] = []
    for record, pair, is_primary in zip(derivations, pairs, primary, strict=True):
        handled.add(id(record))
        if pair is None:
            run.drop(_name(record), "derives from or to an entity that was not imported")
            continue
        derived, source = pair
        if is_primary:
            if not _reaches(document_graph, derived, source):
                run.skip(_name(record), "hadPrimarySource without a chain of wasDerivedFrom is not mapped")
            continue
        formal = dict(record.formal_attributes)
        activity = activities.get(str(formal.get(PROV_ATTR_ACTIVITY)))
        association = associations.get(str(formal.get(PROV_ATTR_ACTIVITY)))
        handled.update(id(used) for used in (activity, association) if used is not None)
        if (derived, source) in existing:
            run.existing["links"] += 1
            continue
        row = _link_row(run, record, derived, source, activity, association, graph)
        if row is not None:
            rows.append(row)
            existing.add((derived, source))
            graph.setdefault(derived, set()).add(source)
            run.created["links"] += 1
    return rows


def _recorded_above(run: _Run, starts: set[int]) -> dict[int, set[int]]:
    """Return the recorded links (derived -> sources) reachable walking up from ``starts``, by recursive CTE."""
    graph: dict[int, set[int]] = {}
    d = Derivation.__table__.c
    for chunk in id_batches(starts):
        up = chain_walk("up", chunk)
        reached = select(d.derived_id, d.source_id).distinct().join(up, d.id == up.c.link_id)
        for derived, source in run.session.execute(reached):
            graph.setdefault(derived, set()).add(source)
    return graph


def _pair(run: _Run, record: ProvRecord) -> tuple[int, int] | None:
    formal = dict(record.formal_attributes)
    derived = run.versions.get(str(formal.get(PROV_ATTR_GENERATED_ENTITY)))
    source = run.versions.get(str(formal.get(PROV_ATTR_USED_ENTITY)))
    return (derived, source) if derived is not None and source is not None else None


def _reaches(graph: dict[int, set[int]], start: int, goal: int) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _link_kind(record: ProvRecord, activity: ProvRecord | None) -> tuple[str, str | None]:
    """Return the link kind and, when it had to be assumed, a note saying so."""
    stated = _text(next((v for k, v in record.extra_attributes if _local(k) == "kind"), None))
    if stated in ACTIVITY_TYPES:
        return stated, None
    for typ in activity.get_asserted_types() if activity is not None else ():
        if (local := _local(typ)) in _KIND_BY_TYPE:
            return _KIND_BY_TYPE[local], None
    if PROV["Quotation"] in record.get_asserted_types():
        return "excerpt", None
    if PROV["Revision"] in record.get_asserted_types():
        return "revision", None
    return "adaptation", "no kind of derivation given: recorded as an adaptation"


def _link_row(
    run: _Run,
    record: ProvRecord,
    derived: int,
    source: int,
    activity: ProvRecord | None,
    association: ProvRecord | None,
    graph: dict[int, set[int]],
) -> dict[str, Any] | None:
    """Return the row of a new link, or None (reported) when it cannot be recorded; the checks of link_versions."""
    kind, note = _link_kind(record, activity)
    if note:
        run.skip(_name(record), note)
    attrs = _attributes(record)
    _foreign(run, record, attrs, {"kind", "evidence", "confidence", "recordedBy", "recordedAt"})
    try:
        confidence = float(next(iter(attrs.get("confidence", [])), 1.0))
        recorded = _moment(next(iter(attrs.get("recordedAt", [])), None))
    except (ProvenanceError, ValueError) as e:
        run.drop(_name(record), f"{e}: link not recorded")
        return None
    problem = None
    if not 0.0 <= confidence <= 1.0:
        problem = f"confidence {confidence} is outside 0..1"
    elif derived == source:
        problem = f"version {derived} cannot be derived from itself"
    elif _reaches(graph, source, derived):
        problem = f"version {source} is already derived from version {derived}: the link would make a cycle"
    if problem:
        run.drop(_name(record), f"{problem}: link not recorded")
        return None
    row: dict[str, Any] = {
        "derived_id": derived, "source_id": source, "kind": kind, "translator_person_id": None,
        "agent_outlet_id": None, "evidence": _text(next(iter(attrs.get("evidence", [])), None)),
        "confidence": confidence, "recorded_by": _text(next(iter(attrs.get("recordedBy", [])), None)),
        "recorded_at": recorded if recorded is not None else utcnow(),
    }  # fmt: skip
    if association is not None:
        agent = run.agents.get(str(dict(association.formal_attributes).get(PROV_ATTR_AGENT)))
        if isinstance(agent, Person):
            row["translator_person_id"] = agent.id
        elif isinstance(agent, Outlet):
            row["agent_outlet_id"] = agent.id
        else:
            run.skip(_name(association), "its agent was not imported")
    return row


def _write_versions_and_links(run: _Run, links: list[dict[str, Any]]) -> None:
    """Insert the new versions, their authors and the new links in bulk, each linked group in one work.

    Linking merges works: the versions a document links (with those already recorded) end in one
    work, the smallest of their existing works or a new one.
    """
    session = run.session
    parent: dict[int, int] = {}

    def root(v: int) -> int:
        while parent.get(v, v) != v:
            parent[v] = parent.get(parent[v], parent[v])
            v = parent[v]
        return v

    for link in links:
        a, b = root(link["derived_id"]), root(link["source_id"])
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for vid in run.works:
        groups.setdefault(root(vid), []).append(vid)
    next_work = (session.scalar(select(func.max(Work.id))) or 0) + 1
    work_rows: list[dict[str, Any]] = []
    work_of: dict[int, int] = {}
    absorbed: dict[int, int] = {}
    for members in groups.values():
        recorded = sorted({w for v in members if (w := run.works[v]) is not None})
        if not any(run.works[v] is None for v in members) and len(recorded) <= 1:
            continue
        if recorded:
            keep = recorded[0]
            absorbed.update((w, keep) for w in recorded[1:])
        else:
            keep, next_work = next_work, next_work + 1
            work_rows.append({"id": keep, "created_at": utcnow()})
        work_of.update((v, keep) for v in members)
    _bulk(session, Work.__table__, work_rows)
    version_rows = [{**v.row, "work_id": work_of[v.row["id"]], "outlet_id": v.outlet_id} for v in run.new_versions]
    _bulk(session, Version.__table__, version_rows)
    _bulk(session, version_authors, [
        {"version_id": v.row["id"], "person_id": p} for v in run.new_versions for p in v.authors
    ])  # fmt: skip
    for old, keep in absorbed.items():
        session.execute(update(Version).where(Version.work_id == old).values(work_id=keep))
    if absorbed:
        session.execute(delete(Work).where(Work.id.in_(sorted(absorbed))))
    _bulk(session, Derivation.__table__, links)
    if session.get_bind().dialect.name == "postgresql" and (work_rows or version_rows):
        # Ids given explicitly do not advance PostgreSQL's sequences; keep the next ones free.
        for table in ("versions", "works"):
            session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )


def _bulk(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in batched(rows):
        session.execute(insert(table), chunk)


def _import_claims(run: _Run, bundles: list[ProvBundle], attributions: Iterable[ProvRecord]) -> None:
    """Map the claims bundles: the claims already recorded for their versions looked up at once, new ones inserted."""
    owner_of: dict[str, int] = {}
    for attribution in attributions:
        formal = dict(attribution.formal_attributes)
        owner = run.versions.get(str(formal.get(PROV_ATTR_AGENT)))
        if owner is not None:
            owner_of[str(formal.get(PROV_ATTR_ENTITY))] = owner
    owners = sorted({o for b in bundles if (o := owner_of.get(str(b.identifier))) is not None})
    present: set[tuple[Any, ...]] = set()
    for chunk in batched(owners):
        query = select(
            Claim.version_id, Claim.kind, Claim.name, Claim.text, Claim.position, func.coalesce(Claim.line, -1)
        ).where(Claim.version_id.in_(chunk))
        present.update(tuple(row) for row in run.session.execute(query))
    rows: list[dict[str, Any]] = []
    for bundle in bundles:
        owner = owner_of.get(str(bundle.identifier))
        if owner is None:
            run.drop(
                f"bundle {bundle.identifier}", "no version it is attributed to was imported: its claims are left out"
            )
            continue
        for record in bundle.get_records():
            claim = _claim(run, record, owner)
            if claim is None:
                continue
            key = (owner, claim["kind"], claim["name"], claim["text"], claim["position"],
                   claim["line"] if claim["line"] is not None else -1)  # fmt: skip
            if key in present:
                run.existing["claims"] += 1
                continue
            present.add(key)
            rows.append(claim)
            run.created["claims"] += 1
    _bulk(run.session, Claim.__table__, rows)


def _claim(run: _Run, record: ProvRecord, owner: int) -> dict[str, Any] | None:
    if record.get_type() != PROV["Entity"]:
        run.skip(_name(record), "only claim entities are mapped inside a claims bundle")
        return None
    attrs = _attributes(record)
    _foreign(
        run,
        record,
        attrs,
        {"kind", "name", "wording", "position", "line", "confidence", "url", "possibleSignOffOf", "note", "resolvesTo"},
    )

    def value(name: str) -> Any:
        return next(iter(attrs.get(name, [])), None)

    kind = _text(value("kind"))
    if kind is None:
        kind = next((_CLAIM_BY_TYPE[t] for t in map(_local, record.get_asserted_types()) if t in _CLAIM_BY_TYPE), None)
    name, wording, position = _text(value("name")), _text(value("wording")), _text(value("position"))
    if kind not in CLAIM_TYPES or not name or not wording or position not in CLAIM_POSITIONS:
        run.drop(_name(record), "a claim needs a known kind, a name, its wording and a known position")
        return None
    agent = run.agents.get(str(value("resolvesTo"))) if value("resolvesTo") is not None else None
    line = value("line")
    return {
        "version_id": owner,
        "kind": kind,
        "name": name,
        "text": wording,
        "position": position,
        "line": int(line) if line is not None else None,
        "confidence": float(value("confidence") if value("confidence") is not None else 1.0),
        "url": _text(value("url")),
        "possible_sign_off_of": _text(value("possibleSignOffOf")),
        "note": _text(value("note")),
        "outlet_id": agent.id if isinstance(agent, Outlet) else None,
        "person_id": agent.id if isinstance(agent, Person) else None,
    }
