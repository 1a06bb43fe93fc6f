"""The vocabulary of the domain: kinds of derivation, kinds and places of claims, and the directions of a
chain walk. Every module names these from here; the schema's CHECK constraints are built from them."""

from __future__ import annotations

from typing import Literal, get_args

DerivationKind = Literal["translation", "republication", "excerpt", "adaptation", "back-translation"]
ClaimKind = Literal["source", "translator", "author", "via", "photo_credit", "sign_off"]
ClaimPosition = Literal["header", "footer", "byline", "bio", "caption", "body"]
Severity = Literal["error", "warning", "info"]
"""How much an audit finding matters, worst first."""
Direction = Literal["up", "down"]
"""Walking a chain ``up`` to its sources or ``down`` to what was derived from it."""
ChainSide = Literal["up", "down", "both"]
"""Which side of a version an export takes: its sources, what came of it, or both."""

DERIVATION_KINDS: tuple[str, ...] = get_args(DerivationKind)
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)
CLAIM_POSITIONS: tuple[str, ...] = get_args(ClaimPosition)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)

SOURCE_KINDS: tuple[ClaimKind, ...] = ("source", "via")
"""Claims that say where a text came from (a sign-off and a photo credit never do)."""
PERSON_KINDS: tuple[ClaimKind, ...] = ("author",)
"""Claims that always name a person (a translator may be a person or an outlet)."""
AGENT_KINDS: tuple[ClaimKind, ...] = ("source", "via", "translator", "author")
"""Claims that name an outlet or a person the database should know."""

TRANSLATION_KINDS: tuple[DerivationKind, ...] = ("translation", "back-translation")
DERIVED_TEXT_KINDS: tuple[DerivationKind, ...] = ("translation", "back-translation", "republication")
"""Derivations whose text is the whole of its source's, so it should credit that source."""
