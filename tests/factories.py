"""Small factories that record the seed scenario's outlets, people and versions for tests."""

from __future__ import annotations

from sqlalchemy.orm import Session

from provenance.ledger import agents
from provenance.ledger.versions import NewVersion, add_version
from provenance.store.models import Version


def seed_outlets(session: Session) -> None:
    """Record The Telegraph, The Independent (English) and Telegrafi (Albanian), and Mark Almond."""
    agents.add_outlet(session, "The Telegraph", domains=["telegraph.co.uk"], language="en", aliases=["Telegraph"])
    agents.add_outlet(session, "The Independent", domains=["independent.co.uk"], language="en")
    agents.add_outlet(session, "Telegrafi", domains=["telegrafi.com"], language="sq", aliases=["Telegrafi.com"])
    agents.add_person(session, "Mark Almond")


def make_version(session: Session, text: str, **fields: object) -> Version:
    """Record a version with ``text`` and any NewVersion fields; return it."""
    version, _ = add_version(session, NewVersion(text=text, **fields))  # type: ignore[arg-type]
    return version
