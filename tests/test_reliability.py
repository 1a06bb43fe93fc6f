"""Under real use: processes that share a new database, and migrations that are killed half-way.

Each test starts real `provenance` processes (the installed console script) against one database on each
backend, as a team or a pipeline would.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from provenance.store import migrations
from provenance.store.database import make_engine, resolve_url
from provenance.store.models import Base
from tests.conftest import SEED

EXE = shutil.which("provenance", path=str(Path(sys.executable).parent)) or "provenance"


def _start(*args: str) -> subprocess.Popen[str]:
    """The console script in its own process group, as a terminal runs a command (Ctrl-C reaches the group)."""
    return subprocess.Popen(
        [EXE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        start_new_session=True,
    )


def test_processes_that_all_use_a_new_database_first_all_succeed(empty_db_url: str) -> None:
    writers = [_start("--db", empty_db_url, "outlet", "add", f"Outlet {n}", "--json") for n in range(8)]
    results = [(w.wait(timeout=120), w.stderr.read() if w.stderr else "") for w in writers]
    assert [code for code, _ in results] == [0] * 8, results
    listed = subprocess.run([EXE, "--db", empty_db_url, "outlet", "list", "--json"], capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout.count('"name"') == 8


def test_an_upgrade_that_fails_half_way_leaves_the_old_schema(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0002 applies, then 0003 fails after creating its table: nothing of 0002 or 0003 may remain."""
    from alembic.operations import Operations

    engine = make_engine(resolve_url(empty_db_url))
    migrations.upgrade(engine, "0001")
    real_execute = Operations.execute

    def fail_after_the_table(self: Operations, sqltext: object, *args: object, **kwargs: object) -> object:
        if "match_feature_counts" in str(sqltext):
            raise RuntimeError("killed half-way through 0003")
        return real_execute(self, sqltext, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Operations, "execute", fail_after_the_table)
    with pytest.raises(RuntimeError):
        migrations.upgrade(engine)
    assert migrations.current_revision(engine) == "0001"
    assert not {"match_features", "match_feature_counts"} & set(inspect(engine).get_table_names())
    monkeypatch.undo()
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()
    engine.dispose()


@pytest.mark.parametrize("delay", [0.55, 0.65, 0.8])
def test_a_killed_upgrade_leaves_a_whole_schema_and_the_rerun_completes(empty_db_url: str, delay: float) -> None:
    engine = make_engine(resolve_url(empty_db_url))
    migrations.upgrade(engine, "0001")
    upgrade = _start("--db", empty_db_url, "db", "upgrade")
    time.sleep(delay)
    upgrade.send_signal(signal.SIGKILL)
    upgrade.wait(timeout=60)
    revision = migrations.current_revision(engine)
    assert revision in ("0001", migrations.head_revision())
    tables = set(inspect(engine).get_table_names())
    if revision == "0001":
        assert "match_features" not in tables, "a table of 0002 exists while the database says 0001"
    rerun = subprocess.run([EXE, "--db", empty_db_url, "db", "upgrade"], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert migrations.current_revision(engine) == migrations.head_revision()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_writers_that_record_the_same_outlets_and_text_at_once_all_succeed(db_url: str) -> None:
    """4 processes log the seed at once, creating the same outlets and person: each finds what another wrote."""
    writers = [
        _start("--db", db_url, "log", str(SEED), "--outlet", "Telegrafi", "--create-missing", "--json")
        for _ in range(4)
    ]
    results = [(w.wait(timeout=180), w.stderr.read() if w.stderr else "") for w in writers]
    assert [code for code, _ in results] == [0] * 4, results
    assert not any("Traceback" in err or "constraint" in err.lower() for _, err in results)
    listed = subprocess.run([EXE, "--db", db_url, "article", "list", "--json"], capture_output=True, text=True)
    assert listed.stdout.count('"content_hash"') == 1
    outlets = subprocess.run([EXE, "--db", db_url, "outlet", "list", "--json"], capture_output=True, text=True)
    assert outlets.stdout.count('"name": "Telegrafi"') == 1 and outlets.stdout.count('"The Independent"') == 1


def test_overlapping_imports_all_succeed_and_record_every_text_once(db_url: str, tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for n in range(200):
            body = f"Report {n}: the council of town {n} met on day {n % 28 + 1} and voted {n * 7} to {n * 3}."
            out.write(json.dumps({"text": body, "outlet": f"Outlet {n % 5}", "author": f"Writer {n % 7}"}) + "\n")
    importers = [
        _start("--db", db_url, "import", str(records), "--create-missing", "--chunk-size", "20", "--no-detect")
        for _ in range(4)
    ]
    results = [(i.wait(timeout=300), i.stderr.read() if i.stderr else "") for i in importers]
    assert [code for code, _ in results] == [0] * 4, results
    listed = subprocess.run([EXE, "--db", db_url, "article", "list", "--json"], capture_output=True, text=True)
    assert listed.stdout.count('"content_hash"') == 200


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_import_says_what_was_kept_and_the_rerun_completes(
    db_url: str, tmp_path: Path, stop: signal.Signals
) -> None:
    records = tmp_path / "records.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for n in range(RECORDS):
            body = f"Report {n}: the council of town {n} met on day {n % 28 + 1} and voted {n * 7} to {n * 3}. "
            # several sentences a record, so that reading them on every core still leaves time to interrupt
            out.write(json.dumps({"text": body * 15, "outlet": f"Outlet {n % 5}"}) + "\n")
    importer = _start("--db", db_url, "import", str(records), "--create-missing", "--chunk-size", "100")
    engine = make_engine(resolve_url(db_url))
    deadline = time.monotonic() + 60
    while _versions(engine) < 100 and time.monotonic() < deadline:  # stopped after a chunk is committed
        time.sleep(0.05)
    os.killpg(importer.pid, stop)  # the importer and its workers, as Ctrl-C in a terminal
    code = importer.wait(timeout=120)
    stderr = importer.stderr.read() if importer.stderr else ""
    if code == 0:
        pytest.skip("the import finished before the signal: this machine is faster than the test expects")
    assert code == (143 if stop == signal.SIGTERM else 130), stderr
    assert stderr.strip().splitlines()[-1] == (
        "Interrupted: what was committed before stays recorded and the step in progress was rolled back; "
        "run the same command again to resume (it skips what is recorded)"
    )
    assert "Traceback" not in stderr
    rerun = subprocess.run(
        [EXE, "--db", db_url, "import", str(records), "--create-missing", "--json"], capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["added"] + summary["existing"] == RECORDS and summary["existing"] >= 100
    assert _versions(engine) == RECORDS
    engine.dispose()


RECORDS = 800


def _versions(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM versions")).scalar_one())


def test_a_database_locked_by_a_long_writer_is_one_line_after_the_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from provenance.cli import app
    from provenance.store import database

    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_SECONDS", 1)
    path = tmp_path / "busy.db"
    assert CliRunner().invoke(app, ["--db", str(path), "outlet", "add", "First"]).exit_code == 0
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        result = CliRunner().invoke(app, ["--db", str(path), "outlet", "add", "Second"])
        waited = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 6
    assert (
        result.stderr
        == f"Error: database sqlite:///{path} is locked by another process: wait for it to finish and retry\n"
    )
    assert waited < 5, "a lock held for the whole busy timeout is reported at once, not retried"
