"""Generated hostile input for every reader: N Hypothesis examples per parser, counting what escapes as anything
but the project's one-line errors, and the peak memory of the run.

Parsers: article bytes (plain text in any encoding, binary), HTML pages, JSONL records, PROV-JSON documents, and
the credit reader on arbitrary text. Anchor: the same number of ``json.loads`` calls on the JSONL examples, timed
in the same run, so the cost of the readers is read against the bare parse.

Run: .venv/bin/python benchmarks/fuzz_inputs.py [--examples 10000]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import traceback
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.errors import ProvenanceError
from provenance.exchange.prov_import import parse_prov_json
from provenance.ingest import batch
from provenance.text.claims import extract_claims
from provenance.text.reading import read_article

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
RECORD_KEYS = st.sampled_from(["text", "title", "url", "outlet", "author", "published", "language", "kind", "x"])
HTML = st.lists(
    st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<article>", "<h1>", "<script>", "<!--", "&amp;", "&#0;"])
    | st.text(max_size=40),
    max_size=30,
).map("".join)
PROV = st.dictionaries(
    st.sampled_from(["prefix", "entity", "agent", "activity", "wasDerivedFrom", "wasAttributedTo", "bundle", "x"]),
    JSON_VALUES,
    max_size=5,
).map(json.dumps)


def run(name: str, strategy: st.SearchStrategy[Any], reader: Callable[[Any], object], examples: int) -> int:
    """Feed ``examples`` generated inputs to ``reader``; print and return how many escaped as other errors."""
    escaped: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def check(value: Any) -> None:
        try:
            reader(value)
        except ProvenanceError:
            pass
        except Exception:
            escaped.append(traceback.format_exc(limit=1).strip().splitlines()[-1])

    started = time.perf_counter()
    check()
    elapsed = time.perf_counter() - started
    print(f"  {name:<14} {examples:>6} inputs  {len(escaped)} escaped  {elapsed:6.1f} s")
    for line in sorted(set(escaped))[:5]:
        print(f"      {line}")
    return len(escaped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    n = parser.parse_args().examples
    records = st.one_of(st.dictionaries(RECORD_KEYS, JSON_VALUES, max_size=6).map(json.dumps), st.text(max_size=300))
    print(f"Generated inputs, {n} per parser (an escaped error would be a traceback for a user):")
    total = run("article bytes", st.binary(max_size=2000), lambda b: read_article(b, source_name="x"), n)
    total += run("HTML", HTML, lambda h: read_article(h.encode(), source_name="x.html", is_html=True), n)
    total += run("JSONL record", records, lambda line: batch._parse_line(line, "x.jsonl:1", 100_000), n)
    total += run("PROV-JSON", PROV, lambda doc: parse_prov_json(doc, "x.json"), n)
    total += run("credits", st.text(max_size=500), extract_claims, n)
    samples = [json.dumps({"text": "x" * (i % 300), "outlet": "BBC", "author": ["A", "B"]}) for i in range(n)]
    started = time.perf_counter()
    for line in samples:
        json.loads(line)
    bare = time.perf_counter() - started
    started = time.perf_counter()
    for line in samples:
        batch._parse_line(line, "x.jsonl:1", 100_000)
    ours = time.perf_counter() - started
    print(
        f"  anchor: {n} valid JSONL records, bare json.loads {bare * 1e6 / n:.1f} µs each, "
        f"the reader {ours * 1e6 / n:.1f} µs"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  escaped in all: {total}; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
