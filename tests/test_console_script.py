"""The installed ``provenance`` console script, run in a subprocess as a user's shell would run it.

CliRunner tests call the typer app in-process; these catch what they cannot: the entry point in
pyproject.toml, exit codes and stderr as the shell sees them, and migrations found outside the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from provenance import __version__
from provenance.store.migrations import head_revision

SCRIPT = Path(sys.executable).parent / "provenance"

pytestmark = pytest.mark.skipif(
    not SCRIPT.is_file(),
    reason=f"the provenance console script is not installed next to {sys.executable}: run `pip install .`",
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the console script with ``args`` in ``cwd``, isolated from the caller's database settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("PROVENANCE_DATABASE_URL", "PYTHONPATH")}
    env["COLUMNS"] = "160"
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_console_script_records_lists_and_reports_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "provenance.db")
    added = run(
        "--db", db, "outlet", "add", "The Telegraph", "--domain", "telegraph.co.uk", "--language", "en",
        "--alias", "Telegraph", cwd=tmp_path,
    )  # fmt: skip
    assert (added.returncode, added.stdout, added.stderr) == (0, "Added outlet 1: The Telegraph\n", "")

    listed = run("--db", db, "outlet", "list", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [
        {
            "id": 1,
            "name": "The Telegraph",
            "language": "en",
            "country": None,
            "aliases": ["Telegraph"],
            "domains": ["telegraph.co.uk"],
        }
    ]

    version = run("--version", cwd=tmp_path)
    assert (version.returncode, version.stdout) == (0, f"provenance {__version__}\n")

    missing = run("--db", db, "show", "99", cwd=tmp_path)
    assert missing.returncode == 3
    assert missing.stdout == ""
    assert missing.stderr == "Error: no version with id 99: list them with `provenance article list`\n"
    assert "Traceback" not in missing.stderr


def test_console_script_works_outside_the_checkout(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # A relative --db path and a cwd with no alembic/ folder: the migrations must come from the package.
    added = run("--db", "news.db", "outlet", "add", "Telegrafi", "--domain", "telegrafi.com", cwd=elsewhere)
    assert added.returncode == 0, added.stderr
    assert (elsewhere / "news.db").is_file()
    assert not (elsewhere / "alembic").exists()

    current = run("--db", "news.db", "db", "current", cwd=elsewhere)
    assert (current.returncode, current.stdout) == (0, f"sqlite:///news.db: {head_revision()} (up to date)\n")
    listed = run("--db", "news.db", "outlet", "list", "--json", cwd=elsewhere)
    assert [outlet["name"] for outlet in json.loads(listed.stdout)] == ["Telegrafi"]
