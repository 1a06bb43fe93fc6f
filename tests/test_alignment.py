"""The same-language aligner: what passages two texts share, where they are, and what share they cover."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.text.alignment import align

SEED = (Path(__file__).resolve().parents[2] / "shared" / "corpus" / "000_045ef2395e873fac.txt").read_text(
    encoding="utf-8"
)
PARAGRAPHS = [p for p in SEED.split("\n") if len(p.split()) > 20]


def test_a_word_for_word_copy_is_one_passage_covering_both_texts() -> None:
    alignment = align(SEED, SEED)
    assert len(alignment.passages) == 1  # the title repeated in the body is not a second passage
    assert alignment.source_share == alignment.derived_share == 1.0


def test_an_excerpt_covers_part_of_its_source_and_all_of_itself_with_spans_in_both() -> None:
    excerpt = "Opinion, shortened.\n" + "\n".join(PARAGRAPHS[2:5])
    alignment = align(SEED, excerpt)
    assert 0.1 < alignment.source_share < 0.5 and alignment.derived_share > 0.9
    [passage] = alignment.passages
    taken = SEED[passage.source_start : passage.source_end]
    assert taken.split() == excerpt[passage.derived_start : passage.derived_end].split()
    assert excerpt[passage.derived_start :].startswith(PARAGRAPHS[2][:30])


def test_reordered_paragraphs_and_small_edits_are_still_found() -> None:
    edited = "\n".join(reversed(PARAGRAPHS)).replace(" the ", " a ")
    alignment = align(SEED, edited)
    assert alignment.derived_share > 0.9 and len(alignment.passages) >= len(PARAGRAPHS) - 1


def test_two_reports_of_one_event_in_their_own_words_share_no_passage() -> None:
    one = "Vladimir Putin rejected a ceasefire on Monday but said he was ready for talks with Volodymyr Zelensky."
    other = (
        "In Istanbul, talks between Zelensky and Putin could go ahead, the Kremlin said Monday, though no ceasefire."
    )
    assert not align(one, other).shared


VOCABULARY = ["the", "a", "minister", "said", "on", "of", "protests", "capital", "march", "vote", "12", "2025"]
COMMON = st.lists(st.sampled_from(VOCABULARY), max_size=80)
DISTINCT = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyzçëšž", min_size=3, max_size=9), min_size=12, max_size=60, unique=True
)


@settings(max_examples=200, deadline=None)
@given(COMMON, COMMON)
def test_passages_of_any_two_texts_lie_inside_both_and_shares_are_shares(a: list[str], b: list[str]) -> None:
    source, derived = " ".join(a), " ".join(b)
    alignment = align(source, derived)
    assert 0.0 <= alignment.source_share <= 1.0 and 0.0 <= alignment.derived_share <= 1.0
    for p in alignment.passages:
        assert 0 <= p.source_start < p.source_end <= len(source) and 0 <= p.derived_start < p.derived_end <= len(
            derived
        )


@settings(max_examples=200, deadline=None)
@given(COMMON, DISTINCT, COMMON)
def test_a_text_quoted_whole_inside_another_is_one_passage_reading_the_same(
    before: list[str], middle: list[str], after: list[str]
) -> None:
    inner = " ".join(middle)
    outer = " ".join([*before, inner, *after])
    alignment = align(outer, inner)
    assert alignment.derived_share == 1.0
    [p] = alignment.passages
    assert outer[p.source_start : p.source_end] == inner


def test_compare_texts_names_sentences_numbers_and_names_that_changed() -> None:
    from provenance.text.revisions import compare_texts

    old = "Putin met Zelensky on Monday. The truce lasts 30 days. Talks are in Istanbul."
    new = "Putin met Zelensky on Monday. The truce lasts 60 days. Talks are in Istanbul with Erdogan."
    changes = compare_texts(old, new)
    assert changes.sentences_added == ("The truce lasts 60 days.", "Talks are in Istanbul with Erdogan.")
    assert changes.sentences_removed == ("The truce lasts 30 days.", "Talks are in Istanbul.")
    assert (changes.numbers_removed, changes.numbers_added, changes.names_added) == (("30",), ("60",), ("Erdogan",))
    assert not compare_texts(old, " ".join(old.split(" "))).changed


@given(st.lists(st.text(min_size=1, max_size=40), max_size=8))
def test_a_text_compared_with_itself_changed_nothing(parts: list[str]) -> None:
    from provenance.text.revisions import compare_texts

    text = ". ".join(parts)
    changes = compare_texts(text, text)
    assert not changes.changed and not changes.numbers_added and not changes.names_removed
