"""Text normalization and the content hash: the one place that decides when two texts are the same."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Return ``text`` in canonical form: NFC, LF line ends, no BOM, single spaces, trimmed lines."""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of the normalized text (whitespace and case of line ends ignored)."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()
