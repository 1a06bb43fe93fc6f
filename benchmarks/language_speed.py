"""Speed and accuracy of language detection on the WMT16 English/Finnish texts.

Compares detect_language at its prefix size, detect_language on the full text, and
bare langdetect ``detect()`` (the anchor), and times reading plus detection end to end.
Run: /work/venv/bin/python benchmarks/language_speed.py
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from langdetect import DetectorFactory, detect

from provenance.text.language import PREFIX_CHARS, detect_language
from provenance.text.reading import read_article_file

WMT16 = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt16-enfi-dev"
ROUNDS = 3


def load_cases() -> list[tuple[Path, str]]:
    """Return every WMT16 file with its expected language."""
    with (WMT16 / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    cases = {(row["translation"], row["target_language"]) for row in rows}
    cases |= {(row["original"], row["source_language"]) for row in rows}
    return [(WMT16 / name, language) for name, language in sorted(cases)]


def measure(name: str, detector: Callable[[str], str | None], bodies: list[str], expected: list[str]) -> None:
    """Print the best-of-rounds time per call and the accuracy of ``detector``."""
    detector(bodies[0])  # load profiles outside the timing
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        answers = [detector(body) for body in bodies]
        best = min(best, (time.perf_counter() - start) / len(bodies))
    right = sum(answer == language for answer, language in zip(answers, expected, strict=True))
    print(f"{name:<44} {best * 1000:7.3f} ms/article  {right}/{len(bodies)} right")


def _with_prefix(size: int) -> Callable[[str], str | None]:
    return lambda body: detect_language(body, prefix_chars=size).code


def main() -> None:
    """Run every measurement and print one line each."""
    cases = load_cases()
    bodies = [read_article_file(path).body for path, _ in cases]
    expected = [language for _, language in cases]
    sizes = [len(body) for body in bodies]
    print(f"{len(bodies)} texts, body {min(sizes)}-{max(sizes)} chars (median {statistics.median(sizes):.0f})")
    DetectorFactory.seed = 0
    measure(f"detect_language, prefix {PREFIX_CHARS}", lambda b: detect_language(b).code, bodies, expected)
    for size in (256, 1024, 2048):
        measure(f"detect_language, prefix {size}", _with_prefix(size), bodies, expected)
    measure("detect_language, full text", _with_prefix(sys.maxsize), bodies, expected)
    measure(f"langdetect detect(), prefix {PREFIX_CHARS}", lambda b: detect(b[:PREFIX_CHARS]), bodies, expected)
    measure("langdetect detect(), full text (anchor)", detect, bodies, expected)
    paths = [path for path, _ in cases]
    start = time.perf_counter()
    for path in paths:
        detect_language(read_article_file(path).body)
    per = (time.perf_counter() - start) / len(paths)
    print(f"{'read_article_file + detect_language':<44} {per * 1000:7.3f} ms/article  ({1 / per:.0f} articles/s)")


if __name__ == "__main__":
    main()
