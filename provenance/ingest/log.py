"""Logging found articles: reading them, detecting their language, extracting and resolving their
claims, recording the version and the links the claims justify; one article or a batch.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from provenance.errors import InputError, NotFoundError
from provenance.ledger import agents
from provenance.ledger.agents import publisher_of, resolve_people
from provenance.ledger.lineage import (
    Copy,
    copy_evidence,
    copy_order,
    has_recorded_source,
    link_versions,
    record_revision,
)
from provenance.ledger.records import claim_record, link_record
from provenance.ledger.versions import (
    NewVersion,
    add_version,
    check_article_text,
    find_sightings,
    insert_version,
    revised_by_address,
    version_row,
)
from provenance.limits import MAX_BYTES, MAX_CREATED_PER_TEXT
from provenance.match.fingerprints import Fingerprint
from provenance.match.index import index_new_version, index_state
from provenance.match.search import best_link, match_version
from provenance.store.models import Claim, Derivation, Outlet, Person, Version
from provenance.text.claims import ExtractedClaim, Publisher, extract_claims
from provenance.text.gazetteer import also_knowing, known_outlet
from provenance.text.language import LanguageGuess, detect_language
from provenance.text.names import domain_of, normalize_name, site_domains
from provenance.text.normalize import already_normal
from provenance.text.reading import ReadArticle, read_article, read_article_file, read_file_bytes
from provenance.vocabulary import PERSON_KINDS, SOURCE_KINDS


def read_input(path: Path, *, max_bytes: int = MAX_BYTES) -> ReadArticle:
    """Read an article from a file, or from stdin when ``path`` is ``-``."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return read_article(data, source_name="<stdin>", max_bytes=max_bytes)
    return read_article_file(path, max_bytes=max_bytes)


def read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """Return a whole file's bytes (``-``: stdin), or raise InputError naming it and what to do (also when it
    holds more than ``max_bytes``)."""
    data = sys.stdin.buffer.read(max_bytes + 1) if str(path) == "-" else read_file_bytes(path, max_bytes)
    if len(data) > max_bytes:
        raise InputError(
            f"{display_name(path)} is larger than {max_bytes:,} bytes: split it (export chains one by one with "
            "`provenance export ID`) or raise the limit with --max-size"
        )
    return data


def display_name(path: Path) -> str:
    """Return how a path is named in messages and stored as the version's source (``-`` is stdin)."""
    return "<stdin>" if str(path) == "-" else str(path)


def with_text(
    fields: NewVersion, article: ReadArticle, source_name: str, guess: LanguageGuess | None = None
) -> NewVersion:
    """Return ``fields`` completed from what was read: text, detected language, damage, and the
    metadata (title, URL, date) the user did not give."""
    guess = guess or detect_language(article.body)
    return dataclasses.replace(
        fields,
        text=article.text,
        title=fields.title or article.title,
        url=fields.url or article.url,
        published=fields.published or article.published,
        language=fields.language or guess.code,
        detected_language=guess.code,
        language_probability=guess.probability if guess.code else None,
        damage=article.damage,
        source_name=fields.source_name or source_name,
    )


def with_file(fields: NewVersion, text_file: Path, *, max_bytes: int = MAX_BYTES) -> NewVersion:
    """Return ``fields`` completed from the article in ``text_file`` (``-``: stdin), as ``with_text`` does."""
    article = read_input(text_file, max_bytes=max_bytes)
    check_article_text(article.text)
    return with_text(fields, article, display_name(text_file))


def add_article(
    session: Session,
    fields: NewVersion,
    text_file: Path | None,
    *,
    max_bytes: int = MAX_BYTES,
    revises: int | None = None,
) -> tuple[Version, bool]:
    """Record a version from ``fields`` and, when given, the text in ``text_file`` (``-``: stdin); with
    ``revises``, as a revision of that version (a ``revision`` link, in its story).

    The claims the text makes about itself are extracted and resolved as ``log`` does, but no
    outlet or person is created and no link is made. Returns the version and whether it is new
    (the same text already recorded is returned as is).
    """
    if text_file is not None:
        fields = with_file(fields, text_file, max_bytes=max_bytes)
    elif fields.text is None and not (fields.title or fields.url):
        raise InputError("nothing to record: give --text-file, --title or --url")
    version, created = add_version(session, fields)
    if created and revises is not None:
        record_revision(session, version.id, revises, recorded_by="provenance article add --revises")
    if created and version.text:
        with also_knowing(agents.recorded_as_known(session)):
            extracted = extract_claims(version.text, publisher_of(version.outlet))
        version.claims.extend(_resolve_claims(session, extracted, False, []))
        session.flush()
    if created:
        # A version known by its title or address alone is indexed too (as `reindex` would), so that nothing
        # reports it as waiting for `reindex`.
        index_new_version(session, version.id, version.text or "", version.title)
    return version, created


@dataclass(frozen=True)
class ProposedLink:
    """A derivation the claims suggest but that was not recorded (several candidates, or a weak claim)."""

    source_id: int
    kind: str
    evidence: str
    reason: str


@dataclass(frozen=True)
class LogResult:
    """What ``log_article`` recorded and what it could not resolve."""

    version: Version
    created: bool
    language: LanguageGuess
    claims: list[Claim]
    links: list[Derivation]
    proposed: list[ProposedLink]
    created_agents: list[str]
    warnings: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    """Names ``--create-missing`` did not create: read from running prose and not known as outlets."""

    @property
    def unresolved(self) -> list[Claim]:
        """Claims naming an outlet or person that is not in the database (photo credits aside)."""
        return [c for c in self.claims if c.kind != "photo_credit" and c.outlet_id is None and c.person_id is None]


@dataclass(frozen=True)
class LogOptions:
    """What the user told ``log`` about the article, beyond its text."""

    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    authors: Sequence[str] = ()
    published: str | None = None
    language: str | None = None
    create_missing: bool = False
    link_auto: bool = False


def log_article(session: Session, article: ReadArticle, options: LogOptions, source_name: str) -> LogResult:
    """Record a found article: its version, language, claims resolved to outlets and people, and the
    derivation links its source claims justify. The same text logged again returns the first version.

    One pass: the text is hashed once, each outlet and person resolved once, the new version indexed
    for matching from the text in hand, and ``--link auto`` searches with the fingerprint just stored.
    """
    created_agents: list[str] = []
    outlet = _publishing_outlet(session, article, options, created_agents)
    guess = detect_language(article.body)
    body = already_normal(article.text)
    check_article_text(body.text)
    fields = with_text(
        NewVersion(
            title=options.title,
            url=options.url,
            published=options.published,
            language=options.language or _declared_if_ambiguous(guess, outlet),
        ),
        article,
        source_name,
        guess,
    )
    row = version_row(fields, body, outlet.id if outlet else None)
    sightings = find_sightings(session, body.hash, row["outlet_id"], row["url"])
    if sightings.same is not None:
        if sightings.same.outlet_id is None and outlet is not None:  # logged before its outlet was known
            sightings.same.outlet_id = outlet.id
            session.flush()
        return _already_logged(session, sightings.same, guess)
    revised = revised_by_address(session, row["url"], row["outlet_id"], body.hash)
    publisher = publisher_of(outlet) or _unrecorded_publisher(article, options)
    with also_knowing(agents.recorded_as_known(session)):  # what the database records extends the gazetteer
        extracted = extract_claims(body.text, publisher)
    if article.author:  # an HTML page's author metadata is a byline claim too
        extracted.append(
            ExtractedClaim("author", article.author, f"{article.author} (page metadata)", "byline", 0, 0.7)
        )
    declined: list[str] = []
    claims = _resolve_claims(session, extracted, options.create_missing, created_agents, declined)
    authors = resolve_people(session, options.authors) if options.authors else _credited_authors(claims)
    version = insert_version(session, row, outlet=outlet, authors=authors, claims=claims)
    print_ = index_new_version(session, version.id, body.text, version.title)
    links: list[Derivation]
    proposed: list[ProposedLink]
    if revised is not None:  # a new text of a piece already recorded: its revision, in its story
        evidence = f"a new text at {revised.url}"
        links = [record_revision(session, version.id, revised.id, evidence=evidence, recorded_by="provenance log")]
        proposed = []
    else:
        links, proposed = _link_from_claims(session, version, claims, sightings.elsewhere)
    if not links and sightings.elsewhere:
        links, copies_proposed = _link_copies(session, version, sightings.elsewhere)
        proposed += copies_proposed
    if created_agents:  # earlier credits naming what was just created resolve now, and may wait for this version
        made = [entry.split(" ", 1) for entry in created_agents]
        agents.resolve_claims_naming(
            session,
            [name for kind, name in made if kind == "outlet"],
            [name for kind, name in made if kind == "person"],
        )
    links += _link_waiting(session, version)
    warnings = [] if guess.code else [f"language undetermined ({guess.reason}): recorded without a language"]
    if outlet is None and publisher is not None:
        domain = site_domains(domain_of(options.url or article.url or "") or "")[-1]
        warnings.append(
            f"the publisher {publisher.names[0]} ({domain}) is not a recorded outlet: add it with `provenance outlet "
            f"add NAME --domain {domain}` (or log with --create-missing); logged again, the text gets it"
        )
    if options.link_auto and not links:
        links, proposed, unindexed = _link_from_matching(session, version, proposed, print_)
        if unindexed:
            warnings.append(
                f"stored versions not indexed for matching, so not considered by --link auto: {unindexed}; "
                "run `provenance reindex`"
            )
    return LogResult(version, True, guess, claims, links, proposed, created_agents, warnings, declined)


def _declared_if_ambiguous(guess: LanguageGuess, outlet: Outlet | None) -> str | None:
    """The outlet's declared language when the text does not say which of the candidates it is written in
    (Serbian, Croatian, Bosnian or Montenegrin: ``sh``) and the outlet's is one of them."""
    if guess.candidates and outlet is not None and outlet.language in guess.candidates:
        return outlet.language
    return None


def _already_logged(session: Session, version: Version, guess: LanguageGuess) -> LogResult:
    version = session.scalars(
        select(Version).where(Version.id == version.id).options(selectinload(Version.claims))
    ).one()
    links = list(session.scalars(select(Derivation).where(Derivation.derived_id == version.id)))
    return LogResult(version, False, guess, list(version.claims), links, [], [])


def _publishing_outlet(
    session: Session, article: ReadArticle, options: LogOptions, created: list[str]
) -> Outlet | None:
    """The outlet ``--outlet`` names; else the one the address (its host, or a parent domain: ``en.telegrafi.com``
    is ``telegrafi.com``) or the page's site name resolves to; else, with ``--create-missing``, a new outlet with
    the page's site name (or the host) and the domain."""
    if options.outlet:
        found = agents.find_outlets(session, [options.outlet]).get(options.outlet)
        if found is not None:
            return found
        if not options.create_missing:
            raise NotFoundError(
                f"no outlet named {options.outlet!r}: add it with `provenance outlet add` or pass --create-missing"
            )
        known = known_outlet(options.outlet)
        if known is not None:  # the gazetteer knows it: recorded under its name, with domains, language, country
            created.append(f"outlet {known.name}")
            return agents.add_known_outlet(session, known)
        created.append(f"outlet {options.outlet}")
        return agents.get_or_add_outlet(session, options.outlet, looked_up=True)
    host = domain_of(options.url or article.url or "")
    hints = [h for h in (*site_domains(host or ""), article.site_name) if h]
    found_by_hint = agents.find_outlets(session, hints)
    found = next((found_by_hint[h] for h in hints if h in found_by_hint), None)
    if found is not None or host is None or not options.create_missing:
        return found
    if article.site_name and agents.known_publisher(host) is None:  # the page names its unknown site itself
        created.append(f"outlet {article.site_name}")
        return agents.add_outlet(session, article.site_name, domains=[site_domains(host)[-1]])
    return agents.outlets_by_address(session, [host], create=True, created=created).get(host)


def _unrecorded_publisher(article: ReadArticle, options: LogOptions) -> Publisher | None:
    """The publisher as the address tells it, when no recorded outlet is: enough to know its own sign-off."""
    host = domain_of(options.url or article.url or "")
    if host is None:
        return None
    known = agents.known_publisher(host)
    names = (known.names if known else ()) + (article.site_name or site_domains(host)[-1],)
    domains = site_domains(host) + (known.domains if known else ())
    return Publisher(names=tuple(dict.fromkeys(names)), domains=tuple(dict.fromkeys(domains)))


def _resolve_claims(
    session: Session,
    extracted: Sequence[ExtractedClaim],
    create_missing: bool,
    created: list[str],
    declined: list[str] | None = None,
) -> list[Claim]:
    """Turn extracted claims into Claim rows resolved to outlets and people, with a few look-ups in all."""
    names = {c.name for c in extracted}
    outlets = agents.find_outlets(session, names)
    people = agents.find_people(session, names)
    if create_missing:
        outlets, people = _create_missing(session, extracted, outlets, people, created, declined)
    rows = []
    for c in extracted:
        outlet, person = agents.claim_resolution(c.kind, c.name, outlets, people)
        rows.append(
            Claim(
                kind=c.kind,
                name=c.name,
                text=c.text,
                position=c.position,
                line=c.line,
                confidence=c.confidence,
                url=c.url,
                possible_sign_off_of=c.possible_sign_off_of,
                note=c.note,
                outlet=outlet,
                person=person,
                # Set with the relationships so every claim inserts with the same columns: one statement for all.
                outlet_id=outlet.id if outlet else None,
                person_id=person.id if person else None,
            )
        )
    return rows


CONFIRMING = 0.8
"""A credit read by a label, a byline, a dateline or a sign-off rule names an outlet surely enough to create it;
one read from running prose names one only when the gazetteer knows it or it is an address."""


def _create_missing(
    session: Session,
    extracted: Sequence[ExtractedClaim],
    outlets: dict[str, Outlet],
    people: dict[str, Person],
    created: list[str],
    declined: list[str] | None = None,
) -> tuple[dict[str, Outlet], dict[str, Person]]:
    outlets, people = dict(outlets), dict(people)
    by_key_outlet = {normalize_name(o.name): o for o in outlets.values()}
    by_key_person = {normalize_name(p.name): p for p in people.values()}
    budget = MAX_CREATED_PER_TEXT
    for c in extracted:
        # A possible sign-off stays unresolved rather than becoming an outlet nobody may have meant.
        ambiguous = c.kind in ("photo_credit", "sign_off") or c.possible_sign_off_of is not None
        if ambiguous or c.name in outlets or c.name in people or not normalize_name(c.name):
            continue
        key = normalize_name(c.name)
        if key not in by_key_outlet and key not in by_key_person:
            if budget == 0:  # a text crediting hundreds of sources is not hundreds of outlets to create
                continue
            budget -= 1
        if c.kind in PERSON_KINDS or (c.kind == "translator" and not _outlet_shaped(c.name)):
            person = by_key_person.get(key) or agents.get_or_add_person(session, c.name, looked_up=True)
            if key not in by_key_person:
                created.append(f"person {c.name}")
            people[c.name] = by_key_person[key] = person
        elif c.kind in (*SOURCE_KINDS, "translator") and not c.url:
            known = known_outlet(c.name)
            if key in by_key_outlet:
                outlet = by_key_outlet[key]
            elif known is not None:
                outlet = agents.add_known_outlet(session, known)
                created.append(f"outlet {outlet.name}")
            elif domain_of(c.name) is not None or c.confidence >= CONFIRMING:
                outlet = agents.get_or_add_outlet(session, c.name, looked_up=True)
                created.append(f"outlet {c.name}")
            else:  # an unknown name read from running prose: listed as unresolved, never invented
                if declined is not None and c.name not in declined:
                    declined.append(c.name)
                continue
            outlets[c.name] = by_key_outlet[key] = outlet
    return outlets, people


def _outlet_shaped(name: str) -> bool:
    return domain_of(name) is not None or len(name.split()) == 1


def _credited_authors(claims: Iterable[Claim]) -> list[Person]:
    return list(dict.fromkeys(c.person for c in claims if c.kind == "author" and c.person is not None))


def _link_from_claims(
    session: Session, version: Version, claims: Sequence[Claim], copies: Sequence[Version] = ()
) -> tuple[list[Derivation], list[ProposedLink]]:
    """Link the version to the version its source claim names, when exactly one recorded version of that
    outlet is the same piece (shares an author or the title, or the very text); otherwise propose, never invent."""
    sources = [c for c in claims if c.kind in SOURCE_KINDS and c.outlet_id is not None]
    if not sources:
        return [], []
    credited = {c.outlet_id for c in sources if c.outlet_id}
    candidates = _same_piece_candidates(session, version, credited)
    candidates += [c for c in copies if c.outlet_id in credited and c not in candidates]
    translator = _translator_claim(claims)
    links: list[Derivation] = []
    proposed: list[ProposedLink] = []
    for claim in sorted(sources, key=lambda c: (c.possible_sign_off_of is not None, -c.confidence)):
        matches = [v for v in candidates if v.outlet_id == claim.outlet_id]
        kind = _inferred_kind(version, matches[0] if matches else None, translator is not None)
        if len(matches) == 1 and claim.possible_sign_off_of is None and not links:
            links.append(_link_by_credit(session, version, matches[0], claim, translator))
        else:
            reason = "possible sign-off, not linked" if claim.possible_sign_off_of else "several candidates"
            proposed.extend(ProposedLink(v.id, kind, claim.text, reason) for v in matches)
    return links, proposed


def _link_waiting(session: Session, version: Version) -> list[Derivation]:
    """Link the versions that were waiting for this one: recorded earlier with a credit naming this version's
    outlet but no source then, for which this version is now the one same piece (title or author) there."""
    if version.outlet_id is None:
        return []
    waiting = session.scalars(
        select(Version)
        .join(Claim, Claim.version_id == Version.id)
        .where(
            Claim.kind.in_(SOURCE_KINDS),
            Claim.outlet_id == version.outlet_id,
            Claim.possible_sign_off_of.is_(None),
            Version.id != version.id,
            Version.outlet_id.is_distinct_from(version.outlet_id),
            ~has_recorded_source(),
        )
        .options(selectinload(Version.claims), selectinload(Version.authors))
        .distinct()
        .order_by(Version.id)
    ).all()
    links = []
    for derived in waiting:  # few: the versions that credit this outlet and still wait for a source
        candidates = _same_piece_candidates(session, derived, {version.outlet_id})
        if [c.id for c in candidates] != [version.id]:
            continue
        credit = next(c for c in derived.claims if c.kind in SOURCE_KINDS and c.outlet_id == version.outlet_id)
        links.append(_link_by_credit(session, derived, version, credit, _translator_claim(derived.claims)))
    return links


def _translator_claim(claims: Sequence[Claim]) -> Claim | None:
    return next((c for c in claims if c.kind == "translator" and (c.outlet or c.person)), None)


def _link_by_credit(
    session: Session, derived: Version, source: Version, credit: Claim, translator: Claim | None
) -> Derivation:
    """Record the link a source credit justifies, its kind inferred, the credited translator as its agent."""
    agent = translator.outlet or translator.person if translator else None
    return link_versions(
        session,
        derived.id,
        source.id,
        kind=_inferred_kind(derived, source, translator is not None),
        translator=agent.name if agent else None,
        evidence=credit.text,
        confidence=round(credit.confidence, 2),
        recorded_by="provenance log",
    )


def _link_copies(
    session: Session, version: Version, copies: Sequence[Version]
) -> tuple[list[Derivation], list[ProposedLink]]:
    """Link a word-for-word copy of a text recorded at another outlet or address as ``copy_order`` orders it
    by the dates; the copies the dates do not order are proposed, not linked."""
    sourced = set(
        session.scalars(select(Derivation.derived_id).where(Derivation.derived_id.in_([c.id for c in copies])))
    )
    by_id = {c.id: c for c in copies}
    order = copy_order(version.published_at, [Copy(c.id, c.published_at, c.id in sourced) for c in copies])
    links = []
    if order.source is not None:
        links.append(_republication(session, version, by_id[order.source.id]))
    links += [_republication(session, by_id[c.id], version) for c in order.derived]
    reason = "the same text recorded elsewhere; no dates order them: record which came first with `provenance link`"
    proposed = [ProposedLink(c.id, "republication", "identical text", reason) for c in order.unordered]
    return links, proposed if not links else []


def _republication(session: Session, derived: Version, source: Version) -> Derivation:
    return link_versions(
        session, derived.id, source.id, kind="republication", evidence=copy_evidence(source.id, source.published_at),
        confidence=0.9, recorded_by="provenance log",
    )  # fmt: skip


def _link_from_matching(
    session: Session, version: Version, proposed: list[ProposedLink], print_: Fingerprint
) -> tuple[list[Derivation], list[ProposedLink], int]:
    """Link to the best matching stored version when it is confident enough (``--link auto``);
    otherwise propose the candidates and link nothing. Also returns how many stored versions the
    search could not see (not indexed)."""
    state = index_state(session)
    found = match_version(session, version.id, top=5, indexed=state.indexed, print_=print_)
    candidates = [c for c in found if c.id != version.id]
    best = best_link(candidates)
    if best is None:
        reason = "matching candidate below the auto-link threshold"
        proposed = proposed + [ProposedLink(c.id, c.kind, f"match score {c.score:.2f}", reason) for c in candidates]
        return [], proposed, state.unindexed
    link = link_versions(
        session,
        version.id,
        best.id,
        kind=best.kind,
        evidence=f"provenance match: score {best.score:.2f}",
        confidence=round(best.score, 2),
        recorded_by="provenance log --link auto",
    )
    return [link], proposed, state.unindexed


def _same_piece_candidates(session: Session, version: Version, outlet_ids: set[int]) -> list[Version]:
    author_ids = [p.id for p in version.authors]
    same_title = Version.title == version.title if version.title else None
    conditions = [c for c in (same_title,) if c is not None]
    if author_ids:
        conditions.append(Version.authors.any(Person.id.in_(author_ids)))
    if not conditions:
        return []
    return list(
        session.scalars(
            select(Version)
            .where(Version.outlet_id.in_(outlet_ids), Version.id != version.id, or_(*conditions))
            .order_by(Version.id)
        )
    )


def _inferred_kind(version: Version, source: Version | None, has_translator: bool) -> str:
    """A different language is a translation; the same language with a translation credit is a
    back-translation (or a mislabel the audit reports); the same language otherwise a republication."""
    if source is not None and source.content_hash == version.content_hash:
        return "republication"
    if source is None or not version.language or not source.language:
        return "translation" if has_translator else "republication"
    if version.language != source.language:
        return "translation"
    return "back-translation" if has_translator else "republication"


def log_record(result: LogResult) -> dict[str, Any]:
    """Return what ``log`` recorded as a JSON-ready dict."""
    version = result.version
    return {
        "id": version.id,
        "created": result.created,
        "title": version.title,
        "outlet": version.outlet.name if version.outlet else None,
        "language": version.language,
        "detected_language": result.language.code,
        "language_probability": result.language.probability,
        "language_candidates": list(result.language.candidates),
        "content_hash": version.content_hash,
        "damage": version.damage,
        "claims": [claim_record(c) for c in result.claims],
        "links": [link_record(link) for link in result.links],
        "proposed_links": [p.__dict__ for p in result.proposed],
        "unresolved": [c.name for c in result.unresolved],
        "created_agents": result.created_agents,
        "not_created": result.declined,
        "warnings": result.warnings,
    }
