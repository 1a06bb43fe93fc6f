"""Versions of a work: recording a concrete published text once, and fetching it back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from provenance.agents import resolve_outlet, resolve_person, validate_language
from provenance.errors import InputError, NotFoundError
from provenance.models import Derivation, Outlet, Person, Version, Work
from provenance.text import content_hash, normalize_text


@dataclass(frozen=True)
class NewVersion:
    """The fields of a version to record; names of outlet and authors are resolved on insert."""

    text: str | None = None
    title: str | None = None
    outlet: str | None = None
    authors: Sequence[str] = ()
    url: str | None = None
    published: str | None = None
    language: str | None = None
    detected_language: str | None = None
    language_probability: float | None = None
    damage: str | None = None
    source_name: str | None = None


def parse_published(value: str | None) -> datetime | None:
    """Parse an ISO 8601 date or date-time (``2025-05-11``, ``2025-05-11T09:30:00+00:00``) to naive UTC."""
    if value is None or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as e:
        raise InputError(f"publication date {value!r} is not ISO 8601: use for example 2025-05-11") from e
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def validate_url(url: str | None) -> str | None:
    """Return ``url`` stripped if it is an http(s) URL with a host, else raise InputError."""
    if url is None or not url.strip():
        return None
    value = url.strip()
    try:
        parts = urlsplit(value)
    except ValueError as e:
        raise InputError(f"malformed URL {value!r}: use the form https://host/path") from e
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        raise InputError(f"malformed URL {value!r}: use the form https://host/path")
    return value


def find_by_hash(session: Session, text: str) -> Version | None:
    """Return the version whose normalized text equals ``text``, if one is recorded."""
    return session.scalars(select(Version).where(Version.content_hash == content_hash(text))).first()


def add_version(session: Session, new: NewVersion) -> tuple[Version, bool]:
    """Record ``new`` and return it with True, or the existing version with the same text and False."""
    if new.text is not None:
        if not normalize_text(new.text):
            raise InputError("the article text is empty: give a file with the article's text")
        existing = find_by_hash(session, new.text)
        if existing is not None:
            return existing, False
    outlet: Outlet | None = resolve_outlet(session, new.outlet) if new.outlet else None
    authors: list[Person] = [resolve_person(session, a) for a in dict.fromkeys(new.authors)]
    version = Version(
        work=Work(),
        outlet=outlet,
        title=new.title.strip() if new.title else None,
        language=validate_language(new.language),
        detected_language=new.detected_language,
        language_probability=new.language_probability,
        url=validate_url(new.url),
        published_at=parse_published(new.published),
        text=normalize_text(new.text) if new.text is not None else None,
        content_hash=content_hash(new.text) if new.text is not None else None,
        damage=new.damage,
        source_name=new.source_name,
        authors=authors,
    )
    session.add(version)
    session.flush()
    return version, True


def get_version(session: Session, version_id: int) -> Version:
    """Return version ``version_id`` with its outlet, authors and claims, or raise NotFoundError."""
    version = session.scalars(
        select(Version)
        .where(Version.id == version_id)
        .options(
            joinedload(Version.outlet),
            selectinload(Version.authors),
            selectinload(Version.claims),
        )
    ).first()
    if version is None:
        raise NotFoundError(f"no version with id {version_id}: list them with `provenance article list`")
    return version


# Built once: SQLAlchemy memoizes the cache key on the statement, so a call skips building and keying it.
# Outlet and authors joined, not select-in: one round trip instead of three (a version has few authors).
_VERSIONS_BY_ID = (
    select(Version)
    .where(Version.id.in_(bindparam("ids", expanding=True)))
    .options(joinedload(Version.outlet), joinedload(Version.authors))
)


def get_versions(session: Session, version_ids: Sequence[int]) -> dict[int, Version]:
    """Return the versions with these ids (with outlet and authors), keyed by id, in one query."""
    if not version_ids:
        return {}
    rows = session.scalars(_VERSIONS_BY_ID, {"ids": sorted(set(version_ids))}).unique()
    return {v.id: v for v in rows}


def list_versions(session: Session, *, outlet: str | None = None, limit: int | None = None) -> list[Version]:
    """Return recorded versions, newest first, optionally only those of one outlet."""
    query = select(Version).options(selectinload(Version.outlet)).order_by(Version.id.desc())
    if outlet:
        query = query.where(Version.outlet_id == resolve_outlet(session, outlet).id)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def links_of(session: Session, version_id: int) -> tuple[list[Derivation], list[Derivation]]:
    """Return the derivation links of a version: (its parents, its children)."""
    rows = session.scalars(
        select(Derivation)
        .where((Derivation.derived_id == version_id) | (Derivation.source_id == version_id))
        .options(selectinload(Derivation.translator), selectinload(Derivation.agent_outlet))
        .order_by(Derivation.id)
    )
    parents: list[Derivation] = []
    children: list[Derivation] = []
    for row in rows:
        (parents if row.derived_id == version_id else children).append(row)
    return parents, children
