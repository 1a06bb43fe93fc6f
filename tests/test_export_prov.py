"""W3C PROV export and the PROV-JSON round trip: the seed chain and a generated database, on both backends."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
import rdflib
from prov.model import ProvDocument
from sqlalchemy import Engine, delete, distinct, func, insert, select, text
from sqlalchemy.orm import Session
from typer.testing import Result

from benchmarks.export_bench import build_database
from provenance.exchange import prov as export_prov
from provenance.exchange.prov_import import import_prov_json
from provenance.exchange.rows import select_all, select_chain
from provenance.ledger.lineage import trace_ancestors
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.store.models import (
    Claim,
    Derivation,
    Outlet,
    OutletAlias,
    OutletDomain,
    Person,
    Version,
    Work,
    version_authors,
)
from tests.conftest import PG_URL
from tests.test_export_seed import build_seed_chain

Cli = Callable[..., Result]


def _streamed(session: Session, everything: bool, start: int | None = None) -> str:
    out = io.StringIO()
    selection = select_all() if everything else select_chain(session, start or 0)
    export_prov.write_prov_json(session, selection, out)
    return out.getvalue()


def test_seed_chain_maps_to_prov_records(session: Session) -> None:
    chain = build_seed_chain(session)
    data = json.loads(
        export_prov.serialize(export_prov.prov_document(session, select_chain(session, chain.english)), "prov-json")
    )
    assert data["prefix"] == {"prv": "https://provenance.invalid/ns#"}
    assert {a["prov:label"] for a in data["agent"].values()} == {
        "The Telegraph", "The Independent", "Telegrafi", "AFP", "Mark Almond",
    }  # fmt: skip
    assert data["agent"]["prv:person-mark_almond"]["prov:type"] == {"$": "prov:Person", "type": "xsd:QName"}
    kinds = sorted(d["prv:kind"] for d in data["wasDerivedFrom"].values() if "prv:kind" in d)
    assert kinds == ["back-translation", "republication", "translation"]
    primary = [d for d in data["wasDerivedFrom"].values() if d.get("prov:type", {}).get("$") == "prov:PrimarySource"]
    assert len(primary) == 3
    telegraph_root = next(k for k, e in data["entity"].items() if "telegraph.co.uk" in e.get("prv:url", ""))
    assert {d["prov:usedEntity"] for d in primary} == {telegraph_root}
    ((bundle_id, bundle),) = data["bundle"].items()
    claims = {c["prv:wording"]: c for c in bundle["entity"].values()}
    assert claims["/Telegraph/"]["prv:possibleSignOffOf"] == "Telegrafi"
    assert claims["Source: The Independent"]["prv:resolvesTo"]["$"] == "prv:outlet-independent"
    owner = next(a for a in data["wasAttributedTo"].values() if a["prov:entity"] == bundle_id)
    assert owner["prov:agent"] == "prv:sha256-" + data["entity"][owner["prov:agent"]]["prv:contentHash"]


@pytest.mark.parametrize("fmt", ["prov-n", "prov-xml", "prov-o"])
def test_every_prov_serialization_reads_back_as_the_same_document(session: Session, fmt: str) -> None:
    chain = build_seed_chain(session)
    document = export_prov.prov_document(session, select_chain(session, chain.english))
    text = export_prov.serialize(document, fmt)
    if fmt == "prov-n":
        assert "wasDerivedFrom(prv:derivation-" in text and "bundle prv:claims-" in text
        return  # the prov package writes PROV-N but cannot read it back
    if fmt == "prov-o":
        graph = rdflib.Graph().parse(data=text, format="turtle")
        qualified = rdflib.URIRef("http://www.w3.org/ns/prov#qualifiedDerivation")
        names = {str(o).rsplit("#", 1)[1] for o in graph.objects(None, qualified)}
        assert len({n for n in names if n.startswith("derivation-")}) == 3
        return
    name, options = export_prov.PROV_FORMATS[fmt]
    assert ProvDocument.deserialize(content=text, format=name, **options) == document


def test_streamed_prov_json_equals_the_prov_package_text(session: Session) -> None:
    build_database(session, 200)
    chain = build_seed_chain(session)
    for selection in (select_all(), select_chain(session, chain.english)):
        expected = export_prov.serialize(export_prov.prov_document(session, selection), "prov-json")
        out = io.StringIO()
        export_prov.write_prov_json(session, selection, out)
        assert out.getvalue() == expected


def _awkward_records(session: Session) -> None:
    """Rows whose text and values exercise the streaming writer's hand-made escaping and typing."""
    when = datetime(2025, 3, 4, 5, 6, 7, 890123)
    session.execute(insert(Outlet), [
        {"id": 1, "name": 'Télé "Quote" \\ Ltd', "key": "tele quote ltd", "language": "fr", "country": "FR"},
        {"id": 2, "name": "Зеркало", "key": "зеркало ньюс", "language": None, "country": None},
    ])  # fmt: skip
    session.execute(insert(OutletAlias), [
        {"outlet_id": 1, "alias": "Télé.fr", "key": "tele.fr"}, {"outlet_id": 1, "alias": "TQ", "key": "tq"},
    ])  # fmt: skip
    session.execute(
        insert(OutletDomain), [{"outlet_id": 1, "domain": "tele.example"}, {"outlet_id": 2, "domain": "z.ru"}]
    )
    session.execute(insert(Person), [
        {"id": 1, "name": "Zoë O'Brien", "key": "zoe o'brien"}, {"id": 2, "name": "A/B", "key": "a/b"},
    ])  # fmt: skip
    session.execute(insert(Work), [{"id": 1}])
    session.execute(insert(Version), [
        {"id": 1, "work_id": 1, "outlet_id": 1, "title": 'Line\nbreak, tab\t, "quotes", emoji 🙂 and \x01',
         "language": "fr", "detected_language": "fr", "language_probability": 0.1, "url": "https://tele.example/a?b=1&c",
         "published_at": when, "text": "a", "content_hash": "a" * 64, "damage": "mojibake: Ã«", "recorded_at": when},
        {"id": 2, "work_id": 1, "outlet_id": None, "title": None, "language": None, "detected_language": None,
         "language_probability": 1.0, "url": None, "published_at": None, "text": None, "content_hash": None,
         "damage": None, "recorded_at": datetime(2025, 1, 1)},
        {"id": 3, "work_id": 1, "outlet_id": 2, "title": "", "language": "ru", "detected_language": None,
         "language_probability": None, "url": None, "published_at": None, "text": "b", "content_hash": "b" * 64,
         "damage": None, "recorded_at": when},
    ])  # fmt: skip
    session.execute(insert(version_authors), [{"version_id": 1, "person_id": 2}, {"version_id": 1, "person_id": 1}])
    session.execute(insert(Derivation), [
        {"derived_id": 2, "source_id": 1, "kind": "excerpt", "agent_outlet_id": 2, "evidence": None,
         "confidence": 1.0, "recorded_by": None, "recorded_at": when},
        {"derived_id": 3, "source_id": 2, "kind": "translation", "evidence": "Превод: \"Z\"", "confidence": 0.25,
         "recorded_by": "test\\user", "recorded_at": when},
        {"derived_id": 3, "source_id": 1, "kind": "republication", "agent_outlet_id": 2, "evidence": "via",
         "confidence": 0.0, "recorded_by": "x", "recorded_at": when},
    ])  # fmt: skip
    session.execute(insert(Claim), [
        {"version_id": 3, "kind": "source", "name": "Télé", "text": "Источник: \"Télé\"", "position": "header",
         "line": 1, "confidence": 1.0, "url": "https://tele.example/a", "possible_sign_off_of": None, "note": "n",
         "outlet_id": 1},
        {"version_id": 3, "kind": "author", "name": "Zoë", "text": "(Zoë …)", "position": "bio", "line": None,
         "confidence": 0.5, "person_id": 1},
        {"version_id": 1, "kind": "sign_off", "name": "TQ", "text": "/TQ/", "position": "footer", "line": 99,
         "confidence": 0.3, "possible_sign_off_of": "Télé"},
    ])  # fmt: skip
    session.flush()


@pytest.mark.tampers  # its versions' texts are made up apart from their content hashes
def test_streamed_prov_json_equals_the_prov_package_text_for_awkward_values(session: Session) -> None:
    _awkward_records(session)
    for selection in (select_all(), select_chain(session, 3)):
        expected = export_prov.serialize(export_prov.prov_document(session, selection), "prov-json")
        out = io.StringIO()
        export_prov.write_prov_json(session, selection, out)
        assert out.getvalue() == expected
    data = json.loads(expected)
    assert data["entity"]["prv:sha256-" + "a" * 64]["prv:languageProbability"] == {"$": "0.1", "type": "xsd:double"}
    assert data["entity"]["prv:sha256-" + "a" * 64]["prv:published"]["$"] == "2025-03-04T05:06:07.890123"


@pytest.fixture
def twin(db_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A second empty, migrated database on the same backend: a new file, or a new schema beside the test's."""
    if db_url.startswith("sqlite"):
        engine = make_engine(resolve_url(f"sqlite:///{tmp_path / 'twin.db'}"))
        ensure_schema(engine)
        yield engine
        engine.dispose()
        return
    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(resolve_url(PG_URL))
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    engine = make_engine(resolve_url(f"{PG_URL}{separator}options=-csearch_path%3D{schema}"))
    try:
        ensure_schema(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_seed_round_trip_is_exact_and_import_is_idempotent(session: Session, twin: Engine) -> None:
    chain = build_seed_chain(session)
    first = _streamed(session, everything=False, start=chain.english)
    with session_scope(twin) as other:
        report = import_prov_json(other, first, "seed.json")
        assert report.created == {"outlets": 4, "people": 1, "versions": 4, "links": 3, "claims": 5}
        assert report.unmapped == ()
    with session_scope(twin) as other:
        again = import_prov_json(other, first.encode("utf-8"), "seed.json")
        assert again.created == {} and again.existing["versions"] == 4 and again.existing["claims"] == 5
        english = max(v for v in (r.id for r in trace_ancestors(other, 4).versions.values()))
        assert _streamed(other, everything=False, start=english) == first
        assert [(d, link.kind) for d, link in trace_ancestors(other, english).links] == [
            (d, link.kind) for d, link in trace_ancestors(session, chain.english).links
        ]


def test_generated_database_round_trip_is_exact(session: Session, twin: Engine) -> None:
    # Chains of four with every link kind, outlet and person agents, every claim kind, some versions without text.
    build_database(session, 2000)
    first = _streamed(session, everything=True)
    with session_scope(twin) as other:
        report = import_prov_json(other, first, "all.json")
        assert report.unmapped == ()
        assert report.created == {"outlets": 20, "people": 40, "versions": 2000, "links": 1500, "claims": 500 * 6}
    with session_scope(twin) as other:
        assert _streamed(other, everything=True) == first
        again = import_prov_json(other, first, "all.json")
        assert again.created == {} and again.existing["links"] == 1500 and again.existing["claims"] == 3000
        for version in (4, 20, 1000, 2000):
            assert [(d, link.kind, link.derived_id) for d, link in trace_ancestors(other, version).links] == [
                (d, link.kind, link.derived_id) for d, link in trace_ancestors(session, version).links
            ]
        assert other.scalar(select(func.count(distinct(Version.work_id)))) == 500


def test_import_refuses_a_link_that_would_close_a_cycle(session: Session, twin: Engine) -> None:
    build_database(session, 4)
    first = _streamed(session, everything=True)
    with session_scope(twin) as other:
        import_prov_json(other, first, "all.json")
        # Recorded here: the root (1) derived from the last version (4), so 4 -> 3 -> 2 -> 1 -> 4 would be a cycle.
        other.execute(delete(Derivation).where(Derivation.derived_id == 2))
        other.execute(insert(Derivation).values(derived_id=1, source_id=4, kind="adaptation", confidence=1.0))
    with session_scope(twin) as other:
        report = import_prov_json(other, first, "all.json")
        assert report.created == {}
        assert [u.reason for u in report.unmapped] == [
            "version 1 is already derived from version 2: the link would make a cycle: link not recorded"
        ]
        assert other.scalar(select(func.count()).select_from(Derivation)) == 3
