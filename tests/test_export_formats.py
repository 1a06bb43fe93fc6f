"""schema.org JSON-LD, C2PA actions and pictures of the seed chain, and the `provenance export` command."""

from __future__ import annotations

import json
import os
import shutil
import stat
import struct
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from pyld import jsonld
from sqlalchemy import delete, text
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.audit.findings import AuditScope, run_audit
from provenance.exchange import pictures
from provenance.exchange.c2pa import c2pa_manifest
from provenance.exchange.jsonld import jsonld_document
from provenance.exchange.rows import select_chain
from provenance.store.models import Claim, Derivation
from tests.conftest import needs_dot
from tests.factories import make_version
from tests.test_export_seed import SeedChain, build_seed_chain

Cli = Callable[..., Result]
SCHEMA = "https://schema.org/"


def _offline_loader(url: str, options: object = None) -> dict[str, object]:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


def test_jsonld_expands_offline_with_schemaorg_properties(session: Session) -> None:
    chain = build_seed_chain(session)
    document = jsonld_document(session, select_chain(session, chain.english))
    expanded = jsonld.expand(document, {"documentLoader": _offline_loader})
    by_id = {node["@id"]: node for node in expanded}
    albanian = next(n for n in expanded if n.get(SCHEMA + "inLanguage") == [{"@value": "sq"}])
    assert albanian["@type"] == [SCHEMA + "NewsArticle"]
    independent = albanian[SCHEMA + "translationOfWork"][0]["@id"]
    assert by_id[independent][SCHEMA + "url"][0]["@id"].startswith("https://www.independent.co.uk/")
    assert by_id[albanian[SCHEMA + "translator"][0]["@id"]][SCHEMA + "name"] == [{"@value": "Telegrafi"}]
    assert by_id[albanian[SCHEMA + "publisher"][0]["@id"]]["@type"] == [SCHEMA + "NewsMediaOrganization"]
    assert albanian[SCHEMA + "workTranslation"][0]["@id"] in by_id
    original = by_id[by_id[independent][SCHEMA + "isBasedOn"][0]["@id"]]
    assert by_id[original[SCHEMA + "author"][0]["@id"]][SCHEMA + "name"] == [{"@value": "Mark Almond"}]
    assert original[SCHEMA + "datePublished"] == [{"@type": SCHEMA + "Date", "@value": "2025-05-11"}]


def test_c2pa_actions_list_the_history_of_the_back_translation(session: Session) -> None:
    chain = build_seed_chain(session)
    manifest = c2pa_manifest(session, chain.english)
    (assertion,) = manifest["assertions"]
    assert assertion["label"] == "c2pa.actions.v2"
    actions = [(a["action"], a.get("parameters", {}).get("sourceLanguage")) for a in assertion["data"]["actions"]]
    assert actions == [
        ("c2pa.created", None), ("c2pa.published", None), ("c2pa.published", None), ("c2pa.published", None),
        ("c2pa.translated", "en"), ("c2pa.published", None), ("c2pa.translated", "sq"), ("c2pa.published", None),
    ]  # fmt: skip
    assert [i["relationship"] for i in manifest["ingredients"]] == ["componentOf", "componentOf", "parentOf"]
    assert manifest["ingredients"][2]["hash"]["alg"] == "sha256"


def _picture(session: Session, chain: SeedChain) -> pictures.ChainPicture:
    return pictures.chain_picture(session, select_chain(session, chain.english), findings={chain.english})


def test_picture_draws_claims_no_link_supports(session: Session) -> None:
    chain = build_seed_chain(session)
    # The recorded chain supports both of the English text's credits (#2 is The Independent's, #1 The
    # Telegraph's): the picture draws neither as unsupported, and the audit finds no claim-vs-chain either.
    assert _picture(session, chain).claimed == []
    assert not run_audit(session, AuditScope(rules=["claim-vs-chain"])).findings
    session.execute(delete(Derivation).where(Derivation.derived_id == chain.albanian))
    picture = _picture(session, chain)
    assert [(c.target, c.claim.position) for c in picture.claimed] == [
        ("The Independent", "header"), ("The Telegraph", "footer"),
    ]  # fmt: skip
    found = run_audit(session, AuditScope(rules=["claim-vs-chain"])).findings
    assert [f.evidence["claims"][0]["position"] for f in found] == ["header"]  # the footer may be a sign-off
    text = pictures.mermaid(picture)
    assert f'v{chain.english} -->|"back-translation by Telegrafi"| v{chain.albanian}' in text
    assert f'v{chain.english} -.->|"text says: source (footer) or Telegrafi\'s sign-off?"| claimed2' in text
    assert f"class v{chain.english} finding" in text


@needs_dot
def test_svg_has_the_nodes_and_edges_with_their_labels(session: Session) -> None:
    chain = build_seed_chain(session)
    svg = pictures.render(pictures.dot(_picture(session, chain)), "svg")
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = {g.findtext("s:title", namespaces=ns): g for g in root.iter("{http://www.w3.org/2000/svg}g")}
    texts = {k: " ".join(t.text or "" for t in g.iter("{http://www.w3.org/2000/svg}text")) for k, g in groups.items()}
    assert "The Telegraph" in texts[f"v{chain.original}"] and "2025-05-11" in texts[f"v{chain.original}"]
    assert "audit findings" in texts[f"v{chain.english}"]
    assert texts[f"v{chain.independent}->v{chain.original}"] == "republication by The Independent"
    assert f"v{chain.english}->claimed1" not in texts  # the chain supports every credit of the seed
    session.add(Claim(version_id=chain.english, kind="source", name="Reuters", text="Source: Reuters", position="body"))
    session.flush()
    svg = pictures.render(pictures.dot(_picture(session, chain)), "svg")
    groups = {g.findtext("s:title", namespaces=ns): g for g in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g")}
    assert (
        " ".join(t.text or "" for t in groups[f"v{chain.english}->claimed1"].iter())
        .strip()
        .endswith("text says: source (body)")
    )
    assert "stroke-dasharray" in ET.tostring(groups[f"v{chain.english}->claimed1"], encoding="unicode")


def test_missing_dot_is_a_one_line_error(cli: Cli, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    chain = build_seed_chain(session)
    session.commit()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = cli("export", str(chain.english), "--format", "svg")
    assert result.exit_code == 7
    assert result.stderr.startswith("Error: --format svg needs the Graphviz `dot` program: install Graphviz")
    assert result.stdout == ""


@needs_dot
def test_cli_writes_each_format_and_guesses_it_from_the_suffix(cli: Cli, session: Session, tmp_path: Path) -> None:
    chain = build_seed_chain(session)
    session.commit()
    for name, marker in (
        ("chain.provn", b"document"), ("chain.ttl", b"@prefix"), ("chain.xml", b"<prov:document"),
        ("chain.jsonld", b'"@graph"'), ("chain.c2pa.json", b"c2pa.actions.v2"), ("chain.mmd", b"flowchart BT"),
        ("chain.dot", b"digraph chain"), ("chain.svg", b"<svg"), ("chain.png", b"\x89PNG"),
    ):  # fmt: skip
        result = cli("export", str(chain.english), "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert marker in (tmp_path / name).read_bytes(), name
    result = cli("export", str(chain.original), "--direction", "down", "--depth", "1")
    assert {
        e["prv:label"] if "prv:label" in e else e.get("prv:url")
        for e in json.loads(result.stdout)["entity"].values()
        if "prv:url" in e
    } == {
        "https://www.telegraph.co.uk/news/2025/05/11/putin-no-ceasefire/",
        "https://www.independent.co.uk/voices/putin-ceasefire-talks.html",
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export"], 2, "give a VERSION or --all"),
        (["export", "1", "--all"], 2, "give a VERSION or --all"),
        (["export", "1", "-o", "chain.unknown"], 2, "cannot tell the format"),
        (["export", "1", "--format", "png"], 2, "PNG is binary"),
        (["export", "--all", "--format", "c2pa-actions"], 5, "c2pa-actions describes one version's history"),
        (["export", "99"], 3, "no version with id 99"),
    ],
)
def test_cli_errors(cli: Cli, session: Session, args: list[str], code: int, message: str) -> None:
    build_seed_chain(session)
    session.commit()
    result = cli(*args)
    assert result.exit_code == code
    assert message in result.stderr


def test_a_failed_export_leaves_no_file(cli: Cli, session: Session, tmp_path: Path) -> None:
    target = tmp_path / "chain.json"
    result = cli("export", "42", "-o", str(target))
    assert result.exit_code == 3
    assert list(tmp_path.iterdir()) == [tmp_path / "test.db"] or not target.exists()


@needs_dot
def test_every_format_survives_control_characters_stored_by_an_older_provenance(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    chain = build_seed_chain(session)
    nasty = "Bad\x01 \x1b[31mred\x1b[0m \u202eevil\u202c title"
    session.execute(text("UPDATE versions SET title = :t WHERE id = :i"), {"t": nasty, "i": chain.english})
    session.execute(text("UPDATE outlets SET name = :n WHERE name = 'Telegrafi'"), {"n": "Tele\x07grafi\x1b[2J"})
    session.commit()
    for fmt in ("prov-json", "prov-n", "prov-o", "prov-xml", "jsonld", "c2pa-actions", "mermaid", "dot", "svg", "png"):
        target = tmp_path / f"chain.{fmt}"
        result = cli("export", str(chain.english), "--format", fmt, "-o", str(target))
        assert result.exit_code == 0, (fmt, result.output)
        assert target.stat().st_size > 0
    shown = cli("show", str(chain.english))
    assert shown.exit_code == 0 and "\x1b" not in shown.stdout and "\x07" not in shown.stdout


def test_export_writes_through_a_fifo_and_refuses_a_folder_or_a_full_disk(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    chain = build_seed_chain(session)
    session.commit()
    folder = cli("export", str(chain.english), "-o", str(tmp_path))
    assert folder.exit_code == 5
    assert folder.stderr == f"Error: {tmp_path} is a folder: give a file name, e.g. -o {tmp_path / 'chain.json'}\n"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("export", str(chain.english), "--format", "mermaid", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0 and received[0].startswith(b"flowchart BT")
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the FIFO is still a FIFO, not replaced by a file"
    if Path("/dev/full").exists():
        full = cli("export", str(chain.english), "-o", "/dev/full", "--format", "prov-json")
        assert full.exit_code == 5
        assert full.stderr.startswith("Error: cannot write /dev/full: No space left on device")
    assert cli("export", str(chain.english), "-o", "-").stdout.startswith("{")


@needs_dot
def test_a_picture_of_everything_packs_separate_chains_into_rows(cli: Cli, session: Session, tmp_path: Path) -> None:
    for n in range(24):
        make_version(session, f"Report {n}: the council met and voted on the bridge.", title=f"Report {n}")
    session.commit()
    target = tmp_path / "all.png"
    assert cli("export", "--all", "-o", str(target)).exit_code == 0
    width, height = struct.unpack(">II", target.read_bytes()[16:24])
    assert width < 3 * height, (width, height)
