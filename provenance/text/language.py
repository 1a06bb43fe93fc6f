"""The language of an article body: langdetect's profiles, made deterministic and fast.

Detection reads only the first ``PREFIX_CHARS`` characters of the body (cut at a word
boundary). On the WMT16 English/Finnish news set a 512-character prefix is as accurate
as the full text (all 204 texts right, top probability 1.0 on each) while the cost of
langdetect grows with the text it reads; see ``docs/language.md`` and
``benchmarks/language_speed.py`` for the measurements behind the figure.

langdetect's own ``detect()`` seeds nothing (answers vary from run to run) and spends
most of its time in pure-Python loops over 55-language lists. ``_SeededDetector`` keeps
its algorithm (seven trials of randomly sampled character n-grams, each run until one
language passes 0.99999) and its profiles, but seeds every trial and does the
arithmetic with numpy, which makes one call several times cheaper.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
from dataclasses import dataclass

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.ngram import NGram

from provenance.text.south_slavic import refine

PREFIX_CHARS = 512
"""How much of the body is read: enough for every WMT16 text, a sixth of the time of 4 KB."""

MIN_LETTERS = 20
MIN_WORDS = 3
MIN_PROBABILITY = 0.80
"""Below this the trials disagree: with seven trials, at least two chose another language."""

_SEED = 0
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LATIN = re.compile("[A-z]")
_FROM_U0300 = re.compile("[\u0300-\U0010ffff]")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class LanguageGuess:
    """The top language of a text, or why there is none."""

    code: str | None
    probability: float
    reason: str | None
    candidates: tuple[str, ...] = ()
    """For ``sh`` (Serbian, Croatian, Bosnian or Montenegrin, the text does not say which): the likely ones."""


def detect_language(body: str, *, prefix_chars: int = PREFIX_CHARS) -> LanguageGuess:
    """Return the language of ``body`` (ISO 639-1 as langdetect names it), or why it is undetermined.

    Undetermined means ``code`` None, ``probability`` 0.0 and a ``reason``: "no letters",
    "too short" (fewer than 20 letters or 3 words) or "mixed languages" (the top
    language has a probability below 0.80). The answer is the same on every run.
    Only the first ``prefix_chars`` characters are read.
    """
    sample = _prefix(body, prefix_chars)
    letters = _count(_LETTER, sample, MIN_LETTERS)
    if letters == 0:
        return LanguageGuess(None, 0.0, "no letters")
    if letters < MIN_LETTERS or _count(_WORD, sample, MIN_WORDS) < MIN_WORDS:
        return LanguageGuess(None, 0.0, "too short")
    detector = _factory().create()
    detector.append(sample)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return LanguageGuess(None, 0.0, "no letters")
    if not ranked:
        return LanguageGuess(None, 0.0, "mixed languages")
    top = ranked[0]
    if top.prob < MIN_PROBABILITY:
        return LanguageGuess(None, 0.0, "mixed languages")
    refined = refine(_azerbaijani_or(str(top.lang), sample), sample)
    return LanguageGuess(refined.code, float(top.prob), None, refined.candidates)


_SCHWA = re.compile("[əƏ]")


def _azerbaijani_or(code: str, sample: str) -> str:
    """``az`` for what langdetect, which has no Azerbaijani profile, calls Turkish in a text writing the schwa "ə",
    one of Azerbaijani's commonest letters, which Turkish never writes; otherwise ``code``."""
    return "az" if code == "tr" and _count(_SCHWA, sample, 3) >= 3 else code


def _count(pattern: re.Pattern[str], text: str, enough: int) -> int:
    """How many times ``pattern`` occurs in ``text``, counted up to ``enough`` (the thresholds need no more)."""
    return sum(1 for _ in itertools.islice(pattern.finditer(text), enough))


def _prefix(text: str, size: int) -> str:
    """Return at most ``size`` characters of ``text``, not ending inside a word."""
    if len(text) <= size:
        return text
    cut = text.rfind(" ", size // 2, size)
    return text[: cut if cut > 0 else size]


@functools.cache
def _factory() -> _SeededFactory:
    """Load langdetect's 55 profiles once per process (a third of a second on a slow machine)."""
    factory = _SeededFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(_SEED)
    return factory


class _SeededFactory(DetectorFactory):  # type: ignore[misc]
    """A factory that builds ``_SeededDetector`` instances over one n-gram matrix."""

    row_of: dict[str, int]
    matrix: np.ndarray

    def load_profile(self, profile_directory: str) -> None:
        """langdetect's profiles as one matrix, the same numbers in the same order as its own loading gives, built
        without its per-n-gram lists (three times faster, and every command that reads a text pays it once)."""
        entries = os.listdir(profile_directory)
        files = [os.path.join(profile_directory, e) for e in entries if not e.startswith(".")]
        files = [f for f in files if os.path.isfile(f)]
        row_of: dict[str, int] = {}
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for column, path in enumerate(files):
            with open(path, encoding="utf-8") as handle:
                profile = json.load(handle)
            self.langlist.append(profile["name"])
            totals = profile["n_words"]
            for gram, count in profile["freq"].items():
                row = row_of.setdefault(gram, len(row_of))
                if 1 <= len(gram) <= 3:
                    rows.append(row)
                    columns.append(column)
                    values.append(count / totals[len(gram) - 1])
        # float32 halves the memory (19 MB); the trials themselves run in float64.
        matrix = np.zeros(len(row_of) * len(entries), dtype=np.float32).reshape(len(row_of), len(entries))
        matrix[rows, columns] = values
        self.row_of, self.matrix = row_of, matrix

    def _create_detector(self) -> _SeededDetector:
        return _SeededDetector(self)


class _SeededDetector(Detector):  # type: ignore[misc]
    """langdetect's detector with per-word cached n-grams and numpy trials."""

    text: str

    def __init__(self, factory: _SeededFactory) -> None:
        super().__init__(factory)
        self.matrix = factory.matrix

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        self.text += NGram.normalize_vi(text)[: self.max_text_length]

    def cleaning_text(self) -> None:
        """langdetect's cleaning, counted by regex instead of a loop over characters: when letters at or
        above U+0300 outnumber twice the ASCII letters, drop the ASCII letters ('A' to 'z').

        langdetect meant to spare Latin Extended Additional from the count, but compares a block number
        with a block name, so every character from U+0300 counts; the same count is kept here.
        """
        without_latin, latin = _ASCII_LATIN.subn("", self.text)
        non_latin = len(self.text) - len(_FROM_U0300.sub("", self.text))
        if latin * 2 < non_latin:
            self.text = without_latin

    def _extract_ngrams(self) -> list[int]:
        """Return the profile row of every known n-gram of the text, in text order."""
        rows: list[int] = []
        for word in self.text.translate(_NORMALIZED).split():
            rows.extend(_word_rows(word))
        return rows

    def _detect_block(self) -> None:
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(0, "No features in text.")
        # Rows are gathered per sampled block, not all at once: a trial reads a few hundred of the text's n-grams.
        rows = np.array(ngrams, dtype=np.intp)
        self.langprob = [float(p) for p in self._trials(rows).mean(axis=0)]

    def _trials(self, ngrams: np.ndarray) -> np.ndarray:
        """Run langdetect's trials side by side; return each trial's final probabilities.

        Each trial multiplies in randomly sampled n-grams (with its own smoothing alpha)
        until one language passes the threshold, tested every fifth sample as langdetect
        does. Products are cumulative sums of logarithms over blocks of samples, so one
        numpy step replaces hundreds of langdetect's Python-level updates. ``ngrams`` holds the
        profile rows of the text's n-grams.
        """
        rng = np.random.Generator(np.random.PCG64(self.seed))
        trials, languages = self.n_trial, self.matrix.shape[1]
        alphas = self.alpha + rng.normal(0.0, 1.0, trials) * self.ALPHA_WIDTH
        weights = (alphas / self.BASE_FREQ).astype(np.float32)
        # float32 keeps the log sums exact enough (the test needs a margin of 11.5 in log space).
        log_prob = np.full((trials, languages), -np.log(languages), dtype=np.float32)
        final = log_prob.copy()
        running = np.arange(trials)  # the trials still going: a later block samples for these only
        for _ in range(0, self.ITERATION_LIMIT, _BLOCK):
            sample = ngrams[rng.integers(0, len(ngrams), size=(len(running), _BLOCK))]
            factors = self.matrix[sample] + weights[running, None, None]
            # Only every fifth product is tested: multiply the samples in fives (five factors of at least
            # alpha / BASE_FREQ stay far above float32's range), then accumulate the logarithms of those.
            fives = np.log(factors.reshape(len(running), _BLOCK // 5, 5, languages).prod(axis=2))
            checked = log_prob[running, None, :] + fives.cumsum(axis=1)
            top = checked.max(axis=2, keepdims=True)
            converged = 1.0 / np.exp(checked - top).sum(axis=2) > self.CONV_THRESHOLD
            done = converged.any(axis=1)
            final[running[done]] = checked[done, converged[done].argmax(axis=1)]
            log_prob[running] = checked[:, -1, :]
            running = running[~done]
            if not len(running):
                break
        final[running] = log_prob[running]
        prob = np.exp(final - final.max(axis=1, keepdims=True))
        return np.asarray(prob / prob.sum(axis=1, keepdims=True))


_BLOCK = 50
"""Samples drawn per numpy step: most trials on news prose converge within 50."""


class _NormalizedChars(dict[int, str]):
    """A ``str.translate`` table that applies langdetect's character normalization, cached."""

    def __missing__(self, code: int) -> str:
        self[code] = str(NGram.normalize(chr(code)))
        return self[code]


_NORMALIZED = _NormalizedChars()


@functools.lru_cache(maxsize=100_000)
def _word_rows(word: str) -> tuple[int, ...]:
    """Return the profile rows of the 1-, 2- and 3-grams of one word, as langdetect's NGram walks it."""
    row_of = _factory().row_of
    rows: list[int] = []
    grams = " "
    capital = False
    for ch in word + " ":
        last = grams[-1]
        grams = (grams if len(grams) < 3 else grams[1:]) + ch
        # langdetect skips all-capital words (acronyms) from their second capital on.
        capital = ch.isupper() and (capital or last.isupper())
        if capital:
            continue
        for gram in (ch, grams[-2:], grams[-3:] if len(grams) == 3 else ""):
            row = row_of.get(gram) if gram.strip() else None
            if row is not None:
                rows.append(row)
    return tuple(rows)
