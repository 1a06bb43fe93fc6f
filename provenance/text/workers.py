"""Reading many texts on every core: language detection and claim reading of a batch.

Both are pure functions of a text and the larger part of an import's cost (about three quarters on
news articles of a few kilobytes), so a batch is read by a pool of processes while the database work
stays in the caller's process. Small batches are read in the caller's process: starting workers costs
more than it saves below ``MIN_PARALLEL`` texts.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from itertools import chain
from types import TracebackType
from typing import Generic, TypeVar

from provenance.text.claims import ExtractedClaim, Publisher, extract_claims
from provenance.text.gazetteer import KnownOutlet, also_knowing
from provenance.text.language import LanguageGuess, detect_language

MIN_PARALLEL = 64
"""The fewest texts a batch needs to be read by the pool rather than in the caller's process."""

SLICES_PER_WORKER = 4
"""Each batch is cut into this many slices per worker, so that one slow slice leaves no core idle long."""

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class TextReader:
    """Reads the languages and credits of batches of texts, in ``workers`` processes (0: one per core; 1: all in
    this process).

    Use it as a context manager: the workers start at the first batch large enough to need them and
    stop when the block ends.
    """

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers if workers > 0 else available_cores()
        self._pool: Executor | None = None

    def __enter__(self) -> TextReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is not None:
            # Waiting even when interrupted: the texts in hand are a chunk's at most, and a pool left running at
            # exit has CPython's exit hook write to its closed wake-up pipe ("OSError: [Errno 9] Bad file
            # descriptor" after the interruption's message).
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def languages(self, bodies: Sequence[str]) -> list[LanguageGuess]:
        """``detect_language`` of each body, in order."""
        return self.languages_soon(bodies).result()

    def languages_soon(self, bodies: Sequence[str]) -> Pending[LanguageGuess]:
        """``detect_language`` of each body, begun now on the workers and gathered by ``result()``, so that the
        caller's own work (writing the batch before) runs meanwhile. Read in this process, it runs at ``result()``."""
        return self._start(_languages_of, bodies)

    def claims(
        self, texts: Sequence[tuple[str, Publisher | None]], known: Sequence[KnownOutlet] = ()
    ) -> list[list[ExtractedClaim]]:
        """``extract_claims`` of each (text, publisher), in order, with the ``known`` outlets a database
        records extending the gazetteer (as ``also_knowing``)."""
        return self.claims_soon(texts, known).result()

    def claims_soon(
        self, texts: Sequence[tuple[str, Publisher | None]], known: Sequence[KnownOutlet] = ()
    ) -> Pending[list[ExtractedClaim]]:
        """``claims``, begun now on the workers and gathered by ``result()`` (as ``languages_soon``)."""
        return self._start(_ClaimsOf(tuple(known)), texts)

    def _start(self, read: Callable[[Sequence[_Item]], list[_Result]], items: Sequence[_Item]) -> Pending[_Result]:
        if self.workers == 1 or len(items) < MIN_PARALLEL:
            return Pending(lambda: read(items))
        futures = [self._workers().submit(read, part) for part in _slices(items, self.workers * SLICES_PER_WORKER)]
        return Pending(lambda: list(chain.from_iterable(future.result() for future in futures)))

    def _workers(self) -> Executor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_ignore_interruptions)
        return self._pool


class Pending(Generic[_Result]):
    """Results of a batch being read: ``result()`` waits for them (the first time) and returns them in order."""

    def __init__(self, gather: Callable[[], list[_Result]]) -> None:
        self._gather: Callable[[], list[_Result]] | None = gather
        self._results: list[_Result] = []

    def result(self) -> list[_Result]:
        """The results, in the order of the batch."""
        if self._gather is not None:
            self._results, self._gather = self._gather(), None
        return self._results


def _ignore_interruptions() -> None:
    # Ctrl-C reaches the whole process group: the importing process alone stops the work (it rolls back the chunk
    # in flight and shuts the pool down); a worker dying under it would leave the pool broken mid-chunk.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _languages_of(bodies: Sequence[str]) -> list[LanguageGuess]:
    return [detect_language(body) for body in bodies]


class _ClaimsOf:
    """The claims of a slice of texts, with a database's outlets known (a picklable callable)."""

    def __init__(self, known: tuple[KnownOutlet, ...]) -> None:
        self.known = known

    def __call__(self, texts: Sequence[tuple[str, Publisher | None]]) -> list[list[ExtractedClaim]]:
        with also_knowing(self.known):
            return [extract_claims(text, publisher) for text, publisher in texts]


def _slices(items: Sequence[_Item], count: int) -> Iterator[Sequence[_Item]]:
    size = -(-len(items) // count)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _context() -> multiprocessing.context.BaseContext:
    # Forked workers start at once with the loaded gazetteer and language profiles; where fork is not
    # offered (Windows) or not safe (macOS), the platform's default starts them afresh.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
