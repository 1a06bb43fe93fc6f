"""`provenance article …` and `provenance show`: recording versions by hand and looking at one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from sqlalchemy.orm import Session

from provenance.cli.context import JsonFlag, reading, write
from provenance.cli.render import claims_table, print_json, stdout_console, table, version_label
from provenance.ledger import versions
from provenance.ledger.records import version_detail_record, version_record
from provenance.limits import MAX_BYTES

if TYPE_CHECKING:
    from provenance.store.models import Version

article_app = typer.Typer(help="Versions of articles recorded by hand.", no_args_is_help=True)


@article_app.command("add")
def article_add(
    ctx: typer.Context,
    outlet: Annotated[str | None, typer.Option(help="The publishing outlet (name, alias or domain).")] = None,
    author: Annotated[
        list[str] | None, typer.Option("--author", metavar="NAME", help="An author (repeatable).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="The headline.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, ISO 8601 (2025-05-11).")] = None,
    language: Annotated[
        str | None, typer.Option(help="Language, ISO 639-1; detected from the text when omitted.")
    ] = None,
    text_file: Annotated[Path | None, typer.Option("--text-file", help="The article's text ('-' reads stdin).")] = None,
    max_size: Annotated[int, typer.Option(help="Largest text file accepted, in bytes.")] = MAX_BYTES,
    revises: Annotated[
        int | None, typer.Option(metavar="ID", help="It is a new text of version ID (a revision, in its story).")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Record one version of an article, with the fields you give; prints its id.

    The same text recorded twice gives back the first version rather than a copy.

    Example: provenance article add --outlet "The Telegraph" --author "Mark Almond"
    --title "Putin says no to a ceasefire" --published 2025-05-11 --text-file original.txt
    """
    from provenance.ingest import log as ingestion  # readers, claims, language detection: only this command needs them

    fields = versions.NewVersion(
        title=title, outlet=outlet, authors=author or [], url=url, published=published, language=language
    )
    if text_file is not None:  # read once, before the transaction, which may run again
        fields = ingestion.with_file(fields, text_file, max_bytes=max_size)

    def add(session: Session) -> tuple[Version, dict[str, Any]]:
        version, created = ingestion.add_article(session, fields, None, revises=revises)
        return version, {**version_record(version), "created": created}

    version, record = write(ctx, add)
    created = record["created"]
    if json_output:
        print_json(record)
    elif created:
        typer.echo(f"Added version {record['id']}: {version_label(version)}")
    else:
        typer.echo(f"Already recorded as version {record['id']}: {version_label(version)}")


@article_app.command("list")
def article_list(
    ctx: typer.Context,
    outlet: Annotated[str | None, typer.Option(help="Only versions of this outlet.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many, newest first.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """List recorded versions, newest first.

    Example: provenance article list --outlet Telegrafi --limit 20
    """
    with reading(ctx) as session:
        records = [version_record(v) for v in versions.list_versions(session, outlet=outlet, limit=limit)]
    if json_output:
        print_json(records)
    else:
        stdout_console().print(table(records, ["id", "outlet", "language", "published", "title"]))


def show(
    ctx: typer.Context,
    version_id: Annotated[int, typer.Argument(help="The version's id.")],
    text: Annotated[bool, typer.Option("--text", help="Also print the text.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Show one version: its fields, authors, the claims its text makes, and its links.

    Example: provenance show 4 --json
    """
    with reading(ctx) as session:
        version = versions.get_version(session, version_id)
        parents, children = versions.links_of(session, version_id)
        record = version_detail_record(version, parents, children)
        label = version_label(version)
    if json_output:
        print_json(record)
        return
    console = stdout_console()
    console.print(f"[bold]{label}[/bold]", markup=True, highlight=False)
    for key in ("url", "published", "authors", "language", "detected_language", "content_hash", "damage"):
        if record[key]:
            value = ", ".join(record[key]) if isinstance(record[key], list) else record[key]
            console.print(f"  {key}: {value}", markup=False)
    if record["claims"]:
        console.print("Claims in the text:")
        console.print(claims_table(record["claims"]))
    for heading, links in (("Derived from", record["derived_from"]), ("Derivatives", record["derivatives"])):
        if links:
            console.print(table(links, ["id", "derived_id", "source_id", "kind", "agent", "evidence"], title=heading))
    if text and record["text"]:
        console.print(record["text"], markup=False)


def register(app: typer.Typer) -> None:
    """Add the top-level commands of this module to ``app``."""
    app.command("show")(show)
