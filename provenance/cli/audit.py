"""`provenance audit`: find credits that disagree with each other, the chain, the languages or the dates;
`provenance audit ack` to acknowledge a finding and `provenance audit rules` to list the rules.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer
from rich.table import Table
from typer.core import TyperGroup

from provenance.cli.context import JsonFlag, current_user, reading, write
from provenance.cli.render import print_json, stdout_console
from provenance.vocabulary import SEVERITIES, Severity

Format = Literal["table", "json", "csv"]
OutputFormat = TypeVar("OutputFormat", bound=str)


def _check_rules(values: list[str] | None) -> list[str] | None:
    from provenance.audit.rules import rule_names  # the rules load when a command runs, not at start-up

    unknown = [v for v in values or [] if v not in rule_names()]
    if unknown:
        raise typer.BadParameter(f"unknown rule {unknown[0]!r}; choose from {', '.join(rule_names())}")
    return values


class AuditGroup(TyperGroup):
    """Routes ``provenance audit [VERSION] [OPTIONS]`` to the default ``run`` command.

    A click group cannot take an optional positional argument and sub-commands at once, so a first token
    that is not a sub-command name (a version id, an option, nothing) is handed to ``run``.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        """Prepend ``run`` unless the first token names a sub-command or asks for the group's help."""
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["run", *args]
        return super().parse_args(ctx, args)


audit_app = typer.Typer(
    cls=AuditGroup,
    help="Audit credits against each other, the recorded chain, languages and dates. "
    "`provenance audit [VERSION] [OPTIONS]` runs the audit (the `run` command); see also `ack` and `rules`.",
)

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Severity config (TOML). Default: $XDG_CONFIG_HOME/provenance/audit.toml when it exists.",
        dir_okay=False,
    ),
]


@audit_app.command("run")
def run(
    ctx: typer.Context,
    version_id: Annotated[int | None, typer.Argument(help="Audit only this version and its whole chain.")] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", callback=_check_rules, help="Only this rule (repeatable): see `audit rules`."),
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only findings about versions this outlet published.")] = None,
    since: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"],
            help="Only versions published on or after this date (recorded, when the publication date is unknown).",
        ),
    ] = None,
    output: Annotated[Format, typer.Option("--format", help="Output: table, json or csv.")] = "table",
    as_json: JsonFlag = False,
    fail_on: Annotated[
        Severity | None,
        typer.Option("--fail-on", help="Exit 1 when a finding of this severity or worse is reported."),
    ] = None,
    config: ConfigOption = None,
    show_acknowledged: Annotated[
        bool, typer.Option("--show-acknowledged", help="Also list acknowledged findings whose evidence is unchanged.")
    ] = False,
) -> None:
    """Run the audit over the whole database, or one version's chain, and print the findings by severity.

    Exit codes: 0 when no finding reaches --fail-on (or --fail-on is not given), 1 when one does, 2 usage error.

    Examples: provenance audit; provenance audit 42;
    provenance audit --rule conflicting-source --outlet Telegrafi --since 2025-01-01;
    provenance audit --format json --fail-on warning
    """
    output = _chosen_format(output, as_json)
    from provenance.audit import findings as audit

    settings = audit.load_config(config)
    scope = audit.AuditScope(rules=rule or (), version_id=version_id, outlet=outlet, since=since)
    with reading(ctx) as session:
        report = audit.run_audit(session, scope, settings, include_acknowledged=show_acknowledged)
    record = audit.report_record(report)
    if output == "json":
        print_json(record)
    elif output == "csv":
        _print_csv(record["findings"])
    else:
        _print_table(record)
    if fail_on is not None and report.worst_at_or_above(fail_on):
        raise typer.Exit(1)


@audit_app.command("ack")
def ack(
    ctx: typer.Context,
    finding_id: Annotated[str, typer.Argument(metavar="FINDING", help="The finding id the audit printed.")],
    reason: Annotated[str, typer.Option(help="Why it needs no action, e.g. 'confirmed with the editor'.")],
    config: ConfigOption = None,
) -> None:
    """Acknowledge a finding: it is not reported again until its evidence changes.

    Example: provenance audit ack 1cace34999f0 --reason "confirmed with the editor"
    """
    from provenance.audit import findings as audit

    settings = audit.load_config(config)
    finding = write(
        ctx, lambda session: audit.acknowledge(session, finding_id, reason, who=current_user(), config=settings)
    )
    versions = ", ".join(f"#{v}" for v in finding.versions)
    typer.echo(f"Acknowledged {finding.id} ({finding.rule}, {versions}): {reason.strip()}")


@audit_app.command("rules")
def rules(
    output: Annotated[Literal["table", "json"], typer.Option("--format", help="Output: table or json.")] = "table",
    as_json: JsonFlag = False,
    config: ConfigOption = None,
) -> None:
    """List the audit rules with their severity (as configured) and what each one finds.

    Example: provenance audit rules --json
    """
    output = _chosen_format(output, as_json)
    from provenance.audit import findings as audit

    catalogue = audit.rule_catalogue(audit.load_config(config))
    if output == "json":
        print_json(catalogue)
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("rule", "severity", "description"):
        table.add_column(column, no_wrap=column != "description")
    for row in catalogue:
        table.add_row(row["rule"], row["severity"], row["description"])
    stdout_console().print(table)


def _chosen_format(output: OutputFormat, as_json: bool) -> OutputFormat | Literal["json"]:
    """Return the output format: ``--json`` is short for ``--format json``, like every command's ``--json``."""
    if as_json and output not in ("table", "json"):
        raise typer.BadParameter(f"--json and --format {output} ask for two formats: give one", param_hint="--json")
    return "json" if as_json else output


def _print_table(record: dict[str, Any]) -> None:
    console = stdout_console()
    findings = record["findings"]
    summary = record["summary"]
    for severity in SEVERITIES:
        group = [f for f in findings if f["severity"] == severity]
        if not group:
            continue
        table = Table(title=f"{severity} ({len(group)})", title_justify="left", header_style="bold", show_lines=True)
        table.add_column("id", no_wrap=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("versions", no_wrap=True)
        table.add_column("explanation", overflow="fold", ratio=1)
        for finding in group:
            versions = " ".join(f"#{v}" for v in finding["versions"])
            table.add_row(finding["id"], finding["rule"], versions, finding["explanation"].replace("[", "\\["))
        console.print(table)
    counts = ", ".join(f"{n} {s}" for s, n in summary["by_severity"].items() if n)
    line = f"{summary['total']} findings ({counts})" if findings else "No findings."
    if summary["acknowledged_hidden"]:
        line += f" {summary['acknowledged_hidden']} acknowledged not shown (--show-acknowledged)."
    console.print(line, markup=False)


def _print_csv(findings: list[dict[str, Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["id", "rule", "severity", "versions", "explanation", "evidence"])
    for f in findings:
        writer.writerow(
            [
                f["id"],
                f["rule"],
                f["severity"],
                " ".join(str(v) for v in f["versions"]),
                f["explanation"],
                json.dumps(f["evidence"], ensure_ascii=False, sort_keys=True),
            ]
        )
