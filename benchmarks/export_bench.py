"""Export benchmark: PROV-JSON of a generated database of 10k and 100k versions, time and peak memory.

Builds each database by bulk insert (every link kind, outlet and person agents, every claim kind),
then times ``export --all --format prov-json`` to a file through the library, next to the bare
anchor: the same rows read with raw sqlite3 and written with json.dumps. Export and import each
run in a child process; peak memory is that process's own peak resident set (VmHWM, which a new
program starts afresh, unlike ru_maxrss, which keeps the parent's size from before the exec).
The PROV-JSON import of the exported document into an empty database is timed for sizes up to
``--import-up-to`` (10k by default: the prov package parses the whole document in memory first).

    python benchmarks/export_bench.py            # 10k and 100k
    python benchmarks/export_bench.py --quick    # 1k and 10k
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from provenance.exchange.formats import write_export
from provenance.exchange.prov_import import import_prov_json
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.store.models import (
    Claim,
    Derivation,
    Outlet,
    OutletAlias,
    OutletDomain,
    Person,
    Version,
    Work,
    version_authors,
)
from provenance.vocabulary import CLAIM_KINDS

KINDS_AFTER_ROOT = ("republication", "translation", "back-translation")
POSITIONS = {"source": "header", "translator": "header", "author": "bio", "via": "body", "photo_credit": "caption"}
LANGUAGES = ("en", "sq", "en")
BATCH = 5000


def _bulk(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[i : i + BATCH])


def build_database(session: Session, versions: int, *, claims_every: int = 1) -> None:
    """Fill an empty database with ``versions`` versions in chains of four, with agents, links and claims
    (every claim kind on the last version of every ``claims_every``-th chain)."""
    base = datetime(2025, 1, 1)
    n_outlets, n_people = max(6, versions // 100), max(6, versions // 50)
    _bulk(session, Outlet.__table__, [
        {"id": i, "name": f"Outlet {i}", "key": f"outlet {i}", "language": LANGUAGES[i % 3], "country": None,
         "created_at": base} for i in range(1, n_outlets + 1)
    ])  # fmt: skip
    _bulk(session, OutletAlias.__table__, [
        {"id": i, "outlet_id": i, "alias": f"Outlet{i}.com", "key": f"outlet{i}"} for i in range(1, n_outlets + 1)
    ])  # fmt: skip
    _bulk(session, OutletDomain.__table__, [
        {"id": i, "outlet_id": i, "domain": f"outlet{i}.example"} for i in range(1, n_outlets + 1)
    ])  # fmt: skip
    _bulk(session, Person.__table__, [
        {"id": i, "name": f"Writer {i}", "key": f"writer {i}", "created_at": base} for i in range(1, n_people + 1)
    ])  # fmt: skip
    chains = (versions + 3) // 4
    _bulk(session, Work.__table__, [{"id": w, "created_at": base} for w in range(1, chains + 1)])
    rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    authors: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for vid in range(1, versions + 1):
        chain, step = (vid - 1) // 4 + 1, (vid - 1) % 4
        body = f"Text of version {vid} in chain {chain}."
        digest = None if vid % 50 == 0 else hashlib.sha256(body.encode()).hexdigest()
        rows.append({
            "id": vid, "work_id": chain, "outlet_id": (vid % n_outlets) + 1, "title": f"Story {chain} ({step})",
            "language": LANGUAGES[step % 3], "url": f"https://outlet{(vid % n_outlets) + 1}.example/{vid}",
            "published_at": base + timedelta(days=chain % 300, hours=step), "text": body if digest else None,
            "content_hash": digest, "recorded_at": base,
        })  # fmt: skip
        if step == 0:
            authors.append({"version_id": vid, "person_id": (chain % n_people) + 1})
        else:
            kind = KINDS_AFTER_ROOT[step - 1]
            if chain % 5 == 0:
                kind = ("excerpt", "adaptation", "translation")[step - 1]
            person = kind == "translation"
            links.append({
                "id": len(links) + 1, "derived_id": vid, "source_id": vid - 1, "kind": kind,
                "translator_person_id": (vid % n_people) + 1 if person else None,
                "agent_outlet_id": None if person else (vid % n_outlets) + 1,
                "evidence": f"credit line {vid}", "confidence": 0.5 + (vid % 5) / 10, "recorded_at": base,
                "recorded_by": "bench",
            })  # fmt: skip
        if step == 3 and chain % claims_every == 0:
            for n, kind in enumerate(CLAIM_KINDS):
                claims.append({
                    "id": len(claims) + 1, "version_id": vid, "kind": kind,
                    "name": f"Outlet {(vid + n) % n_outlets + 1}",
                    "text": f"{kind}: Outlet {(vid + n) % n_outlets + 1}",
                    "position": POSITIONS.get(kind, "footer"),
                    "line": n + 1, "confidence": 0.9, "url": None,
                    "possible_sign_off_of": "Outlet 1" if kind == "sign_off" else None, "note": None,
                    "outlet_id": None if kind == "author" else (vid + n) % n_outlets + 1,
                    "person_id": (vid % n_people) + 1 if kind == "author" else None,
                })  # fmt: skip
    _bulk(session, Version.__table__, rows)
    _bulk(session, version_authors, authors)
    _bulk(session, Derivation.__table__, links)
    _bulk(session, Claim.__table__, claims)
    if session.get_bind().dialect.name == "postgresql":
        for table in (
            "outlets",
            "outlet_aliases",
            "outlet_domains",
            "people",
            "works",
            "versions",
            "derivations",
            "claims",
        ):
            session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )


def peak_rss_mb() -> float:
    """Return this process's peak resident set in MB (VmHWM on Linux, else ru_maxrss)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        scale = 1 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20
    kilobytes = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    return kilobytes / 1024


def export_only(path: str, out: str) -> None:
    """Export the database at ``path`` to ``out`` (run in a child process so its peak memory is its own)."""
    engine = make_engine(resolve_url(path))
    with session_scope(engine) as session, open(out, "wb") as stream:
        write_export(session, "prov-json", stream)
    print(f"{peak_rss_mb():.1f}")


def import_only(document: str, path: str) -> None:
    """Import the PROV-JSON ``document`` into a new database at ``path`` (in a child process)."""
    engine = make_engine(resolve_url(path))
    ensure_schema(engine)
    with session_scope(engine) as session:
        import_prov_json(session, Path(document).read_bytes(), Path(document).name)
    print(f"{peak_rss_mb():.1f}")


def child(*args: str) -> tuple[float, float]:
    """Run this script with ``args`` in a child process; return its wall time and peak memory (MB)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return time.perf_counter() - started, float(done.stdout.split()[-1])


def bare_anchor(path: Path, out: Path) -> float:
    """Time the bare anchor: the same rows read with raw sqlite3 and written with json.dumps."""
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    with out.open("w", encoding="utf-8") as stream:
        for query in (
            "SELECT * FROM versions ORDER BY id",
            "SELECT * FROM derivations ORDER BY id",
            "SELECT * FROM claims ORDER BY version_id, id",
        ):
            for row in connection.execute(query):
                stream.write(json.dumps(row, default=str))
    connection.close()
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark at two sizes and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k versions instead of 10k and 100k")
    parser.add_argument("--sizes", type=int, nargs="*", help="explicit sizes, smallest first")
    parser.add_argument("--import-up-to", type=int, default=10_000, help="time the import for sizes up to this")
    parser.add_argument("--export-only", nargs=2, metavar=("DB", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--import-only", nargs=2, metavar=("JSON", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_only:
        export_only(*args.export_only)
        return
    if args.import_only:
        import_only(*args.import_only)
        return
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [10_000, 100_000])
    print("versions  build s  export s  bare s  ratio  MB out  export peak MB  import s  import peak MB")
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            path, out = Path(folder) / "bench.db", Path(folder) / "all.json"
            engine = make_engine(resolve_url(str(path)))
            ensure_schema(engine)
            started = time.perf_counter()
            with session_scope(engine) as session:
                build_database(session, size)
            built = time.perf_counter() - started
            engine.dispose()
            exported, peak = child("--export-only", str(path), str(out))
            bare = bare_anchor(path, Path(folder) / "bare.json")
            size_mb = out.stat().st_size / 2**20
            imported = "-"
            if size <= args.import_up_to:
                seconds, import_peak = child("--import-only", str(out), str(Path(folder) / "imported.db"))
                imported = f"{seconds:>8.1f} {import_peak:>15.1f}"
        print(
            f"{size:>8} {built:>8.1f} {exported:>9.1f} {bare:>7.2f} {exported / bare:>6.1f}"
            f" {size_mb:>7.1f} {peak:>15.1f} {imported:>9}"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
