"""Lexical fingerprints: names across scripts and inflections, numbers and dates across locales, passages.

Examples a reader can check by eye, then Hypothesis properties of the parsers (they never crash;
their invariants hold).
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from provenance.match.fingerprints import (
    MAX_FEATURE_LENGTH,
    dates,
    fingerprint,
    harmonize,
    links,
    month_of,
    name_keys,
    numbers,
    proper_names,
    quotes,
    shingles,
)
from provenance.text.names import fold


def test_putin_matches_across_scripts_and_inflections() -> None:
    keys = [set(name_keys(word)) for word in ("Putin", "Путин", "Putini", "Putinin", "Путина", "Putin's")]
    assert all("putin" in k for k in keys)


def test_zelensky_and_khrushchev_spellings_share_a_key() -> None:
    zelensky = [set(name_keys(w)) for w in ("Zelensky", "Zelenskyy", "Zelenskit", "Зеленский", "Zelenskyn")]
    assert set.intersection(*zelensky) == {"zele", "zelen"}
    khrushchev = [set(name_keys(w)) for w in ("Khrushchev", "Hrushovi", "Хрущёв", "Hruščov")]
    assert set.intersection(*khrushchev) == {"hrus"}


def test_short_names_keep_their_stem() -> None:
    assert "ban" in name_keys("Banin") and "ban" in name_keys("Ban")
    assert name_keys("X") == []


def test_proper_names_are_capitalized_inside_a_sentence() -> None:
    text = "Yesterday the minister met Vladimir Putin in Moscow. Moscow said NATO was wrong."
    assert proper_names(text) == ["Vladimir", "Putin", "Moscow", "NATO", "Moscow"]


def test_numbers_in_every_locale_agree() -> None:
    assert numbers("1,500 people, 1 500 ihmistä, 1.500 Menschen") == ["1500", "1500", "1500"]
    assert numbers("3.5 per cent, 3,5 prosenttia, 7 days, 2015") == ["3.5", "3.5", "2015"]


def test_dates_in_several_languages_give_one_key() -> None:
    assert set(dates("on 15 March 2015")) == {"03-15", "2015-03"}
    assert set(dates("15. maaliskuuta 2015")) == {"03-15", "2015-03"}
    assert set(dates("15 марта 2015 года")) == {"03-15", "2015-03"}
    assert set(dates("më 15 mars 2015")) == {"03-15", "2015-03"}
    assert set(dates("15.3.2015")) == {"03-15", "2015-03"}
    assert dates("Marko 12 said") == []


def test_month_names_are_recognized_inflected() -> None:
    assert [month_of(w) for w in ("March", "maaliskuussa", "марта", "dhjetor", "Oktober", "Monday")] == [
        3,
        3,
        3,
        12,
        10,
        None,
    ]


def test_quotes_links_and_handles() -> None:
    text = 'He said "we will not give up the fight" and posted https://www.Example.com/a/b. on @UN_News #Syria'
    assert quotes(text) == ["we will not give up the fight"]
    assert links(text) == ["example.com/a/b", "@un_news", "#syria"]


def test_an_excerpt_keeps_its_share_of_the_sampled_shingles() -> None:
    words = [f"word{i}" for i in range(600)]
    whole, excerpt = " ".join(words), " ".join(words[200:400])
    assert set(shingles(excerpt)) <= set(shingles(whole))
    assert len(shingles(excerpt)) >= 10


def test_a_fingerprint_shows_where_each_feature_came_from() -> None:
    print_ = fingerprint("Pääministeri Putin sanoi 15. maaliskuuta, että 1 500 sotilasta lähtee.", "Putin puhui")
    assert print_.surface["n:putin"] == "Putin"
    assert {"d:1500", "t:03-15", "n:putin"} <= print_.features


def test_the_sequence_lists_names_and_numbers_in_the_order_the_text_first_uses_them() -> None:
    print_ = fingerprint("Kremlin said 4,500 soldiers left. Then Zelensky met Putin, and the Kremlin counted 300.")
    order = [f for f in print_.sequence if f in {"n:krem", "d:4500", "n:zele", "n:puti", "d:300"}]
    assert order == ["n:krem", "d:4500", "n:zele", "n:puti", "d:300"]
    # A name folded from two spellings takes the place of the first one used.
    sequence = fingerprint("Neuvonantaja Putinin kanssa tapasi Zelenskyin, ja sitten Putin puhui.").sequence
    assert sequence.index("n:puti") < sequence.index("n:zele")
    # A name is placed where it stands as a word, not where it first appears inside another.
    sequence = fingerprint("Flights to Bangkok resumed, 300 said; then Ban Ki-moon spoke.").sequence
    assert sequence.index("d:300") < sequence.index("n:ban")


@given(st.text(max_size=400))
def test_fingerprint_never_crashes_and_features_are_well_formed(text: str) -> None:
    result = fingerprint(text)
    assert all(re.fullmatch(r"[ndtqus]:.+", f, re.DOTALL) for f in result.features)
    assert all(len(f) <= MAX_FEATURE_LENGTH for f in result.features)
    assert set(result.surface) == set(result.features)
    assert len(set(result.sequence)) == len(result.sequence)
    assert {f for f in result.sequence} == {f for f in result.features if f[0] in "nd"}


@given(st.integers(min_value=10, max_value=10**12))
def test_integers_read_the_same_in_every_grouping(n: int) -> None:
    assert numbers(str(n)) == [str(n)]
    assert numbers(f"{n:,}") == [str(n)]
    assert numbers(f"{n:,}".replace(",", " ")) == [str(n)]
    assert numbers(f"{n:,}".replace(",", ".")) == [str(n)]


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=99))
def test_decimal_point_and_comma_agree(whole: int, fraction: int) -> None:
    assert numbers(f"{whole}.{fraction}") == numbers(f"{whole},{fraction}")


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=20))
def test_name_keys_are_prefixes_of_the_harmonized_name_and_ignore_case(word: str) -> None:
    harmonized = harmonize(re.sub(r"[^a-z]", "", fold(word)))
    assert all(harmonized.startswith(key) for key in name_keys(word))
    if word.isascii():
        assert name_keys(word.upper()) == name_keys(word.lower())


@given(st.text(max_size=300))
def test_dates_are_well_formed(text: str) -> None:
    for key in dates(text):
        assert re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])|(19|20)\d\d-(0[1-9]|1[0-2])", key)
