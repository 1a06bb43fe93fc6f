"""`provenance link`, `trace` and `descendants`: recording and walking derivation chains."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from typer.core import TyperGroup

from provenance.cli.context import JsonFlag, current_user, reading, write
from provenance.cli.render import count_noun, lineage_tree, print_json, stdout_console, table
from provenance.ledger import lineage, stories
from provenance.ledger.records import lineage_record, link_record
from provenance.vocabulary import DerivationKind

DepthOption = Annotated[int | None, typer.Option("--depth", min=1, help="Walk at most this many links.")]


class LinkGroup(TyperGroup):
    """`provenance link DERIVED SOURCE` records a link (`link add`); `link remove` and the rest are named."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        """Read ``link 3 2`` as ``link add 3 2``."""
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["add", *args]
        return super().parse_args(ctx, args)


link_app = typer.Typer(
    cls=LinkGroup,
    help="Derivation links: `provenance link DERIVED SOURCE` records one, `link remove DERIVED` removes one.",
    no_args_is_help=True,
)


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


def origins(
    ctx: typer.Context,
    version_id: Annotated[
        int | None, typer.Argument(help="A version: show its story. Without it: list stories.")
    ] = None,
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Stories with a version published on or after.")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Stories with a version published before.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Stories with a version of this outlet.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Show a story (the versions its recorded links join) and how many independent origins it has.

    A story's origins are its root originals: a wire story republished by twenty outlets is one origin.
    Without VERSION, list the stories of a period with their origin counts.

    Examples: provenance origins 4; provenance origins --since 2025-05-01 --json
    """
    with reading(ctx) as session:
        if version_id is None:
            found = stories.stories(session, since=since, until=until, outlet=outlet)
        else:
            story = stories.story_of(session, version_id)
            record = stories.story_record(story)
            trees = [lineage.trace_descendants(session, root) for root in story.origins]
    if version_id is None:
        if json_output:
            print_json(found)
            return
        columns = ["story", "versions", "origin_count", "first_published", "outlet", "title"]
        stdout_console().print(table([{**s, **(s["first_origin"] or {})} for s in found], columns))
        return
    if json_output:
        print_json(record)
        return
    count = record["origin_count"]
    console = stdout_console()
    console.print(
        f"Story {record['story']}: {count_noun(len(record['versions']), 'version')}, "
        f"{count_noun(count, 'independent origin')}",
        markup=False,
        highlight=False,
    )
    for tree in trees:
        console.print(lineage_tree(tree))


def _print(chain: lineage.Lineage, json_output: bool) -> None:
    if json_output:
        print_json(lineage_record(chain))
    else:
        stdout_console().print(lineage_tree(chain))


def register(app: typer.Typer) -> None:
    """Add the top-level commands of this module to ``app``."""
    link_app.command("add")(link)
    app.add_typer(link_app, name="link")
    app.command("trace")(trace)
    app.command("descendants")(descendants)
    app.command("origins")(origins)
