"""Finding where a text came from among the stored versions: retrieval, scoring, fusion and evidence.

Retrieval is one SQL query over ``match_features`` (rarity-weighted shared features, top few hundred);
those candidates alone are scored lexically, re-ranked with stored embeddings when the semantic
extra is installed, and given a proposed derivation kind, direction and the evidence for it.
docs/matching.md explains the choices and the figures behind the constants below.
"""

from __future__ import annotations

import bisect
import heapq
import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from provenance.errors import InputError
from provenance.ledger.records import passage_record
from provenance.ledger.versions import find_by_hash, get_version, parse_published
from provenance.match import embeddings
from provenance.match.fingerprints import (
    DATE,
    LINK,
    NAME,
    NUMBER,
    QUOTE,
    SHINGLE,
    Fingerprint,
    fingerprint,
    name_keys,
    proper_names,
)
from provenance.match.index import index_state
from provenance.store.batching import placeholder
from provenance.store.models import MatchDocument, Outlet, Version
from provenance.text.alignment import NOTHING_SHARED, Alignment, Passage, Words, align
from provenance.text.claims import extract_claims
from provenance.text.language import detect_language
from provenance.text.names import may_be_rendering_of, normalize_name
from provenance.text.reading import ReadArticle
from provenance.vocabulary import SOURCE_KINDS

# Candidates read per query by SQL, then scored in full (and re-ranked by embedding).
PREFILTER = 300
# A feature in more than this share of versions ranks nothing; it is left out of retrieval (not scoring).
COMMON_FEATURE_SHARE = 0.05
COMMON_FEATURE_MIN = 50
# Retrieval joins the rarest features (read from match_feature_counts) up to PREFILTER_ROWS index rows (at
# least MIN_RANKING_FEATURES features), so a query's cost stays bounded at any store size. Weights treat
# a feature held by more than COUNT_CAP versions as held by COUNT_CAP (the scores' calibration, docs/matching.md).
COUNT_CAP = 1000
PREFILTER_ROWS = 20_000
MIN_RANKING_FEATURES = 12
# Penalty on candidates with many more cross-language features than the query (recombined texts).
LENGTH_EXPONENT = 0.3
# Fusion: weight of the lexical score against the semantic one (chosen on the dev data, docs/matching.md).
LEXICAL_WEIGHT = 0.5
# The least spread of lexical scores that the semantic one is scaled to (see _semantic).
LEXICAL_SPREAD_FLOOR = 0.05
# --link auto: link only at or above this score and this lead over the runner-up (docs/matching.md).
LINK_THRESHOLD = 0.5
LINK_MARGIN = 0.15
# Same-language copies shorter than this share of the candidate are proposed as excerpts (when either text is
# not at hand to align).
EXCERPT_SHARE = 0.6
# Aligned same-language texts: a text with at least INSIDE_SHARE of its words in the other is inside it, and an
# excerpt of it when that covers less than REPUBLICATION_SHARE of the other; texts that each keep words of their
# own (a new lead, a cut paragraph) but share at least EDITED_SHARE of both are one text edited: a republication.
INSIDE_SHARE = 0.9
REPUBLICATION_SHARE = 0.75
EDITED_SHARE = 0.5


@dataclass(frozen=True)
class Evidence:
    """Why a candidate matched: what both texts share, how similar they are, and what contradicts it."""

    names: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    shared_passages: int = 0
    passages: tuple[Passage, ...] = ()
    candidate_covered: float | None = None
    text_covered: float | None = None
    lexical_similarity: float = 0.0
    order_agreement: float | None = None
    title_similarity: float | None = None
    semantic_similarity: float | None = None
    time_order: str | None = None
    supporting_claims: tuple[str, ...] = ()
    contradicting_claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A stored version the text may derive from (or, with direction ``derived``, that may derive from it)."""

    id: int
    score: float
    title: str | None
    outlet: str | None
    url: str | None
    language: str | None
    published: datetime | None
    kind: str
    direction: str
    evidence: Evidence = field(default_factory=Evidence)


@dataclass(frozen=True)
class _Query:
    """The text being matched, with what is known about it."""

    fingerprint: Fingerprint
    language: str | None
    title: str | None
    published: datetime | None
    claims: Callable[[], tuple[tuple[str, str, int | None], ...]]
    embed_text: str
    text: str = ""
    vector: bytes | None = None
    exclude: frozenset[int] = frozenset()
    earlier_only: bool = False
    min_score: float = 0.0


@dataclass(frozen=True)
class MatchReport:
    """Candidates with how the search went: whether embeddings were used and how many versions lack one."""

    candidates: list[Candidate]
    semantic: bool
    stored: int
    without_vector: int
    unindexed: int = 0
    recorded_as: int | None = None
    outdated: int = 0


def match_text(
    session: Session,
    text: str,
    *,
    language: str | None = None,
    title: str | None = None,
    published: datetime | None = None,
    top: int = 10,
    semantic: bool | None = None,
    vector: bytes | None = None,
    indexed: int | None = None,
) -> list[Candidate]:
    """Return the stored versions ``text`` most likely derives from, best first (at most ``top``).

    ``semantic`` None uses embeddings when the extra is installed; False uses lexical evidence only.
    ``vector`` is the text's embedding when the caller has it already (``embeddings.to_blob``);
    ``indexed``, the number of indexed versions when the caller has counted them.
    """

    def claims() -> tuple[tuple[str, str, int | None], ...]:
        # Read only when a candidate has an outlet to compare the credits with.
        return tuple((c.kind, c.name, None) for c in extract_claims(text))

    query = _Query(
        fingerprint=fingerprint(text, title),
        language=language or detect_language(text).code,
        title=title,
        published=published,
        claims=claims,
        embed_text=embeddings.prepare(text, title),
        text=text,
        vector=vector,
    )
    return _match(session, query, top, embeddings.wanted(semantic), indexed)


def match_version(
    session: Session,
    version_id: int,
    top: int = 10,
    *,
    semantic: bool | None = None,
    indexed: int | None = None,
    print_: Fingerprint | None = None,
    earlier_only: bool = False,
    min_score: float = 0.0,
) -> list[Candidate]:
    """Return the stored versions that version ``version_id`` most likely derives from, best first.

        ``print_`` is the version's fingerprint when the caller has just computed it; ``earlier_only`` leaves out
        the versions published after it (its copies, not its sources) before ranking; ``min_score`` leaves out the
    candidates scoring less, unscored (order agreement only lowers a score). Raises NotFoundError
        for an unknown id.
    """
    version = get_version(session, version_id)
    document = session.get(MatchDocument, version_id)
    query = _Query(
        fingerprint=print_ or fingerprint(version.text or "", version.title),
        language=version.language or version.detected_language,
        title=version.title,
        published=version.published_at,
        claims=lambda: tuple((c.kind, c.name, c.outlet_id) for c in version.claims),
        embed_text=embeddings.prepare(version.text or "", version.title),
        text=version.text or "",
        vector=document.vector if document is not None and document.model == embeddings.MODEL else None,
        exclude=frozenset({version_id}),
        earlier_only=earlier_only,
        min_score=min_score,
    )
    return _match(session, query, top, embeddings.wanted(semantic), indexed)


def match(
    session: Session,
    *,
    version_id: int | None = None,
    article: ReadArticle | None = None,
    top: int = 10,
    semantic: bool | None = None,
) -> MatchReport:
    """Match a stored version (by id) or a read article; return the candidates and the index's state.

    An article whose text is already recorded is matched as that version (``recorded_as``), so that
    its own copy is not offered as its source.
    """
    recorded = find_by_hash(session, article.text) if article is not None and version_id is None else None
    if recorded is not None:
        version_id = recorded.id
    state = index_state(session)
    if version_id is not None:
        candidates = match_version(session, version_id, top, semantic=semantic, indexed=state.indexed)
    elif article is not None:
        candidates = match_text(
            session,
            article.text,
            title=article.title,
            published=parse_published(article.published),
            top=top,
            semantic=semantic,
            indexed=state.indexed,
        )
    else:
        raise InputError("nothing to match: give a file or a version id")
    return MatchReport(
        candidates,
        embeddings.wanted(semantic),
        state.indexed,
        state.without_vector,
        state.unindexed,
        recorded_as=recorded.id if recorded is not None else None,
        outdated=state.outdated,
    )


def best_link(candidates: Sequence[Candidate]) -> Candidate | None:
    """Return the candidate confident enough to link automatically, or None.

    The best candidate must score at least LINK_THRESHOLD, lead the runner-up by LINK_MARGIN, and
    be the likely source (not a later copy of the text).
    """
    if not candidates:
        return None
    best = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if best.score >= LINK_THRESHOLD and best.score - runner_up >= LINK_MARGIN and best.direction == "source":
        return best
    return None


def _match(session: Session, query: _Query, top: int, semantic: bool, indexed: int | None) -> list[Candidate]:
    features = query.fingerprint.features
    total = indexed if indexed is not None else index_state(session).indexed
    frequency = _frequencies(session, sorted(features))
    weight = {f: math.log(1 + total / min(df, COUNT_CAP)) for f, df in frequency.items()}
    ids = _prefilter(session, _ranking(frequency, weight, total), query.exclude)
    if query.earlier_only and query.published is not None and ids:
        later = set(
            session.scalars(select(Version.id).where(Version.id.in_(ids), Version.published_at > query.published))
        )
        ids = [vid for vid in ids if vid not in later]
    if semantic and len(ids) < PREFILTER:
        # Little lexical evidence: let the embeddings also judge the newest embedded versions, so that
        # a small store is searched whole and a text sharing no name or number can still be found.
        recent = select(MatchDocument.version_id).where(MatchDocument.model == embeddings.MODEL)
        if query.exclude:
            recent = recent.where(MatchDocument.version_id.not_in(sorted(query.exclude)))
        known = set(ids)
        for version_id in session.scalars(recent.order_by(MatchDocument.version_id.desc()).limit(PREFILTER)):
            if len(ids) >= PREFILTER:
                break
            if version_id not in known:
                ids.append(version_id)
    if not ids:
        return []
    documents = {
        d.version_id: d
        for d in session.execute(
            select(
                MatchDocument.version_id,
                MatchDocument.cross_features,
                MatchDocument.words,
                MatchDocument.features,
                MatchDocument.sequence,
                MatchDocument.model,
                MatchDocument.vector if semantic else MatchDocument.model.label("vector"),
            ).where(MatchDocument.version_id.in_(ids))
        )
    }
    # Each candidate's features come in one row: cheaper than seeking every (feature, candidate) pair in the index.
    known_features = frozenset(weight)
    shared = {vid: set(known_features.intersection((documents[vid].features or "").split("\n"))) for vid in ids}
    totals = _totals(query.fingerprint, weight)
    parts = {vid: _lexical(totals, shared[vid], weight, documents[vid].cross_features) for vid in ids}
    cosine = _cosines(query, ids, documents) if semantic else {}
    query_order = {feature: i for i, feature in enumerate(query.fingerprint.sequence)}
    lexical, scores, order = _scores(
        parts,
        cosine,
        lambda vid: _order_agreement(query_order, documents[vid].sequence, shared[vid] & totals.cross, weight),
        top,
        query.min_score,
    )
    ranked = [vid for vid in sorted(order, key=lambda vid: (-scores[vid], vid))[:top] if scores[vid] >= query.min_score]
    versions = {
        v.id: v
        for v in session.scalars(
            select(Version)
            .where(Version.id.in_(ranked))
            .options(
                selectinload(Version.outlet).selectinload(Outlet.aliases),
                selectinload(Version.outlet).selectinload(Outlet.domains),
            )
        )
    }
    if any(versions[vid].outlet_id is not None for vid in ranked):
        credits = query.claims()
        query = replace(query, claims=lambda: credits)
    passages = {vid: any(f[0] in (SHINGLE, QUOTE) for f in shared[vid]) for vid in ranked}
    aligned = _alignments(query, [versions[vid] for vid in ranked], passages)
    return [
        _candidate(
            query,
            versions[vid],
            scores[vid],
            _Signals(lexical[vid], cosine.get(vid), order[vid]),
            shared[vid],
            documents[vid].words,
            aligned.get(vid),
        )
        for vid in ranked
    ]


def _alignments(query: _Query, versions: Sequence[Version], passages: Mapping[int, bool]) -> dict[int, Alignment]:
    """Return the passages the query shares with each candidate in its own language (or of unknown language),
    the query cut into words once. A candidate sharing no sampled passage nor quote with it is not aligned: one
    five-word run in eight is sampled, so a passage long enough to count (two sentences) is all but never
    missed, and most candidates are told apart without reading their text."""
    alike = [
        v
        for v in versions
        if v.text
        and query.text
        and (not query.language or (v.language or v.detected_language) in (None, query.language))
    ]
    if not alike:
        return {}
    words = Words.of(query.text)
    return {v.id: align(v.text or "", words) if passages[v.id] else NOTHING_SHARED for v in alike}


@dataclass(frozen=True)
class _Totals:
    """What every candidate's lexical score is measured against: the query's own evidence."""

    cross: frozenset[str]
    cross_weight: float
    passages: frozenset[str]


def _totals(query: Fingerprint, weight: dict[str, float]) -> _Totals:
    # A query feature no stored version has is as rare as the rarest one seen.
    unseen = max(weight.values(), default=1.0)
    cross = frozenset(query.cross_language)
    return _Totals(cross, sum(weight.get(f, unseen) for f in cross), frozenset(query.of_kind(SHINGLE, QUOTE)))


def _frequencies(session: Session, features: Sequence[str]) -> dict[str, int]:
    """Return how many versions hold each feature (features no version holds left out): one look-up of the
    counts ``index_versions`` keeps, instead of counting index rows."""
    if not features:
        return {}
    counted = _driver_rows(
        session,
        f"SELECT feature, versions FROM match_feature_counts WHERE feature IN ({_marks(features)}) AND versions > 0",
        features,
    )
    return {feature: int(n) for feature, n in counted}


def _ranking(frequency: dict[str, int], weight: dict[str, float], total: int) -> dict[str, float]:
    """Return the features (with weights) retrieval joins on: the rarest first, within a budget of rows.

    Features held by more than COMMON_FEATURE_SHARE of versions are left out unless too few others
    remain; the budget keeps a query's cost bounded however common its words are in the store.
    """
    common = max(COMMON_FEATURE_MIN, COMMON_FEATURE_SHARE * total)
    chosen: dict[str, float] = {}
    rows = 0
    for feature in sorted(frequency, key=lambda f: (frequency[f], f)):
        enough = len(chosen) >= MIN_RANKING_FEATURES
        if enough and (frequency[feature] > common or rows + frequency[feature] > PREFILTER_ROWS):
            break
        chosen[feature] = weight[feature]
        rows += frequency[feature]
    return chosen


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values)) or "NULL"


def _driver_rows(session: Session, sql: str, values: Sequence[object]) -> list[Any]:
    """Return the rows of ``sql`` (written with ``?`` placeholders) run by the database driver itself.

    A query's SQL differs with its number of features, so SQLAlchemy would parse and compile hundreds of bound
    parameters anew for every query (most of a query's time); the driver takes the values as they are.
    """
    connection = session.connection()
    if (mark := placeholder(connection)) != "?":
        sql = sql.replace("?", mark)
    return list(connection.exec_driver_sql(sql, tuple(values)).all())


def _prefilter(session: Session, ranking: dict[str, float], exclude: frozenset[int]) -> list[int]:
    """Return the PREFILTER versions sharing the most rarity-weighted features, in one SQL query.

    The features and weights are a derived table of literals (``UNION ALL``), joined to the feature
    index: each feature's rows are read once and the sum needs no per-row lookup.
    """
    if not ranking:
        return []
    literals = " UNION ALL ".join(["SELECT CAST(? AS VARCHAR(64)) AS feature, CAST(? AS FLOAT) AS w"] * len(ranking))
    values: list[object] = [x for pair in ranking.items() for x in pair]
    where = ""
    if exclude:
        where = f"WHERE f.version_id NOT IN ({_marks(sorted(exclude))})"
        values += sorted(exclude)
    sql = (
        f"SELECT f.version_id FROM match_features f JOIN ({literals}) q "
        f"ON q.feature = f.feature {where} GROUP BY f.version_id ORDER BY SUM(q.w) DESC, f.version_id LIMIT ?"
    )
    return [int(row[0]) for row in _driver_rows(session, sql, [*values, PREFILTER])]


def _lexical(totals: _Totals, shared: set[str], weight: dict[str, float], candidate_cross: int) -> tuple[float, float]:
    """Return how much of the query's rarity-weighted evidence the candidate holds (0–1): across languages
    (names, numbers, dates, links) and within one (sampled shingles and quotes)."""
    cross_score = 0.0
    if totals.cross_weight > 0:
        held = sum(weight[f] for f in shared if f in totals.cross)
        ratio = min(1.0, (len(totals.cross) + 5) / (candidate_cross + 5))
        cross_score = min(1.0, held / totals.cross_weight * ratio**LENGTH_EXPONENT)
    passages = totals.passages
    same_score = len(shared & passages) / len(passages) if len(passages) >= 3 else 0.0
    return cross_score, same_score


def _scores(
    parts: dict[int, tuple[float, float]],
    cosine: dict[int, float],
    agreement: Callable[[int], float | None],
    top: int,
    floor: float = 0.0,
) -> tuple[dict[int, float], dict[int, float], dict[int, float | None]]:
    """Return each candidate's lexical and final score, and the order agreement of those that may rank.

    Order agreement lowers only the cross-language part of the lexical score, so candidates are taken
    best first and the rest are left alone once even their score before it cannot enter the top. The
    semantic scores are set from the pool's lexical scores before order, so that they stay fixed.
    """
    lexical = {vid: max(cross, same) for vid, (cross, same) in parts.items()}
    semantic = _semantic(cosine, lexical)
    scores = {vid: _fuse(lexical[vid], semantic, vid) for vid in parts}
    order: dict[int, float | None] = {}
    cut: list[float] = []  # the best ``top`` scores so far (a min-heap)
    for vid in sorted(parts, key=lambda vid: (-scores[vid], vid)):
        if (len(cut) >= top and scores[vid] < cut[0]) or scores[vid] < floor:
            break
        order[vid] = share = agreement(vid)
        cross, same = parts[vid]
        lexical[vid] = max(cross * (1.0 if share is None else share), same)
        scores[vid] = _fuse(lexical[vid], semantic, vid)
        if len(cut) < top:
            heapq.heappush(cut, scores[vid])
        else:
            heapq.heappushpop(cut, scores[vid])
    return lexical, scores, order


def _order_agreement(
    query_order: Mapping[str, int], sequence: str | None, shared: set[str], weight: dict[str, float]
) -> float | None:
    """Return the share of the shared rarity-weighted evidence that both texts use in the same order (0–1).

    A translation keeps the order of its original's names and numbers; another story on the same events,
    or a text recombined from several, does not. Features outside either order (dates, links) count as in
    order. None: the candidate was indexed before its order was kept (``reindex`` fills it in).
    """
    if sequence is None:
        return None
    held = sum(weight[f] for f in shared)
    if held <= 0:
        return 1.0
    pairs = {
        (query_order[feature], i): weight[feature]
        for i, feature in enumerate(sequence.split("\n"))
        if feature in shared and feature in query_order
    }
    outside = held - sum(pairs.values())
    return min(1.0, (outside + _heaviest_chain(pairs)) / held)


def _heaviest_chain(pairs: Mapping[tuple[int, int], float]) -> float:
    """Return the largest total weight of (query position, candidate position) pairs in the same order in both.

    The weighted longest increasing subsequence, O(n log n): taken in query order, each pair extends the
    heaviest chain ending before its candidate position, read off a staircase of (position, chain) kept
    with both increasing, so that a bisection finds it (each feature has its own position in each text).
    """
    positions: list[int] = []
    chains: list[float] = []
    for (_, position), w in sorted(pairs.items()):
        k = bisect.bisect_left(positions, position)
        chain = (chains[k - 1] if k else 0.0) + w
        end = k
        while end < len(chains) and chains[end] <= chain:
            end += 1
        positions[k:end] = [position]
        chains[k:end] = [chain]
    return chains[-1] if chains else 0.0


def _cosines(query: _Query, ids: list[int], documents: Mapping[int, Any]) -> dict[int, float]:
    with_vector = [vid for vid in ids if getattr(documents[vid], "model", None) == embeddings.MODEL]
    if not with_vector:
        return {}
    if query.vector is not None:
        target = embeddings.from_blobs([query.vector])[0]
    else:
        target = embeddings.embed([query.embed_text])[0]
    matrix = embeddings.from_blobs([getattr(documents[vid], "vector") for vid in with_vector])  # noqa: B009
    return dict(zip(with_vector, (float(x) for x in matrix @ target), strict=True))


def _semantic(cosine: dict[int, float], lexical: Mapping[int, float]) -> dict[int, float]:
    """Return each candidate's semantic score (0–1): its cosine put on the pool's lexical scale.

    Both signals are z-scored within the candidate pool (a weighted sum of z-scores is what fuses them
    best on the dev data), but the fused score must stay a 0–1 score a person can read and a threshold
    can use: so a cosine ``k`` standard deviations above the pool's mean cosine scores as a lexical
    score ``k`` standard deviations above the pool's mean lexical score. Ranking by the weighted sum
    of the two is then ranking by the weighted sum of their z-scores. A candidate without a vector gets
    the pool's mean (no evidence either way).
    """
    if not cosine:
        return {}
    mean_lexical = statistics.fmean(lexical.values())
    # Without the floor, a pool whose lexical scores are all alike (a text that shares no name or
    # number with any of them) would leave the semantic evidence no room to rank.
    spread = max(statistics.pstdev(lexical.values()), LEXICAL_SPREAD_FLOOR)
    mean_cosine = statistics.fmean(cosine.values())
    cosine_spread = statistics.pstdev(cosine.values()) or 1.0
    return {
        vid: min(1.0, max(0.0, mean_lexical + spread * (cosine.get(vid, mean_cosine) - mean_cosine) / cosine_spread))
        for vid in lexical
    }


def _fuse(lexical: float, semantic: Mapping[int, float], vid: int) -> float:
    """Return a candidate's score (0–1): lexical alone, or a weighted sum with its semantic score."""
    if not semantic:
        return lexical
    return LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * semantic.get(vid, 0.0)


@dataclass(frozen=True)
class _Signals:
    """A candidate's scores by signal, shown as evidence."""

    lexical: float
    cosine: float | None
    order: float | None


def _candidate(
    query: _Query,
    version: Version,
    score: float,
    signals: _Signals,
    shared: set[str],
    words: int,
    alignment: Alignment | None = None,
) -> Candidate:
    language = version.language or version.detected_language
    kind, direction = _kind(query, version, language, words, sum(1 for f in shared if f[0] == SHINGLE), alignment)
    surface = query.fingerprint.surface
    supporting, contradicting = _claims(query, version)

    def shown(kind_: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(surface[f] for f in sorted(shared) if f[0] == kind_))

    return Candidate(
        id=version.id,
        score=round(min(1.0, max(0.0, score)), 4),
        title=version.title,
        outlet=version.outlet.name if version.outlet else None,
        url=version.url,
        language=language,
        published=version.published_at,
        kind=kind,
        direction=direction,
        evidence=Evidence(
            names=shown(NAME),
            numbers=shown(NUMBER),
            dates=shown(DATE),
            quotes=shown(QUOTE),
            links=shown(LINK),
            shared_passages=sum(1 for f in shared if f[0] == SHINGLE),
            passages=alignment.passages if alignment else (),
            candidate_covered=alignment.source_share if alignment else None,
            text_covered=alignment.derived_share if alignment else None,
            lexical_similarity=round(signals.lexical, 4),
            order_agreement=round(signals.order, 4) if signals.order is not None else None,
            title_similarity=_title_similarity(query.title, version.title),
            semantic_similarity=round(signals.cosine, 4) if signals.cosine is not None else None,
            time_order=_time_order(query.published, version.published_at),
            supporting_claims=supporting,
            contradicting_claims=contradicting,
        ),
    )


def _kind(
    query: _Query, version: Version, language: str | None, words: int, passages: int, alignment: Alignment | None
) -> tuple[str, str]:
    """Return the proposed derivation kind and whether the candidate is the source or the copy."""
    later = query.published is not None and version.published_at is not None and version.published_at > query.published
    direction = "derived" if later else "source"
    if query.language and language and query.language != language:
        return "translation", direction
    if (not query.language or not language) and passages == 0 and (alignment is None or not alignment.shared):
        # Languages unknown: a text sharing names and numbers but no passage was most likely translated.
        return "translation", direction
    if alignment is not None:
        return _copy_kind(alignment, direction)
    if words and query.fingerprint.words < EXCERPT_SHARE * words:
        return "excerpt", direction
    if query.fingerprint.words and words < EXCERPT_SHARE * query.fingerprint.words:
        return "excerpt", "derived"
    return "republication", direction


def _copy_kind(alignment: Alignment, direction: str) -> tuple[str, str]:
    """Return the kind of a same-language candidate from the passages both texts share (the query's words are
    the alignment's derived side): none shared is at most an adaptation, told in other words."""
    if not alignment.shared:
        return "adaptation", direction
    candidate, query = alignment.source_share, alignment.derived_share
    if query >= INSIDE_SHARE and candidate < REPUBLICATION_SHARE:
        return "excerpt", direction  # this text is a part of the candidate's
    if candidate >= INSIDE_SHARE and query < REPUBLICATION_SHARE:
        return "excerpt", "derived"  # the candidate is a part of this text: it was taken from it
    if min(candidate, query) >= EDITED_SHARE:
        return "republication", direction  # the same text, edited: a new lead, a paragraph cut or added
    return "excerpt", direction


def _time_order(query: datetime | None, candidate: datetime | None) -> str | None:
    if query is None or candidate is None:
        return None
    if candidate < query:
        return "candidate published earlier"
    if candidate > query:
        return "candidate published later: it may derive from this text instead"
    return "published the same day"


def _title_similarity(a: str | None, b: str | None) -> float | None:
    """Return the share of title words (folded, stemmed by their first letters) the titles have in common."""
    if not a or not b:
        return None
    keys_a, keys_b = _title_keys(a), _title_keys(b)
    if not keys_a or not keys_b:
        return 0.0
    return round(len(keys_a & keys_b) / min(len(keys_a), len(keys_b)), 4)


def _title_keys(title: str) -> set[str]:
    return {key for word in title.split() for key in name_keys(word)[:1]} | {
        key for word in proper_names(title) for key in name_keys(word)
    }


def _claims(query: _Query, version: Version) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the query's credits that name the candidate's outlet, and those that name another source."""
    if version.outlet is None:
        return (), ()
    names = [
        version.outlet.name,
        *(a.alias for a in version.outlet.aliases),
        *(d.domain for d in version.outlet.domains),
    ]
    supporting, contradicting = [], []
    for kind, name, outlet_id in query.claims():
        if kind not in SOURCE_KINDS:
            continue
        if outlet_id == version.outlet_id or any(
            normalize_name(name) == normalize_name(n) or may_be_rendering_of(name, n) for n in names
        ):
            supporting.append(f"{kind}: {name}")
        else:
            contradicting.append(f"{kind}: {name}")
    return tuple(supporting), tuple(contradicting)


def candidate_record(candidate: Candidate) -> dict[str, object]:
    """Return a candidate as a JSON-ready dict."""
    e = candidate.evidence
    return {
        "id": candidate.id,
        "score": candidate.score,
        "title": candidate.title,
        "outlet": candidate.outlet,
        "url": candidate.url,
        "language": candidate.language,
        "published": candidate.published.date().isoformat() if candidate.published else None,
        "kind": candidate.kind,
        "direction": candidate.direction,
        "evidence": {
            "names": list(e.names),
            "numbers": list(e.numbers),
            "dates": list(e.dates),
            "quotes": list(e.quotes),
            "links": list(e.links),
            "shared_passages": e.shared_passages,
            "aligned_passages": [passage_record(p) for p in e.passages],
            "candidate_covered": e.candidate_covered,
            "text_covered": e.text_covered,
            "lexical_similarity": e.lexical_similarity,
            "order_agreement": e.order_agreement,
            "title_similarity": e.title_similarity,
            "semantic_similarity": e.semantic_similarity,
            "time_order": e.time_order,
            "supporting_claims": list(e.supporting_claims),
            "contradicting_claims": list(e.contradicting_claims),
        },
    }
