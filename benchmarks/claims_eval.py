"""Precision and recall of claim extraction on the labelled set in benchmarks/data/claims_eval.jsonl.

A claim matches an expected one on (kind, normalize_name(name), position). Figures go to stdout by
kind, by language and overall; each miss and each spurious claim is listed on stderr with ``-v``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from provenance.text.claims import Publisher, extract_claims
from provenance.text.names import normalize_name

DATA = Path(__file__).parent / "data" / "claims_eval.jsonl"
Key = tuple[str, str, str]


def _publisher(raw: dict[str, list[str]] | None) -> Publisher | None:
    if not raw:
        return None
    return Publisher(names=tuple(raw["names"]), domains=tuple(raw.get("domains", ())))


def _keys(claims: list[tuple[str, str, str]]) -> Counter[Key]:
    return Counter((kind, normalize_name(name) or name, position) for kind, name, position in claims)


def _ratio(hits: int, total: int) -> str:
    return f"{hits / total:6.1%}" if total else "   n/a"


def main(verbose: bool = False) -> None:
    """Run the extractor over the set and print precision/recall tables."""
    tallies: dict[str, Counter[str]] = {}

    def count(group: str, field: str, n: int) -> None:
        tallies.setdefault(group, Counter())[field] += n

    for line in DATA.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        got = _keys([(c.kind, c.name, c.position) for c in extract_claims(case["text"], _publisher(case["publisher"]))])
        want = _keys([(e["kind"], e["name"], e["position"]) for e in case["expected"]])
        hits = got & want
        for key, n in got.items():
            for group in ("overall", f"kind:{key[0]}", f"lang:{case['language']}"):
                count(group, "got", n)
                count(group, "hit", hits[key])
        for key, n in want.items():
            for group in ("overall", f"kind:{key[0]}", f"lang:{case['language']}"):
                count(group, "want", n)
        if verbose:
            for key in want - got:
                print(f"MISS  {case['id']}: {key}", file=sys.stderr)
            for key in got - want:
                print(f"EXTRA {case['id']}: {key}", file=sys.stderr)

    print(f"{'group':<22}{'precision':>10}{'recall':>10}{'expected':>10}{'found':>8}")
    for group in sorted(tallies, key=lambda g: (g != "overall", g)):
        t = tallies[group]
        print(
            f"{group:<22}{_ratio(t['hit'], t['got']):>10}{_ratio(t['hit'], t['want']):>10}{t['want']:>10}{t['got']:>8}"
        )


if __name__ == "__main__":
    main(verbose="-v" in sys.argv[1:])
