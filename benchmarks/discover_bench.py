"""Discovery at scale on a planted corpus: proposal precision and recall per kind, origin counts, the wrong-link
rate of ``--link auto``, and the time of ``discover`` and ``reindex`` with 1, 2 and 4 workers.

The corpus (``--stories 1000`` by default) holds stories, each an original with 0–20 derived versions published
after it at other outlets: word-for-word republications, republications with a new headline and a rewritten first
paragraph, excerpts of a contiguous 20–70% of the text, and, for the 68 WMT16 originals in ``../shared/data``,
their two real Finnish translations. Among them: ``--unrelated 10000`` articles and ``--pairs 300`` pairs of
independent reports of one event (the same names, numbers and date, each in its own words). No back-translation
is planted: the data holds no real one, and a made-up one would measure the generator.

Synthetic text: each sentence is a real WMT16 English sentence with about half its words replaced by words drawn
from the same corpus by frequency, its names by names from a pool and its numbers by new ones, so that no two
articles share a passage unless one was copied from the other.

``discover`` runs with ``--link auto`` over every version, then ``review accept --min-score 0.5`` (as in
docs/matching.md) joins stories; a story's origin count is right when its versions form one story with one origin
and nothing else. Timing: ``--scale 100000`` builds a second store of that many versions (the planted corpus and
more unrelated articles) and times ``discover`` over a sample of ``--timed`` versions with 1, 2 and 4 workers on
SQLite and 2 on PostgreSQL (``--pg URL``), lexical matching (embeddings are not computed for 100k articles
here; ``reindex`` throughput is timed on its own, with embeddings, over ``--embed`` articles).

    python benchmarks/discover_bench.py                          # the accuracy figures
    python benchmarks/discover_bench.py --scale 100000 --timed 3000 --pg postgresql://postgres@127.0.0.1/bench
    python benchmarks/discover_bench.py --no-accuracy --embed 200      # reindex throughput, 1 and 2 workers
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, select, text

from provenance.ingest import batch
from provenance.match import discover as discovery
from provenance.match import embeddings, index
from provenance.store import work
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.store.models import Derivation, LinkProposal, Version
from provenance.text.reading import read_article_file

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt16-enfi-dev"
OUTLETS = [f"Outlet {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
KINDS = ("republication", "edited", "excerpt")
VERBOSE = False  # True prints the wrong and missed cases


class Writer:
    """Synthetic sentences from real ones: structure kept, words, names and numbers replaced."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        originals = sorted((DATA / "originals" / "en").glob("*.txt"))
        self.sentences = [s for p in originals for s in _lines(p)]
        words = [w for s in self.sentences for w in s.split() if w.isalpha() and w.islower()]
        counts = Counter(words)
        self.vocabulary = list(counts)
        self.cumulative = list(itertools.accumulate(counts[w] for w in self.vocabulary))
        syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "da", "be", "gu", "ha", "ji", "po"]
        self.names = sorted(
            {(rng.choice(syllables) + rng.choice(syllables) + rng.choice(syllables)).title() for _ in range(3000)}
        )

    def sentence(self, names: list[str] | None = None, numbers: list[str] | None = None) -> str:
        words = []
        for word in self.rng.choice(self.sentences).split():
            if word[:1].isupper() and len(words) > 0:
                words.append(
                    self.rng.choice(names) if names and self.rng.random() < 0.6 else self.rng.choice(self.names)
                )
            elif any(c.isdigit() for c in word):
                words.append(self.rng.choice(numbers) if numbers else str(self.rng.randint(2, 9999)))
            elif word.isalpha() and self.rng.random() < 0.5:
                words.append(self.rng.choices(self.vocabulary, cum_weights=self.cumulative)[0])
            else:
                words.append(word)
        return " ".join(words)

    def article(self, paragraphs: int, names: list[str] | None = None, numbers: list[str] | None = None) -> list[str]:
        return [
            " ".join(self.sentence(names, numbers) for _ in range(self.rng.randint(2, 4))) for _ in range(paragraphs)
        ]


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()[1:] if len(line.split()) > 6]


@dataclass
class Corpus:
    """The records to import and the truth about them, by address."""

    records: list[dict[str, str]] = field(default_factory=list)
    story: dict[str, str] = field(default_factory=dict)  # url -> its story's original url (stories only)
    kind: dict[str, str] = field(default_factory=dict)  # derived url -> planted kind
    full: set[str] = field(default_factory=set)  # urls carrying the story's whole text (a right source)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    span: dict[str, tuple[int, int]] = field(default_factory=dict)  # excerpt url -> its sentences [start, end)

    def add(self, url: str, lines: list[str], title: str, outlet: str, day: date, **extra: str) -> None:
        self.records.append(
            {
                "text": "\n\n".join(lines),
                "title": title,
                "outlet": outlet,
                "published": day.isoformat(),
                "url": url,
                **extra,
            }
        )


def plant(rng: random.Random, stories: int, unrelated: int, pairs: int) -> Corpus:
    """Return the planted corpus: stories with their derived versions, independent pairs, unrelated articles."""
    writer = Writer(rng)
    corpus = Corpus()
    wmt = _wmt_stories()
    for n in range(stories):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        outlet = rng.choice(OUTLETS)
        if n < len(wmt):
            title, lines, translations = wmt[n]
        else:
            lines, translations = writer.article(rng.randint(5, 12)), []
            title = " ".join(writer.sentence().split()[:8])
        root = f"https://story.example/{n}/original"
        corpus.add(root, lines, title, outlet, day)
        corpus.story[root] = root
        corpus.full.add(root)
        wholes = [(root, lines, title)]
        excerpted: set[tuple[int, int]] = set()
        for i in range(rng.randint(0, 20)):
            kind = rng.choice(KINDS)
            _, source_lines, source_title = rng.choice(wholes)
            url = f"https://story.example/{n}/{i}-{kind}"
            if kind == "republication":
                derived, derived_title = source_lines, source_title
            elif kind == "edited":
                derived = [writer.article(1)[0], *source_lines[1:]]
                derived_title = " ".join(writer.sentence().split()[:8])
            else:
                cut = _excerpt(rng, lines, excerpted)  # of the original (its republications carry the same text)
                if cut is None:
                    continue
                derived, derived_title = cut[0], f"Excerpt: {source_title}"
                corpus.span[url] = cut[1]
            copier = rng.choice([o for o in OUTLETS if o != outlet])
            corpus.add(url, derived, derived_title, copier, day + timedelta(days=1 + i // 5))
            corpus.story[url] = root
            corpus.kind[url] = "excerpt" if kind == "excerpt" else "republication"
            if kind != "excerpt":
                corpus.full.add(url)
                wholes.append((url, derived, derived_title))
        for j, (translator, translated) in enumerate(translations):
            url = f"https://story.example/{n}/translation-{translator}"
            corpus.add(
                url, translated, f"{title} ({translator})", f"Translator {translator}", day + timedelta(days=2 + j)
            )
            corpus.story[url] = root
            corpus.kind[url] = "translation"
    for n in range(pairs):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        names = rng.sample(writer.names, 4)
        numbers = [str(rng.randint(10, 5000)) for _ in range(3)]
        urls = []
        for side in ("a", "b"):
            url = f"https://event.example/{n}/{side}"
            corpus.add(
                url,
                writer.article(rng.randint(5, 9), names, numbers),
                " ".join(names[:2]),
                rng.choice(OUTLETS),
                day + timedelta(days=side == "b"),
            )
            urls.append(url)
        corpus.pairs.append((urls[0], urls[1]))
    for n in range(unrelated):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        corpus.add(
            f"https://other.example/{n}",
            writer.article(rng.randint(4, 12)),
            " ".join(writer.sentence().split()[:8]),
            rng.choice(OUTLETS),
            day,
        )
    rng.shuffle(corpus.records)
    return corpus


def _excerpt(
    rng: random.Random, lines: list[str], taken: set[tuple[int, int]]
) -> tuple[list[str], tuple[int, int]] | None:
    """A contiguous 20–70% of the text's sentences, not taken by an excerpt before (None: the text is too short)."""
    sentences = [s for line in lines for s in re.split(r"(?<=[.!?])\s+", line) if s]
    words = [len(s.split()) for s in sentences]
    for _ in range(20):
        share = rng.uniform(0.2, 0.7)
        start = rng.randrange(0, len(sentences))
        size = 0
        while start + size < len(sentences) and sum(words[start : start + size + 1]) <= share * sum(words):
            size += 1
        if size >= 2 and (start, size) not in taken:
            taken.add((start, size))
            part = sentences[start : start + size]
            return [" ".join(part[i : i + 3]) for i in range(0, len(part), 3)], (start, start + size)
    return None


def _wmt_stories() -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    manifest = list(csv.DictReader((DATA / "manifest.csv").open(encoding="utf-8")))
    translations: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in manifest:
        translations[row["original"]].append((row["translator"], read_article_file(DATA / row["translation"]).text))
    found = []
    for path in sorted(translations):
        article = read_article_file(DATA / path)
        lines = [s for s in article.body.split("\n") if s.strip()]
        found.append(
            (article.title or Path(path).stem, lines, [(t, body.split("\n")) for t, body in translations[path]])
        )
    return found


def load(engine: Engine, records: list[dict[str, str]], folder: Path) -> float:
    """Import ``records`` (fingerprinted as they are imported); return the seconds it took."""
    jsonl = folder / "corpus.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    started = time.perf_counter()
    with session_scope(engine) as session:
        options = batch.ImportOptions(create_missing=True, index=True)
        batch.import_path(session, jsonl, options, max_bytes=10**10, checkpoint=session.commit)
    return time.perf_counter() - started


def accuracy(corpus: Corpus, engine: Engine, workers: int) -> None:
    """Print proposal precision and recall per kind, --link auto's wrong links and the origin counts."""
    started = time.perf_counter()
    found = discovery.discover(
        engine, options=discovery.DiscoverOptions(link_auto=True, recorded_by="bench"), workers=workers
    )
    seconds = time.perf_counter() - started
    with session_scope(engine) as session:
        url_of = {vid: url for vid, url in session.execute(select(Version.id, Version.url))}
        links = [
            (url_of[d], url_of[s], k)
            for d, s, k in session.execute(select(Derivation.derived_id, Derivation.source_id, Derivation.kind))
        ]
        proposals = [
            (url_of[p.derived_id], url_of[p.source_id], p.kind, p.score) for p in session.scalars(select(LinkProposal))
        ]
    print(
        f"discover over {found.examined} versions with {workers} workers: {seconds:.0f} s "
        f"({found.examined / seconds:.0f} versions/s); {found.linked} linked by --link auto, {found.proposed} proposed"
    )

    def right(derived: str, source: str, kind: str) -> bool:
        """Same story, the source holds all of the derived text (a whole version, or an excerpt around this one),
        and the kind planted."""
        if corpus.story.get(derived) is None or corpus.story.get(derived) != corpus.story.get(source):
            return False
        if source in corpus.full:
            return corpus.kind.get(derived) == kind
        inner, outer = corpus.span.get(derived), corpus.span.get(source)
        holds = inner is not None and outer is not None and outer[0] <= inner[0] and inner[1] <= outer[1]
        return holds and kind == "excerpt"

    auto = [(d, s, k) for d, s, k in links]
    wrong_auto = [a for a in auto if not right(*a)]
    print(f"--link auto: {len(auto)} links, {len(wrong_auto)} wrong ({len(wrong_auto) / max(1, len(auto)):.4f})")
    if VERBOSE:
        print("wrong auto", wrong_auto[:8])
        for kind in ("republication", "excerpt"):
            bad = [(d, s, k, round(sc, 2)) for d, s, k, sc in proposals if k == kind and not right(d, s, k)]
            print("wrong", kind, len(bad), bad[:10])
            missed = [
                u
                for u, k in corpus.kind.items()
                if k == kind and not any(right(d, s, k) for d, s, k, *_ in [*auto, *proposals] if d == u)
            ]
            print("missed", kind, len(missed), missed[:10])
    print("kind            planted  proposals  precision  recall")
    words = {r["url"]: len(r["text"].split()) for r in corpus.records}
    excerpts_30 = {u for u, k in corpus.kind.items() if k == "excerpt" and words[u] >= 0.3 * words[corpus.story[u]]}
    found_for: dict[str, set[str]] = defaultdict(set)
    for d, s, k, *_ in [*auto, *proposals]:
        if right(d, s, k):
            found_for[k].add(d)
    for kind in ("republication", "excerpt", "translation"):
        planted = [u for u, k in corpus.kind.items() if k == kind]
        named = [(d, s, k) for d, s, k, *_ in [*auto, *proposals] if k == kind]
        precision = sum(right(*p) for p in named) / max(1, len(named))
        recall = sum(u in found_for[kind] for u in planted) / max(1, len(planted))
        print(f"{kind:<15} {len(planted):>7}  {len(named):>9}  {precision:>9.3f}  {recall:.3f}")
    recall_30 = sum(u in found_for["excerpt"] for u in excerpts_30) / max(1, len(excerpts_30))
    print(f"excerpts of 30% or more: {len(excerpts_30)}, recall {recall_30:.3f}")
    others = Counter(
        k for d, s, k, *_ in proposals if corpus.story.get(d) is None or corpus.story.get(d) != corpus.story.get(s)
    )
    print(f"proposals joining what no copying joins, by kind: {dict(others)}")

    with session_scope(engine) as session:
        accepted = discovery.accept(session, min_score=0.5, by="bench")
    print(f"review accept --min-score 0.5: {len(accepted.decided)} accepted, {len(accepted.left)} left")
    with session_scope(engine) as session:
        work_of = {url_of[v]: w for v, w in session.execute(select(Version.id, Version.work_id))}
        has_source = select(Derivation.id).where(Derivation.derived_id == Version.id).exists()
        origins = Counter(work_of[url_of[v]] for v in session.scalars(select(Version.id).where(~has_source)))
    members: dict[int, set[str]] = defaultdict(set)
    for url, story in work_of.items():
        members[story].add(url)
    planted_stories: dict[str, set[str]] = defaultdict(set)
    for url, root in corpus.story.items():
        planted_stories[root].add(url)
    exact = sum(
        1 for root, urls in planted_stories.items() if members[work_of[root]] == urls and origins[work_of[root]] == 1
    )
    print(
        f"stories whose versions and origin count (1) are exactly right: {exact} of {len(planted_stories)} "
        f"({exact / len(planted_stories):.3f})"
    )
    if VERBOSE:
        for root, urls in list(planted_stories.items()):
            got = members[work_of[root]]
            if got != urls or origins[work_of[root]] != 1:
                print(
                    "inexact",
                    root,
                    "missing",
                    sorted(urls - got)[:5],
                    "extra",
                    sorted(got - urls)[:5],
                    "origins",
                    origins[work_of[root]],
                )
    merged = sum(1 for a, b in corpus.pairs if work_of[a] == work_of[b])
    print(f"independent reports of one event merged: {merged} of {len(corpus.pairs)} pairs")


def sample_ids(engine: Engine, sample: int) -> list[int]:
    """The versions ``discover`` is timed over: ``sample`` drawn at random (the same ones every run)."""
    with session_scope(engine) as session:
        ids = list(session.scalars(select(Version.id).order_by(Version.id)))
    return sorted(random.Random(3).sample(ids, min(sample, len(ids))))


def timed_discover(engine: Engine, workers: int, sample: int) -> float:
    """Seconds for ``discover`` over ``sample`` versions with ``workers`` workers (proposals of earlier runs gone)."""
    chosen = sample_ids(engine, sample)
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM link_proposals"))
        session.execute(text("DELETE FROM work_batches"))
        work.plan(session, discovery.TASK, chosen, size=discovery.BATCH, options={"sample": sample})
    started = time.perf_counter()
    discovery.discover(engine, workers=workers, join_only=True)
    return time.perf_counter() - started


def bare_retrieval(path: Path, ids: list[int]) -> float:
    """Seconds for the bare SQL every ``discover`` query starts with, through raw ``sqlite3`` over the same
    versions: the version's features read, the rarest of them chosen by their counts (up to 20,000 index rows,
    as matching does) and the join of ``match_features`` that ranks 300 candidates by shared features."""
    db = sqlite3.connect(path)
    started = time.perf_counter()
    for vid in ids:
        (features,) = db.execute("SELECT features FROM match_documents WHERE version_id = ?", (vid,)).fetchone()
        wanted = [f for f in (features or "").split("\n") if f]
        counts = db.execute(
            f"SELECT feature, versions FROM match_feature_counts WHERE feature IN ({','.join('?' * len(wanted))}) "
            "AND versions > 0 ORDER BY versions",
            wanted,
        ).fetchall()
        chosen, rows = [], 0
        for feature, n in counts:
            if len(chosen) >= 12 and rows + n > 20_000:
                break
            chosen.append(feature)
            rows += n
        db.execute(
            f"SELECT version_id FROM match_features WHERE feature IN ({','.join('?' * len(chosen))}) "
            "AND version_id != ? GROUP BY version_id ORDER BY COUNT(*) DESC, version_id LIMIT 300",
            (*chosen, vid),
        ).fetchall()
    db.close()
    return time.perf_counter() - started


def timed_reindex(engine: Engine, workers: int) -> float:
    """Seconds for ``reindex`` with embeddings over the store's versions (their vectors dropped first)."""
    with session_scope(engine) as session:
        session.execute(text("UPDATE match_documents SET model = NULL, vector = NULL"))
        session.execute(text("DELETE FROM work_batches"))
    started = time.perf_counter()
    index.reindex_shared(engine, semantic=True, workers=workers)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--unrelated", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2, help="workers for the accuracy run")
    parser.add_argument("--scale", type=int, default=0, help="also time discover on a store of this many versions")
    parser.add_argument("--timed", type=int, default=2000, help="versions discover is timed over at --scale")
    parser.add_argument("--embed", type=int, default=0, help="also time reindex with embeddings over this many")
    parser.add_argument("--pg", help="a PostgreSQL URL: also time discover with 2 workers there")
    parser.add_argument("--no-accuracy", action="store_true", help="skip the accuracy run (only the timings)")
    args = parser.parse_args()
    rng = random.Random(11)
    folder = Path(tempfile.mkdtemp(prefix="discover-bench-"))
    corpus = plant(rng, args.stories, args.unrelated, args.pairs)
    derived = Counter(corpus.kind.values())
    print(
        f"planted: {args.stories} stories, {sum(derived.values())} derived versions ({dict(derived)}), "
        f"{args.pairs} pairs of independent reports, {args.unrelated} unrelated; {len(corpus.records)} versions"
    )
    if not args.no_accuracy:
        engine = make_engine(resolve_url(f"sqlite:///{folder}/accuracy.db"))
        ensure_schema(engine)
        print(f"import with fingerprints: {load(engine, corpus.records, folder):.0f} s")
        accuracy(corpus, engine, args.workers)
    if args.scale:
        scale(corpus, folder, args)
    if args.embed:
        embed_engine = make_engine(resolve_url(f"sqlite:///{folder}/embed.db"))
        ensure_schema(embed_engine)
        load(embed_engine, corpus.records[: args.embed], folder)
        print(f"reindex over {args.embed} articles, fingerprints and embeddings ({embeddings.MODEL})")
        for workers in (1, 2):
            seconds = timed_reindex(embed_engine, workers)
            print(f"reindex with embeddings, {workers} worker(s): {args.embed / seconds:.2f} articles/s")


def scale(corpus: Corpus, folder: Path, args: argparse.Namespace) -> None:
    """Time discover on a store of ``args.scale`` versions: SQLite with 1, 2, 4 workers; PostgreSQL with 2."""
    rng = random.Random(5)
    writer = Writer(rng)
    extra = args.scale - len(corpus.records)
    records = list(corpus.records)
    for n in range(max(0, extra)):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        records.append(
            {
                "text": "\n\n".join(writer.article(rng.randint(4, 12))),
                "title": f"Filler {n}",
                "outlet": rng.choice(OUTLETS),
                "published": day.isoformat(),
                "url": f"https://filler.example/{n}",
            }
        )
    targets: list[tuple[str, Engine]] = []
    sqlite_engine = make_engine(resolve_url(f"sqlite:///{folder}/scale.db"))
    ensure_schema(sqlite_engine)
    targets.append(("SQLite", sqlite_engine))
    if args.pg:
        pg_engine = make_engine(resolve_url(args.pg))
        ensure_schema(pg_engine)
        with session_scope(pg_engine) as session:
            if session.scalar(select(Version.id).limit(1)) is not None:
                raise SystemExit(f"{args.pg} is not empty: give an empty database to --pg")
        targets.append(("PostgreSQL", pg_engine))
    for name, engine in targets:
        seconds = load(engine, records, folder)
        print(f"{name}: {len(records)} versions imported with fingerprints in {seconds:.0f} s")
        if name == "SQLite":
            bare = bare_retrieval(folder / "scale.db", sample_ids(engine, args.timed))
            print(
                f"{name}: bare retrieval SQL (raw sqlite3) over the same {args.timed} versions: {bare:.1f} s "
                f"({args.timed / bare:.0f} versions/s)"
            )
        for workers in (1, 2, 4) if name == "SQLite" else (2,):
            took = timed_discover(engine, workers, args.timed)
            per = took / args.timed
            print(
                f"{name}: discover over {args.timed} of {len(records)} versions, {workers} worker(s): {took:.0f} s "
                f"({args.timed / took:.1f} versions/s; {per * len(records) / 60:.0f} min for all {len(records)})"
            )


if __name__ == "__main__":
    main()
