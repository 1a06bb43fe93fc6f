"""Event-log benchmark: what the log costs an import, and how fast ``verify`` checks a million events.

1. **Import cost**: the same JSONL corpus (``import_bench``'s synthetic articles in eight languages) imported
   through ``batch.import_path`` into two fresh databases in the same run, alternating: one with the event log
   (every row change noted by a trigger and sealed, hash-chained, at each commit), one on an engine that notes
   nothing, which is the import as it was before the log. Best of ``--repeat`` runs each.
2. **verify at scale**: a database filled with ``--events`` row changes through the log (outlets, people and
   works written by bulk inserts, a tenth of them updated), then ``provenance verify --json`` in a subprocess:
   wall time and its peak memory. The anchor, timed in the same run: raw ``sqlite3`` reading the events in
   order and computing one SHA-256 per event, the least any chain check must do.

    python benchmarks/journal_bench.py                          # 20000 articles, 1M events
    python benchmarks/journal_bench.py --articles 5000 --events 100000
    python benchmarks/journal_bench.py --pg postgresql://postgres@127.0.0.1/test   # the import part on PostgreSQL
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from import_bench import PROVENANCE, write_jsonl
from sqlalchemy import Engine, create_engine, event, insert, text, update

from provenance.ingest import batch
from provenance.store import journal
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.store.models import Outlet, Person, Work


def _engine(url: str, *, logged: bool) -> Engine:
    """A migrated engine on ``url``; unless ``logged``, one that notes and seals nothing (the import before the
    event log: on PostgreSQL its triggers return at once, as on a connection of ``psql``)."""
    first = make_engine(resolve_url(url))
    ensure_schema(first)
    first.dispose()
    engine = make_engine(resolve_url(url))
    if not logged:
        event.remove(engine, "checkout", journal._prepare_checkout)
        event.remove(engine, "commit", journal.seal)
    return engine


def timed_import(url: str, jsonl: Path, *, logged: bool) -> tuple[float, int, int]:
    """Import ``jsonl`` into the database at ``url``; return wall seconds, versions added and events written."""
    engine = _engine(url, logged=logged)
    options = batch.ImportOptions(create_missing=True, detect=True)
    started = time.perf_counter()
    with session_scope(engine) as session:
        summary = batch.import_path(session, jsonl, options, max_bytes=10**8, checkpoint=session.commit)
    elapsed = time.perf_counter() - started
    with engine.connect() as connection:
        events = connection.execute(text("SELECT count(*) FROM events")).scalar_one()
    engine.dispose()
    return elapsed, summary.added, events


def _pg_database(server: str, action: str, name: str) -> str:
    admin = create_engine(resolve_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"{action} DATABASE {name}" + (" WITH (FORCE)" if action == "DROP" else "")))
    admin.dispose()
    return resolve_url(server).set(database=name).render_as_string(hide_password=False)


def import_cost(folder: Path, articles: int, repeat: int, pg: str | None) -> None:
    """Print the import's speed with and without the event log, the best of ``repeat`` alternating runs."""
    jsonl = folder / "articles.jsonl"
    write_jsonl(jsonl, articles)
    best: dict[bool, float] = {}
    written = 0
    for run in range(repeat):
        for logged in (False, True) if run % 2 == 0 else (True, False):
            database = f"bench_{uuid.uuid4().hex[:10]}"
            url = _pg_database(pg, "CREATE", database) if pg else f"sqlite:///{folder / f'{database}.db'}"
            elapsed, added, events = timed_import(url, jsonl, logged=logged)
            if pg:
                _pg_database(pg, "DROP", database)
            if added != articles:
                raise SystemExit(f"import added {added} of {articles}")
            best[logged] = min(best.get(logged, elapsed), elapsed)
            written = events if logged else written
    backend = "PostgreSQL" if pg else "SQLite"
    print(f"import of {articles} articles with detection on {backend}, best of {repeat}:")
    print(f"  without the event log (before it)   {best[False]:7.2f} s  {articles / best[False]:7.0f} articles/s")
    print(f"  with the event log                  {best[True]:7.2f} s  {articles / best[True]:7.0f} articles/s"
          f"  ({written} events, {written / articles:.1f} per article)")  # fmt: skip
    print(f"  cost of the log: {best[True] / best[False] - 1:+.1%} (target ≤ +15%)")


def fill_events(path: Path, events: int) -> float:
    """Write about ``events`` row changes through the log (bulk inserts, a tenth updated); return seconds."""
    engine = _engine(f"sqlite:///{path}", logged=True)
    updates = events // 11
    rows = events - updates
    started = time.perf_counter()
    chunk = 50_000
    made = 0
    while made < rows:
        n = min(chunk, rows - made)
        third = n // 3
        with session_scope(engine) as session:
            names = [f"{made + i}" for i in range(third)]
            session.execute(insert(Outlet), [{"name": f"Outlet {n}", "key": f"outlet {n}"} for n in names])
            session.execute(insert(Person), [{"name": f"Person {n}", "key": f"person {n}"} for n in names])
            session.execute(insert(Work), [{} for _ in range(n - 2 * third)])
        made += n
    with session_scope(engine) as session:
        session.execute(update(Outlet).where(Outlet.id <= updates).values(country="XK"))
    engine.dispose()
    return time.perf_counter() - started


def bare_chain(path: Path) -> tuple[float, int]:
    """The anchor: raw sqlite3 reads every event in order and hashes each once; return seconds and events."""
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    previous, count = "0" * 64, 0
    cursor = connection.execute(
        "SELECT seq, commit_seq, recorded_at, recorder, command, why, action, table_name, row_id, row_id2, "
        "old_values, new_values FROM events ORDER BY seq"
    )
    for row in cursor:
        previous = hashlib.sha256((previous + json.dumps(row)).encode()).hexdigest()
        count += 1
    connection.close()
    return time.perf_counter() - started, count


# A small process runs the command and reports its child's peak memory: measured from this (large) process, a
# child's peak would count the pages it shares with this one between fork and exec.
PEAK = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(done.returncode)"
)


def verify_at_scale(folder: Path, events: int) -> None:
    """Print how long ``provenance verify`` takes over ``events`` events, its peak memory, and the anchor's."""
    path = folder / "events.db"
    filled = fill_events(path, events)
    anchor, count = bare_chain(path)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(PROVENANCE), "--db", str(path), "verify", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
    found = json.loads(done.stdout)
    if not found["intact"]:
        raise SystemExit(f"verify found problems: {found['problems'][:3]}")
    print(f"verify over {count} events ({found['rows']} rows), written through the log in {filled:.1f} s:")
    print(f"  provenance verify (CLI, chain + replay + texts)   {elapsed:7.2f} s   peak memory {peak_mb:.0f} MB")
    print(f"  anchor: raw sqlite3 read + one SHA-256 per event  {anchor:7.2f} s   ({elapsed / anchor:.1f}x)")
    print("  target: 1M events under 60 s, memory bounded (streamed in key order)")


def main() -> None:
    """Run both measurements and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="articles imported (default 20000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each import, best kept (default 3)")
    parser.add_argument("--events", type=int, default=1_000_000, help="events verified (default 1000000)")
    parser.add_argument("--pg", metavar="URL", help="import into PostgreSQL databases created on this server")
    parser.add_argument("--no-verify", action="store_true", help="only the import cost")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        import_cost(folder, args.articles, args.repeat, args.pg)
        if not args.no_verify:
            verify_at_scale(folder, args.events)


if __name__ == "__main__":
    sys.exit(main())
