"""W3C PROV export: versions as entities, outlets and people as agents, links as qualified derivations.

The mapping is written once, as a stream of ``Statement`` values in document order; it is turned
into a ``prov`` package document (for PROV-JSON, PROV-N, PROV-O and PROV-XML) or, for the whole
database, written straight out as PROV-JSON in exactly the text the ``prov`` package writes, so
memory stays bounded. docs/export.md describes the mapping and the identifiers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import IO, Any
from urllib.parse import quote

from prov.constants import PROV_N_MAP
from prov.identifier import Namespace
from prov.model import PROV, ProvBundle, ProvDocument
from prov.serializers.provjson import encode_json_representation
from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.export import (
    AgentCache,
    AgentRow,
    ClaimRow,
    LinkRow,
    Selection,
    VersionRef,
    VersionRow,
    iter_agents,
    iter_claims,
    iter_links,
    iter_primary_sources,
    iter_versions,
)
from provenance.models import Claim, Version

NAMESPACE_URI = "https://provenance.invalid/ns#"
PREFIX = "prv"
PRV = Namespace(PREFIX, NAMESPACE_URI)

# Sections in the order they are written; the prov package keeps first-insertion order.
SECTIONS = ("entity", "agent", "activity", "wasDerivedFrom", "wasAttributedTo", "wasAssociatedWith")
RECORD_TYPES = {label: qname for qname, label in PROV_N_MAP.items()}
ACTIVITY_TYPES = {
    "translation": "Translation",
    "republication": "Republication",
    "excerpt": "Excerpt",
    "adaptation": "Adaptation",
    "back-translation": "BackTranslation",
}
CLAIM_TYPES = {
    "source": "SourceClaim",
    "translator": "TranslatorClaim",
    "author": "AuthorClaim",
    "via": "ViaClaim",
    "photo_credit": "PhotoCreditClaim",
    "sign_off": "SignOffClaim",
}


@dataclass(frozen=True)
class Ref:
    """A qualified name used as an attribute value (``prv:outlet-telegraph``, ``prov:Person``)."""

    name: str


Value = str | int | float | datetime | Ref


@dataclass(frozen=True)
class Statement:
    """One PROV record: its PROV-JSON section, local identifier, formal arguments and other attributes."""

    section: str
    identifier: str
    formal: tuple[tuple[str, str], ...] = ()
    attributes: tuple[tuple[str, Value], ...] = ()


# Identifiers: stable across exports and databases (a content hash where there is one).


def version_local(ref: VersionRef | VersionRow) -> str:
    """Return a version's local identifier: ``sha256-<content hash>``, or ``version-<id>`` for one without text."""
    return f"sha256-{ref.content_hash}" if ref.content_hash else f"version-{ref.id}"


def short(ref: VersionRef | VersionRow) -> str:
    """Return a short stable key for a version, used inside the identifiers of its relations."""
    return ref.content_hash[:16] if ref.content_hash else f"v{ref.id}"


def agent_local(agent: AgentRow) -> str:
    """Return an agent's local identifier from its normalized name: ``outlet-telegraph``, ``person-mark_almond``."""
    return f"{agent.kind}-{quote(agent.key.replace(' ', '_'), safe='_.-')}"


def _q(local: str) -> str:
    return f"{PREFIX}:{local}"


def _attrs(*pairs: tuple[str, Value | None]) -> tuple[tuple[str, Value], ...]:
    return tuple((k, v) for k, v in pairs if v is not None)


# The mapping, section by section.


def version_statement(v: VersionRow) -> Statement:
    """Return the entity for a version."""
    return Statement(
        "entity",
        version_local(v),
        attributes=_attrs(
            ("prov:type", Ref("prv:Version")),
            ("prov:label", v.title),
            ("prv:language", v.language),
            ("prv:detectedLanguage", v.detected_language),
            ("prv:languageProbability", v.language_probability),
            ("prv:url", v.url),
            ("prv:published", v.published_at),
            ("prv:contentHash", v.content_hash),
            ("prv:damage", v.damage),
            ("prv:recordedAt", v.recorded_at),
        ),
    )


def bundle_local(ref: VersionRef) -> str:
    """Return the local identifier of the bundle that holds a version's claims."""
    return f"claims-{short(ref)}"


def agent_statement(a: AgentRow) -> Statement:
    """Return the agent for an outlet (prov:Organization) or a person (prov:Person)."""
    kind = Ref("prov:Organization" if a.kind == "outlet" else "prov:Person")
    return Statement(
        "agent",
        agent_local(a),
        attributes=(
            *_attrs(
                ("prov:type", kind), ("prov:label", a.name), ("prv:language", a.language), ("prv:country", a.country)
            ),
            *(("prv:alias", alias) for alias in a.aliases),
            *(("prv:domain", domain) for domain in a.domains),
        ),
    )


def _pair(link: LinkRow) -> str:
    return f"{short(link.derived)}-{short(link.source)}"


def activity_statement(link: LinkRow) -> Statement:
    """Return the activity (translation, republication, …) that made a derivation."""
    return Statement(
        "activity",
        f"{link.kind}-{_pair(link)}",
        attributes=(("prov:type", Ref(f"prv:{ACTIVITY_TYPES[link.kind]}")), ("prov:label", link.kind)),
    )


def derivation_statement(link: LinkRow) -> Statement:
    """Return the qualified wasDerivedFrom of a link, with evidence and confidence kept as attributes."""
    return Statement(
        "wasDerivedFrom",
        f"derivation-{_pair(link)}",
        formal=(
            ("prov:generatedEntity", version_local(link.derived)),
            ("prov:usedEntity", version_local(link.source)),
            ("prov:activity", f"{link.kind}-{_pair(link)}"),
        ),
        attributes=_attrs(
            ("prov:type", Ref("prov:Quotation") if link.kind == "excerpt" else None),
            ("prv:kind", link.kind),
            ("prv:evidence", link.evidence),
            ("prv:confidence", float(link.confidence)),
            ("prv:recordedBy", link.recorded_by),
            ("prv:recordedAt", link.recorded_at),
        ),
    )


def primary_source_statement(version: VersionRef, root: VersionRef) -> Statement:
    """Return hadPrimarySource from a version to a root original of its chain."""
    return Statement(
        "wasDerivedFrom",
        f"primary-{short(version)}-{short(root)}",
        formal=(("prov:generatedEntity", version_local(version)), ("prov:usedEntity", version_local(root))),
        attributes=(("prov:type", Ref("prov:PrimarySource")),),
    )


def attribution_statements(v: VersionRow) -> Iterator[Statement]:
    """Return publication (to the outlet) and authorship (to each author) of a version."""
    entity = version_local(v)
    if v.outlet is not None:
        yield Statement(
            "wasAttributedTo",
            f"published-{short(v)}",
            formal=(("prov:entity", entity), ("prov:agent", agent_local(v.outlet))),
            attributes=(("prov:type", Ref("prv:Publication")),),
        )
    for author in v.authors:
        yield Statement(
            "wasAttributedTo",
            f"authored-{short(v)}-{agent_local(author)}",
            formal=(("prov:entity", entity), ("prov:agent", agent_local(author))),
            attributes=(("prov:type", Ref("prv:Authorship")),),
        )


def claims_attribution(ref: VersionRef) -> Statement:
    """Return the attribution of a claims bundle to the version whose text makes the claims."""
    return Statement(
        "wasAttributedTo",
        f"claimed-{short(ref)}",
        formal=(("prov:entity", bundle_local(ref)), ("prov:agent", version_local(ref))),
        attributes=(("prov:type", Ref("prv:SelfDescription")),),
    )


def association_statement(link: LinkRow) -> Statement | None:
    """Return the association of a derivation's activity with its agent (translator or outlet)."""
    if link.agent is None:
        return None
    translating = link.agent.kind == "person" or link.kind in ("translation", "back-translation")
    return Statement(
        "wasAssociatedWith",
        f"association-{_pair(link)}",
        formal=(("prov:activity", f"{link.kind}-{_pair(link)}"), ("prov:agent", agent_local(link.agent))),
        attributes=(("prov:role", Ref("prv:translator" if translating else "prv:publisher")),),
    )


def claim_statement(claim: ClaimRow, ordinal: int) -> Statement:
    """Return a claim as an entity inside its version's claims bundle."""
    return Statement(
        "entity",
        f"claim-{short(claim.version)}-{ordinal}",
        attributes=_attrs(
            ("prov:type", Ref(f"prv:{CLAIM_TYPES[claim.kind]}")),
            ("prv:kind", claim.kind),
            ("prv:name", claim.name),
            ("prv:wording", claim.text),
            ("prv:position", claim.position),
            ("prv:line", claim.line),
            ("prv:confidence", float(claim.confidence)),
            ("prv:url", claim.url),
            ("prv:possibleSignOffOf", claim.possible_sign_off_of),
            ("prv:note", claim.note),
            ("prv:resolvesTo", Ref(_q(agent_local(claim.agent))) if claim.agent else None),
        ),
    )


def _claimed_versions(session: Session, selection: Selection) -> Iterator[VersionRef]:
    query = (
        select(Version.id, Version.content_hash).where(Version.id.in_(select(Claim.version_id))).order_by(Version.id)
    )
    if selection.ids is not None:
        query = query.where(Version.id.in_(sorted(selection.ids)))
    for vid, vhash in session.execute(query.execution_options(yield_per=2000)):
        yield VersionRef(vid, vhash)


def document_sections(session: Session, selection: Selection) -> Iterator[tuple[str, Iterator[Statement]]]:
    """Yield each PROV-JSON section of the export with a lazy stream of its statements, in document order."""
    agents = AgentCache(session)

    def entities() -> Iterator[Statement]:
        yield from (version_statement(v) for v in iter_versions(session, selection, agents))
        for ref in _claimed_versions(session, selection):
            yield Statement("entity", bundle_local(ref), attributes=(("prov:type", Ref("prov:Bundle")),))

    def derivations() -> Iterator[Statement]:
        yield from (derivation_statement(link) for link in iter_links(session, selection, agents))
        yield from (primary_source_statement(v, r) for v, r in iter_primary_sources(session, selection))

    def attributions() -> Iterator[Statement]:
        for v in iter_versions(session, selection, agents):
            yield from attribution_statements(v)
        yield from (claims_attribution(ref) for ref in _claimed_versions(session, selection))

    def associations() -> Iterator[Statement]:
        for link in iter_links(session, selection, agents):
            if (s := association_statement(link)) is not None:
                yield s

    yield "entity", entities()
    yield "agent", (agent_statement(a) for a in iter_agents(session, selection, agents))
    yield "activity", (activity_statement(link) for link in iter_links(session, selection, agents))
    yield "wasDerivedFrom", derivations()
    yield "wasAttributedTo", attributions()
    yield "wasAssociatedWith", associations()


def claim_bundles(session: Session, selection: Selection) -> Iterator[tuple[str, list[Statement]]]:
    """Yield (bundle identifier, claim statements) for each selected version with claims, by version."""
    for ref, claims in groupby(iter_claims(session, selection, AgentCache(session)), key=lambda c: c.version):
        yield bundle_local(ref), [claim_statement(c, n) for n, c in enumerate(claims, start=1)]


# The prov package document, for every PROV serialization of a chain.


def _prov_value(value: Value) -> Any:
    if isinstance(value, Ref):
        prefix, local = value.name.split(":", 1)
        return PRV[local] if prefix == PREFIX else PROV[local]
    return value


def _add(bundle: ProvBundle, statement: Statement) -> None:
    bundle.new_record(
        RECORD_TYPES[statement.section],
        PRV[statement.identifier],
        {f"prov:{k.split(':', 1)[1]}": PRV[v] for k, v in statement.formal} if statement.formal else None,
        [(k, _prov_value(v)) for k, v in statement.attributes],
    )


def prov_document(session: Session, selection: Selection) -> ProvDocument:
    """Return the selection as a ``prov`` package document, claims in one bundle per version."""
    document = ProvDocument()
    document.add_namespace(PRV)
    for _, statements in document_sections(session, selection):
        for statement in statements:
            _add(document, statement)
    for identifier, claims in claim_bundles(session, selection):
        bundle = document.bundle(PRV[identifier])
        for statement in claims:
            _add(bundle, statement)
    return document


PROV_FORMATS: dict[str, tuple[str, dict[str, Any]]] = {
    "prov-json": ("json", {"indent": 2}),
    "prov-n": ("provn", {}),
    "prov-xml": ("xml", {}),
    "prov-o": ("rdf", {"rdf_format": "turtle"}),
}


def serialize(document: ProvDocument, fmt: str) -> str:
    """Return ``document`` serialized as prov-json, prov-n, prov-xml or prov-o (Turtle)."""
    name, options = PROV_FORMATS[fmt]
    text = document.serialize(format=name, **options)
    assert isinstance(text, str)
    return text if text.endswith("\n") else text + "\n"


# Streaming PROV-JSON: the same text ``json.dumps(container, indent=2)`` gives, written record by record.


def _json_value(value: Value) -> Any:
    if isinstance(value, Ref):
        return {"$": value.name, "type": "xsd:QName"}
    return encode_json_representation(value)


def statement_json(statement: Statement) -> dict[str, Any]:
    """Return a statement's PROV-JSON record body, as the prov package encodes it."""
    body: dict[str, Any] = {k: _q(v) for k, v in statement.formal}
    grouped: dict[str, list[Any]] = {}
    for name, value in statement.attributes:
        encoded = _json_value(value)
        values = grouped.setdefault(name, [])
        if encoded not in values:
            values.append(encoded)
    body.update({k: v[0] if len(v) == 1 else v for k, v in grouped.items()})
    return body


_quote: Callable[[str], str] = json.encoder.encode_basestring_ascii


def _indented(value: Any, level: int) -> str:
    """Return ``json.dumps(value, indent=2)`` nested ``level`` deep, with only scalars left to the C encoder."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        items = (f"{inner}{_quote(k)}: {_indented(v, level + 1)}" for k, v in value.items())
        return "{" + ",".join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        return "[" + ",".join(f"{inner}{_indented(v, level + 1)}" for v in value) + "\n" + "  " * level + "]"
    return _quote(value) if isinstance(value, str) else json.dumps(value)


def _write_container(out: IO[str], sections: Iterable[tuple[str, Iterable[Statement]]], level: int) -> bool:
    """Write the members of one PROV-JSON container (after its ``{``); return whether anything was written."""
    pad = "  " * (level + 1)
    out.write(f'\n{pad}"prefix": {_indented({PREFIX: NAMESPACE_URI}, level + 1)}')
    for section, statements in sections:
        first = True
        for statement in statements:
            if first:
                out.write(f",\n{pad}{json.dumps(section)}: {{")
                first = False
            else:
                out.write(",")
            body = _indented(statement_json(statement), level + 2)
            out.write(f"\n{pad}  {json.dumps(_q(statement.identifier))}: {body}")
        if not first:
            out.write(f"\n{pad}}}")
    return True


def write_prov_json(session: Session, selection: Selection, out: IO[str]) -> None:
    """Write the selection as PROV-JSON to ``out`` record by record (the text prov's serializer gives)."""
    out.write("{")
    _write_container(out, document_sections(session, selection), 0)
    first = True
    for identifier, claims in claim_bundles(session, selection):
        out.write(',\n  "bundle": {' if first else ",")
        first = False
        out.write(f"\n    {json.dumps(_q(identifier))}: {{")
        _write_container(out, [("entity", claims)], 2)
        out.write("\n    }")
    if not first:
        out.write("\n  }")
    out.write("\n}\n")
