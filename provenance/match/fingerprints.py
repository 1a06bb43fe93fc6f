"""Lexical fingerprints of a text: what matching looks up by SQL (``provenance.match.index`` stores them).

A fingerprint is a set of short feature strings that survive translation (numbers, dates, proper names
folded across scripts and inflections, URLs and handles) or republication (quoted strings, sampled word
shingles). Pure text work: no database here.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from provenance.text.names import fold

# Feature prefixes: one character naming the kind, a colon, the value.
NAME, NUMBER, DATE, QUOTE, LINK, SHINGLE = "n", "d", "t", "q", "u", "s"
CROSS_LANGUAGE_KINDS = frozenset({NAME, NUMBER, DATE, LINK})
MAX_FEATURE_LENGTH = 64

# One shingle in SHINGLE_SAMPLE is kept (chosen by its hash, so two copies keep the same ones):
# containment of an excerpt in its original is then measured on a few dozen rows per article.
SHINGLE_WORDS = 5
SHINGLE_SAMPLE = 8

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Patterns start with a character class, not a look-behind, so that the regex engine can skip ahead to
# where a match may begin (the look-behind comes after the first character: ``\d(?<![\w.,]\d)``).
_SENTENCE_END = re.compile(r"[.!?…]\s+|\n+")
_NUMBER = re.compile(
    r"\d(?<![\w.,]\d)\d{0,2}(?:(?:[ ,.])\d{3})+(?:[.,]\d+)?(?![\w]|[.,]\d)|\d(?<![\w.,]\d)\d*(?:[.,]\d+)?(?!\w)"
)
_NUMERIC_DATE = re.compile(
    r"\b(?:(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)|(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d))\b"
)
_QUOTED = re.compile(r"[\"“”„«»‘‚]([^\"“”„«»\n]{12,300})[\"“”«»‘’]")
_URL = re.compile(r"https?://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])([@#][A-Za-z_][A-Za-z0-9_]{2,30})")
_POSSESSIVE = re.compile(r"['’]s?$")
_NOT_ASCII_LETTER = re.compile(r"[^a-z]")
_GROUP_SEPARATOR = re.compile(r"[ ,.]")
_URL_PREFIX = re.compile(r"^(https?://)?(www\.)?")

# Spelling variants that transliteration and national orthographies produce for one sound, applied
# after folding to ASCII: Khrushchev/Hruščov/Hrushovi, Zelenskyy/Zelenskiy, Tchaikovsky/Čajkovski.
_HARMONIZE = (
    ("shch", "s"),
    ("sch", "s"),
    ("tch", "c"),
    ("kh", "h"),
    ("zh", "z"),
    ("sh", "s"),
    ("ch", "c"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("dj", "d"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("q", "k"),
    ("x", "ks"),
)
_DOUBLE = re.compile(r"(.)\1+")
# Case and definiteness endings of Finnish, Albanian, Slavic, Baltic and Hungarian names, longest first;
# only short names need them, longer ones are compared by their first letters.
_ENDING_LIST = (
    "ssa sta lla lta lle iin ksi han hen ista ita ata ova eva ovi ev in it un ut es en ja je ju om em oi ov "
    "an on nak nek ban ben nal nel bol n a i u e o s t"
)
_ENDINGS = tuple(sorted(set(_ENDING_LIST.split()), key=lambda ending: (-len(ending), ending)))

# Month names by their first letters, folded and harmonized, in the languages seen most in our news:
# English, Finnish, Albanian, BCMS, Russian/Ukrainian (transliterated), German, French, Spanish,
# Italian, Portuguese, Romanian, Hungarian, Turkish.
_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("ianuar", "tammik", "ianar", "ianvar", "sicn", "genn", "enero", "ianeiro", "ocak"),
    2: ("februar", "fevral", "helmik", "skurt", "liut", "fevrier", "febrer", "febbr", "fevereiro", "subat"),
    3: ("marc", "maalisk", "mars", "mart", "berez", "marz", "marso", "marzo", "marco", "martie", "marcius"),
    4: ("april", "huhtik", "prill", "aprel", "kviten", "avril", "abril", "aprile", "aprilie", "nisan"),
    5: ("mai", "toukok", "maio", "maggio", "maio", "traven", "mei", "maius", "maiis", "maiu"),
    6: ("iune", "iuni", "kesak", "kesäk", "kerser", "iun", "cerven", "iuin", "iunio", "giugno", "iunho", "iunie"),
    7: ("iul", "heinak", "korrik", "lipen", "iuillet", "iulio", "luglio", "iulho", "iulie", "temmuz"),
    8: ("august", "elok", "gust", "avgust", "serpen", "aout", "agost", "agosto", "augusztus", "agustos"),
    9: ("septemb", "sept", "siisk", "syysk", "stator", "sentiab", "veresen", "settemb", "setemb", "eilul"),
    10: ("oktob", "octob", "lokak", "tetor", "zovten", "octubre", "ottobre", "outubro", "ekim"),
    11: ("novemb", "marrask", "nentor", "noiab", "listopad", "noviemb", "novembre", "kasim"),
    12: ("decemb", "dezemb", "diciemb", "dicemb", "iouluk", "ioulu", "dhietor", "dekab", "grud", "aralik"),
}


@lru_cache(maxsize=65536)
def harmonize(word: str) -> str:
    """Return a folded word with transliteration variants merged (``zelenskyy`` and ``zelenskiy`` agree)."""
    for old, new in _HARMONIZE:
        word = word.replace(old, new)
    return _DOUBLE.sub(r"\1", word)


def name_keys(word: str) -> list[str]:
    """Return the comparison keys of one word of a proper name, in any script or inflection.

    Long names compare by their first four and five letters after folding and harmonizing
    (``Putinin``, ``Putini`` and ``Путин`` share ``putin``); short ones also by a stem with one
    case ending removed (``Banin`` gives ``ban``).
    """
    return list(_name_keys(word))


@lru_cache(maxsize=65536)
def _name_keys(word: str) -> tuple[str, ...]:
    letters = _NOT_ASCII_LETTER.sub("", fold(_POSSESSIVE.sub("", word)))
    folded = harmonize(letters)
    if len(letters) < 2 or len(folded) < 2:
        return ()
    keys: list[str] = []
    if len(folded) <= 3:
        keys.append(folded)
    else:
        keys.append(folded[:4])
    if len(folded) >= 5:
        keys.append(folded[:5])
    if len(folded) <= 7:
        for ending in _ENDINGS:
            stem = folded[: -len(ending)]
            if folded.endswith(ending) and 3 <= len(stem) < 5:
                if stem[:4] not in keys:
                    keys.append(stem[:4])
                break
    return tuple(keys)


@lru_cache(maxsize=65536)
def normalize_number(raw: str) -> str | None:
    """Return a number as written in any locale in one form (``1,500``, ``1 500`` → ``1500``; ``3,5`` → ``3.5``).

    Single digits are left out: they are as often written as words, and common.
    """
    if raw.isdigit():
        value = raw.lstrip("0") or "0"
        return None if len(value) == 1 else value
    groups = _GROUP_SEPARATOR.split(raw)
    if len(groups) > 1 and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        value = "".join(groups).lstrip("0") or "0"
    elif len(groups) == 2:
        whole, fraction = groups[0].lstrip("0") or "0", groups[1].rstrip("0")
        value = f"{whole}.{fraction}" if fraction else whole
    else:
        value = "".join(groups).lstrip("0") or "0"
    return None if len(value) == 1 else value


def numbers(text: str) -> list[str]:
    """Return the numbers in ``text`` in locale-independent form, in order (see ``normalize_number``)."""
    found = map(normalize_number, _NUMBER.findall(text))
    return [n for n in found if n is not None]


_MONTH_PREFIXES = sorted(
    {(harmonize(p), m) for m, ps in _MONTHS.items() for p in ps}, key=lambda pm: (-len(pm[0]), pm[0])
)
_MONTH_STARTS = frozenset(p[:3] for p, _ in _MONTH_PREFIXES)


def _is_digits(token: str) -> bool:
    return token.isascii() and token.isdigit()


@lru_cache(maxsize=65536)
def month_of(word: str) -> int | None:
    """Return the month (1–12) a word names in one of the languages we know, inflected or not, else None."""
    if len(word) < 3:
        return None
    key = harmonize(_NOT_ASCII_LETTER.sub("", fold(word)))
    if len(key) < 3 or key[:3] not in _MONTH_STARTS:
        return None
    for prefix, month in _MONTH_PREFIXES:
        if key.startswith(prefix) and (len(prefix) >= 4 or len(key) <= len(prefix) + 6):
            return month
    return None


def dates(text: str) -> list[str]:
    """Return the calendar dates in ``text`` as ``MM-DD`` and ``YYYY-MM`` keys, in any language we know.

    A month name next to a day number gives ``MM-DD`` (``March 15``, ``15. maaliskuuta``, ``15 марта``);
    next to a year, ``YYYY-MM``; numeric dates (``15.3.2015``, ``2015-03-15``) give both.
    """
    return _dates(text, _TOKEN.findall(text))


def _dates(text: str, tokens: list[str]) -> list[str]:
    found: list[str] = []
    for m in _NUMERIC_DATE.finditer(text):
        day, month, year = (
            (m.group("d"), m.group("m"), m.group("y"))
            if m.group("y")
            else (
                m.group("d2"),
                m.group("m2"),
                m.group("y2"),
            )
        )
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            found += [f"{int(month):02d}-{int(day):02d}", f"{year}-{int(month):02d}"]
    months: dict[int, int | None] = {}
    # Only day and year numbers can be part of a date; the comprehension finds them without a Python-level loop
    # body per word.
    for j in [j for j, t in enumerate(tokens) if len(t) <= 4 and len(t) != 3 and t.isdigit() and t.isascii()]:
        token = tokens[j]
        number = int(token)
        is_day = 1 <= number <= 31 and len(token) <= 2
        for i in (j - 1, j + 1) if is_day else (j - 1, j - 2):
            if not 0 <= i < len(tokens) or _is_digits(tokens[i]):
                continue
            if i not in months:
                months[i] = month_of(tokens[i])
            month = months[i]
            if month is None:
                continue
            if is_day:
                found.append(f"{month:02d}-{number:02d}")
            elif 1900 <= number <= 2099:
                found.append(f"{number}-{month:02d}")
            break
    return found


def proper_names(text: str) -> list[str]:
    """Return the words of ``text`` written as proper names: capitalized inside a sentence, or in capitals.

    A sentence's first word counts only when the same word is capitalized inside a sentence elsewhere.
    """
    inside: list[str] = []
    first: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        words = _WORD.findall(sentence)
        if not words:
            continue
        head = words[0]
        if head[0].isupper():
            (inside if len(head) > 1 and head.isupper() else first).append(head)
        inside += [word for word in words[1:] if word[0].isupper()]
    seen = {w.casefold() for w in inside}
    return inside + [w for w in first if w.casefold() in seen]


def quotes(text: str) -> list[str]:
    """Return the quoted strings of ``text`` (at least four words), folded, in order."""
    found = []
    for m in _QUOTED.finditer(text):
        words = _folded_words(m.group(1))
        if len(words) >= 4:
            found.append(" ".join(words))
    return found


def links(text: str) -> list[str]:
    """Return the URLs (host and path, lower case, no scheme or ``www.``) and @handles or #tags in ``text``."""
    found: list[str] = []
    if "://" not in text and "www." not in text.lower() and "@" not in text and "#" not in text:
        return found
    for m in _URL.finditer(text):
        url = _URL_PREFIX.sub("", m.group(0).lower()).rstrip(".,;:!?/")
        if url:
            found.append(url)
    found += [m.group(1).lower() for m in _HANDLE.finditer(text)]
    return found


def shingles(text: str) -> list[str]:
    """Return the sampled hashes (hex) of the word 5-shingles of ``text``, folded: a same-language fingerprint.

    Sampling by hash keeps the same shingles in every copy, so an excerpt keeps its share of them.
    """
    return _shingles(_folded_words(text))


def _shingles(words: list[str]) -> list[str]:
    if len(words) < SHINGLE_WORDS:
        return []
    joined = " ".join(words)
    if joined.isascii():
        # Slices of one encoded string instead of a join and an encode per shingle (folded words are ASCII).
        data = joined.encode()
        starts = list(itertools.accumulate((len(w) + 1 for w in words), initial=0))
        grams = [data[start : end - 1] for start, end in zip(starts, starts[SHINGLE_WORDS:], strict=False)]
    else:
        grams = [" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)]
    # CRC-32 chooses cheaply which shingles to keep; the kept ones get a wider hash as their key.
    kept = [g for g, crc in zip(grams, map(zlib.crc32, grams), strict=True) if crc % SHINGLE_SAMPLE == 0]
    if not kept and grams:
        # A short text keeps its smallest shingle, so it still has one same-language feature.
        kept = [min(grams, key=zlib.crc32)]
    return [hashlib.blake2b(g, digest_size=6).hexdigest() for g in kept]


@lru_cache(maxsize=65536)
def _fold_chunk(chunk: str) -> str:
    return fold(chunk)


def _folded_words(text: str) -> list[str]:
    """Return the words of ``fold(text)``: folding maps character by character, so it is done per
    whitespace-separated chunk (memoised, most repeat) and not at all for ASCII text."""
    if text.isascii():
        return _TOKEN.findall(text.casefold())
    return _TOKEN.findall(" ".join(map(_fold_chunk, text.split())))


@dataclass(frozen=True)
class Fingerprint:
    """The features of one text, and the surface form each came from (for evidence)."""

    features: frozenset[str]
    surface: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    words: int = 0
    # The name and number features in the order the text first uses them (a translation keeps that order).
    sequence: tuple[str, ...] = ()

    def of_kind(self, *kinds: str) -> set[str]:
        """Return the features of the given kinds (``NAME``, ``NUMBER``…)."""
        return {f for f in self.features if f[0] in kinds}

    @property
    def cross_language(self) -> set[str]:
        """The features that survive translation."""
        return {f for f in self.features if f[0] in CROSS_LANGUAGE_KINDS}


def fingerprint(text: str, title: str | None = None) -> Fingerprint:
    """Return the fingerprint of an article's text (and its title, when not already the first line)."""
    text = unicodedata.normalize("NFC", text)
    whole = text if not title or text.lstrip().startswith(title.strip()) else f"{title}\n{text}"
    tokens = _TOKEN.findall(whole)
    surface: dict[str, str] = {}
    keep = surface.setdefault
    first_seen: dict[str, int] = {}
    where: dict[str, int] = {}
    for word in proper_names(whole):
        if word not in where:
            where[word] = _first_use(whole, word)
        for key in _name_keys(word):
            feature = f"{NAME}:{key}"[:MAX_FEATURE_LENGTH]
            keep(feature, word)
            first_seen[feature] = min(first_seen.get(feature, where[word]), where[word])
    for match in _NUMBER.finditer(whole):
        value = normalize_number(match.group())
        if value is not None:
            feature = f"{NUMBER}:{value}"[:MAX_FEATURE_LENGTH]
            keep(feature, value)
            first_seen.setdefault(feature, match.start())
    for value in _dates(whole, tokens):
        keep(f"{DATE}:{value}", value)
    for quote in quotes(whole):
        keep(f"{QUOTE}:{hashlib.blake2b(quote.encode(), digest_size=6).hexdigest()}", quote)
    for value in links(whole):
        keep(f"{LINK}:{value}"[:MAX_FEATURE_LENGTH], value)
    for value in _shingles(_folded_words(whole)):
        keep(f"{SHINGLE}:{value}", value)
    sequence = tuple(sorted(first_seen, key=lambda f: (first_seen[f], f)))
    return Fingerprint(frozenset(surface), surface, words=len(tokens), sequence=sequence)


def _first_use(text: str, word: str) -> int:
    """Return where ``word`` first stands as a whole word in ``text`` (``Ban`` not inside ``Bangkok``)."""
    start = text.find(word)
    while start >= 0:
        before = text[start - 1] if start else ""
        after = text[start + len(word) : start + len(word) + 1]
        if not before.isalpha() and not after.isalpha():
            return start
        start = text.find(word, start + 1)
    return max(text.find(word), 0)
