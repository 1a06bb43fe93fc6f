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
from collections.abc import Iterable
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
from sqlalchemy import func, select, text, tuple_
from sqlalchemy.orm import Session

from provenance import agents as agents_module
from provenance.agents import validate_language
from provenance.errors import ConflictError, InputError, ProvenanceError
from provenance.export_prov import ACTIVITY_TYPES, CLAIM_TYPES, NAMESPACE_URI
from provenance.lineage import link_versions
from provenance.models import CLAIM_POSITIONS, Claim, Derivation, Outlet, Person, Version, Work
from provenance.versions import parse_published, validate_url

_HASH = re.compile(r"^[0-9a-f]{64}$")
_KIND_BY_TYPE = {v: k for k, v in ACTIVITY_TYPES.items()}
_CLAIM_BY_TYPE = {v: k for k, v in CLAIM_TYPES.items()}
_VERSION_ATTRIBUTES = {
    "language",
    "detectedLanguage",
    "languageProbability",
    "url",
    "published",
    "contentHash",
    "damage",
    "recordedAt",
}


@dataclass(frozen=True)
class Unmapped:
    """A PROV record (or part of one) that the import could not map, and why."""

    record: str
    reason: str


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
    versions: dict[str, Version] = field(default_factory=dict)

    def skip(self, record: str, reason: str) -> None:
        self.unmapped.append(Unmapped(record, reason))


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


def import_prov_json(session: Session, data: bytes | str, source_name: str) -> ProvImportReport:
    """Import a PROV-JSON document into the database and report what was created, found and left out.

    Raises InputError (nothing written) when ``data`` is not PROV-JSON. Idempotent: versions are
    matched by content hash (or identifier), agents by name, links by their two versions, claims
    by their wording and place.
    """
    document = parse_prov_json(data, source_name)
    run = _Run(session)
    records = list(document.get_records())
    bundles = list(document.bundles)
    bundle_ids = {str(b.identifier) for b in bundles}
    handled: set[int] = set()
    by_type: dict[str, list[ProvRecord]] = {}
    for record in records:
        by_type.setdefault(record.get_type().localpart, []).append(record)
    for record in by_type.get("Agent", []):
        handled.add(id(record))
        _import_agent(run, record)
    attributions = by_type.get("Attribution", [])
    for record in by_type.get("Entity", []):
        handled.add(id(record))
        if str(record.identifier) in bundle_ids or PROV["Bundle"] in record.get_asserted_types():
            continue
        _import_version(run, record, attributions)
    for record in attributions:
        handled.add(id(record))
        _check_attribution(run, record, bundle_ids)
    _import_links(run, by_type, handled)
    for bundle in bundles:
        _import_claims(run, bundle, attributions)
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


def _import_agent(run: _Run, record: ProvRecord) -> None:
    types = record.get_asserted_types()
    label = _text(_one(record, PROV_LABEL)) or (str(record.identifier.localpart) if record.identifier else None)
    attrs = _attributes(record)
    is_outlet, is_person = PROV["Organization"] in types, PROV["Person"] in types
    if not (is_outlet or is_person) or not label:
        run.skip(_name(record), "an agent must be a prov:Organization or a prov:Person with a name to be mapped")
        return
    _foreign(run, record, attrs, {"language", "country", "alias", "domain"} if is_outlet else {"alias"})
    aliases = [str(a) for a in attrs.get("alias", [])]
    existing: Outlet | Person | None
    if is_outlet:
        existing = agents_module.find_outlets(run.session, [label]).get(label)
    else:
        existing = agents_module.find_people(run.session, [label]).get(label)
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
        run.skip(_name(record), str(e))
        return
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


def _import_version(run: _Run, record: ProvRecord, attributions: list[ProvRecord]) -> None:
    attrs = _attributes(record)
    _foreign(run, record, attrs, _VERSION_ATTRIBUTES)
    content_hash, wanted_id = _version_key(record, attrs)
    identifier = str(record.identifier)
    title = _text(_one(record, PROV_LABEL))
    session = run.session
    if content_hash:
        found = session.scalars(select(Version).where(Version.content_hash == content_hash)).first()
    elif wanted_id is not None:
        found = session.get(Version, wanted_id)
        if found is not None and (found.content_hash is not None or found.title != title):
            run.skip(_name(record), f"version {wanted_id} here is another text: recorded as a new version")
            found, wanted_id = None, None
    else:
        key = f"prov:{_uri(record)}"
        found = session.scalars(select(Version).where(Version.source_name == key)).first()
    if found is not None:
        run.existing["versions"] += 1
        run.versions[identifier] = found
        return
    version = Version(
        work=Work(),
        title=title,
        content_hash=content_hash,
        source_name=None if (content_hash or wanted_id is not None) else f"prov:{_uri(record)}",
    )
    if wanted_id is not None:
        version.id = wanted_id
    _set_version_fields(run, record, attrs, version)
    for attribution in attributions:
        formal = dict(attribution.formal_attributes)
        if formal.get(PROV_ATTR_ENTITY) == record.identifier:
            agent = run.agents.get(str(formal.get(PROV_ATTR_AGENT)))
            if isinstance(agent, Outlet) and version.outlet is None:
                version.outlet = agent
            elif isinstance(agent, Person):
                version.authors.append(agent)
    session.add(version)
    session.flush()
    if wanted_id is not None and session.get_bind().dialect.name == "postgresql":
        # An id given explicitly does not advance PostgreSQL's sequence; keep the next one free.
        session.execute(text("SELECT setval(pg_get_serial_sequence('versions', 'id'), (SELECT max(id) FROM versions))"))
    run.created["versions"] += 1
    run.versions[identifier] = version


def _set_version_fields(run: _Run, record: ProvRecord, attrs: dict[str, list[Any]], version: Version) -> None:
    def value(name: str) -> Any:
        return next(iter(attrs.get(name, [])), None)

    try:
        version.language = validate_language(_text(value("language")))
        version.detected_language = _text(value("detectedLanguage"))
        probability = value("languageProbability")
        version.language_probability = float(probability) if probability is not None else None
        version.url = validate_url(_text(value("url")))
        version.published_at = _moment(value("published"))
        version.damage = _text(value("damage"))
        recorded = _moment(value("recordedAt"))
    except (ProvenanceError, ValueError) as e:
        run.skip(_name(record), f"{e}: left out")
        return
    if recorded is not None:
        version.recorded_at = recorded


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
        run.skip(_name(record), "attributes an entity to an agent that was not imported")


def _import_links(run: _Run, by_type: dict[str, list[ProvRecord]], handled: set[int]) -> None:
    activities = {str(a.identifier): a for a in by_type.get("Activity", [])}
    associations: dict[str, ProvRecord] = {}
    for associated in by_type.get("Association", []):
        associations[str(dict(associated.formal_attributes).get(PROV_ATTR_ACTIVITY))] = associated
    derivations = by_type.get("Derivation", [])
    pairs = [_pair(run, d) for d in derivations]
    wanted = [(d.id, s.id) for p in pairs if p is not None for d, s in [p]]
    existing = set()
    if wanted:
        existing = set(
            run.session.execute(
                select(Derivation.derived_id, Derivation.source_id).where(
                    tuple_(Derivation.derived_id, Derivation.source_id).in_(wanted)
                )
            ).tuples()
        )
    graph: dict[int, set[int]] = {}
    for record, pair in zip(derivations, pairs, strict=True):
        if pair is not None and PROV["PrimarySource"] not in record.get_asserted_types():
            graph.setdefault(pair[0].id, set()).add(pair[1].id)
    for record, pair in zip(derivations, pairs, strict=True):
        handled.add(id(record))
        if pair is None:
            run.skip(_name(record), "derives from or to an entity that was not imported")
            continue
        derived, source = pair
        if PROV["PrimarySource"] in record.get_asserted_types():
            if not _reaches(graph, derived.id, source.id):
                run.skip(_name(record), "hadPrimarySource without a chain of wasDerivedFrom is not mapped")
            continue
        formal = dict(record.formal_attributes)
        activity = activities.get(str(formal.get(PROV_ATTR_ACTIVITY)))
        association = associations.get(str(formal.get(PROV_ATTR_ACTIVITY)))
        handled.update(id(used) for used in (activity, association) if used is not None)
        if (derived.id, source.id) in existing:
            run.existing["links"] += 1
            continue
        _add_link(run, record, derived, source, activity, association)
        existing.add((derived.id, source.id))


def _pair(run: _Run, record: ProvRecord) -> tuple[Version, Version] | None:
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
    return "adaptation", "no kind of derivation given: recorded as an adaptation"


def _add_link(
    run: _Run,
    record: ProvRecord,
    derived: Version,
    source: Version,
    activity: ProvRecord | None,
    association: ProvRecord | None,
) -> None:
    kind, note = _link_kind(record, activity)
    if note:
        run.skip(_name(record), note)
    attrs = _attributes(record)
    _foreign(run, record, attrs, {"kind", "evidence", "confidence", "recordedBy", "recordedAt"})
    confidence = next(iter(attrs.get("confidence", [])), 1.0)
    try:
        with run.session.begin_nested():
            link = link_versions(
                run.session,
                derived.id,
                source.id,
                kind=kind,
                evidence=_text(next(iter(attrs.get("evidence", [])), None)),
                confidence=float(confidence),
                recorded_by=_text(next(iter(attrs.get("recordedBy", [])), None)),
            )
    except (ProvenanceError, ValueError) as e:
        run.skip(_name(record), f"{e}: link not recorded")
        return
    recorded = _moment(next(iter(attrs.get("recordedAt", [])), None))
    if recorded is not None:
        link.recorded_at = recorded
    if association is not None:
        agent = run.agents.get(str(dict(association.formal_attributes).get(PROV_ATTR_AGENT)))
        if isinstance(agent, Person):
            link.translator_person_id = agent.id
        elif isinstance(agent, Outlet):
            link.agent_outlet_id = agent.id
        else:
            run.skip(_name(association), "its agent was not imported")
    run.created["links"] += 1


def _import_claims(run: _Run, bundle: ProvBundle, attributions: Iterable[ProvRecord]) -> None:
    owner = None
    for attribution in attributions:
        formal = dict(attribution.formal_attributes)
        if formal.get(PROV_ATTR_ENTITY) == bundle.identifier:
            owner = run.versions.get(str(formal.get(PROV_ATTR_AGENT)))
    if owner is None:
        run.skip(f"bundle {bundle.identifier}", "no version it is attributed to was imported: its claims are left out")
        return
    run.session.flush()
    present = set(
        run.session.execute(
            select(Claim.kind, Claim.name, Claim.text, Claim.position, func.coalesce(Claim.line, -1)).where(
                Claim.version_id == owner.id
            )
        ).tuples()
    )
    for record in bundle.get_records():
        claim = _claim(run, record, owner)
        if claim is None:
            continue
        key = (claim.kind, claim.name, claim.text, claim.position, claim.line if claim.line is not None else -1)
        if key in present:
            run.existing["claims"] += 1
            continue
        present.add(key)
        run.session.add(claim)
        run.created["claims"] += 1


def _claim(run: _Run, record: ProvRecord, owner: Version) -> Claim | None:
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
        run.skip(_name(record), "a claim needs a known kind, a name, its wording and a known position")
        return None
    agent = run.agents.get(str(value("resolvesTo"))) if value("resolvesTo") is not None else None
    line = value("line")
    return Claim(
        version_id=owner.id,
        kind=kind,
        name=name,
        text=wording,
        position=position,
        line=int(line) if line is not None else None,
        confidence=float(value("confidence") if value("confidence") is not None else 1.0),
        url=_text(value("url")),
        possible_sign_off_of=_text(value("possibleSignOffOf")),
        note=_text(value("note")),
        outlet_id=agent.id if isinstance(agent, Outlet) else None,
        person_id=agent.id if isinstance(agent, Person) else None,
    )
