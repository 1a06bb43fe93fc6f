"""The database schema as typed SQLAlchemy models, in W3C PROV terms.

Versions are PROV entities, outlets and people are agents, derivations are qualified
``wasDerivedFrom`` relations, and claims are what a text says about itself (kept apart
from what is recorded). docs/data-model.md explains the shape.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    literal_column,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from provenance.vocabulary import CLAIM_KINDS, CLAIM_POSITIONS, DERIVATION_KINDS

# Stable constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


TITLE_SEARCH_OBJECTS = ("versions_title_fts", "ix_versions_title_search", "ix_versions_url_prefix")
"""What migrations 0006 and 0007 add for searching outside the models (an FTS5 table and its shadow tables on
SQLite, a GIN index and a text_pattern_ops index on PostgreSQL): left out when the migrated schema is compared
with the models."""


def is_title_search_object(name: str | None) -> bool:
    """Whether a schema object is one of the search objects the migrations keep outside the models."""
    return name is not None and name.startswith(TITLE_SEARCH_OBJECTS)


def utcnow() -> datetime:
    """Return the current time in UTC without tzinfo (stored the same way on both backends)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """Declarative base whose metadata carries the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


version_authors = Table(
    "version_authors",
    Base.metadata,
    Column("version_id", ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Outlet(Base):
    """A publisher (prov:Organization): a newspaper, site, agency or broadcaster."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True, doc="normalize_name(name)")
    language: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    aliases: Mapped[list[OutletAlias]] = relationship(
        back_populates="outlet", cascade="all, delete-orphan", order_by="OutletAlias.id"
    )
    domains: Mapped[list[OutletDomain]] = relationship(
        back_populates="outlet", cascade="all, delete-orphan", order_by="OutletDomain.id"
    )


class OutletAlias(Base):
    """Another name an outlet goes by (``Telegraph`` for The Telegraph, ``Telegrafi.com``)."""

    __tablename__ = "outlet_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)

    outlet: Mapped[Outlet] = relationship(back_populates="aliases")


class OutletDomain(Base):
    """A web domain an outlet publishes under (``telegraph.co.uk``)."""

    __tablename__ = "outlet_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)

    outlet: Mapped[Outlet] = relationship(back_populates="domains")


class Person(Base):
    """An author or translator (prov:Person)."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    aliases: Mapped[list[PersonAlias]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAlias.id"
    )


class PersonAlias(Base):
    """Another spelling of a person's name (transliterated, inflected)."""

    __tablename__ = "person_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)

    person: Mapped[Person] = relationship(back_populates="aliases")


class Work(Base):
    """A piece of journalism across all its versions: every version linked by derivation shares one."""

    __tablename__ = "works"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Version(Base):
    """One concrete text of a work as an outlet published it (a prov:Entity)."""

    __tablename__ = "versions"
    # A version is a text at an outlet and an address: the same text elsewhere is another version (a copy).
    # What a sighting leaves out (no outlet, no address) is coalesced so that the same sighting races to one row.
    __table_args__ = (
        Index(
            "uq_versions_sighting",
            "content_hash",
            func.coalesce(literal_column("outlet_id"), 0),
            func.coalesce(literal_column("url"), ""),
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("works.id"), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16), doc="recorded language (ISO 639-1)")
    detected_language: Mapped[str | None] = mapped_column(String(16))
    language_probability: Mapped[float | None] = mapped_column(Float)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    text: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    damage: Mapped[str | None] = mapped_column(Text, doc="encoding damage that could not be repaired")
    source_name: Mapped[str | None] = mapped_column(Text, doc="the file or stream it was logged from")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    outlet: Mapped[Outlet | None] = relationship()
    work: Mapped[Work] = relationship()
    authors: Mapped[list[Person]] = relationship(secondary=version_authors, order_by="Person.id")
    claims: Mapped[list[Claim]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Claim.id"
    )


class Derivation(Base):
    """A qualified prov:wasDerivedFrom: ``derived`` was made from ``source`` by an activity of ``kind``."""

    __tablename__ = "derivations"
    __table_args__ = (
        UniqueConstraint("derived_id", "source_id"),
        CheckConstraint("derived_id <> source_id", name="not_self"),
        CheckConstraint(_one_of("kind", DERIVATION_KINDS), name="kind"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    derived_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    translator_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    agent_outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    evidence: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(200))

    derived: Mapped[Version] = relationship(foreign_keys=[derived_id])
    source: Mapped[Version] = relationship(foreign_keys=[source_id])
    translator: Mapped[Person | None] = relationship()
    agent_outlet: Mapped[Outlet | None] = relationship()


class Claim(Base):
    """What a text says about its own provenance: a credit, with its wording and place in the text."""

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint(_one_of("kind", CLAIM_KINDS), name="kind"),
        CheckConstraint(_one_of("position", CLAIM_POSITIONS), name="position"),
        Index("ix_claims_kind_outlet", "kind", "outlet_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text, doc="the credited name as written")
    text: Mapped[str] = mapped_column(Text, doc="the raw wording of the credit")
    position: Mapped[str] = mapped_column(String(16))
    line: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    url: Mapped[str | None] = mapped_column(Text)
    possible_sign_off_of: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)

    version: Mapped[Version] = relationship(back_populates="claims")
    outlet: Mapped[Outlet | None] = relationship()
    person: Mapped[Person | None] = relationship()


class FindingAck(Base):
    """An audit finding a person has acknowledged; it stays quiet while its evidence is unchanged."""

    __tablename__ = "finding_acks"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[str] = mapped_column(String(64), unique=True)
    evidence_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    acknowledged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MatchFeature(Base):
    """One lexical feature of a version's text (a folded name, number, date, quote, link or shingle).

    The primary key starts with the feature, so "which versions share these features" reads one index.
    """

    __tablename__ = "match_features"
    __table_args__ = ({"sqlite_with_rowid": False},)

    feature: Mapped[str] = mapped_column(String(64), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True, index=True)


class MatchDocument(Base):
    """What matching keeps per version: feature counts for length normalization, and its embedding."""

    __tablename__ = "match_documents"

    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True)
    cross_features: Mapped[int] = mapped_column(Integer, default=0)
    shingles: Mapped[int] = mapped_column(Integer, default=0)
    words: Mapped[int] = mapped_column(Integer, default=0)
    indexed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    features: Mapped[str | None] = mapped_column(
        Text, doc="the version's match_features, one per line: scoring reads a candidate's whole set in one row"
    )
    sequence: Mapped[str | None] = mapped_column(
        Text,
        doc="the version's name and number features in the order the text first uses them, one per line "
        "(NULL: indexed before migration 0004; ``reindex`` fills it in)",
    )
    model: Mapped[str | None] = mapped_column(String(100), index=True, doc="the embedding model of ``vector``")
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, doc="float32 embedding, L2-normalized")
    embedded_at: Mapped[datetime | None] = mapped_column(DateTime)


class MatchFeatureCount(Base):
    """How many versions hold a lexical feature (its document frequency), kept up to date by ``index_versions``.

    Matching reads its query's counts here in one look-up, to weigh features by rarity and join only the rarest.
    """

    __tablename__ = "match_feature_counts"
    __table_args__ = ({"sqlite_with_rowid": False},)

    feature: Mapped[str] = mapped_column(String(64), primary_key=True)
    versions: Mapped[int] = mapped_column(Integer, default=0)


PROPOSAL_STATUSES = ("open", "accepted", "rejected")


class LinkProposal(Base):
    """A link `provenance discover` proposes between two versions, with its score and evidence; accepting it
    records the link, rejecting it keeps the pair from being proposed again."""

    __tablename__ = "link_proposals"
    __table_args__ = (
        UniqueConstraint("derived_id", "source_id"),
        CheckConstraint(_one_of("status", PROPOSAL_STATUSES), name="status"),
        Index("ix_link_proposals_status_score", "status", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    derived_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text, doc="the matching evidence, as JSON")
    status: Mapped[str] = mapped_column(String(16), default="open")
    proposed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(200))


WORK_TASKS = ("discover", "reindex")
"""The jobs whose batches workers share through the database."""


class WorkBatch(Base):
    """A batch of versions one step of a long job (``discover``, ``reindex``) works on: planned once, then claimed
    by any worker on any machine (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and marked done with its result, so
    that no batch is done twice and a worker that died leaves its batch to the others when its lease runs out."""

    __tablename__ = "work_batches"
    __table_args__ = (
        CheckConstraint(_one_of("task", WORK_TASKS), name="task"),
        Index("ix_work_batches_task_done", "task", "done_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(16))
    items: Mapped[str] = mapped_column(Text, doc="the version ids, comma-separated")
    options: Mapped[str] = mapped_column(Text, default="{}", doc="how the plan was asked for, as JSON")
    planned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    claims: Mapped[int] = mapped_column(Integer, default=0, doc="times claimed: more than one, a worker died")
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    result: Mapped[str | None] = mapped_column(Text, doc="what the batch did, as JSON")


class Event(Base):
    """One change to the record (a row of a journaled table inserted, updated or deleted), hash-chained to the
    event before it: ``hash`` is the SHA-256 of ``prev_hash`` and the event's fields (``store.journal``).

    Events are only ever appended; ``provenance verify`` recomputes the chain and replays it against the rows.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_row", "table_name", "row_id", "row_id2", "seq"),
        UniqueConstraint("hash"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    commit_seq: Mapped[int] = mapped_column(BigInteger, doc="the first event of the same commit")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    recorder: Mapped[str] = mapped_column(String(200), index=True)
    command: Mapped[str] = mapped_column(Text)
    why: Mapped[str | None] = mapped_column(Text, doc="the reason a correction gave")
    action: Mapped[str] = mapped_column(String(16))
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int] = mapped_column(BigInteger)
    row_id2: Mapped[int] = mapped_column(BigInteger, default=0, doc="the second key column (version_authors)")
    old_values: Mapped[str | None] = mapped_column(
        Text, doc="JSON: the changed columns' old values, or the row removed"
    )
    new_values: Mapped[str | None] = mapped_column(Text, doc="JSON: the whole row after the change")
    version_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    other_version_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    outlet_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    person_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
