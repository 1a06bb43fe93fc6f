"""Credits that pages give by their layout rather than by a label: an aggregator's relay header
("Nova 03.06.2022 | Autor:Tanjug", "Digi24.ro, 4 decembrie 2025 16:50"), an outlet in the title
("THE GUARDIAN: …", "Foreign Affairs (США): …", "… – The Independent"), a line holding an outlet or
an address alone ("Metrópoles", "JOQ.al"), a press-clipping citation ("(Beta, Danas, 03.08.2011)",
"da “Corriere della Sera”, 18/03/2012", "Article paru dans Le Monde du 18/08/21"), a list of
addresses ("presseportal.de, kress.de (Interview)") and a press review ("La Repubblica: “…”").

Each function takes one line of text and returns the names it credits; the claim reader decides
what they are worth. A name counts only when it reads as an outlet: the gazetteer knows it, or it
is an address.
"""

from __future__ import annotations

import re

from provenance.text.citations import DAY_NAMES, is_citation_noise
from provenance.text.gazetteer import NAMED_SOURCES, known_outlet, made_like_outlet
from provenance.text.names import domain_of, fold, fold_in_place, normalize_name

_MONTH_DATE = r"\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+\d{4}"
_NUMERIC_DATE = r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\.?|\d{4}-\d{2}-\d{2}"
_TIME = r"(?:(?:,|\s[-–])?\s*\d{1,2}[:.]\d{2}(?::\d{2})?h?)"  # ", 18:03", " - 18:03h"
_AGO = (
    r"(?:pre|пре|před|przed|vor|hace|il y a|acum)?\s*\d+\s*"
    r"(?:sat[ai]?|min(?:ut[ae]?|uta)?|dan[ai]?|h|hours?|minutes?|days?|час\w*|мин\w*|дн\w*|ore|óra|perc|saat|dakika)"
    r"(?:\s+ago|\s+ranije|\s+fa|\s+önce|\s+назад)?"
)
_WHEN = rf"(?:{_NUMERIC_DATE}|{_MONTH_DATE}|{_AGO}){_TIME}?"
_RELAY_HEADER = re.compile(
    rf"^\s*(?:@\S+\s+)?(?P<name>[^|,#@]{{2,40}}?)\s*,?\s+(?:{_WHEN})\s*(?:\|\s*(?:Autor:?\s*)?(?P<more>[^|]{{2,60}}))?\s*$",
    re.IGNORECASE,
)
_BRACKET_HEADER = re.compile(rf"^\s*(?:{_WHEN})\s*\[\s*(?P<name>[^\[\]]{{2,40}}?)\s*\]\s*$", re.IGNORECASE)
# A feed's line giving only the outlet and the hour: "Le Point - 16h23", "Reuters, 09:41".
_RELAY_HOUR = re.compile(r"^\s*(?P<name>[^|,#@]{2,40}?)\s*[,–—-]?\s+\d{1,2}(?:[:.]|h)\d{2}\s*$")
# "в. Пари | Боряна НИКОЛАЕВА I 2010-02-09": newspaper (в.), magazine (сп.), an author between, then the date.
_CLIPPING_HEADER = re.compile(
    rf"^\s*(?:в|сп|вестник|списание)\.?\s+(?P<name>[^|]{{2,40}}?)\s*\|\s*(?:[^|]{{2,40}}?\s+[|I]\s+)?(?:{_WHEN})\s*$"
)
_HASH_TAG = re.compile(r"\s#\s*(?P<name>[\w.-]+\.[a-z]{2,})\s*$", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^\s*(?P<name>[^:]{2,40}?)(?:\s*\([^()]{1,25}\))?\s*:\s+(?P<rest>\S.*)$")
_TITLE_SUFFIX = re.compile(r"\s[–—|-]\s+(?P<name>[^–—|-]{2,40}?)\s*$")
_QUOTE_OPENERS = "\"“„«‘'"
_FROM_LEADS = (
    "da", "dal", "dalla", "dal giornale", "dal quotidiano", "tratto da", "fonte", "from", "aus", "iz", "из", "nga",
    "marrë nga", "d'après", "article paru dans", "paru dans", "publié dans", "zdroj feed",
)  # fmt: skip
# A pointer to the whole text elsewhere; it may close a line of the excerpt: "Nu tr (...) Citeste articolul mai
# departe pe ziaruldeiasi.ro…".
_READ_ON_LEADS = (
    "leer noticia completa en", "noticia completa en", "leer más en", "leia mais em", "lesen sie mehr bei",
    "read more at", "read the full story at", "full story at", "see the full story at", "komplette meldung auf",
    "den ganzen artikel auf", "weiterlesen auf", "lire la suite sur", "continua a leggere su",
    "leggi l'articolo completo su", "czytaj więcej na", "pročitajte više na", "citește articolul mai departe pe",
    "citește mai departe pe", "citește continuarea pe",
)  # fmt: skip
_CITATION_LEADS = tuple(sorted({fold(lead) for lead in _FROM_LEADS + _READ_ON_LEADS}, key=len, reverse=True))
_READ_ON = re.compile(
    r"(?:^|[\s.…)])(?:{})\s+(?P<name>\S+?(?:\s+\S+?){{0,3}})[\s.…]*$".format(
        "|".join(sorted((re.escape(fold(lead)) for lead in _READ_ON_LEADS), key=len, reverse=True))
    )
)
_READ_ON_REACH = 120
"""Characters from a line's end a pointer to the whole article is looked for in: its lead and a name of four words."""
_READ_AFTER = re.compile(r"\s+(?:lesen|weiterlesen|lire|leggere|czytać|čitati)\W*$", re.IGNORECASE)
"""The verb some languages put after the outlet: "komplette Meldung auf INDUSTRIEMAGAZIN lesen"."""
_TRAILING_DATE = re.compile(r"\s+(?:du|del|de|of|vom|od|от|të|di|dated)\s+\S*\d.*$", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|\s/\s|/|\s[-–]\s)\s*")
_WRAPPERS = "\"“”„«»‘’'*_()[]—–- "


def _clean(name: str) -> str:
    return name.strip().strip(_WRAPPERS).strip().rstrip(".,;:").strip().strip(_WRAPPERS).strip()


# Endings of one-word outlet names ("Ukrinform", "Kosovapress", "Digi24", "NordNews", "Bosnainfo").
OUTLET_ENDINGS = ("inform", "press", "news", "info", "fax", "media", "tv", "online", "portal", "24")
_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}/?$", re.IGNORECASE)


def _is_address(name: str) -> bool:
    """A written web address or domain ("JOQ.al", "www.kommersant.ru"); not an initial ("E.ŞİRİNOV") or an e-mail."""
    return bool(_ADDRESS.match(name)) and domain_of(name) is not None


def is_outlet_name(name: str, shaped: bool = False) -> bool:
    """Whether ``name`` names an outlet by itself: an address, or a name the gazetteer knows; with
    ``shaped``, also one word ending like an outlet's name ("NordNews", "Kosovapress")."""
    name = _clean(name)
    if not name or is_citation_noise(name) or len(name) > 60:
        return False
    if _is_address(name):
        return True
    if shaped and len(name.split()) == 1 and name[:1].isupper() and fold(name).endswith(OUTLET_ENDINGS):
        return True
    known = known_outlet(name, accents=len(name.split()) == 1)
    return known is not None and known.source in NAMED_SOURCES  # "Kremlin" is a word before it is kremlin.ru


_STOCK_PHOTO = frozenset(
    normalize_name(n)
    for n in (
        "Dreamstime",
        "Shutterstock",
        "Getty Images",
        "Getty",
        "iStock",
        "iStockphoto",
        "Alamy",
        "Pixabay",
        "Unsplash",
        "Pexels",
        "Depositphotos",
        "Freepik",
        "Wikimedia Commons",
        "Wikimedia",
        "Profimedia",
        "EPA",
        "EPA-EFE",
        "AP Photo",
        "Adobe Stock",
        "123RF",
        "Canva",
    )
)


def is_stock_photo(name: str) -> bool:
    """Whether ``name`` is a picture library or a wire's picture service, by name or address ("Getty Images",
    "shutterstock.com"): it credits a picture, never a text."""
    domain = domain_of(name)
    stem = domain.rsplit(".", 1)[0] if domain else name
    return normalize_name(stem) in _STOCK_PHOTO


def _outlets(value: str, shaped: bool = False) -> list[str]:
    names = [_clean(part) for part in _SPLIT.split(_TRAILING_DATE.sub("", value))]
    return [n for n in names if n and is_outlet_name(n, shaped) and not is_stock_photo(n)]


def _header_name(value: str) -> list[str]:
    """The first slot of a relay header holds the outlet even when no list knows it: a few capitalized words,
    none an initial ("Novi magazin pre 9 sati"), not a date or a place."""
    name = _clean(value)
    words = name.split()
    whole_words = all(len(w.strip(".")) > 1 for w in words)
    dated = any(fold(w) in DAY_NAMES for w in words)  # "Publié le Dimanche 02 avril 2023": when, not who
    if 2 <= len(words) <= 4 and name[:1].isupper() and whole_words and ":" not in name and not is_citation_noise(name):
        return [] if dated else [name]
    return []


def relay_header(text: str) -> list[str]:
    """An aggregator's line naming where an item came from and when: "RTV pre 27 minuta | Tanjug", "Le Point -
    16h23", or a press clipping's "в. Преса | 07.12.2013" (the abbreviation for newspaper announces the name)."""
    clipping = _CLIPPING_HEADER.match(text)
    if clipping is not None:
        name = _clean(clipping.group("name"))
        announced = name[:1].isupper() and len(name.split()) <= 4 and not is_citation_noise(name)
        return [name] if announced else []
    bracketed = _BRACKET_HEADER.match(text)
    if bracketed is not None:  # "13.12.2014 - 12:03 [ Spiegel ]": a digest's item, dated, its source in brackets
        return _outlets(bracketed.group("name"), shaped=True) or _header_name(bracketed.group("name"))
    match = _RELAY_HEADER.match(text)
    if match is None:
        hour = _RELAY_HOUR.match(text)  # an hour alone says less than a date: only a known outlet or an address
        return _outlets(hour.group("name")) if hour else []
    names = _outlets(match.group("name"), shaped=True) or _header_name(match.group("name"))
    if not names:
        return []
    return names + (_outlets(match.group("more"), shaped=True) if match.group("more") else [])


# A digital newsstand's line over a clipped page: the paper, its edition, an empty slot and the section.
_NEWSSTAND_HEADER = re.compile(r"^\s*(?P<name>[^-–|]{2,40}?)\s+-\s+[^-–|]{2,30}?\s+-\s+-\s+[^-–|]{1,40}?\s+-\s*$")


def newsstand_header(text: str) -> list[str]:
    """The paper a newsstand's header names: "Vecernji list - Hrvatska - - Aktualno -" (PressReader's layout)."""
    match = _NEWSSTAND_HEADER.match(text)
    if match is None:
        return []
    return _outlets(match.group("name"), shaped=True) or _header_name(match.group("name"))


def hash_tag(text: str) -> list[str]:
    """A headline tagged with where it came from: "… # Digi24.ro"."""
    match = _HASH_TAG.search(text)
    return [match.group("name")] if match and is_outlet_name(match.group("name")) else []


_HEADLINE_WORDS = 20
"""A line this short after "Outlet:" is a headline credited to it ("The Times: Даже россияне сомневаются …")."""


def title_outlet(text: str, first_line: bool) -> list[str]:
    """An outlet opening a title ("THE GUARDIAN: …"), a press-review line ("La Stampa: “…”") or an interviewer's
    question ("Europa Liberă: Ce înțelegeți Dvs.?"), or closing
    a title ("… – The Independent")."""
    match = _TITLE_PREFIX.match(text)
    headline = match is not None and (
        first_line
        or match.group("rest")[:1] in _QUOTE_OPENERS
        or len(text.split()) <= _HEADLINE_WORDS
        or match.group("rest").rstrip().endswith("?")  # an interview's questions: "Europa Liberă: Ce înțelegeți?"
    )
    if match and headline and is_outlet_name(match.group("name")):
        return [_clean(match.group("name"))]
    if first_line and "; " in text:  # a programme's run of headlines: "…; NYT: U.S. Intelligence Underestimated …"
        return [name for part in text.split("; ")[1:] for name in title_outlet(part, first_line=False)]
    if first_line:
        suffix = _TITLE_SUFFIX.search(text)
        if suffix and is_outlet_name(suffix.group("name")):
            return [_clean(suffix.group("name"))]
    return []


def outlet_alone(text: str) -> list[str]:
    """A line holding only an outlet's name or address ("Metrópoles", "JOQ.al", "www.kommersant.ru — …"),
    or a list of addresses ("presseportal.de, kress.de (Interview)")."""
    value = re.sub(r"\s*\([^()]{1,30}\)\s*$", "", text.strip())
    head = re.match(r"^(?P<host>(?:https?://)?[\w.-]+\.[a-z]{2,})/?\s+[—–-]\s+\S", value, re.IGNORECASE)
    if head and _is_address(head.group("host")):
        return [domain_of(head.group("host")) or head.group("host")]
    parts = [_clean(p) for p in re.split(r"\s*,\s*", value)]
    if parts and all(_is_address(p) for p in parts):
        return parts
    if len(parts) == 1 and len(parts[0].split()) <= 4 and is_outlet_name(parts[0]):
        return parts
    return []


# A page of a wire's copy headed by the wire and its feed: "AFP World", "Associated Press stories, Page 2112".
_WIRE_FEED = re.compile(
    r"^\s*(?P<name>[^,:|]{2,40}?)\s+(?:top\s+)?(?:stories|news|world|wire|feed|headlines)(?:,?\s+page\s+\d+)?\s*$",
    re.IGNORECASE,
)


def wire_feed(text: str) -> list[str]:
    """A news agency heading a page of its copy with the name of its feed: "AFP World", "AP Top News",
    "Associated Press stories, Page 2112". Only an agency the gazetteer knows: "BBC News" names the outlet itself."""
    match = _WIRE_FEED.match(text)
    name = _clean(match.group("name")) if match else ""
    known = known_outlet(name) if name and is_outlet_name(name) else None  # an address alone may be no agency
    return [name] if known is not None and known.kind == "agency" else []


# A quotation's closing reference, outlet then date: "… na primeru patke, Politika, 21. maj".
_CLOSING_PAREN = re.compile(r"\((?P<inner>[^()]{3,80})\)\s*\.?\s*$")
_CLOSING_CITATION = re.compile(r",\s+(?P<name>[^,;:]{2,40}),\s+(?P<date>[^,;:]{3,30}?)[.)]?$")


_CLOSING_NAME = re.compile(r"(?:[.!?…\"”»]|\s[—–])\s+(?P<name>[^\s.!?…—–][^!?…—–]{0,38}?[^\s.!?…])\.?\s*$")


_CLOSING_REACH = 100
"""Characters a closing name or citation is looked for in, from the end: more than either can span."""


def closing_name(text: str) -> list[str]:
    """An outlet named alone after a paragraph's last sentence or a dash, as press reviews and aggregators
    close each excerpt: "… HDZ-u servilan informativni program. Novosti", "… Дмитрия Пескова — Взгляд.UA."."""
    match = _CLOSING_NAME.search(text[-_CLOSING_REACH:])
    return _closing_outlets(match.group("name")) if match else []


def _closing_outlets(written: str) -> list[str]:
    """The outlets a closing name gives, each part one: "Novosti", "(France24 avec AFP)", "8 HAZİRAN 2014 / ZAMAN"
    (a date beside the outlet is left out); nothing when a part is neither an outlet nor a date."""
    inner = written[1:-1] if written.startswith("(") and written.endswith(")") else written
    parts = [_clean(_WITH_LEAD.sub("", part)) for part in _JOINED.split(inner) if part.strip()]
    names = [part for part in parts if not is_citation_noise(part)]
    if len(names) > 1:  # "(sh/mit dpa)": the editor's initials beside the wire
        names = [name for name in names if is_outlet_name(name) or not DESK_TAG.fullmatch(name)]
    if not names or len(names) > 3 or any(len(name.split()) > 4 or not is_outlet_name(name) for name in names):
        return []
    return names


def digest_item(text: str) -> list[str]:
    """A digest's item closing on the outlet it comes from, in parentheses: "• Pantic: I have Vucic’s support
    (Politika)", "Vucic acknowledges EU’s objections (Tanjug/B92)", "(Novi Magazin 19.11.2012)"; not an abbreviation
    spelled out before it ("Radio Television of Serbia (RTS)")."""
    match = _DIGEST_ITEM.match(text) if text.rstrip(" .").endswith(")") else None
    if match is None or _abbreviates(match.group("head") or "", match.group("name")):
        return []
    return _closing_outlets(_DATE_AFTER.sub("", _TRAILING_DATE.sub("", match.group("name"))))


def headline_credit(text: str) -> list[str]:
    """A headline closing on the outlet that reported it, after a colon: "Trump planea reunión con su gabinete
    posibles acciones en Irán: WSJ"; not a label ("Source: WSJ") nor a sentence ending in a stop."""
    match = _HEADLINE_CREDIT.match(text) if ":" in text and len(text) < _HEADLINE_LENGTH else None
    if match is None or len(match.group("head").split()) < 5 or not is_outlet_name(match.group("name")):
        return []
    return [_clean(match.group("name"))]


_HEADLINE_LENGTH = 200  # characters: a headline is shorter
_HEADLINE_CREDIT = re.compile(r"^\s*(?P<head>[^:]{20,}?[^\s.!?…:])\s*:\s+(?P<name>[^:.!?…()]{2,30}?)\s*$")


def link_item(text: str) -> list[str]:
    """A link blog's credit for the piece it quotes: a headline closing "…, by Author, Outlet" ("Apple To Open More
    Stores, by Elisabeth Behrmann, Bloomberg"; "…, by Six Colors" when the gazetteer knows the name), or a lead
    "Author, Outlet:" alone on its line ("Joe Rossignol, MacRumors:")."""
    if len(text) > _HEADLINE_LENGTH or text.rstrip()[-1:] in ".!?…":
        return []
    match = _LINK_HEADLINE.match(text) or _LINK_LEAD.match(text)
    if match is None:
        return []
    who, name = _clean(match.group("who")), _clean(match.group("name") or "")
    if not name:  # "…, by Six Colors": the outlet wrote it, when the gazetteer says so
        return [who] if is_outlet_name(who) else []
    credited = all(map(_person_like, _PEOPLE_JOIN.split(who))) and _titled_name(name)
    return [name] if credited else []


_LINK_HEADLINE = re.compile(
    r"^\s*(?P<head>\S(?:[^,]|,(?!\s+by\s)){15,}?),\s+by\s+(?P<who>[^,]{3,80}?)(?:,\s+(?P<name>[^,]{2,40}?))?\s*$"
)
_LINK_LEAD = re.compile(r"^\s*(?P<who>[^\W\d_][^,:]{3,40}?),\s+(?P<name>[^,:]{2,40}?)\s*:\s*$")
_PEOPLE_JOIN = re.compile(r"\s+(?:and|&)\s+|\s*,\s*")


def _person_like(name: str) -> bool:
    """Two to four capitalized words, as a reporter's name is written ("Nguyen Xuan Quynh", "Joe Rossignol")."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words if len(w) > 1)


def _titled_name(name: str) -> bool:
    """A short capitalized name that is no date or place, and no bare acronym the gazetteer does not know (a
    reporter's university: "UCL")."""
    words = name.split()
    if not name or len(words) > 4 or not (name[:1].isupper() or name[:1].isdigit()) or is_citation_noise(name):
        return False
    return is_outlet_name(name, shaped=True) or not (len(words) == 1 and name.isupper() and len(name) <= 4)


# The item's words end without a stop: "… before the war. (facebook.com/delicia)" is a caption's picture credit.
_DIGEST_ITEM = re.compile(r"^\s*(?:[•·*▪►-]\s*)?(?:(?P<head>\S.{8,}?[^\s.!?…:])\s)?\((?P<name>[^()]{2,40})\)\s*\.?\s*$")
_DATE_AFTER = re.compile(r"[\s,]+\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\.?$")  # "(Novi Magazin 19.11.2012)"


def _abbreviates(head: str, name: str) -> bool:
    """Whether ``name`` abbreviates the capitalized words ending ``head`` ("World Health Organization (WHO)")."""
    letters = "".join(c for c in name if c.isalpha()).upper()
    initials = "".join(w[0] for w in head.split()[-8:] if w[:1].isupper()).upper()
    return len(letters) >= 2 and initials.endswith(letters)


# Between outlets credited together: "France24 avec AFP", "dpa/AP", "Reuters and AP".
DESK_TAG = re.compile(r"[a-z]{2,5}|[A-Z]{2,3}")
"""The relaying desk's or editor's own tag beside a wire: "dpa/stol", "LUSA/HN", "(sh/mit dpa)"."""
_WITH_LEAD = re.compile(r"^\s*(?:mit|with|avec|con|com|cu)\s+(?:material\s+(?:von|of|de|di)\s+)?", re.IGNORECASE)
_JOINED = re.compile(r"\s*(?:/|,|\s(?:avec|with|con|mit|et|and|y|e|și|und|i|и)\s)\s*")


def citation(text: str) -> list[str]:
    """A press-clipping citation: "(Beta, Danas, 03.08.2011)", "Dal giornale LA NAZIONE del 27/3/2020",
    "da “Corriere della Sera”, 18/03/2012", "Leer noticia completa en El Mundo.", or a quotation's closing
    reference on a line of any length ("…, Politika, 21. maj")."""
    stripped = text.strip()
    if quoted_in := _quotation_lead(stripped):
        return quoted_in
    tail = stripped[-_READ_ON_REACH:]
    read_on = _READ_ON.search(fold_in_place(tail))
    if read_on is not None:
        return _outlets(_READ_AFTER.sub("", tail[read_on.start("name") : read_on.end("name")]))
    if len(stripped.split()) > 14:
        return _closing_citation(stripped)
    if stripped.startswith("(") and stripped.rstrip(".").endswith(")"):
        return _parenthesized_citation(stripped.rstrip(".")[1:-1])
    key = fold(stripped)
    for lead in _CITATION_LEADS:
        if key.startswith(lead + " "):
            return _outlets(_READ_AFTER.sub("", stripped[len(lead) + 1 :]))
    return _dated_citation(stripped) or _closing_citation(stripped)


def _dated_citation(text: str) -> list[str]:
    """A line that is a whole citation, the outlet first and the date last, places between: "Marathon
    Independent, Marathon, New York, March 14, 1883", "Politika, 21. maj"."""
    parts = [p.strip() for p in text.rstrip(".").split(",")]
    dated = next((k for k in range(1, len(parts)) if is_citation_noise(", ".join(parts[k:]))), None)
    if dated is None or not all(_PLACE.fullmatch(p) for p in parts[1:dated]):
        return []
    name = _clean(parts[0])
    made = name[:1].isupper() and made_like_outlet([fold(w) for w in name.split()])
    return [name] if made or is_outlet_name(name) else []


_PLACE = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,2}")


def _quotation_lead(text: str) -> list[str]:
    """A quotation introduced by who said it in which outlet: "Sathnam Sanghera in The Times [£]:"."""
    lead = _QUOTATION_LEAD.match(text)
    return [_clean(lead.group("name"))] if lead and is_outlet_name(lead.group("name")) else []


_QUOTATION_LEAD = re.compile(
    r"(?:[A-Z][\w'’.-]+ ){1,3}in (?P<name>[^:\[\](),]{2,40}?)\s*(?:\[[^\]]{0,12}\]|\([^)]{0,12}\))?\s*:"
)


def _parenthesized_citation(inner: str, dated_only: bool = False) -> list[str]:
    """The outlets a citation in parentheses names, when it is one: dated or naming two ("Beta, Danas,
    03.08.2011", "Reuters/red, derStandard.at, 12.11.2014", "Fabrizio Roncone, Corriere della Sera, 11/4/2019");
    ``dated_only`` after a sentence, where two addresses are a picture's ("(facebook.com/delicia.com.ua)")."""
    parts = [_clean(p) for p in re.split(r"\s*,\s*", inner)]
    dated = any(is_citation_noise(p) for p in parts)
    names = _outlets(inner)
    return names if names and (dated or (len(names) > 1 and not dated_only)) else []


def _closing_citation(text: str) -> list[str]:
    """A citation closing a longer line: in parentheses ("… erklärte das Magazin. (Reuters/red, derStandard.at,
    12.11.2014)") or after a comma ("…, Politika, 21. maj")."""
    tail = text[-_CLOSING_REACH:]
    paren = _CLOSING_PAREN.search(tail)
    if paren and (names := _parenthesized_citation(paren.group("inner"), dated_only=True)):
        return names
    closing = _CLOSING_CITATION.search(tail)
    if closing and is_citation_noise(closing.group("date")) and is_outlet_name(closing.group("name")):
        return [_clean(closing.group("name"))]
    return []


# A line introducing a quotation by the outlet it comes from, as press reviews do: "Aus der »Rheinischen Post«:",
# "Von Stern.de:", "Der „Kölner Stadt-Anzeiger“ zum SPIEGEL-Bericht …:", "The Guardian on the strike:".
_QUOTE_INTRO = re.compile(
    r"^\s*(?:(?:aus|von|from|iz|из)\s+(?:(?:der|dem|den|des|einer|einem|the)\s+)?)?(?:(?:der|die|das|the)\s+)?"
    r"(?P<name>[^:]{2,80}?)(?:\s+(?:zum|zur|über|on|about|sur|sobre|despre|о|за)\s[^:]{1,200})?\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“„«»‘‚](?P<name>[^\"“”„«»‘’‚]{2,60})[\"”«»’‘“]")


def quote_intro(text: str) -> list[str]:
    """The outlet a line ending in a colon introduces a quotation from, the quotation on that line (opening
    with a quotation mark) or the next: "Aus der »Rheinischen Post«:", "Die „Frankfurter Allgemeine“ zum
    selben Thema:". A quoted outlet in a longer lead counts too ("Aus einer Anzeigenbeilage der »FR«:")."""
    match = _QUOTE_INTRO.match(text)
    if match is None:
        return []
    rest = match.group("rest").strip()
    if rest and rest[0] not in _QUOTE_OPENERS + "»":
        return []
    lead = match.group("name")
    for name in (_clean(lead), *(_clean(m.group("name")) for m in _QUOTED.finditer(lead))):
        if is_outlet_name(name):
            return [name]
    return []


# A line naming an outlet's language service, as pages relaying its piece head it: "Українська служба DW,",
# "Русская служба Би-би-си", "BBC Russian Service".
_SERVICE_LINE = re.compile(
    r"^\s*(?:[^\W\d_]+\s+)?(?:служба|service|servis|servisi|serviciul)\s+(?P<name>[^,;:]{2,30}?)\s*[,.]?\s*$"
    r"|^\s*(?P<before>[^,;:]{2,30}?)\s+[^\W\d_]+\s+(?:service|servis|servisi)\s*[,.]?\s*$",
    re.IGNORECASE,
)


def service_line(text: str) -> list[str]:
    """The outlet whose language service a short line names ("Українська служба DW," → DW)."""
    match = _SERVICE_LINE.match(text)
    if match is None:
        return []
    name = _clean(match.group("name") or match.group("before"))
    return [name] if is_outlet_name(name) else []
