"""`provenance discover` and `provenance review`: links found in bulk, proposed, and decided by a person."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from provenance.cli.context import JsonFlag, WorkerFlag, WorkersOption, current_user, reading, state, write
from provenance.cli.render import count_noun, print_json, progress_bar, stdout_console, table
from provenance.store.migrations import ensure_schema

review_app = typer.Typer(
    help="Links `discover` proposed: `provenance review` lists the open ones, best first; then accept or reject.",
    invoke_without_command=True,
)


def discover(
    ctx: typer.Context,
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Only versions published on or after this date.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only versions this outlet published.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Also versions that have a recorded source.")] = False,
    link: Annotated[
        str, typer.Option(help="none: only propose; auto: link what matching is sure of, propose the rest.")
    ] = "none",
    workers: WorkersOption = 1,
    worker: WorkerFlag = False,
    json_output: JsonFlag = False,
) -> None:
    """Propose where every version without a recorded source came from, as `match` does for one.

    Candidates published no later than the version, scoring at least 0.3, are kept as proposals with their
    kind and evidence; running it again proposes only what is new. Review them with `provenance review`.
    The work is planned in the database in batches: `--workers N` shares it among N processes, and
    `provenance discover --worker` on other machines (PostgreSQL) joins it; an interrupted run resumes.

    Example: provenance discover --since 2025-05-01 --outlet Telegrafi --link auto --workers 2
    """
    from provenance.match import discover as discovery

    if link not in ("none", "auto"):
        raise typer.BadParameter("use none or auto", param_hint="--link")
    engine = state(ctx).engine()
    ensure_schema(engine)
    options = discovery.DiscoverOptions(
        link_auto=link == "auto", recorded_by=f"{current_user() or 'someone'} (discover --link auto)"
    )
    with progress_bar(enabled=not json_output) as bar:
        task = bar.add_task("discovering", total=None)
        summary = discovery.discover(
            engine, since=since, outlet=outlet, every=every, options=options, workers=workers, join_only=worker,
            advance=lambda n: bar.advance(task, n),
        )  # fmt: skip
    if json_output:
        print_json(summary.__dict__)
        return
    if worker and not summary.batches:
        typer.echo("No discover plan to join: start one with `provenance discover` (it plans, then works).")
        return
    if summary.joined and not worker:
        typer.echo("Joined the unfinished discover plan (planned earlier or by another worker).")
    review_hint = " Review them with `provenance review`." if summary.proposed else ""
    typer.echo(
        f"Examined {count_noun(summary.examined, 'version')}: proposed {count_noun(summary.proposed, 'link')}, "
        f"linked {summary.linked}.{review_hint}"
    )
    if summary.batches_done < summary.batches:
        left = summary.batches - summary.batches_done
        typer.echo(
            f"{left} batch{'es' if left != 1 else ''} of the plan still with other workers; "
            "`provenance review` lists what is proposed so far."
        )
    if summary.unindexed:
        typer.echo(f"warning: {summary.unindexed} stored versions are not indexed: run `provenance reindex`", err=True)


@review_app.callback()
def review(
    ctx: typer.Context,
    status: Annotated[str, typer.Option(help="open, accepted, rejected or all.")] = "open",
    min_score: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Only proposals scoring this or more.")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many, best first.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """List the proposed links, best first, with their evidence.

    Example: provenance review --min-score 0.8
    """
    if ctx.invoked_subcommand is not None:
        return
    from provenance.match import discover as discovery

    if status not in ("open", "accepted", "rejected", "all"):
        raise typer.BadParameter("use open, accepted, rejected or all", param_hint="--status")
    with reading(ctx) as session:
        records = [
            discovery.proposal_record(p)
            for p in discovery.list_proposals(session, status=status, min_score=min_score, limit=limit)
        ]
    if json_output:
        print_json(records)
        return
    if not records:
        typer.echo("No proposals." if status == "all" else f"No {status} proposals.")
        return
    rows = [{**r, "evidence": _evidence(r["evidence"])} for r in records]
    columns = ["id", "derived_id", "source_id", "kind", "score", "status", "evidence"]
    stdout_console().print(table(rows, columns))


def _evidence(evidence: dict[str, Any]) -> str:
    parts = [f"{evidence['shared_passages']} shared passages"] if evidence.get("shared_passages") else []
    parts += [f"names: {', '.join(evidence['names'][:4])}"] if evidence.get("names") else []
    parts += [evidence["time_order"]] if evidence.get("time_order") else []
    return "; ".join(parts)


@review_app.command("accept")
def accept(
    ctx: typer.Context,
    ids: Annotated[list[int] | None, typer.Argument(help="Proposal ids.")] = None,
    min_score: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Instead of ids: every open proposal scoring this or more.")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Accept proposals: each becomes a link, recorded with its evidence and who accepted it.

    Examples: provenance review accept 17 18 21; provenance review accept --min-score 0.9
    """
    from provenance.match import discover as discovery

    by = current_user()
    result = write(
        ctx,
        lambda session: _decided(discovery.accept(session, ids or (), min_score=min_score, by=by), discovery),
    )
    _report(result, "Accepted", json_output)


@review_app.command("reject")
def reject(
    ctx: typer.Context,
    ids: Annotated[list[int] | None, typer.Argument(help="Proposal ids.")] = None,
    max_score: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Instead of ids: every open proposal scoring below this.")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Reject proposals: the pairs are not proposed again.

    Examples: provenance review reject 19; provenance review reject --max-score 0.4
    """
    from provenance.match import discover as discovery

    by = current_user()
    result = write(
        ctx,
        lambda session: _decided(discovery.reject(session, ids or (), max_score=max_score, by=by), discovery),
    )
    _report(result, "Rejected", json_output)


def _decided(result: Any, discovery: Any) -> dict[str, Any]:
    return {
        "decided": [discovery.proposal_record(p) for p in result.decided],
        "left": [{"id": i, "reason": why} for i, why in result.left],
    }


def _report(record: dict[str, Any], verb: str, json_output: bool) -> None:
    if json_output:
        print_json(record)
        return
    typer.echo(f"{verb} {count_noun(len(record['decided']), 'proposal')}.")
    for left in record["left"]:
        typer.echo(f"  left open: {left['id']}: {left['reason']}", err=True)


def register(app: typer.Typer) -> None:
    """Add `discover` and `review` to ``app``."""
    app.command("discover")(discover)
    app.add_typer(review_app, name="review")
