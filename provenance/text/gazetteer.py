"""The news outlets and agencies provenance knows without a database: names, other names, domains.

The list ships as package data (``provenance/data/outlets.csv``, built by ``docs/build_gazetteer.py``
from MIT-licensed lists and a curated table of wires and widely known outlets with the names real
texts give them: "Ројтерс", "Gardijan", "Асошиејтед прес"). Claim reading asks it whether a name
found next to a reporting verb is an outlet; resolution asks it which outlet a name or a host is.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib import resources

from provenance.text.names import domain_of, fold, normalize_name, site_domains, wordlist

# Nouns that announce an outlet name ("the newspaper X", "agjencia X", "портал X").
MEDIA_NOUNS = frozenset(
    fold(w)
    for w in wordlist(
        "newspaper daily paper outlet agency site website portal broadcaster magazine tabloid channel podcast "
        "network gazeta gazetën e përditshmja agjencia agjencisë portali portalit televizioni media "
        "mediumi revista list lista dnevnik dnevni agencija agencije portal televizija nedeljnik tjednik "
        "весник агенција порталот телевизија дневник лист zeitung tageszeitung nachrichtenagentur "
        "agentur magazin sender blatt journal quotidien agence hebdomadaire site magazine chaîne diario "
        "periódico agencia cadena revista giornale quotidiano agenzia testata settimanale jornal agência "
        "revista ziarul cotidianul publicația publicatia agenția agentia postul lap napilap hírportál "
        "portál hírügynökség газета издание агентство портал телеканал журнал газета видання агентство "
        "портал телеканал gazetesi ajansı ajans sitesi ditore ditores номер выпуск сайт сайта сайте "
        "телевизия телевизията агенция агенцията вестник вестника списание εφημερίδα εφημερίδας πρακτορείο "
        "πρακτορείου programa emisora"
    )
)
# Words that occur in outlet names but rarely in other capitalized phrases.
OUTLET_WORDS = frozenset(
    fold(w)
    for w in wordlist(
        "печат весник вести новини вечер правда газета известия новости "
        "news times post telegraph guardian independent journal herald tribune gazette press daily "
        "weekly magazine review radio tv fm television online economist observer chronicle courier express "
        "mirror monitor insider today zeitung welt spiegel monde figaro libération país mundo repubblica "
        "corriere stampa folha globo público adevărul gazeta koha zëri lajme lajmi telegrafi vesti "
        "vijesti novosti blic kurir danas politika glas vreme dnevnik jutarnji večernji pravda izvestia "
        "kommersant vedomosti hürriyet sabah cumhuriyet milliyet index telex agency agencia agenzia "
        "agentur agjencia agencija агентство media"
    )
)


@dataclass(frozen=True)
class KnownOutlet:
    """One outlet of the gazetteer."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    language: str | None
    country: str | None
    kind: str
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """The outlet's name and every other name it is known by."""
        return (self.name, *self.aliases)


# Case and possessive endings that real texts glue to an outlet's name: "Rojtersa", "Reuters'a",
# "Telexnek", "HRT-ovoj", "BBC-ja", "Politiku". Longest first; a stripped name must still be found.
_ENDINGS = tuple(
    sorted(
        {
            "ovoj", "ovom", "ovog", "ovih", "ove", "om", "em", "u", "a", "e", "i", "ju", "ja", "ji", "je", "nak", "nek",
            "ban", "ben", "ból", "ből", "hoz", "hez", "nál", "nél", "ról", "ről", "t", "ot", "et", "ért", "ına", "ine",
            "nın", "nin", "ın", "in", "un", "ün", "ya", "ye", "da", "de", "ta", "te", "den", "dan", "у", "а",
            "ом", "ем", "е", "и", "ју", "ја", "ов", "ови", "ове", "ова", "s", "'s", "’s", "en", "er", "es", "n",
            "y", "ej", "ą", "ę",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
_GLUED = re.compile(r"^(?P<stem>.+?)(?:['’`-](?P<suffix>\w{1,5}))$")


@dataclass(frozen=True)
class Gazetteer:
    """The outlets, indexed by the comparison key of every name and by every domain."""

    outlets: tuple[KnownOutlet, ...]
    by_key: dict[str, KnownOutlet]
    by_domain: dict[str, KnownOutlet]
    words: frozenset[str] = frozenset()
    """Every word of every name's comparison key: a text word whose forms are none of them is no word of a
    known name, so a line without such a word needs no closer look."""
    dotted: dict[str, KnownOutlet] = field(default_factory=dict)
    """Names written like an address ("Взгляд.UA", "Kurir.rs"), case-folded: an address's key loses its ending."""
    # Answers already given: claim reading asks about the same capitalized words over and over.
    _answers: dict[tuple[str, bool], KnownOutlet | None] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.outlets)

    def find(self, name: str, accents: bool = False) -> KnownOutlet | None:
        """The outlet ``name`` names, as written or with a case ending or possessive glued to it.

        With ``accents``, a name must keep the accents of one of the outlet's names ("Nová" is not "Nova").
        """
        question = (name, accents)
        if question in self._answers:
            return self._answers[question]
        if len(self._answers) > 100_000:  # a long import asks about many names once: keep memory bounded
            self._answers.clear()
        answer = self._answers[question] = self._find(name, accents)
        return answer

    def _find(self, name: str, accents: bool) -> KnownOutlet | None:
        for candidate in _spellings(name):
            if "." in candidate and domain_of(candidate):
                # An address names its owner only (gazeta.ru is not gazeta.ua), or the outlet writing its
                # name that way ("Взгляд.UA").
                found = self.at(candidate) or self.dotted.get(candidate.casefold())
                if found is not None:
                    return found
                continue
            key = normalize_name(candidate)
            if key and key in self.by_key:
                outlet = self.by_key[key]
                if (
                    not accents
                    or not _has_latin(candidate)
                    or any(_accented(candidate) == _accented(n) for n in outlet.names)
                ):
                    return outlet  # accents are Latin letters' ("Nová" is not "Nova"); "РТК" is RTK written in Cyrillic
                continue
            found = self.at(candidate)
            if found is not None:
                return found
        return None

    def at(self, address: str) -> KnownOutlet | None:
        """The outlet that owns ``address`` (a URL, a host or a domain), by its host or a parent domain."""
        host = domain_of(address)
        for domain in site_domains(host) if host else ():
            if domain in self.by_domain:
                return self.by_domain[domain]
        return None


def _has_latin(name: str) -> bool:
    return any("a" <= c <= "z" or "\u00c0" <= c <= "\u024f" for c in name.casefold())


def _accented(name: str) -> str:
    """``name`` compared with its accents kept: case, punctuation and a leading article ignored."""
    folded = name.casefold().replace("i\u0307", "i")  # Turkish "İ" folds to "i" with a dot above
    words = re.sub(r"[^\w]+", " ", re.sub(r"\.[a-z]{2,6}$", "", folded)).split()
    while len(words) > 1 and words[0] in ("the", "der", "die", "das", "le", "la", "les", "el", "il", "lo"):
        words = words[1:]
    return _GLUED_NUMBER.sub("", " ".join(words))


def _word_forms(word: str, shortest_stem: int = 4) -> list[str]:
    """``word`` and the nominative forms it may be a case of: "Politiku" → "Politika", "Radija" → "Radio"."""
    forms = [word]
    glued = _GLUED.match(word)
    if glued:
        forms.append(glued.group("stem"))
    lower = word.lower()
    for ending in _ENDINGS:
        if lower.endswith(ending) and len(word) - len(ending) >= shortest_stem:  # "Novi" alone is no case of "Nova"
            stem = word[: len(word) - len(ending)]
            forms.extend(stem + restored for restored in ("", "a", "o", "e", "а", "о"))
    return list(dict.fromkeys(forms))


def spellings_of(name: str) -> Iterator[str]:
    """``name`` as written, then the nominative forms it may be a case of ("Hürriyet'in" → "Hürriyet")."""
    return _spellings(name)


def _spellings(name: str) -> Iterator[str]:
    """``name`` as written, then with its first and last words in the nominative they may be cases of."""
    words = name.strip().split()
    if not words:
        return
    yield " ".join(words)
    firsts = _word_forms(words[0], 4 if len(words) == 1 else 3)  # with the rest of a name: "Novu TV" is Nova TV
    lasts = _word_forms(words[-1]) if len(words) > 1 else [""]
    middle = words[1:-1]
    for first in firsts:
        for last in lasts:
            yield " ".join(w for w in (first, *middle, last) if w)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split("|") if part)


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer shipped with the package (read once per process)."""
    text = resources.files("provenance").joinpath("data/outlets.csv").read_text(encoding="utf-8")
    return build_gazetteer(
        KnownOutlet(
            row["name"],
            _split(row["aliases"]),
            _split(row["domains"]),
            row["language"] or None,
            row["country"] or None,
            row["kind"] or "site",
            row["source"],
        )
        for row in csv.DictReader(text.splitlines())
    )


def build_gazetteer(entries: Iterable[KnownOutlet]) -> Gazetteer:
    """A gazetteer of ``entries``, indexed by every name's key and every domain."""
    outlets = tuple(entries)
    by_key: dict[str, KnownOutlet] = {}
    by_domain: dict[str, KnownOutlet] = {}
    for outlet in outlets:  # curated rows first in each key: a bare domain never shadows a named outlet
        for domain in outlet.domains:
            by_domain.setdefault(domain, outlet)
    for outlet in sorted(outlets, key=lambda o: o.source not in NAMED_SOURCES):
        for name in outlet.names:
            key = normalize_name(name)
            if key:
                by_key.setdefault(key, outlet)
                by_key.setdefault(_GLUED_NUMBER.sub("", key), outlet)  # "France 24" written "France24"
    words = frozenset(word for key in by_key for word in key.split())
    dotted = {n.casefold(): o for o in outlets for n in o.names if "." in n}
    return Gazetteer(outlets, by_key, by_domain, words, dotted)


_GLUED_NUMBER = re.compile(r"\s+(?=\d+$)")


def made_like_outlet(words: Sequence[str]) -> bool:
    """Whether a few folded words read as an outlet's name by what they are made of: two to four, with a word
    outlets' names are made of at one end ("TV Informer", "Kyiv Independent", "Marathon Independent")."""
    return 2 <= len(words) <= 4 and (words[0] in OUTLET_WORDS or words[-1] in OUTLET_WORDS)


NAMED_SOURCES = frozenset({"recorded", "curated", "fundus"})
"""Where an entry's name is a name a text would use; the other entries are known by their address."""

_RECORDED: ContextVar[Gazetteer | None] = ContextVar("provenance_recorded_outlets", default=None)


@contextmanager
def also_knowing(outlets: Iterable[KnownOutlet]) -> Iterator[None]:
    """Within the block, the outlets a database records are known too, before the shipped list: what
    ``provenance outlet add`` and ``outlet import`` recorded extends the gazetteer for claim reading."""
    token = _RECORDED.set(_recorded_gazetteer(tuple(outlets)))
    try:
        yield
    finally:
        _RECORDED.reset(token)


@functools.lru_cache(maxsize=4)
def _recorded_gazetteer(outlets: tuple[KnownOutlet, ...]) -> Gazetteer:
    # an import reads chunk after chunk (and slice after slice in each worker) with the same recorded outlets
    return build_gazetteer(outlets)


def recorded_outlets_in_force() -> bool:
    """Whether claim reading runs within ``also_knowing`` (a database's recorded outlets extend the gazetteer)."""
    return _RECORDED.get() is not None


def may_name_recorded_outlet(word: str) -> bool:
    """Whether a text word may be a word of a recorded outlet's name (among those in force: ``also_knowing``),
    itself or as a nominative it may be a case of: a cheap first look. False outside ``also_knowing``."""
    recorded = _RECORDED.get()
    return recorded is not None and not recorded.words.isdisjoint(_words_of(word))


@functools.lru_cache(maxsize=100_000)
def may_name_shipped_outlet(word: str) -> bool:
    """Whether a text word may be a word of a shipped outlet's name, itself or as a nominative it may be a
    case of: a cheap first look, the same answer for every call, so cached."""
    return not gazetteer().words.isdisjoint(_words_of(word))


def known_outlet(name: str, accents: bool = False) -> KnownOutlet | None:
    """The outlet ``name`` (a name, another name, a domain or an address) names, among the recorded outlets
    in force (``also_knowing``) and then the shipped gazetteer; with ``accents``, only when the name keeps
    the accents of one of the outlet's names."""
    recorded = _RECORDED.get()
    found = None
    if recorded is not None and not recorded.words.isdisjoint(_words_of(name)):
        found = recorded.find(name, accents)
    return found or gazetteer().find(name, accents)


@functools.lru_cache(maxsize=100_000)
def _words_of(name: str) -> frozenset[str]:
    """Every comparison word ``name`` and its nominative forms hold: a gazetteer holding none of them
    cannot know the name, and need not be asked."""
    return frozenset(word for spelling in _spellings(name) for word in normalize_name(spelling).split())
