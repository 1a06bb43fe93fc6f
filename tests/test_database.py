"""Database URLs: what people type works, passwords never show, bad URLs say what to do; read-only media."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from provenance.errors import InputError
from provenance.store.database import default_database_path, redact, resolve_url


def test_a_plain_postgresql_url_uses_psycopg3() -> None:
    assert resolve_url("postgresql://user@host/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgres://user@host/db").drivername == "postgresql+psycopg"


def test_a_file_path_is_a_sqlite_database(tmp_path: Path) -> None:
    url = resolve_url(str(tmp_path / "x.db"))
    assert url.drivername == "sqlite" and url.database == str(tmp_path / "x.db")


def test_environment_variable_is_used_when_no_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVENANCE_DATABASE_URL", "postgresql://me@db.example/news")
    assert resolve_url(None).host == "db.example"


def test_default_is_a_per_user_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROVENANCE_DATABASE_URL", raising=False)
    url = resolve_url(None)
    assert url.drivername == "sqlite" and url.database == str(default_database_path())


def test_passwords_are_hidden() -> None:
    assert "s3cret" not in redact(resolve_url("postgresql://me:s3cret@host/db"))
    assert "s3cret" not in redact("postgresql://me:s3cret@host/db")


def test_unsupported_and_malformed_urls_are_refused_without_the_password() -> None:
    with pytest.raises(InputError, match="unsupported database") as info:
        resolve_url("mysql://me:s3cret@host/db")
    assert "s3cret" not in str(info.value)
    with pytest.raises(InputError, match="malformed database URL"):
        resolve_url("postgresql://me:pw@host:notaport/db")


@pytest.fixture
def read_only_medium(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system mounted read-only (a tmpfs remounted ``ro``), like a CD or a locked share.

    SQLite-specific by nature: PostgreSQL has no file to put on read-only storage.
    """
    mount = tmp_path / "medium"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(mount)], capture_output=True).returncode != 0:
        pytest.skip("mounting a file system needs root (or CAP_SYS_ADMIN): read-only media cannot be simulated")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], capture_output=True)  # a connection may still hold a file


def test_a_database_on_read_only_media_answers_read_commands_and_refuses_writes_in_one_line(
    read_only_medium: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from provenance.cli.main import app
    from tests.conftest import SEED

    runner = CliRunner()
    built = tmp_path / "built.db"
    assert runner.invoke(app, ["--db", str(built), "log", str(SEED), "--create-missing"]).exit_code == 0
    with sqlite3.connect(built) as connection:  # what closing the last connection does at a process's exit
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(built, read_only_medium / "archive.db")
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_medium)], check=True)
    db = ["--db", str(read_only_medium / "archive.db")]
    for command in (["show", "1"], ["trace", "1"], ["audit"], ["article", "list"], ["export", "1"]):
        result = runner.invoke(app, [*db, *command])
        assert result.exit_code in (0, 1), (command, result.output)  # audit exits 1 only with --fail-on
    refused = runner.invoke(app, [*db, "outlet", "add", "Koha"])
    assert refused.exit_code == 6 and "writable" in refused.stderr and "Traceback" not in refused.output


def test_a_database_left_with_changes_in_its_log_on_read_only_media_is_refused_in_one_line(
    read_only_medium: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from provenance.cli.main import app

    built = tmp_path / "built.db"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(built), "outlet", "add", "Koha"]).exit_code == 0
    shutil.copy(built, read_only_medium / "archive.db")
    (read_only_medium / "archive.db-wal").write_bytes(b"frames not yet in the database file")
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_medium)], check=True)
    result = runner.invoke(app, ["--db", str(read_only_medium / "archive.db"), "outlet", "list"])
    assert result.exit_code == 6
    assert result.stderr == (
        f"Error: database {read_only_medium / 'archive.db'} is on read-only storage with changes still in "
        "archive.db-wal: copy its folder somewhere writable and open the copy\n"
    )
