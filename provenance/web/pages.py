"""What each page of the web view shows, as the same JSON-ready records the CLI's ``--json`` prints.

Plain functions of a session: the HTML templates render these records, and each page's JSON twin is the
record itself. Nothing here writes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from provenance.audit.findings import SEVERITY_RANK, Finding, finding_record
from provenance.audit.rules import RULES
from provenance.errors import InputError
from provenance.ledger import agents, stories
from provenance.ledger.lineage import trace_ancestors, trace_descendants
from provenance.ledger.records import lineage_record, outlet_record, version_detail_record, version_record
from provenance.ledger.versions import VersionQuery, get_version, links_of, search_versions
from provenance.store.models import Version
from provenance.vocabulary import SEVERITIES
from provenance.web.findings import FindingsCache, Snapshot

Record = dict[str, Any]
PER_PAGE = 50
FINDINGS_PER_PAGE = 100
RULE_ORDER = {rule.name: i for i, rule in enumerate(RULES)}
OUTLETS_PER_PAGE = 100


def search_page(session: Session, query: VersionQuery, page: int) -> Record:
    """The search page: the query as given, one page of versions found, and the paging."""
    found = search_versions(session, query, page=page, per_page=PER_PAGE)
    return {
        "query": {
            "words": query.words,
            "outlet": query.outlet,
            "language": query.language,
            "since": query.since.date().isoformat() if query.since else None,
            "until": query.until.date().isoformat() if query.until else None,
            "address": query.address,
        },
        "page": found.page,
        "has_next": found.has_next,
        "versions": [version_record(v) for v in found.versions],
    }


def version_page(session: Session, version_id: int, findings: FindingsCache, *, with_matches: bool) -> Record:
    """A version's page: ``show --json``'s record, its chain both ways, its chain's findings, and (when
    asked) the stored versions it most likely came from."""
    version = get_version(session, version_id)
    parents, children = links_of(session, version_id)
    record = version_detail_record(version, parents, children)
    record["ancestors"] = lineage_record(trace_ancestors(session, version_id))
    record["descendants"] = lineage_record(trace_descendants(session, version_id))
    record["findings"] = [finding_record(f) for f in findings.chain_findings(session, version_id)]
    record["story"] = stories.story_summary(session, version.work_id)
    record["candidates"] = _candidates(session, version_id) if with_matches else None
    return record


def story_page(session: Session, version_id: int) -> Record:
    """A story's page: the versions its links join, its links, its independent origins (``origins --json``)."""
    return stories.story_record(stories.story_of(session, version_id))


def _candidates(session: Session, version_id: int) -> list[dict[str, object]]:
    from provenance.match.search import candidate_record, match_version

    return [candidate_record(c) for c in match_version(session, version_id, top=10)]


@dataclass(frozen=True)
class FindingFilter:
    """Which findings the findings page lists."""

    rule: str | None = None
    severity: str | None = None
    outlet: str | None = None
    acknowledged: str = "hide"  # hide, show or only


def findings_page(session: Session, findings: FindingsCache, wanted: FindingFilter, page: int) -> Record:
    """The findings page: the audit's findings that pass ``wanted``, a page at a time, with the counts."""
    if wanted.severity and wanted.severity not in SEVERITIES:
        raise InputError(f"unknown severity {wanted.severity!r}: use one of {', '.join(SEVERITIES)}")
    if wanted.acknowledged not in ("hide", "show", "only"):
        raise InputError("acknowledged is hide, show or only")
    snapshot = findings.snapshot(session)
    acknowledged = {"hide": (False,), "show": (False, True), "only": (True,)}[wanted.acknowledged]
    groups = [
        group
        for (rule, acked), group in sorted(snapshot.findings.groups.items(), key=lambda item: _group_order(*item))
        if (wanted.rule is None or rule == wanted.rule)
        and acked in acknowledged
        and (wanted.severity is None or group[0].severity == wanted.severity)  # a rule has one severity
    ]
    if wanted.outlet:  # those about the outlet's versions: a few, picked out of the chosen groups
        about = _outlet_versions(session, wanted.outlet)
        groups = [[f for f in group if f.versions[0] in about] for group in groups]
    by_rule: dict[str, int] = {}
    for group in groups:
        if group:
            by_rule[group[0].rule] = by_rule.get(group[0].rule, 0) + len(group)
    total = sum(by_rule.values())
    start = (max(page, 1) - 1) * FINDINGS_PER_PAGE
    shown = itertools.islice(itertools.chain.from_iterable(groups), start, start + FINDINGS_PER_PAGE)
    return {
        "filter": wanted.__dict__,
        **_as_of(snapshot),
        "page": max(page, 1),
        "has_next": start + FINDINGS_PER_PAGE < total,
        "total": total,
        "by_rule": by_rule,
        "findings": [finding_record(f) for f in shown],
    }


def _group_order(key: tuple[str, bool], group: list[Finding]) -> tuple[int, int, bool]:
    """Worst severity first, then the rules in their catalogue's order, unacknowledged before acknowledged."""
    rule, acknowledged = key
    return -SEVERITY_RANK[group[0].severity], RULE_ORDER[rule], acknowledged


def outlets_page(session: Session, page: int = 1) -> Record:
    """A page of outlets by name, each with how many versions it published."""
    listed = agents.list_outlets(session, offset=(max(page, 1) - 1) * OUTLETS_PER_PAGE, limit=OUTLETS_PER_PAGE + 1)
    shown = listed[:OUTLETS_PER_PAGE]
    grouped = session.execute(
        select(Version.outlet_id, func.count())
        .where(Version.outlet_id.in_([o.id for o in shown]))
        .group_by(Version.outlet_id)
    )
    counts: dict[int | None, int] = {outlet_id: n for outlet_id, n in grouped}
    return {
        "page": max(page, 1),
        "has_next": len(listed) > OUTLETS_PER_PAGE,
        "outlets": [{**outlet_record(o), "versions": counts.get(o.id, 0)} for o in shown],
    }


def outlet_page(session: Session, outlet_id: int, findings: FindingsCache, page: int) -> Record:
    """An outlet's page: its record, the sign-offs its texts end with, a page of its versions, its findings."""
    outlet = agents.get_outlet(session, outlet_id)
    found = search_versions(session, VersionQuery(outlet=outlet.name), page=page, per_page=PER_PAGE)
    snapshot = findings.snapshot(session)
    about = sorted(_outlet_versions(session, outlet.name))
    about_it = [f for v in about for f in snapshot.findings.about.get(v, []) if f.acknowledged is None]
    about_it.sort(key=lambda f: (-SEVERITY_RANK[f.severity], RULE_ORDER[f.rule]))
    return {
        **outlet_record(outlet),
        "sign_offs": [{"text": text, "versions": n} for text, n in agents.sign_offs(session, outlet.id)],
        "page": found.page,
        "has_next": found.has_next,
        "versions": [version_record(v) for v in found.versions],
        "findings": [finding_record(f) for f in about_it][:FINDINGS_PER_PAGE],
        **_as_of(snapshot),
    }


def _outlet_versions(session: Session, outlet: str) -> set[int]:
    """The ids of the versions an outlet published: the versions its findings are about."""
    outlet_id = agents.resolve_outlet(session, outlet).id
    return set(session.scalars(select(Version.id).where(Version.outlet_id == outlet_id)))


def _as_of(snapshot: Snapshot) -> Record:
    """When the findings shown were computed, and whether the database has changed since."""
    return {"findings_as_of": snapshot.computed_at.isoformat(timespec="seconds"), "findings_current": snapshot.current}


def annotated_lines(text: str | None, claims: Sequence[Record]) -> list[tuple[int, str, list[Record]]]:
    """Return the text's lines, numbered from 1, each with the claims read from it.

    A claim's recorded line is that of the file it was logged from; the stored text is normalized, so a
    claim is placed on the line holding its wording, the one nearest its recorded line.
    """
    lines = (text or "").split("\n")
    placed: dict[int, list[Record]] = {}
    for claim in claims:
        holding = [i for i, line in enumerate(lines, 1) if claim["text"] and claim["text"] in line]
        if holding:
            line_no = min(holding, key=lambda i: abs(i - (claim["line"] or i)))
            placed.setdefault(line_no, []).append(claim)
    return [(i, line, placed.get(i, [])) for i, line in enumerate(lines, 1)]
