"""The matching index kept beside the versions: fingerprints (``match_features``, ``match_documents``,
``match_feature_counts``) and embeddings, written when versions are recorded and by ``reindex``.

The write path (``log``, ``import``) depends on this module only, never on the search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from provenance.match import embeddings
from provenance.match.fingerprints import CROSS_LANGUAGE_KINDS, SHINGLE, Fingerprint, fingerprint
from provenance.store import work
from provenance.store.batching import batched, id_batches, placeholder
from provenance.store.database import retrying, session_scope
from provenance.store.models import Base, MatchDocument, MatchFeature, MatchFeatureCount, Version, utcnow

REINDEX_BATCH = 32
"""Versions embedded at a time by ``reindex`` (each batch is committed)."""
REINDEX_TASK = "reindex"

INDEX_BATCH = 500


def index_versions(session: Session, version_ids: Iterable[int]) -> int:
    """Compute and store the fingerprints of these stored versions (replacing any stored); return how many.

    Set-based: per batch of 500 versions one read, then ``store_fingerprints``. Versions without text get
    an empty entry. Call it after inserting versions, in the same transaction.
    """
    count = 0
    for batch in id_batches(version_ids, INDEX_BATCH):
        rows = session.execute(select(Version.id, Version.title, Version.text).where(Version.id.in_(batch))).all()
        count += store_fingerprints(session, [(row.id, fingerprint(row.text or "", row.title)) for row in rows])
    session.flush()
    return count


def store_fingerprints(session: Session, prints: Sequence[tuple[int, Fingerprint]]) -> int:
    """Store fingerprints already computed (``log`` has the text in memory), replacing any stored; return how many.

    One bulk insert of features, one of documents, and one upsert of the feature counts
    (``match_feature_counts``); versions indexed before also get one decrement of their old features'
    counts and one delete.
    """
    if not prints:
        return 0
    ids = [vid for vid, _ in prints]
    existing = sorted(session.scalars(select(MatchDocument.version_id).where(MatchDocument.version_id.in_(ids))))
    if existing:
        session.execute(_COUNT_FEATURES, {"sign": -1, "ids": existing})
        session.execute(delete(MatchFeature).where(MatchFeature.version_id.in_(existing)))
    # In key order (the table is its primary key) and as plain tuples through the driver: SQLAlchemy's
    # per-row parameter processing would cost more than SQLite's insert itself.
    features = sorted((f, vid) for vid, fp in prints for f in fp.features)
    if features:
        connection = session.connection()
        mark = placeholder(connection)
        connection.exec_driver_sql(
            f"INSERT INTO match_features (feature, version_id) VALUES ({mark}, {mark})", features
        )
        session.execute(_COUNT_FEATURES, {"sign": 1, "ids": ids})
    now = utcnow()
    documents = [
        {
            "version_id": vid,
            "cross_features": sum(1 for f in fp.features if f[0] in CROSS_LANGUAGE_KINDS),
            "shingles": sum(1 for f in fp.features if f[0] == SHINGLE),
            "words": fp.words,
            "indexed_at": now,
            "features": "\n".join(sorted(fp.features)),
            "sequence": "\n".join(fp.sequence),
        }
        for vid, fp in prints
    ]
    known = set(existing)
    fresh = [d for d in documents if d["version_id"] not in known]
    if fresh:
        session.execute(insert(Base.metadata.tables[MatchDocument.__tablename__]), fresh)
    stale = [d for d in documents if d["version_id"] in known]
    if stale:
        session.execute(update(MatchDocument), stale)
    return len(prints)


# Adds (sign 1) or takes away (sign -1) these versions' features from the per-feature counts, in one statement
# that both SQLite (3.24+) and PostgreSQL run. Counts that reach 0 stay as rows (read as "unseen"); ``reindex
# --rebuild`` recomputes them all (``recount_features``).
_COUNT_FEATURES = text(
    "INSERT INTO match_feature_counts (feature, versions) "
    "SELECT feature, :sign * COUNT(*) FROM match_features WHERE version_id IN :ids GROUP BY feature ORDER BY feature "
    "ON CONFLICT (feature) DO UPDATE SET versions = match_feature_counts.versions + excluded.versions"
).bindparams(bindparam("ids", expanding=True))


def recount_features(session: Session) -> int:
    """Recompute every feature's count from ``match_features`` (after ``reindex --rebuild``); return how many."""
    session.execute(delete(MatchFeatureCount))
    session.execute(
        text(
            "INSERT INTO match_feature_counts (feature, versions) "
            "SELECT feature, COUNT(*) FROM match_features GROUP BY feature"
        )
    )
    return session.scalar(select(func.count()).select_from(MatchFeatureCount)) or 0


@dataclass(frozen=True)
class IndexState:
    """How far the matching index covers the store: versions, those indexed, and of those the ones without an
    embedding or indexed before the order of their names and numbers was kept (migration 0004)."""

    versions: int
    indexed: int
    without_vector: int
    outdated: int

    @property
    def unindexed(self) -> int:
        """Versions without fingerprints, which matching cannot find (``import`` leaves them to ``reindex``)."""
        return max(self.versions - self.indexed, 0)


def index_state(session: Session) -> IndexState:
    """Return the index's coverage, counted in one statement."""
    d = MatchDocument
    row = session.execute(
        select(
            select(func.count()).select_from(Version).scalar_subquery(),
            func.count(),
            func.count(case((d.model.is_(None), 1))),
            func.count(case((d.sequence.is_(None), 1))),
        ).select_from(d)
    ).one()
    return IndexState(*(int(n or 0) for n in row))


@dataclass(frozen=True)
class ReindexResult:
    """What ``reindex`` did: versions fingerprinted and versions embedded."""

    fingerprinted: int
    embedded: int
    semantic: bool


def reindex(
    session: Session,
    *,
    semantic: bool | None = None,
    batch: int = REINDEX_BATCH,
    progress: Callable[[str, int, int], None] | None = None,
    checkpoint: Callable[[], None] | None = None,
    rebuild: bool = False,
) -> ReindexResult:
    """Build what matching needs for versions that lack it: fingerprints, then embeddings, in batches.

    ``rebuild`` recomputes every version's fingerprints (after an upgrade that changed them); the
    embeddings of another model than the current one are always recomputed.

    ``progress(stage, done, total)`` is called after each batch and ``checkpoint()`` (for example the
    session's commit) too, so an interrupted run resumes where it stopped.
    """
    missing = list(session.scalars(_unfingerprinted(rebuild)))
    done = 0
    for batch_ids in batched(missing, INDEX_BATCH):
        done += index_versions(session, batch_ids)
        _after_batch(progress, checkpoint, "fingerprints", done, len(missing))
    if rebuild:
        # The counts are kept by index_versions; recounting clears any drift (versions deleted by hand).
        recount_features(session)
        _after_batch(None, checkpoint, "fingerprints", done, len(missing))
    if not embeddings.wanted(semantic):
        return ReindexResult(done, 0, False)
    to_embed = list(
        session.scalars(select(MatchDocument.version_id).where(_unembedded()).order_by(MatchDocument.version_id))
    )
    embedded = 0
    for chunk in batched(to_embed, batch):
        embedded += embed_versions(session, chunk)
        _after_batch(progress, checkpoint, "embeddings", embedded, len(to_embed))
    return ReindexResult(done, embedded, True)


def _unfingerprinted(rebuild: bool = False) -> Select[Any]:
    """The versions whose fingerprints are missing or outdated (every version with ``rebuild``)."""
    lacking = select(Version.id).order_by(Version.id)
    if rebuild:
        return lacking
    return lacking.outerjoin(MatchDocument, MatchDocument.version_id == Version.id).where(
        MatchDocument.version_id.is_(None) | MatchDocument.sequence.is_(None)
    )


def _unembedded() -> ColumnElement[bool]:
    """Whether a version's embedding is missing or of another model than the current one."""
    return MatchDocument.model.is_(None) | (MatchDocument.model != embeddings.MODEL)


def reindex_shared(
    engine: Engine,
    *,
    semantic: bool | None = None,
    rebuild: bool = False,
    workers: int = 1,
    join_only: bool = False,
    advance: Callable[[int], None] = lambda _: None,
) -> ReindexResult:
    """``reindex`` planned in the database and shared by ``workers`` processes here and any ``reindex --worker``
    elsewhere (``store.work``): each batch is fingerprinted and embedded, then stored with its batch marked done.

    ``rebuild`` recomputes every version's fingerprints, and recounts the features once the plan is done.
    """
    semantic = embeddings.wanted(semantic)
    if join_only and not work.unfinished(engine, REINDEX_TASK):
        return ReindexResult(0, 0, semantic)  # nothing to join
    if not join_only:
        retrying(engine, lambda session: _plan_reindex(session, semantic, rebuild))
    job = work.Job(REINDEX_TASK, partial(_compute, semantic=semantic, rebuild=rebuild), _store)
    work.run(engine, job, workers=workers, advance=advance)
    with session_scope(engine) as session:
        results = work.results(session, REINDEX_TASK)
        if rebuild and work.progress(session, REINDEX_TASK).batches == len(results):
            recount_features(session)
    return ReindexResult(sum(r["fingerprinted"] for r in results), sum(r["embedded"] for r in results), semantic)


def _plan_reindex(session: Session, semantic: bool, rebuild: bool) -> work.Plan:
    ids: set[int] = set(session.scalars(_unfingerprinted(rebuild)))
    if semantic:
        ids.update(session.scalars(select(MatchDocument.version_id).where(_unembedded())))
    return work.plan(
        session, REINDEX_TASK, sorted(ids), size=REINDEX_BATCH, options={"semantic": semantic, "rebuild": rebuild}
    )


@dataclass(frozen=True)
class _Indexed:
    """A batch computed: the fingerprints and the vectors to store."""

    prints: list[tuple[int, Fingerprint]]
    vectors: list[dict[str, Any]]


def _compute(session: Session, version_ids: list[int], semantic: bool, rebuild: bool) -> _Indexed:
    """Fingerprint the versions of a batch that lack it (all with ``rebuild``) and embed those that lack a vector
    of the current model: a version planned only for its vector keeps its fingerprints."""
    rows = session.execute(select(Version.id, Version.title, Version.text).where(Version.id.in_(version_ids))).all()
    lacking = set(session.scalars(_unfingerprinted(rebuild).where(Version.id.in_(version_ids))))
    prints = [(row.id, fingerprint(row.text or "", row.title)) for row in rows if row.id in lacking]
    if not semantic:
        return _Indexed(prints, [])
    documents = session.execute(
        select(MatchDocument.version_id, _unembedded()).where(MatchDocument.version_id.in_(version_ids))
    ).all()
    embedded = {version_id for version_id, unembedded in documents if not unembedded}
    to_embed = set(version_ids) - embedded
    return _Indexed(prints, _vectors([(r.id, r.title, r.text or "") for r in rows if r.id in to_embed]))


def _store(session: Session, batch: _Indexed) -> dict[str, int]:
    store_fingerprints(session, batch.prints)
    if batch.vectors:
        session.execute(update(MatchDocument), batch.vectors)
    return {"fingerprinted": len(batch.prints), "embedded": len(batch.vectors)}


def embed_versions(session: Session, version_ids: Iterable[int]) -> int:
    """Embed these stored versions (fingerprinted already) and store their vectors, in one batch; return how many."""
    rows = session.execute(
        select(Version.id, Version.title, Version.text).where(Version.id.in_(list(version_ids)))
    ).all()
    return store_embeddings(session, [(r.id, r.title, r.text or "") for r in rows])


def store_embeddings(session: Session, texts: Sequence[tuple[int, str | None, str]]) -> int:
    """Embed (version id, title, text) triples the caller has in memory and store their vectors; return how many."""
    if not texts:
        return 0
    session.execute(update(MatchDocument), _vectors(texts))
    return len(texts)


def _vectors(texts: Sequence[tuple[int, str | None, str]]) -> list[dict[str, Any]]:
    """Embed (version id, title, text) triples: the rows of their ``match_documents`` update."""
    if not texts:
        return []
    vectors = embeddings.embed([embeddings.prepare(text, title) for _, title, text in texts])
    now = utcnow()
    return [
        {"version_id": vid, "model": embeddings.MODEL, "vector": embeddings.to_blob(v), "embedded_at": now}
        for (vid, _, _), v in zip(texts, vectors, strict=True)
    ]


def index_new_version(session: Session, version_id: int, text: str, title: str | None) -> Fingerprint:
    """Fingerprint one version just recorded from the text in hand, and embed it when the semantic extra is
    installed (one article is cheap to embed; batches leave vectors to ``reindex``); return its fingerprint."""
    print_ = fingerprint(text, title)
    store_fingerprints(session, [(version_id, print_)])
    if embeddings.available():
        store_embeddings(session, [(version_id, title, text)])
    return print_


def _after_batch(
    progress: Callable[[str, int, int], None] | None,
    checkpoint: Callable[[], None] | None,
    stage: str,
    done: int,
    total: int,
) -> None:
    if checkpoint is not None:
        checkpoint()
    if progress is not None:
        progress(stage, done, total)
