"""Discovering links in bulk, and reviewing what was discovered.

``discover`` matches every version without a recorded source (or every version) against the stored ones,
as ``match`` does one at a time, and keeps the likely sources as proposals with their score, kind and
evidence; with ``link_auto`` the candidates ``best_link`` is sure of, published before the version, are
linked at once. Running it again
proposes only pairs not proposed, rejected or linked before. ``accept`` turns proposals into links (recorded
as matched, with who accepted them); ``reject`` keeps a pair from being proposed again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Engine, func, insert, select, union
from sqlalchemy.orm import Session

from provenance.errors import ConflictError, InputError, NotFoundError
from provenance.ledger.agents import resolve_outlet
from provenance.ledger.lineage import ancestor_languages, has_recorded_source, link_versions
from provenance.ledger.records import iso
from provenance.match.index import index_state
from provenance.match.search import EDITED_SHARE, INSIDE_SHARE, Candidate, best_link, candidate_record, match_version
from provenance.store import work
from provenance.store.database import retrying, session_scope, tidy_for_reads
from provenance.store.models import Derivation, LinkProposal, Version, utcnow

PROPOSE_SCORE = 0.3
"""The lowest matching score worth a reviewer's look; ``match``'s auto-link threshold is higher (0.5)."""
TOP = 3
"""Candidates kept per version."""
CONSIDERED = 6
"""Candidates matched per version (those published after it left out before ranking) before the ones holding
only part of its text are left out too."""


BATCH = 100
"""Versions in one work batch: a few seconds of matching, so a worker that dies loses little."""
TASK = "discover"


@dataclass
class DiscoverSummary:
    """What a run of ``discover`` did: versions examined, links proposed and linked, by the whole plan when it is
    done (by this run's workers and any other that joined), and how far the plan has come."""

    examined: int = 0
    proposed: int = 0
    linked: int = 0
    unindexed: int = 0
    planned: int = 0
    joined: bool = False
    batches: int = 0
    batches_done: int = 0


@dataclass(frozen=True)
class DiscoverOptions:
    """How a worker treats what it finds: link what matching is sure of (``link_auto``), and as whom."""

    link_auto: bool = False
    recorded_by: str | None = None


def plan_discover(
    session: Session, *, since: datetime | None = None, outlet: str | None = None, every: bool = False
) -> work.Plan:
    """Plan a run of ``discover`` over the versions without a recorded source (all with ``every``), published
    since ``since`` or by ``outlet`` (or join the unfinished plan)."""
    targets = select(Version.id).where(Version.text.is_not(None)).order_by(Version.id)
    if not every:
        targets = targets.where(~has_recorded_source())
    if since is not None:
        targets = targets.where(Version.published_at >= since)
    if outlet is not None:
        targets = targets.where(Version.outlet_id == resolve_outlet(session, outlet).id)
    options = {"since": iso(since), "outlet": outlet, "all": every}
    return work.plan(session, TASK, session.scalars(targets), size=BATCH, options=options)


def discover(
    engine: Engine,
    *,
    since: datetime | None = None,
    outlet: str | None = None,
    every: bool = False,
    options: DiscoverOptions = DiscoverOptions(),
    workers: int = 1,
    join_only: bool = False,
    advance: Callable[[int], None] = lambda _: None,
) -> DiscoverSummary:
    """Propose (or, with ``options.link_auto``, record) the sources of the versions that have none recorded (all
    with ``every``), published since ``since`` or by ``outlet``, in ``workers`` processes on this machine.

    The work is planned in the database (``store.work``): an unfinished plan is joined instead of planning
    anew, so that ``discover`` on other machines, or after an interruption, shares or resumes it; with
    ``join_only`` nothing is planned. Each batch's proposals commit with the batch.
    """
    planned = work.Plan(0, joined=True)
    if join_only and not work.unfinished(engine, TASK):
        return DiscoverSummary()  # nothing to join: no batches, and nothing examined by this run
    if not join_only:
        planned = retrying(engine, lambda s: plan_discover(s, since=since, outlet=outlet, every=every))
    tidy_for_reads(engine, ("match_features", "match_documents", "versions"))
    job = work.Job(TASK, _compute, partial(_store, options=options))
    work.run(engine, job, workers=workers, advance=advance)
    with session_scope(engine) as session:
        return _summary(session, planned)


def _summary(session: Session, planned: work.Plan) -> DiscoverSummary:
    summary = DiscoverSummary(unindexed=index_state(session).unindexed, planned=planned.batches)
    summary.joined = planned.joined
    for result in work.results(session, TASK):
        summary.examined += result["examined"]
        summary.proposed += result["proposed"]
        summary.linked += result["linked"]
    state = work.progress(session, TASK)
    summary.batches, summary.batches_done = state.batches, state.done_batches
    return summary


def _compute(session: Session, version_ids: list[int]) -> list[tuple[int, list[Candidate]]]:
    """Match each version of a batch: its candidate sources worth proposing (reads only)."""
    indexed = index_state(session).indexed
    known = _known_pairs(session, version_ids)
    found = [
        (
            version_id,
            _worth_proposing(
                [
                    c
                    for c in match_version(
                        session, version_id, top=CONSIDERED, indexed=indexed, earlier_only=True, min_score=PROPOSE_SCORE
                    )
                    if c.direction == "source"
                    and c.kind != "adaptation"  # its own words: another report of the event as often as a rewrite
                    and (version_id, c.id) not in known
                ]
            ),
        )
        for version_id in version_ids
    ]
    return _back_translations(session, found)


def _back_translations(session: Session, found: list[tuple[int, list[Candidate]]]) -> list[tuple[int, list[Candidate]]]:
    """Call a translation back into the language of one of its source's ancestors a back-translation."""
    translated = sorted({c.id for _, candidates in found for c in candidates if c.kind == "translation"})
    if not translated:
        return found
    earlier = ancestor_languages(session, translated)
    language = func.coalesce(Version.language, Version.detected_language)
    rows = session.execute(select(Version.id, language).where(Version.id.in_([vid for vid, _ in found])))
    languages = {version_id: code for version_id, code in rows}
    return [
        (
            version_id,
            [
                replace(c, kind="back-translation")
                if c.kind == "translation" and languages.get(version_id) in earlier.get(c.id, set())
                else c
                for c in candidates
            ],
        )
        for version_id, candidates in found
    ]


def _worth_proposing(candidates: list[Candidate]) -> list[Candidate]:
    """Leave out the same-language candidates that hold only part of the text when another holds all of it: two
    excerpts of one original overlap, but neither is the other's source."""
    if any(_holds_the_text(c) for c in candidates):
        candidates = [c for c in candidates if c.evidence.text_covered is None or _holds_the_text(c)]
    return candidates[:TOP]


def _sure_enough(best: Candidate) -> bool:
    """Whether ``best_link``'s choice may be linked unseen: published before the version and, in its language,
    holding all of its text (two texts sharing some passages may both come from a third)."""
    covered = best.evidence.text_covered
    return best.evidence.time_order == "candidate published earlier" and (covered is None or covered >= INSIDE_SHARE)


def _holds_the_text(candidate: Candidate) -> bool:
    covered = candidate.evidence.text_covered
    return covered is not None and covered >= EDITED_SHARE


def _store(session: Session, found: list[tuple[int, list[Candidate]]], options: DiscoverOptions) -> dict[str, int]:
    """Record a batch's proposals (and, with ``link_auto``, its sure links); return what it did."""
    known = _known_pairs(session, [version_id for version_id, _ in found])  # other workers may have added some
    rows: list[dict[str, Any]] = []
    linked = 0
    for version_id, candidates in found:
        fresh = [c for c in candidates if (version_id, c.id) not in known]
        best = best_link(fresh) if options.link_auto else None
        if best is not None and not _sure_enough(best):
            best = None  # a person decides
        if best is not None and _linked(session, version_id, best, options.recorded_by):
            linked += 1
            fresh = [c for c in fresh if c is not best]
        rows += [_proposal_row(version_id, c) for c in fresh]
        known |= {(version_id, c.id) for c in fresh} | {(c.id, version_id) for c in fresh}
    if rows:
        session.execute(insert(LinkProposal), rows)
    return {"examined": len(found), "proposed": len(rows), "linked": linked}


def _known_pairs(session: Session, version_ids: Sequence[int]) -> set[tuple[int, int]]:
    """Pairs not to propose again, either way round: proposed before (whatever became of it) or linked."""
    p, d = LinkProposal, Derivation
    pairs = union(
        select(p.derived_id, p.source_id).where(p.derived_id.in_(version_ids) | p.source_id.in_(version_ids)),
        select(d.derived_id, d.source_id).where(d.derived_id.in_(version_ids) | d.source_id.in_(version_ids)),
    )
    found = {(a, b) for a, b in session.execute(pairs)}
    return found | {(b, a) for a, b in found}


def _linked(session: Session, version_id: int, best: Candidate, recorded_by: str | None) -> bool:
    try:
        with session.begin_nested():
            link_versions(
                session, version_id, best.id, kind=best.kind, evidence=f"provenance discover: score {best.score:.2f}",
                confidence=round(best.score, 2), recorded_by=recorded_by or "provenance discover --link auto",
            )  # fmt: skip
    except ConflictError:  # a cycle: the other way round is already recorded
        return False
    return True


def _proposal_row(version_id: int, candidate: Candidate) -> dict[str, Any]:
    return {
        "derived_id": version_id,
        "source_id": candidate.id,
        "kind": candidate.kind,
        "score": round(candidate.score, 4),
        "evidence": json.dumps(candidate_record(candidate)["evidence"], ensure_ascii=False, sort_keys=True),
        "status": "open",
        "proposed_at": utcnow(),
    }


def list_proposals(
    session: Session, *, status: str = "open", min_score: float | None = None, limit: int | None = None
) -> list[LinkProposal]:
    """Return proposals with ``status`` (``open``, ``accepted``, ``rejected`` or ``all``), best first."""
    query = select(LinkProposal).order_by(LinkProposal.score.desc(), LinkProposal.id)
    if status != "all":
        query = query.where(LinkProposal.status == status)
    if min_score is not None:
        query = query.where(LinkProposal.score >= min_score)
    return list(session.scalars(query.limit(limit)))


@dataclass
class ReviewResult:
    """What ``accept`` or ``reject`` did: proposals decided, and those left with why."""

    decided: list[LinkProposal]
    left: list[tuple[int, str]]


def accept(
    session: Session, ids: Sequence[int] = (), *, min_score: float | None = None, by: str | None = None
) -> ReviewResult:
    """Record the links of open proposals (by id, or all with at least ``min_score``), with their evidence and
    who accepted them. A proposal that would close a cycle or repeat a link is left open, with why."""
    result = ReviewResult([], [])
    for proposal in _chosen(session, ids, min_score, None):
        try:
            with session.begin_nested():
                link_versions(
                    session, proposal.derived_id, proposal.source_id, kind=proposal.kind,
                    evidence=f"provenance discover: score {proposal.score:.2f}; {_evidence_line(proposal)}",
                    confidence=min(1.0, round(proposal.score, 2)), recorded_by=f"{by or 'someone'} (review)",
                )  # fmt: skip
        except ConflictError as e:
            result.left.append((proposal.id, str(e)))
            continue
        _decide(proposal, "accepted", by)
        result.decided.append(proposal)
    return result


def reject(
    session: Session, ids: Sequence[int] = (), *, max_score: float | None = None, by: str | None = None
) -> ReviewResult:
    """Reject open proposals (by id, or all scoring below ``max_score``): the pairs are not proposed again."""
    chosen = _chosen(session, ids, None, max_score)
    for proposal in chosen:
        _decide(proposal, "rejected", by)
    return ReviewResult(chosen, [])


def _chosen(
    session: Session, ids: Sequence[int], min_score: float | None, max_score: float | None
) -> list[LinkProposal]:
    if bool(ids) == (min_score is not None or max_score is not None):
        raise InputError("give proposal ids, or a score threshold (--min-score, --max-score), not both")
    query = select(LinkProposal).where(LinkProposal.status == "open").order_by(LinkProposal.score.desc())
    if ids:
        found = list(session.scalars(query.where(LinkProposal.id.in_(ids))))
        missing = sorted(set(ids) - {p.id for p in found})
        if missing:
            raise NotFoundError(
                f"no open proposal with id {missing[0]}: list them with `provenance review` (decided ones with "
                "`provenance review --status all`)"
            )
        return found
    if min_score is not None:
        query = query.where(LinkProposal.score >= min_score)
    if max_score is not None:
        query = query.where(LinkProposal.score < max_score)
    return list(session.scalars(query))


def _decide(proposal: LinkProposal, status: str, by: str | None) -> None:
    proposal.status = status
    proposal.decided_at = utcnow()
    proposal.decided_by = by


def _evidence_line(proposal: LinkProposal) -> str:
    evidence = json.loads(proposal.evidence)
    parts = [f"{key.replace('_', ' ')} {evidence[key]}" for key in ("shared_passages",) if evidence.get(key)]
    parts += [f"names {', '.join(evidence['names'][:5])}"] if evidence.get("names") else []
    return "; ".join(parts) or "matched"


def proposal_record(proposal: LinkProposal) -> dict[str, Any]:
    """Return a proposal as a JSON-ready dict: the one shape of ``review --json`` and ``discover --json``."""
    return {
        "id": proposal.id,
        "derived_id": proposal.derived_id,
        "source_id": proposal.source_id,
        "kind": proposal.kind,
        "score": proposal.score,
        "status": proposal.status,
        "evidence": json.loads(proposal.evidence),
        "proposed_at": iso(proposal.proposed_at),
        "decided_at": iso(proposal.decided_at),
        "decided_by": proposal.decided_by,
    }
