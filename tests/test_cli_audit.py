"""`provenance audit` through the CLI: every command form, output formats, exit codes, acknowledgements, and the
seed scenario logged with `provenance log`, alone and with its whole chain recorded."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import SEED

Cli = Callable[..., Result]


def add_outlets(cli: Cli, *, person: bool = True) -> None:
    """The seed's outlets as a user records them (The Telegraph, The Independent in English, Telegrafi in
    Albanian), and Mark Almond."""
    for args in (
        ["outlet", "add", "The Telegraph", "--domain", "telegraph.co.uk", "--language", "en", "--alias", "Telegraph"],
        ["outlet", "add", "The Independent", "--domain", "independent.co.uk", "--language", "en"],
        ["outlet", "add", "Telegrafi", "--domain", "telegrafi.com", "--language", "sq", "--alias", "Telegrafi.com"],
        *([["person", "add", "Mark Almond"]] if person else []),
    ):
        assert cli(*args).exit_code == 0


def log(cli: Cli, path: Path, outlet: str, *extra: str) -> dict[str, Any]:
    """Log a file with `provenance log` and return its JSON record."""
    result = cli("log", str(path), "--outlet", outlet, *extra, "--json")
    assert result.exit_code == 0, result.output
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def audit_json(cli: Cli, *args: str) -> dict[str, Any]:
    """Run `provenance audit --format json` and return the parsed report."""
    result = cli("audit", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def summary_of(report: dict[str, Any]) -> list[tuple[str, str, list[int]]]:
    """(rule, severity, versions) of each finding."""
    findings = report["findings"]
    assert isinstance(findings, list)
    return [(f["rule"], f["severity"], f["versions"]) for f in findings]


def record_dated_republication(cli: Cli, tmp_path: Path) -> tuple[int, int]:
    """An original and a republication dated a day before it: a chronology error, a missing source credit."""
    ids = []
    for outlet, name, body, date in (
        ("The Telegraph", "original.txt", "The original text of the column about the talks.", "2025-05-11"),
        ("The Independent", "copy.txt", "The copied text of the column about the talks.", "2025-05-10"),
    ):
        (tmp_path / name).write_text(body, encoding="utf-8")
        result = cli(
            "article", "add", "--outlet", outlet, "--language", "en", "--published", date,
            "--text-file", str(tmp_path / name), "--json",
        )  # fmt: skip
        ids.append(json.loads(result.stdout)["id"])
    assert cli("link", str(ids[1]), str(ids[0]), "--kind", "republication").exit_code == 0
    return ids[0], ids[1]


def test_the_seed_logged_alone_reports_the_conflict_and_the_back_translation(cli: Cli) -> None:
    add_outlets(cli)
    seed = log(cli, SEED, "Telegrafi")["id"]
    report = audit_json(cli)
    assert summary_of(report) == [
        ("conflicting-source", "error", [seed]),
        ("same-language-translation", "warning", [seed]),
        ("orphan-translation", "info", [seed]),
    ]
    findings = report["findings"]
    assert isinstance(findings, list)
    conflict = findings[0]
    assert [(c["text"], c["position"], c["line"]) for c in conflict["evidence"]["claims"]] == [
        ("Source: The Independent", "header", 8),
        ("/Telegraph/", "footer", 44),
    ]
    assert conflict["evidence"]["claims"][1]["possible_sign_off_of"] == "Telegrafi"
    assert (
        "may be Telegrafi's own sign-off rendered in English, since the text is Telegrafi's English edition"
        in (conflict["explanation"])
    )
    assert "«Translation: Telegrafi.com» (header line 9)" in findings[1]["explanation"]
    assert "yet the text is itself English: a back-translation or a mislabel" in findings[1]["explanation"]


def test_the_seed_without_its_author_recorded_also_reports_the_unresolved_author(cli: Cli) -> None:
    add_outlets(cli, person=False)
    seed = log(cli, SEED, "Telegrafi")["id"]
    assert ("unresolved-claim", "info", [seed]) in summary_of(audit_json(cli))
    assert [f[0] for f in summary_of(audit_json(cli, "--rule", "unresolved-claim"))] == ["unresolved-claim"]


def test_the_seed_with_its_chain_names_the_versions_and_nothing_else(cli: Cli, tmp_path: Path) -> None:
    add_outlets(cli)
    bio = "(Mark Almond is director of the Crisis Research Institute, Oxford)"
    texts = {
        "original.txt": f"Putin says no to a ceasefire\n\nVladimir Putin's press conference, at two o'clock on Sunday "
        f"morning, was his latest volley in the psychological battle over who bears the blame.\n\n{bio}\n",
        "independent.txt": "Putin says no to a ceasefire\n\nThis article first appeared in The Telegraph.\n\n"
        "Vladimir Putin's press conference, at two o'clock on Sunday morning, was his latest volley in the "
        f"psychological battle over who bears the blame for Russia's war against Ukraine.\n\n{bio}\n",
        "albanian.txt": "Putini thotë jo armëpushimit\n\nBurimi: The Independent\nPërkthimi: Telegrafi.com\n\n"
        "Konferenca për shtyp e Vladimir Putinit, në orën dy të mëngjesit të së dielës, ishte breshëria e radhës në "
        "betejën psikologjike për të formësuar perceptimet globale se kush mban fajin për luftën.\n\n"
        "(Mark Almond është drejtor i Institutit për Kërkimin e Krizave, Oksford)\n",
    }
    ids = []
    for (name, body), outlet, date in zip(
        texts.items(),
        ("The Telegraph", "The Independent", "Telegrafi"),
        ("2025-05-11", "2025-05-11", "2025-05-12"),
        strict=True,
    ):
        (tmp_path / name).write_text(body, encoding="utf-8")
        ids.append(log(cli, tmp_path / name, outlet, "--published", date)["id"])
    original, independent, albanian = ids
    seed = log(cli, SEED, "Telegrafi", "--published", "2025-05-12")
    if not any(link["source_id"] == albanian for link in seed["links"]):
        linked = cli("link", str(seed["id"]), str(albanian), "--kind", "back-translation", "--translator", "Telegrafi")
        assert linked.exit_code == 0, linked.output
    chain = json.loads(cli("trace", str(seed["id"]), "--json").stdout)
    assert chain["roots"] == [original]
    report = audit_json(cli)
    assert [(rule, versions[0]) for rule, _, versions in summary_of(report)] == [
        ("conflicting-source", seed["id"]),
        ("same-language-translation", seed["id"]),
    ]
    same_language = report["findings"][1]
    assert set(same_language["versions"]) == {seed["id"], albanian, independent, original}
    assert f"root original #{original} (The Telegraph)" in same_language["explanation"]
    # The audit of one version covers its chain: the seed's findings show from the root original too.
    assert [rule for rule, _, _ in summary_of(audit_json(cli, str(original)))] == [
        "conflicting-source",
        "same-language-translation",
    ]


def test_table_output_is_grouped_by_severity_with_a_summary(cli: Cli, tmp_path: Path) -> None:
    add_outlets(cli)
    original, copy = record_dated_republication(cli, tmp_path)
    result = cli("audit")
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == "error (1)"
    assert "warning (1)" in lines
    assert lines.index("error (1)") < lines.index("warning (1)")
    assert any("chronology" in line and f"#{copy} #{original}" in line for line in lines)
    assert any("uncredited-copy" in line for line in lines)
    assert lines[-1] == "2 findings (1 error, 1 warning)"
    clean = cli("audit", "--rule", "orphan-translation")
    assert (clean.exit_code, clean.stdout) == (0, "No findings.\n")


def test_fail_on_sets_the_exit_code(cli: Cli, tmp_path: Path) -> None:
    add_outlets(cli)
    record_dated_republication(cli, tmp_path)
    assert cli("audit", "--fail-on", "error").exit_code == 1
    assert cli("audit", "--rule", "uncredited-copy", "--fail-on", "error").exit_code == 0
    assert cli("audit", "--rule", "uncredited-copy", "--fail-on", "warning").exit_code == 1
    assert cli("audit", "--rule", "orphan-translation", "--fail-on", "info").exit_code == 0


def test_json_schema_and_csv(cli: Cli, tmp_path: Path) -> None:
    add_outlets(cli)
    original, copy = record_dated_republication(cli, tmp_path)
    report = audit_json(cli, "--rule", "chronology")
    (finding,) = report["findings"]
    assert set(finding) == {"id", "rule", "severity", "versions", "evidence", "explanation", "evidence_hash",
                            "acknowledged"}  # fmt: skip
    assert set(finding["evidence"]) == {"claims", "links", "versions", "people"}
    assert [v["published"] for v in finding["evidence"]["versions"]] == ["2025-05-10T00:00:00", "2025-05-11T00:00:00"]
    assert finding["evidence"]["links"][0]["kind"] == "republication"
    assert report["summary"] == {
        "total": 1,
        "by_severity": {"error": 1, "warning": 0, "info": 0},
        "by_rule": {"chronology": 1},
        "acknowledged_hidden": 0,
    }
    result = cli("audit", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["rule"], r["severity"], r["versions"]) for r in rows] == [
        ("chronology", "error", f"{copy} {original}"),
        ("uncredited-copy", "warning", f"{copy} {original}"),
    ]
    assert json.loads(rows[0]["evidence"])["links"][0]["derived_id"] == copy


def test_every_command_form_routes(cli: Cli, tmp_path: Path) -> None:
    add_outlets(cli)
    _original, copy = record_dated_republication(cli, tmp_path)
    assert summary_of(audit_json(cli, str(copy)))[0][0] == "chronology"
    assert summary_of(audit_json(cli, "run", str(copy)))[0][0] == "chronology"
    combined = cli("audit", "--rule", "chronology", "--outlet", "The Independent", "--since", "2025-01-01",
                   "--format", "json", "--fail-on", "warning")  # fmt: skip
    assert combined.exit_code == 1 and summary_of(json.loads(combined.stdout))[0][0] == "chronology"
    assert summary_of(audit_json(cli, "--outlet", "The Telegraph")) == []
    assert summary_of(audit_json(cli, "--since", "2025-06-01")) == []
    rules = cli("audit", "rules")
    assert rules.exit_code == 0 and rules.stdout.splitlines()[1].split()[:2] == ["conflicting-source", "error"]


def test_json_flag_is_short_for_format_json_as_in_every_other_command(cli: Cli, tmp_path: Path) -> None:
    add_outlets(cli)
    record_dated_republication(cli, tmp_path)
    flagged = cli("audit", "--json")
    assert flagged.exit_code == 0 and json.loads(flagged.stdout) == audit_json(cli)
    assert json.loads(cli("audit", "rules", "--json").stdout) == json.loads(
        cli("audit", "rules", "--format", "json").stdout
    )
    both = cli("audit", "--json", "--format", "csv")
    assert both.exit_code == 2 and "--json and --format csv ask for two formats" in both.stderr


def test_usage_errors_exit_2_and_missing_things_exit_3(cli: Cli) -> None:
    add_outlets(cli)
    for args in (["--format", "xml"], ["--fail-on", "fatal"], ["--rule", "nope"], ["--since", "yesterday"],
                 ["notanumber"]):  # fmt: skip
        result = cli("audit", *args)
        assert result.exit_code == 2, args
    missing = cli("audit", "42")
    assert (missing.exit_code, missing.stderr) == (
        3,
        "Error: no version with id 42: list them with `provenance article list`\n",
    )
    assert cli("audit", "--outlet", "Nowhere").exit_code == 3
    ack = cli("audit", "ack", "0123456789ab", "--reason", "fine")
    assert (ack.exit_code, ack.stderr) == (
        3,
        "Error: no current finding with id '0123456789ab': list them with `provenance audit`\n",
    )
    assert cli("audit", "ack", "0123456789ab").exit_code == 2


def test_ack_quiets_a_finding_until_its_evidence_changes(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVENANCE_USER", "editor")
    add_outlets(cli)
    original, copy = record_dated_republication(cli, tmp_path)
    finding = audit_json(cli, "--rule", "chronology")["findings"][0]
    result = cli("audit", "ack", finding["id"], "--reason", "confirmed with the editor")
    assert result.exit_code == 0
    assert (
        result.stdout == f"Acknowledged {finding['id']} (chronology, #{copy}, #{original}): confirmed with the editor\n"
    )
    assert audit_json(cli, "--rule", "chronology")["summary"]["acknowledged_hidden"] == 1
    assert cli("audit", "--rule", "chronology", "--fail-on", "error").exit_code == 0
    table = cli("audit", "--rule", "chronology").stdout
    assert table == "No findings. 1 acknowledged not shown (--show-acknowledged).\n"
    shown = audit_json(cli, "--rule", "chronology", "--show-acknowledged")["findings"][0]
    assert shown["acknowledged"]["reason"] == "confirmed with the editor" and shown["acknowledged"]["by"] == "editor"
    assert cli("audit", "--rule", "chronology", "--show-acknowledged", "--fail-on", "error").exit_code == 0
    again = cli("audit", "ack", finding["id"], "--reason", "re-checked")
    assert again.exit_code == 0 and again.stdout.endswith(": re-checked\n")


def test_config_option_changes_severities(cli: Cli, tmp_path: Path) -> None:
    add_outlets(cli)
    record_dated_republication(cli, tmp_path)
    config = tmp_path / "audit.toml"
    config.write_text('[severity]\nchronology = "info"\nuncredited-copy = "off"\n', encoding="utf-8")
    report = audit_json(cli, "--config", str(config))
    assert [(rule, severity) for rule, severity, _ in summary_of(report)] == [("chronology", "info")]
    assert cli("audit", "--config", str(config), "--fail-on", "warning").exit_code == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[severity]\nchronology = "fatal"\n', encoding="utf-8")
    result = cli("audit", "--config", str(bad))
    assert result.exit_code == 5 and result.stderr.startswith("Error: audit config ")
    rules = json.loads(cli("audit", "rules", "--config", str(config), "--format", "json").stdout)
    assert {r["rule"]: r["severity"] for r in rules}["uncredited-copy"] == "off"


def test_help_of_every_audit_command(cli: Cli) -> None:
    for args in (["audit", "--help"], ["audit", "run", "--help"], ["audit", "ack", "--help"],
                 ["audit", "rules", "--help"]):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0 and "Usage: provenance audit" in result.stdout
    assert "Commands:" in cli("audit", "--help").stdout


@pytest.mark.skipif(sys.platform == "win32", reason="uses sh")
def test_fail_on_in_a_shell_pipeline(cli: Cli, db_url: str, tmp_path: Path) -> None:
    if db_url.startswith("postgresql"):
        pytest.skip("the exit status through a shell does not depend on the backend")
    exe = shutil.which("provenance") or str(Path(sys.executable).parent / "provenance")
    (tmp_path / "a.txt").write_text("Burimi: Koha Ditore\n\nNjë tekst i shkurtër shqip për lajmin e ditës.", "utf-8")
    assert cli("outlet", "add", "Telegrafi", "--language", "sq").exit_code == 0
    log(cli, tmp_path / "a.txt", "Telegrafi")
    script = (
        f'P="{exe} --db {db_url}"; '
        "if $P audit --format csv --fail-on error | tail -n +2 | cut -d, -f2; then echo clean; fi; "
        "$P audit --format csv --fail-on info >/dev/null; echo exit=$?"
    )
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert out.stdout == "unresolved-claim\nclean\nexit=1\n", out.stderr
