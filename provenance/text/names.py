"""Name normalization: the one place that decides when two spellings name the same outlet or person."""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import urlsplit

from anyascii import anyascii

# Leading articles in the languages whose outlets we see most ("The Telegraph", "Le Monde", "Der Spiegel").
_LEADING_ARTICLES = frozenset(
    [
        "the",
        "a",
        "an",
        "le",
        "la",
        "les",
        "l",
        "der",
        "die",
        "das",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "gli",
        "i",
        "o",
        "os",
        "as",
        "de",
        "het",
    ]
)
_TLD = re.compile(
    r"\.(com|net|org|info|news|online|co\.uk|org\.uk|ac\.uk|co|uk|al|mk|rs|ba|hr|me|si|de|at|ch|fr|es|it|pt|br"
    r"|ro|hu|ru|ua|tr|gr|bg|eu|us|io|tv|fm|xk|cz|sk|pl|nl|be|lu)$"
)
_NON_WORD = re.compile(r"[^\w]+")


URL = re.compile(r"https?://[^\s<>\"'()\[\]]+|www\.[^\s<>\"'()\[\]]+")
"""A link as texts write it: with its scheme, or from ``www.``."""


def wordlist(*chunks: str) -> list[str]:
    """The words of space-separated table chunks (word tables stay readable as prose)."""
    return " ".join(chunks).split()


def fold(text: str) -> str:
    """Return ``text`` case-folded and transliterated to ASCII, so scripts and accents compare equal."""
    return anyascii(unicodedata.normalize("NFKC", text)).casefold()


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    folded = fold(char)
    return folded[0] if folded and folded[0].isalnum() else char


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds each character as ``_fold_char`` does, filled on first use."""

    def __missing__(self, code: int) -> str:
        self[code] = _fold_char(chr(code))
        return self[code]


_FOLD = _FoldTable()


def fold_in_place(text: str) -> str:
    """``text`` folded one character for one (a letter to its first ASCII letter, other signs kept), so a place
    found in the folded text is the same place in ``text``."""
    # str.translate with a memo table: the same folding as a per-character loop, several times faster.
    # On ASCII text the folding is lower(), which skips the per-character table look-ups.
    return text.lower() if text.isascii() else text.translate(_FOLD)


def domain_of(value: str) -> str | None:
    """Return the bare host of a URL or domain-like string (``www.`` removed), or None if it has none."""
    value = value.strip().lower()
    if "://" not in value:
        if " " in value or "." not in value:
            return None
        value = "//" + value
    host = urlsplit(value).hostname
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "edu", "ac", "in", "or", "ne", "go"})
"""Second-level labels under a country's domain that a registrant never owns (``co.uk``, ``com.mk``, ``org.rs``)."""


def site_domains(host: str) -> tuple[str, ...]:
    """Return ``host`` and its parent domains down to the registered one, most specific first:
    ``en.telegrafi.com`` → (``en.telegrafi.com``, ``telegrafi.com``); ``news.bbc.co.uk`` → (…, ``bbc.co.uk``)."""
    labels = host.lower().removeprefix("www.").split(".")
    if len(labels) < 2:
        return ()
    shortest = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return tuple(".".join(labels[i:]) for i in range(0, len(labels) - shortest + 1))


def normalize_name(name: str) -> str:
    """Return the comparison key of an outlet or person name.

    Case, accents, script, punctuation, a leading article and a trailing top-level domain are
    ignored: ``The Telegraph``, ``telegraph`` and ``Telegraph.co.uk`` share one key, and so do
    ``Telegrafi`` and ``Telegrafi.com``; ``telegraf.al`` (another outlet) does not join them.
    """
    key = fold(name).strip().strip("/()[]<>\"'“”«»").strip()
    key = key.removeprefix("www.")
    key = _TLD.sub("", key)
    words = [w for w in _NON_WORD.sub(" ", key).split() if w]
    while len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words)


# Words that outlet names share across languages, so a machine translation of a name
# ("Telegrafi" -> "Telegraph", "Koha" -> "Times") can be recognized. Keys are concepts,
# values are folded spellings; stems (see _stem) cover the rest.
_GLOSSES: dict[str, str] = {
    "telegraph": "telegraph telegrafi telegraf telegrafo telegraaf telegrafu",
    "time": (
        "time times koha kohe vreme vrijeme vremena zeit temps tiempo tiempos tempo tempi "
        "timpul timpuri ido idok vremia vremya chas zaman"
    ),
    "voice": "voice zeri zani glas golos holos stimme voix voz voce vocea hang ses sesi",
    "news": (
        "news lajme lajmi lajmet vesti vijesti novosti novini nachrichten nouvelles "
        "noticias notizie stiri hirek haber haberler"
    ),
    "world": "world bota svet svijet welt monde mundo mondo lumea vilag mir svit dunya",
    "daily": (
        "daily ditore dnevni dnevnik dnevne taglich quotidien diario quotidiano "
        "cotidianul napi ezhednevnyi shchodennyi gunluk"
    ),
    "truth": "truth pravda verteta verite verdad verita verdade adevarul igazsag gercek",
    "independent": (
        "independent pavarur pavarura nezavisne nezavisni nezavisen unabhangig "
        "independant independiente indipendente independente fuggetlen nezavisimaia "
        "nezalezhna bagimsiz"
    ),
    "guardian": "guardian gardijan gardian guardiano",
    "herald": "herald glasnik lajmetari vestnik herold",
    "express": "express ekspres ekspresi expres expresso",
    "post": "post posta postes",
    "mirror": "mirror pasqyra ogledalo spiegel miroir espejo specchio oglinda tukor zerkalo",
    "observer": "observer vezhguesi posmatrac promatrac beobachter observateur osservatore",
    "nation": "nation kombi nacija nacion nazione natiunea nemzet natsiia millet",
    "free": "free lire lira slobodna slobodni svobodna frei libre libero livre liber",
    "morning": "morning mengjesi jutarnji jutro morgen matin manana mattino manha reggel",
    "evening": "evening mbremja vecernji vecernje vecher abend soir tarde sera seara esti",
}
_CONCEPT = {spelling: concept for concept, spellings in _GLOSSES.items() for spelling in spellings.split()}
_GENERIC_TLDS = (".com", ".net", ".org", ".info", ".online", ".news")
# Albanian definite endings and Slavic case endings, longest first.
_INFLECTIONS = ("ja", "it", "in", "ut", "un", "i", "a", "u", "e", "o")


def _stem(word: str) -> str:
    """Return ``word`` with spelling variants merged and one inflection ending removed."""
    word = word.replace("ph", "f").replace("th", "t").replace("ck", "k")
    for ending in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _rendering_key(name: str) -> tuple[str, ...] | None:
    """Return the word-order- and language-independent key of an outlet name (None: a country domain)."""
    host = domain_of(name)
    if host is not None and not host.endswith(_GENERIC_TLDS):
        return None
    return tuple(sorted(_CONCEPT.get(word, _stem(word)) for word in normalize_name(name).split()))


def may_be_rendering_of(a: str, b: str) -> bool:
    """Return True when ``a`` may be ``b`` written or translated in another language.

    ``Telegraph`` may be ``Telegrafi`` (Albanian for "the telegraph"), ``Koha`` may be ``The Times``
    and ``Gardijan`` ``The Guardian``. A domain with a country suffix is an identifier, not a word,
    so ``telegraf.al`` is a rendering of nothing but itself. The relation is symmetric.
    """
    host_a, host_b = domain_of(a), domain_of(b)
    if host_a is not None and host_b is not None:
        return host_a == host_b
    key_a, key_b = _rendering_key(a), _rendering_key(b)
    if key_a is None or key_b is None:
        return False
    return bool(key_a) and key_a == key_b
