"""Aligning the passages two texts of one language share, with their character spans in both.

Text reuse in the manner of Passim: word n-grams occurring in both texts are the seeds; seeds that
follow one another in both texts, with gaps of a few words at most (an edit, a dropped clause), join
into one passage. What a passage covers is counted in words of each text, so that a word-for-word
republication covers (nearly) all of both, an excerpt covers part of its source and most of itself,
and two reports of the same event in their own words share no passage at all. Pure text work.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

SEED_WORDS = 5
"""Words in a seed: five words in a row in both texts are rarely a coincidence of phrasing."""
MAX_GAP = 8
"""Words a passage may skip in either text between two seeds (an edited phrase) and stay one passage."""
MIN_PASSAGE_WORDS = 12
"""Aligned words a passage needs to count: shorter runs are set phrases, not reuse."""
MAX_SEED_REPEATS = 4
"""An n-gram more frequent than this in the source (a refrain, a list) seeds nothing."""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Words:
    """A text cut into words: each word's folded form and its character span."""

    keys: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Words:
        """Cut ``text`` into words, folded for comparison (case and nothing else: the texts share a language)."""
        found = list(_WORD.finditer(text))
        return cls(
            tuple(m.group().casefold() for m in found), tuple(m.start() for m in found), tuple(m.end() for m in found)
        )

    def __len__(self) -> int:
        return len(self.keys)

    @cached_property
    def seeds(self) -> dict[tuple[str, ...], list[int]]:
        """The positions of each n-gram of SEED_WORDS words."""
        found: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(self.keys) - SEED_WORDS + 1):
            found[self.keys[i : i + SEED_WORDS]].append(i)
        return found


@dataclass(frozen=True)
class Passage:
    """One stretch of text both carry: character spans ``[start, end)`` in the source and the derived text,
    and the words aligned in each."""

    source_start: int
    source_end: int
    derived_start: int
    derived_end: int
    words: int


@dataclass(frozen=True)
class Alignment:
    """The passages two texts share, and what share of each text's words they cover (0–1)."""

    passages: tuple[Passage, ...]
    source_share: float
    derived_share: float

    @property
    def shared(self) -> bool:
        """Whether the texts share at least one passage."""
        return bool(self.passages)


NOTHING_SHARED = Alignment((), 0.0, 0.0)
"""The alignment of two texts that share no passage."""


@dataclass
class _Run:
    """A passage being built: its seed positions in both texts."""

    source: list[int]
    derived: list[int]

    def takes(self, i: int, j: int) -> bool:
        last_i, last_j = self.source[-1], self.derived[-1]
        return last_i < i <= last_i + SEED_WORDS + MAX_GAP and last_j < j <= last_j + SEED_WORDS + MAX_GAP

    def drift(self, j: int) -> Callable[[int], int]:
        """How far a seed at source position ``i`` (derived ``j``) strays from the run's diagonal."""
        return lambda i: abs((i - self.source[-1]) - (j - self.derived[-1]))


def align(source: str | Words, derived: str | Words) -> Alignment:
    """Return the passages ``derived`` shares with ``source``, in the derived text's order.

    Each passage is monotone (its words come in the same order in both texts); a text that reorders
    paragraphs gives one passage per paragraph. Either text may be given already cut (``Words.of``),
    so that a text aligned with many others is cut once.
    """
    a = source if isinstance(source, Words) else Words.of(source)
    b = derived if isinstance(derived, Words) else Words.of(derived)
    runs: list[_Run] = []
    open_runs: list[_Run] = []
    for j in range(len(b) - SEED_WORDS + 1):
        positions = a.seeds.get(b.keys[j : j + SEED_WORDS])
        if not positions or len(positions) > MAX_SEED_REPEATS:
            continue
        open_runs = [r for r in open_runs if j <= r.derived[-1] + SEED_WORDS + MAX_GAP]
        extended = set()
        for run in open_runs:
            on_diagonal = run.source[-1] + j - run.derived[-1]  # the common case: the copy goes on word for word
            if on_diagonal in positions:
                i = on_diagonal
            else:
                fitting = [i for i in positions if run.takes(i, j)]
                if not fitting:
                    continue
                i = min(fitting, key=run.drift(j))
            run.source.append(i)
            run.derived.append(j)
            extended.add(i)
        for i in positions:
            if i not in extended:
                run = _Run([i], [j])
                runs.append(run)
                open_runs.append(run)
    found = sorted((_passage(r, a, b) for r in runs), key=lambda p: -p.words)
    passages: list[Passage] = []
    for p in found:
        if p.words >= MIN_PASSAGE_WORDS and not any(_within(p, longer) for longer in passages):
            passages.append(p)
    passages.sort(key=lambda p: (p.derived_start, p.source_start))
    return Alignment(
        tuple(passages),
        _share([(p.source_start, p.source_end) for p in passages], a),
        _share([(p.derived_start, p.derived_end) for p in passages], b),
    )


def _passage(run: _Run, a: Words, b: Words) -> Passage:
    first_i, last_i = run.source[0], run.source[-1] + SEED_WORDS - 1
    first_j, last_j = run.derived[0], run.derived[-1] + SEED_WORDS - 1
    words = len({k for i in run.source for k in range(i, i + SEED_WORDS)})
    return Passage(a.starts[first_i], a.ends[last_i], b.starts[first_j], b.ends[last_j], words)


def _within(p: Passage, longer: Passage) -> bool:
    """Whether ``p`` lies inside ``longer`` in both texts: a repeated phrase aligned to its other occurrence."""
    return (
        longer.source_start <= p.source_start
        and p.source_end <= longer.source_end
        and longer.derived_start <= p.derived_start
        and p.derived_end <= longer.derived_end
    )


def _share(spans: Sequence[tuple[int, int]], words: Words) -> float:
    """Return the share of ``words`` inside the character ``spans`` (overlapping spans counted once)."""
    if not len(words):
        return 0.0
    covered = 0
    for start, end in _merged(spans):
        covered += _index_at_or_after(words.starts, end) - _index_at_or_after(words.starts, start)
    return round(covered / len(words), 4)


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _index_at_or_after(starts: Sequence[int], offset: int) -> int:
    return bisect_left(starts, offset)
