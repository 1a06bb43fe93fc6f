"""Property tests for claim extraction and name comparison: no crash on any text, and the invariants hold."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from provenance.text.claims import Publisher, extract_claims
from provenance.text.gazetteer import KnownOutlet, also_knowing, may_name_any
from provenance.text.names import may_be_rendering_of, normalize_name

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
# Text that looks like a page: labels, slashes, parentheses, captions, mojibake and several scripts.
FRAGMENTS = st.sampled_from(
    [
        "Source: ",
        "Burimi : ",
        "Izvor:",
        "Извор: ",
        "Përktheu: ",
        "Translated from Ukrainian by ",
        "By ",
        "Nga ",
        "/",
        "(",
        ")",
        "photo: ",
        "Foto: ",
        "Sursă: Dreamstime",
        " reports ",
        " transmeton ",
        " írja a ",
        "The Independent",
        "Telegrafi.com",
        "AFP",
        "https://example.com/a",
        "\n",
        "\r\n",
        "\r",
        ". ",
        "Ă«",
        "Mark Almond is director",
        "Linku origjinal: ",
        "Source link",
        "Зеленский",
        "\ufeff",
        "  ",
        ":",
    ]
)
PAGES = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join)
NAMES = st.one_of(st.text(max_size=20), st.sampled_from(["Telegraph", "Telegrafi", "telegraf.al", "The Times", "Koha"]))
PUBLISHERS = st.one_of(st.none(), st.builds(Publisher, names=st.tuples(NAMES), domains=st.tuples(NAMES)))


@PROPERTY_SETTINGS
@given(PAGES, PUBLISHERS)
def test_extract_claims_never_crashes_and_points_at_its_line(text: str, publisher: Publisher | None) -> None:
    lines = re.split(r"\r\n|\r|\n", text)
    for claim in extract_claims(text, publisher):
        assert 1 <= claim.line <= len(lines)
        assert claim.text and claim.text in lines[claim.line - 1]
        assert 0.0 <= claim.confidence <= 1.0
        assert claim.name


@PROPERTY_SETTINGS
@given(PAGES, PUBLISHERS)
def test_extract_claims_is_deterministic_and_in_text_order(text: str, publisher: Publisher | None) -> None:
    first = extract_claims(text, publisher)
    assert first == extract_claims(text, publisher)
    assert [c.line for c in first] == sorted(c.line for c in first)


@PROPERTY_SETTINGS
@given(st.text())
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    extract_claims(text)


@PROPERTY_SETTINGS
@given(NAMES)
def test_normalize_name_is_idempotent(name: str) -> None:
    assert normalize_name(normalize_name(name)) == normalize_name(name)


@PROPERTY_SETTINGS
@given(NAMES, NAMES)
def test_may_be_rendering_of_is_symmetric(a: str, b: str) -> None:
    assert may_be_rendering_of(a, b) == may_be_rendering_of(b, a)


_LABELLED = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "claims_pages.jsonl"
# real page fragments (the development part of the labelled set), and names made from their own words
REAL_FRAGMENTS = [
    page["fragment"]
    for line in _LABELLED.read_text(encoding="utf-8").splitlines()
    if (page := json.loads(line))["split"] == "dev"
]


def _names_near(text: str) -> st.SearchStrategy[str]:
    words = re.findall(r"[^\W\d_][\w.'’-]{1,}", text) or ["Zorbex"]
    word = st.sampled_from(words)
    changed = st.one_of(
        word, word.map(lambda w: w[:-1]), word.map(lambda w: w + "a"), word.map(lambda w: w[:-1] + "o"),
        word.map(lambda w: "X" + w), word.map(lambda w: w[:2] + "q" + w[2:]), word.map(str.upper),
    )  # fmt: skip
    return st.one_of(changed, st.tuples(changed, changed).map(" ".join), word.map(lambda w: f"{w.lower()}.com"))


@PROPERTY_SETTINGS
@given(st.data())
def test_an_outlet_a_text_cannot_name_does_not_change_how_it_reads(data: st.DataObject) -> None:
    # what lets an import read a chunk ahead: an outlet recorded meanwhile matters only to a text that may name it
    text, elsewhere = data.draw(st.sampled_from(REAL_FRAGMENTS)), data.draw(st.sampled_from(REAL_FRAGMENTS))
    names = data.draw(st.lists(st.one_of(_names_near(text), _names_near(elsewhere)), min_size=1, max_size=4))
    outlets = [
        outlet
        for name in names
        if not may_name_any(
            text, [outlet := KnownOutlet(name, (), (name,) if "." in name else (), None, None, "site", "recorded")]
        )
    ]
    assume(outlets)
    with also_knowing(()):
        unknown = extract_claims(text)
    with also_knowing(outlets):
        assert extract_claims(text) == unknown


def test_an_outlet_named_in_a_case_form_or_by_its_address_is_one_the_text_may_name() -> None:
    zorbika = KnownOutlet("Zorbika", (), ("zorbika.example",), "sr", None, "site", "recorded")
    text = "Vlada je, prema pisanju Zorbike, odlučila da odloži reformu."
    with also_knowing(()):
        unknown = extract_claims(text)
    with also_knowing([zorbika]):
        assert extract_claims(text) != unknown  # knowing it changes the reading, so it must not be missed
    assert may_name_any(text, [zorbika])
    assert may_name_any("Izvor: https://zorbika.example/a/1", [zorbika])
    assert not may_name_any("Vlada je, prema pisanju Politike, odlučila.", [zorbika])
