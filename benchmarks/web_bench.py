"""Web view benchmark: every page of ``provenance serve`` on a generated database, p50/p95 server time per
page beside the bare SQL of that page, timed in the same run, on SQLite and PostgreSQL.

The database is built by ``export_bench.build_database`` (chains of four versions, every link kind, claims,
agents); the server is the real one (``provenance serve`` in a subprocess) and is driven over HTTP by a real
client. The server's own time is read from the ``Server-Timing`` header each response carries; the client's
round trip is printed beside it. The bare anchor is the page's main query, run with the raw driver
(sqlite3, psycopg) on the same database. The findings are computed once per database state and cached by the
server: the first request after a change ("cold") is printed on its own line.

    python benchmarks/web_bench.py                                   # 1M versions, SQLite
    python benchmarks/web_bench.py --versions 1000000 --postgresql postgresql://postgres@127.0.0.1/test
    python benchmarks/web_bench.py --quick                           # 20k versions, SQLite
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_bench import build_database

from provenance.store.database import make_engine, refresh_statistics, resolve_url, session_scope
from provenance.store.migrations import ensure_schema

PROVENANCE = Path(sys.executable).with_name("provenance")
CLAIMS_EVERY = 20
"""Claims (every kind, several of them contradicting the chain) on the last version of one chain in 20: about
one finding for every ten versions, a database full of problems but not one where every text is wrong."""


@dataclass(frozen=True)
class PageSpec:
    """A page to time: its name, a path per request (chosen at random), and its bare SQL with parameters."""

    name: str
    path: Callable[[random.Random], str]
    bare: Callable[[random.Random], tuple[str, tuple[Any, ...]]]


def pages(versions: int, outlets: int, postgresql: bool) -> list[PageSpec]:
    """The pages of the view, with the main query each runs, as the raw driver would run it."""
    chains = (versions + 3) // 4
    if postgresql:
        words = (
            "WHERE to_tsvector('simple', coalesce(v.title, '')) @@ to_tsquery('simple', {p})",
            lambda word: word,
        )
    else:
        words = (
            "WHERE v.id IN (SELECT rowid FROM versions_title_fts WHERE versions_title_fts MATCH {p} "
            "ORDER BY rowid DESC LIMIT 2000)",
            lambda word: f'"{word}"',
        )
    listing = (
        "SELECT v.id, v.title, v.language, v.published_at, o.name FROM versions v "
        "LEFT JOIN outlets o ON o.id = v.outlet_id {where} ORDER BY v.id DESC LIMIT 51"
    )
    chain = (
        "WITH RECURSIVE up(id) AS (SELECT {p} UNION "
        "SELECT d.source_id FROM derivations d JOIN up ON d.derived_id = up.id) "
        "SELECT v.id, v.title, v.text FROM versions v JOIN up ON up.id = v.id"
    )

    def address(start: str) -> tuple[str, tuple[Any, ...]]:
        if postgresql:
            return listing.format(where="WHERE v.url LIKE {p}"), (start + "%",)
        return listing.format(where="WHERE v.url >= {p} AND v.url < {p}"), (start, start + "\U0010ffff")

    return [
        PageSpec("search: newest", lambda r: "/", lambda r: (listing.format(where=""), ())),
        PageSpec(
            "search: a title word on every page",
            lambda r: "/?q=story",
            lambda r: (listing.format(where=words[0]), (words[1]("story"),)),
        ),
        PageSpec(
            "search: a rare title number",
            lambda r: f"/?q={r.randrange(1, chains)}",
            lambda r: (listing.format(where=words[0]), (words[1](str(r.randrange(1, chains))),)),
        ),
        PageSpec(
            "search: outlet",
            lambda r: f"/?outlet=Outlet+{r.randrange(1, outlets)}",
            lambda r: (listing.format(where="WHERE v.outlet_id = {p}"), (r.randrange(1, outlets),)),
        ),
        PageSpec(
            "search: one day",
            lambda r: f"/?since=2025-03-{(day := r.randrange(1, 28)):02d}&until=2025-03-{day:02d}",
            lambda r: (
                listing.format(where="WHERE v.published_at >= {p} AND v.published_at < {p}"),
                ("2025-03-05 00:00:00", "2025-03-06 00:00:00"),
            ),
        ),
        PageSpec(
            "search: the start of an address",
            lambda r: f"/?address=https://outlet{r.randrange(1, outlets)}.example/",
            lambda r: address(f"https://outlet{r.randrange(1, outlets)}.example/"),
        ),
        PageSpec(
            "version page",
            lambda r: f"/versions/{r.randrange(1, versions)}",
            lambda r: (chain, (r.randrange(1, versions),)),
        ),
        PageSpec(
            "version page, JSON twin",
            lambda r: f"/versions/{r.randrange(1, versions)}.json",
            lambda r: (chain, (r.randrange(1, versions),)),
        ),
        PageSpec(
            "findings (cached)",
            lambda r: "/findings",
            lambda r: ("SELECT max(id) FROM versions", ()),
        ),
        PageSpec(
            "findings: one rule, page 2",
            lambda r: "/findings?rule=conflicting-source&page=2",
            lambda r: ("SELECT max(id) FROM versions", ()),
        ),
        PageSpec(
            "outlets",
            lambda r: f"/outlets?page={r.randrange(1, max(2, outlets // 100))}",
            lambda r: ("SELECT id, name FROM outlets ORDER BY key LIMIT 101 OFFSET 100", ()),
        ),
        PageSpec(
            "outlet page",
            lambda r: f"/outlets/{r.randrange(1, outlets)}",
            lambda r: (listing.format(where="WHERE v.outlet_id = {p}"), (r.randrange(1, outlets),)),
        ),
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[float, float]:
    """Return (server ms from Server-Timing, client round-trip ms) of one GET."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        response.read()
        timing = response.headers["Server-Timing"]
    client = (time.perf_counter() - started) * 1000
    return float(timing.split("dur=")[1]), client


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _bare_runner(url: str) -> tuple[Callable[[str, tuple[Any, ...]], None], Callable[[], None]]:
    """Return a function running one bare query with the raw driver, and its closer."""
    if url.startswith("postgresql"):
        import psycopg

        connection = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True)

        def run_pg(sql: str, params: tuple[Any, ...]) -> None:
            connection.execute(sql.replace("{p}", "%s"), params).fetchall()  # type: ignore[call-overload]

        return run_pg, connection.close
    db = sqlite3.connect(url.removeprefix("sqlite:///"))

    def run_sqlite(sql: str, params: tuple[Any, ...]) -> None:
        db.execute(sql.replace("{p}", "?"), params).fetchall()

    return run_sqlite, db.close


def build(url: str, versions: int) -> None:
    """Create the database at ``url`` with ``versions`` versions, unless it already holds them."""
    engine = make_engine(resolve_url(url))
    ensure_schema(engine)
    with session_scope(engine) as session:
        from sqlalchemy import func, select

        from provenance.store.models import Version

        present = session.scalar(select(func.count()).select_from(Version))
        if present == versions:
            print(f"  reusing the database with {versions:,} versions", flush=True)
            return
        if present:
            raise SystemExit(f"{url} holds {present:,} versions, not {versions:,}: give an empty database")
        started = time.perf_counter()
        build_database(session, versions, claims_every=CLAIMS_EVERY)
        refresh_statistics(session)  # as `import` does after a bulk load
        print(f"  built {versions:,} versions in {time.perf_counter() - started:.0f} s", flush=True)
    engine.dispose()


def bench(url: str, versions: int, requests: int, seed: int) -> None:
    """Serve ``url`` and time every page; print one line per page."""
    port = _free_port()
    server = subprocess.Popen(
        [str(PROVENANCE), "--db", url, "serve", "--port", str(port)],
        stderr=subprocess.PIPE,
        env={**os.environ, "PROVENANCE_DATABASE_URL": ""},
    )
    base = f"http://127.0.0.1:{port}"
    run_bare, close = _bare_runner(url)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/outlets.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        cold_server, _ = _get(base + "/findings")
        print(f"  {'findings, first request (the audit)':<38} {cold_server:>9.1f} ms once", flush=True)
        outlets = max(6, versions // 100)
        print(f"  {'page':<38} {'p50 ms':>9} {'p95 ms':>9} {'client p95':>11} {'bare p50':>9} {'bare p95':>9}")
        for spec in pages(versions, outlets, url.startswith("postgresql")):
            rng = random.Random(seed)
            server_ms, client_ms, bare_ms = [], [], []
            for _ in range(requests):
                s, c = _get(base + spec.path(rng))
                server_ms.append(s)
                client_ms.append(c)
                sql, params = spec.bare(rng)
                started = time.perf_counter()
                run_bare(sql, params)
                bare_ms.append((time.perf_counter() - started) * 1000)
            p50, p95 = _percentiles(server_ms)
            b50, b95 = _percentiles(bare_ms)
            client_p95 = _percentiles(client_ms)[1]
            print(f"  {spec.name:<38} {p50:>9.1f} {p95:>9.1f} {client_p95:>11.1f} {b50:>9.2f} {b95:>9.2f}", flush=True)
    finally:
        close()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a background audit may hold it: the figures are printed already
            server.kill()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20k versions")
    parser.add_argument("--requests", type=int, default=40, help="requests per page")
    parser.add_argument("--sqlite", help="SQLite file to build or reuse (default: a temporary file)")
    parser.add_argument("--postgresql", help="an empty PostgreSQL database (or one this script built) to use too")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    versions = 20_000 if args.quick else args.versions
    targets = []
    if not args.no_sqlite:
        path = args.sqlite or str(Path(tempfile.mkdtemp(prefix="web-bench-")) / "bench.db")
        targets.append(("SQLite", f"sqlite:///{path}"))
    if args.postgresql:
        targets.append(("PostgreSQL", args.postgresql))
    for name, url in targets:
        print(f"{name}, {versions:,} versions, {args.requests} requests per page:", flush=True)
        build(url, versions)
        bench(url, versions, args.requests, args.seed)


if __name__ == "__main__":
    main()
