"""Sharing a long job's batches among workers through the database: the one coordinator, on one machine or many.

A job (``discover``, ``reindex``) is planned once as batches of version ids in ``work_batches``. Any number of
workers, in processes on any machines, then claim one open batch at a time, work on it, and mark it done in the
transaction that writes its results, so that nothing is done twice. A claim is a lease: a worker killed
mid-batch leaves it to the others once the lease runs out. On PostgreSQL the claim skips batches other workers
are claiming at that moment (``FOR UPDATE SKIP LOCKED``); SQLite runs one writer at a time, so the claim's one
``UPDATE`` is atomic there already.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import timedelta
from multiprocessing import get_context
from typing import Any, TypeVar

from sqlalchemy import Engine, delete, func, insert, make_url, select, text, update
from sqlalchemy.orm import Session

from provenance.errors import ProvenanceError
from provenance.store.batching import batched
from provenance.store.database import make_engine, retrying, session_scope
from provenance.store.journal import Recording, current_recording, use_recording
from provenance.store.models import WorkBatch, utcnow

T = TypeVar("T")
R = TypeVar("R")

LEASE = timedelta(minutes=10)
"""How long a claimed batch stays a worker's: a worker that died is taken over after this."""


@dataclass(frozen=True)
class Claimed:
    """A batch a worker holds: its id and the version ids to work on."""

    id: int
    items: list[int]


@dataclass(frozen=True)
class Progress:
    """How far a job's plan has come: batches and versions planned, and those done."""

    batches: int
    done_batches: int
    items: int
    done_items: int


def worker_name() -> str:
    """Return this process's name in claims: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Plan:
    """What planning did: batches planned, or an unfinished plan joined instead."""

    batches: int
    joined: bool


def plan(session: Session, task: str, items: Iterable[int], *, size: int, options: dict[str, Any]) -> Plan:
    """Plan ``task`` over ``items`` in batches of ``size``, unless a plan of it is still unfinished (then join that
    one). Finished plans of the task are cleared first.

    Two workers planning at once: on PostgreSQL a transaction-scoped advisory lock lets one plan and the other
    find its plan; on SQLite the second writer's snapshot is stale and its transaction is run again by the
    caller (``store.database.retrying``), when it finds the plan.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"provenance work {task}"})
    session.execute(delete(WorkBatch).where(WorkBatch.task == task, WorkBatch.done_at.is_not(None)))
    if session.scalar(select(func.count()).select_from(WorkBatch).where(WorkBatch.task == task)):
        return Plan(0, joined=True)
    encoded = json.dumps(options, sort_keys=True, default=str)
    rows = [
        {"task": task, "items": ",".join(map(str, chunk)), "options": encoded, "planned_at": utcnow(), "claims": 0}
        for chunk in batched(items, size)
    ]
    if rows:
        session.execute(insert(WorkBatch), rows)
    return Plan(len(rows), joined=False)


def claim(session: Session, task: str, worker: str, *, lease: timedelta = LEASE) -> Claimed | None:
    """Claim the oldest open batch of ``task`` (never claimed, or its lease run out) for ``worker``, in one
    statement; return it, or None when none is left. The caller commits the claim before working on it."""
    now = utcnow()
    open_batch = (
        select(WorkBatch.id)
        .where(
            WorkBatch.task == task,
            WorkBatch.done_at.is_(None),
            WorkBatch.claimed_at.is_(None) | (WorkBatch.claimed_at < now - lease),
        )
        .order_by(WorkBatch.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    row = session.execute(
        update(WorkBatch)
        .where(WorkBatch.id == open_batch)
        .values(claimed_by=worker, claimed_at=now, claims=WorkBatch.claims + 1)
        .returning(WorkBatch.id, WorkBatch.items)
    ).first()
    if row is None:
        return None
    return Claimed(row.id, [int(i) for i in row.items.split(",") if i])


def finish(session: Session, batch: Claimed, worker: str, result: dict[str, Any]) -> bool:
    """Mark ``batch`` done with its ``result``, in the transaction that wrote its work; return False (the caller
    rolls back) when the batch is no longer this worker's: its lease ran out and another took it over."""
    marked = session.execute(
        update(WorkBatch)
        .where(WorkBatch.id == batch.id, WorkBatch.claimed_by == worker, WorkBatch.done_at.is_(None))
        .values(done_at=utcnow(), result=json.dumps(result, sort_keys=True))
    )
    return bool(getattr(marked, "rowcount", 0))


def progress(session: Session, task: str) -> Progress:
    """Return how far the current plan of ``task`` has come."""
    batches = select(WorkBatch.items, WorkBatch.done_at).where(WorkBatch.task == task)
    rows = session.execute(batches).all()
    sizes = [(row.items.count(",") + 1 if row.items else 0, row.done_at is not None) for row in rows]
    return Progress(
        len(sizes),
        sum(1 for _, done in sizes if done),
        sum(n for n, _ in sizes),
        sum(n for n, done in sizes if done),
    )


def unfinished(engine: Engine, task: str) -> bool:
    """Whether ``task`` has a plan with batches not done yet (one a worker can join)."""
    with session_scope(engine) as session:
        state = progress(session, task)
    return state.done_batches < state.batches


def results(session: Session, task: str) -> list[dict[str, Any]]:
    """Return the results of the done batches of ``task``'s current plan."""
    rows = session.scalars(
        select(WorkBatch.result).where(WorkBatch.task == task, WorkBatch.done_at.is_not(None)).order_by(WorkBatch.id)
    )
    return [json.loads(r) for r in rows if r]


def work_through(
    engine: Engine,
    task: str,
    compute: Callable[[Session, list[int]], R],
    store: Callable[[Session, R], dict[str, Any]],
    *,
    worker: str | None = None,
    lease: timedelta = LEASE,
    done: Callable[[int], None] = lambda _: None,
) -> list[dict[str, Any]]:
    """Claim and work through ``task``'s open batches until none is left; return each batch's result.

    ``compute`` reads and works in one transaction, ``store`` writes in a second, short one that also marks the
    batch done: SQLite keeps one writer at a time, so a worker holds the write lock only to store, and others
    compute meanwhile. ``done(n)`` is told of each batch of ``n`` versions stored.
    """
    worker = worker or worker_name()
    results: list[dict[str, Any]] = []
    while True:
        batch = retrying(engine, lambda session: _claim(session, task, worker, lease))
        if batch is None:
            return results
        with session_scope(engine) as session:
            computed = compute(session, batch.items)

        def write(session: Session, batch: Claimed = batch, computed: R = computed) -> dict[str, Any] | None:
            result = store(session, computed)
            if not finish(session, batch, worker, result):
                session.rollback()  # taken over by another worker after our lease ran out: theirs counts
                return None
            return result

        result = retrying(engine, write)
        if result is not None:
            results.append(result)
            done(len(batch.items))


def _claim(session: Session, task: str, worker: str, lease: timedelta) -> Claimed | None:
    release_dead_here(session, task)
    return claim(session, task, worker, lease=lease)


def release_dead_here(session: Session, task: str) -> int:
    """Release the batches of ``task`` claimed by processes of this machine that are no longer running (a run
    interrupted with Ctrl-C), so that the next run takes them up at once instead of after the lease."""
    host = socket.gethostname()
    claimed = session.execute(
        select(WorkBatch.id, WorkBatch.claimed_by).where(
            WorkBatch.task == task,
            WorkBatch.done_at.is_(None),
            WorkBatch.claimed_by.like(f"{host}:%"),
        )
    ).all()
    dead = [batch_id for batch_id, by in claimed if not _running(str(by).rsplit(":", 1)[-1])]
    if dead:
        session.execute(update(WorkBatch).where(WorkBatch.id.in_(dead)).values(claimed_at=None, claimed_by=None))
    return len(dead)


def _running(pid: str) -> bool:
    if not pid.isdigit() or int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Job:
    """A task's two steps for ``work_through``: module-level functions (or partials of them), so that a process
    started afresh can be handed them."""

    task: str
    compute: Callable[[Session, list[int]], Any]
    store: Callable[[Session, Any], dict[str, Any]]


def run(engine: Engine, job: Job, *, workers: int = 1, advance: Callable[[int], None] = lambda _: None) -> None:
    """Work through ``job``'s plan in this process, or in ``workers`` processes on this machine; ``advance(n)`` is
    told of the versions done as they are done (polled from the database when in other processes)."""
    if workers <= 1:
        work_through(engine, job.task, job.compute, job.store, done=advance)
        return
    seen = [0]

    def poll() -> None:
        with session_scope(engine) as session:
            done = progress(session, job.task).done_items
        advance(done - seen[0])
        seen[0] = done

    in_processes(_work_in_process, (engine.url.render_as_string(hide_password=False), job), workers, poll)


def _start_worker(threads: int, recording: Recording) -> None:
    """Set up a worker process: its share of the cores, and the recording of the command that started it."""
    _share_cores(threads)
    use_recording(recording)


def _share_cores(threads: int) -> None:
    """Give a worker process its share of the cores for the libraries that start threads of their own (the
    embedding engine's OpenMP, numpy's BLAS), unless the user set it: N workers each with all cores would fight."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))


def _work_in_process(url: str, job: Job) -> int:
    engine = make_engine(make_url(url))
    try:
        return len(work_through(engine, job.task, job.compute, job.store))
    finally:
        engine.dispose()


def in_processes(
    target: Callable[..., T], args: Sequence[Any], workers: int, poll: Callable[[], None], every: float = 0.5
) -> list[T]:
    """Run ``target(*args)`` in ``workers`` fresh processes on this machine (each opens its own connection) and
    return what each returned; ``poll()`` runs in this process every ``every`` seconds meanwhile (a progress bar).
    A worker's error is raised here once all have stopped."""
    context = get_context("spawn")  # a forked child would share the parent's connections
    threads = max(1, (os.cpu_count() or 1) // workers)
    initargs = (threads, current_recording())  # the workers' events carry this command's recorder and command line
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=initargs) as pool:
        futures: list[Future[T]] = [pool.submit(target, *args) for _ in range(workers)]
        while wait(futures, timeout=every).not_done:
            poll()
        poll()
        try:
            return [f.result() for f in futures]
        except BrokenProcessPool as e:
            raise ProvenanceError(
                "a worker process stopped without finishing (killed, or out of memory): run the command again; the "
                "batches done are kept and the rest are taken up"
            ) from e
