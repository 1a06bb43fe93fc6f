"""Reading many texts on every core gives what reading them one by one gives."""

from __future__ import annotations

from provenance.text.claims import Publisher, extract_claims
from provenance.text.gazetteer import KnownOutlet, also_knowing
from provenance.text.language import detect_language
from provenance.text.workers import MIN_PARALLEL, TextReader

TEXTS = [
    "Kryeministri tha të martën se qeveria do të vazhdojë punën për reformën.\n\nBurimi: BBC",
    "Der Minister sagte am Dienstag, die Regierung werde die Reform fortsetzen, berichtet der Spiegel.",
    "Le ministre a déclaré mardi que le gouvernement poursuivrait la réforme, selon Le Monde.",
    "The minister said on Tuesday the reform would go on, according to the Banat Courier.",
]


def _batch() -> list[tuple[str, Publisher | None]]:
    telegrafi = Publisher(names=("Telegrafi",), domains=("telegrafi.com",), language="sq")
    return [(f"{TEXTS[i % 4]}\n\n/Telegrafi/", telegrafi if i % 3 else None) for i in range(MIN_PARALLEL * 2)]


def test_two_workers_read_the_same_languages_and_credits_in_the_same_order() -> None:
    batch = _batch()
    known = [KnownOutlet("Banat Courier", (), ("banatcourier.example",), "en", None, "site", "recorded")]
    with TextReader(2) as reader:
        languages = reader.languages([text for text, _ in batch])
        claims = reader.claims(batch, known)
    assert languages == [detect_language(text) for text, _ in batch]
    with also_knowing(known):
        assert claims == [extract_claims(text, publisher) for text, publisher in batch]
    assert {c.name for c in claims[3]} >= {"Banat Courier"}  # an outlet only the database knows


def test_a_small_batch_is_read_in_this_process() -> None:
    with TextReader(2) as reader:
        assert reader.languages(TEXTS)[0].code == "sq"
        assert reader._pool is None
