"""Building the matching index from the CLI: ``reindex``, and ``import --index/--embed`` after an import."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from provenance.cli.context import state
from provenance.cli.render import progress_bar
from provenance.store.database import session_scope
from provenance.store.migrations import ensure_schema

if TYPE_CHECKING:
    from provenance.match.index import IndexState, ReindexResult


def run_reindex(
    ctx: typer.Context, *, semantic: bool | None, rebuild: bool = False, workers: int = 1, join_only: bool = False
) -> tuple[ReindexResult, IndexState]:
    """Run ``index.reindex_shared`` with a progress bar on stderr (each batch committed, shared with other
    workers through the database); return the result and the index's coverage afterwards."""
    from provenance.match import index

    engine = state(ctx).engine()
    ensure_schema(engine)
    with progress_bar() as bar:
        task = bar.add_task("indexing", total=None)
        result = index.reindex_shared(
            engine, semantic=semantic, rebuild=rebuild, workers=workers, join_only=join_only,
            advance=lambda n: bar.advance(task, n),
        )  # fmt: skip
    with session_scope(engine) as session:
        return result, index.index_state(session)
