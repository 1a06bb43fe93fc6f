"""`provenance match` and `provenance reindex`: finding where a text came from among the stored versions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from provenance.cli.context import JsonFlag, WorkerFlag, WorkersOption, reading
from provenance.cli.indexing import run_reindex
from provenance.cli.render import count_noun, print_json, stderr_console, stdout_console, table
from provenance.match.embeddings import INSTALL_HINT

if TYPE_CHECKING:
    from provenance.match.search import MatchReport

# The commands import matching and ingestion when they run (numpy, readers, language detection).


def match(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(help="An article file ('-' reads stdin) or a stored version's id.")],
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="How many candidates to show.")] = 5,
    lexical: Annotated[
        bool, typer.Option("--lexical", help="Use lexical evidence only, even with the semantic extra installed.")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """List the stored versions a text most likely came from, best first, with the evidence.

    Works across languages and scripts: shared names, numbers, dates, quotes and passages, and
    (with the semantic extra) multilingual embeddings.

    Example: provenance match article.txt --top 10
    """
    from provenance.ingest import log as ingestion
    from provenance.match import search as matching

    path = Path(target)
    version_id = int(target) if target.isdigit() and not path.exists() else None
    article = ingestion.read_input(path) if version_id is None else None
    semantic = False if lexical else None
    with reading(ctx) as session:
        report = matching.match(session, version_id=version_id, article=article, top=top, semantic=semantic)
    _notes(report, lexical)
    records = [matching.candidate_record(c) for c in report.candidates]
    if json_output:
        print_json(
            {
                "query": target,
                "semantic": report.semantic,
                "stored": report.stored,
                "without_vector": report.without_vector if report.semantic else None,
                "unindexed": report.unindexed,
                "outdated": report.outdated,
                "recorded_as": report.recorded_as,
                "candidates": records,
            }
        )
        return
    if not records:
        typer.echo(f"No candidates for {target}: nothing stored shares its names, numbers or passages.")
        return
    rows = [{**r, "why": _why(r)} for r in records]
    stdout_console().print(
        table(rows, ["id", "score", "kind", "language", "outlet", "title", "why"], title=f"Candidates for {target}")
    )


def _notes(report: MatchReport, lexical: bool) -> None:
    err = stderr_console()
    if report.recorded_as is not None:
        err.print(
            f"Note: this text is recorded as version {report.recorded_as}; matched as that version, itself left out",
            markup=False,
        )
    if report.unindexed:
        err.print(
            f"Note: {count_noun(report.unindexed, 'stored version')} not indexed for matching yet, so not searched: "
            "run `provenance reindex`",
            markup=False,
        )
    if report.outdated:
        err.print(
            f"Note: {count_noun(report.outdated, 'stored version')} indexed by an older provenance, so matched "
            "without the order of their names and numbers: run `provenance reindex`",
            markup=False,
        )
    if not report.semantic and not lexical:
        err.print(f"Note: lexical evidence only; for multilingual embeddings {INSTALL_HINT}", markup=False)
    elif report.semantic and report.without_vector:
        err.print(
            f"Note: {report.without_vector} of {report.stored} stored versions have no embedding yet: "
            "run `provenance reindex`",
            markup=False,
        )


def _why(record: dict[str, object]) -> str:
    evidence = record["evidence"]
    assert isinstance(evidence, dict)
    parts = []
    for key in ("names", "numbers", "dates", "quotes"):
        values = evidence[key]
        if values:
            parts.append(f"{key}: " + ", ".join(str(v) for v in values[:5]))
    if evidence["shared_passages"]:
        parts.append(f"passages: {evidence['shared_passages']}")
    if evidence["order_agreement"] is not None and evidence["order_agreement"] < 1:
        parts.append(f"in order: {evidence['order_agreement']:.0%}")
    if evidence["semantic_similarity"] is not None:
        parts.append(f"semantic: {evidence['semantic_similarity']:.2f}")
    return "; ".join(parts)


def reindex(
    ctx: typer.Context,
    lexical: Annotated[bool, typer.Option("--lexical", help="Build fingerprints only, no embeddings.")] = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Recompute every version's fingerprints, not only missing ones.")
    ] = False,
    workers: WorkersOption = 1,
    worker: WorkerFlag = False,
    json_output: JsonFlag = False,
) -> None:
    """Build what matching needs for stored versions that lack it: fingerprints and embeddings.

    The work is planned in the database in batches, each saved when done, so an interrupted run resumes where it
    stopped; `--workers N` shares it among N processes, and `provenance reindex --worker` on other machines
    (PostgreSQL) joins it.

    Example: provenance reindex --workers 2
    """
    result, state = run_reindex(
        ctx, semantic=False if lexical else None, rebuild=rebuild, workers=workers, join_only=worker
    )
    if json_output:
        print_json(
            {
                "fingerprinted": result.fingerprinted,
                "embedded": result.embedded,
                "semantic": result.semantic,
                "stored": state.indexed,
                "without_vector": state.without_vector,
            }
        )
        return
    typer.echo(f"Fingerprinted {count_noun(result.fingerprinted, 'version')}, embedded {result.embedded}.")
    if not result.semantic and not lexical:
        typer.echo(f"Note: no embeddings built; for multilingual embeddings {INSTALL_HINT}", err=True)


def register(app: typer.Typer) -> None:
    """Add ``match`` and ``reindex`` to ``app``."""
    app.command("match")(match)
    app.command("reindex")(reindex)
