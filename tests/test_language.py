"""Tests of provenance.text.language: every WMT16 text (damaged ones read through the reader), undetermined cases."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from provenance.text.language import LanguageGuess, detect_language
from provenance.text.reading import read_article_file
from tests.conftest import WMT16

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]


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
        # "saopštila" is Serbian, Bosnian or Montenegrin (Croatian says "priopćila"); nothing says which.
        ("Vlada je saopštila da će pregovori početi u četvrtak u glavnom gradu zemlje.", "sh"),
        ("Кремль заявил, что переговоры начнутся в четверг в Стамбуле.", "ru"),
        ("Die Regierung kündigte an, dass die Verhandlungen am Donnerstag beginnen werden.", "de"),
        # langdetect has no Azerbaijani profile and calls it Turkish; the schwa "ə" is Azerbaijani's alone
        ("Ukraynanın iki bölgəsində hava həyəcanı elan edilib, nazirlik məlumat yayıb.", "az"),
        ("Ukrayna'nın iki bölgesinde hava alarmı ilan edildi, bakanlık açıklama yaptı.", "tr"),
    ],
)
def test_other_news_languages(body: str, code: str) -> None:
    assert detect_language(body).code == code


DEV_PAGES = [
    page
    for page in map(json.loads, (ROOT / "benchmarks" / "data" / "language_pages.jsonl").read_text("utf-8").splitlines())
    if page["split"] == "dev"
]


@pytest.mark.parametrize("page", DEV_PAGES, ids=[p["url"].split("/")[2] + "-" + p["language"] for p in DEV_PAGES])
def test_south_slavic_pages_are_told_apart_or_said_to_be_ambiguous(page: dict[str, str]) -> None:
    guess = detect_language(page["fragment"])
    assert guess.code == page["language"] or (guess.code == "sh" and page["language"] in guess.candidates)


def test_cyrillic_serbian_is_not_macedonian_and_ekavian_latin_is_not_croatian() -> None:
    cyrillic = "Председник Србије је рекао да ће влада у понедељак одлучити о мерама због поскупљења струје."
    latin = (
        "Predsednik Srbije je rekao da će vlada u ponedeljak odlučiti o merama zbog poskupljenja struje posle sednice."
    )
    croatian = "Predsjednik Vlade rekao je da će tijekom idućeg tjedna predstaviti proračun i potporu obiteljima."
    assert (detect_language(cyrillic).code, detect_language(latin).code, detect_language(croatian).code) == (
        "sr",
        "sr",
        "hr",
    )


def test_log_records_the_outlets_language_when_the_text_does_not_say_which(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "vijest.txt"
    text.write_text(
        "Sve sjednice skupštinskih odbora koji su bili zakazani za ovu sedmicu odgođene su, saopšteno je iz "
        "parlamenta. Članovi Odbora trebali su da raspravljaju o situaciji povodom globalne pandemije.\n",
        encoding="utf-8",
    )
    assert cli("outlet", "add", "Radio Sarajevo", "--language", "bs").exit_code == 0
    logged = cli("log", str(text), "--outlet", "Radio Sarajevo", "--json")
    record = json.loads(logged.stdout)
    assert (record["detected_language"], record["language"]) == ("sh", "bs")
    assert record["language_candidates"] == ["sr", "bs", "cnr"]
    shown = cli("log", str(text), "--outlet", "Radio Sarajevo")
    assert "the text does not say which" in shown.stdout
    findings = json.loads(cli("audit", "run", "--rule", "language-mismatch", "--format", "json").stdout)["findings"]
    assert findings == [], "sh is not a mismatch with Bosnian"


def test_the_profile_matrix_holds_langdetects_own_numbers_in_its_order() -> None:
    """The matrix is built without langdetect's loader, faster: the same n-grams, languages and probabilities."""
    import numpy as np
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from provenance.text.language import _factory

    theirs = DetectorFactory()
    theirs.load_profile(PROFILES_DIRECTORY)
    ours = _factory()
    assert ours.langlist == theirs.langlist
    assert list(ours.row_of) == list(theirs.word_lang_prob_map)
    expected = np.array(list(theirs.word_lang_prob_map.values()), dtype=np.float32)
    assert np.array_equal(ours.matrix, expected)
