"""Tests of provenance.text.language: every WMT16 text (damaged ones read through the reader), undetermined cases."""

from __future__ import annotations

import csv

import pytest

from provenance.text.language import LanguageGuess, detect_language
from provenance.text.reading import read_article_file
from tests.conftest import WMT16


def _cases() -> list[tuple[str, str]]:
    with (WMT16 / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    cases = {(row["translation"], row["target_language"]) for row in rows}
    cases |= {(row["original"], row["source_language"]) for row in rows}
    return sorted(cases)


@pytest.mark.parametrize(("name", "language"), _cases())
def test_every_wmt16_text_is_detected(name: str, language: str) -> None:
    guess = detect_language(read_article_file(WMT16 / name).body)
    assert guess.code == language
    assert guess.probability > 0.99
    assert guess.reason is None


def test_detection_is_deterministic() -> None:
    text = "Rivers rose overnight in the north and the government sent soldiers to help. " * 3
    assert len({detect_language(text) for _ in range(5)}) == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("", "no letters"),
        ("12 345 678 — 2025-05-12", "no letters"),
        ("Putin Zelensky", "too short"),
        ("Zelensky said yes", "too short"),
    ],
)
def test_undetermined_texts_say_why(body: str, reason: str) -> None:
    assert detect_language(body) == LanguageGuess(None, 0.0, reason)


def test_evenly_mixed_text_is_undetermined() -> None:
    mixed = "This is an English sentence about the war. Tämä on suomenkielinen lause sodasta ja rauhasta."
    assert detect_language(mixed) == LanguageGuess(None, 0.0, "mixed languages")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("Kryeministri tha se qeveria do të përgatisë një plan të ri për ekonominë e vendit.", "sq"),
        ("Vlada je saopštila da će pregovori početi u četvrtak u glavnom gradu zemlje.", "hr"),
        ("Кремль заявил, что переговоры начнутся в четверг в Стамбуле.", "ru"),
        ("Die Regierung kündigte an, dass die Verhandlungen am Donnerstag beginnen werden.", "de"),
    ],
)
def test_other_news_languages(body: str, code: str) -> None:
    assert detect_language(body).code == code
