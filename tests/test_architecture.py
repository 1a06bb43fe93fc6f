"""The shape of the library: its import contracts (pyproject.toml) hold, and it type-checks and lints clean.

These run in CI with the rest of the suite, so a change that breaks a layer, adds an import cycle or leaves
a type error fails there, not in a later reader's head.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ})


def test_import_contracts_hold() -> None:
    result = _run(str(Path(sys.executable).parent / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_text_analysis_imports_no_database_code() -> None:
    probe = (
        "import sys, provenance.text.reading, provenance.text.claims, provenance.text.language, "
        "provenance.match.fingerprints; print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'psycopg')))"
    )
    result = _run(sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_library_and_the_tests_type_check() -> None:
    result = _run(sys.executable, "-m", "mypy", "--explicit-package-bases", "provenance", "tests")
    assert result.returncode == 0, result.stdout[-4000:]


def test_lints_clean() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout[-4000:]
