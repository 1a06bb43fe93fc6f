"""The chain drawn: Mermaid text, Graphviz DOT, and SVG/PNG rendered by Graphviz ``dot``.

Each version is a node (outlet, language, date, short title); each recorded link an arrow from the
derived version to its source, labelled with its kind and agent. What the text claims is drawn
beside it: a dashed arrow from a version to each outlet a source claim credits when the recorded chain
does not support it (``lineage.unsupported_credits``, as the audit decides). Versions with audit findings
are marked.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Literal

import graphviz
from sqlalchemy.orm import Session

from provenance.audit.findings import AuditScope, run_audit
from provenance.errors import MissingDependencyError
from provenance.exchange.formats import ExportRequest
from provenance.exchange.rows import (
    AgentCache,
    ClaimRow,
    LinkRow,
    Selection,
    VersionRow,
    iter_claims,
    iter_links,
    iter_versions,
)
from provenance.ledger.lineage import unsupported_credits
from provenance.store.batching import batched
from provenance.text.normalize import visible
from provenance.vocabulary import SOURCE_KINDS

TITLE_WIDTH = 40
INSTALL_HINT = "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)"
LEGEND = (
    '<<TABLE BORDER="1" COLOR="#999999" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">'
    '<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>'
    '<TR><TD ALIGN="LEFT">──▶</TD><TD ALIGN="LEFT">recorded link, from the derived version to its source</TD></TR>'
    '<TR><TD ALIGN="LEFT"><FONT COLOR="#b9770e">- - ▶</FONT></TD>'
    '<TD ALIGN="LEFT"><FONT COLOR="#b9770e">a source the text credits that the recorded chain does not support'
    "</FONT></TD></TR>"
    '<TR><TD ALIGN="LEFT"><FONT COLOR="#c0392b">⚠</FONT></TD>'
    '<TD ALIGN="LEFT"><FONT COLOR="#c0392b">red border: version with audit findings</FONT></TD></TR>'
    '<TR><TD ALIGN="LEFT"><B>▭</B></TD><TD ALIGN="LEFT">thick border: the version the chain was drawn for</TD></TR>'
    "</TABLE>>"
)


@dataclass(frozen=True)
class ClaimedSource:
    """A source claim the recorded chain does not support: the version, the credited name and the claim."""

    version_id: int
    target: str  # the outlet's name if the claim resolved, else the name as written
    resolved: bool
    claim: ClaimRow


@dataclass(frozen=True)
class ChainPicture:
    """What a picture shows: versions, recorded links, unsupported source claims, versions with findings."""

    versions: list[VersionRow]
    links: list[LinkRow]
    claimed: list[ClaimedSource]
    findings: frozenset[int]
    start: int | None


def unsupported_claims(session: Session, claims: Iterable[ClaimRow]) -> list[ClaimedSource]:
    """Return the source claims the recorded chain does not support (``lineage.unsupported_credits``, the
    audit's answer too): none of the claiming version's recorded ancestors was published by the credited outlet."""
    sources = [claim for claim in claims if claim.kind in SOURCE_KINDS]
    unsupported = {
        claim_id for batch in batched(c.id for c in sources) for claim_id, _ in unsupported_credits(session, batch)
    }
    found = []
    for claim in sources:
        if claim.id not in unsupported:
            continue
        outlet = claim.agent if claim.agent is not None and claim.agent.kind == "outlet" else None
        target = outlet.name if outlet is not None else claim.name
        found.append(ClaimedSource(claim.version.id, target, outlet is not None, claim))
    return found


def chain_picture(session: Session, selection: Selection, findings: Iterable[int] | None = None) -> ChainPicture:
    """Return what the picture of ``selection`` shows; ``findings`` are ids of versions with audit findings."""
    agents = AgentCache(session)
    versions = list(iter_versions(session, selection, agents))
    links = list(iter_links(session, selection, agents))
    claims = list(iter_claims(session, selection, agents))
    return ChainPicture(
        versions, links, unsupported_claims(session, claims), frozenset(findings or ()), selection.start
    )


def _short(title: str | None) -> str:
    text = (title or "(untitled)").strip()
    return text if len(text) <= TITLE_WIDTH else text[: TITLE_WIDTH - 1].rstrip() + "…"


def node_lines(version: VersionRow) -> list[str]:
    """Return the lines of a version's node: id and outlet, language and date, short title."""
    outlet = version.outlet.name if version.outlet else "(no outlet)"
    language = version.language or version.detected_language or "?"
    date = version.published_at.date().isoformat() if version.published_at else "undated"
    return [f"#{version.id} {outlet}", f"{language} · {date}", _short(version.title)]


def link_label(link: LinkRow) -> str:
    """Return an arrow's label: the kind of link and who made it."""
    return f"{link.kind} by {link.agent.name}" if link.agent else link.kind


def claim_label(claimed: ClaimedSource) -> str:
    """Return a dashed arrow's label: what the text says and where, with the sign-off doubt when there is one."""
    label = f"text says: {claimed.claim.kind} ({claimed.claim.position})"
    if claimed.claim.possible_sign_off_of:
        label += f"\nor {claimed.claim.possible_sign_off_of}'s sign-off?"
    return label


def _claim_nodes(picture: ChainPicture) -> dict[str, str]:
    return {name: f"claimed{i}" for i, name in enumerate(dict.fromkeys(c.target for c in picture.claimed), 1)}


def mermaid(picture: ChainPicture) -> str:
    """Return the picture as a Mermaid flowchart (for Markdown)."""

    def esc(text: str) -> str:
        return text.replace('"', "#quot;")

    lines = ["flowchart BT"]
    for v in picture.versions:
        lines.append(f'    v{v.id}["{esc("<br/>".join(node_lines(v)))}"]')
    claimed = _claim_nodes(picture)
    for name, node in claimed.items():
        lines.append(f'    {node}(["{esc(name)}<br/>(as the text credits it)"])')
    for link in picture.links:
        lines.append(f'    v{link.derived.id} -->|"{esc(link_label(link))}"| v{link.source.id}')
    for c in picture.claimed:
        lines.append(f'    v{c.version_id} -.->|"{esc(claim_label(c).replace(chr(10), " "))}"| {claimed[c.target]}')
    lines += [
        "    classDef finding stroke:#c0392b,stroke-width:3px,fill:#fdecea",
        "    classDef claimed stroke-dasharray:4 3,fill:#fff8e1",
        "    classDef start stroke-width:3px",
    ]
    if picture.start is not None:
        lines.append(f"    class v{picture.start} start")
    if picture.findings:
        lines.append(f"    class {','.join(f'v{i}' for i in sorted(picture.findings))} finding")
    if claimed:
        lines.append(f"    class {','.join(claimed.values())} claimed")
    lines += [
        '    subgraph legend["Legend"]',
        '        l1["solid arrow: recorded derivation (derived → source)"]',
        '        l2["dashed arrow: a source the text credits that the recorded chain does not support"]',
        '        l3["red node: version with audit findings"]',
        "    end",
    ]
    return "\n".join(lines) + "\n"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def dot(picture: ChainPicture) -> str:
    """Return the picture as Graphviz DOT source."""
    g = graphviz.Digraph("chain", format="svg")
    g.attr(rankdir="BT", fontname="Helvetica", fontsize="11", nodesep="0.5", ranksep="0.7", newrank="true")
    if picture.start is None:  # the whole database: its many separate chains packed in rows, not one long row
        g.attr(pack="true", packmode="array_u")
    g.attr("node", fontname="Helvetica", fontsize="11", shape="box", style="rounded,filled", fillcolor="#eef4fb")
    g.attr("edge", fontname="Helvetica", fontsize="10")
    for v in picture.versions:
        first, second, third = (_html(line) for line in node_lines(v))
        marks = ""
        if v.id in picture.findings:
            marks = '<BR/><FONT COLOR="#c0392b"><B>⚠ audit findings</B></FONT>'
        label = f"<<B>{first}</B><BR/>{second}<BR/><I>{third}</I>{marks}>"
        extra = {"penwidth": "2.5"} if v.id == picture.start else {}
        if v.id in picture.findings:
            extra.update(color="#c0392b", fillcolor="#fdecea", penwidth="2.5")
        g.node(f"v{v.id}", label=label, **extra)
    claimed = _claim_nodes(picture)
    for name, node in claimed.items():
        g.node(
            node, label=f"{name}\n(as the text credits it)", shape="note", style="filled,dashed", fillcolor="#fff8e1"
        )
    for link in picture.links:
        g.edge(f"v{link.derived.id}", f"v{link.source.id}", label=link_label(link))
    for c in picture.claimed:
        g.edge(f"v{c.version_id}", claimed[c.target], label=claim_label(c), style="dashed", color="#b9770e",
               fontcolor="#b9770e")  # fmt: skip
    g.node("legend", label=LEGEND, shape="plaintext", style="", fontsize="10")
    return str(g.source)


def render(dot_source: str, fmt: Literal["svg", "png"]) -> bytes:
    """Render DOT source to SVG or PNG with Graphviz ``dot``; raise MissingDependencyError without it."""
    if shutil.which("dot") is None:
        raise MissingDependencyError(f"--format {fmt} needs the Graphviz `dot` program: {INSTALL_HINT}")
    try:
        return bytes(graphviz.pipe("dot", fmt, dot_source.encode("utf-8"), quiet=True))
    except graphviz.ExecutableNotFound as e:
        raise MissingDependencyError(f"--format {fmt} needs the Graphviz `dot` program: {INSTALL_HINT}") from e


def write(session: Session, request: ExportRequest, out: IO[bytes]) -> None:
    """Draw the selection as Mermaid, DOT, SVG or PNG, marking the versions with audit findings."""
    picture = chain_picture(session, request.selection, audited_versions(session, request.selection))
    # Control characters an older provenance stored would break Graphviz and a terminal showing the text.
    source = visible(mermaid(picture) if request.format == "mermaid" else dot(picture))
    if request.format in ("svg", "png"):
        out.write(render(source, "svg" if request.format == "svg" else "png"))
    else:
        out.write(source.encode("utf-8"))


def audited_versions(session: Session, selection: Selection) -> set[int]:
    """Return the ids of selected versions with findings of the audit."""
    report = run_audit(session, AuditScope(version_id=selection.start))
    return {v for f in report.findings for v in f.versions if selection.ids is None or v in selection.ids}
