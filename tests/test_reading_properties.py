"""Property tests of provenance.text.reading: arbitrary bytes never crash the reader, and its text is canonical."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.errors import InputError
from provenance.ingest import batch
from provenance.text.normalize import normalize_text
from provenance.text.reading import read_article

_NEWS_CHARS = st.text(alphabet=st.sampled_from(list("aäëçšžĂ¤©€„”’\r\n\t \ufeffABC.,:<>!?")), max_size=300)


def _read_or_none(data: bytes) -> None:
    try:
        article = read_article(data, source_name="x.txt")
    except InputError as e:
        assert str(e).startswith("x.txt: ")
        return
    assert "\r" not in article.text and "\ufeff" not in article.text
    assert normalize_text(article.text) == article.text
    assert article.body


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_input_error(data: bytes) -> None:
    _read_or_none(data)


@settings(max_examples=300, deadline=None)
@given(_NEWS_CHARS, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1250", "cp1252"]))
def test_encoded_text_reads_canonically(text: str, codec: str) -> None:
    _read_or_none(text.encode(codec, errors="replace"))


@settings(max_examples=100, deadline=None)
@given(_NEWS_CHARS)
def test_html_never_crashes(text: str) -> None:
    _read_or_none(f"<!doctype html><html><body><p>{text}</p></body></html>".encode())


@given(st.text())
def test_normalize_text_is_idempotent(text: str) -> None:
    assert normalize_text(normalize_text(text)) == normalize_text(text)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
_RECORDS = st.dictionaries(
    st.sampled_from(["text", "title", "url", "outlet", "author", "published", "language", "kind", "other"]),
    _JSON_VALUES,
    max_size=6,
)


@given(st.one_of(_RECORDS.map(json.dumps), st.text(max_size=200)))
def test_a_jsonl_line_is_a_record_or_a_record_error_never_an_exception(line: str) -> None:
    item = batch._parse_line(line, "x.jsonl:1", 10_000)
    assert isinstance(item, batch.ArticleRecord | batch.RecordError)
