"""The record-and-trace loop through the CLI: the seed scenario recorded by hand, exact output and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner, Result

from provenance.cli import app
from provenance.store import migrations
from provenance.store.database import make_engine, resolve_url

Cli = Callable[..., Result]


def record_seed_chain(cli: Cli, tmp_path: Path) -> list[int]:
    """Record the seed hypothesis by hand, as the README shows; return the four version ids."""
    for args in (
        [
            "outlet",
            "add",
            "The Telegraph",
            "--domain",
            "telegraph.co.uk",
            "--language",
            "en",
            "--alias",
            "Telegraph",
        ],
        ["outlet", "add", "The Independent", "--domain", "independent.co.uk", "--language", "en"],
        [
            "outlet",
            "add",
            "Telegrafi",
            "--domain",
            "telegrafi.com",
            "--language",
            "sq",
            "--alias",
            "Telegrafi.com",
        ],
        ["person", "add", "Mark Almond"],
    ):
        assert cli(*args).exit_code == 0
    texts = {
        "original.txt": "Vladimir Putin's press conference, at two o'clock on Sunday morning, was his latest volley "
        "in the psychological battle to shape global perceptions of who bears the blame for the war.",
        "independent.txt": "Vladimir Putin's press conference, at two o'clock on Sunday morning, was his latest "
        "volley in the psychological battle over who bears the blame for Russia's war against Ukraine.",
        "telegrafi-sq.txt": "Konferenca për shtyp e Vladimir Putinit, në orën dy të mëngjesit të së dielës, ishte "
        "breshëria e radhës në betejën psikologjike për të formësuar perceptimet globale.",
        "telegrafi-en.txt": "Vladimir Putin's press conference, at two o'clock on Sunday morning, was not his next "
        "volley in the psychological battle to shape global perceptions of who really bears the blame.",
    }
    for name, body in texts.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    ids = []
    for outlet, name, extra in (
        ("The Telegraph", "original.txt", ["--author", "Mark Almond", "--published", "2025-05-11"]),
        ("The Independent", "independent.txt", ["--published", "2025-05-11"]),
        ("Telegrafi", "telegrafi-sq.txt", ["--language", "sq", "--published", "2025-05-12"]),
        ("Telegrafi", "telegrafi-en.txt", ["--published", "2025-05-12"]),
    ):
        result = cli(
            "article",
            "add",
            "--outlet",
            outlet,
            "--title",
            "Putin says no",
            "--text-file",
            str(tmp_path / name),
            *extra,
            "--json",
        )
        assert result.exit_code == 0, result.output
        ids.append(json.loads(result.stdout)["id"])
    original, independent, albanian, english = ids
    assert cli("link", str(independent), str(original), "--kind", "republication").exit_code == 0
    assert (
        cli(
            "link",
            str(albanian),
            str(independent),
            "--kind",
            "translation",
            "--translator",
            "Telegrafi",
            "--evidence",
            "Burimi: The Independent",
        ).exit_code
        == 0
    )
    assert (
        cli("link", str(english), str(albanian), "--kind", "back-translation", "--translator", "Telegrafi").exit_code
        == 0
    )
    return ids


def test_trace_of_the_seed_leads_back_to_the_telegraph(cli: Cli, tmp_path: Path) -> None:
    original, independent, albanian, english = record_seed_chain(cli, tmp_path)
    result = cli("trace", str(english), "--json")
    assert result.exit_code == 0
    chain = json.loads(result.stdout)
    assert chain["roots"] == [original]
    assert [(link["derived_id"], link["source_id"], link["kind"], link["agent"]) for link in chain["links"]] == [
        (english, albanian, "back-translation", "Telegrafi"),
        (albanian, independent, "translation", "Telegrafi"),
        (independent, original, "republication", None),
    ]
    root = next(v for v in chain["versions"] if v["id"] == original)
    assert root["outlet"] == "The Telegraph" and root["authors"] == ["Mark Almond"]


def test_trace_prints_a_tree_ending_at_the_root_original(cli: Cli, tmp_path: Path) -> None:
    *_, english = record_seed_chain(cli, tmp_path)
    out = cli("trace", str(english)).stdout
    lines = out.splitlines()
    assert lines[0].startswith(f"#{english} · Telegrafi · en · 2025-05-12")
    assert "back-translation by Telegrafi derived from #3 · Telegrafi · sq" in lines[1]
    assert "republication derived from #1 · The Telegraph · en · 2025-05-11" in lines[3]
    assert lines[3].endswith("root original")


def test_descendants_lists_the_whole_tree(cli: Cli, tmp_path: Path) -> None:
    original, *rest = record_seed_chain(cli, tmp_path)
    chain = json.loads(cli("descendants", str(original), "--json").stdout)
    assert sorted(v["id"] for v in chain["versions"]) == [original, *rest]


def test_article_add_detects_the_language_and_returns_existing_text(cli: Cli, tmp_path: Path) -> None:
    record_seed_chain(cli, tmp_path)
    again = cli("article", "add", "--outlet", "Telegrafi", "--text-file", str(tmp_path / "telegrafi-sq.txt"), "--json")
    record = json.loads(again.stdout)
    assert again.exit_code == 0 and record["created"] is False and record["id"] == 3
    assert record["detected_language"] == "sq"


def test_show_json_has_the_links(cli: Cli, tmp_path: Path) -> None:
    _, _, albanian, english = record_seed_chain(cli, tmp_path)
    shown = json.loads(cli("show", str(albanian), "--json").stdout)
    assert shown["id"] == albanian and shown["language"] == "sq"
    assert [link["source_id"] for link in shown["derived_from"]] == [2]
    assert [link["derived_id"] for link in shown["derivatives"]] == [english]
    assert shown["derived_from"][0]["evidence"] == "Burimi: The Independent"


def test_outlet_list_json(cli: Cli, tmp_path: Path) -> None:
    record_seed_chain(cli, tmp_path)
    outlets = json.loads(cli("outlet", "list", "--json").stdout)
    assert [(o["name"], o["language"], o["domains"], o["aliases"]) for o in outlets] == [
        ("The Independent", "en", ["independent.co.uk"], []),
        ("Telegrafi", "sq", ["telegrafi.com"], ["Telegrafi.com"]),
        ("The Telegraph", "en", ["telegraph.co.uk"], ["Telegraph"]),
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "42"], 3, "Error: no version with id 42: list them with `provenance article list`\n"),
        (["trace", "42"], 3, "Error: no version with id 42: list them with `provenance article list`\n"),
        (["link", "1", "1"], 4, "Error: version 1 cannot be derived from itself\n"),
        (
            ["link", "1", "4"],
            4,
            "Error: version 4 is already derived from version 1: the link would make a cycle\n",
        ),
        (
            ["article", "add", "--outlet", "Le Monde", "--title", "x"],
            3,
            "Error: no outlet named 'Le Monde': add it with `provenance outlet add 'Le Monde'`\n",
        ),
        (
            ["article", "add", "--title", "x", "--url", "htp:/broken"],
            5,
            "Error: malformed URL 'htp:/broken': use the form https://host/path\n",
        ),
        (
            ["article", "add", "--title", "x", "--published", "11/05/2025"],
            5,
            "Error: publication date '11/05/2025' is not ISO 8601: use for example 2025-05-11\n",
        ),
        (
            ["outlet", "add", "Telegraph"],
            4,
            "Error: outlet name 'telegraph' is already used by outlet 1 (The Telegraph)\n",
        ),
    ],
)
def test_user_errors_are_one_line_with_an_exit_code(
    cli: Cli, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    record_seed_chain(cli, tmp_path)
    result = cli(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (code, message, "")


def test_a_missing_text_file_names_the_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("article", "add", "--text-file", str(tmp_path / "nope.txt"))
    assert result.exit_code == 5
    assert str(tmp_path / "nope.txt") in result.stderr and len(result.stderr.splitlines()) == 1


def test_failed_command_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    assert cli("outlet", "add", "Koha", "--alias", "Koha Ditore", "--domain", "not a domain").exit_code == 5
    assert json.loads(cli("outlet", "list", "--json").stdout) == []


READ_ONLY_COMMANDS = [
    ["outlet", "list"], ["person", "list"], ["article", "list"], ["show", "1"], ["trace", "1"],
    ["descendants", "1"], ["audit"], ["export", "1"], ["match", "1"], ["db", "current"],
]  # fmt: skip


@pytest.mark.parametrize("args", READ_ONLY_COMMANDS, ids=lambda args: " ".join(args))
def test_a_command_that_reads_never_creates_a_database(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "nowhere" / "news.db"
    result = CliRunner().invoke(app, ["--db", str(missing), *args])
    assert result.exit_code == 6
    assert result.stderr == (
        f"Error: no provenance database at {missing}: create it with `provenance db upgrade` "
        "(or by recording something, e.g. `provenance log FILE`), or point --db at an existing one\n"
    )
    assert not missing.parent.exists()


def test_a_command_that_reads_never_migrates_an_empty_database(empty_db_url: str) -> None:
    engine = make_engine(resolve_url(empty_db_url))
    engine.connect().close()  # the database exists (an empty SQLite file, an empty PostgreSQL schema)
    result = CliRunner().invoke(app, ["--db", empty_db_url, "trace", "1"])
    assert result.exit_code == 6
    assert result.stderr.endswith(
        "holds no provenance records yet: create its schema with `provenance db upgrade` "
        "or record something (e.g. `provenance log FILE`)\n"
    )
    assert migrations.current_revision(engine) is None
    engine.dispose()


def test_a_command_that_reads_refuses_an_old_schema_and_leaves_it(cli: Cli, engine: Engine) -> None:
    migrations.downgrade(engine, "0003")
    result = cli("outlet", "list")
    assert result.exit_code == 6
    assert result.stderr.endswith("is on schema 0003, this provenance needs 0011: run `provenance db upgrade`\n")
    assert migrations.current_revision(engine) == "0003"
    assert cli("db", "upgrade").exit_code == 0
    assert cli("outlet", "list", "--json").stdout == "[]\n"


def test_a_declined_downgrade_changes_nothing_and_exits_8(cli: Cli, engine: Engine) -> None:
    result = cli("db", "downgrade", "base", input="n\n")
    assert result.exit_code == 8
    assert result.stderr.splitlines()[-1] == (
        "Error: downgrade declined: nothing was changed (pass --yes to downgrade without asking)"
    )
    assert migrations.current_revision(engine) == migrations.head_revision()
    assert cli("db", "downgrade", "base", input="").exit_code == 8  # no answer at all is a no
    assert migrations.current_revision(engine) == migrations.head_revision()
