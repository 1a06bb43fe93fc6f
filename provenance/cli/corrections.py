"""Corrections: `link remove`, `claim dismiss`, `outlet merge|rename`, `person merge|rename`, `revert`.

Each is recorded in the event log with who made it and ``--why``; `provenance history` shows it, `revert` undoes it.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from provenance.cli.agents import outlet_app, person_app
from provenance.cli.context import JsonFlag, write
from provenance.cli.render import print_json
from provenance.ledger import corrections
from provenance.ledger.records import claim_record, link_record, outlet_record, person_record

WhyOption = Annotated[
    str | None, typer.Option("--why", help="Why the record is corrected: kept in the event log with the change.")
]
claim_app = typer.Typer(help="Claims: what a text says about its own provenance.", no_args_is_help=True)


def link_remove(
    ctx: typer.Context,
    derived_id: Annotated[int, typer.Argument(help="The derived version whose link to remove.")],
    source: Annotated[int | None, typer.Option("--source", help="Its source, when it has several.")] = None,
    why: WhyOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Remove a recorded link (the event log keeps it; `provenance revert` brings it back).

    Example: provenance link remove 7 --why "wrong original"
    """
    record = write(ctx, lambda session: link_record(corrections.remove_link(session, derived_id, source, why=why)))
    _done(
        record,
        json_output,
        f"Removed link {record['id']}: {record['derived_id']} ← {record['source_id']} ({record['kind']})",
    )


@claim_app.command("dismiss")
def claim_dismiss(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(help="The claim (`provenance show VERSION` lists them with ids).")],
    why: WhyOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Dismiss a claim read wrongly from a text; the event log keeps it and `provenance revert` brings it back.

    Example: provenance claim dismiss 12 --why "a photo credit, not a source"
    """
    record = write(ctx, lambda session: claim_record(corrections.dismiss_claim(session, claim_id, why=why)))
    _done(
        record,
        json_output,
        f"Dismissed claim {claim_id} ({record['kind']} {record['name']!r}) of version {record['version']}",
    )


@outlet_app.command("rename")
def outlet_rename(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The outlet (name, alias or domain).")],
    new_name: Annotated[str, typer.Argument(help="Its new name; the old one stays as an alias.")],
    why: WhyOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Rename an outlet, keeping the old name as an alias.

    Example: provenance outlet rename "Telegraph" "The Telegraph" --why "its masthead name"
    """
    record = write(ctx, lambda session: outlet_record(corrections.rename_outlet(session, name, new_name, why=why)))
    _done(record, json_output, f"Renamed outlet {record['id']} to {record['name']}")


@outlet_app.command("merge")
def outlet_merge(
    ctx: typer.Context,
    duplicate: Annotated[str, typer.Argument(help="The outlet recorded twice: it is merged away.")],
    into: Annotated[str, typer.Argument(help="The outlet that stays.")],
    why: WhyOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Merge an outlet recorded twice into the other: versions, credits, links, domains and aliases move over.

    Example: provenance outlet merge "Daily Telegraph" "The Telegraph" --why "the same paper"
    """
    record = write(ctx, lambda session: outlet_record(corrections.merge_outlets(session, duplicate, into, why=why)))
    _done(record, json_output, f"Merged {duplicate!r} into outlet {record['id']} ({record['name']})")


@person_app.command("rename")
def person_rename(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The person (name or alias).")],
    new_name: Annotated[str, typer.Argument(help="Their new name; the old one stays as an alias.")],
    why: WhyOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Rename a person, keeping the old name as an alias.

    Example: provenance person rename "M. Almond" "Mark Almond"
    """
    record = write(ctx, lambda session: person_record(corrections.rename_person(session, name, new_name, why=why)))
    _done(record, json_output, f"Renamed person {record['id']} to {record['name']}")


@person_app.command("merge")
def person_merge(
    ctx: typer.Context,
    duplicate: Annotated[str, typer.Argument(help="The person recorded twice: merged away.")],
    into: Annotated[str, typer.Argument(help="The person who stays.")],
    why: WhyOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Merge a person recorded twice into the other: authorships, credits and translations move over.

    Example: provenance person merge "Mark Almond (2)" "Mark Almond"
    """
    record = write(ctx, lambda session: person_record(corrections.merge_people(session, duplicate, into, why=why)))
    _done(record, json_output, f"Merged {duplicate!r} into person {record['id']} ({record['name']})")


def revert(
    ctx: typer.Context,
    seq: Annotated[int, typer.Argument(help="An event of the commit to undo (`provenance history` numbers them).")],
    why: WhyOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Undo a commit: what it added is removed, what it removed comes back, what it changed gets its old values.

    The undoing is itself recorded; nothing leaves the history.

    Example: provenance revert 42 --why "the link was right after all"
    """

    def undo(session: Session) -> dict[str, Any]:
        done = corrections.revert(session, seq, why=why)
        return {"commit": done.commit_seq, "changes": done.changes, "command": done.command}

    record = write(ctx, undo)
    _done(
        record,
        json_output,
        f"Reverted {record['changes']} change(s) of commit {record['commit']} ({record['command']})",
    )


def _done(record: dict[str, Any], json_output: bool, message: str) -> None:
    if json_output:
        print_json(record)
    else:
        typer.echo(message)


def register(app: typer.Typer, link_app: typer.Typer) -> None:
    """Add `claim` and `revert` to ``app``, and `remove` to the `link` group."""
    app.add_typer(claim_app, name="claim")
    app.command("revert")(revert)
    link_app.command("remove")(link_remove)
