"""Lineage at scale on SQLite: the bulk load of a synthetic database, then trace and descendants latency.

Builds N versions in many chains (depth up to 12, fan-out up to 20) into a freshly migrated file with
SQLAlchemy Core executemany, and the same rows into a second freshly migrated file with bare ``sqlite3``
executemany (the anchor). Then times ``trace_ancestors`` / ``trace_descendants`` over random starts
against the bare recursive CTE through ``sqlite3`` for the same starts.
Run: /work/venv/bin/python benchmarks/lineage_bench.py --versions 100000 1000000   (or --quick for 10k)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table

from provenance.ledger.lineage import trace_ancestors, trace_descendants
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.store.models import Base
from provenance.text.normalize import content_hash

MAX_DEPTH = 12
MAX_FAN_OUT = 20
MAX_TREE = 2000
OUTLETS = 400
PEOPLE = 2000
LANGUAGES = ("en", "en", "en", "de", "fr", "es", "it", "sq", "sr", "hr", "mk", "ro", "hu", "ru", "uk", "tr")
TOPICS = ("ceasefire talks", "energy prices", "election results", "border crossing", "court ruling",
          "flood warning", "trade deal", "protest march", "budget vote", "summit communique")  # fmt: skip
TABLE_ORDER = ("outlets", "people", "works", "versions", "derivations")
EPOCH = datetime(2020, 1, 1)

Row = dict[str, Any]


@dataclass
class Synthetic:
    """The generated rows, per table, as SQLAlchemy Core would take them; plus shape statistics."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLE_ORDER})
    depth: dict[int, int] = field(default_factory=dict)
    tree_sizes: list[int] = field(default_factory=list)

    def total(self) -> int:
        """Return the number of rows across every table."""
        return sum(len(rows) for rows in self.rows.values())


def _fan_out(rng: random.Random, relay_chain: bool) -> int:
    # Most texts are never copied, many are copied once, a few go viral across an agency's clients.
    roll = rng.random()
    if relay_chain:
        return 1 if roll < 0.9 else 2
    if roll < 0.35:
        return 0
    if roll < 0.75:
        return 1
    if roll < 0.92:
        return rng.randint(2, 3)
    return rng.randint(4, MAX_FAN_OUT)


def _tree_size(rng: random.Random) -> int:
    return min(MAX_TREE, max(1, int(rng.paretovariate(1.1) * 3)))


@dataclass
class _Work:
    id: int
    topic: str
    published: datetime
    members: list[int] = field(default_factory=list)


def generate(n: int, seed: int) -> Synthetic:
    """Return N versions in derivation trees, with outlets, translators, works and some diamond links."""
    rng = random.Random(seed)
    data = Synthetic()
    created = EPOCH
    domains = []
    for i in range(1, OUTLETS + 1):
        name = f"Outlet {i:03d} {rng.choice(('Daily', 'Online', 'News', 'Post', 'Times', 'Telegraf'))}"
        domains.append(f"outlet{i:03d}.example")
        data.rows["outlets"].append({"id": i, "name": name, "key": name.lower(),
                                     "language": LANGUAGES[i % len(LANGUAGES)], "country": None,
                                     "created_at": created})  # fmt: skip
    for i in range(1, PEOPLE + 1):
        name = f"Translator {i:04d}"
        data.rows["people"].append({"id": i, "name": name, "key": name.lower(), "created_at": created})
    versions, links = data.rows["versions"], data.rows["derivations"]
    language: dict[int, str] = {}
    tree_parent: dict[int, int] = {}
    next_id = 1

    def add(work: _Work, parent: int | None) -> int:
        nonlocal next_id
        vid, next_id = next_id, next_id + 1
        outlet = rng.randint(1, OUTLETS)
        if parent is None:
            lang = "en" if rng.random() < 0.6 else rng.choice(LANGUAGES)
        else:
            lang = language[parent] if rng.random() < 0.4 else rng.choice(LANGUAGES)
        language[vid] = lang
        title = f"{work.topic.capitalize()}: what happens next ({lang}, work {work.id})"
        text = f"{title}. Version {vid} as published by outlet {outlet}; relayed from {parent or 'nobody'}."
        depth = 0 if parent is None else data.depth[parent] + 1
        moment = work.published + timedelta(hours=depth, seconds=vid % 3600)
        slug = work.topic.replace(" ", "-")
        versions.append({"id": vid, "work_id": work.id, "outlet_id": outlet, "title": title, "language": lang,
                         "detected_language": lang, "language_probability": 0.99,
                         "url": f"https://{domains[outlet - 1]}/{moment:%Y/%m}/{slug}-{vid}",
                         "published_at": moment, "text": text, "content_hash": content_hash(text),
                         "damage": None, "source_name": None, "recorded_at": created})  # fmt: skip
        data.depth[vid] = depth
        work.members.append(vid)
        if parent is not None:
            tree_parent[vid] = parent
            _link(rng, links, vid, parent, language)
        return vid

    while next_id <= n:
        work = _Work(len(data.rows["works"]) + 1, rng.choice(TOPICS),
                     EPOCH + timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60)))  # fmt: skip
        data.rows["works"].append({"id": work.id, "created_at": created})
        size = min(_tree_size(rng), n - next_id + 1)
        relay_chain = rng.random() < 0.1
        tree = work.members

        queue = deque([add(work, None)])
        while queue and len(tree) < size:
            parent = queue.popleft()
            if data.depth[parent] >= MAX_DEPTH:
                continue
            for _ in range(min(_fan_out(rng, relay_chain), size - len(tree))):
                queue.append(add(work, parent))
        # A few versions credit two sources of the same work (a diamond): always an earlier, shallower one.
        for position, vid in enumerate(tree[2:], start=2):
            if rng.random() < 0.02:
                other = tree[rng.randrange(0, position)]
                if data.depth[other] < data.depth[vid] and other != tree_parent[vid]:
                    _link(rng, links, vid, other, language)
        data.tree_sizes.append(len(tree))
    return data


def _link(rng: random.Random, links: list[Row], derived: int, source: int, language: dict[int, str]) -> None:
    same = language[derived] == language[source]
    kind = rng.choice(("republication", "republication", "excerpt", "adaptation")) if same else "translation"
    by_person = kind == "translation" and rng.random() < 0.5
    links.append({"id": len(links) + 1, "derived_id": derived, "source_id": source, "kind": kind,
                  "translator_person_id": rng.randint(1, PEOPLE) if by_person else None,
                  "agent_outlet_id": None if by_person else rng.randint(1, OUTLETS),
                  "evidence": f"Source: outlet {source}" if rng.random() < 0.5 else None,
                  "confidence": rng.choice((1.0, 0.9, 0.6)), "recorded_at": EPOCH,
                  "recorded_by": "bench"})  # fmt: skip


def fresh_database(path: Path) -> Engine:
    """Return an engine on a new SQLite file at ``path``, migrated to head by provenance itself."""
    engine = make_engine(resolve_url(str(path)))
    ensure_schema(engine)
    return engine


def bulk_load(engine: Engine, data: Synthetic, chunk: int) -> float:
    """Insert every row with SQLAlchemy Core executemany, one transaction per chunk; return seconds."""
    tables: dict[str, Table] = {name: Base.metadata.tables[name] for name in TABLE_ORDER}
    start = time.perf_counter()
    for name in TABLE_ORDER:
        rows = data.rows[name]
        for i in range(0, len(rows), chunk):
            with engine.begin() as connection:
                connection.execute(tables[name].insert(), rows[i : i + chunk])
    return time.perf_counter() - start


def _sqlite_value(value: Any) -> Any:
    # The text SQLAlchemy's SQLite DateTime type stores, so both files hold identical rows.
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value


def raw_load(path: Path, data: Synthetic, chunk: int) -> float:
    """Insert the same rows with bare sqlite3 executemany, same pragmas and chunks; return seconds."""
    statements = {}
    tuples = {}
    for name in TABLE_ORDER:
        columns = list(data.rows[name][0])
        statements[name] = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        tuples[name] = [tuple(_sqlite_value(row[c]) for c in columns) for row in data.rows[name]]
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        connection.execute(f"PRAGMA {pragma}")
    start = time.perf_counter()
    for name in TABLE_ORDER:
        rows = tuples[name]
        for i in range(0, len(rows), chunk):
            connection.execute("BEGIN")
            connection.executemany(statements[name], rows[i : i + chunk])
            connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def same_rows(a: Path, b: Path, sample: Sequence[int]) -> bool:
    """Return True when both files hold the same counts and the same sampled versions and links."""
    with sqlite3.connect(a) as left, sqlite3.connect(b) as right:
        for name in TABLE_ORDER:
            query = f"SELECT count(*) FROM {name}"
            if left.execute(query).fetchone() != right.execute(query).fetchone():
                return False
        marks = ", ".join("?" * len(sample))
        for query in (f"SELECT * FROM versions WHERE id IN ({marks}) ORDER BY id",
                      f"SELECT * FROM derivations WHERE derived_id IN ({marks}) ORDER BY id"):  # fmt: skip
            if left.execute(query, sample).fetchall() != right.execute(query, sample).fetchall():
                return False
    return True


# The same walk as provenance.lineage._walk, each link at its smallest depth.
BARE_CTE = """
WITH RECURSIVE chain(link_id, version_id, depth) AS (
    SELECT id, {far}, 1 FROM derivations WHERE {near} = ?
    UNION
    SELECT d.id, d.{far}, chain.depth + 1 FROM derivations AS d JOIN chain ON d.{near} = chain.version_id
)
SELECT link_id, min(depth) FROM chain GROUP BY link_id
"""
BARE_SQL = {
    "up": BARE_CTE.format(near="derived_id", far="source_id"),
    "down": BARE_CTE.format(near="source_id", far="derived_id"),
}


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Return (median, p95) of ``samples`` in milliseconds."""
    ms = sorted(s * 1000 for s in samples)
    return statistics.median(ms), ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)]


def time_calls(call: Callable[[int], int], starts: Sequence[int]) -> tuple[list[float], list[float], int]:
    """Time ``call`` on each start after a short warm-up; return wall and CPU timings and the links found.

    CPU time is printed beside wall time because on a shared machine wall time also counts waiting for a core.
    """
    for start in starts[:50]:
        call(start)
    wall, cpu, found = [], [], 0
    for start in starts:
        began, began_cpu = time.perf_counter(), time.process_time()
        found += call(start)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return wall, cpu, found


def measure_latency(engine: Engine, path: Path, starts: Sequence[int]) -> None:
    """Print median and p95 of the library's trace/descendants and of the bare CTE over ``starts``."""
    raw = sqlite3.connect(path)

    def library(walk: Callable[..., Any]) -> Callable[[int], int]:
        def call(version_id: int) -> int:
            with session_scope(engine) as session:
                return len(walk(session, version_id).links)

        return call

    def bare(direction: str) -> Callable[[int], int]:
        return lambda version_id: len(raw.execute(BARE_SQL[direction], (version_id,)).fetchall())

    for label, direction, walk in (("trace", "up", trace_ancestors), ("descendants", "down", trace_descendants)):
        lib_times, lib_cpu, lib_links = time_calls(library(walk), starts)
        sql_times, sql_cpu, sql_links = time_calls(bare(direction), starts)
        assert lib_links == sql_links, f"{label}: library found {lib_links} links, bare SQL {sql_links}"
        (lib_med, lib_p95), (sql_med, sql_p95) = percentiles(lib_times), percentiles(sql_times)
        (cpu_med, cpu_p95), (sql_cpu_med, sql_cpu_p95) = percentiles(lib_cpu), percentiles(sql_cpu)
        print(f"  {label:<12} library   wall median {lib_med:7.3f} ms  p95 {lib_p95:7.3f} ms"
              f"   cpu median {cpu_med:7.3f} ms  p95 {cpu_p95:7.3f} ms"
              f"   ({lib_links / len(starts):.1f} links per start)")  # fmt: skip
        print(f"  {'':<12} bare CTE  wall median {sql_med:7.3f} ms  p95 {sql_p95:7.3f} ms"
              f"   cpu median {sql_cpu_med:7.3f} ms  p95 {sql_cpu_p95:7.3f} ms"
              f"   library/bare wall p95 {lib_p95 / sql_p95:5.1f}x")  # fmt: skip
    raw.close()


def run(n: int, args: argparse.Namespace, workdir: Path) -> None:
    """Build, load, check and time one database of ``n`` versions."""
    print(f"\n== {n:,} versions ==")
    began = time.perf_counter()
    data = generate(n, args.seed)
    links = len(data.rows["derivations"])
    depths = list(data.depth.values())
    print(f"generated in {time.perf_counter() - began:.1f} s: {len(data.rows['works']):,} works, {links:,} links, "
          f"max depth {max(depths)}, largest work {max(data.tree_sizes):,} versions, "
          f"mean depth {statistics.fmean(depths):.2f}")  # fmt: skip

    library_path, raw_path = workdir / f"library-{n}.db", workdir / f"raw-{n}.db"
    engine = fresh_database(library_path)
    fresh_database(raw_path).dispose()
    raw_seconds = raw_load(raw_path, data, args.chunk)
    library_seconds = bulk_load(engine, data, args.chunk)
    rows = data.total()
    sample = random.Random(args.seed + 1).sample(range(1, n + 1), min(n, 200))
    assert same_rows(library_path, raw_path, sample), "the two loads differ"
    print(f"bulk load, {rows:,} rows in chunks of {args.chunk:,}:")
    print(f"  raw sqlite3 executemany    {rows / raw_seconds:12,.0f} rows/s  ({raw_seconds:.2f} s)")
    print(f"  SQLAlchemy Core executemany{rows / library_seconds:12,.0f} rows/s  ({library_seconds:.2f} s)")
    print(f"  ratio library/raw          {library_seconds / raw_seconds:12.2f}x  (target <= 3x)")

    starts = random.Random(args.seed + 2).sample(range(1, n + 1), min(n, args.starts))
    print(f"latency over {len(starts)} random starts (one session per call, as the CLI does):")
    measure_latency(engine, library_path, starts)
    engine.dispose()
    if not args.keep:
        for path in workdir.glob(f"*-{n}.db*"):
            path.unlink()


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the sizes and run each one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--versions", type=int, nargs="+", default=[100_000], help="database sizes to build")
    parser.add_argument("--quick", action="store_true", help="one small database of 10,000 versions")
    parser.add_argument("--starts", type=int, default=1000, help="random start versions to time")
    parser.add_argument("--chunk", type=int, default=50_000, help="rows per executemany and transaction")
    parser.add_argument("--seed", type=int, default=20250511)
    parser.add_argument("--keep", type=Path, help="keep the databases in this folder")
    args = parser.parse_args(argv)
    sizes = [10_000] if args.quick else args.versions
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, {os.cpu_count()} cores, load {load:.1f}")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="lineage-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        for n in sizes:
            run(n, args, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
