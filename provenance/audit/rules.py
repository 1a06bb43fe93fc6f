"""The audit rules: each one a set-based SQL detector over the whole database plus the sentence that explains
what it found. ``provenance.audit.findings`` runs them, loads the evidence, hashes it and filters acknowledged findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.orm import Session

from provenance.ledger.lineage import chain_walk, unsupported_credits
from provenance.ledger.stories import COPY_KINDS, uncredited_copies
from provenance.store.models import Claim, Derivation, Outlet, Version, version_authors
from provenance.text.alignment import Alignment
from provenance.text.names import normalize_name
from provenance.text.revisions import TextChanges
from provenance.text.south_slavic import AMBIGUOUS, SERBO_CROATIAN
from provenance.vocabulary import AGENT_KINDS, DERIVED_TEXT_KINDS, SOURCE_KINDS, TRANSLATION_KINDS, Severity

V = Version.__table__
C = Claim.__table__
D = Derivation.__table__
OUT = Outlet.__table__
VA = version_authors

# Below this probability a detected language is too weak to contradict the recorded one.
MIN_DETECTION_PROBABILITY = 0.8

Scope = Select[Any] | None


@dataclass(frozen=True)
class Hit:
    """What a detector found: the version it is about, and the claims, links and other versions involved."""

    rule: str
    version_id: int
    claim_ids: tuple[int, ...] = ()
    link_ids: tuple[int, ...] = ()
    related: tuple[int, ...] = ()
    people: tuple[int, ...] = ()
    aspect: str = ""


@dataclass(frozen=True)
class ClaimInfo:
    """A claim as the evidence quotes it."""

    id: int
    version_id: int
    kind: str
    name: str
    text: str
    position: str
    line: int | None
    confidence: float
    possible_sign_off_of: str | None
    outlet: str | None
    outlet_language: str | None
    person: str | None

    @property
    def where(self) -> str:
        """``header line 8``, or just the position when the line is unknown."""
        return f"{self.position} line {self.line}" if self.line else self.position

    @property
    def credited(self) -> str:
        """The outlet or person the claim resolved to, else its name as written."""
        return self.outlet or self.person or self.name


@dataclass(frozen=True)
class LinkInfo:
    """A derivation link as the evidence shows it."""

    id: int
    derived_id: int
    source_id: int
    kind: str
    agent: str | None


@dataclass(frozen=True)
class VersionInfo:
    """A version as the evidence shows it: outlet, languages, date, authors."""

    id: int
    outlet: str | None
    outlet_language: str | None
    language: str | None
    detected_language: str | None
    language_probability: float | None
    published: datetime | None
    authors: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``#4 (Telegrafi)``."""
        return f"#{self.id} ({self.outlet})" if self.outlet else f"#{self.id}"


@dataclass
class Details:
    """Everything the explanations quote, loaded in a few batched queries for all hits at once."""

    versions: dict[int, VersionInfo] = field(default_factory=dict)
    claims: dict[int, ClaimInfo] = field(default_factory=dict)
    links: dict[int, LinkInfo] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    # the claims and links as every output shows them (``ledger.records``), for the evidence
    claim_records: dict[int, dict[str, Any]] = field(default_factory=dict)
    link_records: dict[int, dict[str, Any]] = field(default_factory=dict)
    # version id -> its ancestors nearest first, and which of them are root originals
    ancestors: dict[int, list[int]] = field(default_factory=dict)
    roots: set[int] = field(default_factory=set)
    # link id -> the passages its derived text shares with its source (``provenance.text.alignment``)
    alignments: dict[int, Alignment] = field(default_factory=dict)
    texts: dict[int, tuple[str, str]] = field(default_factory=dict)
    # revision link id -> what the newer text changed of the older (``provenance.text.revisions``)
    revisions: dict[int, TextChanges] = field(default_factory=dict)


Detector = Callable[[Session, Scope], list[Hit]]
Explainer = Callable[[Hit, Details], str]


@dataclass(frozen=True)
class Rule:
    """A named audit rule: default severity, one-line description, detector and explainer."""

    name: str
    severity: Severity
    description: str
    detect: Detector
    explain: Explainer
    needs_chain: bool = False
    needs_passages: bool = False
    needs_revisions: bool = False


LANGUAGE_NAMES = {
    "en": "English", "sq": "Albanian", "sr": "Serbian", "hr": "Croatian", "bs": "Bosnian", "mk": "Macedonian",
    "sl": "Slovenian", "bg": "Bulgarian", "ro": "Romanian", "hu": "Hungarian", "el": "Greek", "tr": "Turkish",
    "de": "German", "fr": "French", "it": "Italian", "es": "Spanish", "pt": "Portuguese", "nl": "Dutch",
    "pl": "Polish", "cs": "Czech", "sk": "Slovak", "ru": "Russian", "uk": "Ukrainian", "az": "Azerbaijani",
    "sh": "Serbo-Croatian",
}  # fmt: skip


def language_name(code: str | None) -> str:
    """Return ``English`` for ``en``; unknown codes are shown as they are."""
    if not code:
        return "an unknown language"
    return LANGUAGE_NAMES.get(code.split("-")[0], code)


def _in(column: ColumnElement[Any], scope: Scope) -> ColumnElement[bool]:
    return true() if scope is None else column.in_(scope)


def _language(v: Any) -> ColumnElement[Any]:
    return func.coalesce(v.c.language, v.c.detected_language)


_SERBO_CROATIAN = (AMBIGUOUS, *SERBO_CROATIAN)


def _differ(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[bool]:
    """Two languages that differ: ``sh`` (a text that does not say which) does not differ from Serbian,
    Croatian, Bosnian or Montenegrin."""
    compatible = and_(or_(a == AMBIGUOUS, b == AMBIGUOUS), a.in_(_SERBO_CROATIAN), b.in_(_SERBO_CROATIAN))
    return and_(a != b, ~compatible)


def _quote(claim: ClaimInfo) -> str:
    return f"«{claim.text}», {claim.where}"


# conflicting-source ---------------------------------------------------------------------------------------------


def detect_conflicting_source(session: Session, scope: Scope) -> list[Hit]:
    """Versions whose source claims name two or more different outlets (resolved id, else normalized name)."""
    identity = case(
        (C.c.outlet_id.is_not(None), literal("o:") + cast(C.c.outlet_id, String)),
        else_=literal("n:") + func.lower(C.c.name),
    )
    several = (
        select(C.c.version_id)
        .where(C.c.kind == "source", _in(C.c.version_id, scope))
        .group_by(C.c.version_id)
        .having(func.count(distinct(identity)) > 1)
    )
    rows = session.execute(
        select(C.c.version_id, C.c.id, C.c.outlet_id, C.c.name)
        .where(C.c.kind == "source", C.c.version_id.in_(several))
        .order_by(C.c.version_id, C.c.id)
    )
    grouped: dict[int, list[tuple[int, object]]] = defaultdict(list)
    for version_id, claim_id, outlet_id, name in rows:
        grouped[version_id].append((claim_id, outlet_id if outlet_id is not None else normalize_name(name)))
    return [
        Hit("conflicting-source", version_id, claim_ids=tuple(c for c, _ in claims))
        for version_id, claims in grouped.items()
        if len({identity for _, identity in claims}) > 1
    ]


def explain_conflicting_source(hit: Hit, d: Details) -> str:
    """Quote every credited source with its place; say when one may be the publisher's own sign-off."""
    version = d.versions[hit.version_id]
    claims = [d.claims[c] for c in hit.claim_ids]
    credited = " and ".join(f"{c.credited} ({_quote(c)})" for c in claims)
    text = f"Version {version.label} credits {len(claims)} different sources: {credited}"
    for c in claims:
        if c.possible_sign_off_of:
            edition = ""
            if version.outlet and version.language:
                edition = f", since the text is {version.outlet}'s {language_name(version.language)} edition"
            text += (
                f"; the {c.position} credit «{c.text}» may be {c.possible_sign_off_of}'s own sign-off rendered in "
                f"{language_name(version.language)}{edition}, or a real credit to {c.credited}"
            )
    return text + ": check which outlet the text came from."


# claim-vs-chain -------------------------------------------------------------------------------------------------


def detect_claim_vs_chain(session: Session, scope: Scope) -> list[Hit]:
    """Resolved source/via claims of a version with a recorded parent, naming an outlet none of its ancestors has."""
    # A possible sign-off is the conflicting-source rule's to explain; a version with no recorded parent the
    # orphan rule's.
    claims = select(C.c.id).where(
        C.c.kind.in_(SOURCE_KINDS),
        C.c.outlet_id.is_not(None),
        C.c.possible_sign_off_of.is_(None),
        exists().where(D.c.derived_id == C.c.version_id),
        _in(C.c.version_id, scope),
    )
    return [
        Hit("claim-vs-chain", version_id, claim_ids=(claim_id,))
        for claim_id, version_id in unsupported_credits(session, claims)
    ]


def _chain_text(version_id: int, d: Details) -> str:
    chain = d.ancestors.get(version_id, [])
    if not chain:
        return "no recorded chain"
    parts = []
    for ancestor in chain:
        info = d.versions[ancestor]
        role = "root original" if ancestor in d.roots else "ancestor"
        parts.append(f"{role} {info.label}")
    return ", ".join(parts)


def explain_claim_vs_chain(hit: Hit, d: Details) -> str:
    """Name the claimed outlet and the outlets the recorded chain does have."""
    claim = d.claims[hit.claim_ids[0]]
    version = d.versions[hit.version_id]
    return (
        f"Version {version.label} credits {claim.credited} ({_quote(claim)}), but no version in its recorded chain "
        f"({_chain_text(hit.version_id, d)}) was published by {claim.credited}: the credit or the chain is wrong."
    )


# missing-source-credit ------------------------------------------------------------------------------------------


def detect_missing_source_credit(session: Session, scope: Scope) -> list[Hit]:
    """Recorded translations, back-translations and republications with a text that credits no source at all
    (a republication of another outlet's version is ``uncredited-copy``'s)."""
    credited = exists().where(C.c.version_id == D.c.derived_id, C.c.kind.in_(SOURCE_KINDS))
    source = V.alias("source_version")
    copied = D.c.kind.in_(COPY_KINDS) & (source.c.outlet_id != V.c.outlet_id)
    rows = session.execute(
        select(D.c.derived_id, D.c.id, D.c.source_id)
        .join(V, V.c.id == D.c.derived_id)
        .join(source, source.c.id == D.c.source_id)
        .where(D.c.kind.in_(DERIVED_TEXT_KINDS), V.c.text.is_not(None), ~credited, ~copied, _in(D.c.derived_id, scope))
        .order_by(D.c.derived_id, D.c.id)
    )
    return _hits_by_derived("missing-source-credit", rows)


def _hits_by_derived(rule: str, rows: Iterable[Any]) -> list[Hit]:
    """One hit per derived version from rows of (derived id, link id, source id), its links and sources named."""
    grouped: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for derived_id, link_id, source_id in rows:
        grouped[derived_id].append((link_id, source_id))
    return [
        Hit(rule, derived_id, link_ids=tuple(link for link, _ in links), related=tuple(s for _, s in links))
        for derived_id, links in grouped.items()
    ]


def _recorded_as(hit: Hit, d: Details) -> str:
    """``a republication of #1 (The Telegraph); an excerpt of #5 (AFP)``: what the hit's links record."""
    return "; ".join(
        f"{'an' if d.links[link].kind[:1] in 'aeiou' else 'a'} {d.links[link].kind} of "
        f"{d.versions[d.links[link].source_id].label}"
        for link in hit.link_ids
    )


def explain_missing_source_credit(hit: Hit, d: Details) -> str:
    """Say what the version is recorded as and that its text names no source."""
    return (
        f"Version {d.versions[hit.version_id].label} is recorded as {_recorded_as(hit, d)}, but its text "
        "credits no source: "
        "add the credit the publisher omitted to your notes or ask them for it."
    )


# uncredited-copy ------------------------------------------------------------------------------------------------


def detect_uncredited_copy(session: Session, scope: Scope) -> list[Hit]:
    """Republications of another outlet's version whose text credits no outlet of their chain."""
    return _uncredited(session, scope, "republication", "uncredited-copy")


def _uncredited(session: Session, scope: Scope, kind: str, rule: str) -> list[Hit]:
    """Hits for the ``kind`` links from another outlet's version whose derived text credits no outlet of its
    chain: one set-based query."""
    source = V.alias("copied")
    rows = session.execute(
        select(D.c.derived_id, D.c.id, D.c.source_id)
        .join(V, V.c.id == D.c.derived_id)
        .join(source, source.c.id == D.c.source_id)
        .where(
            D.c.derived_id.in_(uncredited_copies(scope, (kind,))),
            D.c.kind == kind,
            source.c.outlet_id != V.c.outlet_id,
        )
        .order_by(D.c.derived_id, D.c.id)
    )
    return _hits_by_derived(rule, rows)


def explain_uncredited_copy(hit: Hit, d: Details) -> str:
    """Say whose text it took and that it credits no outlet of its recorded chain."""
    return (
        f"Version {d.versions[hit.version_id].label} is recorded as {_recorded_as(hit, d)}, another outlet's "
        "text, but its text "
        "credits no outlet of its recorded chain: a copy published without credit, or a credit the reader missed."
    )


# excerpt-without-credit ---------------------------------------------------------------------------------------


def detect_excerpt_without_credit(session: Session, scope: Scope) -> list[Hit]:
    """Excerpts of another outlet's version whose text credits no outlet of their chain."""
    return _uncredited(session, scope, "excerpt", "excerpt-without-credit")


def explain_excerpt_without_credit(hit: Hit, d: Details) -> str:
    """Say what share of whose text it took, in how many passages, and that it credits nobody."""
    taken = [
        f"{len(a.passages)} passage{'s' if len(a.passages) != 1 else ''} ({a.source_share:.0%} of its source)"
        for link in hit.link_ids
        if (a := d.alignments.get(link)) is not None and a.shared
    ]
    what = f", {', '.join(taken)}," if taken else ""
    return (
        f"Version {d.versions[hit.version_id].label} is recorded as {_recorded_as(hit, d)}{what} but its text "
        "credits no outlet of its recorded chain: passages taken without credit, or a credit the reader missed."
    )


# missing-translator-credit --------------------------------------------------------------------------------------


def detect_missing_translator_credit(session: Session, scope: Scope) -> list[Hit]:
    """Translation links with no translator on the link and no translator claim in the derived text."""
    named = exists().where(C.c.version_id == D.c.derived_id, C.c.kind == "translator")
    rows = session.execute(
        select(D.c.id, D.c.derived_id, D.c.source_id)
        .where(
            D.c.kind.in_(TRANSLATION_KINDS),
            D.c.translator_person_id.is_(None),
            D.c.agent_outlet_id.is_(None),
            ~named,
            _in(D.c.derived_id, scope),
        )
        .order_by(D.c.id)
    )
    return [
        Hit("missing-translator-credit", derived, link_ids=(link,), related=(source,)) for link, derived, source in rows
    ]


def explain_missing_translator_credit(hit: Hit, d: Details) -> str:
    """Say which translation names nobody."""
    link = d.links[hit.link_ids[0]]
    return (
        f"Version {d.versions[link.derived_id].label} is recorded as a {link.kind} of "
        f"{d.versions[link.source_id].label} (link {link.id}), but no translator is named, neither in its text "
        f"nor on the link: record one with `provenance link --translator`."
    )


# same-language-translation --------------------------------------------------------------------------------------


def detect_same_language_translation(session: Session, scope: Scope) -> list[Hit]:
    """Translation links between versions of one language; texts with a translator credit whose claimed source
    outlet declares the text's own language."""
    derived, source = V.alias("derived"), V.alias("source")
    links = session.execute(
        select(D.c.id, D.c.derived_id, D.c.source_id)
        .join(derived, derived.c.id == D.c.derived_id)
        .join(source, source.c.id == D.c.source_id)
        .where(D.c.kind == "translation", _language(derived) == _language(source), _in(D.c.derived_id, scope))
        .order_by(D.c.id)
    )
    hits = [Hit("same-language-translation", d, link_ids=(link,), related=(s,), aspect="link") for link, d, s in links]
    translator, credit = C.alias("translator"), C.alias("credit")
    rows = session.execute(
        select(V.c.id, translator.c.id, credit.c.id)
        .join(translator, translator.c.version_id == V.c.id)
        .join(credit, credit.c.version_id == V.c.id)
        .join(OUT, OUT.c.id == credit.c.outlet_id)
        .where(
            translator.c.kind == "translator",
            credit.c.kind == "source",
            credit.c.possible_sign_off_of.is_(None),
            OUT.c.language == _language(V),
            _in(V.c.id, scope),
        )
        .order_by(V.c.id, translator.c.id, credit.c.id)
    )
    grouped: dict[int, dict[int, None]] = defaultdict(dict)
    for version_id, translator_id, credit_id in rows:
        grouped[version_id][translator_id] = None
        grouped[version_id][credit_id] = None
    hits += [
        Hit("same-language-translation", v, claim_ids=tuple(claims), aspect="claim") for v, claims in grouped.items()
    ]
    return hits


def explain_same_language_translation(hit: Hit, d: Details) -> str:
    """Name the shared language and the two readings: a back-translation or a mislabel."""
    if hit.aspect == "link":
        link = d.links[hit.link_ids[0]]
        derived, source = d.versions[link.derived_id], d.versions[link.source_id]
        language = language_name(derived.language or derived.detected_language)
        return (
            f"Link {link.id} records {derived.label} as a translation of {source.label}, but both are in {language}: "
            "a back-translation through another language, or a republication mislabelled as a translation."
        )
    version = d.versions[hit.version_id]
    claims = [d.claims[c] for c in hit.claim_ids]
    says = " and ".join(f"«{c.text}» ({c.where})" for c in claims if c.kind == "translator")
    sources = " and ".join(f"{c.credited} ({_quote(c)})" for c in claims if c.kind == "source")
    language = language_name(version.language or version.detected_language)
    text = (
        f"Version {version.label} says {says} and credits the {language}-language source {sources}, yet the text "
        f"is itself {language}: a back-translation or a mislabel"
    )
    if d.ancestors.get(hit.version_id):
        text += f" (recorded chain: {_chain_text(hit.version_id, d)})"
    return text + "."


# language-mismatch ----------------------------------------------------------------------------------------------


def detect_language_mismatch(session: Session, scope: Scope) -> list[Hit]:
    """Recorded language against the detected one, and against the outlet's unless a translation explains it."""
    detected = session.execute(
        select(V.c.id)
        .where(
            V.c.language.is_not(None),
            V.c.detected_language.is_not(None),
            _differ(V.c.language, V.c.detected_language),
            or_(V.c.language_probability.is_(None), V.c.language_probability >= MIN_DETECTION_PROBABILITY),
            _in(V.c.id, scope),
        )
        .order_by(V.c.id)
    )
    hits = [Hit("language-mismatch", v, aspect="detected") for (v,) in detected]
    translated = exists().where(D.c.derived_id == V.c.id, D.c.kind.in_(TRANSLATION_KINDS))
    credited = exists().where(C.c.version_id == V.c.id, C.c.kind == "translator")
    outlet = session.execute(
        select(V.c.id)
        .join(OUT, OUT.c.id == V.c.outlet_id)
        .where(
            OUT.c.language.is_not(None),
            _differ(_language(V), OUT.c.language),
            ~translated,
            ~credited,
            _in(V.c.id, scope),
        )
        .order_by(V.c.id)
    )
    return hits + [Hit("language-mismatch", v, aspect="outlet") for (v,) in outlet]


def explain_language_mismatch(hit: Hit, d: Details) -> str:
    """Name both languages and what would explain the difference."""
    v = d.versions[hit.version_id]
    if hit.aspect == "detected":
        probability = f", p={v.language_probability:.2f}" if v.language_probability is not None else ""
        return (
            f"Version {v.label} is recorded as {language_name(v.language)} ({v.language}) but its text was "
            f"detected as {language_name(v.detected_language)} ({v.detected_language}{probability}): correct one."
        )
    language = v.language or v.detected_language
    return (
        f"Version {v.label} is in {language_name(language)} but its outlet declares "
        f"{language_name(v.outlet_language)}, and no translation link or translator credit explains it: record "
        "the version it was translated from, or correct the language."
    )


# chronology -----------------------------------------------------------------------------------------------------


def detect_chronology(session: Session, scope: Scope) -> list[Hit]:
    """Links whose derived version was published before its source."""
    derived, source = V.alias("derived"), V.alias("source")
    rows = session.execute(
        select(D.c.id, D.c.derived_id, D.c.source_id)
        .join(derived, derived.c.id == D.c.derived_id)
        .join(source, source.c.id == D.c.source_id)
        .where(derived.c.published_at < source.c.published_at, _in(D.c.derived_id, scope))
        .order_by(D.c.id)
    )
    return [Hit("chronology", d, link_ids=(link,), related=(s,)) for link, d, s in rows]


def _day(moment: datetime | None) -> str:
    if moment is None:
        return "?"
    return moment.date().isoformat() if moment.time() == datetime.min.time() else moment.isoformat()


def explain_chronology(hit: Hit, d: Details) -> str:
    """Give both dates."""
    link = d.links[hit.link_ids[0]]
    derived, source = d.versions[link.derived_id], d.versions[link.source_id]
    return (
        f"Version {derived.label}, published {_day(derived.published)}, is recorded as a {link.kind} of "
        f"{source.label}, published later ({_day(source.published)}): a date or the link is wrong."
    )


# author-mismatch ------------------------------------------------------------------------------------------------


def detect_author_mismatch(session: Session, scope: Scope) -> list[Hit]:
    """Authors a derived version credits (author claims and recorded authors) that no ancestor with recorded
    authors has."""
    credited = union(
        select(C.c.version_id, C.c.person_id).where(C.c.kind == "author", C.c.person_id.is_not(None)),
        select(VA.c.version_id, VA.c.person_id),
    ).subquery("credited")
    parent_has_author = exists(
        select(1)
        .select_from(D.join(VA, VA.c.version_id == D.c.source_id))
        .where(D.c.derived_id == credited.c.version_id, VA.c.person_id == credited.c.person_id)
    )
    candidates = (
        select(credited.c.version_id, credited.c.person_id)
        .where(
            exists().where(D.c.derived_id == credited.c.version_id),
            ~parent_has_author,
            _in(credited.c.version_id, scope),
        )
        .cte("author_candidates")
    )
    walk = chain_walk("up", select(candidates.c.version_id), name="author_ancestors")
    ancestor_authors = walk.join(VA, VA.c.version_id == walk.c.version_id)
    same = exists(
        select(1)
        .select_from(ancestor_authors)
        .where(walk.c.start_id == candidates.c.version_id, VA.c.person_id == candidates.c.person_id)
    )
    known = exists(select(1).select_from(ancestor_authors).where(walk.c.start_id == candidates.c.version_id))
    rows = session.execute(
        select(candidates.c.version_id, candidates.c.person_id)
        .where(~same, known)
        .order_by(candidates.c.version_id, candidates.c.person_id)
    )
    grouped: dict[int, list[int]] = defaultdict(list)
    for version_id, person_id in rows:
        grouped[version_id].append(person_id)
    return [Hit("author-mismatch", v, people=tuple(people)) for v, people in grouped.items()]


def explain_author_mismatch(hit: Hit, d: Details) -> str:
    """Name the credited author and the authors of the original."""
    credited = ", ".join(d.people[p] for p in hit.people)
    chain = d.ancestors.get(hit.version_id, [])
    roots = [a for a in chain if a in d.roots and d.versions[a].authors] or [a for a in chain if d.versions[a].authors]
    originals = "; ".join(f"{d.versions[a].label} is by {', '.join(d.versions[a].authors)}" for a in roots)
    return (
        f"Version {d.versions[hit.version_id].label} credits {credited} as author, but its original differs "
        f"({originals}): one of the bylines is wrong."
    )


# unresolved-claim -----------------------------------------------------------------------------------------------


def detect_unresolved_claim(session: Session, scope: Scope) -> list[Hit]:
    """Source, via, translator and author claims that resolved to no outlet or person (possible sign-offs aside)."""
    rows = session.execute(
        select(C.c.id, C.c.version_id)
        .where(
            C.c.kind.in_(AGENT_KINDS),
            C.c.outlet_id.is_(None),
            C.c.person_id.is_(None),
            C.c.possible_sign_off_of.is_(None),
            _in(C.c.version_id, scope),
        )
        .order_by(C.c.id)
    )
    return [Hit("unresolved-claim", version_id, claim_ids=(claim_id,)) for claim_id, version_id in rows]


def explain_unresolved_claim(hit: Hit, d: Details) -> str:
    """Quote the claim and say how to add what it names."""
    c = d.claims[hit.claim_ids[0]]
    noun, command = ("person", "person") if c.kind == "author" else ("outlet or person", "outlet")
    return (
        f"Version {d.versions[hit.version_id].label} names {c.name!r} as {c.kind} ({_quote(c)}), but no {noun} of "
        f"that name is in the database: add it with `provenance {command} add {c.name!r}` (or an alias)."
    )


# orphan-translation ---------------------------------------------------------------------------------------------


def detect_orphan_translation(session: Session, scope: Scope) -> list[Hit]:
    """Versions whose text credits a translator but that have no recorded parent."""
    rows = session.execute(
        select(C.c.version_id, C.c.id)
        .where(
            C.c.kind == "translator",
            ~exists().where(D.c.derived_id == C.c.version_id),
            _in(C.c.version_id, scope),
        )
        .order_by(C.c.version_id, C.c.id)
    )
    grouped: dict[int, list[int]] = defaultdict(list)
    for version_id, claim_id in rows:
        grouped[version_id].append(claim_id)
    return [Hit("orphan-translation", v, claim_ids=tuple(claims)) for v, claims in grouped.items()]


def explain_orphan_translation(hit: Hit, d: Details) -> str:
    """Quote the translator credit and say how to record the parent."""
    claims = " and ".join(_quote(d.claims[c]) for c in hit.claim_ids)
    return (
        f"Version {d.versions[hit.version_id].label} says it is a translation ({claims}) but no parent is recorded: "
        f"link it with `provenance link {hit.version_id} PARENT --kind translation`."
    )


# stale-translation ----------------------------------------------------------------------------------------------


def detect_stale_translation(session: Session, scope: Scope) -> list[Hit]:
    """Translations made, directly or down a chain, from a text that gained a revision after they were recorded,
    and not made from that revision or anything after it."""
    revised = select(D.c.id, D.c.derived_id, D.c.source_id).where(D.c.kind == "revision").subquery("revised")
    below_old = chain_walk("down", select(revised.c.source_id), name="below_old")
    below_new = chain_walk("down", select(revised.c.derived_id), name="below_new")
    made, translation, revision = D.alias("made"), V.alias("translation"), V.alias("revision")
    from_new = exists().where(below_new.c.start_id == revised.c.derived_id, below_new.c.version_id == translation.c.id)
    rows = session.execute(
        select(translation.c.id, made.c.id, revised.c.id, revised.c.source_id, revised.c.derived_id)
        .distinct()
        .select_from(below_old)
        .join(made, made.c.id == below_old.c.link_id)
        .join(revised, revised.c.source_id == below_old.c.start_id)
        .join(translation, translation.c.id == below_old.c.version_id)
        .join(revision, revision.c.id == revised.c.derived_id)
        .where(
            made.c.kind.in_(TRANSLATION_KINDS),
            translation.c.id != revised.c.derived_id,
            translation.c.recorded_at < revision.c.recorded_at,
            ~from_new,
            _in(translation.c.id, scope),
        )
        .order_by(translation.c.id, revised.c.id)
    )
    return [
        Hit("stale-translation", version_id, link_ids=(link_id, revision_link), related=(old, new))
        for version_id, link_id, revision_link, old, new in rows
    ]


def explain_stale_translation(hit: Hit, d: Details) -> str:
    """Say which text was revised after the translation was made, and what the revision changed."""
    link, revision = d.links[hit.link_ids[0]], d.links[hit.link_ids[1]]
    old, new = d.versions[revision.source_id], d.versions[revision.derived_id]
    made_from = "" if link.source_id == old.id else f" (down a chain through {d.versions[link.source_id].label})"
    changes = d.revisions.get(revision.id)
    what = f": {changes.summary()}" if changes is not None else ""
    if changes is not None and changes.old_count == 0:
        what = " (its earlier text was not recorded: compare the translation with the revision)"
    return (
        f"Version {d.versions[hit.version_id].label} is a {link.kind} made from {old.label}{made_from}, which was "
        f"revised after it as {new.label}{what}. The translation may no longer say what its original says: "
        "check it against the revision."
    )


RULES: tuple[Rule, ...] = (
    Rule("conflicting-source", "error", "One text credits two or more different sources.",
         detect_conflicting_source, explain_conflicting_source),
    Rule("claim-vs-chain", "error", "A claimed source is the outlet of no version in the recorded chain.",
         detect_claim_vs_chain, explain_claim_vs_chain, needs_chain=True),
    Rule("missing-source-credit", "warning", "A recorded translation or republication whose text credits no source.",
         detect_missing_source_credit, explain_missing_source_credit),
    Rule("uncredited-copy", "warning",
         "A republication of another outlet's text that credits no outlet of its recorded chain.",
         detect_uncredited_copy, explain_uncredited_copy),
    Rule("excerpt-without-credit", "warning",
         "An excerpt of another outlet's text that credits no outlet of its recorded chain (with the passages taken).",
         detect_excerpt_without_credit, explain_excerpt_without_credit, needs_passages=True),
    Rule("missing-translator-credit", "info", "A translation with no translator named, in the text or on the link.",
         detect_missing_translator_credit, explain_missing_translator_credit),
    Rule("same-language-translation", "warning",
         "A translation between versions of one language, or a translated text in its claimed source's language.",
         detect_same_language_translation, explain_same_language_translation, needs_chain=True),
    Rule("language-mismatch", "warning",
         "Recorded language differs from the detected one, or from the outlet's with nothing explaining it.",
         detect_language_mismatch, explain_language_mismatch),
    Rule("chronology", "error", "A derived version published before its parent.",
         detect_chronology, explain_chronology),
    Rule("author-mismatch", "warning", "The author a derived text credits differs from the author of its original.",
         detect_author_mismatch, explain_author_mismatch, needs_chain=True),
    Rule("unresolved-claim", "info", "A credit names an outlet or person not in the database.",
         detect_unresolved_claim, explain_unresolved_claim),
    Rule("orphan-translation", "info", "A text says it is a translation but has no recorded parent.",
         detect_orphan_translation, explain_orphan_translation),
    Rule("stale-translation", "warning",
         "A translation whose original (or an ancestor) was revised after it was made (with what changed).",
         detect_stale_translation, explain_stale_translation, needs_revisions=True),
)  # fmt: skip

RULES_BY_NAME = {rule.name: rule for rule in RULES}


def rule_names() -> Sequence[str]:
    """Return the rule names in catalogue order."""
    return [rule.name for rule in RULES]


def chain_rows(session: Session, version_ids: Sequence[int]) -> list[tuple[int, int, int, bool]]:
    """Return (start, ancestor, depth, is_root) for the ancestors of ``version_ids``, in one recursive query."""
    walk = chain_walk("up", version_ids)
    has_parent = exists().where(D.c.derived_id == walk.c.version_id)
    query = (
        select(walk.c.start_id, walk.c.version_id, func.min(walk.c.depth), ~has_parent)
        .group_by(walk.c.start_id, walk.c.version_id)
        .order_by(walk.c.start_id, func.min(walk.c.depth), walk.c.version_id)
    )
    return [(s, a, depth, bool(root)) for s, a, depth, root in session.execute(query)]
