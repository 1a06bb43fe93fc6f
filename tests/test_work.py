"""Work shared through the database: batches planned once, claimed by any worker, done once, taken over from a
worker that died; `discover --workers` and `--worker` on top."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.errors import ProvenanceError
from provenance.store import work
from provenance.store.database import session_scope
from provenance.store.models import WorkBatch
from tests.test_discover import corpus  # noqa: F401  (a fixture)

Cli = Callable[..., Result]


def _plan(engine: Engine, items: int, size: int) -> work.Plan:
    with session_scope(engine) as session:
        return work.plan(session, "reindex", range(1, items + 1), size=size, options={})


def _echo(session: Session, items: list[int]) -> list[int]:
    return items


def _count(session: Session, items: list[int]) -> dict[str, Any]:
    return {"items": items}


def _batches(engine: Engine) -> list[WorkBatch]:
    with session_scope(engine) as session:
        return list(session.scalars(select(WorkBatch).order_by(WorkBatch.id)))


def test_a_plan_is_made_once_and_joined_until_it_is_done(engine: Engine) -> None:
    assert _plan(engine, 10, 3) == work.Plan(4, joined=False)
    assert _plan(engine, 99, 3) == work.Plan(0, joined=True)  # unfinished: joined, not planned again
    done = work.work_through(engine, "reindex", _echo, _count)
    assert sorted(i for result in done for i in result["items"]) == list(range(1, 11))
    assert _plan(engine, 4, 3) == work.Plan(2, joined=False)  # the finished plan is cleared


def test_a_batch_held_by_a_dead_worker_is_taken_over_and_done_once(engine: Engine) -> None:
    _plan(engine, 6, 2)
    with session_scope(engine) as session:  # another machine's worker, still within its lease
        remote = work.claim(session, "reindex", "elsewhere:1")
        dead_here = work.claim(session, "reindex", f"{socket.gethostname()}:999999999")  # no such process
    assert remote is not None and dead_here is not None
    first = work.work_through(engine, "reindex", _echo, _count)
    assert sorted(i for r in first for i in r["items"]) == [3, 4, 5, 6]  # the dead local worker's batch too
    assert [b.done_at is None for b in _batches(engine)] == [True, False, False]
    late = work.work_through(engine, "reindex", _echo, _count, lease=timedelta(0))  # the remote lease ran out
    assert [r["items"] for r in late] == [[1, 2]]
    with session_scope(engine) as session:  # the remote worker comes back: its result no longer counts
        assert not work.finish(session, remote, "elsewhere:1", {"items": [1, 2]})
    assert [(b.claims, b.done_at is not None) for b in _batches(engine)] == [(2, True), (2, True), (1, True)]


CONCURRENT_WORKER = textwrap.dedent(
    """
    import json, sys, time
    from sqlalchemy import make_url
    from provenance.store import work
    from provenance.store.database import make_engine

    def compute(session, items):
        time.sleep(0.01)
        return items

    engine = make_engine(make_url(sys.argv[1]))
    done = work.work_through(engine, "reindex", compute, lambda session, items: {"items": items})
    print(json.dumps([i for result in done for i in result["items"]]))
    """
)


def test_eight_processes_share_the_batches_and_do_each_once(engine: Engine) -> None:
    _plan(engine, 400, 5)
    url = engine.url.render_as_string(hide_password=False)
    processes = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT_WORKER, url], stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    shares = [json.loads(p.communicate(timeout=120)[0]) for p in processes]
    assert all(p.returncode == 0 for p in processes)
    assert sorted(i for share in shares for i in share) == list(range(1, 401))  # every item once, none twice
    assert sum(1 for share in shares if share) > 1  # shared, not done by one
    assert {(b.claims, b.done_at is not None) for b in _batches(engine)} == {(1, True)}


def _proposals(cli: Cli) -> set[tuple[int, int, str]]:
    return {(p["derived_id"], p["source_id"], p["kind"]) for p in json.loads(cli("review", "--json").stdout)}


def test_discover_in_two_processes_proposes_what_one_process_does(cli: Cli, corpus: dict[str, int]) -> None:  # noqa: F811
    parallel = json.loads(cli("discover", "--workers", "2", "--json").stdout)
    assert (parallel["examined"], parallel["batches"], parallel["batches_done"]) == (5, 1, 1)
    found = _proposals(cli)
    assert (corpus["excerpt"], corpus["seed"], "excerpt") in found
    for proposal in json.loads(cli("review", "--json").stdout):
        cli("review", "reject", str(proposal["id"]))
    assert json.loads(cli("discover", "--workers", "2", "--json").stdout)["proposed"] == 0


def test_a_worker_joins_an_unfinished_plan_and_says_when_there_is_none(
    cli: Cli,
    corpus: dict[str, int],  # noqa: F811
    engine: Engine,
) -> None:
    alone = cli("discover", "--worker")
    assert alone.exit_code == 0 and alone.stdout.startswith("No discover plan to join")
    with session_scope(engine) as session:
        from provenance.match.discover import plan_discover

        assert plan_discover(session).batches == 1
    joined = cli("discover", "--worker", "--json")
    assert json.loads(joined.stdout)["examined"] == 5
    after = cli("discover", "--worker")  # the plan is done: a late worker has nothing to join, and says so
    assert after.exit_code == 0 and after.stdout.startswith("No discover plan to join")
    assert json.loads(cli("reindex", "--worker", "--json").stdout)["fingerprinted"] == 0


def test_reindex_in_two_processes_indexes_every_version_once(cli: Cli, tmp_path: Path) -> None:
    from tests.test_matching import STORED_TEXTS, _query_file

    batch = tmp_path / "batch.jsonl"
    texts = [*STORED_TEXTS.values()] + [
        f"Item {i}: the council met on {i} May to vote on budget line {i}." for i in range(60)
    ]
    batch.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    assert json.loads(cli("import", str(batch), "--json").stdout)["added"] == len(texts)
    record = json.loads(cli("reindex", "--lexical", "--workers", "2", "--json").stdout)
    assert (record["fingerprinted"], record["stored"]) == (len(texts), len(texts))
    data = json.loads(cli("match", str(_query_file(tmp_path)), "--lexical", "--json").stdout)
    assert data["unindexed"] == 0 and data["candidates"][0]["title"] == "Putin and Zelensky"
    assert json.loads(cli("reindex", "--lexical", "--json").stdout)["fingerprinted"] == 0  # nothing left to do


def _die(session: Session, items: list[int]) -> list[int]:
    os._exit(9)  # a worker killed mid-batch


def test_a_killed_worker_process_is_one_error_and_its_batch_is_taken_up_by_the_next_run(engine: Engine) -> None:
    _plan(engine, 4, 2)
    with pytest.raises(ProvenanceError, match="a worker process stopped without finishing"):
        work.run(engine, work.Job("reindex", _die, _count), workers=2)
    assert not any(b.done_at for b in _batches(engine))
    work.run(engine, work.Job("reindex", _echo, _count), workers=1)  # the dead processes' claims are released
    assert all(b.done_at for b in _batches(engine))


def test_reindex_keeps_the_fingerprints_of_versions_that_need_only_a_vector(
    cli: Cli, tmp_path: Path, engine: Engine
) -> None:
    from sqlalchemy import update

    from provenance.store.models import MatchDocument

    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"text": f"Budget line {i} passed on {i} May."}) + "\n" for i in range(5)))
    assert json.loads(cli("import", str(batch), "--index", "--json").stdout)["indexed"] == 5
    with session_scope(engine) as session:
        session.execute(update(MatchDocument).where(MatchDocument.version_id == 1).values(sequence=None))
    record = json.loads(cli("reindex", "--json").stdout)  # with embeddings when the extra is installed
    assert record["fingerprinted"] == 1  # only the outdated one, not the four needing only their vectors
    assert record["embedded"] == (5 if record["semantic"] else 0)
