"""Precision and recall of claim reading on real news pages (benchmarks/data/claims_pages.jsonl).

Each labelled page keeps its address, its language, the outlet that published it (as ``log --url`` or
``--outlet`` would know it), a fragment of a sentence or two around each credit (never the article),
the credits a person reading the page gives (``expected``: sources, translators), names the page
mentions that are not credits (``not_names``: dates, countries, employers, quoted people, subjects)
and, for traps, what the trap is. A third of the pages, chosen by the hash of their address, is held
back: its misses are never printed unless asked with ``--reveal-held-back``, so rules are tuned on
the ``dev`` part only.

A reading counts as a source when its kind is ``source`` or ``via``; a ``sign_off`` never does. A
found name matches an expected credit when the names are equal after ``normalize_name``, equal to
one of the credit's other spellings (``also``), nearly equal (an inflected form: "Neuen Osnabrücker
Zeitung"), or the same outlet of the shipped gazetteer ("Ројтерс" and "Reuters"). Names listed as
``optional`` are neither hits nor errors.

    python benchmarks/claims_eval.py                 # both splits, by kind and by language
    python benchmarks/claims_eval.py -v              # and every miss and spurious credit on dev
    python benchmarks/claims_eval.py --written       # the older set written alongside the extractor
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from provenance.text.citations import is_citation_noise
from provenance.text.claims import ExtractedClaim, Publisher, extract_claims
from provenance.text.gazetteer import known_outlet
from provenance.text.language import detect_language
from provenance.text.names import normalize_name
from provenance.text.south_slavic import AMBIGUOUS
from provenance.vocabulary import SOURCE_KINDS

PAGES = Path(__file__).parent / "data" / "claims_pages.jsonl"
WRITTEN = Path(__file__).parent / "data" / "claims_eval.jsonl"
SCORED = ("source", "translator")


def same_name(found: str, wanted: Iterable[str]) -> bool:
    """Whether ``found`` names the same thing as one of the ``wanted`` spellings."""
    key = normalize_name(found)
    outlet = known_outlet(found)
    for name in wanted:
        if outlet is not None and known_outlet(name) is outlet:
            return True
        other = normalize_name(name)
        if key == other or (min(len(key), len(other)) >= 6 and SequenceMatcher(None, key, other).ratio() >= 0.88):
            return True
    return False


def publisher_of(page: dict[str, Any]) -> Publisher | None:
    """The publishing outlet as the store would hand it to the claim reader."""
    raw = page.get("publisher")
    if not raw:
        return None
    names = (raw["name"], *raw.get("aliases", ()))
    return Publisher(names=names, domains=(raw["domain"],), language=page["language"])


def scored_kind(claim: ExtractedClaim) -> str | None:
    if claim.kind in SOURCE_KINDS:
        return "source"
    return "translator" if claim.kind == "translator" else None


@dataclass
class Tally:
    """Hits, found and wanted credits of one group."""

    hit: int = 0
    got: int = 0
    want: int = 0

    def row(self, group: str) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:6.1%}" if b else "   n/a"

        return f"{group:<24}{ratio(self.hit, self.got):>10}{ratio(self.hit, self.want):>10}{self.want:>10}{self.got:>8}"


@dataclass
class PageResult:
    """What the reader found on one page, judged against its labels."""

    hits: list[tuple[str, str]] = field(default_factory=list)
    misses: list[tuple[str, str]] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)
    own_as_source: list[str] = field(default_factory=list)


def judge(page: dict[str, Any]) -> PageResult:
    """Read one page's fragment and compare the credits found with the labelled ones."""
    publisher = publisher_of(page)
    claims = extract_claims(page["fragment"], publisher)
    result = PageResult()
    expected = [(e["kind"], [e["name"], *e.get("also", ())]) for e in page["expected"]]
    matched: set[int] = set()
    for claim in claims:
        kind = scored_kind(claim)
        if claim.kind in ("source", "via", "translator", "author") and same_name(claim.name, page.get("not_names", ())):
            result.invented.append(f"{claim.kind}:{claim.name}")
        if claim.kind != "photo_credit" and is_citation_noise(claim.name):
            result.noise.append(f"{claim.kind}:{claim.name}")
        if kind is None:
            continue
        if publisher and kind == "source" and claim.possible_sign_off_of is None:
            own = [*publisher.names, *publisher.domains]
            if same_name(claim.name, own):
                result.own_as_source.append(claim.name)
        index = next(
            (
                i
                for i, (k, names) in enumerate(expected)
                if k == kind and i not in matched and same_name(claim.name, names)
            ),
            None,
        )
        if index is not None:
            matched.add(index)
            result.hits.append((kind, claim.name))
        elif not same_name(claim.name, page.get("optional", ())) and not any(
            same_name(claim.name, names) for k, names in expected if k == kind
        ):
            result.extras.append((kind, claim.name))
    result.misses = [(kind, names[0]) for i, (kind, names) in enumerate(expected) if i not in matched]
    return result


def language_verdict(page: dict[str, Any]) -> str:
    """Whether the fragment's detected language is the page's: "right" (the label, or ``sh`` with the label among
    its candidates), "abstained" (no answer: too short, or mixed languages) or "wrong"."""
    guess = detect_language(page["fragment"])
    if guess.code is None:
        return "abstained"
    right = guess.code == page["language"] or (guess.code == AMBIGUOUS and page["language"] in guess.candidates)
    return "right" if right else "wrong"


def evaluate(pages: list[dict[str, Any]], split: str) -> tuple[dict[str, Tally], dict[str, Any], list[str]]:
    """Tally one split by kind and by language; return the tallies, counters and the error lines."""
    tallies: dict[str, Tally] = {}
    counters: Counter[str] = Counter()
    lines: list[str] = []
    for page in pages:
        if split != "all" and page["split"] != split:
            continue
        result = judge(page)
        counters["pages"] += 1
        counters["invented"] += len(result.invented)
        counters["noise"] += len(result.noise)
        counters["own sign-offs taken for sources"] += len(result.own_as_source)
        verdict = language_verdict(page)
        counters[f"language {verdict}"] += 1
        if verdict != "right":
            lines.append(f"LANG   {verdict:<10} {page['language']!r:<34} {page['url']}")
        for kind, _ in result.hits:
            for group in ("overall", f"kind:{kind}", f"lang:{page['language']}"):
                tallies.setdefault(group, Tally()).hit += 1
        for kind, _ in [*result.hits, *result.extras]:
            for group in ("overall", f"kind:{kind}", f"lang:{page['language']}"):
                tallies.setdefault(group, Tally()).got += 1
        for kind, _ in [*result.hits, *result.misses]:
            for group in ("overall", f"kind:{kind}", f"lang:{page['language']}"):
                tallies.setdefault(group, Tally()).want += 1
        tallies.setdefault(f"lang:{page['language']}", Tally())
        for kind, name in result.misses:
            lines.append(f"MISS   {kind:<10} {name!r:<34} {page['url']}")
        for kind, name in result.extras:
            lines.append(f"EXTRA  {kind:<10} {name!r:<34} {page['url']}")
        for name in result.invented:
            lines.append(f"NOT-A-CREDIT {name!r:<34} {page['url']}")
        for name in result.own_as_source:
            lines.append(f"OWN    {name!r:<34} {page['url']}")
    return tallies, dict(counters), lines


def print_table(title: str, tallies: dict[str, Tally], counters: dict[str, Any]) -> None:
    print(f"\n{title}: {counters.get('pages', 0)} pages")
    print(f"{'group':<24}{'precision':>10}{'recall':>10}{'expected':>10}{'found':>8}")
    for group in sorted(tallies, key=lambda g: (g != "overall", not g.startswith("kind:"), g)):
        print(tallies[group].row(group))
    print(f"names that are not credits read as credits: {counters.get('invented', 0)}")
    print(f"dates, days, pages or countries read as names: {counters.get('noise', 0)}")
    print(f"own sign-offs reported as third-party sources: {counters.get('own sign-offs taken for sources', 0)}")
    right, wrong, abstained = (counters.get(f"language {v}", 0) for v in ("right", "wrong", "abstained"))
    answered = right + wrong
    share = f"{right / answered:.1%}" if answered else "n/a"
    print(f"language of the fragment: {right} right, {wrong} wrong, {abstained} abstained ({share} of answers right)")


def written_claims() -> Iterator[tuple[str, Counter[tuple[str, str, str]], Counter[tuple[str, str, str]]]]:
    """For each text of the written set: its id and language, the claims read, the claims labelled (kind,
    comparison key, position)."""
    for line in WRITTEN.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        raw = case["publisher"]
        publisher = Publisher(tuple(raw["names"]), tuple(raw.get("domains", ()))) if raw else None
        got: Counter[tuple[str, str, str]] = Counter(
            (c.kind, normalize_name(c.name) or c.name, c.position) for c in extract_claims(case["text"], publisher)
        )
        want = Counter((e["kind"], normalize_name(e["name"]) or e["name"], e["position"]) for e in case["expected"])
        yield case.get("id", case["language"]), got, want


def written_set() -> None:
    """The older set of 71 texts written alongside the extractor (kept as a regression check)."""
    tally = Tally()
    for _, got, want in written_claims():
        tally.hit += sum((got & want).values())
        tally.got += sum(got.values())
        tally.want += sum(want.values())
    print("\nwritten alongside the extractor (not evidence of accuracy on real pages)")
    print(f"{'group':<24}{'precision':>10}{'recall':>10}{'expected':>10}{'found':>8}")
    print(tally.row("overall"))


def main(argv: list[str] | None = None) -> None:
    """Print precision and recall on the labelled real pages, dev and held-back apart."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and spurious credit on dev")
    parser.add_argument("--reveal-held-back", action="store_true", help="also list the held-back part's errors")
    parser.add_argument("--written", action="store_true", help="also score the set written alongside the extractor")
    args = parser.parse_args(argv)
    pages = [json.loads(line) for line in PAGES.read_text(encoding="utf-8").splitlines() if line.strip()]
    for split in ("dev", "held-back"):
        tallies, counters, lines = evaluate(pages, split)
        print_table(split, tallies, counters)
        if args.verbose and (split == "dev" or args.reveal_held_back):
            print("\n".join(lines), file=sys.stderr)
    if args.written:
        written_set()


if __name__ == "__main__":
    main()
