"""Auditing attribution: running the rules of ``provenance.audit.rules`` over the database (or one chain, outlet
or period), turning what they find into findings with stable ids, evidence and explanations, and acknowledging
findings so they stay quiet until their evidence changes. docs/audit.md documents rules, schema and exit codes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload

from provenance.audit.rules import (
    RULES,
    RULES_BY_NAME,
    ClaimInfo,
    Details,
    Hit,
    LinkInfo,
    Rule,
    VersionInfo,
    chain_rows,
)
from provenance.errors import InputError, NotFoundError
from provenance.ledger.agents import resolve_outlet
from provenance.ledger.lineage import chain_ids
from provenance.ledger.records import agent_name, claim_record, link_record, passage_record, revision_record
from provenance.ledger.versions import get_version
from provenance.store.batching import id_batches
from provenance.store.models import Claim, Derivation, FindingAck, Outlet, Person, Version, utcnow, version_authors
from provenance.text.alignment import align
from provenance.text.revisions import compare_texts
from provenance.vocabulary import SEVERITIES

SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}
OFF = "off"
CONFIG_NAME = "audit.toml"


def default_config_path() -> Path:
    """Return where the severity config is read from by default (``$XDG_CONFIG_HOME/provenance/audit.toml``)."""
    return Path(user_config_dir("provenance", appauthor=False)) / CONFIG_NAME


@dataclass(frozen=True)
class AuditConfig:
    """The severity of every rule (``off`` disables it), from the defaults and the config file."""

    severities: Mapping[str, str]
    path: Path | None = None

    def severity(self, rule: str) -> str:
        """Return the configured severity of ``rule`` (``error``, ``warning``, ``info`` or ``off``)."""
        return self.severities[rule]


def default_config() -> AuditConfig:
    """Return the built-in severities."""
    return AuditConfig({rule.name: rule.severity for rule in RULES})


def load_config(path: Path | None = None) -> AuditConfig:
    """Read severities from ``path``, or from the default config file when it exists; else the defaults.

    The file is TOML with one table: ``[severity]`` mapping rule names to error, warning, info or off.
    """
    explicit = path is not None
    path = path or default_config_path()
    if not path.is_file():
        if explicit:
            raise InputError(f"audit config {path} does not exist: give an existing TOML file to --config")
        return default_config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InputError(f"cannot read audit config {path}: {e}; fix the TOML or remove the file") from e
    table = data.get("severity", {})
    unknown = set(data) - {"severity"}
    if unknown or not isinstance(table, dict):
        raise InputError(f"audit config {path} may only hold a [severity] table (found {', '.join(sorted(data))})")
    severities = dict(default_config().severities)
    for name, value in table.items():
        if name not in RULES_BY_NAME:
            raise InputError(f"audit config {path}: unknown rule {name!r}; rules: {', '.join(RULES_BY_NAME)}")
        if value not in (*SEVERITIES, OFF):
            raise InputError(f"audit config {path}: severity of {name} must be error, warning, info or off")
        severities[name] = value
    return AuditConfig(severities, path)


@dataclass(frozen=True)
class Acknowledgement:
    """Who acknowledged a finding, when and why."""

    reason: str
    by: str | None
    at: datetime
    evidence_hash: str


@dataclass(frozen=True)
class Finding:
    """One audit finding: a stable id, the rule, its severity, the versions, evidence and an explanation."""

    id: str
    rule: str
    severity: str
    versions: tuple[int, ...]
    evidence: Mapping[str, Any]
    explanation: str
    evidence_hash: str
    acknowledged: Acknowledgement | None = None


@dataclass(frozen=True)
class AuditScope:
    """What to audit: some rules, one version's chain, one outlet's versions, versions since a date."""

    rules: Sequence[str] = ()
    version_id: int | None = None
    outlet: str | None = None
    since: datetime | None = None


@dataclass(frozen=True)
class AuditReport:
    """The findings to report, and those hidden because they are acknowledged with unchanged evidence."""

    findings: list[Finding]
    acknowledged: list[Finding] = field(default_factory=list)

    def worst_at_or_above(self, severity: str) -> bool:
        """Return True when an unacknowledged finding has ``severity`` or a worse one."""
        return any(
            SEVERITY_RANK[f.severity] >= SEVERITY_RANK[severity] for f in self.findings if f.acknowledged is None
        )


def run_audit(
    session: Session,
    scope: AuditScope = AuditScope(),
    config: AuditConfig | None = None,
    *,
    include_acknowledged: bool = False,
) -> AuditReport:
    """Run the rules in ``scope`` (all enabled ones by default) and return the findings, worst first."""
    config = config or default_config()
    unknown = [r for r in scope.rules if r not in RULES_BY_NAME]
    if unknown:
        raise InputError(f"unknown rule {unknown[0]!r}: list the rules with `provenance audit rules`")
    rules = (
        [RULES_BY_NAME[r] for r in scope.rules] if scope.rules else [r for r in RULES if config.severity(r.name) != OFF]
    )
    versions = _scope_select(session, scope)
    hits: list[tuple[Rule, Hit]] = [(rule, hit) for rule in rules for hit in rule.detect(session, versions)]
    details = load_details(session, hits)
    acks = _acks(session)
    reported: list[Finding] = []
    quiet: list[Finding] = []
    for rule, hit in hits:
        severity = config.severity(rule.name)
        finding = _finding(rule, hit, details, severity if severity != OFF else rule.severity)
        ack = acks.get(finding.id)
        if ack is not None and ack.evidence_hash == finding.evidence_hash:
            finding = dataclasses.replace(finding, acknowledged=ack)
            (reported if include_acknowledged else quiet).append(finding)
        else:
            reported.append(finding)
    order = {rule.name: i for i, rule in enumerate(RULES)}
    reported.sort(key=lambda f: (-SEVERITY_RANK[f.severity], order[f.rule], f.versions, f.id))
    return AuditReport(reported, quiet)


def _scope_select(session: Session, scope: AuditScope) -> Select[Any] | None:
    """Return a select of the version ids the findings may be about, or None for the whole database."""
    if scope.version_id is None and scope.outlet is None and scope.since is None:
        return None
    v = Version.__table__
    query = select(v.c.id)
    if scope.version_id is not None:
        get_version(session, scope.version_id)
        query = query.where(v.c.id.in_(chain_ids(scope.version_id)))
    if scope.outlet is not None:
        query = query.where(v.c.outlet_id == resolve_outlet(session, scope.outlet).id)
    if scope.since is not None:
        query = query.where(
            or_(v.c.published_at >= scope.since, (v.c.published_at.is_(None)) & (v.c.recorded_at >= scope.since))
        )
    return query


def load_details(session: Session, hits: Sequence[tuple[Rule, Hit]]) -> Details:
    """Load the versions, claims, links, people and chains the hits refer to, in batched queries."""
    details = Details()
    chained = {hit.version_id for rule, hit in hits if rule.needs_chain}
    for chunk in id_batches(chained):
        for start, ancestor, _depth, is_root in chain_rows(session, chunk):
            details.ancestors.setdefault(start, []).append(ancestor)
            if is_root:
                details.roots.add(ancestor)
    claim_ids = {c for _, hit in hits for c in hit.claim_ids}
    link_ids = {link for _, hit in hits for link in hit.link_ids}
    _load_claims(session, claim_ids, details)
    _load_links(session, link_ids, details)
    _align_links(session, {link for rule, hit in hits if rule.needs_passages for link in hit.link_ids}, details)
    revisions = {link for rule, hit in hits if rule.needs_revisions for link in hit.link_ids}
    _compare_revisions(session, {i for i in revisions if details.links[i].kind == "revision"}, details)
    version_ids = {hit.version_id for _, hit in hits} | {r for _, hit in hits for r in hit.related}
    version_ids |= {a for ancestors in details.ancestors.values() for a in ancestors}
    version_ids |= {link.derived_id for link in details.links.values()} | {
        link.source_id for link in details.links.values()
    }
    _load_versions(session, version_ids, details)
    people = {p for _, hit in hits for p in hit.people}
    for chunk in id_batches(people):
        rows = session.execute(select(Person.id, Person.name).where(Person.id.in_(chunk)))
        details.people.update((person_id, name) for person_id, name in rows)
    return details


def _load_claims(session: Session, ids: set[int], details: Details) -> None:
    for chunk in id_batches(ids):
        rows = session.scalars(
            select(Claim).where(Claim.id.in_(chunk)).options(joinedload(Claim.outlet), joinedload(Claim.person))
        )
        for claim in rows:
            outlet = claim.outlet.name if claim.outlet else None
            outlet_language = claim.outlet.language if claim.outlet else None
            person = claim.person.name if claim.person else None
            details.claim_records[claim.id] = claim_record(claim)
            details.claims[claim.id] = ClaimInfo(
                claim.id,
                claim.version_id,
                claim.kind,
                claim.name,
                claim.text,
                claim.position,
                claim.line,
                claim.confidence,
                claim.possible_sign_off_of,
                outlet,
                outlet_language,
                person,
            )


def _load_links(session: Session, ids: set[int], details: Details) -> None:
    for chunk in id_batches(ids):
        rows = session.scalars(
            select(Derivation)
            .where(Derivation.id.in_(chunk))
            .options(joinedload(Derivation.translator), joinedload(Derivation.agent_outlet))
        )
        for link in rows:
            details.link_records[link.id] = link_record(link)
            details.links[link.id] = LinkInfo(link.id, link.derived_id, link.source_id, link.kind, agent_name(link))


def _align_links(session: Session, ids: set[int], details: Details) -> None:
    """Align the texts of the links ``ids`` (loaded already): the passages each derived text took."""
    links = [details.links[i] for i in sorted(ids)]
    texts = _texts(session, {v for link in links for v in (link.source_id, link.derived_id)})
    for link in links:
        details.alignments[link.id] = align(texts[link.source_id], texts[link.derived_id])
        details.texts[link.id] = (texts[link.source_id], texts[link.derived_id])


def _compare_revisions(session: Session, ids: set[int], details: Details) -> None:
    """Compare the texts of the revision links ``ids`` (loaded already): what each newer text changed."""
    links = [details.links[i] for i in sorted(ids)]
    texts = _texts(session, {v for link in links for v in (link.source_id, link.derived_id)})
    for link in links:
        details.revisions[link.id] = compare_texts(texts[link.source_id], texts[link.derived_id])


def _texts(session: Session, ids: set[int]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for chunk in id_batches(ids):
        texts.update(
            (vid, text or "")
            for vid, text in session.execute(select(Version.id, Version.text).where(Version.id.in_(chunk)))
        )
    return texts


def _load_versions(session: Session, ids: set[int], details: Details) -> None:
    va = version_authors
    for chunk in id_batches(ids):
        authors: dict[int, list[str]] = {}
        for version_id, name in session.execute(
            select(va.c.version_id, Person.name)
            .join(Person, Person.id == va.c.person_id)
            .where(va.c.version_id.in_(chunk))
            .order_by(va.c.version_id, Person.id)
        ):
            authors.setdefault(version_id, []).append(name)
        rows = session.execute(
            select(
                Version.id,
                Outlet.name,
                Outlet.language,
                Version.language,
                Version.detected_language,
                Version.language_probability,
                Version.published_at,
            )
            .outerjoin(Outlet, Outlet.id == Version.outlet_id)
            .where(Version.id.in_(chunk))
        )
        for row in rows:
            details.versions[row[0]] = VersionInfo(*row, authors=tuple(authors.get(row[0], ())))


def _acks(session: Session) -> dict[str, Acknowledgement]:
    return {
        ack.finding_id: Acknowledgement(ack.reason, ack.acknowledged_by, ack.acknowledged_at, ack.evidence_hash)
        for ack in session.scalars(select(FindingAck))
    }


def _finding(rule: Rule, hit: Hit, details: Details, severity: str) -> Finding:
    related = list(hit.related) + details.ancestors.get(hit.version_id, [])
    versions = tuple(dict.fromkeys([hit.version_id, *related]))
    evidence: dict[str, Any] = {
        "claims": [details.claim_records[c] for c in hit.claim_ids],
        "links": [details.link_records[link] for link in hit.link_ids],
        "versions": [_version_evidence(details.versions[v]) for v in versions],
        "people": [details.people[p] for p in hit.people],
    }
    aligned = [link for link in hit.link_ids if link in details.alignments]
    if aligned:
        evidence["passages"] = [
            {"link": link, **passage_record(p, *details.texts[link])}
            for link in aligned
            for p in details.alignments[link].passages
        ]
    for link in hit.link_ids:
        if link in details.revisions:
            evidence["revision"] = {"link": link, **revision_record(details.revisions[link])}
    key = f"{rule.name}|{hit.aspect}|v{hit.version_id}|c{hit.claim_ids}|l{hit.link_ids}|p{hit.people}"
    return Finding(
        id=hashlib.sha256(key.encode()).hexdigest()[:12],
        rule=rule.name,
        severity=severity,
        versions=versions,
        evidence=evidence,
        explanation=rule.explain(hit, details),
        evidence_hash=evidence_hash(evidence),
    )


# What of a claim and a link the evidence hash covers: the facts a finding rests on. Fields added to the
# records for display (a claim's URL or note, who recorded a link and when) leave acknowledgements valid.
CLAIM_FACTS = ("id", "version", "kind", "name", "text", "position", "line", "confidence", "possible_sign_off_of",
               "resolved_to")  # fmt: skip
LINK_FACTS = ("id", "derived_id", "source_id", "kind", "agent")


def evidence_hash(evidence: Mapping[str, Any]) -> str:
    """Return the SHA-256 of a finding's evidence: of its facts (``CLAIM_FACTS``, ``LINK_FACTS``), versions and
    people; an acknowledgement holds while it is unchanged."""
    facts = {
        **evidence,
        "claims": [{k: c[k] for k in CLAIM_FACTS} for c in evidence["claims"]],
        "links": [{k: link[k] for k in LINK_FACTS} for link in evidence["links"]],
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode()).hexdigest()


def _version_evidence(version: VersionInfo) -> dict[str, Any]:
    published = version.published
    return {
        "id": version.id,
        "outlet": version.outlet,
        "outlet_language": version.outlet_language,
        "language": version.language,
        "detected_language": version.detected_language,
        "language_probability": round(version.language_probability, 2)
        if version.language_probability is not None
        else None,
        "published": published.isoformat() if published else None,
        "authors": list(version.authors),
    }


def acknowledge(
    session: Session, finding_id: str, reason: str, *, who: str | None, config: AuditConfig | None = None
) -> Finding:
    """Acknowledge the current finding ``finding_id`` with ``reason``; it stays quiet until its evidence changes.

    Acknowledging again replaces the reason, who and when.
    """
    if not reason.strip():
        raise InputError("give a reason: provenance audit ack FINDING --reason 'confirmed with the editor'")
    report = run_audit(session, AuditScope(rules=[r.name for r in RULES]), config, include_acknowledged=True)
    finding = next((f for f in report.findings if f.id == finding_id.strip().lower()), None)
    if finding is None:
        raise NotFoundError(f"no current finding with id {finding_id!r}: list them with `provenance audit`")
    ack = session.scalars(select(FindingAck).where(FindingAck.finding_id == finding.id)).first()
    if ack is None:
        ack = FindingAck(finding_id=finding.id)
        session.add(ack)
    ack.evidence_hash = finding.evidence_hash
    ack.reason = reason.strip()
    ack.acknowledged_by = who
    ack.acknowledged_at = utcnow()
    session.flush()
    stamp = Acknowledgement(ack.reason, who, ack.acknowledged_at, finding.evidence_hash)
    return dataclasses.replace(finding, acknowledged=stamp)


def finding_record(finding: Finding) -> dict[str, Any]:
    """Return a finding as the JSON object documented in docs/audit.md."""
    ack = finding.acknowledged
    return {
        "id": finding.id,
        "rule": finding.rule,
        "severity": finding.severity,
        "versions": list(finding.versions),
        "evidence": dict(finding.evidence),
        "explanation": finding.explanation,
        "evidence_hash": finding.evidence_hash,
        "acknowledged": {"reason": ack.reason, "by": ack.by, "at": ack.at.isoformat(timespec="seconds")}
        if ack
        else None,
    }


def report_record(report: AuditReport) -> dict[str, Any]:
    """Return the report as ``{"findings": [...], "summary": {...}}``."""
    by_severity: dict[str, int] = {s: 0 for s in SEVERITIES}
    by_rule = {rule.name: 0 for rule in RULES}
    for finding in report.findings:
        by_severity[finding.severity] += 1
        by_rule[finding.rule] += 1
    return {
        "findings": [finding_record(f) for f in report.findings],
        "summary": {
            "total": len(report.findings),
            "by_severity": by_severity,
            "by_rule": {name: n for name, n in by_rule.items() if n},
            "acknowledged_hidden": len(report.acknowledged),
        },
    }


def rule_catalogue(config: AuditConfig | None = None) -> list[dict[str, str]]:
    """Return every rule with its effective severity and one-line description."""
    config = config or default_config()
    return [
        {
            "rule": rule.name,
            "severity": config.severity(rule.name),
            "default": rule.severity,
            "description": rule.description,
        }
        for rule in RULES
    ]
