"""`provenance db …`: schema migrations of the chosen database."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.context import JsonFlag, state
from provenance.cli.render import print_json
from provenance.errors import DeclinedError
from provenance.store import migrations
from provenance.store.database import redact

db_app = typer.Typer(help="The database schema: upgrade, downgrade, current revision, history.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Migrate the database up to the newest schema (or REVISION).

    Example: provenance db upgrade
    """
    engine = state(ctx).engine()
    migrations.upgrade(engine, revision)
    typer.echo(f"{redact(engine.url)} is at schema {migrations.current_revision(engine)}", err=True)


@db_app.command("downgrade")
def downgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision; 'base' removes every table.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; needed when not on a terminal.")] = False,
) -> None:
    """Migrate the database down to REVISION (data in dropped tables is lost).

    Example: provenance db downgrade base --yes
    """
    engine = state(ctx).engine(create=False)
    if not yes and not _confirmed(f"Downgrade {redact(engine.url)} to {revision}? Data may be lost"):
        raise DeclinedError("downgrade declined: nothing was changed (pass --yes to downgrade without asking)")
    migrations.downgrade(engine, revision)
    typer.echo(f"{redact(engine.url)} is at schema {migrations.current_revision(engine) or 'base'}", err=True)


def _confirmed(question: str) -> bool:
    """Ask ``question``; no answer (end of input, Ctrl-C) is a no."""
    try:
        return typer.confirm(question)
    except typer.Abort:
        typer.echo("", err=True)
        return False


@db_app.command("current")
def current(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Print the schema revision of the database and whether it is the newest.

    Example: provenance db current --json
    """
    engine = state(ctx).engine(create=False)
    revision, head = migrations.current_revision(engine), migrations.head_revision()
    if json_output:
        print_json({"database": redact(engine.url), "revision": revision, "head": head, "is_head": revision == head})
    else:
        status = "up to date" if revision == head else f"head is {head}: run `provenance db upgrade`"
        typer.echo(f"{redact(engine.url)}: {revision or 'empty (no schema)'} ({status})")


@db_app.command("history")
def history(json_output: JsonFlag = False) -> None:
    """List the schema revisions this version of provenance knows, newest first.

    Example: provenance db history
    """
    revisions = migrations.history()
    if json_output:
        print_json([r.__dict__ for r in revisions])
        return
    for r in revisions:
        typer.echo(f"{r.revision}{' (head)' if r.is_head else ''}  {r.message.strip().splitlines()[0]}")
