"""`provenance log` and `provenance import`: recording articles as they were found."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from sqlalchemy.orm import Session

from provenance.cli.context import JsonFlag, write, writing
from provenance.cli.indexing import run_reindex
from provenance.cli.render import (
    claims_table,
    count_noun,
    print_json,
    progress_bar,
    status_line,
    stderr_console,
    stdout_console,
)
from provenance.errors import InputError, MissingDependencyError
from provenance.limits import IMPORT_CHUNK, MAX_BYTES, MAX_PROV_BYTES
from provenance.match import embeddings

if TYPE_CHECKING:
    from provenance.ingest.log import LogResult

# The commands import ingestion, batch and prov_import when they run: they load readers, language
# detection and the PROV library, which other commands should not wait for.


def log(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="FILE", help="The article: a text or HTML file, or '-' for stdin.")],
    outlet: Annotated[str | None, typer.Option(help="The outlet that published it (name, alias or domain).")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was found.")] = None,
    title: Annotated[str | None, typer.Option(help="The headline, if the text's first line is not.")] = None,
    author: Annotated[
        list[str] | None, typer.Option("--author", metavar="NAME", help="An author (repeatable).")
    ] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, ISO 8601.")] = None,
    language: Annotated[str | None, typer.Option(help="Language, ISO 639-1; detected when omitted.")] = None,
    create_missing: Annotated[
        bool,
        typer.Option("--create-missing", help="Create outlets and people the credits name but the database lacks."),
    ] = False,
    link: Annotated[
        str,
        typer.Option(
            help="none: link only what the credits justify; auto: else link the best matching stored version "
            "when it is confident enough (and list the candidates otherwise)."
        ),
    ] = "none",
    max_size: Annotated[int, typer.Option(help="Largest file accepted, in bytes.")] = MAX_BYTES,
    json_output: JsonFlag = False,
) -> None:
    """Log a found article: detect its language, extract its credits, resolve them, record it.

    Prints the new version's id, its language, the claims its text makes with the outlet or
    person each resolved to, the links created or proposed, and what could not be resolved.

    Example: provenance log telegrafi-en.txt --outlet Telegrafi --url https://telegrafi.com/en/...
    """
    from provenance.ingest import log as ingestion

    options = ingestion.LogOptions(
        outlet=outlet,
        url=url,
        title=title,
        authors=author or [],
        published=published,
        language=language,
        create_missing=create_missing,
        link_auto=_link_mode(link),
    )
    article = ingestion.read_input(path, max_bytes=max_size)

    def log_it(session: Session) -> tuple[LogResult, dict[str, Any]]:
        result = ingestion.log_article(session, article, options, ingestion.display_name(path))
        return result, ingestion.log_record(result)

    result, record = write(ctx, log_it)
    for warning in result.warnings:
        stderr_console().print(f"Warning: {warning}", markup=False)
    if json_output:
        print_json(record)
    else:
        _print_log(record)


def _link_mode(value: str) -> bool:
    if value not in ("none", "auto"):
        raise typer.BadParameter("use none or auto", param_hint="--link")
    return value == "auto"


def _print_log(record: dict[str, Any]) -> None:
    console = stdout_console()
    verb = "Logged" if record["created"] else "Already logged as"
    console.print(f"{verb} version {record['id']}: {record['title'] or '(untitled)'}", markup=False)
    language = record["detected_language"]
    detected = f"{language} (p={record['language_probability']:.2f})" if language else "undetermined"
    if record["language_candidates"]:
        detected += f": one of {', '.join(record['language_candidates'])}, the text does not say which"
        if record["language"] != language:
            detected += f" (recorded {record['language']}, the outlet's)"
    console.print(f"  outlet: {record['outlet'] or '-'}   language: {detected}", markup=False)
    if record["damage"]:
        console.print(f"  damage: {record['damage']}", markup=False)
    if record["claims"]:
        console.print("Claims in the text:")
        console.print(claims_table(record["claims"]))
    for link in record["links"]:
        evidence = f" on «{link['evidence']}»" if link["evidence"] else ""
        console.print(f"  linked: {link['derived_id']} ← {link['source_id']} ({link['kind']}){evidence}", markup=False)
    for proposal in record["proposed_links"]:
        console.print(
            f"  proposed: ← {proposal['source_id']} ({proposal['kind']}): {proposal['evidence']}; {proposal['reason']}",
            markup=False,
        )
    sign_offs = {c["name"] for c in record["claims"] if c["possible_sign_off_of"] and not c["resolved"]}
    declined = set(record.get("not_created", ()))
    others = [name for name in record["unresolved"] if name not in sign_offs and name not in declined]
    if declined:
        console.print(
            f"  not created: {', '.join(sorted(declined))}: read from running prose and not a known outlet; "
            "if one is, add it with `provenance outlet add NAME`",
            markup=False,
        )
    if others:
        console.print(f"  unresolved: {', '.join(others)} (add them, or log with --create-missing)", markup=False)
    if sign_offs:
        console.print(
            f"  unresolved: {', '.join(sorted(sign_offs))}: possibly the publisher's own sign-off, so never created; "
            "if it is a real credit, add the outlet with `provenance outlet add`",
            markup=False,
        )
    for created in record["created_agents"]:
        console.print(f"  created {created}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the top-level commands of this module to ``app``."""
    app.command("log")(log)
    app.command("import")(import_)


def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A folder of article files (.txt, .html…) or a JSONL file.")],
    format: Annotated[
        str, typer.Option("--format", help="auto, folder, jsonl or prov-json (auto guesses from the path).")
    ] = "auto",
    outlet: Annotated[str | None, typer.Option(help="Outlet of records that name none.")] = None,
    create_missing: Annotated[
        bool,
        typer.Option("--create-missing", help="Create outlets and authors the records name but the database lacks."),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first bad record instead of skipping it.")
    ] = False,
    detect: Annotated[bool, typer.Option("--detect/--no-detect", help="Detect each text's language.")] = True,
    index: Annotated[
        bool,
        typer.Option(
            "--index/--no-index",
            help="Fingerprint new versions for `match` now (slower); by default `provenance reindex` does it later.",
        ),
    ] = False,
    embed: Annotated[
        bool,
        typer.Option(
            "--embed",
            help="After the import, fingerprint and embed what lacks it, as `provenance reindex` does "
            "(needs the semantic extra).",
        ),
    ] = False,
    chunk_size: Annotated[int, typer.Option(min=1, help="Records per committed chunk.")] = IMPORT_CHUNK,
    workers: Annotated[
        int,
        typer.Option(
            min=0,
            max=64,
            help="Processes on this machine reading the texts' languages and credits: 0 (the default) one per "
            "core, 1 all in this process.",
        ),
    ] = 0,
    max_size: Annotated[
        int,
        typer.Option(
            help=f"Largest article file accepted, in bytes (a PROV-JSON document: {MAX_PROV_BYTES:,} by default)."
        ),
    ] = MAX_BYTES,
    json_output: JsonFlag = False,
) -> None:
    """Import many articles: a folder of files, or a JSONL file of records (one JSON object a line).

    Idempotent (texts already recorded are skipped) and resumable (it commits every chunk). Bad
    records are reported with their file or line and skipped; the exit code is then 5. New versions
    are found by `match` and `log --link auto` once `provenance reindex` has indexed them (or
    import with --index, or --embed for fingerprints and embeddings).

    Example: provenance import ./articles/ --outlet Telegrafi --json
    """
    from provenance.ingest import batch

    kind = batch.guess_format(path, format)
    if embed and not embeddings.available():
        raise MissingDependencyError(f"--embed needs multilingual embeddings: {embeddings.INSTALL_HINT}")
    if kind == "prov-json":
        _import_prov(ctx, path, json_output, MAX_PROV_BYTES if max_size == MAX_BYTES else max_size)
        if embed:
            reindexed, _ = run_reindex(ctx, semantic=True)
            typer.echo(
                f"Fingerprinted {count_noun(reindexed.fingerprinted, 'version')}, embedded {reindexed.embedded}.",
                err=True,
            )
        return
    options = batch.ImportOptions(
        outlet=outlet,
        create_missing=create_missing,
        strict=strict,
        detect=detect,
        chunk_size=chunk_size,
        index=index,
        workers=workers,
    )
    with progress_bar(enabled=not json_output) as bar, writing(ctx) as session:
        task = bar.add_task("importing", total=batch.count_records(path))
        summary = batch.import_path(
            session,
            path,
            options,
            max_bytes=max_size,
            advance=lambda n: bar.advance(task, n),
            checkpoint=session.commit,
        )
    record = batch.import_record(summary)
    if embed:
        reindexed, _ = run_reindex(ctx, semantic=True)
        record["indexed"] += reindexed.fingerprinted
        record["embedded"] = reindexed.embedded
    if json_output:
        print_json(record)
    else:
        _print_import(record)
    if summary.errors:
        raise typer.Exit(InputError.exit_code)


def _print_import(record: dict[str, Any]) -> None:
    typer.echo(
        f"Read {record['read']}: {record['added']} added, {record['existing']} already recorded, "
        f"{record['linked']} linked, {len(record['errors'])} failed"
    )
    for error in record["errors"]:
        typer.echo(f"  failed: {error['origin']}: {error['message']}", err=True)
    for warning in record["warnings"]:
        typer.echo(f"  warning: {warning}", err=True)
    if record["added"] > record["indexed"]:
        typer.echo(
            f"  note: {count_noun(record['added'] - record['indexed'], 'new version')} not indexed for matching yet: "
            "run `provenance reindex`",
            err=True,
        )


def _import_prov(ctx: typer.Context, path: Path, json_output: bool, max_bytes: int) -> None:
    from provenance.exchange import prov_import
    from provenance.ingest import log as ingestion

    data = ingestion.read_bytes(path, max_bytes=max_bytes)
    name = ingestion.display_name(path)
    with status_line(enabled=not json_output) as show:
        report = write(
            ctx,
            lambda session: prov_import.import_prov_json(session, data, name, step=lambda s: show(f"importing {s}")),
        )
    record = {
        "source": report.source_name,
        "created": report.created,
        "existing": report.existing,
        "unmapped": [{"record": u.record, "reason": u.reason, "dropped": u.dropped} for u in report.unmapped],
    }
    if json_output:
        print_json(record)
    else:
        singular = {"people": "person"}
        created = (
            ", ".join(
                f"{n} {kind if n != 1 else singular.get(kind, kind.removesuffix('s'))}"
                for kind, n in sorted(report.created.items())
            )
            or "nothing"
        )
        existing = sum(report.existing.values())
        typer.echo(f"Imported {report.source_name}: created {created}; {existing} already recorded")
        for item in report.unmapped:
            typer.echo(f"  {'not imported' if item.dropped else 'not mapped'}: {item.record}: {item.reason}", err=True)
    if any(item.dropped for item in report.unmapped):
        raise typer.Exit(InputError.exit_code)  # as for JSONL records that fail: the rest is imported
