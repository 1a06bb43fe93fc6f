"""Logging found articles: reading them, detecting their language, extracting and resolving their
claims, and recording the version; one at a time or in batches."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from provenance.errors import InputError
from provenance.language import detect_language
from provenance.models import Version
from provenance.reading import ReadArticle, read_article, read_article_file
from provenance.versions import NewVersion, add_version

MAX_BYTES = 5_000_000


def read_input(path: Path, *, max_bytes: int = MAX_BYTES) -> ReadArticle:
    """Read an article from a file, or from stdin when ``path`` is ``-``."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return read_article(data, source_name="<stdin>", max_bytes=max_bytes)
    return read_article_file(path, max_bytes=max_bytes)


def with_text(fields: NewVersion, article: ReadArticle, source_name: str) -> NewVersion:
    """Return ``fields`` completed from what was read: text, detected language, damage, and any
    metadata (title, URL, date) the user did not give."""
    guess = detect_language(article.body)
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


def add_article(
    session: Session, fields: NewVersion, text_file: Path | None, *, max_bytes: int = MAX_BYTES
) -> tuple[Version, bool]:
    """Record a version from ``fields`` and, when given, the text in ``text_file`` (``-``: stdin).

    Returns the version and whether it is new (the same text already recorded is returned as is).
    """
    if text_file is not None:
        fields = with_text(fields, read_input(text_file, max_bytes=max_bytes), _display_name(text_file))
    elif fields.text is None and not (fields.title or fields.url):
        raise InputError("nothing to record: give --text-file, --title or --url")
    return add_version(session, fields)


def _display_name(path: Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)
