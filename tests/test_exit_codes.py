"""The README's exit-code table is what the commands do: each documented failure of each kind, across the
commands, exits with the code the table gives, and every command refuses an unknown option with 2."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import SEED
from tests.test_docs import LEAVES

Cli = Callable[..., Result]
README = Path(__file__).resolve().parents[1] / "README.md"


def documented_codes() -> dict[int, str]:
    """Return the README's exit codes and what each means."""
    section = README.read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    codes: dict[int, str] = {}
    for first, meaning in re.findall(r"^\| ([\d, ]+) \| (.+) \|$", section, re.M):
        for code in first.split(","):
            codes[int(code)] = meaning
    return codes


# (arguments, the code the README gives for that failure); the database holds the seed logged as version 1.
FAILURES = [
    (["audit", "--fail-on", "error"], 1),
    (["show"], 2),
    (["link", "1", "1", "--kind", "bogus"], 2),
    (["show", "99"], 3),
    (["trace", "99"], 3),
    (["match", "99"], 3),
    (["export", "99"], 3),
    (["log", str(SEED), "--outlet", "Nowhere News"], 3),
    (["article", "add", "--outlet", "Nowhere News", "--title", "x"], 3),
    (["audit", "99"], 3),
    (["outlet", "add", "Telegrafi"], 4),
    (["link", "1", "1"], 4),
    (["log", "/nonexistent/article.txt"], 5),
    (["import", "/nonexistent/folder"], 5),
    (["article", "add", "--title", "x", "--published", "yesterday"], 5),
    (["article", "add", "--title", "x", "--url", "htp:/broken"], 5),
    (["article", "add", "--title", "x", "--language", "english!"], 5),
    (["--db", "/nonexistent/dir/none.db", "trace", "1"], 6),
    (["--db", "postgresql://nobody@127.0.0.1:1/none", "outlet", "list"], 6),
]


def test_the_table_lists_every_code_the_failures_use() -> None:
    assert {code for _, code in FAILURES} <= set(documented_codes())


@pytest.mark.parametrize(("args", "code"), FAILURES, ids=[" ".join(a)[:60] for a, _ in FAILURES])
def test_each_failure_exits_with_the_documented_code(cli: Cli, args: list[str], code: int) -> None:
    assert cli("log", str(SEED), "--outlet", "Telegrafi", "--create-missing").exit_code == 0
    result = cli(*args)
    assert result.exit_code == code, (documented_codes()[code], result.output)
    if code not in (1, 2):
        assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, result.stderr
        assert result.stdout == ""


@pytest.mark.parametrize("path", LEAVES, ids=[" ".join(p) for p in LEAVES])
def test_every_command_refuses_an_unknown_option_as_a_usage_error(cli: Cli, path: list[str]) -> None:
    assert cli(*path, "--no-such-option").exit_code == 2
