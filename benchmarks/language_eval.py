"""Language of real news pages of the Balkans: Serbian (both scripts, ekavian and ijekavian), Croatian, Bosnian,
Montenegrin, Macedonian, Bulgarian, and other languages on sites of the region as traps.

``benchmarks/data/language_pages.jsonl`` keeps, per page, its address, the language it is written in (read by a
person from the page and its outlet), a fragment of a sentence or two (never the article), and a split: ``dev``
(the rules were written against it) or ``held-back`` (never looked at while writing them). A guess counts as
right when it is the label, or the ambiguous ``sh`` with the label among its candidates; ``sh`` is also counted
apart, since it is right but says less.

    python benchmarks/language_eval.py            # both splits, per language
    python benchmarks/language_eval.py --show     # and every wrong or ambiguous guess
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from provenance.text.language import detect_language

DATA = Path(__file__).resolve().parent / "data" / "language_pages.jsonl"


def main() -> None:
    """Detect every fragment's language and print accuracy per split and language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every wrong or ambiguous guess")
    args = parser.parse_args()
    pages = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # pages, right, ambiguous
    for page in pages:
        guess = detect_language(page["fragment"])
        ambiguous = guess.code == "sh"
        right = guess.code == page["language"] or (ambiguous and page["language"] in guess.candidates)
        for key in ((page["split"], page["language"]), (page["split"], "all")):
            cell = table[key]
            cell[0] += 1
            cell[1] += right
            cell[2] += ambiguous and right
        if args.show and (not right or ambiguous):
            said = f"sh {'/'.join(guess.candidates)}" if ambiguous else str(guess.code)
            verdict = "ambiguous" if right else "WRONG"
            print(f"{verdict:9} {page['split']:9} {page['language']:>3} → {said:14} {page['url']}")
    print(f"{'split':10} {'language':8} {'pages':>5} {'right':>6} {'share':>6} {'of them sh':>10}")
    for (split, language), (total, right, ambiguous) in sorted(
        table.items(), key=lambda kv: (kv[0][0], kv[0][1] == "all", kv[0][1])
    ):
        print(f"{split:10} {language:8} {total:5d} {right:6d} {right / total:6.0%} {ambiguous:10d}")


if __name__ == "__main__":
    main()
