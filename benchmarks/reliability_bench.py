"""Reliability under real use: concurrent writers on a new database, and processes killed mid-way.

1. 8 writer processes × 100 `log`s each into one new database (created and migrated by whichever writer comes
   first), the writers sharing outlets, people and a quarter of their texts: failed logs, and whether every
   distinct text is recorded exactly once. Anchor: the same 800 logs by one process, in the same run.
2. 4 overlapping `import`s of one JSONL file into a new database: failed imports, texts present once.
3. `kill -9` of `provenance import`, `provenance reindex --lexical` and `provenance db upgrade` (from 0001)
   at N points spread over each command's run, each followed by a consistency check and a rerun: runs where
   the database was inconsistent, and reruns that did not complete.

Run: .venv/bin/python benchmarks/reliability_bench.py [--postgresql URL] [--points 20]
Each backend is printed on its own; PostgreSQL runs in a database created for the run and dropped after.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text

from provenance.errors import ProvenanceError
from provenance.ingest import log as ingestion
from provenance.store import migrations
from provenance.store.database import make_engine, resolve_url, retrying
from provenance.store.migrations import ensure_schema
from provenance.store.models import Base
from provenance.text.reading import read_article

EXE = shutil.which("provenance", path=str(Path(sys.executable).parent)) or "provenance"
WRITERS, LOGS = 8, 100


def article(n: int) -> bytes:
    """Return a distinct short article; n mod 4 == 0 texts are the same for every writer."""
    return (
        f"Council vote number {n}\n\nSource: Agency {n % 6}\n\nThe council of town {n} met on day {n % 28 + 1} and "
        f"voted {n * 7} to {n * 3} to rebuild the bridge, the mayor Ana Berisha {n % 9} said.\n"
    ).encode()


def writer(url: str, number: int, results: Any) -> None:
    """Log LOGS articles, a quarter shared with every other writer, each in its own retried transaction."""
    engine = make_engine(resolve_url(url))
    failed = 0
    for i in range(LOGS):
        n = i * WRITERS + number if i % 4 else i
        options = ingestion.LogOptions(outlet=f"Outlet {n % 5}", create_missing=True)
        parsed = read_article(article(n), source_name=f"w{number}-{i}")
        try:
            ensure_schema(engine)
            retrying(engine, lambda session, a=parsed, o=options: ingestion.log_article(session, a, o, "bench"))
        except ProvenanceError as e:
            failed += 1
            print(f"writer {number}: {e}", file=sys.stderr)
    engine.dispose()
    results.put(failed)


def count(url: str, sql: str) -> int:
    engine = make_engine(resolve_url(url))
    with engine.connect() as connection:
        value = int(connection.execute(text(sql)).scalar_one())
    engine.dispose()
    return value


def concurrent_logs(new_database: Iterator[str]) -> None:
    url = next(new_database)
    # Spawned, not forked: a fork would copy the locks of threads the parent's embedding model started.
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    started = time.perf_counter()
    workers = [spawn.Process(target=writer, args=(url, n, results)) for n in range(WRITERS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    failed = sum(results.get() for _ in workers)
    distinct = len({i * WRITERS + n if i % 4 else i for n in range(WRITERS) for i in range(LOGS)})
    versions = count(url, "SELECT count(*) FROM versions")
    hashes = count(url, "SELECT count(DISTINCT content_hash) FROM versions")
    anchor = next(new_database)
    started = time.perf_counter()
    alone = multiprocessing.get_context("spawn").Queue()
    for n in range(WRITERS):
        writer(anchor, n, alone)
    alone_elapsed = time.perf_counter() - started
    print(
        f"  {WRITERS} writers x {LOGS} log into a new database: {failed} failed; {versions} versions for "
        f"{distinct} distinct texts ({hashes} distinct hashes); {elapsed:.1f} s "
        f"(the same {WRITERS * LOGS} logs by one process: {alone_elapsed:.1f} s)"
    )


def write_records(path: Path, total: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(total):
            out.write(json.dumps({"text": article(n).decode(), "outlet": f"Outlet {n % 5}"}) + "\n")


def overlapping_imports(new_database: Iterator[str], folder: Path) -> None:
    url = next(new_database)
    records = folder / "records.jsonl"
    write_records(records, 1000)
    command = [EXE, "--db", url, "import", str(records), "--create-missing", "--chunk-size", "50", "--no-detect"]
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(4)]
    codes = [p.wait() for p in processes]
    versions = count(url, "SELECT count(*) FROM versions")
    print(f"  4 overlapping imports of 1,000 records: {sum(c != 0 for c in codes)} failed; {versions} versions")


def killed(new_database: Iterator[str], folder: Path, points: int) -> None:
    records = folder / "kill.jsonl"
    write_records(records, 3000)
    for name, prepare, command, check in (
        ("import", _empty, ["import", str(records), "--create-missing", "--chunk-size", "100"], _imported),
        ("reindex", _imported_all, ["reindex", "--lexical"], _indexed),
        ("db upgrade", _at_0001, ["db", "upgrade"], _upgraded),
    ):
        inconsistent = incomplete = 0
        for point in range(points):
            url = next(new_database)
            prepare(url, records)
            process = subprocess.Popen(
                [EXE, "--db", url, *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(0.3 + 3.0 * point / points * random.uniform(0.8, 1.2))
            process.send_signal(signal.SIGKILL)
            process.wait()
            inconsistent += not check(url, final=False)
            rerun = subprocess.run([EXE, "--db", url, *command], capture_output=True, check=False)
            incomplete += rerun.returncode != 0 or not check(url, final=True)
        print(f"  kill -9 of {name} at {points} points: {inconsistent} inconsistent, {incomplete} reruns incomplete")


def _empty(url: str, records: Path) -> None:
    ensure_schema(make_engine(resolve_url(url)))


def _imported_all(url: str, records: Path) -> None:
    subprocess.run([EXE, "--db", url, "import", str(records), "--create-missing"], capture_output=True, check=True)


def _at_0001(url: str, records: Path) -> None:
    migrations.upgrade(make_engine(resolve_url(url)), "0001")


def _imported(url: str, *, final: bool) -> bool:
    versions = count(url, "SELECT count(*) FROM versions")
    distinct = count(url, "SELECT count(DISTINCT content_hash) FROM versions")
    chunks_whole = versions % 100 == 0 or versions == 3000
    return versions == distinct and chunks_whole and (versions == 3000 or not final)


def _indexed(url: str, *, final: bool) -> bool:
    documents = count(url, "SELECT count(*) FROM match_documents")
    orphans = count(
        url, "SELECT count(*) FROM match_features WHERE version_id NOT IN (SELECT version_id FROM match_documents)"
    )
    return orphans == 0 and (documents == 3000 or not final)


def _upgraded(url: str, *, final: bool) -> bool:
    engine = make_engine(resolve_url(url))
    revision = migrations.current_revision(engine)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    whole = (revision == "0001" and "match_features" not in tables) or revision == migrations.head_revision()
    return (
        whole
        and (revision == migrations.head_revision() or not final)
        and (not final or set(Base.metadata.tables) <= tables)
    )


@contextmanager
def sqlite_databases(folder: Path) -> Iterator[Iterator[str]]:
    yield (f"sqlite:///{folder / f'db{n}.db'}" for n in range(10_000))


@contextmanager
def postgresql_databases(server: str) -> Iterator[Iterator[str]]:
    admin = create_engine(resolve_url(server), isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def fresh() -> Iterator[str]:
        while True:
            name = f"reliability_{uuid.uuid4().hex[:10]}"
            with admin.connect() as connection:
                connection.execute(text(f"CREATE DATABASE {name}"))
            made.append(name)
            yield resolve_url(server).set(database=name).render_as_string(hide_password=False)

    try:
        yield fresh()
    finally:
        with admin.connect() as connection:
            for name in made:
                connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", help="a server URL, e.g. postgresql://postgres@127.0.0.1/test")
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    args = parser.parse_args()
    backends = [] if args.no_sqlite else [("SQLite", None)]
    backends += [("PostgreSQL", args.postgresql)] if args.postgresql else []
    for label, server in backends:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            print(f"{label}:")
            with sqlite_databases(folder) if server is None else postgresql_databases(server) as databases:
                concurrent_logs(databases)
                overlapping_imports(databases, folder)
                killed(databases, folder, args.points)


if __name__ == "__main__":
    main()
