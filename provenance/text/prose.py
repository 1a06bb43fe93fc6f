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

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from provenance.text.citations import is_citation_noise
from provenance.text.gazetteer import (
    MEDIA_NOUNS,
    NAMED_SOURCES,
    OUTLET_WORDS,
    KnownOutlet,
    gazetteer,
    known_outlet,
    made_like_outlet,
    may_name_recorded_outlet,
    may_name_shipped_outlet,
    recorded_outlets_in_force,
    spellings_of,
)
from provenance.text.names import URL, domain_of, fold, normalize_name
from provenance.vocabulary import ClaimKind

# Beginnings of reporting words (verbs, prepositions, nouns), by language. Folded before use.
REPORTING: dict[str, tuple[str, ...]] = {
    "en": (
        "according", "report", "told", "tells", "tell", "interview", "wrote", "writes", "written", "publish", "said",
        "says", "cited", "citing", "quoted", "seen", "obtained", "reveal", "noted", "investigation", "broke", "story",
        "article", "statement", "per", "via", "source", "claims", "disputing", "challenged", "newspaper", "paper",
        "magazine", "channel", "broadcaster", "network", "outlet", "agency", "program", "show", "edition",
        "podcast", "appeared", "explained", "editorial", "column", "op-ed", "piece", "courtesy", "ran", "identified",
        "added", "splash",
    ),
    "sq": (
        "sipas", "shkruan", "shkroi", "shkrim", "raport", "transmet", "botuar", "botoi", "publik", "intervist",
        "deklar", "tha", "shpreh", "njofto", "citon", "cituar", "percjell", "thekson", "perkufizon", "gazet",
        "agjenci", "faqet", "reportazh", "artikull", "revist", "televizion", "media", "percoll", "interesim",
    ),
    "bcms": (
        "pise", "pisao", "pisal", "pisanj", "prenos", "prenel", "preneo", "prenio", "prenijel", "javl", "objav",
        "navod",
        "izjav", "rekao", "rekla", "kazal", "kazao", "potvrd", "intervj", "analiz", "prema", "izvor", "agencij",
        "listu", "lista", "portal", "saznaj", "pozivaj", "objasn", "emisij", "televizij", "kanal", "novin",
        "istic", "gostuj", "kaze", "ocenj", "ocjenj", "oceni", "ocijeni", "receno", "govori", "ispric", "emitovan",
        "emitiran", "tvrdi",
        "otkriva",
    ),
    "cyr": (
        "пише", "преноси", "пренесува", "јавља", "јавува", "објав", "навод", "изјав", "рекао", "према", "според",
        "извор", "съобщ", "цитира", "предава", "предаде", "сообщ", "пишет", "писал", "передает", "передаёт", "данным",
        "информации", "ссылк", "заяв", "рассказал", "интервью", "интерв", "цитата", "агентств", "издани",
        "газет", "телеканал", "статья", "статью", "статей", "повідом", "даними", "посиланн", "видання", "перевод",
        "переклад", "оригинал", "оригінал", "подает", "публику", "текста", "материал", "канал", "телевиз",
        "весник", "журнал", "емисиј", "радио", "истич", "приводит", "каже", "оцењ", "оцјењ", "речено", "пред",
        "јави", "отмеча", "зазнача",
    ),
    "de": (
        "laut", "zufolge", "bericht", "schreibt", "schrieb", "meldet", "meldete", "sagte", "sagt", "interview",
        "gegenuber", "angaben", "zeitung", "bezieht", "zitiert", "quelle", "veroffentlich", "erschien",
        "zeitschrift", "magazin", "sender", "fernseh", "ausgabe", "sendung", "bewertung", "podcast", "artikel",
        "beitrag", "erscheint", "vorliegt", "vorlag", "eingesehen", "anfrage", "gemeldet", "siehe",
    ),
    "fr": (
        "selon", "apres", "rapport", "ecrit", "declare", "entretien", "interview", "cite", "relaye", "paru",
        "publie", "indique", "affirme", "revele", "revelation", "article", "quotidien", "agence", "journal", "chaine",
        "explique", "consulte", "obtenu", "procure", "confrere", "signale",
    ),
    "es": (
        "segun", "acuerdo", "inform", "public", "dijo", "declaro", "declaraciones", "entrevista", "citado", "recoge",
        "revela", "revelo", "articulo",
        "noticia", "diario", "agencia", "periodico", "cadena", "leer", "explic", "consultad", "obtenid", "recogid",
    ),
    "it": (
        "secondo", "riport", "riferisce", "scrive", "scritto", "detto", "dichiarato", "intervista", "citato",
        "rivela", "pubblicat", "annunciarlo", "notizia", "quotidiano", "giornale", "fonte", "rassegna", "spiega",
        "visionat", "consultat", "ottenut",
    ),
    "pt": (
        "segundo", "acordo", "disse", "afirmou", "informou", "publicou", "entrevista", "obtido", "procurad",
        "revelou", "noticiou", "noticiad", "citado", "jornal", "reportagem", "materia", "site", "explic",
    ),
    "ro": (
        "potrivit", "conform", "relateaza", "scrie", "informeaza", "citat", "declarat", "interviu", "arata",
        "citand", "noteaza", "anunta", "transmite", "studiu", "reportaj", "citeaz", "prelua", "consultat", "obtinut",
        "vazut", "sublini", "spus", "spune",
    ),
    "hu": (
        "szerint", "irja", "irta", "jelentette", "kozolte", "nyilatkoz", "ertesules", "kerdesere", "interju",
        "beszamolt", "cikk", "hirugynokseg", "lap", "televizi", "radio", "musor", "megkereses", "megjegyezte",
        "szamolt", "megjelent", "hozzatett", "irt", "cikkez", "ertesult", "mondta", "kerdezte",
    ),
    "tr": (
        "gore", "haber", "aktar", "bildir", "yazdi", "yazmis", "duyurdu", "gecti", "acikla", "konus", "dayandir",
        "kaynak", "roportaj", "gazete", "ajans", "programi", "soylesi", "manset", "sorular", "sorusu", "yayinlan",
        "yayininda", "koses",
    ),
    "pl": (
        "wedlug", "podaje", "podal", "informuje", "pisze", "napisal", "rozmowie", "wywiad", "antenie", "przekazal",
        "powiedzial", "zrodlo", "podala", "mowil", "mowila", "stwierdzil", "twierdzil",
    ),
    "cs": (
        "podle", "podla", "uvedl", "uviedol", "informuje", "informoval", "napsal", "pise", "rozhovor", "agentur",
        "rozhlas", "denik", "dennik",
        "server", "odvolanim", "zverejnil", "upozornil", "sprav", "zaradila", "pripomen", "pripomn",
    ),
    "el": ("συμφωνα", "γραφει", "μεταδιδει", "αρθρο", "αναφερ", "συνεντευξ", "εφημεριδ"),
    "sl": ("porocajo", "pogovoru", "izjavil", "pise", "vprasanje"),
    "nordic": ("enligt", "ifolge", "skriver", "rapporterar", "rapporterer", "intervju", "uppger", "opplyser"),
    "et": ("vahenda", "teatas", "kirjutas", "andmetel", "intervjuus"),
}  # fmt: skip
# Words saying the outlet employs someone ("Sözcü yazarı", "novinar BN TV", "AA Genel Müdürü") or is a place someone
# went to, rather than told the story.
EMPLOYER_WORDS: tuple[str, ...] = (
    "founder", "owner", "chairman", "insider", "journalist", "reporter", "correspondent", "columnist", "editor",
    "anchor", "host", "presenter", "gazetar", "novinar", "jornalist", "periodist", "giornalist", "dopisnik", "urednik",
    "voditelj", "yazar",
    "muhabir", "sunucu", "temsilci", "korrespondent", "munkatars", "ujsagiro", "riporter", "szerkeszto",
    "корреспондент", "колумнист", "журналист", "новинар", "дописник", "уредник", "dziennikarz", "redaktor",
    "ekipa", "екипа", "kolege", "kolumnist", "zaposleni", "employee", "worked", "former", "ish-", "direct",
    "direkt", "директор", "gendirektor", "генди", "chief", "redakt", "редакт", "drejtor", "mudur", "yonetmen",
    "manag",
    # the outlet as a place someone visited or stood in, not a teller: "AA Malatya Bürosunu ziyaretinde"
    "buros", "bureau", "headquarters", "siedzib", "prostorij", "просториј",
    # its representatives met, not its reports: "u razgovoru sa predstavnicima agencije Beta istakao"
    "predstavni", "представни", "representativ", "perfaqesues", "predstavitel",
)  # fmt: skip
_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "de",
        "del",
        "della",
        "dello",
        "delle",
        "degli",
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
_MAX_GAP = 7


def _fold_all(entries: dict[str, tuple[str, ...]] | tuple[str, ...]) -> tuple[str, ...]:
    words = entries if isinstance(entries, tuple) else tuple(w for group in entries.values() for w in group)
    return tuple(sorted({fold(w) for w in words}))


# Beginnings of words that make the credited outlet the translator ("ИноСМИ сделало … перевод").
TRANSLATING: tuple[str, ...] = (
    "перевод", "переклад", "превод", "prevod", "prijevod", "perkth", "translat", "ubersetz", "traduc", "traduz",
    "tradus", "tlumacz", "preklad", "fordit", "ceviri", "ceviren",
)  # fmt: skip
# Words after a name that make it the sentence's subject being described ("„Нова Македонија“ е … весник"), folded.
COPULAS = frozenset(
    fold(w)
    for w in (
        "is", "was", "are", "were", "ist", "war", "est", "était", "es", "era", "è", "é", "e", "este", "je", "jest",
        "bio", "bila", "është", "ishte", "е", "беше", "је", "бил", "била", "был", "была", "было", "является", "є",
        "був", "була",
    )
)  # fmt: skip
_TRANSLATING = _fold_all(TRANSLATING)


def _script(word: str) -> str:
    """The script of a word's first letter: "cyrillic", "greek" or "latin" (any other)."""
    first = next((c for c in word if c.isalpha()), "a")
    if "\u0400" <= first <= "\u052f":
        return "cyrillic"
    return "greek" if "\u0370" <= first <= "\u03ff" or "\u1f00" <= first <= "\u1fff" else "latin"


# Reporting words for a word in Latin letters, and for one in any other script. A Latin word is compared with the
# Latin entries only, as folding makes Cyrillic "оригинал" the English "original" and "пред" the start of
# "predict"; a Cyrillic word is compared with all, the Latin spellings of Serbian included ("тврди", "tvrdi").
_REPORTING_LATIN = tuple(
    sorted({fold(w) for group in (*REPORTING.values(), TRANSLATING) for w in group if _script(w) == "latin"})
)
_REPORTING_ALL = tuple(sorted(set(_fold_all(REPORTING)) | set(_TRANSLATING)))


def _reporting(word: str, key: str) -> bool:
    """Whether ``word`` (its folded ``key``) begins like a reporting word of its own script; "reportedly" says
    someone reported, not that the name beside it did."""
    if key in _HEARSAY or key.startswith(_FALSE_FRIENDS):
        return False
    return _starts(key, _REPORTING_LATIN if _script(word) == "latin" else _REPORTING_ALL)


_HEARSAY = frozenset({"reportedly", "allegedly"})
_FALSE_FRIENDS = ("materializ", "materialis")  # English "failed to materialize" is no Portuguese "matéria"


_EMPLOYER = _fold_all(EMPLOYER_WORDS)
_NOT_EMPLOYER = ("editorial", "editorijal")  # "a Vedomosti editorial" is the outlet's piece, not its editor


@dataclass(frozen=True)
class ProseCredit:
    """An outlet a sentence credits: the name as written, the gazetteer's outlet, where it stands, and
    whether the words around it make it the source or the translator."""

    written: str
    outlet: KnownOutlet | None
    """None for a name the gazetteer does not know, read as an outlet by its shape or the noun before it."""
    start: int
    end: int
    kind: ClaimKind = "source"


class _Token(NamedTuple):
    text: str
    bare: str
    key: str
    start: int
    end: int
    quote_before: bool
    quote_after: bool
    stop_after: bool
    joins_next: bool

    @property
    def breaks_after(self) -> bool:
        return self.quote_after or self.stop_after


_LIST_JOIN = frozenset(
    ["and", "und", "sowie", "et", "y", "e", "i", "и", "і", "ve", "ja", "es", "og", "och", "та", "dhe", "si", "oraz"]
)  # folded: "és", "și" and "şi" are "es" and "si"


_QUOTE_SET = frozenset(_QUOTES)
_EDGE_SET = frozenset(_EDGE)


@functools.lru_cache(maxsize=100_000)
def _token_traits(raw: str) -> tuple[int, str, str, bool, bool, bool, bool] | None:
    """What a whitespace-separated token holds: (where its word starts, the word, its folded key, quote
    before, quote after, sentence end, comma after); None for punctuation alone. Cached: the same tokens
    recur through a text and a batch."""
    lead = len(raw) - len(raw.lstrip(_EDGE)) if raw[0] in _EDGE_SET else 0
    bare = raw.strip(_EDGE) if (lead or raw[-1] in _EDGE_SET) else raw
    if not bare:
        return None
    edge = lead
    elided = _ELIDED.match(bare)
    if elided:  # "l'AFP", "dell'ANSA": the article is no part of the name, and its apostrophe is no quotation mark
        lead, bare = lead + elided.end(), bare[elided.end() :]
    head, tail = raw[:edge], raw[lead + len(bare) :]
    return (
        lead,
        bare,
        fold(bare),
        not _QUOTE_SET.isdisjoint(head) or head.startswith("'"),
        not _QUOTE_SET.isdisjoint(tail),
        _ends_sentence(bare, tail),
        tail.rstrip(_QUOTES).endswith(","),
    )


# An elided article or preposition glued to a capitalized name: French and Italian "l'", "d'", "dell'", "all'".
_ELIDED = re.compile(r"(?:[lLdD]|[dD]ell|[aA]ll|[sS]ull|[dD]all|[nN]ell)['’](?=[A-ZÀ-ÖØ-Þ])")


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        traits = _token_traits(raw)
        if traits is None:
            if tokens:  # a stop or a comma set apart by a space ends the word before it: "za HRT . Na pitanje"
                stop, comma = _STOP.search(raw) is not None, raw.endswith(",")
                tokens[-1] = tokens[-1]._replace(
                    stop_after=tokens[-1].stop_after or stop, joins_next=tokens[-1].joins_next or comma
                )
            continue
        lead, bare, key, quote_before, quote_after, stop_after, joins_next = traits
        start = match.start() + lead
        tokens.append(
            _Token(raw, bare, key, start, start + len(bare), quote_before, quote_after, stop_after, joins_next)
        )
    return tokens


_STOP = re.compile(r"[.!?…]$")


def _ends_sentence(bare: str, tail: str) -> bool:
    """Whether a word's trailing punctuation ends a sentence (not an address's dot, not an initial's)."""
    address = "." in bare and domain_of(bare) is not None and URL.match(bare) is None  # a link's tail ends it
    return bool(_STOP.search(tail)) and not _initial(bare) and not address


def _initial(word: str) -> bool:
    """A capital initial ("S." of "Folha de S. Paulo"), a lower-case letter ("в." for вестник) or a title
    ("Dr.") ends no sentence."""
    return (len(word) == 1 and word.isalpha()) or word.casefold() in _TITLES


_TITLES = frozenset({"dr", "mr", "mrs", "ms", "prof", "mag", "ing", "сп", "гр", "ул"})


def _capitalized(token: _Token) -> bool:
    first = token.bare[:1]
    if first and first.islower():
        # "dpa", "ntv": outlets that write themselves in lower case; "gazeta.ru’s", "http://cnbc.com/id/1": addresses
        bare = token.bare
        address = _ADDRESS.match(bare) is not None or URL.match(bare) is not None
        return bare in _LOWERCASE_NAMES or ("." in bare and address)
    return bool(first) and (first.isupper() or first.isdigit() or not first.islower())


@functools.cache
def _lowercase_names() -> frozenset[str]:
    return frozenset(n for o in gazetteer().outlets if o.source == "curated" for n in o.names if n[:1].islower())


class _Lower:
    def __contains__(self, word: object) -> bool:
        return word in _lowercase_names()


_LOWERCASE_NAMES = _Lower()


class Beginnings:
    """Word beginnings to test words against in a few set look-ups; a beginning of four letters or fewer
    must be the whole word (Albanian "tha" is not English "that")."""

    def __init__(self, beginnings: tuple[str, ...]) -> None:
        self.memo: dict[str, bool] = {}
        self.words = frozenset(b for b in beginnings if len(b) <= 4)
        self.by_length: dict[int, frozenset[str]] = {}
        for b in beginnings:
            if len(b) > 4:
                self.by_length[len(b)] = self.by_length.get(len(b), frozenset()) | {b}

    def begin(self, key: str) -> bool:
        """Whether ``key`` is one of the short words or begins with one of the longer beginnings."""
        known = self.memo.get(key)
        if known is None:
            if len(self.memo) > 200_000:
                self.memo.clear()
            known = self.memo[key] = key not in _NOT_BEGUN and (
                key in self.words or any(key[:n] in group for n, group in self.by_length.items() if len(key) >= n)
            )
        return known


# Words that begin like a listed word and mean something else: Hungarian "szerinte" is "in his view", where
# "a Telex szerint" is "according to Telex".
_NOT_BEGUN = frozenset({"szerinte", "szerintem", "szerinted", "szerintunk", "szerintetek", "szerintuk"})


@functools.cache
def _beginnings(table: tuple[str, ...]) -> Beginnings:
    return Beginnings(table)


def _starts(key: str, beginnings: tuple[str, ...]) -> bool:
    """Whether ``key`` begins with one of ``beginnings`` (see ``Beginnings``)."""
    return _beginnings(beginnings).begin(key)


def _spans(tokens: list[_Token]) -> Iterator[tuple[int, int]]:
    """Runs of capitalized tokens (joined by connectors), longest first from each start."""
    i = 0
    while i < len(tokens):
        if not tokens[i].bare or not _capitalized(tokens[i]):
            i += 1
            continue
        if URL.match(tokens[i].bare):  # a link is a name by itself
            yield i, i + 1
            i += 1
            continue
        j = i + 1
        while (
            j < len(tokens)
            and j - i < 10
            and not tokens[j - 1].breaks_after
            and not tokens[j - 1].joins_next
            and not tokens[j - 1].text.endswith((":", ";"))
            and not tokens[j - 1].text.rstrip(",.;:").endswith((")", "]"))  # "(Hina) Smiljanka …": a name ends
            and not tokens[j].quote_before
            and tokens[j].text[:1] not in "(["  # "Kurije de Balkan (Le Courrier des Balkans)": two names
        ):
            if (
                _capitalized(tokens[j])
                or (  # "the Mail on Sunday": "on" joins only a name the gazetteer holds
                    tokens[j].key == "on" and j + 1 < len(tokens) and _names_outlet(tokens[i : j + 2])
                )
                or (
                    tokens[j].key in _CONNECTORS
                    and j + 1 < len(tokens)
                    and _capitalized(tokens[j + 1])
                    and not tokens[j + 1].bare[:1].isdigit()  # "Le Monde le 18 juillet": a date follows the name
                    # "dem NDR am Sonntag": so does a day, but "Voice of America" holds a country
                    and (not is_citation_noise(tokens[j + 1].bare) or _names_outlet(tokens[i : j + 2]))
                )
            ):
                j += 1
                continue
            break
        yield i, j
        i = j


def _names_outlet(tokens: list[_Token]) -> bool:
    """Whether the words are, as written or declined, one of the names the gazetteer holds ("Voice of America",
    "Косова прес", "5 каналу"), not just a part of one."""
    written = " ".join(t.bare for t in tokens)
    outlet = known_outlet(written)
    if outlet is None:
        return False
    names = {normalize_name(n) for n in outlet.names}
    return any(normalize_name(form) in names for form in spellings_of(written))


def _known(tokens: list[_Token], start: int, end: int) -> tuple[int, int, KnownOutlet] | None:
    """The longest part of tokens[start:end] the gazetteer knows as a named outlet or a written domain; a part
    of a run naming an institution is none ("Dış Politika Komisyonu" is a committee, not Politika)."""
    institution = any(_starts(t.key, _INSTITUTIONS) for t in tokens[start:end])
    for length in range(end - start, 0, -1):
        if institution and length < end - start:
            break
        for first in range(start, end - length + 1):
            words = tokens[first : first + length]
            sentence_case = length >= 2 and first + length == end  # a run ends in lower case only so extended
            if not ((_capitalized(words[0]) or _title_article(words)) and (_capitalized(words[-1]) or sentence_case)):
                continue
            if words[0].bare in _CONNECTORS and not _title_article(words):
                continue
            written = " ".join(t.bare for t in words)
            if len(written) == 1:
                continue  # "I believe …": a letter alone names no outlet (the i paper is written "the i")
            outlet = known_outlet(written, accents=length == 1)
            if outlet is None and length == 1 and _with_article(words[0]) != written:
                written = _with_article(words[0])  # "selon l’Echo": the article is part of L'Echo's name
                outlet = known_outlet(written, accents=True)
            if outlet is None or not _fits(written, outlet, whole=length == end - start):
                continue
            if (
                first + length < end
                and tokens[first + length].bare in _CONNECTORS
                and _known(tokens, first + length + 1, end) is None
            ):
                continue  # "Zëri" opens "Zëri i Fshatit", a name the gazetteer does not hold ("Nova S i N1": two)
            if is_citation_noise(written):
                continue  # "am Freitag" is a day before it is der Freitag
            if (words[0].bare in _ARTICLES or _title_article(words)) and not any(
                n.casefold().startswith(f"{words[0].key} ") for n in outlet.names
            ):
                continue  # "A Reuters spokesperson", "la Digi24": no article of the name (it is of "A Bola")
            if outlet.source not in NAMED_SOURCES and domain_of(written) is None:
                continue  # a bare domain's first label ("Time", "Index") is a word before it is an outlet
            return first, first + length, outlet
    return None


def _title_article(words: list[_Token]) -> bool:
    """Whether a lower-case article opens a name that holds it: "Noticias el Pais de España" names El País."""
    return len(words) >= 2 and words[0].bare in _NAME_ARTICLES and _capitalized(words[1])


_NAME_ARTICLES = frozenset({"el", "la", "le", "il", "lo", "les", "los", "las"})


def _with_article(token: _Token) -> str:
    """The word with the elided article glued to it, as some names are written: "l’Echo" (L'Echo)."""
    return token.text.strip(_EDGE) or token.bare


# Capitalized articles that open a sentence before a name: English, Greek ("Η Birgun αναφέρει").
_ARTICLES = frozenset({"A", "An", "Η", "Ο", "Το", "Οι", "Τα"})


def _named(tokens: list[_Token], start: int, end: int) -> tuple[int, int, KnownOutlet | None] | None:
    """The outlet a run of capitals names: the gazetteer's, unless a noun announces the whole run as an outlet
    the gazetteer does not know, of which it knows one word ("portal Serbian Times" is not The Times)."""
    known = _known(tokens, start, end)
    if known is None:
        return _shaped(tokens, start, end)
    if known[1] - known[0] == 1 and end - start > 1 and _announced(tokens, start):
        return _shaped(tokens, start, end) or known
    if known[1] < end and _shapes_outlet(tokens[known[1]].bare) and not tokens[known[1] - 1].breaks_after:
        return known[0], known[1] + 1, known[2]  # "CBS Radio", "Reuters TV": the outlet's service, not a cue
    return known


def _noun(token: _Token) -> bool:
    """Whether a reporting word is a noun for an outlet ("Broadcaster’s", "agency") or for information, not a
    verb."""
    key = _without_suffix(token.key)
    return key in MEDIA_NOUNS or _declined_noun(key) or _INFORMATION.match(key) is not None


_INFORMATION = re.compile(r"informa(?:tion|cion|cij|zion|tie|cj|ci)")


def _for_before(tokens: list[_Token], start: int) -> bool:
    """Whether "for" (or its kin) stands right before the name, a capitalized word at most between."""
    before = tokens[max(0, start - 2) : start]
    if before and before[-1].key in _FOR and not before[-1].breaks_after:
        return True
    return len(before) == 2 and before[0].key in _FOR and _capitalized(before[1])


def _headline(tokens: list[_Token]) -> bool:
    """Whether the words are a title in title case: four or more, nearly all capitalized."""
    words = [t for t in tokens if t.bare[:1].isalpha()]
    return len(words) >= 4 and sum(map(_capitalized, words)) >= 0.8 * len(words)


def _possessive_credit(tokens: list[_Token], start: int, end: int) -> bool:
    """Whether a known outlet's possessive names one of its journalists: "Izvestia’s Sergey Podosenov"."""
    last = tokens[end - 1]
    return (
        last.text.rstrip(",.;:").endswith(("'s", "’s"))
        and end < len(tokens)
        and not last.breaks_after
        and _capitalized(tokens[end])
        and tokens[end].key not in _CONNECTORS
    )


def _shaped(tokens: list[_Token], start: int, end: int) -> tuple[int, int, None] | None:
    """A name the gazetteer does not know that reads as an outlet all the same: announced by the common noun
    right before it ("агенција Бета", "the newspaper Shekulli"), or a few words with a word outlets' names are
    made of at one end ("TV Informer", "Kyiv Independent"). Institutions, people's titles and citation noise
    are not; a list's next name or a date after the name is not part of it ("Radio Cetinja i …", "… del 27/3").
    A noun opening a sentence announces the rest: "Телеканал TV Markiza також наводить …"."""
    named = end < len(tokens) and tokens[end].key == "nevu"  # Hungarian "X nevű lap": the paper named X, all of it
    end = end if named else _name_end(tokens, start, end)
    opening = end - start >= 2 and tokens[start].key in _ANNOUNCING and (start == 0 or tokens[start - 1].stop_after)
    start += opening
    if end - start >= 2 and tokens[start].bare in ("A", "Az") and start < end:
        start += 1  # Hungarian "A TV Sorrisi e Canzoni nevű lap": the article is no part of the name
    words = tokens[start:end]
    written = " ".join(t.bare for t in words)
    if not words or end - start > 4 or is_citation_noise(written) or any(_starts(t.key, _INSTITUTIONS) for t in words):
        return None
    announced = opening or named or _announced(tokens, start) or _titled(tokens, start, end)
    shaped = made_like_outlet([t.key for t in words]) and words[0].key not in _CONNECTORS
    alone = words[0].bare if len(words) == 1 else ""
    site = _ADDRESS.fullmatch(alone) is not None and domain_of(alone) is not None  # "pentru barladulmeu.ro"
    return (start, end, None) if announced or shaped or site or _call_sign(alone) else None


def _call_sign(word: str) -> bool:
    """A North American broadcaster's call sign: "told KWTV", "WNBC reported" (K or W and three letters)."""
    return _CALL_SIGN.fullmatch(word) is not None and word not in _NOT_CALL_SIGNS


_CALL_SIGN = re.compile(r"[KW][A-Z]{3}(?:-(?:TV|FM|AM|DT))?")
_NOT_CALL_SIGNS = frozenset({"KFOR", "WADA", "WIPO", "WWII", "WHOS", "KPMG", "WTTC", "KLIK"})


def _titled(tokens: list[_Token], start: int, end: int) -> bool:
    """Whether a title with "The" follows a preposition mid-sentence: "writes in The New Republic",
    "told The Atlantic"."""
    before = tokens[start - 1] if start > 0 else None
    return (
        end - start >= 2
        and tokens[start].bare == "The"
        and before is not None
        and not before.breaks_after
        and before.key in ("in", "for", "to", "told", "by")
    )


def _announced(tokens: list[_Token], start: int) -> bool:
    """Whether a common noun for an outlet stands right before the name ("агенција Бета"), or a word before
    a quoted name ("Revista letrare “Saras”", "gazeta “Shekulli”")."""
    quoted = tokens[start].quote_before
    reach = 2 if quoted else 1
    for before in tokens[max(0, start - reach) : start]:
        if quoted and before.text in _ABBREVIATED_NOUNS:
            return True
        plain = before.text.strip(_QUOTES) == before.bare
        if plain and before.key in _ANNOUNCING and (before.bare[:1].islower() or quoted):
            return True
        if plain and quoted and _declined_noun(before.key):
            return True  # "телеканала «Дождь»", "agencije „Beta“": a quoted name after the noun in another case
    return False


@functools.lru_cache(maxsize=10_000)
def _declined_noun(key: str) -> bool:
    """Whether a folded word is a case of a noun for an outlet: the same word but for its last two letters
    ("виданні" of "видання", "agencije" of "agencija")."""
    if key in MEDIA_NOUNS:
        return key in _ANNOUNCING
    return any(
        len(noun) >= 5 and abs(len(key) - len(noun)) <= 2 and key.startswith(noun[: max(5, len(noun) - 2)])
        for noun in _ANNOUNCING
    )


# Abbreviated nouns before a quoted name: Bulgarian "в. „Комерсант“" (вестник), "сп." (списание).
_ABBREVIATED_NOUNS = frozenset({"в.", "сп.", "list.", "gaz."})


def _name_end(tokens: list[_Token], start: int, end: int) -> int:
    """Where a run of capitals stops naming one thing: before a list's "and" or a number after the first
    word, without trailing connectors."""
    for i in range(start + 1, end):
        if tokens[i].key in _LIST_JOIN or tokens[i].bare[:1].isdigit():
            end = i
            break
    while end > start and tokens[end - 1].key in _CONNECTORS:
        end -= 1
    return end


# Beginnings of words naming institutions or people's titles, by language: a run of capitals holding one is an
# institution's name or a title, never an unknown outlet, and an outlet's name inside it is a word of that name.
INSTITUTION_WORDS: tuple[str, ...] = (
    "commission", "committee", "ministry", "council", "parliament", "university", "institute", "department",
    "president", "minister", "secretary", "government", "office", "court", "police", "party", "foundation",
    "union", "bank", "spokesman", "spokeswoman", "director", "editor", "chief", "white", "house", "kremlin",
    "pentagon", "senate", "congress", "army", "navy", "embassy", "administration", "meteorolog", "authorit",
    "assembl", "military",
    "komisyon", "komitesi", "bakanlig", "baskanlig", "meclis", "universite", "komisij", "komitet", "ministarstv",
    "ministerstv", "ministerstw", "savet", "vijec", "skupstin", "univerzitet", "sveucilist", "komision", "ministri",
    "kuvend", "kuvendi", "universitet", "kommission", "ausschuss", "ministerium", "commissione", "ministero",
    "comision", "ministerio", "comissao", "ministerul", "komisja", "komise", "bizottsag", "miniszterium",
    "комисиј", "комисси", "министерств", "министарств", "комитет", "парламент", "університет", "университет",
)  # fmt: skip
_INSTITUTIONS = _fold_all(INSTITUTION_WORDS)


def is_institution_word(word: str) -> bool:
    """Whether a word of a name makes it an institution's, not an outlet's ("Ministry", "Meteorología")."""
    return _starts(fold(word), _INSTITUTIONS)


def _fits(written: str, outlet: KnownOutlet, whole: bool) -> bool:
    """Whether ``written`` names ``outlet`` by itself: a bare word never stands for an outlet named by its
    address ("News" is not News.ro), and a known part of a longer run of capitals is the outlet's very name,
    several words, or an acronym ("Die Zeitung The Guardian", "Reuters Ankara")."""
    spelled = {n.casefold() for n in outlet.names}
    if "." in outlet.name and "." not in written and written.casefold() not in spelled:
        return False
    if whole:
        return True
    acronym = written.isupper() and len(written) >= 2
    return len(written.split()) >= 2 or acronym or any(form.casefold() in spelled for form in spellings_of(written))


def _cues_near(tokens: list[_Token], start: int, end: int) -> list[tuple[int, int]]:
    """The reporting words within a few words of the span, as (distance, index), with no sentence end
    and no quotation mark other than the ones around the name between."""
    cues: list[tuple[int, int]] = []
    for i in range(start - 1, max(-1, start - 1 - _MAX_GAP), -1):
        if tokens[i].stop_after or (tokens[i].quote_after and i < start - 1):
            break
        if tokens[i].joins_next and _reporting(tokens[i].bare, tokens[i].key):
            break  # a comma ends the reporting phrase: "… yaptığı açıklamada, AA'nın …" cites no AA
        if _reporting(tokens[i].bare, tokens[i].key) and not _said_without_to(tokens, i, start):
            cues.append((start - i, i))
        if tokens[i].quote_before:
            break
    cues += _interview_with(tokens, start, cues)
    cues += _show_on(tokens, start)
    if tokens[end - 1].stop_after or tokens[end - 1].text.rstrip(",.;:").endswith(")"):
        return cues  # "dem Radio Vatikan (siehe z.B. FAZ.net) sagte Lehmann": an aside's name tells nothing after it
    cues += _past_quoted_title(tokens, end)
    comma = tokens[end - 1].joins_next  # "… agenţiei TASS, anunţă AFP": the verb is nearer the name after it
    aside = False  # words in parentheses after the name are passed over: "Radio Vatikan (siehe FAZ.net) sagte"
    for i in range(end, min(len(tokens), end + _MAX_GAP)):
        if i > end and (tokens[i - 1].breaks_after or tokens[i].quote_before):
            break
        if tokens[i].text.startswith("(") or aside:
            aside = not tokens[i].text.rstrip(",.;:").endswith(")")
            continue
        if tokens[i].key in _RELATIVES:
            following = tokens[i + 1] if i == end and i + 1 < len(tokens) else None
            if following is not None and _telling_verb(following) and not _noun(following):
                cues.append((2, i + 1))  # "„Reporteri“ koji prenosi ovu vest piše": the outlet relays it
            break  # "Javni servis HRT, za koji je rekao …": what follows describes the outlet, it does not cite it
        if i > end and tokens[i - 1].joins_next and tokens[i].key in _CLAUSE_OPENERS:
            break  # "Keys joined Reuters in 2012, and while investigations continue": a new clause
        if (
            i > end
            and comma
            and all(map(_capitalized, tokens[end:i]))
            and not _reporting(tokens[end].bare, tokens[end].key)
        ):
            continue  # "Milić piše za Večernji, Stanković objavljuje …", "buy Axios, The Information reported": the
            # verb right after the next name is that name's
        if _reporting(tokens[i].bare, tokens[i].key) and not _title_word(tokens, i, end) and not _agent_next(tokens, i):
            named_next = comma and i + 1 < len(tokens) and _capitalized(tokens[i + 1])
            cues.append((i - end + 1 + named_next, i))
    return cues


def _past_quoted_title(tokens: list[_Token], end: int) -> list[tuple[int, int]]:
    """A reporting word right after a quoted title that opens after the name: "Yeni Şafak’ın, “CHP verdi İBB
    sızdırdı” manşetinin spotunda" (its headline), "Hürriyet'in 'Çöküş' başlıklı haberine göre"."""
    if end >= len(tokens) or not tokens[end].quote_before:
        return []
    for i in range(end, min(len(tokens) - 1, end + _QUOTED_TITLE_REACH)):
        if tokens[i].quote_after:
            following = i + 1
            reports = _reporting(tokens[following].bare, tokens[following].key)
            return [(following - end + 1, following)] if reports else []
        if tokens[i].stop_after and not tokens[i].quote_after:
            return []
    return []


_QUOTED_TITLE_REACH = 15


def _interview_with(tokens: list[_Token], start: int, cues: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An interview named further back than the usual reach when "with" stands before the name: "a rare sit-down
    interview at his home over the weekend with USA Today"."""
    if cues or start < 2 or tokens[start - 1].key not in _WITH or tokens[start - 2].breaks_after:
        return []
    for i in range(start - 2, max(-1, start - 2 - _INTERVIEW_REACH), -1):
        if tokens[i].stop_after or tokens[i].quote_after:
            break
        if tokens[i].key.startswith(_INTERVIEW):
            return [(start - i, i)]
    return []


def _show_on(tokens: list[_Token], start: int) -> list[tuple[int, int]]:
    """A programme named in quotes, then the channel it is on: "u emisiji „Hit Tvit“ na TV Pink", "in der Sendung
    „Markus Lanz“ im ZDF" credit the channel (the quotation marks stop the usual look back)."""
    at = start - 1 if start >= 1 and _noun(tokens[start - 1]) else start  # "на телевизия „Клан“", "na televiziji Happy"
    if at < 3 or tokens[at - 1].key not in _ON or not tokens[at - 2].quote_after:
        return []
    for i in range(at - 2, max(-1, at - 8), -1):
        if tokens[i].quote_before:
            show = i - 1
            return [(start - show, show)] if show >= 0 and tokens[show].key.startswith(_SHOW) else []
        if tokens[i].stop_after and i < at - 2:
            return []
    return []


_ON = frozenset(
    {"na", "on", "на", "im", "auf", "sur", "en", "pe", "in", "at", "u", "в", "у", "te"}
)  # "te": Albanian "të"
_SHOW = (
    "emisij",
    "emisiun",
    "emision",
    "program",
    "sendung",
    "emission",
    "show",
    "peredach",
    "predavan",
    "musor",
    "spektakl",
)  # folded: "емисија", "програма", "передача", "предаване" among them

_WITH = frozenset({"with", "mit", "avec", "con", "com", "cu", "me", "sa", "s", "с", "z", "ze", "ile"})
_INTERVIEW = ("interv", "entrevist", "entretien", "wywiad", "rozhovor", "roportaj", "sobesed")  # folded
_INTERVIEW_REACH = 12


def _agent_next(tokens: list[_Token], cue: int) -> bool:
    """Whether "by" and a name follow the reporting word: "Cadena Ser … recogida por Europa Press" credits Europa
    Press with the reporting word, not the name before it."""
    after = tokens[cue + 1 : cue + 3]
    return len(after) == 2 and not tokens[cue].breaks_after and after[0].key in _BY and _capitalized(after[1])


_BY = frozenset({"by", "por", "par", "von", "przez", "от", "od", "de", "da", "di"})


def _title_word(tokens: list[_Token], i: int, end: int) -> bool:
    """Whether the word right after a name is a capitalized word of a longer title ("Anadolu Ajansı Haber
    Ödülleri": the agency's awards, not its news)."""
    return (
        i == end
        and _capitalized(tokens[i])
        and not tokens[i].stop_after
        and i + 1 < len(tokens)
        and _capitalized(tokens[i + 1])
    )


# Conjunctions (folded) that open a new clause after a comma.
_CLAUSE_OPENERS = frozenset(_fold_all((
    "and", "but", "while", "whereas", "und", "aber", "während", "et", "mais", "y", "pero", "e", "ma", "ali", "ama",
     "fakat", "но", "але", "dhe", "por", "dar", "de", "ale"
)))  # fmt: skip
# Relative pronouns (folded) opening a clause about the name before them.
_RELATIVES = frozenset(
    ["which", "who", "whom", "koji", "koja", "koje", "kojeg", "kojem", "kojoj", "kotoryy", "kotoraya", "kotoroe",
     "kotorye", "kotorom", "welche", "welcher", "welches", "lequel", "laquelle", "dont", "cuyo", "cuya", "care",
     "ktory", "ktora", "ktore", "amely", "amelyik"]
)  # fmt: skip


def _said_without_to(tokens: list[_Token], cue: int, name: int) -> bool:
    """Whether a South Slavic or German "said" stands before the name with no word for "to" between: "rekao je za
    Index" and "sagte der dpa" credit the outlet; "Telekom je rekao emitovaćemo N1" does not credit N1, and in
    "…“, sagte Srna in seinem Kommentar" Srna is the one speaking."""
    key = tokens[cue].key
    if key.startswith(_SAID):
        return not any(t.key in _TO for t in tokens[cue + 1 : name])
    return key in _GERMAN_SAID and not any(t.key in _GERMAN_TO for t in tokens[cue + 1 : name])


_SAID = (
    "rekao",
    "rekla",
    "kazao",
    "kazala",
    "izjavi",
    "izjavl",
    "kaze",
    "kazhe",
    "govori",
    "oceni",
    "ocijeni",
)  # folded
_TO = frozenset({"za", "u", "na", "v", "vo"})
_GERMAN_SAID = frozenset({"sagte", "sagt", "erklarte", "betonte", "meinte"})
_GERMAN_TO = frozenset({"dem", "der", "den", "gegenuber", "im", "in", "zu"})


def _telling_verb(token: _Token) -> bool:
    """A reporting word that is no noun for an outlet or for a journalist ("told", not "журналов", "reporter")."""
    key = token.key
    return (
        _reporting(token.bare, key)
        and not _starts(key, _EMPLOYER)
        and not _shapes_outlet(token.bare)
        and not _noun(token)  # "Drejtori i informacionit në Klan Kosova": a director of news, who told no one
    )


def _employed(tokens: list[_Token], start: int, end: int) -> bool:
    """Whether the words around the span make the outlet someone's employer, or the subject described."""
    before = tokens[max(0, start - 4) : start]
    ended = [i for i, t in enumerate(before) if t.joins_next or t.stop_after]
    if ended:  # "Genel Müdürü Kemal Öztürk, A Haber’de …": the title is someone's before the comma
        before = before[ended[-1] + 1 :]
    told = [i for i, t in enumerate(before) if _telling_verb(t)]
    if told:  # "reporter Bruce Willingham told KWTV": the reporter works for someone else
        before = before[told[-1] + 1 :]
    if _its_reporter_tells(tokens, start):
        before = []
    after = _title_after(tokens, end)
    if after and not tokens[end - 1].stop_after and _copula(after[0]) and not _reports_after(tokens, end + 1):
        return True  # "„Нова Македонија“ е прв … весник", "BTA është media", not "Rojters je na sajtu objavila"
    teller = start - 2 if start >= 2 and tokens[start - 1].key in ("a", "an", "the") else start - 1
    told_right_before = teller >= 0 and tokens[teller].key in _TOLD
    if (
        after
        and _employer_word(after[0].key)
        and (told_right_before or after[0].key.endswith(_TOLD_CASES) or _in_column(tokens, end))
    ):
        after = after[1:]  # "told a Reuters reporter", "AA muhabirine konuşan": the outlet was told, via its reporter
    if after and after[0].key in _STAFF_AFTER:
        return True  # "according to senior BBC sources": people inside the outlet, who told someone else
    parts = [p for t in (*before, *after) for p in _parts(t)]
    return (
        any(_employer_word(p) for p in parts)
        or _works_for(tokens, start)
        or _spokesman(tokens, start, end)
        or _from_employer(tokens, start)
        or _headed_by(tokens, start)
    )


def _headed_by(tokens: list[_Token], start: int) -> bool:
    """Whether the name follows "president of" (an article between allowed): "la nueva presidenta de la Agencia
    Efe" heads the agency; "the president conducted with Fox News" does not."""
    i = start - 1
    if i >= 0 and tokens[i].key in _FOR_ARTICLES:
        i -= 1
    return i >= 1 and tokens[i].key in _OF and tokens[i - 1].key.startswith(_HEADS)


_HEADS = ("presiden", "chair", "prezident", "predsjedni", "predsedni", "predsedatel")  # folded


_STAFF_AFTER = frozenset({"sources", "insiders", "staff", "staffers", "executives", "bosses"})


def _from_employer(tokens: list[_Token], start: int) -> bool:
    """Whether a journalist named before a comma is said to be from the outlet: "Gazetari Ergys Gjençaj, nga
    televizioni “News 24”", "reporter Jane Doe, of the BBC"."""
    commas = [i for i in range(max(0, start - 4), start) if tokens[i].joins_next]
    if not commas:
        return False
    between = tokens[commas[-1] + 1 : start]
    if not between or between[0].key not in _FROM_WORDS or not all(map(_noun, between[1:])):
        return False
    return any(_employer_word(p) for t in tokens[max(0, commas[-1] - 4) : commas[-1] + 1] for p in _parts(t))


_FROM_WORDS = frozenset({"nga", "from", "of", "de", "iz", "из", "aus", "von", "din", "di"})


def _its_reporter_tells(tokens: list[_Token], start: int) -> bool:
    """Whether the outlet's reporter is the one telling, named right before it: "передает корреспондент «Нового
    Региона»", "javlja dopisnik Tanjuga", "јави дописникот на МИА"."""
    word = start - 2 if start >= 3 and tokens[start - 1].key in _OF else start - 1
    return word >= 1 and _employer_word(tokens[word].key) and _telling_verb(tokens[word - 1])


def _copula(token: _Token) -> bool:
    """Whether the word is "is" or "was"; a Latin "e" is Portuguese and Italian "and" ("Tal & Qual e foi …"),
    where "è", "é" and Cyrillic "е" are "is"."""
    return token.key in COPULAS and token.bare.casefold() != "e"


_OF = frozenset({"of", "na", "на", "de", "di", "od", "од", "du", "del", "des", "della"})
_TOLD = frozenset({"told", "tell", "tells", "telling", "asked", "asks", "gave"})


def _in_column(tokens: list[_Token], end: int) -> bool:
    """Whether the writer named after the outlet wrote in its column, in the same sentence: "Sözcü Gazetesi yazarı
    Rahmi Turan çarşamba günkü köşesinde … öne sürmüştü" (the column is the outlet's)."""
    for token in tokens[end + 1 : end + 8]:
        if token.key.startswith(_COLUMN):
            return True
        if token.stop_after:
            break
    return False


_COLUMN = ("koses", "column", "kolumn")  # folded: "köşesinde", "in his column", "u kolumni"
# Turkish dative and genitive endings of a reporter ("AA muhabirine", "Reuters muhabirinin sorusu"), folded: the
# story was told to the outlet's reporter.
_TOLD_CASES = ("rine", "rina", "rinin", "rlerine", "rlerinin")


def _spokesman(tokens: list[_Token], start: int, end: int) -> bool:
    """Whether the name is of whom a spokesman speaks for, right beside it: "A BBC spokesman said", "the spokesman
    for CNN" (not "izjava portparola Kfora … za Politiku": that statement went to Politika)."""
    beside = [*tokens[end : end + 1], *tokens[max(0, start - 2) : start]]
    if start >= 2 and tokens[start - 1].key not in _OF_OR_FOR:
        beside = [*tokens[end : end + 1], tokens[start - 1]]
    return any(t.key.startswith(_SPOKESMAN) for t in beside)


_SPOKESMAN = ("spokes", "sprecher", "portparol", "glasnogovorn", "zedhenes", "porte-parole", "portavoz", "portavoce")


def _title_after(tokens: list[_Token], end: int) -> list[_Token]:
    """The word after the name, and the capitalized words of a title that follow it ("Genel Müdürü"), or the
    words after a possessive up to the next name ("Reuters’ corporate affairs manager David Girardin")."""
    after = tokens[end : end + 1]
    last = tokens[end - 1]
    if not after or last.stop_after or last.joins_next:
        return after
    if last.text.endswith(_POSSESSIVE):
        for token in tokens[end + 1 : end + 4]:
            if _capitalized(token) or after[-1].joins_next or after[-1].breaks_after:
                break
            after.append(token)
    elif _capitalized(after[0]) and not after[0].stop_after:
        after += tokens[end + 1 : end + 3]
    return after


_POSSESSIVE = ("’", "'", "’s", "'s")


def _reports_after(tokens: list[_Token], start: int) -> bool:
    """Whether a verb of reporting follows within the clause ("is reporting", "je na svom sajtu objavila"); a
    noun for an outlet does not count ("je list", "është media")."""
    for token in tokens[start : start + 4]:
        if _reporting(token.bare, token.key) and not _noun(token):
            return True
        if token.stop_after:
            break
    return False


def _parts(token: _Token) -> list[str]:
    return [p for p in re.split(r"[^\w-]+", token.key) if p]


def _employer_word(part: str) -> bool:
    """A word for someone an outlet employs: "reporter", "urednik", or a German compound ending in one
    ("Parlamentskorrespondent")."""
    return (_starts(part, _EMPLOYER) or part.endswith(_COMPOUND_EMPLOYER)) and not part.startswith(_NOT_EMPLOYER)


_COMPOUND_EMPLOYER = (
    "korrespondent", "redakteur", "journalist", "reporter", "kolumnist", "moderator",
    "munkatarsa", "ujsagiroja",  # Hungarian "a Magyar Nemzet főmunkatársa" (its senior staff writer)
)  # fmt: skip
# Prepositions naming whom someone works for ("correspondent in Bonn for Die Woche"), folded.
_FOR = frozenset({"for", "fur", "pour", "para", "pentru", "dla", "za", "dlia", "pro"})  # not "per": "…, per Reuters"
_OF_OR_FOR = _CONNECTORS | _FOR


def _works_for(tokens: list[_Token], start: int) -> bool:
    """Whether the clause before the span says someone works for it: an employer word, then "for" within a few
    words of the name ("Parlamentskorrespondent in Bonn und Berlin für Die Woche und das Magazin Stern")."""
    clause: list[_Token] = []
    for token in reversed(tokens[max(0, start - 12) : start]):
        if token.stop_after or _telling_verb(token):
            break
        clause.insert(0, token)
    preposition = max((i for i, t in enumerate(clause) if t.key in _FOR and len(clause) - i <= 7), default=None)
    return preposition is not None and any(_employer_word(p) for t in clause[:preposition] for p in _parts(t))


# "Reuters'a", "Hürriyet'in"; after an acronym with a hyphen: "TASZSZ-szal", "RTS-u", "CNN-nek".
_GLUED_SUFFIX = re.compile(r"(?:['’][^\W\d_]{1,4}|(?<=[A-ZА-ЯЁ0-9])-[a-zà-žа-яёőű]{1,4})$")


def _without_suffix(written: str) -> str:
    """The name without a possessive or case ending glued on with an apostrophe or, after an acronym, a hyphen:
    "Izvestia’s", "Reuters'a", "Hürriyet'in", "TASZSZ-szal" name Izvestia, Reuters, Hürriyet, TASZSZ."""
    return _GLUED_SUFFIX.sub("", written)


def _listed_together(tokens: list[_Token], a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans stand in one list: only commas and "and" between them ("AFP, AP ve Reuters"), or "and"
    with an article and a noun for the next outlet ("NRK und der Nachrichtenagentur NTB")."""
    (_, a_end), (b_start, _) = (a, b) if a[0] < b[0] else (b, a)
    between = tokens[a_end:b_start]
    if len(between) > 3 or any(t.stop_after for t in tokens[a_end - 1 : b_start]):
        return False
    if not between:
        return tokens[a_end - 1].joins_next
    described = all(t.key in _CONNECTORS or t.key in MEDIA_NOUNS for t in between[1:])  # "NRK und der Agentur NTB"
    return between[0].key in _LIST_JOIN and described


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=100_000)
def _is_cue(word: str) -> bool:
    """Whether a text word is a reporting word ("according", "sipas", "írja")."""
    return _reporting(word, fold(word))


# An address written in the text ("gazeta.ru", "vasevec.cz"), which may be in lower case.
_ADDRESS = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}\b")
_TOP_LEVEL = re.compile(r"\w\.[a-z]{2,6}\b")  # a cheap first look for an address
_NAME_OR_ADDRESS = re.compile(rf"{_ADDRESS.pattern}|\w+")

_WINDOW = 100
"""Characters read on each side of a word that may begin a known name: more than the longest name and
the seven words a reporting word may stand from it."""


def prose_credits(text: str) -> list[ProseCredit]:
    """The outlets ``text`` (one line of running prose) credits, in order; an outlet listed with a
    credited one ("AFP, AP ve Reuters … duyurdu") is credited with it. Only a line holding a reporting word
    is read, and only its stretches around words that may begin a known name closely."""
    found: list[ProseCredit] = []
    text = _MEDIA_COMPOUND.sub(" ", text)  # same length: the credits' places stay those of the line
    for start, end in _windows(text):
        found += [
            ProseCredit(c.written, c.outlet, c.start + start, c.end + start, c.kind)
            for c in _credits_in(text[start:end])
        ]
    return found


# A German compound of an outlet and what it aired, printed or asked ("NDR-Podcast", "auf ddp-Anfrage"): its hyphen,
# read as a space, so that the outlet is a name and the rest a reporting word.
_MEDIA_COMPOUND = re.compile(
    r"(?:(?<=[A-ZÄÖÜ0-9])|(?<=\b(?:dpa|ddp|dts|epd|kna|ntv|taz)))-"
    r"(?=(?:Interview|Podcast|Sendung|Talk|Gespräch|Magazin|Bericht|Recherche|Reportage|Doku"
    r"|Umfrage|Nachrichten|Sommerinterview|Morgenmagazin|Talkshow|Anfrage)\w*)"
)


def _windows(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` around its words that may begin a known name, merged and cut at spaces;
    none when the text holds no reporting word (most lines: that look comes first, one cached test a word)."""
    words = set(_WORD.findall(text))
    possessive = "’s " in text or "'s " in text  # "Izvestia’s Sergey Podosenov queries …" credits Izvestia
    if not (possessive or any(map(_is_cue, words))):
        return []
    names = set(filter(_opens_window, words))
    if recorded_outlets_in_force():
        names.update(w for w in filter(_name_like, words - names) if may_name_recorded_outlet(w))
    windows: list[tuple[int, int]] = []
    addresses = {m.group() for m in _ADDRESS.finditer(text)} if _TOP_LEVEL.search(text) else set()
    for match in _NAME_OR_ADDRESS.finditer(text) if names or addresses else ():
        if match.group() not in names and match.group() not in addresses:
            continue
        start, end = max(0, match.start() - _WINDOW), min(len(text), match.end() + _WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    cut = []
    for start, end in windows:
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < end else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        cut.append((start, end))
    return cut


@functools.lru_cache(maxsize=100_000)
def _opens_window(word: str) -> bool:
    """Whether a window opens around the word: it announces an outlet, or may be a word of a shipped outlet's
    name (the recorded outlets in force are asked apart: they change from one database to another)."""
    return _shapes_outlet(word) or (_name_like(word) and may_name_shipped_outlet(word))


@functools.lru_cache(maxsize=100_000)
def _name_like(word: str) -> bool:
    """Capitalized (or an outlet writing itself in lower case) and able to tell a name apart."""
    return (not word[:1].islower() or word in _LOWERCASE_NAMES) and _telling(word)


@functools.lru_cache(maxsize=100_000)
def _shapes_outlet(word: str) -> bool:
    """Whether a word announces an outlet's name or is a word outlets' names are made of ("агенција", "TV")."""
    key = fold(word)
    return key in _ANNOUNCING or (key in OUTLET_WORDS and not word[:1].islower()) or _call_sign(word)


# Nouns that announce an outlet's name, without the ones that are common words too ("list", "e", "site").
# Turkish and Hungarian put the noun after the name ("Haaretz gazetesi", "a Telex hírportál"): it announces
# nothing that follows.
_ANNOUNCING = MEDIA_NOUNS - {
    "e", "list", "lista", "lap", "site", "media", "network", "daily", "paper", "dnevni", "agency", "channel",
    "gazetesi", "ajansi", "ajans", "sitesi", "napilap", "hirportal", "hirugynokseg",
}  # fmt: skip


def _telling(word: str) -> bool:
    """Whether a word can tell a name apart: not a number, a letter or a connector alone ("4", "I", "The"),
    which every sentence has and no name is made of only."""
    return len(word) > 1 and not word.isdigit() and word.casefold() not in _FILLERS


_FILLERS = _CONNECTORS | {"a", "an", "in", "it", "is", "on", "at", "to", "në"}


def _credits_in(text: str) -> list[ProseCredit]:
    tokens = _tokens(text)
    runs = list(_named_runs(tokens))
    known = [found for found in runs if not _employed(tokens, *found[:2]) and not _defines_previous(tokens, *found[:2])]
    headline = _headline(tokens)
    in_names = frozenset(i for start, end, _ in runs for i in range(start, end))
    cues_of = {k: _credible_cues(tokens, k, in_names, headline) for k in known}
    nearest: dict[int, tuple[int, tuple[int, int, KnownOutlet | None]]] = {}
    for k in known:  # a reporting word credits the name nearest to it ("az Index kérdésére", not RTL Klub)
        for distance, cue in cues_of[k]:
            if cue not in nearest or distance < nearest[cue][0]:
                nearest[cue] = (distance, k)
    credited = list(dict.fromkeys(k for _, k in nearest.values()))
    credited += [k for k in _cited(tokens, known, cues_of) if k not in credited]
    if not headline:  # "BBC’s John Simpson Defends Broadcaster’s …" is a title about the BBC
        credited += [k for k in known if k not in credited and _possessive_credit(tokens, k[0], k[1])]
    kinds: dict[int, ClaimKind] = {}
    for k in credited:  # the outlet that translated is named before the word for it: "ИноСМИ сделало … перевод"
        distance, cue = min(cues_of[k]) if cues_of[k] else (0, -1)
        opens_sentence = k[0] == 0 or tokens[k[0] - 1].stop_after
        if opens_sentence and cue > k[0] and _starts(tokens[cue].key, _TRANSLATING):
            kinds[k[0]] = "translator"
    changed = True
    while changed:
        changed = False
        for k in known:
            if k not in credited and any(_listed_together(tokens, k[:2], c[:2]) for c in credited):
                credited.append(k)
                changed = True
    credits: list[ProseCredit] = []
    for first, last, outlet in sorted(credited, key=lambda k: k[0]):
        written = _written(text, tokens, first, last)
        start = tokens[first].start
        credits.append(ProseCredit(written, outlet, start, start + len(written), kinds.get(first, "source")))
    return credits


def _defines_previous(tokens: list[_Token], start: int, end: int) -> bool:
    """Whether the span is letters in parentheses spelling out the name just before it: "агентство США Ассошіейтед
    Пресе (АП)" defines АП; the letters credit nothing the name does not."""
    previous = tokens[start - 1] if start else None
    return (
        end == start + 1
        and tokens[start].text.startswith("(")
        and previous is not None
        and _capitalized(previous)
        and not (previous.breaks_after or previous.joins_next)
    )


def _denied_interview(tokens: list[_Token], cue: int) -> bool:
    """Whether the interview is one someone denied giving: "опроверг информацию, что дал интервью телеканалу
    «Россия 1»" credits no Россия 1."""
    if not tokens[cue].key.startswith(_INTERVIEW):
        return False
    for token in reversed(tokens[max(0, cue - 8) : cue]):
        if token.stop_after:
            return False
        if token.key.startswith(_DENIED):
            return True
    return False


_DENIED = (  # folded
    "denied", "denies", "deny", "denying", "oproverg", "sprostuv", "sprostov", "demant", "dement", "desment",
    "bestritt", "bestreit", "yalanla", "zaprzecz",
)  # fmt: skip


def _cited(
    tokens: list[_Token],
    known: list[tuple[int, int, KnownOutlet | None]],
    cues_of: dict[tuple[int, int, KnownOutlet | None], list[tuple[int, int]]],
) -> list[tuple[int, int, KnownOutlet | None]]:
    """The outlets a citing verb names after it: "Pravda citează cotidianul polonez Rzeczpospolita" credits the
    Pravda that cites (the name nearest the verb) and the Rzeczpospolita it cites."""
    return [k for k in known for _, cue in cues_of[k] if cue < k[0] and tokens[cue].key.startswith(_CITING)]


_CITING = ("citeaz", "cites", "citing", "zitiert", "tsitiru", "citira", "citon", "cytuj", "idez")  # folded


def _credible_cues(
    tokens: list[_Token], name: tuple[int, int, KnownOutlet | None], in_names: frozenset[int], headline: bool
) -> list[tuple[int, int]]:
    """The reporting words near a name (``_cues_near``) that may credit it: none inside a name (``in_names``:
    "Ajansı" of "Anadolu Ajansı" reports nothing), no noun of a title-case headline ("Broadcaster’s" there refers,
    it does not cite), no noun announcing the next name ("18 në Vizion Plus dhe 13 në televizionin Top Channel"),
    and no noun alone after "for" ("information for Britain’s Sunday Times newspaper": whom it was for)."""
    cues = [
        (distance, cue)
        for distance, cue in _cues_near(tokens, name[0], name[1])
        if cue not in in_names
        and not (headline and _noun(tokens[cue]))
        and not _denied_interview(tokens, cue)
        and not (cue > name[1] and _noun(tokens[cue]) and cue + 1 in in_names)
        and not (cue > name[1] and _noun(tokens[cue]) and _appositive(tokens, name[1], cue))
    ]
    if _for_before(tokens, name[0]) and all(_noun(tokens[cue]) for _, cue in cues):
        return []
    cues = [(distance, cue) for distance, cue in cues if not _noun_apart(tokens, name[1], cue)]
    cues = [(distance, cue) for distance, cue in cues if not (cue > name[1] and tokens[cue].key in _TELLERS)]
    cues = [(distance, cue) for distance, cue in cues if not _writes_for(tokens, cue, name[0])]
    cues = [(distance, cue) for distance, cue in cues if not _negated(tokens, cue, name[0], name[1])]
    return [(distance, cue) for distance, cue in cues if not _describes(tokens, cue, name[0])]


_TELLERS = frozenset({"sources", "source"})
"""People telling, after the name: "…, or its sports channel FS1, sources said" credits no channel."""


def _noun_apart(tokens: list[_Token], end: int, cue: int) -> bool:
    """Whether a noun after the name is set apart from it by other words, not by a show's name: "Obligan a The
    Guardian a destruir información" tells of no information from the Guardian ("CNN Türk'te Tarafsız Bölge
    programına" does: the words between name the programme)."""
    between = tokens[end:cue]
    return cue > end and bool(between) and _noun(tokens[cue]) and not all(map(_capitalized, between))


def _appositive(tokens: list[_Token], end: int, cue: int) -> bool:
    """Whether the words from the name's end to the noun are an aside opened by a comma and an article: "Associated
    Press (AP), an American non-profit news agency" says what the outlet is, it does not cite it."""
    return any(tokens[i].joins_next and tokens[i + 1].key in _INDEFINITE for i in range(end - 1, cue - 1))


_INDEFINITE = frozenset({"a", "an", "un", "une", "una", "ein", "eine", "um", "uma", "jedna", "jeden"})


def _negated(tokens: list[_Token], cue: int, start: int, end: int) -> bool:
    """Whether a negation stands a few words before the reporting word, in its clause, or between it and the
    name: "каже да дуго није гостовао на РТС-у", "РТС није звао да гостује", "has not sat for an interview"."""
    before = tokens[max(0, cue - _NEGATION_REACH) : cue]
    ended = [i for i, t in enumerate(before) if t.breaks_after or t.joins_next or t.stop_after or t.text[-1:] == ":"]
    before = before[ended[-1] + 1 :] if ended else before  # "has not sat for an interview", not past a comma
    between = tokens[end:cue] if cue >= end else [*before, *tokens[cue + 1 : start]]
    return any(t.bare.casefold() in _NEGATIONS for t in between)  # as written: Albanian "në" (in) is no "ne"


_NEGATION_REACH = 4
"""Words before a reporting word a negation may stand in: "neće da gostuje", "has not sat for an interview"."""


# Negations (as written, in lower case) right before a reporting word: "дуго није гостовао на РТС-у" credits no РТС.
_NEGATIONS = frozenset(["not", "never", "nije", "није", "ne", "не", "nu", "nem", "nicht", "nie", "non", "no",
                        "didn't", "hasn't", "wasn't", "won't", "nuk", "s'ka", "нет", "ні", "nikad", "никад", "neće",
                        "неће", "nece", "nisu", "нису", "nismo", "нисмо"])  # fmt: skip


def _writes_for(tokens: list[_Token], cue: int, start: int) -> bool:
    """Whether the reporting word says someone writes for the outlet, right before its name: "Milić piše za
    Večernji", "she writes for The Guardian", "schreibt mitunter für die FAZ" (the outlet employs the writer; it
    is not cited)."""
    between = tokens[cue + 1 : start]
    if not tokens[cue].key.startswith(_WRITING) or not 1 <= len(between) <= 3 or any(t.breaks_after for t in between):
        return False
    fors = [i for i, t in enumerate(between) if t.key in _FOR]
    return bool(fors) and all(t.key in _FOR_ARTICLES for t in between[fors[0] + 1 :])


_FOR_ARTICLES = frozenset({"the", "die", "den", "das", "der", "le", "la", "les", "el", "il", "lo"})


_WRITING = (
    "writes",
    "wrote",
    "writing",
    "pise",
    "pisao",
    "pisala",
    "pisze",
    "schreibt",
    "schrieb",
    "ecrit",
    "escribe",
    "scrive",
    "scrie",
    "пише",
    "пишет",
    "shkruan",
)  # folded


def _describes(tokens: list[_Token], cue: int, start: int) -> bool:
    """Whether a reporting word before the name only says what the outlet is, every word up to the name a noun or
    adjective for it: "servis vesti Novinske agencije Beta", "засноване … інформаційне агентство «Укрінформ»" (an
    outlet described, not cited; "prema pisanju agencije Beta" keeps its "prema")."""
    between = tokens[cue:start]
    return cue < start and not any(t.breaks_after for t in between) and all(map(_descriptor, between))


def _descriptor(token: _Token) -> bool:
    return (
        _noun(token) or _shapes_outlet(token.bare) or token.key.startswith(_NEWS_ADJECTIVES) or token.key in _CONNECTORS
    )


_NEWS_ADJECTIVES = ("novinsk", "informats", "informativ", "informacyj", "informacij", "informaci")  # folded


def _named_runs(tokens: list[_Token]) -> Iterator[tuple[int, int, KnownOutlet | None]]:
    """Where each run of capitals names an outlet, and which (None: one the gazetteer does not know)."""
    for start, end in _spans(tokens):
        yield from sorted(_names_in(tokens, start, _sentence_case_end(tokens, start, end)))


@functools.cache
def _lower_name_words() -> frozenset[str]:
    """The lower-case words (folded) the shipped names hold after their first word ("прес" of "Косова прес")."""
    names = (n for o in gazetteer().outlets if o.source in NAMED_SOURCES for n in o.names)
    return frozenset(fold(word) for name in names for word in name.split()[1:] if word[:1].islower())


@functools.lru_cache(maxsize=100_000)
def _lower_name_word(word: str) -> bool:
    """Whether a lower-case word is one a shipped name holds after its first word, as written or declined: "прес"
    of "Косова прес", "каналу" of "5 канал"."""
    words = _lower_name_words()
    return fold(word) in words or any(fold(form) in words for form in spellings_of(word))


def _sentence_case_end(tokens: list[_Token], start: int, end: int) -> int:
    """The run's end, taking in a lower-case word when the gazetteer holds the longer name so written: Cyrillic
    names are in sentence case ("заяви пред Косова прес", "Українська правда")."""
    if end >= len(tokens) or tokens[end - 1].breaks_after or tokens[end - 1].joins_next or _capitalized(tokens[end]):
        return end
    if not _lower_name_word(tokens[end].bare):
        return end
    return end + 1 if _names_outlet(tokens[start : end + 1]) else end


def _names_in(tokens: list[_Token], start: int, end: int) -> Iterator[tuple[int, int, KnownOutlet | None]]:
    """Each outlet a run of capitals names: one, then the others in the words left on either side of it ("USA Today
    and CBS Radio" names two, a list's "and" between them)."""
    named = _named(tokens, start, end)
    if named is None:
        return
    yield named
    for left, right in ((start, named[0]), (named[1], end)):
        while left < right and tokens[left].key in _CONNECTORS:
            left += 1
        while left < right and tokens[right - 1].key in _CONNECTORS:
            right -= 1
        if left < right and _capitalized(tokens[left]):
            yield from _names_in(tokens, left, right)


def _written(text: str, tokens: list[_Token], first: int, last: int) -> str:
    """The name as tokens[first:last] write it, without a glued case ending or possessive."""
    return _without_suffix(text[tokens[first].start : tokens[last - 1].end])


# The common nouns for an outlet that the phrases below end on, folded, by the form each phrase takes.
ANAPHOR_NOUNS: dict[str, str] = {
    "en": "newspaper paper magazine agency broadcaster network channel outlet daily weekly tabloid publication website",
    "de": "magazin nachrichtenmagazin zeitung blatt agentur nachrichtenagentur sender portal wochenzeitung "
    "tageszeitung",
    "de_dative": "magazin zeitung blatt agentur sender portal",
    "bcms_genitive": "lista portala dnevnika novina magazina agencije tabloida medija",
    "bcms": "list portal dnevnik magazin tabloid agencija",
    "mk": "vesnikot portalot mediumot agentsijata",
    "ru": "izdanie gazeta agentstvo telekanal zhurnal vidannya",
    "ru_genitive": "izdaniya gazety agentstva telekanala zhurnala vidannya",
    "bg": "izdanieto vestnika vestnik't mediyata agentsiyata",
    "fr": "journal quotidien hebdomadaire magazine agence chaine",
    "es": "diario periodico semanario rotativo medio",
    "it": "quotidiano giornale settimanale",
    "pt": "jornal diario semanario",
    "ro_genitive": "publicatiei ziarului cotidianului agentiei postului publicatia ziarul",
    "ro": "publicatia ziarul cotidianul agentia",
    "tr": "gazetenin ajansin kanalin",
    "hu": "lap portal hirportal hirugynokseg",
    "pl": "gazety dziennika portalu agencji tygodnika gazeta dziennik portal",
    "cs": "listu deniku dennika serveru agentury",
    "sq": "gazetes gazeta mediumit mediumi agjencise agjencia portalit portali revistes revista",
}
# Reporting phrases naming the credited outlet by one of those nouns ({slot}), the outlet having been named before:
# "schreibt das Magazin", "the newspaper reported", "prema pisanju portugalskog lista", "по данным издания". Folded.
ANAPHORS: tuple[str, ...] = (
    r"(?:the|that) {en} (?:reported|reports|said|says|wrote|writes|noted|added|revealed|claimed|cited|quoted)",
    r"(?:according to|told) (?:the|that) {en}",
    r"(?:schreibt|schrieb|berichtet|berichtete|meldet|meldete|zitiert|zitierte|so) (?:das|die|der) {de}\b",
    r"(?:dem|der) {de_dative} zufolge",
    r"prema pisanju (?:\w+ )?{bcms_genitive}\b",
    r"(?:pise|navodi|prenosi|javlja|tvrdi) (?:taj |ovaj |isti )?{bcms}\b",
    r"(?:spored|pishuva) {mk}\b",
    r"(?:pishet|soobshchaet|soobshchilo|soobshchila|otmechaet|utverzhdaet|peredaet|pishe|povidomlyaie) {ru}\b",
    r"(?:po (?:dannym|informatsii|svedeniyam)|za danimi) {ru_genitive}\b",
    r"(?:spored|pishe) {bg}\b",
    r"(?:selon|d'apres) (?:le|la) {fr}\b",
    r"(?:segun|de acuerdo con) el {es}\b",
    r"secondo il {it}\b",
    r"(?:segundo|de acordo com) o {pt}\b",
    r"(?:potrivit|conform|citat de) {ro_genitive}\b",
    r"(?:scrie|informeaza|relateaza) {ro}\b",
    r"{tr} (?:haberine|yazdigina|aktardigina) gore",
    r"a {hu} (?:szerint|irja|irta)|irja a {hu}\b",
    r"(?:wedlug|jak (?:podaje|pisze)) {pl}\b",
    r"(?:podle|podla) {cs}\b",
    r"(?:sipas|shkruan) {sq}\b",
)
_SLOTS = {slot: "(?:{})".format("|".join(map(re.escape, nouns.split()))) for slot, nouns in ANAPHOR_NOUNS.items()}
_ANAPHOR = re.compile("|".join(f"(?:{phrase.format_map(_SLOTS)})" for phrase in ANAPHORS))
_ANAPHOR_NOUNS = frozenset(noun for nouns in ANAPHOR_NOUNS.values() for noun in nouns.split())
"""A line holding none of these words is not searched for a phrase."""


_NAMED_NEXT = 3  # characters between an anaphor's noun and a name it announces: a space, a quotation mark


def anaphoric_credit(line: str, above: Sequence[str] = ()) -> ProseCredit | None:
    """The outlet a phrase such as "schreibt das Magazin" in ``line`` credits: the last outlet named before it,
    in ``line`` or in the lines ``above`` it. None when the line has no such phrase or no outlet was named before
    it. Its place is the phrase's, in ``line``."""
    if not any(map(_anaphor_noun, set(_WORD.findall(line)))):
        return None
    key = fold(line)
    match = _ANAPHOR.search(key)
    if match is None:
        return None
    mentions = _mentions(line)
    if any(0 <= len(fold(line[: m.start])) - match.end() <= _NAMED_NEXT for m in mentions):
        return None  # "сообщила газета The New York Times": the noun announces the name after it, named already
    in_line = [m for m in mentions if len(fold(line[: m.end])) <= match.start()]
    named = in_line or _mentions("\n".join(above))
    if not named:
        return None
    start = len(line) * match.start() // max(1, len(key))  # near the phrase: a folded line may differ in length
    return ProseCredit(named[-1].written, named[-1].outlet, start, start, "source")


@functools.lru_cache(maxsize=100_000)
def _anaphor_noun(word: str) -> bool:
    """Whether a word of the text is one of the nouns the phrases end on (folding each word once: cached)."""
    return fold(word) in _ANAPHOR_NOUNS


def _mentions(text: str) -> list[ProseCredit]:
    """Every outlet ``text`` names, credited or not: the gazetteer's, or a name announced as an outlet."""
    tokens = _tokens(_MEDIA_COMPOUND.sub(" ", text))
    return [
        ProseCredit(_written(text, tokens, first, last), outlet, tokens[first].start, tokens[last - 1].end)
        for first, last, outlet in _named_runs(tokens)
    ]
