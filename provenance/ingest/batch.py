"""Batch import: a folder of article files or a JSONL file of records, in chunks that commit one by one.

The hot path is set-based: per chunk, one SELECT for texts already recorded, one or two for the
outlets and people named, bulk INSERTs for works, versions, authors and claims, and one SELECT
for the URLs that ``source_url`` fields point at. An interrupted import loses at most the chunk in
flight; a rerun skips what is recorded (content hashes) and completes it.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from provenance.errors import InputError, ProvenanceError
from provenance.ledger import agents
from provenance.ledger.agents import validate_language
from provenance.ledger.lineage import Copy, CopyOrder, copy_evidence, copy_order, has_recorded_source, join_works
from provenance.ledger.versions import NewVersion, check_article_text, is_same_sighting, validate_url, version_row
from provenance.limits import IMPORT_CHUNK
from provenance.match.index import index_versions
from provenance.store.batching import batched
from provenance.store.database import WRITE_ATTEMPTS, lost_race, refresh_statistics
from provenance.store.models import Claim, Derivation, Outlet, Person, Version, Work, version_authors
from provenance.text.claims import ExtractedClaim
from provenance.text.language import LanguageGuess
from provenance.text.names import domain_of
from provenance.text.normalize import already_normal, normalize_text
from provenance.text.reading import find_damage, read_article_file, split_title_body
from provenance.text.workers import Pending, TextReader
from provenance.vocabulary import DERIVATION_KINDS

ANALYZE_AFTER = 1_000
"""An import that adds at least this many versions refreshes the query planner's statistics when it ends."""

RECORD_FIELDS = (
    "text",
    "title",
    "url",
    "outlet",
    "author",
    "published",
    "language",
    "translator",
    "source_url",
    "kind",
)
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")


@dataclass(frozen=True)
class ArticleRecord:
    """One article to import, as a JSONL line or a file gives it; ``origin`` names where it came from.

    ``text`` is normalized (``normalize_text``), so its content hash is taken as it stands.
    """

    origin: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    translator: str | None = None
    source_url: str | None = None
    kind: str | None = None
    damage: str | None = None
    unknown_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordError:
    """A record that could not be imported, and why."""

    origin: str
    message: str


@dataclass
class ImportSummary:
    """Counts and messages of an import, updated chunk by chunk."""

    read: int = 0
    added: int = 0
    existing: int = 0
    linked: int = 0
    indexed: int = 0
    errors: list[RecordError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    added_ids: list[int] = field(default_factory=list)

    def add(self, part: ImportSummary) -> None:
        """Add the counts and messages of one committed chunk."""
        self.read += part.read
        self.added += part.added
        self.existing += part.existing
        self.linked += part.linked
        self.indexed += part.indexed
        self.errors += part.errors
        self.warnings += part.warnings
        self.added_ids += part.added_ids


def count_records(path: Path) -> int:
    """Return how many records ``path`` holds (files in a folder, non-blank lines in JSONL), for progress."""
    if path.is_dir():
        return sum(1 for _ in _article_files(path))
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def read_records(path: Path, *, max_bytes: int) -> Iterator[ArticleRecord | RecordError]:
    """Yield the records of a folder of article files or of a JSONL file, or raise InputError when the
    path itself cannot be read as either."""
    if path.is_dir():
        return _folder_records(path, max_bytes)
    if not path.is_file():
        raise InputError(f"{path}: no such file or folder: check the path")
    return _jsonl_records(path, max_bytes)


def _article_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith("."):
            yield path


def _folder_records(folder: Path, max_bytes: int) -> Iterator[ArticleRecord | RecordError]:
    for path in _article_files(folder):
        try:
            article = read_article_file(path, max_bytes=max_bytes)
        except InputError as e:
            yield RecordError(str(path), str(e).removeprefix(f"{path}: "))
            continue
        yield ArticleRecord(
            origin=str(path),
            text=article.text,
            title=article.title,
            url=article.url,
            authors=(article.author,) if article.author else (),
            published=article.published,
            damage=article.damage,
        )


def _jsonl_records(path: Path, max_bytes: int) -> Iterator[ArticleRecord | RecordError]:
    try:
        handle = path.open("r", encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror}): check the path and its permissions") from e
    with handle:
        parsed_any = False
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                item = _parse_line(line, f"{path}:{number}", max_bytes)
                if isinstance(item, RecordError) and not parsed_any and number <= 1:
                    raise InputError(f"{path} is not JSONL (line 1: {item.message}): give one JSON object per line")
                parsed_any = True
                yield item
        except UnicodeDecodeError as e:
            raise InputError(f"{path} is not UTF-8 text: JSONL must be UTF-8") from e
        if not parsed_any:
            raise InputError(f"{path} is empty: give one JSON object per line")


def _parse_line(line: str, origin: str, max_bytes: int) -> ArticleRecord | RecordError:
    # A record is its text and a few short fields: a line far longer than the text limit is refused unread.
    if len(line) > max_bytes + 100_000:
        return RecordError(origin, f"record larger than {max_bytes:,} bytes: shorten its text (or raise --max-size)")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as e:
        return RecordError(origin, f"invalid JSON ({e.msg} at character {e.pos + 1})")
    except RecursionError:
        return RecordError(origin, "invalid JSON (nested too deeply): give one flat JSON object per line")
    except ValueError as e:  # an integer of thousands of digits
        return RecordError(origin, f"invalid JSON ({e})")
    if not isinstance(data, dict):
        return RecordError(origin, "not a JSON object")
    problem = _field_problem(data, max_bytes)
    if problem:
        return RecordError(origin, problem)
    text = data["text"]
    fields = {name: _string(data.get(name)) for name in RECORD_FIELDS if name not in ("text", "author")}
    return ArticleRecord(
        origin=origin,
        text=normalize_text(text),
        authors=_authors(data.get("author")),
        damage=find_damage(text),
        unknown_fields=tuple(sorted(set(data) - set(RECORD_FIELDS))),
        **fields,
    )


def _field_problem(data: dict[str, Any], max_bytes: int) -> str | None:
    """Return what is wrong with a record's fields, or None: each must be text (a number is read as text),
    ``author`` may be a list of them, and no string may hold a lone surrogate (it cannot be stored)."""
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        return "no 'text' field (required)"
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return f"'text' is larger than {max_bytes:,} bytes: shorten it (or raise --max-size)"
    for name in RECORD_FIELDS:
        value = data.get(name)
        values = value if name == "author" and isinstance(value, list) else [value]
        for item in values:
            if item is not None and (isinstance(item, bool) or not isinstance(item, str | int | float)):
                return f"field {name!r} must be text, not {type(item).__name__}"
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return f"field {name!r} holds a lone surrogate (an escape like \\ud800): fix its encoding"
    return None


def _string(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    text = _string(value)
    return (text,) if text else ()


@dataclass(frozen=True)
class _Prepared:
    record: ArticleRecord
    hash: str
    row: dict[str, Any]
    outlet: Outlet | None


@dataclass(frozen=True)
class ImportOptions:
    """What applies to every record of an import."""

    outlet: str | None = None
    create_missing: bool = False
    strict: bool = False
    detect: bool = True
    chunk_size: int = IMPORT_CHUNK
    # Fingerprinting for `match` costs more than the rest of an import; by default it is left to
    # `provenance reindex`, as embeddings are, so that bulk loads keep their speed.
    index: bool = False
    workers: int = 0
    """Processes that read the texts' languages and credits (``TextReader``): 0 one per core, 1 this one."""


def import_records(
    session: Session,
    items: Iterable[ArticleRecord | RecordError],
    options: ImportOptions,
    *,
    advance: Callable[[int], None] = lambda _: None,
    checkpoint: Callable[[], None] = lambda: None,
) -> ImportSummary:
    """Import ``items`` chunk by chunk; after each chunk call ``checkpoint`` (the caller's ``session.commit``)
    and ``advance`` with its size. Return the summary of what the committed chunks did.

    Bad records are added to ``summary.errors`` and skipped, unless ``options.strict``, which raises
    InputError at the first. A chunk that loses a race to another writer (an outlet, person or text
    recorded meanwhile) is rolled back and run again, and then finds what the other wrote.
    """
    summary = ImportSummary()
    with TextReader(options.workers) as reader:
        run = _Run(options, reader)
        for chunk in _reading_ahead(batched(items, options.chunk_size), run):
            summary.add(_import_chunk_retrying(session, chunk, run, checkpoint))
            advance(len(chunk.items))
    return summary


@dataclass(frozen=True)
class _Run:
    """What every chunk of one import shares: its options and the reader of its texts."""

    options: ImportOptions
    reader: TextReader


@dataclass(frozen=True)
class _Chunk:
    """One chunk of an import: its items, the records among them split into title and body, and the
    languages of the bodies (being read by the workers while the chunk before is written)."""

    items: Sequence[ArticleRecord | RecordError]
    records: list[ArticleRecord]
    split: list[tuple[str | None, str]]
    languages: Pending[LanguageGuess] | None

    @classmethod
    def start(cls, items: Sequence[ArticleRecord | RecordError], run: _Run) -> _Chunk:
        """The chunk of ``items``, its languages begun on the reader (unless detection is off)."""
        records = [item for item in items if isinstance(item, ArticleRecord)]
        split = [split_title_body(record.text, record.title) for record in records]
        detect = run.options.detect
        return cls(items, records, split, run.reader.languages_soon([b for _, b in split]) if detect else None)


def _reading_ahead(chunks: Iterator[list[ArticleRecord | RecordError]], run: _Run) -> Iterator[_Chunk]:
    """Each chunk once the next one is read and its languages begun, so that the workers read while this
    process writes; the chunk read is still imported when reading the next one fails (a file not UTF-8)."""
    waiting: _Chunk | None = None
    while True:
        try:
            items = next(chunks, None)
        except InputError:
            if waiting is not None:
                yield waiting
            raise
        if items is None:
            break
        chunk = _Chunk.start(items, run)
        if waiting is not None:
            yield waiting
        waiting = chunk
    if waiting is not None:
        yield waiting


def _import_chunk_retrying(
    session: Session,
    chunk: _Chunk,
    run: _Run,
    checkpoint: Callable[[], None],
) -> ImportSummary:
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        part = ImportSummary()
        try:
            _import_chunk(session, chunk, run, part)
            checkpoint()
            return part
        except (OperationalError, SQLAlchemyDatabaseError) as e:
            session.rollback()
            if not lost_race(e) or attempt == WRITE_ATTEMPTS:
                raise
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("not reached")


def _import_chunk(session: Session, chunk: _Chunk, run: _Run, summary: ImportSummary) -> None:
    options = run.options
    summary.read += len(chunk.items)
    records = chunk.records
    for item in chunk.items:
        if isinstance(item, RecordError):
            _fail(summary, item, options)
        elif item.unknown_fields:
            summary.warnings.append(f"{item.origin}: unknown field(s) not imported: {', '.join(item.unknown_fields)}")
    outlets = _chunk_outlets(session, records, options)
    prepared = _prepare(chunk, outlets, run, summary)
    recorded = _drop_recorded(session, prepared, summary)
    new, unlinked = recorded.new, recorded.unlinked
    claims = _start_claims(session, new, run) if new else None  # read on the workers while the versions are written
    ids = _insert_versions(session, new) if new else []
    if options.index and ids:
        summary.indexed += index_versions(session, ids)
    summary.added += len(ids)
    summary.added_ids.extend(ids)
    if claims is not None:
        _insert_authors(session, new, ids, run, summary)
        _insert_claims(session, ids, claims)
    # Records recorded by an earlier run whose source was not recorded then are linked once it is.
    summary.linked += _link_sources(session, [*zip(new, ids, strict=True), *unlinked], summary)
    summary.linked += _link_copies(session, list(zip(new, ids, strict=True)), recorded.copies, summary)
    summary.linked += _link_revisions(session, list(zip(new, ids, strict=True)))


def _fail(summary: ImportSummary, error: RecordError, options: ImportOptions) -> None:
    if options.strict:
        raise InputError(f"{error.origin}: {error.message} (stopped by --strict)")
    summary.errors.append(error)


def _chunk_outlets(session: Session, records: Sequence[ArticleRecord], options: ImportOptions) -> dict[str, Outlet]:
    """The outlets the records name, keyed by name; a record naming none is keyed by its address's host."""
    names = {r.outlet or options.outlet for r in records} - {None}
    found = agents.find_outlets(session, [n for n in names if n])
    if options.create_missing:
        for name in sorted(n for n in names if n and n not in found):
            found[name] = agents.get_or_add_outlet(session, name, looked_up=True)
    hosts = {host for r in records if not (r.outlet or options.outlet) and (host := domain_of(r.url or ""))}
    # an unknown host is no outlet to invent for a bare record: only the gazetteer's are created
    found.update(agents.outlets_by_address(session, sorted(hosts), create=options.create_missing, unknown=False))
    return found


def _prepare(chunk: _Chunk, outlets: dict[str, Outlet], run: _Run, summary: ImportSummary) -> list[_Prepared]:
    guesses = chunk.languages.result() if chunk.languages else [None] * len(chunk.records)
    prepared = []
    for record, (title, _), guess in zip(chunk.records, chunk.split, guesses, strict=True):
        try:
            prepared.append(_prepared(record, title, guess, outlets, run.options))
        except ProvenanceError as e:
            _fail(summary, RecordError(record.origin, str(e)), run.options)
    return prepared


def _prepared(
    record: ArticleRecord,
    title: str | None,
    guess: LanguageGuess | None,
    outlets: dict[str, Outlet],
    options: ImportOptions,
) -> _Prepared:
    outlet_name = record.outlet or options.outlet
    outlet = outlets.get(outlet_name) if outlet_name else outlets.get(domain_of(record.url or "") or "")
    if outlet_name and outlet is None:
        raise InputError(f"no outlet named {outlet_name!r}: add it first or pass --create-missing")
    if record.kind and record.kind not in DERIVATION_KINDS:
        raise InputError(f"unknown kind {record.kind!r}: use one of {', '.join(DERIVATION_KINDS)}")
    text = already_normal(record.text)
    check_article_text(text.text)
    fields = NewVersion(
        title=title,
        language=validate_language(record.language) or (guess.code if guess else None),
        detected_language=guess.code if guess else None,
        language_probability=guess.probability if guess and guess.code else None,
        url=record.url,
        published=record.published,
        damage=record.damage,
        source_name=record.origin,
    )
    row = version_row(fields, text, outlet.id if outlet else None)
    validate_url(record.source_url)
    return _Prepared(record, text.hash, row, outlet)


@dataclass
class _Recorded:
    """What one chunk finds recorded: versions already there, and copies of new texts elsewhere."""

    new: list[_Prepared]
    unlinked: list[tuple[_Prepared, int]]
    copies: dict[str, list[Copy]]


def _drop_recorded(session: Session, prepared: Sequence[_Prepared], summary: ImportSummary) -> _Recorded:
    """Split the chunk, in one look-up, into the records that are new versions (``is_same_sighting``) and
    those recorded already; keep the recorded ones that name a ``source_url`` but have no recorded source yet
    (with their version id), and the recorded copies of each new text at other outlets or addresses."""
    hashes = {p.hash for p in prepared}
    has_source = has_recorded_source()
    recorded: dict[str, list[tuple[int, int | None, str | None, Any, bool]]] = {}
    query = select(Version.content_hash, Version.id, Version.outlet_id, Version.url, Version.published_at, has_source)
    for digest, vid, outlet_id, url, published, linked in session.execute(
        query.where(Version.content_hash.in_(hashes)).order_by(Version.id)
    ):
        recorded.setdefault(str(digest), []).append((vid, outlet_id, url, published, linked))
    new: list[_Prepared] = []
    unlinked: list[tuple[_Prepared, int]] = []
    for item in prepared:
        outlet_id, url = item.row["outlet_id"], item.row["url"]
        found = next((r for r in recorded.get(item.hash, []) if is_same_sighting(r[1], r[2], outlet_id, url)), None)
        repeated = any(
            n.hash == item.hash and is_same_sighting(n.row["outlet_id"], n.row["url"], outlet_id, url) for n in new
        )
        if found is None and not repeated:
            new.append(item)
            continue
        summary.existing += 1
        if found and item.record.source_url and not found[4]:
            unlinked.append((item, found[0]))
    copies = {h: [Copy(r[0], r[3], r[4]) for r in rows] for h, rows in recorded.items()}
    return _Recorded(new, unlinked, copies)


def _link_copies(
    session: Session, versions: Sequence[tuple[_Prepared, int]], copies: dict[str, list[Copy]], summary: ImportSummary
) -> int:
    """Link each new version that names no ``source_url`` to the copies of its text as ``copy_order`` orders
    them by date (recorded copies, and those earlier in the chunk); unordered copies are left to the user."""
    links: list[dict[str, Any]] = []
    seen: dict[str, list[Copy]] = {h: list(c) for h, c in copies.items()}
    for item, vid in versions:
        published = item.row["published_at"]
        order = copy_order(published, seen.get(item.hash, [])) if not item.record.source_url else CopyOrder()
        if order.source is not None:
            links.append(_copy_link(vid, order.source.id, order.source.published_at))
        links += [_copy_link(c.id, vid, published) for c in order.derived]
        if order.unordered and order.source is None and not order.derived:
            summary.warnings.append(
                f"{item.record.origin}: the same text is recorded as version(s) "
                f"{', '.join(str(c.id) for c in order.unordered)}; no dates order them: link with `provenance link`"
            )
        seen.setdefault(item.hash, []).append(Copy(vid, published, order.source is not None))
    if links:
        session.execute(insert(Derivation), links)
        join_works(session, [(link["derived_id"], link["source_id"]) for link in links])
    return len(links)


def _copy_link(derived_id: int, source_id: int, source_published: Any) -> dict[str, Any]:
    return {
        "derived_id": derived_id, "source_id": source_id, "kind": "republication",
        "evidence": copy_evidence(source_id, source_published), "confidence": 0.9, "recorded_by": "provenance import",
        "translator_person_id": None, "agent_outlet_id": None,
    }  # fmt: skip


def _insert_versions(session: Session, new: Sequence[_Prepared]) -> list[int]:
    work_ids = session.scalars(insert(Work).returning(Work.id, sort_by_parameter_order=True), [{} for _ in new]).all()
    rows = [{**item.row, "work_id": work_id} for item, work_id in zip(new, work_ids, strict=True)]
    return list(session.scalars(insert(Version).returning(Version.id, sort_by_parameter_order=True), rows).all())


def _start_claims(session: Session, new: Sequence[_Prepared], run: _Run) -> Pending[list[ExtractedClaim]]:
    """Begin reading the credits of the new versions' texts, each with its publisher, the outlets the database
    records extending the gazetteer."""
    publishers = agents.publishers(session, {item.outlet.id for item in new if item.outlet})
    texts = [(item.record.text, publishers.get(item.outlet.id) if item.outlet else None) for item in new]
    return run.reader.claims_soon(texts, agents.recorded_as_known(session))


def _insert_authors(
    session: Session, new: Sequence[_Prepared], ids: Sequence[int], run: _Run, summary: ImportSummary
) -> None:
    author_names = {name for item in new for name in item.record.authors}
    people = _people(session, author_names, run.options.create_missing, summary)
    author_rows = [
        {"version_id": vid, "person_id": people[name].id}
        for item, vid in zip(new, ids, strict=True)
        for name in dict.fromkeys(item.record.authors)
        if name in people
    ]
    if author_rows:
        session.execute(insert(version_authors), _unique_rows(author_rows))


def _insert_claims(session: Session, ids: Sequence[int], read: Pending[list[ExtractedClaim]]) -> None:
    claims = [(vid, claim) for vid, found in zip(ids, read.result(), strict=True) for claim in found]
    if not claims:
        return
    names = {c.name for _, c in claims}
    outlets, found_people = agents.find_outlets(session, names), agents.find_people(session, names)
    session.execute(
        insert(Claim),
        [
            {
                "version_id": vid,
                "kind": c.kind,
                "name": c.name,
                "text": c.text,
                "position": c.position,
                "line": c.line,
                "confidence": c.confidence,
                "url": c.url,
                "possible_sign_off_of": c.possible_sign_off_of,
                "note": c.note,
                "outlet_id": outlet.id if outlet else None,
                "person_id": person.id if person else None,
            }
            for vid, c in claims
            for outlet, person in [agents.claim_resolution(c.kind, c.name, outlets, found_people)]
        ],
    )


def _unique_rows(rows: list[dict[str, int]]) -> list[dict[str, int]]:
    return [dict(pair) for pair in dict.fromkeys(tuple(sorted(r.items())) for r in rows)]


def _people(session: Session, names: set[str], create_missing: bool, summary: ImportSummary) -> dict[str, Person]:
    found = agents.find_people(session, names)
    for name in sorted(names - set(found)):
        if create_missing:
            found[name] = agents.get_or_add_person(session, name, looked_up=True)
        else:
            summary.warnings.append(f"author {name!r} is not recorded: not attached (use --create-missing)")
    return found


def _link_revisions(session: Session, versions: Sequence[tuple[_Prepared, int]]) -> int:
    """Link each new version at an address already recorded with another text (before it, or earlier in the
    chunk) as a revision of the newest one there, as ``log`` does: one query for the chunk."""
    at_url = [(item, vid) for item, vid in versions if item.row["url"]]
    if not at_url:
        return 0
    newest: dict[str, tuple[int, int | None, str | None]] = {}
    for chunk in batched(sorted({item.row["url"] for item, _ in at_url})):
        for url, vid, outlet_id, digest in session.execute(
            select(Version.url, Version.id, Version.outlet_id, Version.content_hash)
            .where(Version.url.in_(chunk), Version.id < min(vid for _, vid in at_url))
            .order_by(Version.id)
        ):
            newest[str(url)] = (vid, outlet_id, digest)
    links: list[dict[str, Any]] = []
    for item, vid in at_url:
        url, outlet_id = item.row["url"], item.row["outlet_id"]
        before = newest.get(url)
        same_outlet = before is not None and (before[1] is None or outlet_id is None or before[1] == outlet_id)
        if before is not None and same_outlet and before[2] != item.hash:
            links.append(
                {"derived_id": vid, "source_id": before[0], "kind": "revision", "evidence": f"a new text at {url}",
                 "confidence": 1.0, "recorded_by": "provenance import"}
            )  # fmt: skip
        newest[url] = (vid, outlet_id, item.hash)
    if links:
        session.execute(insert(Derivation), links)
        join_works(session, [(link["derived_id"], link["source_id"]) for link in links])
    return len(links)


def _link_sources(session: Session, versions: Sequence[tuple[_Prepared, int]], summary: ImportSummary) -> int:
    """Link each version whose record names a ``source_url`` to the version recorded at that URL."""
    wanted = [(item, vid) for item, vid in versions if item.record.source_url]
    if not wanted:
        return 0
    urls = {item.record.source_url for item, _ in wanted}
    sources = {
        url: (vid, work_id, language)
        for url, vid, work_id, language in session.execute(
            select(Version.url, Version.id, Version.work_id, Version.language)
            .where(Version.url.in_(urls))
            .order_by(Version.id.desc())
        )
    }
    translators = agents.find_agents(session, {item.record.translator for item, _ in wanted if item.record.translator})
    links: list[dict[str, Any]] = []
    for item, vid in wanted:
        source = sources.get(item.record.source_url or "")
        if source is None or source[0] == vid:
            summary.warnings.append(f"{item.record.origin}: source_url {item.record.source_url} is not recorded")
            continue
        agent = translators.get(item.record.translator or "")
        kind = item.record.kind or ("translation" if source[2] != item.row["language"] else "republication")
        links.append(
            {
                "derived_id": vid,
                "source_id": source[0],
                "kind": kind,
                "translator_person_id": agent.id if isinstance(agent, Person) else None,
                "agent_outlet_id": agent.id if isinstance(agent, Outlet) else None,
                "evidence": f"source_url {item.record.source_url}",
                "confidence": 1.0,
                "recorded_by": "provenance import",
            }
        )
    if links:
        session.execute(insert(Derivation), links)
        join_works(session, [(link["derived_id"], link["source_id"]) for link in links])
    return len(links)


def import_path(
    session: Session,
    path: Path,
    options: ImportOptions,
    *,
    max_bytes: int,
    advance: Callable[[int], None] = lambda _: None,
    checkpoint: Callable[[], None] = lambda: None,
) -> ImportSummary:
    """Import a folder or JSONL file chunk by chunk: after each chunk call ``checkpoint`` (the caller's
    ``session.commit``, as ``reindex`` takes it) and ``advance`` with the chunk's size.

    With commits as checkpoints a batch survives an interruption chunk by chunk: a failure rolls back
    the chunk in flight only, and a rerun skips what was committed.
    """
    items = read_records(path, max_bytes=max_bytes)
    summary = import_records(session, items, options, advance=advance, checkpoint=checkpoint)
    if summary.added >= ANALYZE_AFTER:
        refresh_statistics(session)
        checkpoint()
    return summary


def guess_format(path: Path, requested: str = "auto") -> str:
    """Return the import format of ``path``: ``folder``, ``jsonl`` or ``prov-json``."""
    if requested not in ("auto", "folder", "jsonl", "prov-json"):
        raise InputError(f"unknown import format {requested!r}: use auto, folder, jsonl or prov-json")
    if requested != "auto":
        return requested
    if path.is_dir():
        return "folder"
    if not path.exists():
        raise InputError(f"{path}: no such file or folder: check the path")
    if path.suffix.lower() in (".provn", ".provjson") or path.name.lower().endswith(".prov.json"):
        return "prov-json"
    if path.suffix.lower() == ".json" and _looks_like_prov(path):
        return "prov-json"
    return "jsonl"


def _looks_like_prov(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(4096)
    return head.lstrip().startswith(b"{") and any(k in head for k in (b'"prefix"', b'"entity"', b'"wasDerivedFrom"'))


def import_record(summary: ImportSummary) -> dict[str, Any]:
    """Return an import's summary as a JSON-ready dict."""
    return {
        "read": summary.read,
        "added": summary.added,
        "existing": summary.existing,
        "linked": summary.linked,
        "indexed": summary.indexed,
        "embedded": 0,
        "errors": [{"origin": e.origin, "message": e.message} for e in summary.errors],
        "warnings": summary.warnings,
    }
