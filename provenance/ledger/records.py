"""The JSON shape of each record of the ledger: outlets, people, versions, claims, links and chains.

One builder per entity, used by every output (JSON, CSV and tables) and by the audit's evidence, so a
claim has the same keys wherever it is printed.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from provenance.ledger.lineage import Lineage
from provenance.store.models import Claim, Derivation, Event, Outlet, Person, Version
from provenance.text.alignment import Passage
from provenance.text.revisions import TextChanges

Record = dict[str, Any]


def iso(moment: datetime | date | None) -> str | None:
    """Return a date as ``2025-05-11`` (a date-time at midnight too), a date-time in ISO 8601, None as None."""
    if moment is None:
        return None
    if isinstance(moment, datetime) and moment.time() == datetime.min.time():
        return moment.date().isoformat()
    return moment.isoformat()


def passage_record(passage: Passage, source: str | None = None, derived: str | None = None) -> Record:
    """Return an aligned passage as its character spans ``[start, end)`` in the source and the derived text and
    its word count; with the texts, the passage's opening words in each as well."""
    record: Record = {
        "source_span": [passage.source_start, passage.source_end],
        "derived_span": [passage.derived_start, passage.derived_end],
        "words": passage.words,
    }
    if source is not None and derived is not None:
        record["source_opening"] = _opening(source[passage.source_start : passage.source_end])
        record["derived_opening"] = _opening(derived[passage.derived_start : passage.derived_end])
    return record


def _opening(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def outlet_record(outlet: Outlet) -> Record:
    """Return an outlet as a JSON-ready dict."""
    return {
        "id": outlet.id,
        "name": outlet.name,
        "language": outlet.language,
        "country": outlet.country,
        "aliases": [a.alias for a in outlet.aliases],
        "domains": [d.domain for d in outlet.domains],
    }


def person_record(person: Person) -> Record:
    """Return a person as a JSON-ready dict."""
    return {"id": person.id, "name": person.name, "aliases": [a.alias for a in person.aliases]}


def version_record(version: Version, *, with_text: bool = False) -> Record:
    """Return a version as a JSON-ready dict (its text only when asked)."""
    record: Record = {
        "id": version.id,
        "work_id": version.work_id,
        "title": version.title,
        "outlet": version.outlet.name if version.outlet else None,
        "language": version.language,
        "detected_language": version.detected_language,
        "language_probability": version.language_probability,
        "url": version.url,
        "published": iso(version.published_at),
        "authors": [p.name for p in version.authors],
        "content_hash": version.content_hash,
        "damage": version.damage,
        "source_name": version.source_name,
        "recorded_at": iso(version.recorded_at),
    }
    if with_text:
        record["text"] = version.text
    return record


def claim_record(claim: Claim) -> Record:
    """Return a claim as a JSON-ready dict, with the outlet or person it resolved to: the one shape of a claim,
    in ``log``, ``show``, the audit's evidence and every other output."""
    outlet = claim.outlet.name if claim.outlet else None
    person = claim.person.name if claim.person else None
    return {
        "id": claim.id,
        "version": claim.version_id,
        "kind": claim.kind,
        "name": claim.name,
        "text": claim.text,
        "position": claim.position,
        "line": claim.line,
        "confidence": claim.confidence,
        "url": claim.url,
        "possible_sign_off_of": claim.possible_sign_off_of,
        "note": claim.note,
        "outlet": outlet,
        "person": person,
        "resolved": claim.outlet_id is not None or claim.person_id is not None,
        "resolved_to": outlet or person,
    }


def version_detail_record(version: Version, parents: list[Derivation], children: list[Derivation]) -> Record:
    """Return one version with its text, claims and links: what ``show --json`` prints and the web view's
    version page carries."""
    return {
        **version_record(version, with_text=True),
        "claims": [claim_record(c) for c in version.claims],
        "derived_from": [link_record(link) for link in parents],
        "derivatives": [link_record(link) for link in children],
    }


def agent_name(link: Derivation) -> str | None:
    """Return the name of whoever made a derivation: the translator or the outlet."""
    if link.translator is not None:
        return link.translator.name
    if link.agent_outlet is not None:
        return link.agent_outlet.name
    return None


def link_record(link: Derivation) -> Record:
    """Return a derivation link as a JSON-ready dict."""
    return {
        "id": link.id,
        "derived_id": link.derived_id,
        "source_id": link.source_id,
        "kind": link.kind,
        "agent": agent_name(link),
        "agent_type": "person" if link.translator else ("outlet" if link.agent_outlet else None),
        "evidence": link.evidence,
        "confidence": link.confidence,
        "recorded_at": iso(link.recorded_at),
        "recorded_by": link.recorded_by,
    }


def lineage_record(lineage: Lineage) -> Record:
    """Return a chain as a JSON-ready dict: the start, every version in it, its links with depth."""
    return {
        "start": lineage.start.id,
        "direction": "ancestors" if lineage.direction == "up" else "descendants",
        "versions": [version_record(v) for _, v in sorted(lineage.versions.items())],
        "links": [{**link_record(link), "depth": depth} for depth, link in lineage.links],
        "roots": [v.id for v in lineage.roots] if lineage.direction == "up" else [],
    }


def event_record(event: Event) -> Record:
    """Return an event of the log as a JSON-ready dict: who, when, which command, and what changed (for an
    update, each changed column's old and new value)."""
    old = json.loads(event.old_values) if event.old_values else None
    new = json.loads(event.new_values) if event.new_values else None
    return {
        "seq": event.seq,
        "commit": event.commit_seq,
        "recorded_at": iso(event.recorded_at),
        "recorder": event.recorder,
        "command": event.command,
        "why": event.why,
        "action": event.action,
        "table": event.table_name,
        "key": [event.row_id, event.row_id2] if event.row_id2 else event.row_id,
        "changes": changed_columns(event.action, old, new),
        "old": old,
        "new": new,
        "hash": event.hash,
        "prev_hash": event.prev_hash,
    }


def changed_columns(action: str, old: Record | None, new: Record | None) -> dict[str, list[Any]]:
    """Return ``column: [old, new]`` for what an event changed (every column of a row inserted or removed)."""
    if action == "update" and old is not None and new is not None:
        return {column: [value, new.get(column)] for column, value in sorted(old.items())}
    if new is not None:
        return {column: [None, value] for column, value in sorted(new.items()) if value is not None}
    return {column: [value, None] for column, value in sorted((old or {}).items()) if value is not None}


def revision_record(changes: TextChanges) -> Record:
    """Return what a revision changed as a JSON-ready dict: sentences added and removed (the first few, and how
    many), numbers and names that appeared or disappeared."""
    return {
        "sentences_added": list(changes.sentences_added),
        "sentences_removed": list(changes.sentences_removed),
        "added_count": changes.added_count,
        "removed_count": changes.removed_count,
        "numbers_added": list(changes.numbers_added),
        "numbers_removed": list(changes.numbers_removed),
        "names_added": list(changes.names_added),
        "names_removed": list(changes.names_removed),
    }
