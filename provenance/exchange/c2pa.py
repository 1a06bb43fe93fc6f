"""The chain behind a version as a C2PA ``c2pa.actions.v2`` assertion, in an unsigned manifest definition.

A publisher adopting content credentials for text can start from this: the actions that made the
text (created, translated, edited, published), each with its actor, and the earlier versions as
ingredients named by content hash. It is not signed; docs/export.md says what signing needs.
"""

from __future__ import annotations

import json
from typing import IO, Any

from sqlalchemy.orm import Session

from provenance import __version__
from provenance.errors import InputError
from provenance.exchange.formats import ExportRequest
from provenance.exchange.prov import NAMESPACE_URI, agent_local, version_local
from provenance.exchange.rows import AgentCache, AgentRow, LinkRow, VersionRow, iter_links, iter_versions, select_chain

ASSERTION = "c2pa.actions.v2"
# C2PA has no action for republishing a text unchanged or for cutting an excerpt: edited is the nearest.
ACTIONS = {
    "translation": "c2pa.translated",
    "back-translation": "c2pa.translated",
    "republication": "c2pa.published",
    "excerpt": "c2pa.edited",
    "adaptation": "c2pa.edited",
    "revision": "c2pa.edited",
}
HUMAN_CREATION = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCreation"


def _uri(local: str) -> str:
    return NAMESPACE_URI + local


def _actors(*agents: AgentRow | None) -> list[dict[str, str]]:
    return [{"identifier": _uri(agent_local(a)), "name": a.name} for a in agents if a is not None]


def _when(version: VersionRow) -> dict[str, str]:
    return {"when": version.published_at.isoformat() + "Z"} if version.published_at else {}


def _ingredient(version: VersionRow, relationship: str) -> dict[str, Any]:
    ingredient: dict[str, Any] = {
        "title": version.title or f"version {version.id}",
        "format": "text/plain",
        "relationship": relationship,
        "instance_id": _uri(version_local(version)),
    }
    if version.content_hash:
        ingredient["hash"] = {"alg": "sha256", "value": version.content_hash}
    if version.language:
        ingredient["language"] = version.language
    return ingredient


def _link_action(link: LinkRow, versions: dict[int, VersionRow]) -> dict[str, Any]:
    derived, source = versions[link.derived.id], versions[link.source.id]
    action: dict[str, Any] = {"action": ACTIONS[link.kind], **_when(derived)}
    actors = _actors(link.agent)
    if actors:
        action["actors"] = actors
    parameters: dict[str, Any] = {
        "description": f"{link.kind} of {source.outlet.name if source.outlet else 'an earlier version'}",
        "ingredients": [{"instance_id": _uri(version_local(source))}],
    }
    if link.kind in ("translation", "back-translation"):
        parameters["sourceLanguage"] = source.language or source.detected_language
        parameters["targetLanguage"] = derived.language or derived.detected_language
    action["parameters"] = parameters
    return action


def c2pa_manifest(session: Session, version_id: int) -> dict[str, Any]:
    """Return an unsigned C2PA manifest definition for a version: its ancestry as a c2pa.actions.v2 assertion."""
    selection = select_chain(session, version_id, "up")
    agents = AgentCache(session)
    versions = {v.id: v for v in iter_versions(session, selection, agents)}
    links = list(iter_links(session, selection, agents))
    derived_ids = {link.derived.id for link in links}
    actions: list[dict[str, Any]] = []
    ordered = sorted(versions.values(), key=lambda v: (v.published_at is None, v.published_at or v.recorded_at, v.id))
    for version in ordered:
        if version.id not in derived_ids:
            actions.append(
                {
                    "action": "c2pa.created",
                    **_when(version),
                    "actors": _actors(*version.authors, version.outlet),
                    "digitalSourceType": HUMAN_CREATION,
                    "parameters": {"instance_id": _uri(version_local(version))},
                }
            )
        actions += [_link_action(link, versions) for link in links if link.derived.id == version.id]
        if version.outlet is not None:
            actions.append(
                {
                    "action": "c2pa.published",
                    **_when(version),
                    "actors": _actors(version.outlet),
                    "parameters": {
                        "instance_id": _uri(version_local(version)),
                        **({"url": version.url} if version.url else {}),
                    },
                }
            )
    target = versions[version_id]
    direct = {link.source.id for link in links if link.derived.id == version_id}
    return {
        "claim_generator_info": [{"name": "provenance", "version": __version__}],
        "title": target.title or f"version {target.id}",
        "format": "text/plain",
        "instance_id": _uri(version_local(target)),
        "ingredients": [
            _ingredient(v, "parentOf" if v.id in direct else "componentOf") for v in ordered if v.id != version_id
        ],
        "assertions": [{"label": ASSERTION, "data": {"actions": actions}}],
    }


def write(session: Session, request: ExportRequest, out: IO[bytes]) -> None:
    """Write one version's history as C2PA actions; refuse the whole database."""
    if request.version_id is None:
        raise InputError("c2pa-actions describes one version's history: give a VERSION instead of --all")
    manifest = c2pa_manifest(session, request.version_id)
    out.write((json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
