"""Fingerprinting cost on the insert path: ``fingerprint()`` per 3–6 KB article and ``index_versions`` per chunk.

Articles are import_bench's synthetic 3–6 KB texts in eight languages (recombined real sentences). It times
``fingerprint()`` alone, then ``index_versions`` on chunks of 500 freshly inserted versions of a migrated
SQLite database (read, fingerprint, delete, bulk insert of features and counts), and the bare anchor: the
same features written by raw ``sqlite3`` executemany into a same-shaped ``WITHOUT ROWID`` table. Wall and
CPU time are both printed (the machine is shared).

    python benchmarks/fingerprint_bench.py              # 5,000 articles
    python benchmarks/fingerprint_bench.py --quick      # 1,000
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import articles

from provenance.match.fingerprints import fingerprint
from provenance.match.index import INDEX_BATCH, index_versions
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.store.models import Version, Work
from provenance.text.normalize import content_hash


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--quick", action="store_true", help="1,000 articles")
    args = parser.parse_args()
    count = 1000 if args.quick else args.articles
    texts = [record["text"] for record in articles(count)]
    print(f"{count} articles, {sum(len(t.encode()) for t in texts) / count / 1024:.1f} KB on average")

    per_article = []
    cpu = time.process_time()
    wall = time.perf_counter()
    features = []
    for text in texts:
        started = time.perf_counter()
        features.append(sorted(fingerprint(text).features))
        per_article.append(time.perf_counter() - started)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"fingerprint(): {wall / count * 1000:.2f} ms/article wall, {cpu / count * 1000:.2f} ms CPU; "
        f"p50 {statistics.median(per_article) * 1000:.2f} ms, "
        f"{sum(len(f) for f in features) / count:.0f} features/article"
    )

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(resolve_url(f"sqlite:///{folder}/fp.db"))
        ensure_schema(engine)
        ids: list[int] = []
        with session_scope(engine) as session:
            works = list(session.scalars(insert(Work).returning(Work.id), [{} for _ in texts]))
            rows = [
                {"work_id": w, "text": t, "content_hash": content_hash(t), "language": "en"}
                for w, t in zip(works, texts, strict=True)
            ]
            ids = list(session.scalars(insert(Version).returning(Version.id), rows))
        chunk_times, chunk_cpu = [], []
        for start in range(0, len(ids), INDEX_BATCH):
            with session_scope(engine) as session:
                cpu = time.process_time()
                wall = time.perf_counter()
                index_versions(session, ids[start : start + INDEX_BATCH])
                chunk_times.append(time.perf_counter() - wall)
                chunk_cpu.append(time.process_time() - cpu)
        size = INDEX_BATCH
        print(
            f"index_versions per chunk of {size}: p50 {statistics.median(chunk_times) * 1000:.0f} ms wall "
            f"({statistics.median(chunk_times) / size * 1000:.2f} ms/article), "
            f"CPU {statistics.median(chunk_cpu) * 1000:.0f} ms"
        )

        raw = sqlite3.connect(f"{folder}/anchor.db")
        raw.execute(
            "CREATE TABLE f (feature VARCHAR(64), version_id INTEGER, PRIMARY KEY (feature, version_id)) WITHOUT ROWID"
        )
        raw.execute("CREATE INDEX ix_f ON f (version_id)")
        anchor = []
        for start in range(0, count, INDEX_BATCH):
            pairs = [(f, i) for i in range(start, min(count, start + INDEX_BATCH)) for f in features[i]]
            wall = time.perf_counter()
            raw.executemany("INSERT INTO f VALUES (?, ?)", pairs)
            raw.commit()
            anchor.append(time.perf_counter() - wall)
        print(
            f"anchor: raw sqlite3 executemany of the same features per chunk of {size}: "
            f"p50 {statistics.median(anchor) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
