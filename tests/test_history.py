"""The event log through the CLI: history, verify, tampering named, corrections, concurrent writers, the baseline."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import Result

from provenance.store import migrations
from provenance.store.database import make_engine, resolve_url
from tests.conftest import SEED

Cli = Callable[..., Result]
ORIGINAL = (
    "Putin says no to a ceasefire and yes to talks with Zelensky in Istanbul, writes Mark Almond. "
    "The Kremlin offered direct negotiations on Thursday after European leaders demanded a 30-day truce. "
) * 3


def _seed_chain(cli: Cli, tmp_path: Path) -> None:
    """The seed recorded as a back-translation of an Independent original, by ana."""
    assert cli("--as", "ana", "log", str(SEED), "--outlet", "Telegrafi", "--create-missing").exit_code == 0
    original = tmp_path / "original.txt"
    original.write_text(ORIGINAL, encoding="utf-8")
    added = cli(
        "--as",
        "ana",
        "article",
        "add",
        "--outlet",
        "The Independent",
        "--published",
        "2025-05-11",
        "--url",
        "https://www.independent.co.uk/voices/putin-ceasefire",
        "--text-file",
        str(original),
    )
    assert added.exit_code == 0, added.output
    linked = cli("--as", "bob", "link", "1", "2", "--kind", "back-translation", "--evidence", "Source: The Independent")
    assert linked.exit_code == 0, linked.output


def _verify(cli: Cli, *args: str) -> tuple[int, dict[str, Any]]:
    result = cli("verify", "--json", *args)
    return result.exit_code, json.loads(result.stdout)


def test_history_says_who_recorded_each_link_with_which_command(cli: Cli, tmp_path: Path) -> None:
    _seed_chain(cli, tmp_path)
    events = json.loads(cli("history", "1", "--json").stdout)
    link = next(e for e in events if e["table"] == "derivations" and e["action"] == "insert")
    assert link["recorder"] == "bob"
    assert link["command"] == "provenance link 1 2 --kind back-translation --evidence 'Source: The Independent'"
    assert link["new"]["kind"] == "back-translation" and link["new"]["source_id"] == 2
    claims = [e for e in events if e["table"] == "claims"]
    assert claims and {e["recorder"] for e in claims} == {"ana"}
    by_bob = json.loads(cli("history", "--by", "bob", "--json").stdout)
    assert by_bob and {e["recorder"] for e in by_bob} == {"bob"}
    assert json.loads(cli("history", "--since", "2999-01-01", "--json").stdout) == []
    table = cli("history", "2").stdout
    assert "bob" in table and "insert derivations 1" in table and "back-translation" in table


def test_verify_passes_on_an_intact_record_and_checks_a_published_head(cli: Cli, tmp_path: Path) -> None:
    _seed_chain(cli, tmp_path)
    code, found = _verify(cli)
    assert code == 0 and found["intact"] and found["problems"] == []
    head = cli("verify", "--head").stdout.strip()
    assert len(head) == 64 and head == found["head"]["hash"]
    assert cli("outlet", "add", "Reuters").exit_code == 0
    code, later = _verify(cli, "--against", head)
    assert code == 0 and later["against_found"] is True and later["head"]["hash"] != head
    code, other = _verify(cli, "--against", "f" * 64)
    assert code == 1 and other["against_found"] is False
    bad = cli("verify", "--against", "not-a-hash")
    assert bad.exit_code == 5 and "64 hex digits" in bad.stderr


def _raw(db_url: str, *statements: str) -> None:
    """Run SQL as ``sqlite3`` or ``psql`` would: on a bare engine, which notes nothing in the event log."""
    engine = create_engine(resolve_url(db_url))
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


@pytest.mark.tampers
def test_verify_names_each_row_changed_added_or_removed_behind_its_back(cli: Cli, db_url: str, tmp_path: Path) -> None:
    _seed_chain(cli, tmp_path)
    _raw(
        db_url,
        "UPDATE claims SET name = 'The Guardian' WHERE kind = 'source' AND name = 'The Independent'",
        "DELETE FROM derivations WHERE derived_id = 1",
        "INSERT INTO people (name, key, created_at) VALUES ('Ghost', 'ghost', CURRENT_TIMESTAMP)",
        "UPDATE versions SET text = text || ' An added sentence.' WHERE id = 2",
    )
    code, found = _verify(cli)
    assert code == 1 and not found["intact"]
    by_kind = {(p["kind"], p["table"]): p for p in found["problems"]}
    changed = by_kind[("row-changed", "claims")]
    assert changed["differences"] == {"name": {"logged": "The Independent", "found": "The Guardian"}}
    assert ("row-removed", "derivations") in by_kind and by_kind[("row-removed", "derivations")]["key"] == [1, 0]
    assert ("row-added", "people") in by_kind
    assert by_kind[("text-changed", "versions")]["key"] == [2, 0]
    assert len(found["problems"]) == 4
    shown = cli("verify")
    assert shown.exit_code == 1 and "claims" in shown.stdout and "The Guardian" in shown.stdout


@pytest.mark.tampers
@pytest.mark.parametrize(
    ("statements", "kind"),
    [
        (["UPDATE events SET recorder = 'mallory' WHERE seq = 3"], "event-edited"),
        (["DELETE FROM events WHERE seq = 3"], "event-missing"),
        (
            [
                "UPDATE events SET seq = -1 WHERE seq = 3",
                "UPDATE events SET seq = 3 WHERE seq = 4",
                "UPDATE events SET seq = 4 WHERE seq = -1",
            ],
            "event-out-of-order",
        ),
    ],
    ids=["edited", "deleted", "reordered"],
)
def test_verify_names_an_edited_deleted_or_reordered_event(
    cli: Cli, db_url: str, tmp_path: Path, statements: list[str], kind: str
) -> None:
    _seed_chain(cli, tmp_path)
    _raw(db_url, *statements)
    code, found = _verify(cli)
    assert code == 1
    assert found["problems"][0]["kind"] == kind
    assert found["problems"][0]["event"] in (3, 4)


def test_corrections_are_events_with_their_reason_and_revert_undoes_them(cli: Cli, tmp_path: Path) -> None:
    _seed_chain(cli, tmp_path)
    removed = cli("--as", "ana", "link", "remove", "1", "--why", "wrong original")
    assert removed.exit_code == 0, removed.output
    assert json.loads(cli("trace", "1", "--json").stdout)["links"] == []
    stories = (
        json.loads(cli("show", "1", "--json").stdout)["work_id"]
        != json.loads(cli("show", "2", "--json").stdout)["work_id"]
    )
    assert stories, "the two versions are separate stories again"
    events = json.loads(cli("history", "1", "--json").stdout)
    removal = next(e for e in events if e["table"] == "derivations" and e["action"] == "delete")
    assert removal["why"] == "wrong original" and removal["recorder"] == "ana"
    assert removal["old"]["kind"] == "back-translation", "what was removed is kept in the log"
    reverted = cli("revert", str(removal["seq"]), "--why", "it was right")
    assert reverted.exit_code == 0, reverted.output
    assert [link["source_id"] for link in json.loads(cli("trace", "1", "--json").stdout)["links"]] == [2]
    assert (
        json.loads(cli("show", "1", "--json").stdout)["work_id"]
        == json.loads(cli("show", "2", "--json").stdout)["work_id"]
    )
    assert cli("revert", str(removal["seq"])).exit_code == 4, "a change already undone is refused"
    assert _verify(cli)[0] == 0


def test_claim_dismissal_outlet_merge_and_rename_keep_history(cli: Cli, tmp_path: Path) -> None:
    _seed_chain(cli, tmp_path)
    claims = json.loads(cli("show", "1", "--json").stdout)["claims"]
    photo = next(c for c in claims if c["kind"] == "photo_credit")
    assert cli("claim", "dismiss", str(photo["id"]), "--why", "a photo credit").exit_code == 0
    assert photo["id"] not in [c["id"] for c in json.loads(cli("show", "1", "--json").stdout)["claims"]]
    assert cli("outlet", "add", "The Independent (UK)").exit_code == 0
    merged = cli("outlet", "merge", "The Independent (UK)", "The Independent", "--why", "the same paper", "--json")
    assert merged.exit_code == 0, merged.output
    assert "The Independent (UK)" in json.loads(merged.stdout)["aliases"]
    renamed = cli("outlet", "rename", "Telegrafi", "Telegrafi English", "--json")
    assert renamed.exit_code == 0 and "Telegrafi" in json.loads(renamed.stdout)["aliases"]
    assert json.loads(cli("show", "1", "--json").stdout)["outlet"] == "Telegrafi English"
    whys = [e["why"] for e in json.loads(cli("history", "--json").stdout) if e["why"]]
    assert "a photo credit" in whys and "the same paper" in whys
    assert _verify(cli)[0] == 0
    assert cli("claim", "dismiss", "999").exit_code == 3
    assert cli("link", "remove", "2").exit_code == 3


CONCURRENT_WRITER = """
import sys
from provenance.cli import app
url, writer = sys.argv[1], sys.argv[2]
for n in range(6):
    try:
        app(["--db", url, "--as", f"writer-{writer}", "outlet", "add", f"Outlet {writer}-{n}"])
    except SystemExit as e:
        if e.code:
            raise
"""


def test_eight_writers_at_once_keep_one_unbroken_chain(cli: Cli, db_url: str) -> None:
    assert cli("outlet", "add", "First").exit_code == 0
    processes = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, db_url, str(n)], stderr=subprocess.PIPE, text=True)
        for n in range(8)
    ]
    for process in processes:
        _, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
    code, found = _verify(cli)
    assert code == 0, found["problems"]
    outlets = json.loads(cli("outlet", "list", "--json").stdout)
    assert len(outlets) == 1 + 8 * 6
    events = json.loads(cli("history", "--limit", "1000", "--json").stdout)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert {e["recorder"] for e in events[1:]} == {f"writer-{n}" for n in range(8)}
    assert sum(e["table"] == "outlets" for e in events) == len(outlets)


def _open_connections(db_url: str) -> int:
    """How many connections to the test's database are open: PostgreSQL's sessions other than the one asking,
    or this process's file descriptors on the SQLite file."""
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///")).resolve()
        return sum(1 for fd in Path("/proc/self/fd").iterdir() if fd.resolve() == path)
    engine = create_engine(resolve_url(db_url))
    try:
        with engine.connect() as connection:
            query = (
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return int(connection.execute(text(query)).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through Linux's /proc")
def test_a_script_calling_the_cli_many_times_keeps_no_connection_open_between_calls(cli: Cli, db_url: str) -> None:
    before = _open_connections(db_url)  # the test's own (PostgreSQL: the fixture keeps one to empty the copy)
    for n in range(12):
        assert cli("outlet", "add", f"Outlet {n}").exit_code == 0
        assert cli("outlet", "list", "--json").exit_code == 0
    for _ in range(50):  # a server ends a closed session's process a moment after the client closes it
        if _open_connections(db_url) <= before:
            break
        time.sleep(0.1)
    assert _open_connections(db_url) <= before


def test_a_database_from_before_the_log_gets_its_rows_as_baseline_events(empty_db_url: str) -> None:
    engine = make_engine(resolve_url(empty_db_url))
    migrations.upgrade(engine, "0010")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO outlets (name, key, created_at) VALUES ('Old', 'old', CURRENT_TIMESTAMP)"))
        connection.execute(text("INSERT INTO works (created_at) VALUES (CURRENT_TIMESTAMP)"))
        connection.execute(
            text(
                "INSERT INTO versions (work_id, outlet_id, title, recorded_at) "
                "VALUES (1, 1, 'An old title', CURRENT_TIMESTAMP)"
            )
        )
    migrations.upgrade(engine)
    from provenance.store.verification import verify

    with engine.connect() as connection:
        rows = connection.execute(text("SELECT action, table_name, recorder, command FROM events ORDER BY seq")).all()
        found = verify(connection)
    assert [(r[0], r[1]) for r in rows] == [("baseline", "outlets"), ("baseline", "works"), ("baseline", "versions")]
    assert "baseline" in rows[0][3]
    assert found.intact, found.problems
    migrations.downgrade(engine, "0010")
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert verify(connection).intact
    engine.dispose()


TELEGRAPH_URL = "https://www.telegraph.co.uk/news/2025/05/11/putin-no-ceasefire/"
BEFORE = (
    "Putin says no to ceasefire, yes to talks with Zelensky. By Mark Almond.\n\n"
    "Vladimir Putin rejected a 30-day ceasefire on Sunday. He offered direct talks with Ukraine in Istanbul.\n\n"
    "European leaders had demanded the truce in Kyiv on Saturday.\n"
)
AFTER = BEFORE.replace("30-day", "60-day").replace(
    "on Saturday.", "on Saturday. The talks would be hosted by Recep Erdogan."
)


def _seed_with_original(cli: Cli, tmp_path: Path) -> None:
    """The seed chain of the README, The Telegraph's original with a text: 4 ← 3 ← 2 ← 1."""
    for outlet in (["The Telegraph", "--domain", "telegraph.co.uk"], ["The Independent"], ["Telegrafi"]):
        assert cli("outlet", "add", *outlet).exit_code == 0
    before = tmp_path / "before.txt"
    before.write_text(BEFORE, encoding="utf-8")
    steps = [
        ["article", "add", "--outlet", "The Telegraph", "--published", "2025-05-11", "--url", TELEGRAPH_URL,
         "--text-file", str(before)],
        ["article", "add", "--outlet", "The Independent", "--published", "2025-05-11", "--title", "Putin says no"],
        ["article", "add", "--outlet", "Telegrafi", "--language", "sq", "--title", "Putin thotë jo"],
        ["article", "add", "--outlet", "Telegrafi", "--text-file", str(SEED)],
        ["link", "2", "1", "--kind", "republication"],
        ["link", "3", "2", "--kind", "translation", "--translator", "Telegrafi"],
        ["link", "4", "3", "--kind", "back-translation", "--translator", "Telegrafi"],
    ]  # fmt: skip
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, (step, result.output)


def test_a_new_text_at_a_recorded_address_is_a_revision_and_the_translations_go_stale(cli: Cli, tmp_path: Path) -> None:
    _seed_with_original(cli, tmp_path)
    assert json.loads(cli("audit", "run", "--rule", "stale-translation", "--format", "json").stdout)["findings"] == []
    after = tmp_path / "after.txt"
    after.write_text(AFTER, encoding="utf-8")
    logged = cli("log", str(after), "--url", TELEGRAPH_URL, "--outlet", "The Telegraph", "--json")
    assert logged.exit_code == 0, logged.output
    record = json.loads(logged.stdout)
    assert [(link["kind"], link["source_id"]) for link in record["links"]] == [("revision", 1)]
    revision = record["id"]
    assert (
        json.loads(cli("show", str(revision), "--json").stdout)["work_id"]
        == json.loads(cli("show", "4", "--json").stdout)["work_id"]
    ), "a revision is the same story, not a new one"
    tree = cli("descendants", "1").stdout
    assert f"revision → #{revision}" in tree
    audit = json.loads(cli("audit", "run", "--rule", "stale-translation", "--format", "json").stdout)
    stale = {f["versions"][0]: f for f in audit["findings"]}
    assert set(stale) == {3, 4}, "the translation and the back-translation, not the republication"
    changes = stale[4]["evidence"]["revision"]
    assert changes["numbers_removed"] == ["30"] and changes["numbers_added"] == ["60"]
    assert changes["added_count"] == 2 and changes["removed_count"] == 1
    assert "Erdogan" in changes["names_added"] and "Recep" in changes["names_added"]
    assert "numbers 30 → 60" in stale[4]["explanation"]
    acked = cli("audit", "ack", stale[4]["id"], "--reason", "checked against the revision")
    assert acked.exit_code == 0
    left = json.loads(cli("audit", "run", "--rule", "stale-translation", "--format", "json").stdout)["findings"]
    assert [f["versions"][0] for f in left] == [3]
    prov = cli("export", str(revision), "--format", "prov-n").stdout
    assert "prov:type='prov:Revision'" in prov


def test_article_add_revises_records_a_revision_of_the_given_version(cli: Cli, tmp_path: Path) -> None:
    _seed_with_original(cli, tmp_path)
    after = tmp_path / "after.txt"
    after.write_text(AFTER, encoding="utf-8")
    added = cli("article", "add", "--outlet", "The Telegraph", "--revises", "1", "--text-file", str(after), "--json")
    assert added.exit_code == 0, added.output
    new = json.loads(added.stdout)["id"]
    links = json.loads(cli("trace", str(new), "--json").stdout)["links"]
    assert [(link["kind"], link["source_id"]) for link in links] == [("revision", 1)]
    assert cli("article", "add", "--title", "x", "--revises", "999").exit_code == 3


def test_import_records_a_new_text_at_a_recorded_address_as_a_revision(cli: Cli, tmp_path: Path) -> None:
    url = "https://example.org/news/putin-ceasefire"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({"text": BEFORE, "url": url, "outlet": "The Telegraph"}) + "\n", encoding="utf-8")
    rows = [{"text": AFTER, "url": url, "outlet": "The Telegraph"}, {"text": AFTER + "\nA third text.", "url": url}]
    second.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert cli("import", str(first), "--create-missing").exit_code == 0
    imported = cli("import", str(second), "--create-missing", "--json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["linked"] == 2
    links = json.loads(cli("trace", "3", "--json").stdout)["links"]
    assert [(link["derived_id"], link["source_id"], link["kind"]) for link in links] == [
        (3, 2, "revision"),
        (2, 1, "revision"),
    ]


def test_the_recorder_comes_from_as_then_the_environment_then_the_config_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance.store import journal

    config = tmp_path / "config.toml"
    config.write_text('recorder = "desk-3"\n', encoding="utf-8")
    monkeypatch.setattr(journal, "config_path", lambda: config)
    monkeypatch.delenv("PROVENANCE_RECORDER", raising=False)
    monkeypatch.delenv("PROVENANCE_USER", raising=False)
    assert cli("outlet", "add", "From Config").exit_code == 0
    monkeypatch.setenv("PROVENANCE_RECORDER", "from-env")
    assert cli("outlet", "add", "From Env").exit_code == 0
    assert cli("--as", "named", "outlet", "add", "From Option").exit_code == 0
    events = json.loads(cli("history", "--json").stdout)
    assert [(e["new"]["name"], e["recorder"]) for e in events] == [
        ("From Config", "desk-3"),
        ("From Env", "from-env"),
        ("From Option", "named"),
    ]
    by_outlet = json.loads(cli("history", "--outlet", "From Env", "--json").stdout)
    assert [e["recorder"] for e in by_outlet] == ["from-env"]
    assert cli("history", "--outlet", "Nobody").exit_code == 3
    assert cli("history", "--since", "yesterday-ish").exit_code == 5


def test_worker_processes_record_as_the_command_that_started_them(cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(AFTER, encoding="utf-8")
    second.write_text("Updated on Monday.\n\n" + AFTER, encoding="utf-8")
    for outlet, path, day in (("The Telegraph", first, "2025-05-11"), ("Daily Copy", second, "2025-05-12")):
        assert cli("outlet", "add", outlet).exit_code == 0
        added = cli("article", "add", "--outlet", outlet, "--published", day, "--text-file", str(path))
        assert added.exit_code == 0, added.output
    found = cli("--as", "night-shift", "discover", "--workers", "2", "--json")
    assert found.exit_code == 0, found.output
    proposals = [e for e in json.loads(cli("history", "--json").stdout) if e["table"] == "link_proposals"]
    assert proposals, "discover proposed the copy"
    assert {(e["recorder"], e["command"]) for e in proposals} == {
        ("night-shift", "provenance discover --workers 2 --json")
    }


def test_renaming_keeps_the_old_name_and_refuses_a_name_another_uses(cli: Cli) -> None:
    assert cli("person", "add", "M. Almond").exit_code == 0
    renamed = cli("person", "rename", "M. Almond", "Mark Almond", "--json")
    assert renamed.exit_code == 0 and json.loads(renamed.stdout)["aliases"] == ["M. Almond"]
    assert cli("outlet", "add", "Reuters").exit_code == 0 and cli("outlet", "add", "AFP").exit_code == 0
    taken = cli("outlet", "rename", "AFP", "Reuters")
    assert taken.exit_code == 4 and "outlet merge" in taken.stderr
