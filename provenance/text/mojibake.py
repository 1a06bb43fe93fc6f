"""Mojibake: UTF-8 text that was decoded with a Windows code page on its way, and its repair.

``Përkthimi`` shown as ``PĂ«rkthimi`` (cp1250) or ``PÃ«rkthimi`` (cp1252). Reading repairs a whole
file once; claim extraction reads the repaired lines and quotes the lines as they stand.
"""

from __future__ import annotations

import functools
import re

import ftfy
import ftfy.badness

_CODECS = ("cp1250", "cp1252")
_MANGLED_BOM = "\ufeff".encode().decode("cp1252")


def _pattern(codec: str) -> re.Pattern[str]:
    """Match UTF-8 sequences of Latin letters and punctuation shown as ``codec`` text.

    Only the lead bytes C2-C5 (Latin-1 and Latin Extended-A letters) and E2 (quotes,
    dashes, the euro sign) are looked for: other leads are ordinary letters in legitimate
    text far more often than they are mojibake.
    """

    def chars(values: range | tuple[int, ...]) -> str:
        decoded = bytes(values).decode(codec, errors="ignore")
        return re.escape(decoded)

    follow = f"[{chars(range(0x80, 0xC0))}]"
    return re.compile(f"[{chars(range(0xC2, 0xC6))}]{follow}|{chars((0xE2,))}{follow}{follow}")


_PATTERNS = {codec: _pattern(codec) for codec in _CODECS}
# The characters a sequence starts with: finding none by substring search spares the regex scans.
_LEADS = frozenset(bytes([lead]).decode(codec) for codec in _CODECS for lead in (0xC2, 0xC3, 0xC4, 0xC5, 0xE2))


def repair(text: str) -> tuple[str, bool]:
    """Return ``text`` with mojibake undone, and whether anything was changed.

    A text that is mojibake throughout (the WMT16 lingsoft files) is re-encoded whole, which is
    fast. Otherwise each damaged line is re-encoded whole when it can be, else its sequences
    (``Ă„`` for ``Ä``) are re-encoded one by one and ftfy undoes what still looks wrong. Line
    breaks are never added or removed.
    """
    fixed = text.removeprefix(_MANGLED_BOM)
    if first_sequence(fixed) is None:
        return fixed, fixed != text
    whole = _reencoded(fixed)
    if whole is not None:
        return whole, True
    lines = fixed.splitlines(keepends=True)
    fixed = "".join(_repaired_line(line) if first_sequence(line) else line for line in lines)
    return fixed, fixed != text


def _reencoded(text: str) -> str | None:
    """Return ``text`` decoded as the UTF-8 its code-page rendering hides, or None if it is not all mojibake."""
    for codec in _CODECS:
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return None


def _repaired_line(line: str) -> str:
    whole = _reencoded(line)
    if whole is not None:
        return whole
    # Lines mixing mojibake with clean letters (``hĂ¤net`` beside ``pidä``): undo each sequence, and
    # leave the rest to ftfy only if it still looks bad (ftfy is the slow part).
    fixed = line
    for codec, pattern in _PATTERNS.items():
        fixed = pattern.sub(functools.partial(_undo, codec=codec), fixed)
    return ftfy.fix_encoding(fixed) if ftfy.badness.is_bad(fixed) else fixed


def first_sequence(text: str) -> str | None:
    """Return the first mojibake sequence in ``text``, or None when it shows none."""
    if not any(lead in text for lead in _LEADS):
        return None
    for pattern in _PATTERNS.values():
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


def _undo(match: re.Match[str], codec: str) -> str:
    """Return the character whose UTF-8 bytes the matched text shows when decoded with ``codec``."""
    try:
        return match.group(0).encode(codec).decode("utf-8")
    except UnicodeError:
        return match.group(0)
