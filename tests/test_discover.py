"""`provenance discover` and `provenance review`: links proposed in bulk, accepted or rejected by a person."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import SEED

Cli = Callable[..., Result]

WIRE = (
    "The council voted on Tuesday to close the old Danube bridge for repairs that will last two years, "
    "officials said. Traffic will be diverted through the northern ring road from 4 March, and 120 buses "
    "will run a replacement service, mayor Ana Kovač told reporters in Novi Sad.\n"
)


@pytest.fixture
def corpus(cli: Cli, tmp_path: Path) -> dict[str, int]:
    """A wire story and a copy of it the same day (the dates cannot order them), the seed and an excerpt of
    it two days later, and an unrelated piece."""
    for name in ("Wire", "Koha", "Express", "Telegrafi"):
        assert cli("outlet", "add", name).exit_code == 0
    wire = tmp_path / "wire.txt"
    wire.write_text(WIRE, encoding="utf-8")
    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_text(SEED.read_text(encoding="utf-8")[600:2400], encoding="utf-8")
    unrelated = tmp_path / "unrelated.txt"
    unrelated.write_text("The school year opens with new textbooks in every classroom of the region.\n", "utf-8")
    ids = {}
    for key, path, outlet, day in (
        ("wire", wire, "Wire", "2025-06-01"),
        ("copy", wire, "Koha", "2025-06-01"),
        ("seed", SEED, "Telegrafi", "2025-05-12"),
        ("excerpt", excerpt, "Express", "2025-05-14"),
        ("unrelated", unrelated, "Express", "2025-06-02"),
    ):
        logged = cli("log", str(path), "--outlet", outlet, "--published", day, "--json")
        assert logged.exit_code == 0, logged.output
        ids[key] = json.loads(logged.stdout)["id"]
    return ids


def _review(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("review", *args, "--json")
    assert result.exit_code == 0, result.output
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


def test_discover_proposes_each_pair_once_with_its_kind_and_evidence(cli: Cli, corpus: dict[str, int]) -> None:
    summary = json.loads(cli("discover", "--json").stdout)
    assert summary["examined"] == 5 and summary["linked"] == 0
    proposals = _review(cli)
    pairs = {frozenset((p["derived_id"], p["source_id"])): p for p in proposals}
    assert set(pairs) == {frozenset((corpus["wire"], corpus["copy"])), frozenset((corpus["seed"], corpus["excerpt"]))}
    excerpt = pairs[frozenset((corpus["seed"], corpus["excerpt"]))]
    assert (excerpt["derived_id"], excerpt["source_id"], excerpt["kind"]) == (
        corpus["excerpt"],
        corpus["seed"],
        "excerpt",
    )
    assert excerpt["evidence"]["shared_passages"] > 0 and excerpt["status"] == "open"
    assert [p["score"] for p in proposals] == sorted((p["score"] for p in proposals), reverse=True)
    again = json.loads(cli("discover", "--json").stdout)
    assert again["proposed"] == 0  # nothing new


def test_accepting_records_the_link_with_who_and_why_and_rejecting_stops_the_pair(
    cli: Cli, corpus: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVENANCE_USER", "ana")
    cli("discover")
    proposals = {p["derived_id"]: p for p in _review(cli)}
    excerpt = proposals[corpus["excerpt"]]
    accepted = json.loads(cli("review", "accept", str(excerpt["id"]), "--json").stdout)
    assert [p["status"] for p in accepted["decided"]] == ["accepted"]
    [link] = json.loads(cli("trace", str(corpus["excerpt"]), "--json").stdout)["links"]
    assert (link["source_id"], link["kind"], link["recorded_by"]) == (corpus["seed"], "excerpt", "ana (review)")
    assert link["evidence"].startswith("provenance discover: score ")
    copy = next(p for p in _review(cli) if p["id"] != excerpt["id"])
    assert cli("review", "reject", str(copy["id"])).exit_code == 0
    assert _review(cli) == []
    assert [p["decided_by"] for p in _review(cli, "--status", "rejected")] == ["ana"]
    assert json.loads(cli("discover", "--json").stdout)["proposed"] == 0  # a rejected pair is not proposed again


def test_accept_by_threshold_and_link_auto(cli: Cli, corpus: dict[str, int]) -> None:
    summary = json.loads(cli("discover", "--link", "auto", "--json").stdout)
    assert summary["linked"] >= 1  # the excerpt: matching is sure of it
    assert json.loads(cli("trace", str(corpus["excerpt"]), "--json").stdout)["roots"] == [corpus["seed"]]
    open_before = {p["id"] for p in _review(cli, "--min-score", "0.5")}
    result = json.loads(cli("review", "accept", "--min-score", "0.5", "--json").stdout)
    assert {p["id"] for p in result["decided"]} | {left["id"] for left in result["left"]} == open_before
    assert all(p["status"] == "accepted" and p["score"] >= 0.5 for p in result["decided"])
    assert {p["id"] for p in _review(cli, "--min-score", "0.5")} == {left["id"] for left in result["left"]}


def test_review_errors_are_one_line(cli: Cli, corpus: dict[str, int]) -> None:
    missing = cli("review", "accept", "99")
    assert missing.exit_code == 3 and missing.stderr.startswith("Error: no open proposal with id 99")
    both = cli("review", "accept", "1", "--min-score", "0.5")
    assert both.exit_code == 5 and "not both" in both.stderr
    assert cli("review", "--status", "maybe").exit_code == 2
    assert cli("discover", "--link", "sometimes").exit_code == 2


def test_an_empty_review_says_so(cli: Cli) -> None:
    listed = cli("review")
    assert listed.exit_code == 0 and listed.stdout == "No open proposals.\n"
    assert cli("discover").stdout == "Examined 0 versions: proposed 0 links, linked 0.\n"


ALBANIAN = (
    "Këshilli votoi të martën për të mbyllur urën e vjetër mbi Danub për riparime që do të zgjasin dy vjet, thanë "
    "zyrtarët. Trafiku do të devijohet përmes unazës veriore nga 4 marsi, dhe 120 autobusë do të ofrojnë shërbim "
    "zëvendësues, u tha gazetarëve kryetarja Ana Kovač në Novi Sad.\n"
)
BACK_TRANSLATED = (
    "On Tuesday the council decided that the ageing bridge on the Danube shuts for two years of repair work, "
    "according to officials. From 4 March cars must use the northern ring road instead, and 120 buses provide a "
    "substitute service, Mayor Ana Kovač said to journalists in Novi Sad.\n"
)


def test_a_translation_back_into_an_ancestors_language_is_proposed_as_a_back_translation(
    cli: Cli, tmp_path: Path
) -> None:
    ids = {}
    for key, text, outlet, day in (
        ("original", WIRE, "Wire", "2025-06-01"),
        ("albanian", ALBANIAN, "Telegrafi", "2025-06-02"),
        ("english", BACK_TRANSLATED, "Express", "2025-06-03"),
    ):
        cli("outlet", "add", outlet)
        path = tmp_path / f"{key}.txt"
        path.write_text(text, encoding="utf-8")
        ids[key] = json.loads(cli("log", str(path), "--outlet", outlet, "--published", day, "--json").stdout)["id"]
    assert cli("link", str(ids["albanian"]), str(ids["original"]), "--kind", "translation").exit_code == 0
    cli("discover")
    proposed = {(p["derived_id"], p["source_id"]): p["kind"] for p in _review(cli)}
    assert proposed[(ids["english"], ids["albanian"])] == "back-translation"
    assert (ids["english"], ids["original"]) not in proposed  # its own words: not a copy of the original


def test_a_version_recorded_without_text_is_not_reported_as_waiting_for_reindex(cli: Cli) -> None:
    cli("outlet", "add", "The Telegraph")
    added = cli("article", "add", "--outlet", "The Telegraph", "--url", "https://www.telegraph.co.uk/a/", "--json")
    assert added.exit_code == 0, added.output
    result = cli("discover")
    assert result.exit_code == 0 and "not indexed" not in result.stderr
