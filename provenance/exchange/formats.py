"""The export formats: a registry of named writers, each found by name or by a file's suffix.

A format is registered with the module that writes it; the registry loads that module only when the
format is used, so that naming the formats (``--help``) costs nothing and each command loads only what
it writes. Another program adds a format with ``register``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from provenance.errors import InputError
from provenance.exchange.rows import Selection, select_all, select_chain
from provenance.vocabulary import ChainSide

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the format, the versions selected, and the version the chain was drawn for."""

    format: str
    selection: Selection
    version_id: int | None


Writer = Callable[["Session", ExportRequest, IO[bytes]], None]


@dataclass(frozen=True)
class ExportFormat:
    """A named export format: its file suffixes, and the writer (``module:function``) that writes it."""

    name: str
    suffixes: tuple[str, ...]
    writer: str
    binary: bool = False

    def load(self) -> Writer:
        """Import the writer's module and return the writer."""
        module, _, function = self.writer.partition(":")
        writer: Writer = getattr(importlib.import_module(module), function)
        return writer


_REGISTRY: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> None:
    """Add an export format (replacing one of the same name)."""
    _REGISTRY[fmt.name] = fmt


for _builtin in (
    ExportFormat("prov-json", (".json",), "provenance.exchange.prov:write"),
    ExportFormat("prov-n", (".provn",), "provenance.exchange.prov:write"),
    ExportFormat("prov-o", (".ttl",), "provenance.exchange.prov:write"),
    ExportFormat("prov-xml", (".xml", ".provx"), "provenance.exchange.prov:write"),
    ExportFormat("jsonld", (".jsonld",), "provenance.exchange.jsonld:write"),
    ExportFormat("c2pa-actions", (".c2pa.json",), "provenance.exchange.c2pa:write"),
    ExportFormat("mermaid", (".mmd", ".mermaid"), "provenance.exchange.pictures:write"),
    ExportFormat("dot", (".dot", ".gv"), "provenance.exchange.pictures:write"),
    ExportFormat("svg", (".svg",), "provenance.exchange.pictures:write"),
    ExportFormat("png", (".png",), "provenance.exchange.pictures:write", binary=True),
):
    register(_builtin)


def format_names() -> tuple[str, ...]:
    """Return the names of the registered formats, in registration order."""
    return tuple(_REGISTRY)


def get_format(name: str) -> ExportFormat:
    """Return the format called ``name``, or raise InputError listing the formats."""
    fmt = _REGISTRY.get(name)
    if fmt is None:
        raise InputError(f"unknown export format {name!r}: use one of {', '.join(_REGISTRY)}")
    return fmt


def guess_format(filename: str | None) -> str | None:
    """Return the export format a file name's suffix implies (``chain.provn`` → prov-n), if any.

    The longest matching suffix wins, so ``chain.c2pa.json`` is c2pa-actions, not prov-json.
    """
    if not filename:
        return None
    lowered = filename.lower()
    matches = [(len(s), fmt.name) for fmt in _REGISTRY.values() for s in fmt.suffixes if lowered.endswith(s)]
    return max(matches)[1] if matches else None


def write_export(
    session: Session,
    fmt: str,
    out: IO[bytes],
    *,
    version_id: int | None = None,
    direction: ChainSide = "both",
    depth: int | None = None,
) -> None:
    """Write the chain of ``version_id`` (or, without it, the whole database) in ``fmt`` to ``out``.

    PROV-JSON of the whole database is streamed record by record; every other format is built in
    memory first, so nothing is written when building fails.
    """
    writer = get_format(fmt).load()
    selection = select_all() if version_id is None else select_chain(session, version_id, direction, depth)
    writer(session, ExportRequest(fmt, selection, version_id), out)
