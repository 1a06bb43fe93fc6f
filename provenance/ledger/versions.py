"""Versions of a work: recording a concrete published text once, and fetching it back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, bindparam, func, literal_column, select, text
from sqlalchemy.orm import Session, joinedload, selectinload

from provenance.errors import InputError, NotFoundError
from provenance.ledger.agents import resolve_outlet, resolve_people, validate_language
from provenance.limits import MAX_URL_CHARACTERS, MIN_TEXT_CHARACTERS
from provenance.store.models import Claim, Derivation, Outlet, Person, Version, Work, utcnow
from provenance.text.normalize import NormalText, clean_label, content_hash, normal_text


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


def parse_published(value: str | datetime | None) -> datetime | None:
    """Parse an ISO 8601 date or date-time (``2025-05-11``, ``2025-05-11T09:30:00+00:00``) to naive UTC."""
    if isinstance(value, datetime):
        moment = value
    elif value is None or not value.strip():
        return None
    else:
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
    if len(value) > MAX_URL_CHARACTERS:
        raise InputError(
            f"an address of {len(value):,} characters is too long (at most {MAX_URL_CHARACTERS:,}): "
            "give the page's address without tracking parameters"
        )
    try:
        parts = urlsplit(value)
    except ValueError as e:
        raise InputError(f"malformed URL {value!r}: use the form https://host/path") from e
    if any(ch.isspace() for ch in value):
        raise InputError(f"malformed URL {value!r}: a URL holds no spaces (write them as %20)")
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        raise InputError(f"malformed URL {value!r}: use the form https://host/path")
    return value


def find_by_hash(session: Session, text: str) -> Version | None:
    """Return the first recorded version whose normalized text equals ``text``, if there is one."""
    return session.scalars(
        select(Version).where(Version.content_hash == content_hash(text)).order_by(Version.id)
    ).first()


def is_same_sighting(
    recorded_outlet_id: int | None, recorded_url: str | None, outlet_id: int | None, url: str | None
) -> bool:
    """Whether a text found again, at ``outlet_id`` and ``url``, is the recorded version of that text rather
    than a copy of it: the one identity rule. A version is a text at an outlet and an address; what the new
    sighting leaves out matches anything, what it gives must be what was recorded, except an outlet the recorded
    version at that very address was logged without (it was not known then)."""
    same_address = url is not None and url == recorded_url
    outlet_known_now = recorded_outlet_id is None and same_address
    return (outlet_id is None or outlet_id == recorded_outlet_id or outlet_known_now) and (url is None or same_address)


@dataclass(frozen=True)
class Sightings:
    """The recorded versions of one text: the one a new sighting is (if any), and its copies elsewhere."""

    same: Version | None
    elsewhere: list[Version]


def find_sightings(session: Session, digest: str, outlet_id: int | None, url: str | None) -> Sightings:
    """Return the recorded versions with content hash ``digest``, split by ``is_same_sighting``: one query."""
    recorded = session.scalars(select(Version).where(Version.content_hash == digest).order_by(Version.id)).all()
    same = next((v for v in recorded if is_same_sighting(v.outlet_id, v.url, outlet_id, url)), None)
    return Sightings(same, [v for v in recorded if v is not same])


def revised_by_address(session: Session, url: str | None, outlet_id: int | None, digest: str) -> Version | None:
    """Return the version a new text at ``url`` revises: the newest version recorded at that very address (of the
    same outlet, when both name one) with another text or none. None without an address, or when none is."""
    if not url:
        return None
    other_text = Version.content_hash.is_(None) | (Version.content_hash != digest)
    query = select(Version).where(Version.url == url, other_text)
    if outlet_id is not None:
        query = query.where((Version.outlet_id == outlet_id) | Version.outlet_id.is_(None))
    return session.scalars(query.order_by(Version.recorded_at.desc(), Version.id.desc()).limit(1)).first()


def version_row(
    fields: NewVersion,
    body: NormalText | None,
    outlet_id: int | None,
    *,
    content_hash: str | None = None,
    recorded_at: datetime | None = None,
) -> dict[str, Any]:
    """Return the columns of a new version from its fields, validated: the one mapping of fields to a row.

    ``log`` and ``article add`` build one version from it, ``import`` and PROV import many at once.
    ``content_hash`` is for a version known only by its hash (PROV import). Raises InputError on a bad
    language, URL or date.
    """
    return {
        "outlet_id": outlet_id,
        "title": clean_label(fields.title) or None if fields.title else None,
        "language": validate_language(fields.language),
        "detected_language": fields.detected_language,
        "language_probability": fields.language_probability,
        "url": validate_url(fields.url),
        "published_at": parse_published(fields.published),
        "text": body.text if body is not None else None,
        "content_hash": body.hash if body is not None else content_hash,
        "damage": fields.damage,
        "source_name": fields.source_name,
        "recorded_at": recorded_at or utcnow(),
    }


def check_article_text(text: str) -> None:
    """Refuse a text found in a file, on stdin or in a record that is too short to be an article."""
    if len(text) < MIN_TEXT_CHARACTERS:
        raise InputError(
            f"a text of {len(text)} character(s) is too short to be an article (at least "
            f"{MIN_TEXT_CHARACTERS}): give the article's text, or record a headline alone with --title"
        )


def insert_version(
    session: Session,
    row: dict[str, Any],
    *,
    outlet: Outlet | None,
    authors: Sequence[Person],
    claims: Sequence[Claim] = (),
) -> Version:
    """Record one version from ``version_row``'s columns, in a work of its own, with its outlet, authors and
    the claims its text makes."""
    version = Version(**row, work=Work(), authors=list(dict.fromkeys(authors)), claims=list(claims))
    version.outlet = outlet
    session.add(version)
    session.flush()
    return version


def add_version(session: Session, new: NewVersion) -> tuple[Version, bool]:
    """Record ``new`` and return it with True, or the recorded version it is (``is_same_sighting``) and False.

    The outlet and authors are resolved from their names (NotFoundError when one is unknown).
    """
    body = normal_text(new.text) if new.text is not None else None
    outlet = resolve_outlet(session, new.outlet) if new.outlet else None
    row = version_row(new, body, outlet.id if outlet else None)
    if body is not None:
        if not body.text:
            raise InputError("the article text is empty: give a file with the article's text")
        same = find_sightings(session, body.hash, row["outlet_id"], row["url"]).same
        if same is not None:
            return same, False
    authors = resolve_people(session, new.authors)
    return insert_version(session, row, outlet=outlet, authors=authors), True


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
# The outlet joined; the authors select-in: a joined many-to-many is a nested join (version_authors JOIN
# people) that SQLite materializes whole before probing it, 0.3 s a call at a million versions.
_VERSIONS_BY_ID = (
    select(Version)
    .where(Version.id.in_(bindparam("ids", expanding=True)))
    .options(joinedload(Version.outlet), selectinload(Version.authors))
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


@dataclass(frozen=True)
class VersionQuery:
    """What to look for among recorded versions; every field given must hold."""

    words: str = ""
    """Words that must all appear in the title (any case)."""
    outlet: str | None = None
    """The publishing outlet's name, alias or domain."""
    language: str | None = None
    since: datetime | None = None
    """Published on or after."""
    until: datetime | None = None
    """Published before the end of this day."""
    address: str | None = None
    """The start of the URL (``https://telegrafi.com/``)."""


@dataclass(frozen=True)
class VersionPage:
    """One page of versions found, newest first, and whether another page follows."""

    versions: list[Version]
    page: int
    per_page: int
    has_next: bool


def search_versions(session: Session, query: VersionQuery, *, page: int = 1, per_page: int = 50) -> VersionPage:
    """Return page ``page`` of the versions ``query`` finds, newest first (by id), with their outlets.

    Title words go through the full-text index (migration 0006): whole words, in any case and, on SQLite,
    without accents. NotFoundError for an outlet that is not recorded, InputError for a bad language or date.
    """
    statement = select(Version).options(joinedload(Version.outlet)).order_by(Version.id.desc())
    tokens = _TOKEN.findall(query.words.lower())
    on_sqlite = session.get_bind().dialect.name == "sqlite"
    if tokens and not on_sqlite:
        statement = _with_title_words_postgresql(session, statement, tokens)
    if query.outlet:
        statement = statement.where(Version.outlet_id == resolve_outlet(session, query.outlet).id)
    if query.language:
        statement = statement.where(Version.language == validate_language(query.language))
    if query.since:
        statement = statement.where(Version.published_at >= query.since)
    if query.until:
        statement = statement.where(Version.published_at < query.until + timedelta(days=1))
    if query.address:
        start = query.address.strip()
        statement = statement.where(Version.url.startswith(start, autoescape=True))
        if on_sqlite:  # the same as a range, which its index on url serves
            statement = statement.where(Version.url >= start, Version.url < start + "\U0010ffff")
    page = max(page, 1)
    wanted = page * per_page + 1
    if tokens and on_sqlite:
        rows = _newest_with_title_words(session, statement, tokens, wanted)
    else:
        rows = list(session.scalars(statement.limit(wanted)))
    rows = rows[(page - 1) * per_page :]
    return VersionPage(rows[:per_page], page, per_page, len(rows) > per_page)


_TOKEN = re.compile(r"\w+")
_FEW_MATCHES = 5_000


def _with_title_words_postgresql(session: Session, statement: Select[Version], tokens: list[str]) -> Select[Version]:
    """Add the title words to ``statement`` on PostgreSQL so that the GIN index serves both a rare word and a
    common one: the planner cannot tell them apart (it walks the newest versions testing every title either
    way, a second for a word in ten titles of a million), so the index is asked first for up to 5,000
    matches; fewer are the answer's whole candidates, more mean a common word the newest versions soon hold."""
    document = func.to_tsvector(literal_column("'simple'"), func.coalesce(Version.title, literal_column("''")))
    matches = document.bool_op("@@")(func.to_tsquery(literal_column("'simple'"), " & ".join(tokens)))
    probe = select(Version.id).where(matches).limit(_FEW_MATCHES + 1).cte("title_matches").prefix_with("MATERIALIZED")
    ids = list(session.scalars(select(probe.c.id)))
    return statement.where(Version.id.in_(ids)) if len(ids) <= _FEW_MATCHES else statement.where(matches)


def _newest_with_title_words(
    session: Session, statement: Select[Version], tokens: list[str], wanted: int
) -> list[Version]:
    """Return the first ``wanted`` rows of ``statement`` whose titles hold the words, on SQLite: the full-text
    index gives the matching ids newest first, a batch at a time, and the other conditions are applied to each
    batch, so a word in every title costs one small batch and a rare one a single look-up."""
    match = " ".join(f'"{t}"' for t in tokens)
    found: list[Version] = []
    below, size = None, 2_000
    while len(found) < wanted:
        ids = list(
            session.scalars(
                text(
                    "SELECT rowid FROM versions_title_fts WHERE versions_title_fts MATCH :match"
                    + (" AND rowid < :below" if below is not None else "")
                    + " ORDER BY rowid DESC LIMIT :size"
                ),
                {"match": match, "below": below, "size": size},
            )
        )
        if not ids:
            break
        found += session.scalars(statement.where(Version.id.in_(ids)).limit(wanted - len(found))).unique()
        below, size = ids[-1], size * 4
    return found


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
