"""Write docs/commands.md from the CLI's own help texts: `python docs/generate_commands.py`.

tests/test_docs.py fails when the file is out of date, so the reference never drifts from the code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from provenance.cli import app

TARGET = Path(__file__).with_name("commands.md")
HEADER = """# Command reference

Generated from each command's `--help` by `docs/generate_commands.py`; every command also accepts
the global options of `provenance` (`--db URL`) placed before the command name.
"""


def command_paths() -> Iterator[list[str]]:
    """Yield the word path of every command, groups first (``[]``, ``["outlet"]``, ``["outlet", "add"]``)."""

    def walk(command: object, path: list[str]) -> Iterator[list[str]]:
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            if not getattr(sub, "hidden", False):
                yield from walk(sub, [*path, name])

    yield from walk(get_command(app), [])


def help_text(path: list[str]) -> str:
    """Return the ``--help`` output of one command at a fixed width."""
    result = CliRunner(env={"COLUMNS": "100", "TERM": "dumb"}).invoke(app, [*path, "--help"], prog_name="provenance")
    return result.stdout.rstrip() + "\n"


def render() -> str:
    """Return the whole reference page."""
    parts = [HEADER]
    for path in command_paths():
        parts.append(f"\n## provenance {' '.join(path)}".rstrip() + "\n\n```text\n" + help_text(path) + "```\n")
    return "".join(parts)


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET}\n")
