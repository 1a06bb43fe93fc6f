"""Stories and independent origins (`origins`), and what an outlet's output is made of (`outlet report`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session
from typer.testing import Result

Cli = Callable[..., Result]

WIRE = "Officials said on Monday that the river had burst its banks in three places overnight, flooding {n} homes.\n"


def _plain(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_the_seed_chain_is_one_story_with_one_origin_the_telegraph(cli: Cli, session: Session) -> None:
    from tests.test_export_seed import build_seed_chain

    chain = build_seed_chain(session)
    session.commit()
    story = json.loads(cli("origins", str(chain.english), "--json").stdout)
    assert story["origin_count"] == 1 and story["origins"] == [chain.original]
    assert {v["outlet"] for v in story["versions"]} == {"The Telegraph", "The Independent", "Telegrafi"}
    shown = cli("origins", str(chain.english))
    assert shown.exit_code == 0
    assert shown.stdout.startswith("Story ") and "4 versions, 1 independent origin" in shown.stdout
    assert "#1 · The Telegraph" in shown.stdout


def test_a_wire_story_republished_by_many_outlets_is_one_origin_and_independent_reports_two(
    cli: Cli, tmp_path: Path
) -> None:
    outlets = ["Wire", "Koha", "Gazeta Express", "Telegrafi", "Reporter"]
    for name in outlets:
        assert cli("outlet", "add", name).exit_code == 0
    wire = _plain(tmp_path, "wire.txt", WIRE.format(n=200))
    cli("log", str(wire), "--outlet", "Wire", "--published", "2025-06-01")
    for day, name in enumerate(outlets[1:4], start=2):
        logged = json.loads(cli("log", str(wire), "--outlet", name, "--published", f"2025-06-0{day}", "--json").stdout)
        assert logged["links"], logged  # each copy linked as a republication of the earlier one
    independent = _plain(tmp_path, "own.txt", "Our reporter saw the river rise over the bridge on Monday night.\n")
    cli("log", str(independent), "--outlet", "Reporter", "--published", "2025-06-01")
    wire_story = json.loads(cli("origins", "1", "--json").stdout)
    assert wire_story["origin_count"] == 1 and len(wire_story["versions"]) == 4
    listed = json.loads(cli("origins", "--since", "2025-06-01", "--json").stdout)
    assert sorted((s["versions"], s["origin_count"]) for s in listed) == [(1, 1), (4, 1)]
    # A piece drawing on both joins them: one story, two independent origins.
    both = _plain(tmp_path, "both.txt", "A round-up of the flood reports from the wire and from our reporter.\n")
    roundup = json.loads(cli("log", str(both), "--outlet", "Koha", "--published", "2025-06-05", "--json").stdout)
    assert cli("link", str(roundup["id"]), "1", "--kind", "adaptation").exit_code == 0
    assert cli("link", str(roundup["id"]), "5", "--kind", "adaptation").exit_code == 0
    joined = json.loads(cli("origins", str(roundup["id"]), "--json").stdout)
    assert joined["origin_count"] == 2 and sorted(joined["origins"]) == [1, 5]


def test_origins_of_an_unknown_version_is_a_one_line_error(cli: Cli) -> None:
    result = cli("origins", "99")
    assert result.exit_code == 3 and result.stderr.startswith("Error: no version with id 99")


def test_outlet_report_counts_originals_copies_translations_and_uncredited_copies(cli: Cli, tmp_path: Path) -> None:
    for name in ("Wire", "Koha"):
        assert cli("outlet", "add", name).exit_code == 0
    cli("log", str(_plain(tmp_path, "a.txt", WIRE.format(n=100))), "--outlet", "Wire", "--published", "2025-06-01")
    cli("log", str(_plain(tmp_path, "b.txt", WIRE.format(n=300))), "--outlet", "Wire", "--published", "2025-06-01")
    # Koha: a word-for-word copy of the first that credits nobody, a copy of the second that credits the wire,
    # and a piece of its own.
    cli("log", str(tmp_path / "a.txt"), "--outlet", "Koha", "--published", "2025-06-02")
    credited = _plain(tmp_path, "c.txt", WIRE.format(n=300) + "\nSource: Wire\n")
    logged = json.loads(cli("log", str(credited), "--outlet", "Koha", "--published", "2025-06-02", "--json").stdout)
    assert cli("link", str(logged["id"]), "2", "--kind", "republication").exit_code == 0
    cli(
        "log",
        str(_plain(tmp_path, "d.txt", "Koha's own reporting on the school year, with interviews.\n")),
        "--outlet",
        "Koha",
    )
    report = json.loads(cli("outlet", "report", "Koha", "--json").stdout)
    assert report == {
        "outlet": "Koha",
        "versions": 3,
        "original": 1,
        "republished": 2,
        "translated": 0,
        "excerpted": 0,
        "adapted": 0,
        "copied_without_credit": 1,
    }
    shown = cli("outlet", "report", "Koha")
    assert shown.exit_code == 0 and "copied without credit        1   33.3%" in shown.stdout
    assert cli("outlet", "report", "Nowhere").exit_code == 3
