"""Audit benchmark: a synthetic SQLite database of N versions (default 1M) in clean three-version chains, with a
known number of planted mismatches for every rule; runs the full audit and prints time, peak memory and
found/planted per rule, with a bare-SQL anchor (raw sqlite3 scans of the same tables) timed in the same run.

    python benchmarks/audit_bench.py                  # 1M versions
    python benchmarks/audit_bench.py --versions 100000
    python benchmarks/audit_bench.py --quick          # 10k versions
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "sq", "sr", "de", "fr")
OUTLETS = 200
PEOPLE = 1000
NOW = "2025-06-01 00:00:00"
BATCH = 60_000


class Builder:
    """Accumulates rows with explicit ids and writes them with executemany, batch by batch."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.version_id = self.work_id = self.link_id = self.claim_id = 0
        self.rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in ("works", "versions", "links", "claims", "va")}
        self.planted: dict[str, set[int]] = {}

    def outlet(self, index: int) -> tuple[int, str, str]:
        """Outlet ``index`` (0-based, wraps): its id, name and language."""
        index %= OUTLETS
        return index + 1, f"Outlet {index}", LANGUAGES[index % len(LANGUAGES)]

    def same_language(self, index: int) -> tuple[int, str, str]:
        """Another outlet of the same language as outlet ``index``."""
        return self.outlet(index + len(LANGUAGES))

    def other_language(self, index: int) -> tuple[int, str, str]:
        """An outlet of another language than outlet ``index``."""
        return self.outlet(index + 1)

    def version(
        self,
        outlet: tuple[int, str, str],
        *,
        language: str | None = None,
        detected: str | None = None,
        day: int = 1,
        work: int | None = None,
    ) -> int:
        """Add a version published by ``outlet`` in its language (unless told otherwise); return its id."""
        if work is None:
            self.work_id += 1
            self.rows["works"].append((self.work_id, NOW))
            work = self.work_id
        self.version_id += 1
        lang = language or outlet[2]
        self.rows["versions"].append(
            (self.version_id, work, outlet[0], lang, detected or lang, 0.99, f"2025-05-{day:02d} 00:00:00", "text", NOW)
        )
        return self.version_id

    def link(self, derived: int, source: int, kind: str, agent: int | None = None) -> int:
        """Add a derivation link."""
        self.link_id += 1
        self.rows["links"].append((self.link_id, derived, source, kind, agent, 1.0, NOW))
        return self.link_id

    def claim(self, version: int, kind: str, outlet: tuple[int, str, str] | None, person: int | None = None) -> None:
        """Add a claim resolved to ``outlet`` (or ``person``); an unresolved one when both are None."""
        self.claim_id += 1
        name = outlet[1] if outlet else (f"Person {person}" if person else "Unknown Outlet")
        self.rows["claims"].append(
            (self.claim_id, version, kind, name, f"{kind}: {name}", "header", 1, 0.9,
             outlet[0] if outlet else None, person)
        )  # fmt: skip

    def author(self, version: int, person: int) -> None:
        """Record ``person`` as an author of ``version``."""
        self.rows["va"].append((version, person))

    def clean_chain(self, i: int) -> None:
        """An original, its republication in the same language and a translation: no rule fires."""
        a, b, c = self.outlet(i), self.same_language(i), self.other_language(i)
        person = i % PEOPLE + 1
        original = self.version(a)
        self.author(original, person)
        work = self.work_id
        copy = self.version(b, work=work)
        self.author(copy, person)
        self.link(copy, original, "republication")
        self.claim(copy, "via", a)
        translation = self.version(c, day=2, work=work)
        self.link(translation, copy, "translation", agent=c[0])
        self.claim(translation, "source", b)
        self.claim(translation, "translator", c)
        self.claim(translation, "author", None, person)

    def plant(self, rule: str, i: int) -> None:
        """Add one case that exactly one finding of ``rule`` reports; remember the version it is about."""
        a, b, c, d = self.outlet(i), self.same_language(i), self.other_language(i), self.outlet(i + 2)
        planted = self.planted.setdefault(rule, set())
        if rule == "conflicting-source":
            v = self.version(b)
            self.claim(v, "source", a)
            self.claim(v, "source", d)
        elif rule == "claim-vs-chain":
            original = self.version(a)
            v = self.version(b, work=self.work_id)
            self.link(v, original, "republication")
            self.claim(v, "via", d)
            # Another outlet's text crediting only an outlet outside its chain: an uncredited copy as well.
            self.planted.setdefault("uncredited-copy", set()).add(v)
        elif rule in ("uncredited-copy", "excerpt-without-credit"):
            original = self.version(a)
            v = self.version(b, work=self.work_id)
            self.link(v, original, "republication" if rule == "uncredited-copy" else "excerpt")
        elif rule == "missing-source-credit":  # the same outlet's second edition: not another outlet's text
            original = self.version(a)
            v = self.version(a, work=self.work_id)
            self.link(v, original, "republication")
        elif rule == "missing-translator-credit":
            original = self.version(a)
            v = self.version(c, work=self.work_id)
            self.link(v, original, "translation")
            self.claim(v, "source", a)
        elif rule == "same-language-translation" and i % 2 == 0:
            original = self.version(a)
            v = self.version(b, work=self.work_id)
            self.link(v, original, "translation", agent=b[0])
            self.claim(v, "source", a)
        elif rule == "same-language-translation":
            original = self.version(a)
            translated = self.version(c, work=self.work_id)
            self.link(translated, original, "translation", agent=c[0])
            self.claim(translated, "source", a)
            self.claim(translated, "translator", c)
            v = self.version(c, language=a[2], work=self.work_id)
            self.link(v, translated, "back-translation", agent=c[0])
            self.claim(v, "source", a)
            self.claim(v, "translator", c)
        elif rule == "language-mismatch" and i % 2 == 0:
            v = self.version(a, detected=c[2])
        elif rule == "language-mismatch":
            v = self.version(a, language=c[2])
        elif rule == "chronology":
            original = self.version(a, day=10)
            v = self.version(b, day=5, work=self.work_id)
            self.link(v, original, "republication")
            self.claim(v, "via", a)
        elif rule == "author-mismatch":
            original = self.version(a)
            self.author(original, i % PEOPLE + 1)
            v = self.version(b, work=self.work_id)
            self.author(v, (i + 1) % PEOPLE + 1)
            self.link(v, original, "republication")
            self.claim(v, "via", a)
        elif rule == "unresolved-claim":
            v = self.version(a)
            self.claim(v, "source", None)
        elif rule == "orphan-translation":
            v = self.version(c)
            self.claim(v, "translator", c)
        else:
            raise ValueError(rule)
        planted.add(v)

    def flush(self) -> None:
        """Write the accumulated rows."""
        statements = {
            "works": "INSERT INTO works (id, created_at) VALUES (?, ?)",
            "versions": "INSERT INTO versions (id, work_id, outlet_id, language, detected_language, "
            "language_probability, published_at, text, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "links": "INSERT INTO derivations (id, derived_id, source_id, kind, agent_outlet_id, confidence, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            "claims": "INSERT INTO claims (id, version_id, kind, name, text, position, line, confidence, outlet_id, "
            "person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "va": "INSERT INTO version_authors (version_id, person_id) VALUES (?, ?)",
        }
        for table, sql in statements.items():
            self.db.executemany(sql, self.rows[table])
            self.rows[table].clear()


RULES = (
    "conflicting-source", "claim-vs-chain", "missing-source-credit", "uncredited-copy", "excerpt-without-credit",
    "missing-translator-credit",
    "same-language-translation", "language-mismatch", "chronology", "author-mismatch", "unresolved-claim",
    "orphan-translation",
)  # fmt: skip


def build(path: Path, versions: int, per_rule: int) -> dict[str, list[int]]:
    """Create the database at ``path``: migrated schema, then bulk rows. Returns the planted versions per rule."""
    from provenance.store.database import make_engine, resolve_url
    from provenance.store.migrations import ensure_schema

    engine = make_engine(resolve_url(str(path)))
    ensure_schema(engine)
    engine.dispose()
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    db.executemany(
        "INSERT INTO outlets (id, name, key, language, created_at) VALUES (?, ?, ?, ?, ?)",
        [(i + 1, f"Outlet {i}", f"outlet {i}", LANGUAGES[i % len(LANGUAGES)], NOW) for i in range(OUTLETS)],
    )
    db.executemany(
        "INSERT INTO people (id, name, key, created_at) VALUES (?, ?, ?, ?)",
        [(i + 1, f"Person {i + 1}", f"person {i + 1}", NOW) for i in range(PEOPLE)],
    )
    builder = Builder(db)
    planted_cases = [(rule, i) for i in range(per_rule) for rule in RULES]
    planted_versions = sum(_case_size(rule, i) for rule, i in planted_cases)
    chains = max(0, (versions - planted_versions) // 3)
    # Spread the planted cases through the id range, as real mistakes would be.
    every = max(1, chains // max(1, len(planted_cases)))
    cases: Iterator[tuple[str, int]] = iter(planted_cases)
    for i in range(chains):
        builder.clean_chain(i)
        if i % every == 0:
            case = next(cases, None)
            if case is not None:
                builder.plant(*case)
        if builder.version_id % BATCH < 3:
            builder.flush()
    for case in cases:
        builder.plant(*case)
    builder.flush()
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return {rule: sorted(ids) for rule, ids in builder.planted.items()}


def _case_size(rule: str, i: int) -> int:
    sizes = {"conflicting-source": 1, "language-mismatch": 1, "unresolved-claim": 1, "orphan-translation": 1}
    if rule == "same-language-translation":
        return 2 if i % 2 == 0 else 3
    return sizes.get(rule, 2)


def anchor(path: Path) -> float:
    """Time bare SQL doing one indexed pass over claims and links (raw sqlite3): the floor the audit compares to."""
    db = sqlite3.connect(path)
    started = time.perf_counter()
    db.execute(
        "SELECT version_id FROM claims WHERE kind = 'source' GROUP BY version_id HAVING count(DISTINCT outlet_id) > 1"
    ).fetchall()
    db.execute(
        "SELECT d.id FROM derivations d JOIN versions a ON a.id = d.derived_id JOIN versions b ON b.id = d.source_id "
        "WHERE a.published_at < b.published_at"
    ).fetchall()
    db.execute(
        "SELECT d.id FROM derivations d WHERE NOT EXISTS "
        "(SELECT 1 FROM claims c WHERE c.version_id = d.derived_id AND c.kind IN ('source', 'via'))"
    ).fetchall()
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def audit_only(path: Path) -> None:
    """Run the full audit in this process and print time, peak RSS and the findings' versions per rule as JSON."""
    from provenance.audit.findings import run_audit
    from provenance.store.database import make_engine, resolve_url, session_scope

    engine = make_engine(resolve_url(str(path)))
    started = time.perf_counter()
    with session_scope(engine) as session:
        report = run_audit(session)
    elapsed = time.perf_counter() - started
    by_rule: dict[str, list[int]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule, []).append(finding.versions[0])
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024, "found": by_rule}))


def main() -> None:
    """Build, anchor, audit, report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--versions", type=int, default=1_000_000, help="How many versions (default 1M).")
    parser.add_argument("--quick", action="store_true", help="10k versions.")
    parser.add_argument("--per-rule", type=int, default=None, help="Planted cases per rule (default N/10k, >= 10).")
    parser.add_argument("--db", type=Path, help="Keep the database at this path (default: a temporary file).")
    parser.add_argument("--audit-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.audit_only:
        audit_only(args.audit_only)
        return
    versions = 10_000 if args.quick else args.versions
    per_rule = args.per_rule or max(10, versions // 10_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "audit_bench.db"
        if path.exists():
            path.unlink()
        started = time.perf_counter()
        planted = build(path, versions, per_rule)
        built = time.perf_counter() - started
        with sqlite3.connect(path) as db:
            counts = {
                t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("versions", "derivations", "claims")
            }
        print(f"built {counts['versions']:,} versions, {counts['derivations']:,} links, {counts['claims']:,} claims "
              f"in {built:.1f} s ({per_rule} planted cases per rule)")  # fmt: skip
        bare = anchor(path)
        child = subprocess.run(
            [sys.executable, __file__, "--audit-only", str(path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
        )
        result = json.loads(child.stdout)
        found = result["found"]
        print(f"full audit: {result['seconds']:.2f} s, peak RSS {result['peak_mib']:.0f} MiB")
        ratio = result["seconds"] / bare
        print(f"bare-SQL anchor (3 indexed scans, raw sqlite3): {bare:.2f} s; audit/anchor = {ratio:.1f}x")
        print(f"{'rule':<28}{'planted':>8}{'found':>8}{'missed':>8}{'spurious':>10}")
        ok = True
        for rule in RULES:
            want, got = set(planted.get(rule, [])), Counter(found.get(rule, []))
            missed = len(want - set(got))
            spurious = sum(n for v, n in got.items() if v not in want) + sum(n - 1 for n in got.values() if n > 1)
            ok &= missed == 0 and spurious == 0
            print(f"{rule:<28}{len(want):>8}{sum(got.values()):>8}{missed:>8}{spurious:>10}")
        print("every planted finding found, none spurious" if ok else "MISMATCH between planted and found")
        if not ok:
            sys.exit(1)


if __name__ == "__main__":
    main()
