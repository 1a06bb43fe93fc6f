"""The audit's findings for the web view: computed once for each state of the database, kept, and shared.

The audit is set work over the whole database; a page must not run it. The server keeps one full report
and the state of the database it was computed on (the largest id of every table the rules read: one cheap
query). A page reads the kept report; when the state has moved on (someone recorded something), the report
is computed again: at once when that took under a second, else in the background while pages keep showing
the previous report, marked with the time it was computed. A version's findings and an outlet's are taken
from the full report when there is one; before the first one is ready, a version's chain is audited alone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from provenance.audit.findings import AuditConfig, AuditReport, AuditScope, Finding, run_audit
from provenance.store.models import Claim, Derivation, FindingAck, Outlet, Person, Version, utcnow

SessionFactory = Callable[[], AbstractContextManager[Session]]
SYNC_SECONDS = 1.0
"""A report that took less than this to compute is recomputed at once when the database changes."""
TTL_SECONDS = 60.0
"""Edits in place that add no row (a claim resolved by `provenance resolve`) show within this long."""


class Indexed:
    """A full report's findings grouped once, so that no page request goes through all of them: by rule and
    acknowledgement (in the report's order, worst first), by the version each is about (the first it names),
    and by every version it names."""

    def __init__(self, report: AuditReport) -> None:
        self.groups: dict[tuple[str, bool], list[Finding]] = {}
        self.about: dict[int, list[Finding]] = {}
        self.naming: dict[int, list[Finding]] = {}
        for finding in (*report.findings, *report.acknowledged):
            self.groups.setdefault((finding.rule, finding.acknowledged is not None), []).append(finding)
            self.about.setdefault(finding.versions[0], []).append(finding)
            for version_id in dict.fromkeys(finding.versions):
                self.naming.setdefault(version_id, []).append(finding)


@dataclass(frozen=True)
class Snapshot:
    """A full audit report (indexed), when it was computed, and whether the database has changed since."""

    findings: Indexed
    computed_at: datetime
    seconds: float
    current: bool


@dataclass(frozen=True)
class _Computed:
    findings: Indexed
    state: tuple[Any, ...]
    computed_at: datetime
    seconds: float
    monotonic: float


class FindingsCache:
    """One full audit report per server, recomputed when the database changes (see the module's docstring)."""

    def __init__(
        self, sessions: SessionFactory, config: AuditConfig | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._sessions = sessions
        self._config = config
        self._clock = clock
        self._lock = threading.Condition()
        self._computed: _Computed | None = None
        self._running = False

    def warm(self) -> None:
        """Start computing the first report in the background (at server start)."""
        self._start_background()

    def snapshot(self, session: Session) -> Snapshot:
        """Return the full report: the current one, computed now if needed and quick, else the last one."""
        state = database_state(session)
        with self._lock:
            while self._computed is None and self._running:  # the first report is on its way: wait for it
                self._lock.wait()
            kept = self._computed
        # An audit that takes long is not redone for edits that add no row more often than ten times its length.
        fresh_for = max(TTL_SECONDS, 10 * kept.seconds) if kept is not None else 0.0
        if kept is not None and kept.state == state and self._clock() - kept.monotonic < fresh_for:
            return self._snapshot(kept, current=True)
        if kept is None or kept.seconds < SYNC_SECONDS:
            return self._snapshot(self._compute(session, state), current=True)
        self._start_background()
        return self._snapshot(kept, current=False)

    def latest(self) -> Snapshot | None:
        """Return the last report computed, if any, without looking at the database."""
        with self._lock:
            kept = self._computed
        return None if kept is None else self._snapshot(kept, current=False)

    def chain_findings(self, session: Session, version_id: int) -> list[Finding]:
        """Return the findings that name version ``version_id``: from the full report when there is one (the
        current one if it is quick to have), else from an audit of its chain alone."""
        if self.latest() is None:
            report = run_audit(session, AuditScope(version_id=version_id), self._config, include_acknowledged=True)
            return [f for f in report.findings if version_id in f.versions]
        return self.snapshot(session).findings.naming.get(version_id, [])

    def _snapshot(self, computed: _Computed, *, current: bool) -> Snapshot:
        return Snapshot(computed.findings, computed.computed_at, computed.seconds, current)

    def _compute(self, session: Session, state: tuple[Any, ...]) -> _Computed:
        started = self._clock()
        report = run_audit(session, AuditScope(), self._config, include_acknowledged=True)
        computed = _Computed(Indexed(report), state, utcnow(), self._clock() - started, self._clock())
        with self._lock:
            if self._computed is None or self._computed.monotonic <= computed.monotonic:
                self._computed = computed
            self._lock.notify_all()
        return computed

    def _start_background(self) -> None:
        with self._lock:
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._background, name="provenance-audit", daemon=True).start()

    def _background(self) -> None:
        try:
            with self._sessions() as session:
                self._compute(session, database_state(session))
        finally:
            with self._lock:
                self._running = False
                self._lock.notify_all()


def database_state(session: Session) -> tuple[Any, ...]:
    """The state of what the audit reads, in one query of index look-ups: a changed value means rows were added."""
    models = (Version, Claim, Derivation, Outlet, Person, FindingAck)
    return tuple(session.execute(select(*(select(func.max(m.id)).scalar_subquery() for m in models))).one())
