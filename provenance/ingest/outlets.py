"""``provenance outlet import``: outlets from a CSV or JSON list (a gazetteer), added or merged into the record.

A row names an outlet and may give its aliases, domains, language and country. A row whose name, an alias or a
domain is already an outlet's extends that outlet (new aliases and domains, a language or country it lacked); any
other row becomes a new outlet. A row that names two recorded outlets, or is malformed, is reported with its line
and changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.errors import InputError, ProvenanceError
from provenance.ledger import agents
from provenance.limits import MAX_BYTES
from provenance.store.models import Outlet, OutletAlias, OutletDomain
from provenance.text.names import domain_of, normalize_name
from provenance.text.normalize import clean_label

_LIST = re.compile(r"\s*[;|]\s*")
COLUMNS = ("name", "aliases", "domains", "language", "country")


@dataclass(frozen=True)
class OutletRow:
    """One outlet as a gazetteer gives it, with the line it came from."""

    line: int
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    language: str | None = None
    country: str | None = None


@dataclass
class OutletImport:
    """What an import did: outlets created, extended (something added) and unchanged, and the rows refused."""

    created: int = 0
    extended: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def read_outlet_rows(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[OutletRow | str]:
    """Yield the rows of a CSV (a header naming ``name`` and any of aliases, domains, language, country; lists
    separated by ``;`` or ``|``), a JSON array or JSON lines of objects with those keys; a malformed row yields
    its error instead."""
    text = _read(path, max_bytes)
    stripped = text.lstrip()
    if stripped.startswith("[") or (stripped.startswith("{") and path.suffix.lower() != ".csv"):
        yield from _json_rows(stripped)
    else:
        yield from _csv_rows(text, path)


def _read(path: Path, max_bytes: int) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder: give a CSV or JSON file of outlets") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    if len(data) > max_bytes:
        raise InputError(f"{path} is {len(data)} bytes, more than {max_bytes}: split it or raise --max-size")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path} is not UTF-8 (byte {e.start}): save it as UTF-8") from None


def _csv_rows(text: str, path: Path) -> Iterator[OutletRow | str]:
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    if "name" not in header:
        raise InputError(f"{path}: the first line must name the columns, with at least 'name' ({', '.join(COLUMNS)})")
    reader.fieldnames = header
    for record in reader:
        yield _row(reader.line_num, {k: v for k, v in record.items() if k})


def _json_rows(text: str) -> Iterator[OutletRow | str]:
    try:
        items: Any = json.loads(text)
        lines = list(range(1, len(items) + 1)) if isinstance(items, list) else None
    except json.JSONDecodeError:
        items, lines = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
                lines.append(number)
            except json.JSONDecodeError as e:
                yield f"line {number}: not JSON ({e.msg})"
    if not isinstance(items, list) or lines is None:
        raise InputError("a JSON file of outlets must hold an array of objects, or one object per line")
    for number, item in zip(lines, items, strict=True):
        yield _row(number, item) if isinstance(item, dict) else f"item {number}: not an object"


def _row(line: int, record: dict[str, Any]) -> OutletRow | str:
    name = _text(record.get("name"))
    if not name or not normalize_name(name):
        return f"line {line}: no name"
    domains = _list(record.get("domains") or record.get("domain"))
    bad = [d for d in domains if domain_of(d) is None]
    if bad:
        return f"line {line}: {bad[0]!r} is not a domain (use the form telegraph.co.uk)"
    return OutletRow(
        line,
        name,
        tuple(a for a in _list(record.get("aliases") or record.get("alias")) if normalize_name(a)),
        tuple(dict.fromkeys(str(domain_of(d)) for d in domains)),
        _text(record.get("language")),
        _text(record.get("country")),
    )


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    parts = value if isinstance(value, list) else _LIST.split(str(value))
    return [str(p).strip() for p in parts if str(p).strip()]


def import_outlets(session: Session, path: Path, *, max_bytes: int = MAX_BYTES) -> OutletImport:
    """Add or extend an outlet for every row of ``path``; each row in a savepoint of its own, so a refused row
    leaves the others."""
    done = OutletImport()
    for row in read_outlet_rows(path, max_bytes=max_bytes):
        if isinstance(row, str):
            done.errors.append(row)
            continue
        try:
            with session.begin_nested():
                outcome = _apply(session, row)
        except ProvenanceError as e:
            done.errors.append(f"line {row.line}: {e}")
            continue
        setattr(done, outcome, getattr(done, outcome) + 1)
    return done


def _apply(session: Session, row: OutletRow) -> str:
    found = agents.find_outlets(session, [row.name, *row.aliases, *row.domains])
    matched = {o.id: o for o in found.values()}
    if len(matched) > 1:
        names = ", ".join(sorted(o.name for o in matched.values()))
        raise InputError(f"{row.name!r} names {len(matched)} recorded outlets ({names}): merge them first")
    if not matched:
        agents.add_outlet(
            session, row.name, domains=row.domains, aliases=row.aliases, language=row.language, country=row.country
        )
        return "created"
    return "extended" if _extend(session, next(iter(matched.values())), row) else "unchanged"


def _extend(session: Session, outlet: Outlet, row: OutletRow) -> bool:
    """Add what ``row`` knows of ``outlet`` and it lacks; return whether anything was added."""
    changed = False
    keys = {normalize_name(n) for n in (row.name, *row.aliases)}
    known_keys = {outlet.key, *session.scalars(select(OutletAlias.key).where(OutletAlias.key.in_(keys)))}
    for name in (row.name, *row.aliases):
        key = normalize_name(name)
        if key and key not in known_keys:
            session.add(OutletAlias(outlet_id=outlet.id, alias=clean_label(name), key=key))
            known_keys.add(key)
            changed = True
    taken = set(session.scalars(select(OutletDomain.domain).where(OutletDomain.domain.in_(row.domains))))
    for domain in row.domains:
        if domain not in taken:
            session.add(OutletDomain(outlet_id=outlet.id, domain=domain))
            changed = True
    if outlet.language is None and row.language:
        outlet.language = agents.validate_language(row.language)
        changed = True
    if outlet.country is None and row.country:
        outlet.country = row.country
        changed = True
    session.flush()
    return changed
