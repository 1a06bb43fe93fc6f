"""Outlets and people: recording them and resolving the many names texts use for them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.errors import ConflictError, InputError, NotFoundError
from provenance.ledger import agents
from tests.factories import seed_outlets

Cli = Callable[..., Result]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("The Telegraph", "The Telegraph"),
        ("Telegraph", "The Telegraph"),
        ("telegraph.co.uk", "The Telegraph"),
        ("https://www.telegraph.co.uk/news/", "The Telegraph"),
        ("TELEGRAPH", "The Telegraph"),
        ("Telegrafi.com", "Telegrafi"),
        ("telegrafi", "Telegrafi"),
        ("the independent", "The Independent"),
    ],
)
def test_outlet_names_resolve_through_aliases_case_articles_and_domains(
    session: Session, written: str, expected: str
) -> None:
    seed_outlets(session)
    assert agents.resolve_outlet(session, written).name == expected


def test_a_similar_but_different_outlet_does_not_resolve(session: Session) -> None:
    seed_outlets(session)
    assert agents.find_outlets(session, ["telegraf.al", "Daily Mail"]) == {}


def test_find_outlets_resolves_many_names_at_once(session: Session) -> None:
    seed_outlets(session)
    found = agents.find_outlets(session, ["Telegraph", "Telegrafi.com", "Nobody"])
    assert {k: v.name for k, v in found.items()} == {
        "Telegraph": "The Telegraph",
        "Telegrafi.com": "Telegrafi",
    }


def test_duplicate_outlet_name_or_alias_is_refused(session: Session) -> None:
    seed_outlets(session)
    with pytest.raises(ConflictError, match="already used by outlet"):
        agents.add_outlet(session, "Daily Telegraph", aliases=["telegraph"])
    with pytest.raises(ConflictError, match=r"domain telegrafi\.com already belongs"):
        agents.add_outlet(session, "Telegrafi English", domains=["www.telegrafi.com"])


def test_unknown_outlet_says_how_to_add_it(session: Session) -> None:
    with pytest.raises(NotFoundError, match="provenance outlet add 'Le Monde'"):
        agents.resolve_outlet(session, "Le Monde")


def test_bad_language_code_and_domain_are_refused(session: Session) -> None:
    with pytest.raises(InputError, match="ISO 639"):
        agents.add_outlet(session, "Koha", language="Albanian")
    with pytest.raises(InputError, match="is not a domain"):
        agents.add_outlet(session, "Koha", domains=["koha"])


def test_people_resolve_through_aliases_across_scripts(session: Session) -> None:
    agents.add_person(session, "Volodymyr Zelensky", aliases=["Zelenskyy", "Зеленский"])
    found = agents.find_people(session, ["zelenskyy", "Зеленский", "Volodymyr  Zelensky"])
    assert {p.name for p in found.values()} == {"Volodymyr Zelensky"}
    assert len(found) == 3


def test_translator_may_be_a_person_or_an_outlet(session: Session) -> None:
    seed_outlets(session)
    assert agents.resolve_agent(session, "Mark Almond").name == "Mark Almond"
    assert agents.resolve_agent(session, "Telegrafi.com").name == "Telegrafi"
    with pytest.raises(NotFoundError):
        agents.resolve_agent(session, "Nobody Known")


def test_outlet_import_adds_a_gazetteer_and_extends_what_is_recorded(cli: Cli, tmp_path: Path) -> None:
    gazetteer = tmp_path / "outlets.csv"
    gazetteer.write_text(
        "name,aliases,domains,language,country\n"
        "The Guardian,Gardijan;Гардиан,theguardian.com,en,GB\n"
        "Reuters,Ројтерс|Рейтер,reuters.com,en,GB\n"
        "Telegrafi,,telegrafi.com,sq,XK\n"
        ",,nameless.com,,\n",
        encoding="utf-8",
    )
    assert cli("outlet", "add", "Telegrafi").exit_code == 0
    imported = cli("outlet", "import", str(gazetteer), "--json")
    assert imported.exit_code == 5, "a refused row is reported with the bad-input code"
    assert json.loads(imported.stdout) == {
        "created": 2, "extended": 1, "unchanged": 0, "errors": ["line 5: no name"],
    }  # fmt: skip
    outlets = {o["name"]: o for o in json.loads(cli("outlet", "list", "--json").stdout)}
    assert outlets["Telegrafi"]["domains"] == ["telegrafi.com"] and outlets["Telegrafi"]["language"] == "sq"
    assert outlets["The Guardian"]["aliases"] == ["Gardijan", "Гардиан"]
    again = json.loads(cli("outlet", "import", str(gazetteer), "--json").stdout)
    assert (again["created"], again["extended"], again["unchanged"]) == (0, 0, 3)
    article = tmp_path / "vest.txt"
    article.write_text(
        "Vlada je saopštila da će pregovori početi u četvrtak.\n" * 3 + "\nIzvor: Гардиан\n", encoding="utf-8"
    )
    claims = json.loads(cli("log", str(article), "--json").stdout)["claims"]
    assert [c["resolved_to"] for c in claims] == ["The Guardian"], "a transliterated alias resolves"


def test_outlet_import_of_json_and_its_errors(cli: Cli, tmp_path: Path) -> None:
    listed = tmp_path / "outlets.json"
    listed.write_text(json.dumps([{"name": "Associated Press", "aliases": ["AP"], "domains": ["apnews.com"]}]))
    assert json.loads(cli("outlet", "import", str(listed), "--json").stdout)["created"] == 1
    missing = cli("outlet", "import", str(tmp_path / "none.csv"))
    assert missing.exit_code == 5 and missing.stderr.startswith("Error: no such file")
    headless = tmp_path / "headless.csv"
    headless.write_text("Reuters,reuters.com\n", encoding="utf-8")
    refused = cli("outlet", "import", str(headless))
    assert refused.exit_code == 5 and "must name the columns" in refused.stderr
