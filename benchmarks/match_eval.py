"""Origin matching on real news: recall@1, recall@5 and MRR of every translation in the WMT16 en→fi dev set.

Loads every original plus N hard distractors (texts recombined from sentences of three different real
originals, under one of their headlines) in shuffled order, builds fingerprints and embeddings, then
matches every translation lexically, by embeddings alone (exact search over all vectors) and fused.
Prints the figures by language pair and translator, with load, reindex and per-query times; with
``--latency N`` it then grows the store to N versions and times lexical retrieval plus re-ranking.

    python benchmarks/match_eval.py                     # 10k distractors
    python benchmarks/match_eval.py --distractors 1000  # quick
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select, update

from provenance.match import embeddings, index
from provenance.match import search as matching
from provenance.match.fingerprints import fingerprint
from provenance.match.index import index_versions
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.store.models import MatchDocument, Version, Work
from provenance.text.normalize import content_hash, normalize_text
from provenance.text.reading import read_article_file

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt16-enfi-dev"
SIGNALS = ("lexical", "embeddings", "fused")


def recombined(originals: list[tuple[str, list[str]]], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Return ``count`` hard distractors: a headline and ~the median length of sentences from three originals."""
    lengths = sorted(len(sentences) for _, sentences in originals)
    median = lengths[len(lengths) // 2]
    out = []
    for _ in range(count):
        donors = rng.sample(originals, 3)
        pool = [s for _, sentences in donors for s in sentences]
        size = max(3, min(len(pool), int(rng.gauss(median, median / 3))))
        out.append((donors[0][0], "\n".join(rng.sample(pool, size))))
    return out


def load(session_factory: Callable[[], object], rows: list[tuple[str | None, str, str | None]]) -> list[int]:
    """Insert versions (title, text, source file) in bulk; return their ids in order."""
    ids: list[int] = []
    with session_factory() as session:  # type: ignore[attr-defined]
        for start in range(0, len(rows), 2000):
            chunk = rows[start : start + 2000]
            works = list(session.scalars(insert(Work).returning(Work.id), [{} for _ in chunk]))
            version_ids = session.scalars(
                insert(Version).returning(Version.id),
                [
                    {
                        "work_id": w,
                        "title": title,
                        "text": normalize_text(text),
                        "content_hash": content_hash(f"{i}\n{text}"),
                        "language": "en",
                        "detected_language": "en",
                        "source_name": source,
                    }
                    for w, i, (title, text, source) in zip(works, range(start, start + len(chunk)), chunk, strict=True)
                ],
            )
            ids += list(version_ids)
    return ids


def ranks_of(results: dict[str, list[int]], truth: int) -> dict[str, int | None]:
    """Return the 1-based rank of ``truth`` in each signal's list (None: not found)."""
    return {signal: (ids.index(truth) + 1 if truth in ids else None) for signal, ids in results.items()}


def summary(ranks: list[int | None]) -> str:
    """Return recall@1, recall@5 and MRR of a list of ranks."""
    n = len(ranks) or 1
    r1 = sum(1 for r in ranks if r == 1) / n
    r5 = sum(1 for r in ranks if r is not None and r <= 5) / n
    mrr = sum(1 / r for r in ranks if r is not None) / n
    return f"R@1 {r1:.3f}  R@5 {r5:.3f}  MRR {mrr:.3f}  (n={len(ranks)})"


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    """Run the evaluation and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--distractors", type=int, default=10_000)
    parser.add_argument("--latency", type=int, default=0, help="then time queries at this many stored versions")
    parser.add_argument("--lexical", action="store_true", help="skip embeddings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--latency-only", action="store_true", help="with --db of an earlier --latency run: only time the queries"
    )
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    semantic = embeddings.available() and not args.lexical

    manifest = list(csv.DictReader((DATA / "manifest.csv").open(encoding="utf-8")))
    original_paths = sorted({row["original"] for row in manifest})
    originals = {}
    for path in original_paths:
        article = read_article_file(DATA / path)
        originals[path] = (article.title or "", [s for s in article.body.split("\n") if s.strip()])
    distractors = recombined(list(originals.values()), args.distractors, rng)
    rows: list[tuple[str | None, str, str | None]] = [  # type: ignore[assignment]
        (title, "\n".join([title, *sentences]), path) for path, (title, sentences) in originals.items()
    ] + [(title, f"{title}\n{text}", None) for title, text in distractors]
    rng.shuffle(rows)

    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{tmp.name}/match.db"
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    engine = make_engine(resolve_url(url))
    ensure_schema(engine)
    if args.latency_only:
        latency(engine, url, originals, 0, rng, manifest, semantic)
        return
    started = time.perf_counter()
    with session_scope(engine) as session:
        stored = session.execute(select(Version.id, Version.source_name)).all()
    if stored:
        # --db of an earlier run: reuse its versions and embeddings, rebuild the fingerprints.
        ids = [vid for vid, _ in stored]
        id_of = {source: vid for vid, source in stored if source}
        print(f"reusing the {len(ids)} versions stored in {url}")
    else:
        ids = load(lambda: session_scope(engine), rows)
        id_of = {path: vid for vid, (_, _, path) in zip(ids, rows, strict=True) if path}
    loaded = time.perf_counter() - started

    started = time.perf_counter()
    with session_scope(engine) as session:
        index_versions(session, ids)
    fingerprinted = time.perf_counter() - started
    embedded_seconds = 0.0
    if semantic:
        started = time.perf_counter()
        with session_scope(engine) as session:
            index.reindex(session, semantic=True, batch=64, checkpoint=session.commit)
        embedded_seconds = time.perf_counter() - started
    print(f"stored {len(ids)} versions ({len(id_of)} originals, {len(ids) - len(id_of)} recombined distractors)")
    print(f"load {loaded:.1f} s; fingerprints {fingerprinted:.1f} s; embeddings {embedded_seconds:.1f} s")

    all_vectors = np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
    vector_ids: list[int] = []
    if semantic:
        with session_scope(engine) as session:
            pairs = session.execute(
                select(MatchDocument.version_id, MatchDocument.vector).where(MatchDocument.vector.is_not(None))
            ).all()
        vector_ids = [p[0] for p in pairs]
        all_vectors = embeddings.from_blobs([p[1] for p in pairs if p[1] is not None])

    by_group: dict[tuple[str, str], dict[str, list[int | None]]] = defaultdict(lambda: defaultdict(list))
    times: dict[str, list[float]] = defaultdict(list)
    margins: list[tuple[float, float, bool]] = []
    for row in manifest:
        article = read_article_file(DATA / row["translation"])
        truth = id_of[row["original"]]
        results: dict[str, list[int]] = {}
        with session_scope(engine) as session:
            started = time.perf_counter()
            lexical = matching.match_text(session, article.text, title=article.title, top=10, semantic=False)
            times["lexical query"].append(time.perf_counter() - started)
            results["lexical"] = [c.id for c in lexical]
            if semantic:
                started = time.perf_counter()
                vector = embeddings.embed([embeddings.prepare(article.text, article.title)])[0]
                times["query embedding"].append(time.perf_counter() - started)
                order = np.argsort(-(all_vectors @ vector))[:10]
                results["embeddings"] = [vector_ids[i] for i in order]
                started = time.perf_counter()
                fused = matching.match_text(session, article.text, title=article.title, top=10, semantic=True)
                times["fused query (with its embedding)"].append(time.perf_counter() - started)
                results["fused"] = [c.id for c in fused]
            final = fused if semantic else lexical
            top_score = final[0].score if final else 0.0
            second = final[1].score if len(final) > 1 else 0.0
            margins.append((top_score, top_score - second, bool(final) and final[0].id == truth))
        for signal, rank in ranks_of(results, truth).items():
            group = by_group[(f"{row['source_language']}→{row['target_language']}", row["translator"])]
            group[signal].append(rank)
            by_group[("all", "all")][signal].append(rank)

    for (pair, translator), signals in sorted(by_group.items()):
        for signal in SIGNALS:
            if signal in signals:
                print(f"{pair:6} {translator:9} {signal:11} {summary(signals[signal])}")
    for name, values in times.items():
        print(f"{name}: p50 {statistics.median(values) * 1000:.0f} ms, p95 {percentile(values, 0.95) * 1000:.0f} ms")
    wrong = [(s, m) for s, m, right in margins if not right]
    linked = [right for s, m, right in margins if s >= matching.LINK_THRESHOLD and m >= matching.LINK_MARGIN]
    print(
        f"--link auto at score >= {matching.LINK_THRESHOLD} and margin >= {matching.LINK_MARGIN}: "
        f"links {len(linked)}/{len(margins)}, wrong {linked.count(False)}; "
        f"wrong top-1 (score, margin): {[(round(s, 3), round(m, 3)) for s, m in wrong][:10]}"
    )
    print(f"top-1 right (score, margin) lowest: {sorted((round(s, 3), round(m, 3)) for s, m, r in margins if r)[:5]}")
    if url.startswith("sqlite:///"):
        sample = DATA / manifest[0]["translation"]
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "provenance"), "--db", url, "match", str(sample), "--top", "5"],
            check=True,
            capture_output=True,
        )
        print(
            f"whole `provenance match FILE` wall time (new process, model load, embedding): "
            f"{time.perf_counter() - started:.2f} s"
        )
    if args.latency > len(ids):
        latency(engine, url, originals, args.latency - len(ids), rng, manifest, semantic)


def latency(engine, url, originals, extra, rng, manifest, semantic) -> None:  # type: ignore[no-untyped-def]
    """Grow the store with more distractors and time retrieval plus re-ranking, against a bare-SQL anchor."""
    started = time.perf_counter()
    if extra > 0:
        rows = recombined(list(originals.values()), extra, rng)
        ids = load(lambda: session_scope(engine), [(t, f"{t}\n{x}", None) for t, x in rows])
        with session_scope(engine) as session:
            index_versions(session, ids)
    if embeddings.available():
        # Timing only: random unit vectors stand in for the embeddings of versions that lack one (the
        # extra distractors would take hours to embed here); re-ranking reads the same bytes either way.
        with session_scope(engine) as session:
            missing = list(session.scalars(select(MatchDocument.version_id).where(MatchDocument.model.is_(None))))
            vectors = np.random.default_rng(1).normal(size=(len(missing), embeddings.DIMENSIONS)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            session.execute(
                update(MatchDocument),
                [
                    {"version_id": i, "model": embeddings.MODEL, "vector": embeddings.to_blob(v)}
                    for i, v in zip(missing, vectors, strict=True)
                ],
            )
    if extra > 0:
        print(f"grew the store by {extra} versions in {time.perf_counter() - started:.1f} s")
    query_vectors = {}
    lexical_times, fused_times, anchor_times = [], [], []
    texts = [read_article_file(DATA / row["translation"]) for row in manifest]
    semantic = embeddings.available()
    if semantic:
        for article in texts:
            query_vectors[article.text] = embeddings.to_blob(
                embeddings.embed([embeddings.prepare(article.text, article.title)])[0]
            )
    raw = sqlite3.connect(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    for article in texts:
        with session_scope(engine) as session:
            started = time.perf_counter()
            matching.match_text(session, article.text, title=article.title, top=10, semantic=False)
            lexical_times.append(time.perf_counter() - started)
            if semantic:
                started = time.perf_counter()
                matching.match_text(
                    session,
                    article.text,
                    title=article.title,
                    top=10,
                    semantic=True,
                    vector=query_vectors[article.text],
                )
                fused_times.append(time.perf_counter() - started)
        if raw is not None:
            features = sorted(fingerprint(article.text, article.title).features)
            marks = ",".join("?" * len(features))
            started = time.perf_counter()
            raw.execute(
                f"SELECT version_id, count(*) FROM match_features WHERE feature IN ({marks}) "
                "GROUP BY version_id ORDER BY 2 DESC LIMIT 300",
                features,
            ).fetchall()
            anchor_times.append(time.perf_counter() - started)
    with session_scope(engine) as session:
        total = session.scalar(select(Version.id).order_by(Version.id.desc()).limit(1))
    print(f"at {total} stored versions:")
    for name, values in (
        ("lexical query", lexical_times),
        ("fused query (not counting its embedding)", fused_times),
        ("anchor: the bare prefilter SQL in raw sqlite3 (unweighted)", anchor_times),
    ):
        if values:
            print(
                f"  {name}: p50 {statistics.median(values) * 1000:.1f} ms, p95 {percentile(values, 0.95) * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
