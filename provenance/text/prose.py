"""Outlets credited in running prose: "told the BBC", "according to Ројтерс", "a Telex szerint".

A name in a sentence is read as a credited outlet when the gazetteer knows it (as written, in another
script, or declined: "Rojtersa", "Politiku", "Reuters'a") and a reporting word stands within a few
words of it, on the same side of any quotation mark. Reporting words are kept as word beginnings per
language and folded like the text, so one entry matches every spelling and script of its word. A
name the gazetteer does not know is left to the label and relay rules, which ask more of the words
around it; an outlet named as someone's employer ("Habertürk sunucusu", "novinar BN TV") is not read
as a credit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from provenance.text.citations import is_citation_noise
from provenance.text.gazetteer import KnownOutlet, known_outlet
from provenance.text.names import domain_of, fold

# Beginnings of reporting words (verbs, prepositions, nouns), by language. Folded before use.
REPORTING: dict[str, tuple[str, ...]] = {
    "en": (
        "according", "report", "told", "tells", "interview", "wrote", "writes", "written", "publish", "said", "says",
        "cited", "citing", "quoted", "seen", "obtained", "reveal", "noted", "investigation", "broke", "story",
        "article", "statement", "per", "via", "source", "claims", "disputing", "challenged",
    ),
    "sq": (
        "sipas", "shkruan", "shkroi", "shkrim", "raport", "transmet", "botuar", "botoi", "publik", "intervist",
        "deklar", "tha", "shpreh", "njofto", "citon", "cituar", "percjell", "thekson", "perkufizon", "gazet",
        "agjenci", "faqet", "reportazh", "artikull",
    ),
    "bcms": (
        "pise", "pisao", "pisal", "pisanj", "prenos", "prenel", "preneo", "prenio", "javl", "objav", "navod",
        "izjav", "rekao", "rekla", "kazal", "kazao", "potvrd", "intervj", "analiz", "prema", "izvor", "agencij",
        "listu", "lista", "portal", "saznaj", "pozivaj",
    ),
    "cyr": (
        "пише", "преноси", "пренесува", "јавља", "јавува", "објав", "навод", "изјав", "рекао", "према", "според",
        "извор", "съобщ", "цитира", "предава", "сообщ", "пишет", "писал", "передает", "передаёт", "данным",
        "информации", "ссылк", "заяв", "рассказал", "интервью", "интерв", "цитата", "агентств", "издани",
        "газет", "телеканал", "статья", "статью", "статей", "повідом", "даними", "посиланн", "видання", "перевод",
        "переклад", "оригинал", "оригінал", "подает", "публику", "текста", "материал",
    ),
    "de": (
        "laut", "zufolge", "bericht", "schreibt", "schrieb", "meldet", "meldete", "sagte", "sagt", "interview",
        "gegenuber", "angaben", "zeitung", "bezieht", "zitiert", "quelle", "veroffentlich", "erschien", "schreibt",
    ),
    "fr": (
        "selon", "apres", "rapport", "ecrit", "declare", "entretien", "interview", "cite", "relaye", "paru",
        "publie", "indique", "affirme", "revele", "article", "quotidien", "agence",
    ),
    "es": (
        "segun", "acuerdo", "inform", "public", "dijo", "declaro", "entrevista", "citado", "recoge", "revelo",
        "noticia", "diario", "agencia",
    ),
    "it": (
        "secondo", "riport", "riferisce", "scrive", "scritto", "detto", "dichiarato", "intervista", "citato",
        "rivela", "pubblicat", "annunciarlo", "notizia", "quotidiano", "giornale", "fonte", "rassegna",
    ),
    "pt": (
        "segundo", "acordo", "disse", "afirmou", "informou", "publicou", "entrevista", "obtido", "procurad",
        "revelou", "noticiou", "citado", "jornal", "reportagem", "materia", "site",
    ),
    "ro": (
        "potrivit", "conform", "relateaza", "scrie", "informeaza", "citat", "declarat", "interviu", "arata",
        "citand", "noteaza", "anunta", "transmite", "studiu", "reportaj",
    ),
    "hu": (
        "szerint", "irja", "irta", "jelentette", "kozolte", "nyilatkoz", "ertesules", "kerdesere", "interju",
        "beszamolt", "cikk", "hirugynokseg", "lap",
    ),
    "tr": (
        "gore", "haber", "aktar", "bildir", "yazdi", "duyurdu", "gecti", "acikla", "konus", "dayandir", "kaynak",
        "roportaj", "gazete", "ajans", "programi",
    ),
    "pl": (
        "wedlug", "podaje", "podal", "informuje", "pisze", "napisal", "rozmowie", "wywiad", "antenie", "przekazal",
        "powiedzial", "zrodlo", "podala",
    ),
    "cs": (
        "podle", "podla", "uvedl", "uviedol", "informuje", "informoval", "napsal", "pise", "rozhovoru", "agentur",
        "server", "odvolanim", "zverejnil", "upozornil", "sprav", "zaradila",
    ),
    "el": ("συμφωνα", "γραφει", "μεταδιδει", "αρθρο"),
    "sl": ("porocajo", "pogovoru", "izjavil", "pise", "vprasanje"),
}  # fmt: skip
# Words saying the outlet employs someone rather than told the story ("Sözcü yazarı", "novinar BN TV").
EMPLOYER_WORDS: tuple[str, ...] = (
    "journalist", "reporter", "correspondent", "columnist", "editor", "anchor", "host", "presenter", "gazetar",
    "novinar", "dopisnik", "urednik", "voditelj", "yazar", "muhabir", "sunucu", "temsilci", "korrespondent",
    "корреспондент", "колумнист", "журналист", "новинар", "дописник", "уредник", "dziennikarz", "redaktor",
    "ekipa", "екипа", "kolege", "kolumnist", "zaposleni", "employee", "worked", "former", "ish-", "direct",
    "direkt", "директор", "gendirektor", "генди", "chief", "redakt", "редакт", "drejtor",
)  # fmt: skip
_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "de",
        "del",
        "della",
        "di",
        "e",
        "i",
        "and",
        "&",
        "la",
        "le",
        "el",
        "da",
        "do",
        "dos",
        "des",
        "der",
        "die",
        "das",
        "für",
        "am",
        "im",
        "och",
        "og",
        "van",
        "von",
        "y",
        "et",
    ]
)
_QUOTES = '"“”„«»‟‘’‚‹›'
_TOKEN = re.compile(r"\S+")
_EDGE = "\"“”„«»‟‘’‚‹›'()[]{}<>.,;:!?*_—–-"
_MAX_GAP = 3


def _fold_all(entries: dict[str, tuple[str, ...]] | tuple[str, ...]) -> tuple[str, ...]:
    words = entries if isinstance(entries, tuple) else tuple(w for group in entries.values() for w in group)
    return tuple(sorted({fold(w) for w in words}))


_REPORTING = _fold_all(REPORTING)
_EMPLOYER = _fold_all(EMPLOYER_WORDS)


@dataclass(frozen=True)
class ProseCredit:
    """An outlet a sentence credits: the name as written, the gazetteer's outlet, and where it stands."""

    written: str
    outlet: KnownOutlet
    start: int
    end: int


@dataclass(frozen=True)
class _Token:
    text: str
    bare: str
    key: str
    start: int
    end: int
    breaks_before: bool
    breaks_after: bool


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        bare = raw.strip(_EDGE)
        lead = len(raw) - len(raw.lstrip(_EDGE))
        start = match.start() + lead
        tokens.append(
            _Token(
                raw,
                bare,
                fold(bare),
                start,
                start + len(bare),
                breaks_before=any(c in _QUOTES for c in raw[:lead]),
                breaks_after=bool(re.search(r"[.!?…]$|[" + re.escape(_QUOTES) + r"]", raw[lead + len(bare) :])),
            )
        )
    return tokens


def _capitalized(token: _Token) -> bool:
    first = token.bare[:1]
    return bool(first) and (first.isupper() or first.isdigit() or not first.islower())


def _starts(key: str, beginnings: tuple[str, ...]) -> bool:
    return any(key.startswith(b) for b in beginnings)


def _spans(tokens: list[_Token]) -> Iterator[tuple[int, int]]:
    """Runs of capitalized tokens (joined by connectors), longest first from each start."""
    i = 0
    while i < len(tokens):
        if not tokens[i].bare or not _capitalized(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j - i < 6 and not tokens[j - 1].breaks_after and not tokens[j].breaks_before:
            if _capitalized(tokens[j]) or (
                tokens[j].key in _CONNECTORS and j + 1 < len(tokens) and _capitalized(tokens[j + 1])
            ):
                j += 1
                continue
            break
        yield i, j
        i = j


def _known(tokens: list[_Token], start: int, end: int) -> tuple[int, int, KnownOutlet] | None:
    """The longest part of tokens[start:end] the gazetteer knows as a named outlet or a written domain."""
    for length in range(end - start, 0, -1):
        for first in range(start, end - length + 1):
            words = tokens[first : first + length]
            if not (_capitalized(words[0]) and _capitalized(words[-1])) or words[0].key in _CONNECTORS:
                continue
            written = " ".join(t.bare for t in words)
            if is_citation_noise(written):
                continue  # "am Freitag" is a day before it is der Freitag
            outlet = known_outlet(written, accents=length == 1)
            if outlet is None:
                continue
            if outlet.source != "curated" and outlet.source != "fundus" and domain_of(written) is None:
                continue  # a bare domain's first label ("Time", "Index") is a word before it is an outlet
            return first, first + length, outlet
    return None


def _near(tokens: list[_Token], start: int, end: int, beginnings: tuple[str, ...]) -> bool:
    """Whether a word beginning with one of ``beginnings`` stands within a few words of the span,
    with no quotation mark or sentence end between."""
    for i in range(start - 1, max(-1, start - 1 - _MAX_GAP), -1):
        if tokens[i].breaks_after:
            break
        if _starts(tokens[i].key, beginnings):
            return True
        if tokens[i].breaks_before:
            break
    for i in range(end, min(len(tokens), end + _MAX_GAP)):
        if tokens[i - 1].breaks_after or tokens[i].breaks_before:
            break
        if _starts(tokens[i].key, beginnings):
            return True
    return False


def _employed(tokens: list[_Token], start: int, end: int) -> bool:
    before = tokens[max(0, start - 3) : start]
    after = tokens[end : end + 1]
    return any(_starts(t.key, _EMPLOYER) for t in (*before, *after))


def prose_credits(text: str) -> list[ProseCredit]:
    """The outlets ``text`` (one line of running prose) credits, in order."""
    tokens = _tokens(text)
    found: list[ProseCredit] = []
    for start, end in _spans(tokens):
        known = _known(tokens, start, end)
        if known is None:
            continue
        first, last, outlet = known
        if _employed(tokens, first, last) or not _near(tokens, first, last, _REPORTING):
            continue
        written = text[tokens[first].start : tokens[last - 1].end]
        found.append(ProseCredit(written, outlet, tokens[first].start, tokens[last - 1].end))
    return found
