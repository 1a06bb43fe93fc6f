"""W3C PROV export: versions as entities, outlets and people as agents, links as qualified derivations.

The mapping is written once, as a stream of ``Statement`` values in document order; it is turned
into a ``prov`` package document (for PROV-JSON, PROV-N, PROV-O and PROV-XML) or, for the whole
database, written straight out as PROV-JSON in exactly the text the ``prov`` package writes, so
memory stays bounded. docs/export.md describes the mapping and the identifiers.
"""

from __future__ import annotations

import io
import json
import math
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import IO, Any, ClassVar
from urllib.parse import quote

from prov.constants import PROV_N_MAP
from prov.identifier import Namespace
from prov.model import PROV, ProvBundle, ProvDocument
from prov.serializers.provjson import encode_json_representation
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from provenance.exchange.formats import ExportRequest
from provenance.exchange.rows import (
    AgentCache,
    AgentRow,
    AnyRow,
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
    named_hash,
    selected_rows,
    stream_rows,
)
from provenance.store.batching import BATCH
from provenance.store.models import Claim, Derivation, Outlet, Person, Version, version_authors
from provenance.text.normalize import visible

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
    "revision": "Revision",
}
PROV_SUBTYPES = {"excerpt": "prov:Quotation", "revision": "prov:Revision"}
"""The link kinds PROV itself names: an excerpt is a prov:Quotation, a revision a prov:Revision (wasRevisionOf)."""
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
    """Return a version's local identifier: ``sha256-<content hash>`` (the first version of its text), or
    ``version-<id>`` for one without text or a later copy of a text recorded elsewhere (``named_hash``)."""
    return f"sha256-{ref.named_hash}" if ref.named_hash else f"version-{ref.id}"


def short(ref: VersionRef | VersionRow) -> str:
    """Return a short stable key for a version, used inside the identifiers of its relations."""
    return ref.named_hash[:16] if ref.named_hash else f"v{ref.id}"


def agent_local(agent: AgentRow) -> str:
    """Return an agent's local identifier from its normalized name: ``outlet-telegraph``, ``person-mark_almond``."""
    return agent_name(agent.kind, agent.key)


def agent_name(kind: str, key: str) -> str:
    """Return the local identifier of the outlet or person with this normalized name (key)."""
    return f"{kind}-{quote(key.replace(' ', '_'), safe='_.-')}"


def _q(local: str) -> str:
    return f"{PREFIX}:{local}"


def _attrs(*pairs: tuple[str, Value | None]) -> tuple[tuple[str, Value], ...]:
    return tuple((k, v) for k, v in pairs if v is not None)


# The mapping, section by section.

VERSION_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("prov:label", "title"),
    ("prv:language", "language"),
    ("prv:detectedLanguage", "detected_language"),
    ("prv:languageProbability", "language_probability"),
    ("prv:url", "url"),
    ("prv:published", "published_at"),
    ("prv:contentHash", "content_hash"),
    ("prv:damage", "damage"),
    ("prv:recordedAt", "recorded_at"),
)
"""A version entity's PROV attributes, in document order, and the version field (and column) each holds:
the one mapping the document, the streamed PROV-JSON and PROV import all read."""


def version_statement(v: VersionRow) -> Statement:
    """Return the entity for a version."""
    return Statement(
        "entity",
        version_local(v),
        attributes=_attrs(
            ("prov:type", Ref("prv:Version")),
            *((attribute, getattr(v, field)) for attribute, field in VERSION_ATTRIBUTES),
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
            ("prov:type", Ref(PROV_SUBTYPES[link.kind]) if link.kind in PROV_SUBTYPES else None),
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
    query = select(Version.id, named_hash(Version)).where(Version.id.in_(select(Claim.version_id))).order_by(Version.id)
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


def _prov_value(value: Value, xml_safe: bool) -> Any:
    if isinstance(value, Ref):
        prefix, local = value.name.split(":", 1)
        return PRV[local] if prefix == PREFIX else PROV[local]
    return visible(value) if xml_safe and isinstance(value, str) else value


def _add(bundle: ProvBundle, statement: Statement, xml_safe: bool) -> None:
    bundle.new_record(
        RECORD_TYPES[statement.section],
        PRV[statement.identifier],
        {f"prov:{k.split(':', 1)[1]}": PRV[v] for k, v in statement.formal} if statement.formal else None,
        [(k, _prov_value(v, xml_safe)) for k, v in statement.attributes],
    )


def prov_document(session: Session, selection: Selection, *, xml_safe: bool = False) -> ProvDocument:
    """Return the selection as a ``prov`` package document, claims in one bundle per version.

    ``xml_safe`` drops the control characters XML 1.0 cannot hold from every string (an older provenance
    stored them as given); every other serialization carries stored strings as they are.
    """
    document = ProvDocument()
    document.add_namespace(PRV)
    for _, statements in document_sections(session, selection):
        for statement in statements:
            _add(document, statement, xml_safe)
    for identifier, claims in claim_bundles(session, selection):
        bundle = document.bundle(PRV[identifier])
        for statement in claims:
            _add(bundle, statement, xml_safe)
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


# Streaming PROV-JSON: the text ``json.dumps(container, indent=2)`` gives for the prov package's
# container, written from raw rows. One pass over versions (outlet, authors and whether they have
# claims joined), one over links (agents joined), one over root originals and one over claims; the
# sections that come later in the document than the rows that make them wait in spool files.

_quote: Callable[[str], str] = json.encoder.encode_basestring_ascii
SPOOL_MEMORY = 2**20  # a section's spool stays in memory up to this size, then moves to a temporary file


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


class _Layout:
    """The text around records nested ``level`` deep, laid out as ``json.dumps(…, indent=2)`` does."""

    def __init__(self, level: int) -> None:
        self.key = "\n" + "  " * level
        self.attr = "\n" + "  " * (level + 1)
        inner = "\n" + "  " * (level + 2)
        self._open = "{" + inner + '"$": '
        self._mid = "," + inner + '"type": "'
        self._close = '"' + self.attr + "}"
        self._end = "\n" + "  " * level + "}"

    def name(self, attribute: str) -> str:
        """Return the text that opens an attribute of a record: ``"prov:label": ``."""
        return f'{self.attr}"{attribute}": '

    def qname(self, attribute: str, name: str) -> str:
        """Return a whole attribute whose value is a qualified name (``prov:type`` ``prv:Version``)."""
        return f'{self.name(attribute)}{self._open}"{name}"{self._mid}xsd:QName{self._close}'

    def value(self, value: Value) -> str:
        """Return an attribute value as prov's ``encode_json_representation`` and ``json.dumps`` write it."""
        if isinstance(value, str):
            return _quote(value)
        # The two commonest typed values, written as prov writes them without its general dispatch.
        if isinstance(value, datetime) and value.tzinfo is None:
            return f'{self._open}"{value.isoformat()}"{self._mid}xsd:dateTime{self._close}'
        if isinstance(value, float) and math.isfinite(value):
            return f'{self._open}"{float.__repr__(value)}"{self._mid}xsd:double{self._close}'
        if isinstance(value, Ref):
            return f'{self._open}"{value.name}"{self._mid}xsd:QName{self._close}'
        encoded = encode_json_representation(value)
        if not isinstance(encoded, dict):
            return json.dumps(encoded)
        return f"{self._open}{_quote(encoded['$'])}{self._mid}{encoded['type']}{self._close}"

    def record(self, quoted_identifier: str, items: list[str]) -> str:
        """Return one record: its identifier (already JSON-quoted) and its attribute texts."""
        if not items:
            return f"{self.key}{quoted_identifier}: {{}}"
        return f"{self.key}{quoted_identifier}: {{{','.join(items)}{self._end}"


def _prefix_block(level: int) -> str:
    pad = "\n" + "  " * (level + 1)
    return f'{pad}"prefix": {{{pad}  "prv": {_quote(NAMESPACE_URI)}{pad}}}'


class _Spool:
    """One section's records in document order, kept until the section's turn (on disk when large)."""

    def __init__(self) -> None:
        self.count = 0
        self._buffer: list[str] = []
        # Closed by close(), after the copy: the spool outlives any one block.
        self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            SPOOL_MEMORY, mode="w+", encoding="utf-8", newline="\n"
        )

    def add(self, record: str) -> None:
        """Append a record (the comma between records is added here)."""
        self._buffer.append(record)
        self.count += 1
        if len(self._buffer) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            written = self.count - len(self._buffer)
            self._file.write(("," if written else "") + ",".join(self._buffer))
            self._buffer.clear()

    def copy_to(self, out: IO[str]) -> None:
        """Write every record to ``out``."""
        self._flush()
        self._file.seek(0)
        shutil.copyfileobj(self._file, out, 2**20)

    def close(self) -> None:
        """Drop the spool."""
        self._file.close()


_TOP, _CLAIM = _Layout(2), _Layout(4)
_AGENT_IDS: dict[tuple[str, str], str] = {}


def _agent_id(kind: str, key: str) -> str:
    """Return ``prv:<agent_local>`` for an agent's kind and key, computed once per agent."""
    found = _AGENT_IDS.get((kind, key))
    if found is None:
        if len(_AGENT_IDS) > 100_000:
            _AGENT_IDS.clear()
        found = _AGENT_IDS[(kind, key)] = _q(agent_name(kind, key))
    return found


_ACTIVITY_TYPE = {kind: _TOP.qname("prov:type", f"prv:{name}") for kind, name in ACTIVITY_TYPES.items()}
_CLAIM_TYPE = {kind: _CLAIM.qname("prov:type", f"prv:{name}") for kind, name in CLAIM_TYPES.items()}


class _Texts:
    """The constant pieces of the high-volume records, at the top level of the document."""

    T = _TOP
    VERSION = T.qname("prov:type", "prv:Version")
    BUNDLE = T.qname("prov:type", "prov:Bundle")
    PUBLICATION = T.qname("prov:type", "prv:Publication")
    AUTHORSHIP = T.qname("prov:type", "prv:Authorship")
    SELF = T.qname("prov:type", "prv:SelfDescription")
    SUBTYPE: ClassVar[dict[str, str]] = {kind: _TOP.qname("prov:type", name) for kind, name in PROV_SUBTYPES.items()}
    PRIMARY = T.qname("prov:type", "prov:PrimarySource")
    TRANSLATOR = T.qname("prov:role", "prv:translator")
    PUBLISHER = T.qname("prov:role", "prv:publisher")
    VERSION_NAMES = tuple(_TOP.name(attribute) for attribute, _ in VERSION_ATTRIBUTES)  # class scope: not T
    LABEL, RECORDED = T.name("prov:label"), T.name("prv:recordedAt")
    ENTITY, AGENT, ACTIVITY_REF = T.name("prov:entity"), T.name("prov:agent"), T.name("prov:activity")
    GENERATED, USED = T.name("prov:generatedEntity"), T.name("prov:usedEntity")
    KIND, EVIDENCE, CONFIDENCE = T.name("prv:kind"), T.name("prv:evidence"), T.name("prv:confidence")
    RECORDED_BY = T.name("prv:recordedBy")


class _ClaimTexts:
    """The constant pieces of claim records, inside a bundle."""

    T = _CLAIM
    KIND, NAME = T.name("prv:kind"), T.name("prv:name")
    WORDING, POSITION = T.name("prv:wording"), T.name("prv:position")
    LINE, CONFIDENCE, URL = T.name("prv:line"), T.name("prv:confidence"), T.name("prv:url")
    SIGN_OFF, NOTE, RESOLVES = T.name("prv:possibleSignOffOf"), T.name("prv:note"), T.name("prv:resolvesTo")


def _version_ids(vid: int, hash_named_by: str | None) -> tuple[str, str]:
    """Return a version's identifier (JSON-quoted) and its short key."""
    ref = VersionRef(vid, hash_named_by)
    return _quote(_q(version_local(ref))), short(ref)


def _write_versions(session: Session, selection: Selection, spools: dict[str, _Spool]) -> None:
    """One pass over the selected versions: entities, bundle declarations and attributions."""
    t = _Texts
    v, va, o, p, c = (Version.__table__.c, version_authors.c, Outlet.__table__.c, Person.__table__.c,
                      Claim.__table__.c)  # fmt: skip
    claimed = exists().where(c.version_id == v.id)
    query = (
        select(v.id, named_hash(v), *(v[field] for _, field in VERSION_ATTRIBUTES), o.key, p.key, claimed)
        .select_from(
            Version.__table__.outerjoin(Outlet.__table__, o.id == v.outlet_id)
            .outerjoin(version_authors, va.version_id == v.id)
            .outerjoin(Person.__table__, p.id == va.person_id)
        )
        .order_by(v.id, va.person_id)
    )  # fmt: skip
    entities, bundles, attributions, claims = spools["entity"], spools["bundle"], spools["attr"], spools["claimed"]
    for _, group in groupby(selected_rows(session, selection, query, Version.id), key=itemgetter(0)):
        rows = list(group)
        vid, h, *values = rows[0][: 2 + len(VERSION_ATTRIBUTES)]
        outlet, _, has_claims = rows[0][2 + len(VERSION_ATTRIBUTES) :]
        ident, short_key = _version_ids(vid, h)
        items = [t.VERSION]
        items += [
            name + _TOP.value(value) for name, value in zip(t.VERSION_NAMES, values, strict=True) if value is not None
        ]
        entities.add(_TOP.record(ident, items))
        if outlet is not None:
            agent = _agent_id("outlet", outlet)
            attributions.add(
                _TOP.record(f'"prv:published-{short_key}"', [t.ENTITY + ident, f'{t.AGENT}"{agent}"', t.PUBLICATION])
            )
        for row in rows:
            if row[-2] is not None:
                agent = _agent_id("person", row[-2])
                attributions.add(
                    _TOP.record(
                        f'"prv:authored-{short_key}-{agent[4:]}"',
                        [t.ENTITY + ident, f'{t.AGENT}"{agent}"', t.AUTHORSHIP],
                    )
                )
        if has_claims:
            bundle = f'"prv:claims-{short_key}"'
            bundles.add(_TOP.record(bundle, [t.BUNDLE]))
            claims.add(_TOP.record(f'"prv:claimed-{short_key}"', [t.ENTITY + bundle, t.AGENT + ident, t.SELF]))


def _write_links(session: Session, selection: Selection, spools: dict[str, _Spool]) -> None:
    """One pass over the links between selected versions: activities, derivations and associations."""
    t = _Texts
    d = Derivation.__table__.c
    dv, sv = Version.__table__.alias("dv"), Version.__table__.alias("sv")
    tp, ao = Person.__table__.alias("tp"), Outlet.__table__.alias("ao")
    query = (
        select(
            d.derived_id, named_hash(dv.c), d.source_id, named_hash(sv.c), d.kind, tp.c.key, ao.c.key,
            d.evidence, d.confidence, d.recorded_at, d.recorded_by,
        )
        .join(dv, dv.c.id == d.derived_id)
        .join(sv, sv.c.id == d.source_id)
        .outerjoin(tp, tp.c.id == d.translator_person_id)
        .outerjoin(ao, ao.c.id == d.agent_outlet_id)
        .order_by(d.id)
    )  # fmt: skip
    if selection.ids is not None:
        ids = sorted(selection.ids)
        rows: Iterable[AnyRow] = list(session.execute(query.where(d.derived_id.in_(ids), d.source_id.in_(ids))))
    else:
        rows = stream_rows(session, query)
    activities, derivations, associations = spools["activity"], spools["derivation"], spools["association"]
    for did, dh, sid, sh, kind, person, outlet, evidence, confidence, recorded, recorded_by in rows:
        derived, derived_key = _version_ids(did, dh)
        source, source_key = _version_ids(sid, sh)
        pair = f"{derived_key}-{source_key}"
        activity = f'"prv:{kind}-{pair}"'
        activities.add(_TOP.record(activity, [_ACTIVITY_TYPE[kind], t.LABEL + _quote(kind)]))
        items = [t.GENERATED + derived, t.USED + source, t.ACTIVITY_REF + activity]
        if kind in PROV_SUBTYPES:
            items.append(t.SUBTYPE[kind])
        items.append(t.KIND + _quote(kind))
        if evidence is not None:
            items.append(t.EVIDENCE + _quote(evidence))
        items.append(t.CONFIDENCE + _TOP.value(float(confidence)))
        if recorded_by is not None:
            items.append(t.RECORDED_BY + _quote(recorded_by))
        if recorded is not None:
            items.append(t.RECORDED + _TOP.value(recorded))
        derivations.add(_TOP.record(f'"prv:derivation-{pair}"', items))
        if person is not None or outlet is not None:
            agent = _agent_id("person", person) if person is not None else _agent_id("outlet", outlet)
            translating = person is not None or kind in ("translation", "back-translation")
            associations.add(
                _TOP.record(
                    f'"prv:association-{pair}"',
                    [t.ACTIVITY_REF + activity, f'{t.AGENT}"{agent}"', t.TRANSLATOR if translating else t.PUBLISHER],
                )
            )


def _write_primary_sources(session: Session, selection: Selection, spool: _Spool) -> None:
    t = _Texts
    for version, root in iter_primary_sources(session, selection):
        derived, derived_key = _version_ids(version.id, version.named_hash)
        used, used_key = _version_ids(root.id, root.named_hash)
        items = [t.GENERATED + derived, t.USED + used, t.PRIMARY]
        spool.add(_TOP.record(f'"prv:primary-{derived_key}-{used_key}"', items))


def _write_agents(session: Session, selection: Selection, spool: _Spool) -> None:
    # Few records with many-valued attributes: the general encoder is fast enough and keeps prov's de-duplication.
    for agent in iter_agents(session, selection, AgentCache(session)):
        statement = agent_statement(agent)
        spool.add(f"\n    {_quote(_q(statement.identifier))}: {_indented(statement_json(statement), 2)}")


def _write_bundles(session: Session, selection: Selection, out: IO[str]) -> None:
    """One pass over the claims of the selected versions: a bundle per version, written straight out."""
    t = _ClaimTexts
    c, v, o, p = Claim.__table__.c, Version.__table__.c, Outlet.__table__.c, Person.__table__.c
    query = (
        select(
            c.version_id, named_hash(v), c.kind, c.name, c.text, c.position, c.line, c.confidence, c.url,
            c.possible_sign_off_of, c.note, o.key, p.key,
        )
        .join(Version.__table__, v.id == c.version_id)
        .outerjoin(Outlet.__table__, o.id == c.outlet_id)
        .outerjoin(Person.__table__, p.id == c.person_id)
        .order_by(c.version_id, c.id)
    )  # fmt: skip
    opening, prefix = ',\n  "bundle": {', _prefix_block(2)
    buffer: list[str] = []
    for (vid, h), group in groupby(selected_rows(session, selection, query, Claim.version_id), key=itemgetter(0, 1)):
        _, short_key = _version_ids(vid, h)
        records = []
        for n, row in enumerate(group, start=1):
            _, _, kind, name, wording, position, line, confidence, url, sign_off, note, outlet, person = row
            items = [_CLAIM_TYPE[kind], t.KIND + _quote(kind), t.NAME + _quote(name), t.WORDING + _quote(wording),
                     t.POSITION + _quote(position)]  # fmt: skip
            if line is not None:
                items.append(t.LINE + _CLAIM.value(line))
            items.append(t.CONFIDENCE + _CLAIM.value(float(confidence)))
            if url is not None:
                items.append(t.URL + _quote(url))
            if sign_off is not None:
                items.append(t.SIGN_OFF + _quote(sign_off))
            if note is not None:
                items.append(t.NOTE + _quote(note))
            if outlet is not None or person is not None:
                agent = _agent_id("outlet", outlet) if outlet is not None else _agent_id("person", person)
                items.append(t.RESOLVES + _CLAIM.value(Ref(agent)))
            records.append(_CLAIM.record(f'"prv:claim-{short_key}-{n}"', items))
        bundle = f'\n    "prv:claims-{short_key}": {{{prefix},\n      "entity": {{'
        buffer.append(f"{opening}{bundle}{','.join(records)}\n      }}\n    }}")
        opening = ","
        if len(buffer) >= BATCH:
            out.write("".join(buffer))
            buffer.clear()
    out.write("".join(buffer))
    if opening == ",":
        out.write("\n  }")


# Sections in document order, each made of the spools that hold its records.
_LAYOUT = (
    ("entity", ("entity", "bundle")),
    ("agent", ("agent",)),
    ("activity", ("activity",)),
    ("wasDerivedFrom", ("derivation", "primary")),
    ("wasAttributedTo", ("attr", "claimed")),
    ("wasAssociatedWith", ("association",)),
)


def write_prov_json(session: Session, selection: Selection, out: IO[str]) -> None:
    """Write the selection as PROV-JSON to ``out`` record by record (the text prov's serializer gives).

    Memory stays bounded: rows are read in chunks and every section but the last waits in a spool
    that moves to a temporary file as it grows.
    """
    spools = {name: _Spool() for _, names in _LAYOUT for name in names}
    try:
        _write_versions(session, selection, spools)
        _write_agents(session, selection, spools["agent"])
        _write_links(session, selection, spools)
        _write_primary_sources(session, selection, spools["primary"])
        out.write("{" + _prefix_block(0))
        for section, names in _LAYOUT:
            parts = [spools[name] for name in names if spools[name].count]
            if not parts:
                continue
            out.write(f',\n  "{section}": {{')
            for n, part in enumerate(parts):
                if n:
                    out.write(",")
                part.copy_to(out)
                part.close()
            out.write("\n  }")
        _write_bundles(session, selection, out)
        out.write("\n}\n")
    finally:
        for spool in spools.values():
            spool.close()


def write(session: Session, request: ExportRequest, out: IO[bytes]) -> None:
    """Write the selection as PROV (JSON, PROV-N, XML or Turtle); PROV-JSON of everything is streamed."""
    if request.format == "prov-json" and request.selection.everything:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
        write_prov_json(session, request.selection, text)
        text.flush()
        text.detach()
        return
    document = prov_document(session, request.selection, xml_safe=request.format == "prov-xml")
    out.write(serialize(document, request.format).encode("utf-8"))
