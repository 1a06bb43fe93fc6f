"""PROV-JSON import of documents from elsewhere: what maps, what is reported, and bad files refused whole."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from prov.model import ProvDocument
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.errors import InputError
from provenance.exchange.prov_import import import_prov_json
from provenance.store.models import Derivation, Version

Cli = Callable[..., Result]


def _hand_written() -> str:
    document = ProvDocument()
    ex = document.add_namespace("ex", "http://example.org/")
    document.entity(ex["original"], {"prov:label": "Original story"})
    document.entity(ex["copy"], {"prov:label": "The copy", "ex:wordCount": 800})
    document.wasDerivedFrom(ex["copy"], ex["original"])
    document.activity(ex["edit"])
    return str(document.serialize(format="json"))


def test_a_hand_written_document_imports_what_maps_and_reports_the_rest(session: Session) -> None:
    report = import_prov_json(session, _hand_written(), "hand.json")
    assert report.created == {"versions": 2, "links": 1}
    assert {(u.record, u.reason) for u in report.unmapped} == {
        ("entity ex:copy", "attribute ex:wordCount is not mapped"),
        ("wasDerivedFrom", "no kind of derivation given: recorded as an adaptation"),
        ("activity ex:edit", "activity records are not mapped"),
    }
    titles = set(session.scalars(select(Version.title)))
    assert titles == {"Original story", "The copy"}
    assert session.scalar(select(Derivation.kind)) == "adaptation"
    again = import_prov_json(session, _hand_written(), "hand.json")
    assert again.created == {} and again.existing == {"versions": 2, "links": 1}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"entity": {"ex:a": {}', "hand.json is not valid PROV-JSON ("),
        ("", "hand.json is empty: give a PROV-JSON document"),
        (b"\xff\xfe\x00", "hand.json is not UTF-8 text"),
        ('{"entity": []}', "hand.json is not valid PROV-JSON ("),
    ],
)
def test_invalid_documents_are_refused_in_one_line(session: Session, data: str | bytes, message: str) -> None:
    with pytest.raises(InputError) as raised:
        import_prov_json(session, data, "hand.json")
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
    assert session.scalar(select(func.count()).select_from(Version)) == 0


def test_a_truncated_export_writes_nothing(cli: Cli, session: Session, tmp_path: Path) -> None:
    from tests.test_export_seed import build_seed_chain

    chain = build_seed_chain(session)
    session.commit()
    result = cli("export", str(chain.english), "-o", str(tmp_path / "chain.json"))
    assert result.exit_code == 0, result.output
    whole = (tmp_path / "chain.json").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="is not valid PROV-JSON"):
        import_prov_json(session, whole[: len(whole) // 2], "chain.json")


def test_a_dangling_derivation_and_an_unidentifiable_entity_are_not_imported_and_say_so(
    cli: Cli, tmp_path: Path
) -> None:
    document = {
        "prefix": {"prv": "https://provenance.invalid/ns#"},
        "entity": {"prv:sha256-aaaa": {"prov:label": "A title", "prv:language": "en"}, "prv:bare": {}},
        "wasDerivedFrom": {"prv:d1": {"prov:generatedEntity": "prv:sha256-aaaa", "prov:usedEntity": "prv:nowhere"}},
    }
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 5
    assert result.stdout == f"Imported {path}: created 1 version; 0 already recorded\n"
    assert "not imported: entity prv:bare: has no content hash, label or URL to identify it" in result.stderr
    assert "not imported: wasDerivedFrom prv:d1: derives from or to an entity that was not imported" in result.stderr
    assert [v["title"] for v in json.loads(cli("article", "list", "--json").stdout)] == ["A title"]


def test_a_document_over_the_size_limit_is_refused_in_one_line_before_anything_is_written(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "big.json"
    path.write_text(_hand_written() + " " * 2_000, encoding="utf-8")
    result = cli("import", str(path), "--format", "prov-json", "--max-size", "1000")
    assert result.exit_code == 5
    assert "is larger than 1,000 bytes: split it" in result.stderr and "Traceback" not in result.output
    assert json.loads(cli("article", "list", "--json").stdout) == []
    assert cli("import", str(path), "--format", "prov-json").exit_code == 0  # the default limit is 200 MB


def test_import_reports_each_phase_as_it_starts(session: Session) -> None:
    phases: list[str] = []
    import_prov_json(session, _hand_written(), "doc.json", step=phases.append)
    assert [p.split()[0] for p in phases] == ["parsing", "agents", "versions", "links", "claims"]
    assert phases[2] == "versions (2)"
