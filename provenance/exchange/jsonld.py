"""schema.org JSON-LD export: each version a ``NewsArticle``, linked by translationOfWork and isBasedOn.

The context ships with the package (provenance/data/schemaorg-context.jsonld) and is written inline,
so a JSON-LD processor reads the output without fetching anything.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import IO, Any

from sqlalchemy.orm import Session

from provenance.exchange.formats import ExportRequest
from provenance.exchange.prov import PREFIX, agent_local, version_local
from provenance.exchange.rows import (
    AgentCache,
    AgentRow,
    LinkRow,
    Selection,
    VersionRow,
    iter_agents,
    iter_links,
    iter_versions,
)

TRANSLATIONS = ("translation", "back-translation")


@cache
def schemaorg_context() -> dict[str, Any]:
    """Return the shipped JSON-LD context (schema.org vocabulary plus this tool's namespace)."""
    text = files("provenance").joinpath("data/schemaorg-context.jsonld").read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def _id(local: str) -> str:
    return f"{PREFIX}:{local}"


def _agent_node(agent: AgentRow) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _id(agent_local(agent)),
        "@type": "NewsMediaOrganization" if agent.kind == "outlet" else "Person",
        "name": agent.name,
    }
    if agent.aliases:
        node["alternateName"] = list(agent.aliases)
    if agent.domains:
        node["url"] = f"https://{agent.domains[0]}/"
    return node


def _article_node(version: VersionRow, parents: list[LinkRow], children: list[LinkRow]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": _id(version_local(version)), "@type": "NewsArticle"}
    optional = {
        "headline": version.title,
        "inLanguage": version.language or version.detected_language,
        "url": version.url,
        "datePublished": version.published_at.date().isoformat() if version.published_at else None,
        "publisher": _id(agent_local(version.outlet)) if version.outlet else None,
        "author": [_id(agent_local(a)) for a in version.authors] or None,
        "identifier": f"sha256:{version.content_hash}" if version.content_hash else None,
        "isBasedOn": [_id(version_local(link.source)) for link in parents] or None,
        "translationOfWork": [_id(version_local(p.source)) for p in parents if p.kind in TRANSLATIONS] or None,
        "translator": [_id(agent_local(p.agent)) for p in parents if p.kind in TRANSLATIONS and p.agent] or None,
        "workTranslation": [_id(version_local(c.derived)) for c in children if c.kind in TRANSLATIONS] or None,
    }
    node.update({k: v for k, v in optional.items() if v is not None})
    return node


def jsonld_document(session: Session, selection: Selection) -> dict[str, Any]:
    """Return the selection as a schema.org JSON-LD document with its context inline."""
    agents = AgentCache(session)
    links = list(iter_links(session, selection, agents))
    parents: dict[int, list[LinkRow]] = {}
    children: dict[int, list[LinkRow]] = {}
    for link in links:
        parents.setdefault(link.derived.id, []).append(link)
        children.setdefault(link.source.id, []).append(link)
    graph = [
        _article_node(v, parents.get(v.id, []), children.get(v.id, []))
        for v in iter_versions(session, selection, agents)
    ]
    graph += [_agent_node(a) for a in iter_agents(session, selection, agents)]
    return {"@context": schemaorg_context(), "@graph": graph}


def write(session: Session, request: ExportRequest, out: IO[bytes]) -> None:
    """Write the selection as schema.org JSON-LD."""
    document = jsonld_document(session, request.selection)
    out.write((json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
