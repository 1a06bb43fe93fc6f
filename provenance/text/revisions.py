"""What changed between two revisions of a text: sentences added and removed, numbers and names changed.

Pure text analysis: the audit quotes it as the evidence of a stale translation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?…»”\"])\s+|\n+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
MOST_SHOWN = 10
"""At most this many sentences, numbers or names of each kind are listed; the counts cover all."""


@dataclass(frozen=True)
class TextChanges:
    """How a newer revision differs from an older one."""

    sentences_added: tuple[str, ...]
    sentences_removed: tuple[str, ...]
    added_count: int
    removed_count: int
    numbers_added: tuple[str, ...]
    numbers_removed: tuple[str, ...]
    names_added: tuple[str, ...]
    names_removed: tuple[str, ...]
    old_count: int = 0
    """Sentences in the older text (none: it was not recorded)."""

    @property
    def changed(self) -> bool:
        """True when any sentence differs."""
        return bool(self.added_count or self.removed_count)

    def summary(self) -> str:
        """``2 sentences added, 1 removed; numbers 30 → 60; names added: Erdoğan``."""
        parts = [f"{self.added_count} sentence(s) added, {self.removed_count} removed"]
        if self.numbers_removed or self.numbers_added:
            parts.append(f"numbers {', '.join(self.numbers_removed) or '–'} → {', '.join(self.numbers_added) or '–'}")
        if self.names_added:
            parts.append(f"names added: {', '.join(self.names_added)}")
        if self.names_removed:
            parts.append(f"names removed: {', '.join(self.names_removed)}")
        return "; ".join(parts)


def sentences(text: str) -> list[str]:
    """Split a text into sentences (at end punctuation followed by space, and at line breaks)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _names(sentence_list: list[str]) -> Counter[str]:
    """Capitalized words that do not open their sentence: names, as far as capitals tell."""
    found: Counter[str] = Counter()
    for sentence in sentence_list:
        words = _WORD.findall(sentence)
        found.update(w for w in words[1:] if w[:1].isupper())
    return found


def compare_texts(old: str, new: str) -> TextChanges:
    """Return what ``new`` changed of ``old``: sentences (compared with their spacing normalized), numbers and
    names, each as a multiset difference."""
    old_sentences, new_sentences = sentences(old), sentences(new)
    old_keys, new_keys = Counter(map(_key, old_sentences)), Counter(map(_key, new_sentences))
    added = [s for s in new_sentences if _key(s) not in old_keys]
    removed = [s for s in old_sentences if _key(s) not in new_keys]
    old_numbers, new_numbers = Counter(_NUMBER.findall(old)), Counter(_NUMBER.findall(new))
    old_names, new_names = _names(old_sentences), _names(new_sentences)
    return TextChanges(
        sentences_added=tuple(added[:MOST_SHOWN]),
        sentences_removed=tuple(removed[:MOST_SHOWN]),
        added_count=len(added),
        removed_count=len(removed),
        numbers_added=tuple(list((new_numbers - old_numbers).elements())[:MOST_SHOWN]),
        numbers_removed=tuple(list((old_numbers - new_numbers).elements())[:MOST_SHOWN]),
        names_added=tuple(sorted(new_names.keys() - old_names.keys())[:MOST_SHOWN]),
        names_removed=tuple(sorted(old_names.keys() - new_names.keys())[:MOST_SHOWN]),
        old_count=len(old_sentences),
    )


def _key(sentence: str) -> str:
    return " ".join(sentence.split()).casefold()
