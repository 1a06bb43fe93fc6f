"""`provenance outlet …` and `provenance person …`: the agents that publish, write and translate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from provenance.cli.context import JsonFlag, reading, write
from provenance.cli.render import count_noun, print_json, stdout_console, table
from provenance.ledger import agents, stories
from provenance.ledger.records import outlet_record, person_record
from provenance.limits import MAX_BYTES

outlet_app = typer.Typer(help="Outlets: newspapers, sites and agencies that publish versions.", no_args_is_help=True)
person_app = typer.Typer(help="People: authors and translators.", no_args_is_help=True)


@outlet_app.command("add")
def outlet_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The outlet's usual name.")],
    domain: Annotated[
        list[str] | None, typer.Option("--domain", metavar="DOMAIN", help="A web domain (repeatable).")
    ] = None,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", metavar="NAME", help="Another name (repeatable).")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Declared language, ISO 639-1 (en, sq…).")] = None,
    country: Annotated[str | None, typer.Option(help="Country, e.g. GB or XK.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Record an outlet.

    Example: provenance outlet add "The Telegraph" --domain telegraph.co.uk --language en --alias Telegraph
    """

    def add(session: Session) -> dict[str, Any]:
        outlet = agents.add_outlet(
            session, name, domains=domain or [], aliases=alias or [], language=language, country=country
        )
        return {**outlet_record(outlet), "claims_resolved": agents.resolve_pending_claims(session)}

    record = write(ctx, add)
    if json_output:
        print_json(record)
    else:
        typer.echo(f"Added outlet {record['id']}: {record['name']}")
        _say_resolved(record["claims_resolved"])


@outlet_app.command("list")
def outlet_list(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """List every outlet with its aliases and domains.

    Example: provenance outlet list --json
    """
    with reading(ctx) as session:
        records = [outlet_record(o) for o in agents.list_outlets(session)]
    if json_output:
        print_json(records)
    else:
        stdout_console().print(table(records, ["id", "name", "language", "country", "aliases", "domains"]))


@outlet_app.command("report")
def outlet_report(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The outlet: name, alias or domain.")],
    json_output: JsonFlag = False,
) -> None:
    """Show what an outlet's recorded output is made of: originals, republications, translations, excerpts,
    adaptations, and copies of other outlets' versions whose text credits no outlet of their chain.

    Example: provenance outlet report Telegrafi --json
    """
    with reading(ctx) as session:
        record = stories.outlet_report(session, name)
    if json_output:
        print_json(record)
        return
    total = record["versions"]
    console = stdout_console()
    console.print(f"{record['outlet']}: {count_noun(total, 'version')}", markup=False, highlight=False)
    for key in ("original", "republished", "translated", "excerpted", "adapted", "copied_without_credit"):
        share = f"{record[key] / total:6.1%}" if total else "     -"
        console.print(f"  {key.replace('_', ' '):<22} {record[key]:>7}  {share}", markup=False, highlight=False)


@person_app.command("add")
def person_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The person's name.")],
    alias: Annotated[
        list[str] | None,
        typer.Option("--alias", metavar="NAME", help="Another spelling, e.g. transliterated (repeatable)."),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Record a person (an author or translator).

    Example: provenance person add "Mark Almond"
    """

    def add(session: Session) -> dict[str, Any]:
        person = agents.add_person(session, name, aliases=alias or [])
        return {**person_record(person), "claims_resolved": agents.resolve_pending_claims(session)}

    record = write(ctx, add)
    if json_output:
        print_json(record)
    else:
        typer.echo(f"Added person {record['id']}: {record['name']}")
        _say_resolved(record["claims_resolved"])


@person_app.command("list")
def person_list(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """List every person with their aliases.

    Example: provenance person list --json
    """
    with reading(ctx) as session:
        records = [person_record(p) for p in agents.list_people(session)]
    if json_output:
        print_json(records)
    else:
        stdout_console().print(table(records, ["id", "name", "aliases"]))


def _say_resolved(count: int) -> None:
    if count:
        typer.echo(f"{count_noun(count, 'stored credit')} now {'resolves' if count == 1 else 'resolve'}", err=True)


def resolve(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Resolve the stored credits that named no recorded outlet or person, against those recorded now.

    `outlet add` and `person add` do this themselves; run it after changing names by other means.

    Example: provenance resolve --json
    """
    count = write(ctx, agents.resolve_pending_claims)
    if json_output:
        print_json({"claims_resolved": count})
    else:
        typer.echo(f"{count_noun(count, 'stored credit')} resolved")


@outlet_app.command("import")
def outlet_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A CSV (name, aliases, domains, language, country) or JSON file.")],
    max_size: Annotated[int, typer.Option(help="Largest file accepted, in bytes.")] = MAX_BYTES,
    json_output: JsonFlag = False,
) -> None:
    """Add outlets from a list (a gazetteer), or extend the recorded ones it names with their other names,
    domains, language and country. Lists in a CSV cell are separated by ";" or "|".

    Example: provenance outlet import outlets.csv
    """
    from provenance.ingest.outlets import import_outlets

    done = write(ctx, lambda session: import_outlets(session, path, max_bytes=max_size))
    record = {"created": done.created, "extended": done.extended, "unchanged": done.unchanged, "errors": done.errors}
    if json_output:
        print_json(record)
    else:
        typer.echo(f"{done.created} created, {done.extended} extended, {done.unchanged} unchanged")
        for error in done.errors:
            typer.echo(f"  refused: {error}", err=True)
    if done.errors:
        raise typer.Exit(5)


def register(app: typer.Typer) -> None:
    """Add `resolve` to ``app``."""
    app.command("resolve")(resolve)
