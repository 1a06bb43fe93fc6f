"""Tests of provenance.text.reading: decoding, mojibake repair, HTML extraction, title/body split, bad input."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from provenance.errors import InputError, MissingDependencyError
from provenance.text.reading import find_damage, read_article, read_article_file, split_title_body
from tests.conftest import SEED, WMT16

ALBANIAN = (
    "Kryeministri tha se qeveria do të përgatisë një plan të ri për ekonominë.\n\n"
    "Sipas tij, reformat do të fillojnë në vjeshtë dhe do të zgjasin dy vjet. "
    "Opozita kërkoi që plani të diskutohet në Kuvend përpara se të miratohet.\n"
)
FINNISH = "Pääministeri kertoi, että hallitus esittää syksyllä uuden talousohjelman.\n"


def _page(body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Putin says no to ceasefire | Telegrafi</title>
<meta property="og:title" content="Putin says no to ceasefire">
<meta property="og:site_name" content="Telegrafi">
<meta name="author" content="Mark Almond">
<meta property="article:published_time" content="2025-05-12T08:30:00+02:00">
<link rel="canonical" href="https://telegrafi.com/en/putin-says-no/">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Putin says no to ceasefire</h1>
<p>Source: The Independent</p>
{body}
<p>/Telegraph/</p>
</article>
<footer>Copyright Telegrafi 2025. All rights reserved.</footer>
</body></html>"""


_PARAGRAPHS = "\n".join(
    f"<p>Paragraph {i}: Vladimir Putin's press conference was not his next volley in the "
    f"psychological battle to shape global perceptions of the war against Ukraine.</p>"
    for i in range(6)
)


def test_seed_title_and_body_are_split() -> None:
    article = read_article_file(SEED)
    assert article.title == 'Putin says "no" to ceasefire, "yes" to talks with Zelensky: What does he really want?'
    assert article.body.startswith("Vladimir Putin's press conference")
    assert "LATEST NEWS" not in article.body
    assert "Photo collage" not in article.body
    assert article.body.rstrip().endswith("(Mark Almond is director of the Crisis Research Institute, Oxford)")
    assert article.text.startswith("LATEST NEWS:")
    assert "Source: The Independent" in article.text
    assert (article.encoding, article.repaired, article.damage, article.is_html) == ("utf-8", False, None, False)


def test_short_line_before_blank_line_is_a_title() -> None:
    title, body = split_title_body("BREAKING:\n\nFloods in Shkodër\n\nRivers rose overnight.")
    assert (title, body) == ("Floods in Shkodër", "Rivers rose overnight.")


def test_sentence_first_line_is_not_a_title() -> None:
    text = "The minister resigned on Monday.\nHe gave no reason."
    assert split_title_body(text) == (None, text)


def test_bom_and_crlf_are_removed() -> None:
    article = read_article(b"\xef\xbb\xbfHeadline here\r\n\r\nFirst line of body.\rSecond line.\r\n")
    assert article.title == "Headline here"
    assert article.body == "First line of body.\nSecond line."
    assert "\r" not in article.text and "\ufeff" not in article.text
    assert article.encoding == "utf-8"


SERBIAN = "Vlada je saopštila da će pregovori početi u četvrtak, rekao je Đorđe Žižić."
RUSSIAN = "Кремль заявил, что переговоры начнутся в четверг."


@pytest.mark.parametrize(
    ("codec", "text"),
    [("cp1252", FINNISH), ("cp1250", ALBANIAN), ("cp1250", SERBIAN), ("cp1251", RUSSIAN), ("koi8-r", RUSSIAN)],
)
def test_legacy_code_pages_are_decoded(codec: str, text: str) -> None:
    article = read_article(text.encode(codec))
    assert article.text == text.strip()
    assert article.encoding != "utf-8"
    assert article.damage is None


def test_utf16_with_bom_is_decoded() -> None:
    article = read_article("Otsikko\n\nPääministeri kertoi asiasta.".encode("utf-16"))
    assert article.title == "Otsikko"
    assert article.encoding == "utf-16"


@pytest.mark.parametrize("codec", ["cp1250", "cp1252"])
def test_mojibake_is_repaired(codec: str) -> None:
    damaged = FINNISH.encode("utf-8").decode(codec).encode("utf-8")
    article = read_article(damaged)
    assert article.text == FINNISH.strip()
    assert article.repaired is True
    assert article.damage is None


def test_albanian_mojibake_is_repaired() -> None:
    damaged = ALBANIAN.encode("utf-8").decode("cp1250").encode("utf-8")
    assert "Ă«" in damaged.decode("utf-8")
    article = read_article(damaged)
    assert "përgatisë" in article.text and article.repaired


def test_line_mixing_mojibake_and_clean_letters_is_repaired() -> None:
    # The lingsoft files do this: "hĂ¤net" beside "pidä" on one line, so no code page re-encodes it whole.
    damaged = "Otsikko\n\nEi pidä enää jatkaa, joten hĂ¤net tuomittiin.\nToinen rivi on kunnossa."
    article = read_article(damaged.encode("utf-8"))
    assert article.text == "Otsikko\n\nEi pidä enää jatkaa, joten hänet tuomittiin.\nToinen rivi on kunnossa."
    assert article.repaired and article.damage is None


def test_lingsoft_files_are_repaired() -> None:
    for path in sorted((WMT16 / "translations/fi/lingsoft").glob("*.txt")):
        article = read_article_file(path)
        assert article.repaired, path
        assert article.damage is None, path
        assert "Ă" not in article.text and "\ufeff" not in article.text, path


def test_unrepairable_damage_is_reported() -> None:
    assert find_damage("Kryeministri tha se \ufffd qeveria") is not None
    assert find_damage("pĂ¤Ă¤ministeri") is not None
    assert find_damage("Kryeministri tha se qeveria do tė pėrgatisė") is not None
    assert find_damage("Pääministeri kertoi ”Älä” ja lähti.") is None


def test_html_page_gives_main_text_and_metadata() -> None:
    article = read_article(_page(_PARAGRAPHS).encode("utf-8"), source_name="page.html")
    assert article.is_html
    assert article.title == "Putin says no to ceasefire"
    assert article.url == "https://telegrafi.com/en/putin-says-no/"
    assert article.site_name == "Telegrafi"
    assert article.author == "Mark Almond"
    assert article.published == "2025-05-12"
    assert "Paragraph 0: Vladimir Putin's press conference" in article.body
    assert "Source: The Independent" in article.text
    assert "Home" not in article.text and "All rights reserved" not in article.text


def test_html_is_read_when_forced() -> None:
    markup = f"<article><h1>Putin says no</h1>{_PARAGRAPHS}</article>"
    assert read_article(markup.encode("utf-8"), is_html=True).is_html
    assert not read_article(b"Plain <b>text</b> about tags.", is_html=False).is_html


def test_a_broken_html_stack_is_a_one_line_missing_dependency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import now raises ImportError
    markup = f"<article><h1>Putin says no</h1>{_PARAGRAPHS}</article>"
    with pytest.raises(MissingDependencyError, match="reading HTML needs trafilatura") as caught:
        read_article(markup.encode("utf-8"), is_html=True)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"  \r\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_bad_bytes_raise_input_error(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=rf"^found\.txt: .*{words}"):
        read_article(data, source_name="found.txt")


def test_too_large_names_the_limit_and_the_option() -> None:
    with pytest.raises(InputError, match=r"^big\.txt: .*limit of 10 bytes; use --max-size"):
        read_article(b"x" * 11, source_name="big.txt", max_bytes=10)


def test_bad_paths_raise_input_error(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 100)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    cases = [(tmp_path / "missing.txt", "no such file"), (tmp_path, "directory; .* `provenance import`")]
    cases += [(empty, "empty"), (binary, "binary"), (big, "--max-size")]
    for path, words in cases:
        with pytest.raises(InputError, match=words) as caught:
            read_article_file(path, max_bytes=100)
        assert str(caught.value).startswith(f"{path}: ")
        assert "\n" not in str(caught.value)


def test_every_wmt16_file_reads_without_damage() -> None:
    with (WMT16 / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    paths = {row["translation"] for row in rows} | {row["original"] for row in rows}
    for name in sorted(paths):
        article = read_article_file(WMT16 / name)
        assert article.body and article.damage is None, name
