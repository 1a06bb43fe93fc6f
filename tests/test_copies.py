"""Word-for-word republication: a version is a text at an outlet and an address, so the same text at
another outlet or address is its own version, linked as a republication where the dates order them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from typer.testing import Result

from provenance.store import migrations
from tests.conftest import SEED

Cli = Callable[..., Result]

ORIGINAL = "https://www.telegraph.co.uk/news/2025/05/11/putin-no-ceasefire/"
COPY = "https://www.koha.net/bote/putin-no-ceasefire"


def _outlets(cli: Cli) -> None:
    for name in ("The Telegraph", "Koha", "Gazeta Express"):
        assert cli("outlet", "add", name).exit_code == 0


PLAIN = (
    "The council voted on Tuesday to close the old bridge for repairs that will last two years, officials said.\n"
    "Traffic will be diverted through the northern ring road from next month.\n"
)


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    """An article that credits nobody: only the dates can order its copies."""
    path = tmp_path / "plain.txt"
    path.write_text(PLAIN, encoding="utf-8")
    return path


def _log(cli: Cli, *args: str, path: Path | None = None) -> dict[str, Any]:
    result = cli("log", str(path or SEED), "--json", *args)
    assert result.exit_code == 0, result.output
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def test_the_same_text_at_another_outlet_is_a_new_version_linked_to_the_earlier(cli: Cli, plain: Path) -> None:
    _outlets(cli)
    first = _log(cli, "--outlet", "The Telegraph", "--url", ORIGINAL, "--published", "2025-05-11", path=plain)
    copy = _log(cli, "--outlet", "Koha", "--url", COPY, "--published", "2025-05-12", path=plain)
    assert copy["created"] is True and copy["id"] != first["id"]
    assert copy["outlet"] == "Koha" and copy["content_hash"] == first["content_hash"]
    [link] = copy["links"]
    assert (link["derived_id"], link["source_id"], link["kind"]) == (copy["id"], first["id"], "republication")
    assert "published earlier (2025-05-11)" in link["evidence"]
    shown = json.loads(cli("show", str(copy["id"]), "--json").stdout)
    assert shown["url"] == COPY and shown["outlet"] == "Koha"


def test_the_same_sighting_again_is_the_recorded_version_and_what_it_leaves_out_matches(cli: Cli) -> None:
    _outlets(cli)
    first = _log(cli, "--outlet", "The Telegraph", "--url", ORIGINAL)
    assert _log(cli, "--outlet", "The Telegraph", "--url", ORIGINAL)["created"] is False
    assert _log(cli, "--outlet", "The Telegraph")["id"] == first["id"]
    assert _log(cli)["id"] == first["id"]
    # The same outlet at another address is another version (the piece at a second address).
    assert _log(cli, "--outlet", "The Telegraph", "--url", ORIGINAL + "amp/")["created"] is True


def test_copies_the_dates_do_not_order_are_proposed_not_linked(cli: Cli, plain: Path) -> None:
    _outlets(cli)
    first = _log(cli, "--outlet", "The Telegraph", "--published", "2025-05-11", path=plain)
    copy = _log(cli, "--outlet", "Koha", "--published", "2025-05-11", path=plain)
    assert copy["created"] is True and copy["links"] == []
    [proposal] = copy["proposed_links"]
    assert proposal["source_id"] == first["id"] and proposal["kind"] == "republication"
    assert "no dates order them" in proposal["reason"]


def test_an_earlier_copy_logged_later_becomes_the_source_of_the_unsourced_later_one(cli: Cli, plain: Path) -> None:
    _outlets(cli)
    later = _log(cli, "--outlet", "Koha", "--published", "2025-05-12", path=plain)
    earlier = _log(cli, "--outlet", "The Telegraph", "--published", "2025-05-11", path=plain)
    [link] = earlier["links"]
    assert (link["derived_id"], link["source_id"]) == (later["id"], earlier["id"])
    trace = json.loads(cli("trace", str(later["id"]), "--json").stdout)
    assert trace["roots"] == [earlier["id"]]


def test_a_copy_whose_text_credits_the_outlet_of_an_earlier_copy_is_linked_by_that_credit(cli: Cli) -> None:
    _outlets(cli)
    telegraph = _log(cli, "--outlet", "The Telegraph")
    copy = _log(cli, "--outlet", "Koha")
    [link] = copy["links"]
    assert (link["source_id"], link["kind"], link["evidence"]) == (telegraph["id"], "republication", "/Telegraph/")


def test_import_records_copies_at_other_outlets_and_links_them_by_date(cli: Cli, tmp_path: Path) -> None:
    _outlets(cli)
    body = SEED.read_text(encoding="utf-8")
    records = [
        {"text": body, "outlet": "The Telegraph", "url": ORIGINAL, "published": "2025-05-11"},
        {"text": body, "outlet": "Koha", "url": COPY, "published": "2025-05-12"},
        {"text": body, "outlet": "Koha", "url": COPY, "published": "2025-05-12"},  # the same sighting twice
        {"text": body, "outlet": "Gazeta Express", "published": "2025-05-13"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    summary = json.loads(cli("import", str(path), "--json").stdout)
    assert (summary["added"], summary["existing"], summary["linked"]) == (3, 1, 2)
    again = json.loads(cli("import", str(path), "--json").stdout)
    assert (again["added"], again["existing"]) == (0, 4)
    descendants = json.loads(cli("descendants", "1", "--json").stdout)
    assert sorted(link["derived_id"] for link in descendants["links"]) == [2, 3]


def test_copies_export_as_distinct_entities_and_import_back_as_distinct_versions(cli: Cli, tmp_path: Path) -> None:
    _outlets(cli)
    first = _log(cli, "--outlet", "The Telegraph", "--url", ORIGINAL, "--published", "2025-05-11")
    copy = _log(cli, "--outlet", "Koha", "--url", COPY, "--published", "2025-05-12")
    out = tmp_path / "all.json"
    assert cli("export", "--all", "--format", "prov-json", "-o", str(out)).exit_code == 0
    entities = json.loads(out.read_text(encoding="utf-8"))["entity"]
    versions = {k: v for k, v in entities.items() if v["prov:type"]["$"] == "prv:Version"}
    assert set(versions) == {f"prv:sha256-{first['content_hash']}", f"prv:version-{copy['id']}"}
    assert {v["prv:contentHash"] for v in versions.values()} == {first["content_hash"]}
    assert json.loads(cli("import", str(out), "--json").stdout)["existing"]["versions"] == 2
    # Into an empty database: two versions again, each at its outlet and address, still linked.
    assert cli("db", "downgrade", "base", "--yes").exit_code == 0
    assert cli("db", "upgrade").exit_code == 0
    assert cli("import", str(out)).exit_code == 0
    listed = json.loads(cli("article", "list", "--json").stdout)
    assert sorted((v["outlet"], v["url"]) for v in listed) == [("Koha", COPY), ("The Telegraph", ORIGINAL)]
    koha = next(v["id"] for v in listed if v["outlet"] == "Koha")
    assert json.loads(cli("trace", str(koha), "--json").stdout)["links"][0]["kind"] == "republication"


def test_a_database_from_before_copies_upgrades_with_its_rows_and_links(engine: Engine) -> None:
    migrations.downgrade(engine, "0004")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO works (id, created_at) VALUES (1, CURRENT_TIMESTAMP)"))
        for vid, digest in ((1, "a" * 64), (2, "b" * 64)):
            connection.execute(
                text(
                    "INSERT INTO versions (id, work_id, content_hash, recorded_at) "
                    "VALUES (:id, 1, :hash, CURRENT_TIMESTAMP)"
                ),
                {"id": vid, "hash": digest},
            )
        connection.execute(
            text(
                "INSERT INTO derivations (derived_id, source_id, kind, confidence, recorded_at) "
                "VALUES (2, 1, 'translation', 1.0, CURRENT_TIMESTAMP)"
            )
        )
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM derivations")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM versions")).scalar() == 2
        connection.execute(
            text(
                "INSERT INTO versions (id, work_id, content_hash, outlet_id, recorded_at) "
                "VALUES (3, 1, :hash, NULL, CURRENT_TIMESTAMP)"
            ),
            {"hash": "c" * 64},
        )
        connection.rollback()


def test_a_downgrade_that_would_lose_copies_is_refused_and_changes_nothing(cli: Cli, engine: Engine) -> None:
    _outlets(cli)
    _log(cli, "--outlet", "The Telegraph")
    _log(cli, "--outlet", "Koha")
    result = cli("db", "downgrade", "0004", "--yes")
    assert result.exit_code == 6, result.output
    assert "copies of one text" in result.stderr and "Traceback" not in result.output
    assert migrations.current_revision(engine) == migrations.head_revision()


def test_an_address_too_long_to_be_one_is_refused_in_one_line(cli: Cli, plain: Path) -> None:
    result = cli("log", str(plain), "--url", "https://example.com/" + "a" * 2_000)
    assert result.exit_code == 5 and "is too long (at most 2,000)" in result.stderr


def test_copies_found_out_of_order_by_separate_imports_end_in_one_story(cli: Cli, tmp_path: Path) -> None:
    """Each import finds an earlier copy of the text: the story already built must move whole, not one version."""
    ids = []
    for day, outlet in (("2025-05-13", "Gazeta Express"), ("2025-05-12", "Koha"), ("2025-05-11", "The Telegraph")):
        batch = tmp_path / f"{day}.jsonl"
        batch.write_text(json.dumps({"text": PLAIN, "outlet": outlet, "published": day}) + "\n", encoding="utf-8")
        result = cli("import", str(batch), "--create-missing", "--json")
        assert result.exit_code == 0, result.output
        [record] = json.loads(cli("article", "list", "--outlet", outlet, "--json").stdout)
        ids.append(record["id"])
    story = json.loads(cli("origins", str(ids[0]), "--json").stdout)
    assert sorted(v["id"] for v in story["versions"]) == sorted(ids)
    assert story["origins"] == [ids[2]] and story["origin_count"] == 1
