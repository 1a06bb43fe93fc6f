"""Building the matching index from the CLI: ``reindex``, and ``import --index/--embed`` after an import."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.progress import TaskID

from provenance.cli.context import writing
from provenance.cli.render import progress_bar

if TYPE_CHECKING:
    from provenance.match.index import IndexState, ReindexResult


def run_reindex(
    ctx: typer.Context, *, semantic: bool | None, batch: int = 32, rebuild: bool = False
) -> tuple[ReindexResult, IndexState]:
    """Run ``matching.reindex`` with a progress bar on stderr, committing every batch; return the result
    and the index's coverage afterwards."""
    from provenance.match import index

    with progress_bar() as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        with writing(ctx) as session:
            result = index.reindex(
                session, semantic=semantic, batch=batch, progress=progress, checkpoint=session.commit, rebuild=rebuild
            )
            state = index.index_state(session)
    return result, state
