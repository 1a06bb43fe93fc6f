"""Database URLs: what people type works, passwords never show, bad URLs say what to do."""

from __future__ import annotations

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
