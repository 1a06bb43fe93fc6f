"""`provenance history` and `provenance verify`: who recorded what, and whether anyone rewrote it."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from provenance.cli.context import JsonFlag, reading
from provenance.cli.render import print_json, stdout_console, table
from provenance.errors import InputError
from provenance.ledger.agents import resolve_outlet, resolve_person
from provenance.ledger.history import DEFAULT_LIMIT, HistoryQuery, read_history
from provenance.ledger.records import Record, event_record
from provenance.ledger.versions import parse_published
from provenance.store.verification import Problem, Verification, head_of, verify

_LABELS = ("name", "alias", "domain", "title", "kind", "status", "finding_id")
"""The columns that say what an inserted or removed row is, in the order they are tried."""


def history(
    ctx: typer.Context,
    version_id: Annotated[int | None, typer.Argument(help="A version: its events, its claims', its links'.")] = None,
    outlet: Annotated[str | None, typer.Option(help="An outlet's events (name, alias or domain).")] = None,
    person: Annotated[str | None, typer.Option(help="A person's events.")] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="RECORDER", help="Only what this recorder did.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date or time on (ISO 8601, UTC).")] = None,
    until: Annotated[str | None, typer.Option(help="Before this date or time (ISO 8601, UTC).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="The newest this many events.")] = DEFAULT_LIMIT,
    json_output: JsonFlag = False,
) -> None:
    """Show the event log: every change to the record, who made it, when, with which command.

    Example: provenance history 42 --since 2025-05-01 --by ana
    """
    with reading(ctx) as session:
        query = HistoryQuery(
            version_id=version_id,
            outlet_id=resolve_outlet(session, outlet).id if outlet else None,
            person_id=resolve_person(session, person).id if person else None,
            recorder=by,
            since=_moment(since, "--since"),
            until=_moment(until, "--until"),
            limit=limit,
        )
        records = [event_record(e) for e in read_history(session, query)]
    if json_output:
        print_json(records)
        return
    console = stdout_console()
    if not records:
        console.print("No events match.")
        return
    rows = []
    for before, r in zip([None, *records], records, strict=False):
        same_commit = before is not None and before["commit"] == r["commit"]
        rows.append(
            {
                "#": r["seq"],
                "when": "" if same_commit else (r["recorded_at"] or "")[:19].replace("T", " "),
                "by": "" if same_commit else r["recorder"],
                "command": "〃" if same_commit else r["command"],
                "did": f"{r['action']} {r['table']} {_key(r['key'])}",
                "what": change_summary(r),
            }
        )
    console.print(table(rows, ["#", "when", "by", "command", "did", "what"]))


def _moment(value: str | None, option: str) -> Any:
    try:
        return parse_published(value)
    except InputError as e:
        raise InputError(f"{option}: {e}") from None


def _key(key: Any) -> str:
    return f"{key[0]}/{key[1]}" if isinstance(key, list) else str(key)


def change_summary(record: Record, most: int = 3) -> str:
    """Return what an event changed in a few words: the label of a row added or removed, else the changed
    columns as ``column: old → new``; the reason a correction gave after it."""
    changes: dict[str, list[Any]] = record["changes"]
    if record["action"] == "update":
        parts = [f"{column}: {_short(old)} → {_short(new)}" for column, (old, new) in list(changes.items())[:most]]
        if len(changes) > most:
            parts.append(f"+{len(changes) - most} more")
        said = "; ".join(parts)
    else:
        row = record["new"] or record["old"] or {}
        label = next((row[c] for c in _LABELS if row.get(c)), None)
        if label is not None and row.get("kind") and label != row["kind"]:
            label = f"{row['kind']} {label}"  # a claim: "source The Independent"
        refs = [f"{c.removesuffix('_id')} {row[c]}" for c in ("outlet_id", "person_id") if row.get(c)]
        said = _short(label) if label is not None else ", ".join(refs)
    return f"{said} (why: {record['why']})" if record["why"] else said


def _short(value: Any, limit: int = 40) -> str:
    shown = "∅" if value is None else str(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def verify_command(
    ctx: typer.Context,
    head: Annotated[bool, typer.Option("--head", help="Only print the head hash (to publish or write down).")] = False,
    against: Annotated[
        str | None,
        typer.Option(metavar="HASH", help="Also check the log still holds this head, printed earlier by --head."),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Check that the record is intact: recompute the event log's hash chain and replay it against the rows.

    Exit codes: 0 intact; 1 an event was edited, removed or reordered, a row was changed, added or removed
    outside provenance, or the --against head is not in the log.

    Example: provenance verify --against 3f1c…e9
    """
    with reading(ctx) as session:
        connection = session.connection()
        if head:
            seq, digest = head_of(connection)
            if json_output:
                print_json({"seq": seq, "hash": digest})
            else:
                typer.echo(digest)
            return
        found = verify(connection, against=against)
    if json_output:
        print_json(verification_record(found))
    else:
        _print_verification(found)
    if not found.intact:
        raise typer.Exit(1)


def verification_record(found: Verification) -> Record:
    """Return what ``verify`` found as a JSON-ready dict."""
    return {
        "intact": found.intact,
        "events": found.events,
        "rows": found.rows,
        "head": {"seq": found.head_seq, "hash": found.head_hash},
        "against": found.against,
        "against_found": found.against_found,
        "problems": [_problem_record(p) for p in found.problems],
        "more_problems": found.more_problems,
    }


def _problem_record(problem: Problem) -> Record:
    return {
        "kind": problem.kind,
        "detail": problem.detail,
        "event": problem.seq,
        "table": problem.table,
        "key": list(problem.key) if problem.key else None,
        "differences": {c: {"logged": old, "found": new} for c, (old, new) in problem.differences.items()},
    }


def _print_verification(found: Verification) -> None:
    console = stdout_console()
    if found.intact:
        console.print(
            f"Intact: {found.events} event(s), chain unbroken; {found.rows} row(s) as the log says. "
            f"Head {found.head_seq}: {found.head_hash}"
        )
        return
    total = len(found.problems) + found.more_problems
    console.print(f"NOT INTACT: {total} problem(s) in {found.events} event(s) and {found.rows} row(s).")
    if found.against_found is False:
        console.print(f"  the head {found.against} is not in the log: the record it stood for was rewritten")
    for problem in found.problems:
        console.print(f"  {problem.kind}: {problem.detail}")
        for column, (logged, now) in problem.differences.items():
            console.print(f"      {column}: logged {_short(logged, 60)!s} · found {_short(now, 60)!s}")
    if found.more_problems:
        console.print(f"  … and {found.more_problems} more (--json lists the first ones the same way)")


def register(app: typer.Typer) -> None:
    """Add ``history`` and ``verify`` to ``app``."""
    app.command("history")(history)
    app.command("verify")(verify_command)
