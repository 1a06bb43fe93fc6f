"""Discovery on real news: proposal precision and recall per kind, the wrong-link rate of --link auto, and
whether each story's origin count comes out right, on the WMT16 en→fi dev set.

A planted corpus from real text: each of the 68 English originals (at outlet "Origin") gets a word-for-word
republication at another outlet a day later, an excerpt (a contiguous 40–70% of its sentences) at a third,
and its two professional Finnish translations (outlets "Missila" and "Lingsoft") two days later. Nothing
else links them; the 67 other stories are each story's distractors. ``discover`` runs with ``--link auto``
(as a desk would), then every open proposal scoring at least 0.5 is accepted, as ``review accept
--min-score 0.5`` does. Nothing in ``discover`` or ``match`` was tuned on this set: the thresholds are
``match``'s, chosen on its own evaluation.

    python benchmarks/discover_eval.py            # lexical and, when the semantic extra is installed, embeddings
"""

from __future__ import annotations

import csv
import json
import random
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import select

from provenance.ingest import batch
from provenance.ledger.stories import stories
from provenance.match import discover as discovery
from provenance.match import embeddings, index
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.store.models import Derivation, LinkProposal, Version
from provenance.text.reading import read_article_file

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt16-enfi-dev"


def planted(rng: random.Random) -> tuple[list[dict[str, str]], dict[str, tuple[str, str]]]:
    """Return the records to import and the truth: each derived record's url -> (its original's url, kind)."""
    manifest = list(csv.DictReader((DATA / "manifest.csv").open(encoding="utf-8")))
    records: list[dict[str, str]] = []
    truth: dict[str, tuple[str, str]] = {}
    for path in sorted({row["original"] for row in manifest}):
        article = read_article_file(DATA / path)
        doc = Path(path).stem
        lines = [s for s in article.body.split("\n") if s.strip()]
        original = f"https://origin.example/{doc}"
        records.append({"text": "\n".join(lines), "title": article.title or doc, "outlet": "Origin",
                        "published": "2025-06-01", "url": original})  # fmt: skip
        copy = f"https://copy.example/{doc}"
        records.append({"text": "\n".join(lines), "title": article.title or doc, "outlet": "Copy Daily",
                        "published": "2025-06-02", "url": copy})  # fmt: skip
        truth[copy] = (original, "republication")
        share = rng.uniform(0.4, 0.7)
        size = max(2, int(len(lines) * share))
        start = rng.randrange(0, max(1, len(lines) - size + 1))
        excerpt = f"https://excerpt.example/{doc}"
        records.append({"text": "\n".join(lines[start : start + size]), "title": f"Excerpt: {article.title or doc}",
                        "outlet": "Excerpt Weekly", "published": "2025-06-03", "url": excerpt})  # fmt: skip
        truth[excerpt] = (original, "excerpt")
    for row in manifest:
        translation = read_article_file(DATA / row["translation"])
        url = f"https://{row['translator']}.example/{row['docid']}"
        records.append({"text": translation.text, "title": translation.title or row["docid"],
                        "outlet": row["translator"].capitalize(), "published": "2025-06-03", "url": url})  # fmt: skip
        truth[url] = (f"https://origin.example/{Path(row['original']).stem}", "translation")
    rng.shuffle(records)
    return records, truth


def main() -> None:
    rng = random.Random(7)
    records, truth = planted(rng)
    folder = tempfile.TemporaryDirectory()
    jsonl = Path(folder.name) / "planted.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    engine = make_engine(resolve_url(f"sqlite:///{folder.name}/discover.db"))
    ensure_schema(engine)
    with session_scope(engine) as session:
        options = batch.ImportOptions(create_missing=True, index=True)
        summary = batch.import_path(session, jsonl, options, max_bytes=5_000_000, checkpoint=session.commit)
    semantic = embeddings.available()
    if semantic:
        with session_scope(engine) as session:
            index.reindex(session, semantic=True, batch=64, checkpoint=session.commit)
    print(f"{summary.added} versions: {len(truth)} derived from 68 originals "
          f"({Counter(kind for _, kind in truth.values())}); embeddings: {'yes' if semantic else 'no'}")  # fmt: skip

    started = time.perf_counter()
    found = discovery.discover(engine, options=discovery.DiscoverOptions(link_auto=True, recorded_by="eval"))
    seconds = time.perf_counter() - started
    with session_scope(engine) as session:
        url_of = {vid: url for vid, url in session.execute(select(Version.id, Version.url))}
        auto = [(url_of[d], url_of[s], k) for d, s, k in session.execute(
            select(Derivation.derived_id, Derivation.source_id, Derivation.kind))]  # fmt: skip
        proposals = [(url_of[p.derived_id], url_of[p.source_id], p.kind, p.score)
                     for p in session.scalars(select(LinkProposal))]  # fmt: skip
    print(f"discover: {found.examined} versions in {seconds:.1f} s; {found.linked} linked by --link auto, "
          f"{found.proposed} proposed")  # fmt: skip

    story = {url: url for url in {s for s, _ in truth.values()}} | {d: s for d, (s, _) in truth.items()}
    wrong_auto = [a for a in auto if story.get(a[0]) != story.get(a[1])]
    print(f"links recorded by import and --link auto: {len(auto)}, {len(wrong_auto)} joining two stories")
    best: dict[str, tuple[str, float]] = {}
    for d, s, _, score in proposals:
        if d not in best or score > best[d][1]:
            best[d] = (s, score)
    exact = sum(1 for d, (s, _) in best.items() if truth.get(d, (None,))[0] == s)
    same = sum(1 for d, (s, _) in best.items() if story.get(d) is not None and story.get(d) == story.get(s))
    print(
        f"best proposal per version: {len(best)} versions; its source is the planted original for {exact} "
        f"({exact / max(1, len(best)):.3f}), a version of the same story for {same} ({same / max(1, len(best)):.3f})"
    )
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    found_pairs = {(d, s) for d, s, *_ in auto} | {(d, s) for d, s, *_ in proposals}
    for derived, (source, kind) in truth.items():
        by_kind[kind]["planted"] += 1
        by_kind[kind]["found"] += (derived, source) in found_pairs
    for d, s, *_ in [*auto, *proposals]:
        kind = truth.get(d, (None, "unplanted"))[1] if truth.get(d, (None,))[0] == s else "wrong"
        by_kind[kind]["right" if kind != "wrong" else "wrong"] += 1
    wrong = by_kind.pop("wrong", Counter())["wrong"]
    print("kind           planted  found (linked or proposed)  recall")
    for kind, counts in sorted(by_kind.items()):
        print(f"{kind:<14} {counts['planted']:>7}  {counts['found']:>26}  {counts['found'] / counts['planted']:.3f}")
    total = len(auto) + len(proposals)
    share = (total - wrong) / max(1, total)
    print(f"links and proposals naming the planted original: {share:.3f} ({wrong} name another version, of {total})")

    with session_scope(engine) as session:
        accepted = discovery.accept(session, min_score=0.5, by="eval")
    print(f"review accept --min-score 0.5: {len(accepted.decided)} accepted, {len(accepted.left)} left")
    with session_scope(engine) as session:
        listed = stories(session)
        story_of = {url_of[v]: w for v, w in session.execute(select(Version.id, Version.work_id))}
    counts = {s["story"]: s for s in listed}
    originals = {source for source, _ in truth.values()}
    exact = sum(
        1
        for original in originals
        if counts[story_of[original]]["origin_count"] == 1
        and counts[story_of[original]]["versions"] == 1 + sum(1 for s, _ in truth.values() if s == original)
    )
    print(f"stories whose versions and origin count (1) are exactly right: {exact} of {len(originals)} "
          f"({exact / len(originals):.3f}); stories in all: {len(listed)} (68 planted)")  # fmt: skip


if __name__ == "__main__":
    main()
