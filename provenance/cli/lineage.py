"""`provenance link`, `trace` and `descendants`: recording and walking derivation chains."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.context import JsonFlag, current_user, reading, write
from provenance.cli.render import lineage_tree, print_json, stdout_console
from provenance.ledger import lineage
from provenance.ledger.records import lineage_record, link_record
from provenance.vocabulary import DerivationKind

DepthOption = Annotated[int | None, typer.Option("--depth", min=1, help="Walk at most this many links.")]


def link(
    ctx: typer.Context,
    derived_id: Annotated[int, typer.Argument(help="The derived version (the translation, the copy).")],
    source_id: Annotated[int, typer.Argument(help="The version it was made from.")],
    kind: Annotated[DerivationKind, typer.Option(help="How DERIVED_ID was made from SOURCE_ID.")] = "translation",
    translator: Annotated[
        str | None, typer.Option(help="Who made it: a person or an outlet (name, alias or domain).")
    ] = None,
    evidence: Annotated[str | None, typer.Option(help="Why you believe it, e.g. the credit line.")] = None,
    confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="How sure, 0..1.")] = 1.0,
    json_output: JsonFlag = False,
) -> None:
    """Record that DERIVED_ID was derived from SOURCE_ID.

    Example: provenance link 3 2 --kind translation --translator Telegrafi --evidence "Burimi: The Independent"
    """
    record = write(
        ctx,
        lambda session: link_record(
            lineage.link_versions(
                session,
                derived_id,
                source_id,
                kind=kind,
                translator=translator,
                evidence=evidence,
                confidence=confidence,
                recorded_by=current_user(),
            )
        ),
    )
    if json_output:
        print_json(record)
    else:
        agent = f" by {record['agent']}" if record["agent"] else ""
        typer.echo(f"Linked {derived_id} ← {source_id} ({record['kind']}{agent}), link {record['id']}")


def trace(
    ctx: typer.Context,
    version_id: Annotated[int, typer.Argument(help="The version to trace.")],
    depth: DepthOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Show the chain from a version back to its root original, as a tree.

    Example: provenance trace 4
    """
    with reading(ctx) as session:
        chain = lineage.trace_ancestors(session, version_id, depth)
        _print(chain, json_output)


def descendants(
    ctx: typer.Context,
    version_id: Annotated[int, typer.Argument(help="The version whose derivatives to list.")],
    depth: DepthOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Show every version derived from a version, directly or not, as a tree.

    Example: provenance descendants 1 --json
    """
    with reading(ctx) as session:
        chain = lineage.trace_descendants(session, version_id, depth)
        _print(chain, json_output)


def _print(chain: lineage.Lineage, json_output: bool) -> None:
    if json_output:
        print_json(lineage_record(chain))
    else:
        stdout_console().print(lineage_tree(chain))


def register(app: typer.Typer) -> None:
    """Add the top-level commands of this module to ``app``."""
    app.command("link")(link)
    app.command("trace")(trace)
    app.command("descendants")(descendants)
