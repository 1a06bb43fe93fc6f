"""The README's exit-code table is what the commands do: each documented failure of each kind, across the
commands, exits with the code the table gives, and every command refuses an unknown option with 2."""

from __future__ import annotations

import json
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


LIMITS = [
    (["article", "add", "--title", "x", "--language", "xx"], "Error: language 'xx' is not an ISO 639 code"),
    (["article", "add", "--title", "x", "--url", "https://example.com/a page"], "Error: malformed URL"),
    (["--db", "postgresql+asyncpg://me@db/news", "outlet", "list"], "Error: unsupported database 'postgresql+asyncpg'"),
    (["--db", "/nonexistent/dir/news.db", "outlet", "add", "X"], "Error: folder /nonexistent/dir does not exist"),
]


@pytest.mark.parametrize(("args", "start"), LIMITS, ids=[a[-1] for a, _ in LIMITS])
def test_bad_values_are_refused_as_the_options_are(cli: Cli, args: list[str], start: str) -> None:
    result = cli(*args)
    assert result.exit_code in (5, 6) and result.stderr.startswith(start), result.stderr
    assert not Path("/nonexistent/dir").exists()


def test_a_password_in_the_query_string_is_never_printed(cli: Cli) -> None:
    result = cli("--db", "postgresql://me@127.0.0.1:1/news?password=hunter2", "outlet", "list")
    assert result.exit_code == 6 and "hunter2" not in result.output and "password=***" in result.stderr


def test_a_one_character_text_is_not_an_article_and_a_text_cannot_create_outlets_without_end(
    cli: Cli, tmp_path: Path
) -> None:
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("x\n", encoding="utf-8")
    result = cli("log", str(tiny))
    assert result.exit_code == 5 and "too short to be an article" in result.stderr
    credits = tmp_path / "credits.txt"
    lines = [f"Source: Outlet Number {n}" for n in range(200)]
    credits.write_text("Headline of the piece\n\n" + "\n".join(lines) + "\n\nThe council met on Monday.\n")
    assert cli("log", str(credits), "--create-missing").exit_code == 0
    assert len(json.loads(cli("outlet", "list", "--json").stdout)) <= 12


def test_a_driver_error_raised_while_an_interruption_rolls_back_still_reads_as_the_interruption(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SIGTERM landing inside a database driver's call can make the rollback fail: the user sees 143 and the
    interruption's line, not a database error."""
    from provenance.cli.main import Terminated
    from provenance.errors import DatabaseError
    from provenance.ledger import agents

    def terminated_mid_call(_session: object) -> list[object]:
        try:
            raise Terminated
        except Terminated:
            raise DatabaseError("can't change 'autocommit' now: connection in transaction status ACTIVE") from None

    monkeypatch.setattr(agents, "list_outlets", terminated_mid_call)
    result = cli("outlet", "list")
    assert result.exit_code == 143
    assert "Interrupted: what was committed before stays recorded" in result.stderr
    assert "autocommit" not in result.stderr


def test_what_a_library_logs_is_one_line_and_an_interruption_it_logs_is_left_to_its_own_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """SQLAlchemy's pool logs, with a traceback, a SIGTERM that lands while it resets a connection, then passes
    it on: the console script says nothing of it (the interruption's line follows); any other logged error is
    one line."""
    import logging

    from provenance.cli.main import Terminated, warning_handler

    logger = logging.getLogger("provenance.test.pool")
    logger.propagate = False
    logger.addHandler(warning_handler())
    for error in (Terminated(), KeyboardInterrupt(), ValueError("connection closed")):
        try:
            raise error
        except BaseException:
            logger.error("Exception during reset or similar", exc_info=True)
    assert capsys.readouterr().err == "Warning: Exception during reset or similar (ValueError: connection closed)\n"
