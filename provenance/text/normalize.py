"""Text normalization and the content hash: the one place that decides when two texts are the same."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

_SPACE_CHARS = r" \t\u00a0\u2000-\u200b\u202f\u205f\u3000"
# A run of two or more spacing characters, or one that is not a plain space: each becomes one space.
_SPACES = re.compile(rf"[{_SPACE_CHARS}]{{2,}}|[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_BLANK_LINES = re.compile(r"\n{3,}")
# Terminal escape sequences, then the characters that render as nothing but stop a credit line from being
# read (bidi overrides and isolates, marks, zero-width and format characters) or rewrite a terminal (C0 and
# C1 controls; tab, line feed and carriage return are whitespace and handled below).
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def visible(text: str) -> str:
    """Return ``text`` without terminal escapes and invisible control, bidi and format characters."""
    if not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub("", _ANSI.sub("", text))


def clean_label(text: str) -> str:
    """Return a name, alias or title as one clean line: visible characters, single spaces, trimmed."""
    return " ".join(visible(unicodedata.normalize("NFC", text)).split())


def normalize_text(text: str) -> str:
    """Return ``text`` in canonical form: NFC, LF line ends, single spaces, trimmed lines, and nothing invisible
    (no BOM, terminal escapes, control, bidi or zero-width format characters: ``visible``).

    Lines are neither added nor removed (only trailing blank lines go), so a claim's line number in
    the stored text is its line number in the file the user has.
    """
    text = visible(unicodedata.normalize("NFC", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Most texts are already single-spaced: two cheap searches spare the substitution of every space.
    if "  " in text or _ODD_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    return "\n".join([line.strip() for line in text.split("\n")]).rstrip()


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of the normalized text (spacing, blank-line runs and line ends ignored)."""
    return content_hash_of_normalized(normalize_text(text))


def content_hash_of_normalized(normalized: str) -> str:
    """Return ``content_hash`` of a text already returned by ``normalize_text``, without normalizing it again.

    Runs of blank lines and leading blank lines do not count: two copies that differ only in them
    are the same text.
    """
    if "\n\n\n" in normalized or normalized.startswith("\n"):
        normalized = _BLANK_LINES.sub("\n\n", normalized).lstrip("\n")
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NormalText:
    """A text in canonical form with its content hash, computed once and passed along."""

    text: str
    hash: str


def normal_text(raw: str) -> NormalText:
    """Return ``raw`` normalized (``normalize_text``) with its content hash."""
    return already_normal(normalize_text(raw))


def already_normal(normalized: str) -> NormalText:
    """Return a text already returned by ``normalize_text`` with its content hash, without normalizing it again."""
    return NormalText(normalized, content_hash_of_normalized(normalized))
