"""`provenance log`: the seed article's claims, resolution, linking from claims, and bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from tests.conftest import SEED

Cli = Callable[..., Result]


def add_seed_outlets(cli: Cli) -> None:
    """The outlets of the seed scenario, as a user records them."""
    for args in (
        ["outlet", "add", "The Telegraph", "--domain", "telegraph.co.uk", "--language", "en", "--alias", "Telegraph"],
        ["outlet", "add", "The Independent", "--domain", "independent.co.uk", "--language", "en"],
        ["outlet", "add", "Telegrafi", "--domain", "telegrafi.com", "--language", "sq", "--alias", "Telegrafi.com"],
    ):
        assert cli(*args).exit_code == 0


def test_logging_the_seed_yields_the_expected_claims(cli: Cli) -> None:
    add_seed_outlets(cli)
    result = cli("log", str(SEED), "--outlet", "Telegrafi", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["id"] == 1 and record["created"] is True
    assert record["language"] == "en" and record["language_probability"] > 0.9
    assert record["title"].startswith('Putin says "no" to ceasefire')
    claims = {(c["kind"], c["name"], c["position"], c["outlet"] or c["person"]) for c in record["claims"]}
    assert {
        ("source", "The Independent", "header", "The Independent"),
        ("translator", "Telegrafi.com", "header", "Telegrafi"),
        ("source", "Telegraph", "footer", "The Telegraph"),
        ("author", "Mark Almond", "bio", None),
        ("photo_credit", "AFP", "caption", None),
    } <= claims
    assert not any(c["kind"] == "source" and c["name"] in ("AFP", "Mark Almond") for c in record["claims"])
    footer = next(c for c in record["claims"] if c["position"] == "footer")
    assert footer["possible_sign_off_of"] == "Telegrafi" and footer["confidence"] < 0.6
    assert footer["text"] == "/Telegraph/"
    # Line numbers are those of the file the user has, so the credit can be found where it stands.
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for claim in record["claims"]:
        assert claim["text"] in lines[claim["line"] - 1], claim
    assert record["unresolved"] == ["Mark Almond"]


def test_logging_the_same_text_twice_returns_the_first_version(cli: Cli, tmp_path: Path) -> None:
    add_seed_outlets(cli)
    cli("log", str(SEED), "--outlet", "Telegrafi")
    respaced = tmp_path / "respaced.txt"
    respaced.write_text("\n\n" + SEED.read_text(encoding="utf-8").replace("\n\n", "\n\n\n\n"), encoding="utf-8")
    assert json.loads(cli("log", str(respaced), "--outlet", "Telegrafi", "--json").stdout)["created"] is False
    again = json.loads(cli("log", str(SEED), "--outlet", "Telegrafi", "--json").stdout)
    assert again["id"] == 1 and again["created"] is False
    assert len(json.loads(cli("article", "list", "--json").stdout)) == 1


def test_log_prints_claims_and_what_is_unresolved(cli: Cli) -> None:
    add_seed_outlets(cli)
    out = cli("log", str(SEED), "--outlet", "Telegrafi").stdout
    assert out.startswith('Logged version 1: Putin says "no" to ceasefire')
    assert "outlet: Telegrafi   language: en (p=1.00)" in out
    assert "header:8\tsource\tThe Independent\tThe Independent\t0.90\t\n" in out  # piped: tab-separated
    assert "unresolved: Mark Almond (add them, or log with --create-missing)" in out


def test_create_missing_creates_the_outlet_and_the_author(cli: Cli) -> None:
    result = cli("log", str(SEED), "--outlet", "Telegrafi", "--create-missing", "--json")
    record = json.loads(result.stdout)
    assert result.exit_code == 0
    assert sorted(record["created_agents"]) == ["outlet Telegrafi", "outlet The Independent", "person Mark Almond"]
    # The footer may be Telegrafi's own sign-off: no outlet is invented for it.
    assert record["unresolved"] == ["Telegraph"]
    shown = json.loads(cli("show", "1", "--json").stdout)
    assert shown["authors"] == ["Mark Almond"]


def test_a_sign_off_left_unresolved_is_explained_not_blamed_on_create_missing(cli: Cli) -> None:
    out = cli("log", str(SEED), "--outlet", "Telegrafi", "--create-missing").stdout
    assert "unresolved: Telegraph: possibly the publisher's own sign-off, so never created" in out
    assert "log with --create-missing" not in out


def test_unknown_outlet_is_a_one_line_error(cli: Cli) -> None:
    result = cli("log", str(SEED), "--outlet", "Nowhere News")
    assert result.exit_code == 3  # not found, as `article add --outlet` says it
    assert result.stderr == (
        "Error: no outlet named 'Nowhere News': add it with `provenance outlet add` or pass --create-missing\n"
    )


def test_log_links_to_the_recorded_version_its_source_claim_names(cli: Cli, tmp_path: Path) -> None:
    add_seed_outlets(cli)
    cli("person", "add", "Mark Almond")
    original = tmp_path / "independent.txt"
    original.write_text(
        "Vladimir Putin's press conference at two in the morning on Sunday was his latest volley in the "
        "psychological battle over who is to blame for Russia's war against Ukraine.",
        encoding="utf-8",
    )
    cli("article", "add", "--outlet", "The Independent", "--author", "Mark Almond", "--text-file", str(original))
    record = json.loads(cli("log", str(SEED), "--outlet", "Telegrafi", "--json").stdout)
    assert [(link["source_id"], link["kind"], link["agent"], link["evidence"]) for link in record["links"]] == [
        (1, "back-translation", "Telegrafi", "Source: The Independent")
    ]
    trace = json.loads(cli("trace", str(record["id"]), "--json").stdout)
    assert trace["roots"] == [1]


def test_stdin_is_read_with_dash(cli: Cli) -> None:
    add_seed_outlets(cli)
    text = "Burimi: The Independent\n\nKryeministri tha se qeveria do të vazhdojë punën për reformën në drejtësi."
    result = cli("log", "-", "--outlet", "Telegrafi", "--json", input=text.encode())
    record = json.loads(result.stdout)
    assert record["language"] == "sq"
    assert [(c["kind"], c["outlet"]) for c in record["claims"]] == [("source", "The Independent")]


def test_bad_input_is_one_line_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    for path in (empty, binary, tmp_path / "missing.txt", tmp_path):
        result = cli("log", str(path))
        assert result.exit_code == 5, path
        assert len(result.stderr.splitlines()) == 1 and str(path) in result.stderr
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000, encoding="utf-8")
    result = cli("log", str(big), "--max-size", "100")
    assert result.exit_code == 5 and "--max-size" in result.stderr
    assert json.loads(cli("article", "list", "--json").stdout) == []


def test_article_add_also_records_the_claims_of_its_text(cli: Cli) -> None:
    add_seed_outlets(cli)
    added = json.loads(cli("article", "add", "--outlet", "Telegrafi", "--text-file", str(SEED), "--json").stdout)
    shown = json.loads(cli("show", str(added["id"]), "--json").stdout)
    sources = [(c["name"], c["position"], c["possible_sign_off_of"]) for c in shown["claims"] if c["kind"] == "source"]
    assert sources == [("The Independent", "header", None), ("Telegraph", "footer", "Telegrafi")]
    assert shown["derived_from"] == []


PAGE = """<!doctype html><html><head><title>Putin says no to ceasefire | Telegrafi</title>
<link rel="canonical" href="https://telegrafi.com/en/putin-says-no/">
<meta property="og:site_name" content="Telegrafi">
<meta name="author" content="Mark Almond">
<meta property="article:published_time" content="2025-05-12T08:00:00+02:00">
</head><body><nav><a href="/">Home</a> <a href="/lajme">Lajme</a></nav>
<article><h1>Putin says no to ceasefire</h1>
<p>Source: The Independent</p><p>Translation: Telegrafi.com</p>
<p>Vladimir Putin's press conference, at two o'clock on Sunday morning, was not his next volley in the
psychological battle to shape global perceptions of who really bears the blame for Russia's war.</p>
<p>Russia was ready for peace talks in Turkey on Thursday, Putin said, without any preconditions. This
means there will be no ceasefire as a precondition for the talks.</p>
<p>Negotiations are simply war by other means. /Telegraph/</p>
</article><footer>© Telegrafi 2025</footer></body></html>"""


def test_an_html_page_gives_its_text_metadata_and_publisher(cli: Cli, tmp_path: Path) -> None:
    add_seed_outlets(cli)
    cli("person", "add", "Mark Almond")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    record = json.loads(cli("log", str(page), "--json").stdout)
    assert (record["title"], record["outlet"], record["language"]) == ("Putin says no to ceasefire", "Telegrafi", "en")
    kinds = [(c["kind"], c["name"], c["outlet"] or c["person"]) for c in record["claims"]]
    assert ("source", "The Independent", "The Independent") in kinds
    assert ("author", "Mark Almond", "Mark Almond") in kinds
    shown = json.loads(cli("show", str(record["id"]), "--json").stdout)
    assert shown["url"] == "https://telegrafi.com/en/putin-says-no/"
    assert shown["published"] == "2025-05-12" and shown["authors"] == ["Mark Almond"]
    assert "Home" not in shown["text"] and "© Telegrafi" not in shown["text"]


def test_link_auto_links_a_confident_match_and_only_proposes_otherwise(cli: Cli, tmp_path: Path) -> None:
    original = tmp_path / "original.txt"
    original.write_text(
        "Putin and Zelensky in Istanbul\n\nPresident Vladimir Putin told Volodymyr Zelensky in Istanbul on "
        "15 March that Russia wants 4,500 prisoners back, Kremlin spokesman Dmitry Peskov said, quoting the "
        "Crisis Research Institute in Oxford and the Istanbul Protocol of 2022.",
        encoding="utf-8",
    )
    other = tmp_path / "other.txt"
    other.write_text(
        "Merz and Macron in Berlin\n\nChancellor Friedrich Merz told Emmanuel Macron in Berlin on 2 June that "
        "Germany wants a new treaty on energy, the Elysée said after the meeting at the Chancellery.",
        encoding="utf-8",
    )
    for path in (original, other):
        assert cli("article", "add", "--text-file", str(path)).exit_code == 0
    copy = tmp_path / "copy.txt"
    copy.write_text(original.read_text(encoding="utf-8") + "\n\n(Reuters)", encoding="utf-8")
    record = json.loads(cli("log", str(copy), "--link", "auto", "--json").stdout)
    assert [(link["source_id"], link["kind"]) for link in record["links"]] == [(1, "republication")]
    assert record["links"][0]["evidence"].startswith("provenance match: score")
    unrelated = tmp_path / "unrelated.txt"
    unrelated.write_text(
        "Storms in Lisbon\n\nHeavy rain flooded streets in Lisbon on Sunday, and the city council closed two "
        "schools while firefighters pumped water out of basements near the river.",
        encoding="utf-8",
    )
    quiet = json.loads(cli("log", str(unrelated), "--link", "auto", "--json").stdout)
    assert quiet["links"] == []
    assert cli("log", str(unrelated), "--link", "sometimes").exit_code == 2


def test_credits_behind_invisible_characters_are_read_and_names_are_stored_clean(cli: Cli, tmp_path: Path) -> None:
    article = tmp_path / "bidi.txt"
    article.write_text(
        "Headline of a relayed report\n\n\u202bSource: \u200eBBC\u202c\n\n"
        "The council met on Monday and voted to rebuild the bridge over the river.\n",
        encoding="utf-8",
    )
    record = json.loads(cli("log", str(article), "--json").stdout)
    assert [(c["kind"], c["name"]) for c in record["claims"]] == [("source", "BBC")]
    added = cli("outlet", "add", "\x1b[31mEvil\x1b[0m Times", "--json")
    assert json.loads(added.stdout)["name"] == "Evil Times"


def test_a_few_invalid_bytes_in_utf8_are_flagged_not_read_as_another_encoding(cli: Cli, tmp_path: Path) -> None:
    article = tmp_path / "damaged.txt"
    body = "Lajm i rëndësishëm: qeveria të hapur çështjen për të cilin u fol në kuvend të martën."
    article.write_bytes(body.encode("utf-8").replace(b"hapur", b"hap\xff\xfeur"))
    record = json.loads(cli("log", str(article), "--json").stdout)
    assert record["damage"] == "2 character(s) lost in an earlier conversion (shown as \ufffd)"
    shown = json.loads(cli("show", str(record["id"]), "--json").stdout)
    assert "rëndësishëm" in shown["text"] and "hap\ufffd\ufffdur" in shown["text"]


def test_credits_resolve_once_the_outlet_they_name_is_added(cli: Cli) -> None:
    assert cli("outlet", "add", "Telegrafi", "--domain", "telegrafi.com", "--alias", "Telegrafi.com").exit_code == 0
    logged = json.loads(cli("log", str(SEED), "--outlet", "Telegrafi", "--json").stdout)
    assert "The Independent" in logged["unresolved"]
    before = json.loads(cli("audit", "--json").stdout)["findings"]
    assert any(f["rule"] == "unresolved-claim" and "The Independent" in f["explanation"] for f in before)
    added = cli("outlet", "add", "The Independent", "--domain", "independent.co.uk")
    assert added.exit_code == 0 and added.stderr == "1 stored credit now resolves\n"
    shown = json.loads(cli("show", str(logged["id"]), "--json").stdout)
    assert [c["outlet"] for c in shown["claims"] if c["name"] == "The Independent"] == ["The Independent"]
    after = json.loads(cli("audit", "--json").stdout)["findings"]
    assert not any(f["rule"] == "unresolved-claim" and "The Independent" in f["explanation"] for f in after)
    assert json.loads(cli("person", "add", "Mark Almond", "--json").stdout)["claims_resolved"] == 1
    assert json.loads(cli("resolve", "--json").stdout) == {"claims_resolved": 0}


def test_a_translation_logged_before_its_credited_original_is_linked_when_the_original_arrives(
    cli: Cli, tmp_path: Path
) -> None:
    add_seed_outlets(cli)
    assert cli("person", "add", "Mark Almond").exit_code == 0
    translation = json.loads(cli("log", str(SEED), "--outlet", "Telegrafi", "--json").stdout)
    assert translation["links"] == []  # The Independent is credited but none of its versions is recorded yet
    original = tmp_path / "independent.txt"
    original.write_text(
        "Putin says no to ceasefire, yes to talks with Zelensky\n\n"
        "Vladimir Putin has rejected a ceasefire but offered direct talks in Istanbul, Mark Almond writes.\n",
        encoding="utf-8",
    )
    args = ["log", str(original), "--outlet", "The Independent", "--author", "Mark Almond", "--json"]
    logged = json.loads(cli(*args).stdout)
    [link] = logged["links"]
    assert (link["derived_id"], link["source_id"]) == (translation["id"], logged["id"])
    assert link["evidence"] == "Source: The Independent" and link["agent"] == "Telegrafi"
    # Logged again, nothing is linked twice.
    assert json.loads(cli(*args).stdout)["created"] is False


def test_a_credit_to_an_outlet_created_later_by_log_resolves_and_links(cli: Cli, tmp_path: Path) -> None:
    assert cli("person", "add", "Mark Almond").exit_code == 0
    translation = json.loads(cli("log", str(SEED), "--json").stdout)
    assert "The Independent" in translation["unresolved"]
    original = tmp_path / "independent.txt"
    original.write_text("Putin rejected a ceasefire but offered direct talks, Mark Almond writes.\n", encoding="utf-8")
    args = ["log", str(original), "--outlet", "The Independent", "--create-missing", "--author", "Mark Almond"]
    logged = json.loads(cli(*args, "--json").stdout)
    assert [(link["derived_id"], link["source_id"]) for link in logged["links"]] == [(translation["id"], logged["id"])]


SIGNED = (
    "Kryeministri tha të martën se qeveria do të vazhdojë punën për reformën në drejtësi, pavarësisht protestave. "
    "Opozita ka paralajmëruar se do të bojkotojë seancën e ardhshme të Kuvendit.\n\n"
    "Sipas të dhënave të Institutit të Statistikave, inflacioni vjetor arriti në 4.2 për qind.\n\n/Telegrafi/\n"
)


def _signed(tmp_path: Path) -> str:
    path = tmp_path / "lajm.txt"
    path.write_text(SIGNED, encoding="utf-8")
    return str(path)


def test_the_publishers_own_sign_off_is_known_from_the_address_alone(cli: Cli, tmp_path: Path) -> None:
    logged = cli("log", _signed(tmp_path), "--url", "https://telegrafi.com/lajme/qeveria", "--json")
    assert logged.exit_code == 0, logged.output
    record = json.loads(logged.stdout)
    assert [(c["kind"], c["name"]) for c in record["claims"]] == [("sign_off", "Telegrafi")]
    assert json.loads(cli("outlet", "list", "--json").stdout) == [], "nothing is created without --create-missing"
    assert "Telegrafi (telegrafi.com) is not a recorded outlet" in logged.stderr
    assert cli("outlet", "add", "Telegrafi", "--domain", "telegrafi.com").exit_code == 0
    again = json.loads(cli("log", _signed(tmp_path), "--url", "https://telegrafi.com/lajme/qeveria", "--json").stdout)
    assert (again["id"], again["created"], again["outlet"]) == (record["id"], False, "Telegrafi")


def test_create_missing_makes_the_publisher_from_the_gazetteer_not_from_its_sign_off(cli: Cli, tmp_path: Path) -> None:
    url = "https://www.telegrafi.com/lajme/qeveria"
    record = json.loads(cli("log", _signed(tmp_path), "--url", url, "--create-missing", "--json").stdout)
    outlets = json.loads(cli("outlet", "list", "--json").stdout)
    assert [(o["name"], o["domains"], o["language"]) for o in outlets] == [("Telegrafi", ["telegrafi.com"], "sq")]
    assert record["outlet"] == "Telegrafi"
    assert [(c["kind"], c["resolved_to"]) for c in record["claims"]] == [("sign_off", "Telegrafi")]


def test_create_missing_names_a_site_the_gazetteer_does_not_know_by_its_domain(cli: Cli, tmp_path: Path) -> None:
    url = "https://www.lajme-nga-fshati.al/lajme/qeveria"
    record = json.loads(cli("log", _signed(tmp_path), "--url", url, "--create-missing", "--json").stdout)
    outlets = {o["name"]: o["domains"] for o in json.loads(cli("outlet", "list", "--json").stdout)}
    assert outlets["lajme-nga-fshati.al"] == ["lajme-nga-fshati.al"]
    assert record["outlet"] == "lajme-nga-fshati.al"
    # the closing "/Telegrafi/" on another site credits Telegrafi, created from the gazetteer with its domain
    assert outlets["Telegrafi"] == ["telegrafi.com"]


def test_a_subdomain_or_language_section_resolves_to_the_outlet_of_its_domain(cli: Cli, tmp_path: Path) -> None:
    assert cli("outlet", "add", "Telegrafi", "--domain", "telegrafi.com").exit_code == 0
    for url in ("https://en.telegrafi.com/news/a", "https://telegrafi.com/en/news/b"):
        record = json.loads(cli("log", _signed(tmp_path), "--url", url, "--json").stdout)
        assert record["outlet"] == "Telegrafi" and record["claims"][0]["kind"] == "sign_off", url


def test_site_domains_stop_at_the_registered_domain() -> None:
    from provenance.text.names import site_domains

    assert site_domains("en.telegrafi.com") == ("en.telegrafi.com", "telegrafi.com")
    assert site_domains("www.news.bbc.co.uk") == ("news.bbc.co.uk", "bbc.co.uk")
    assert site_domains("telegrafi.com") == ("telegrafi.com",)
    assert site_domains("localhost") == ()


@given(st.lists(st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True), min_size=1, max_size=6))
def test_site_domains_are_ever_shorter_suffixes_of_the_host(labels: list[str]) -> None:
    from provenance.text.names import site_domains

    host = ".".join(labels)
    found = site_domains(host)
    assert all(len(domain.split(".")) >= 2 for domain in found)
    assert all(longer.endswith("." + shorter) for longer, shorter in pairwise(found))
    if found:
        assert found[0] == host.removeprefix("www.")


def test_create_missing_never_makes_outlets_or_people_of_dates_pages_or_countries(cli: Cli, tmp_path: Path) -> None:
    article = tmp_path / "arkiv.txt"
    article.write_text(
        "Një artikull i vjetër për luftën ballkanike, i botuar në gazetën amerikane dhe i përkthyer sot.\n\n"
        "Gazeta shkruante se qeveria do të takohej me ambasadorët e Fuqive të Mëdha në Londër.\n\n"
        "Burimi : The New York Times, e hënë, 26 qershor 1911, f.5\n"
        "Izvor: Reuters/Hina\n",
        encoding="utf-8",
    )
    record = json.loads(cli("log", str(article), "--create-missing", "--json").stdout)
    assert [(c["kind"], c["name"]) for c in record["claims"]] == [
        ("source", "The New York Times"),
        ("source", "Reuters"),
        ("source", "Hina"),
    ]
    names = {o["name"] for o in json.loads(cli("outlet", "list", "--json").stdout)}
    assert names == {"The New York Times", "Reuters", "Hina"}
    assert json.loads(cli("person", "list", "--json").stdout) == []


@pytest.mark.parametrize(
    ("part", "noise"),
    [
        ("e hënë", True), ("26 qershor 1911", True), ("f.5", True), ("p. 5", True), ("12 Prill 2019", True),
        ("Francë", True), ("Crna Gora", True), ("15. marta", True), ("2019", True),
        ("The New York Times", False), ("Augustin", False), ("Marshall Project", False), ("N1", False),
        ("Srbija danas", False), ("BBC", False), ("The Sun", False), ("Der Freitag", False), ("Sun", True),
        ("e premte", True),
    ],
)  # fmt: skip
def test_citation_noise_is_told_from_names(part: str, noise: bool) -> None:
    from provenance.text.citations import is_citation_noise

    assert is_citation_noise(part) is noise


@given(
    st.lists(
        st.sampled_from(["26", "1911", "qershor", "Prill", "June", "lipnja", "e hënë", "Monday", "15."]), min_size=1
    ),
    st.text(max_size=30),
)
def test_dates_are_noise_and_a_part_with_a_name_in_it_is_not(date_words: list[str], anything: str) -> None:
    from provenance.text.citations import is_citation_noise

    is_citation_noise(anything)  # never raises, whatever it is given
    assert is_citation_noise(" ".join(date_words))
    assert not is_citation_noise(" ".join([*date_words, "Kurir"]))


SERBIAN_RELAY = (
    "Vlada Srbije usvojila je danas set mera za pomoć poljoprivrednicima, a odluka stupa na snagu "
    "od prvog narednog meseca, piše Ројтерс.\n\nMere obuhvataju subvencije za gorivo i đubrivo."
)


def _article(tmp_path: Path, text: str) -> str:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_create_missing_makes_a_credited_outlet_from_the_gazetteer_under_its_own_name(cli: Cli, tmp_path: Path) -> None:
    record = json.loads(cli("log", _article(tmp_path, SERBIAN_RELAY), "--create-missing", "--json").stdout)
    assert [(c["name"], c["resolved_to"]) for c in record["claims"]] == [("Ројтерс", "Reuters")]
    outlets = {o["name"]: o for o in json.loads(cli("outlet", "list", "--json").stdout)}
    assert outlets["Reuters"]["domains"] == ["reuters.com"] and "Ројтерс" in outlets["Reuters"]["aliases"]


def test_a_credit_in_another_script_resolves_to_the_recorded_outlet(cli: Cli, tmp_path: Path) -> None:
    assert cli("outlet", "add", "Reuters", "--domain", "reuters.com").exit_code == 0
    record = json.loads(cli("log", _article(tmp_path, SERBIAN_RELAY), "--json").stdout)
    assert [(c["name"], c["resolved_to"]) for c in record["claims"]] == [("Ројтерс", "Reuters")]
    assert record["unresolved"] == []


def test_create_missing_does_not_invent_an_outlet_read_from_prose(cli: Cli, tmp_path: Path) -> None:
    path = _article(
        tmp_path,
        "Qeveria miratoi sot paketën e masave për fermerët, raporton Fshati News.\n\n"
        "Masat hyjnë në fuqi muajin e ardhshëm dhe përfshijnë subvencione për karburantin.",
    )
    result = cli("log", path, "--create-missing")
    assert result.exit_code == 0, result.output
    assert "not created: Fshati News" in result.output
    assert json.loads(cli("outlet", "list", "--json").stdout) == []


def test_an_outlet_the_user_recorded_is_known_to_claim_reading_like_the_gazetteer(cli: Cli, tmp_path: Path) -> None:
    text = (
        "Kryeministri e tha këtë në një intervistë për Zëri i Fshatit, pak para mbledhjes së qeverisë.\n\n"
        "Masat hyjnë në fuqi muajin e ardhshëm dhe përfshijnë subvencione për karburantin."
    )
    before = json.loads(cli("log", _article(tmp_path, text), "--json").stdout)
    assert before["claims"] == []
    assert cli("outlet", "add", "Zëri i Fshatit", "--domain", "zerifshatit.al").exit_code == 0
    after = json.loads(cli("log", _article(tmp_path, text + " Masat u miratuan njëzëri."), "--json").stdout)
    assert [(c["kind"], c["name"], c["resolved_to"]) for c in after["claims"]] == [
        ("source", "Zëri i Fshatit", "Zëri i Fshatit")
    ]
