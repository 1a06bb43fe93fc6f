"""What each page of the web view shows, as the same JSON-ready records the CLI's ``--json`` prints.

Plain functions of a session: the HTML templates render these records, and each page's JSON twin is the
record itself. Nothing here writes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from provenance.audit.findings import AuditConfig, AuditReport, AuditScope, finding_record, run_audit
from provenance.errors import InputError
from provenance.ledger import agents
from provenance.ledger.lineage import trace_ancestors, trace_descendants
from provenance.ledger.records import lineage_record, outlet_record, version_detail_record, version_record
from provenance.ledger.versions import VersionQuery, get_version, links_of, search_versions
from provenance.store.models import Claim, Derivation, FindingAck, Outlet, Version
from provenance.vocabulary import SEVERITIES

Record = dict[str, Any]
PER_PAGE = 50
FINDINGS_PER_PAGE = 100


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
    report = findings.chain(session, version_id)
    record["findings"] = [finding_record(f) for f in report.findings if version_id in f.versions]
    record["candidates"] = _candidates(session, version_id) if with_matches else None
    return record


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
    report = findings.database(session, wanted.outlet)
    listed = [
        f
        for f in report.findings
        if (wanted.rule is None or f.rule == wanted.rule)
        and (wanted.severity is None or f.severity == wanted.severity)
        and (wanted.acknowledged != "hide" or f.acknowledged is None)
        and (wanted.acknowledged != "only" or f.acknowledged is not None)
    ]
    start = (max(page, 1) - 1) * FINDINGS_PER_PAGE
    by_rule: dict[str, int] = {}
    for finding in listed:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    return {
        "filter": wanted.__dict__,
        "page": max(page, 1),
        "has_next": start + FINDINGS_PER_PAGE < len(listed),
        "total": len(listed),
        "by_rule": by_rule,
        "findings": [finding_record(f) for f in listed[start : start + FINDINGS_PER_PAGE]],
    }


def outlets_page(session: Session) -> Record:
    """Every outlet with how many versions it published."""
    grouped = session.execute(select(Version.outlet_id, func.count()).group_by(Version.outlet_id))
    counts: dict[int | None, int] = {outlet_id: n for outlet_id, n in grouped}
    return {"outlets": [{**outlet_record(o), "versions": counts.get(o.id, 0)} for o in agents.list_outlets(session)]}


def outlet_page(session: Session, outlet_id: int, findings: FindingsCache, page: int) -> Record:
    """An outlet's page: its record, the sign-offs its texts end with, a page of its versions, its findings."""
    outlet = agents.get_outlet(session, outlet_id)
    found = search_versions(session, VersionQuery(outlet=outlet.name), page=page, per_page=PER_PAGE)
    report = findings.database(session, outlet.name)
    return {
        **outlet_record(outlet),
        "sign_offs": [{"text": text, "versions": n} for text, n in agents.sign_offs(session, outlet.id)],
        "page": found.page,
        "has_next": found.has_next,
        "versions": [version_record(v) for v in found.versions],
        "findings": [finding_record(f) for f in report.findings if f.acknowledged is None][:FINDINGS_PER_PAGE],
    }


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


class FindingsCache:
    """The audit's findings, computed once for each state of the database and kept for ``ttl`` seconds.

    The web view is read-only and the audit is set work over the whole database: a page of findings reads
    the cached report while nothing was recorded since. The state is read in one cheap query (the largest
    ids and the counts of the tables the rules read), so a write by anyone shows at the next request; edits
    in place that change neither (a claim resolved by `provenance resolve`) show within ``ttl``.
    """

    def __init__(
        self, config: AuditConfig | None = None, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic
    ):
        self._config = config
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._reports: dict[tuple[Any, ...], tuple[float, AuditReport]] = {}

    def database(self, session: Session, outlet: str | None = None) -> AuditReport:
        """Return every finding (acknowledged ones included), or those about one outlet's versions."""
        return self._get(session, ("outlet", outlet), AuditScope(outlet=outlet))

    def chain(self, session: Session, version_id: int) -> AuditReport:
        """Return the findings of one version's chain."""
        return self._get(session, ("chain", version_id), AuditScope(version_id=version_id))

    def _get(self, session: Session, key: tuple[Any, ...], scope: AuditScope) -> AuditReport:
        full_key = (*key, _state(session))
        now = self._clock()
        with self._lock:
            cached = self._reports.get(full_key)
            if cached is not None and now - cached[0] < self._ttl:
                return cached[1]
        report = run_audit(session, scope, self._config, include_acknowledged=True)
        with self._lock:
            self._reports = {k: v for k, v in self._reports.items() if k[-1] == full_key[-1]}
            self._reports[full_key] = (now, report)
        return report


def _state(session: Session) -> tuple[Any, ...]:
    """The state of what the audit reads, in one query: a changed value means a write happened."""
    parts = [select(func.max(model.id)).scalar_subquery() for model in (Version, Claim, Derivation, Outlet)]
    parts += [select(func.count()).select_from(Derivation).scalar_subquery()]
    parts += [select(func.max(FindingAck.acknowledged_at)).scalar_subquery()]
    row = session.execute(select(*parts)).one()
    return tuple(v.isoformat() if isinstance(v, datetime) else v for v in row)
