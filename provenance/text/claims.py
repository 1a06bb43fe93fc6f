"""Attribution claims a news text makes about itself: sources, translators, authors, links, photo credits.

Pure text in, claims out. Label words are data (one table per kind, keyed by language); each line is
folded (case, accents and script removed, length kept) so one table entry matches every spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from provenance.text import layouts, mojibake
from provenance.text.citations import is_citation_noise, without_dated_tail, without_issue_number
from provenance.text.gazetteer import MEDIA_NOUNS, OUTLET_WORDS, known_outlet
from provenance.text.names import URL, domain_of, fold, may_be_rendering_of, normalize_name, wordlist
from provenance.text.names import fold_in_place as _key
from provenance.text.prose import COPULAS, anaphoric_credit, is_institution_word, prose_credits
from provenance.vocabulary import ClaimKind, ClaimPosition


@dataclass(frozen=True)
class Publisher:
    """The outlet that published the text being read: its names, aliases and domains, and language."""

    names: tuple[str, ...]
    domains: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class ExtractedClaim:
    """One credit the text gives, where it stands and how sure the reading is."""

    kind: ClaimKind
    name: str
    text: str
    position: ClaimPosition
    line: int
    confidence: float
    url: str | None = None
    possible_sign_off_of: str | None = None
    note: str | None = None


# ---------------------------------------------------------------------------------------------
# Tables. Entries are written as on the page; they are folded with the same function as the text.

SOURCE_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("source", "sources", "news source"),
    "sq": ("burimi", "burim", "burimet"),
    "bcms": ("izvor", "izvori", "извор", "извори"),
    "mk": ("извор",),
    "de": ("quelle", "quellen"),
    "fr": ("source", "sources"),
    "es": ("fuente", "fuentes"),
    "it": ("fonte", "fonti"),
    "pt": ("fonte", "fontes"),
    "ro": ("sursa", "sursă", "surse", "sursele", "sursa articol", "sursa știrii", "sursa articolului"),
    "hu": ("forrás",),
    "ru": ("источник", "источники"),
    "uk": ("джерело", "джерела"),
    "bg": ("източник", "източници"),
    "tr": ("kaynak", "kaynaklar"),
    "pl": ("źródło", "źródła"),
    "cs": ("zdroj", "zdroje"),
    "sl": ("vir", "viri"),
    "nl": ("bron", "bronnen"),
    "nordic": ("källa", "källor", "kilde", "kilder", "lähde"),
    "el": ("πηγή",),
    "baltic": ("šaltinis", "avots", "allikas"),
}
TRANSLATOR_LABELS: dict[str, tuple[str, ...]] = {
    "en": (
        "translation",
        "translated by",
        "translator",
        "translated from {lang} by",
        "english translation",
        "translated and adapted by",
        "translated and edited by",
        "translated",
        "translation by",
    ),
    "sq": (
        "përktheu",
        "përkthimi",
        "përkthyer nga",
        "përkthyes",
        "përktheu nga {lang}",
        "përshtati",
        "përktheu dhe përshtati",
        "e solli në shqip",
        "e përktheu",
    ),
    "bcms": (
        "prevod",
        "prijevod",
        "preveo",
        "prevela",
        "preveli",
        "prevodilac",
        "prevoditelj",
        "prevod sa {lang}",
        "prevela i objavila",
        "preveo i objavio",
        "prevela i priredila",
        "preveo i priredio",
    ),
    "cyr": (
        "превод",
        "превео",
        "превела",
        "преведе",
        "преведено од",
        "превод од {lang}",
        "превела и објавила",
        "превео и објавио",
        "превела и приредила",
        "превео и приредио",
    ),
    "de": ("übersetzung", "übersetzt von", "aus dem {lang} von", "aus dem {lang} übersetzt von", "übersetzer"),
    "fr": ("traduction", "traduit par", "traduit de {lang} par", "traduction de {lang}", "traducteur"),
    "es": ("traducción", "traducido por", "traducido del {lang} por", "traductor"),
    "it": ("traduzione", "traduzione a cura di", "tradotto da", "tradotto dall {lang} da", "traduttore"),
    "pt": ("tradução", "traduzido por", "traduzido do {lang} por", "tradutor"),
    "ro": ("traducere", "tradus de", "traducerea", "traducere din {lang}", "traducător"),
    "hu": ("fordítás", "fordította", "fordító"),
    "ru": ("перевод", "перевела", "перевёл", "перевел", "переводчик", "перевод с {lang}"),
    "uk": ("переклад", "переклала", "переклав", "перекладач", "переклад з {lang}"),
    "tr": ("çeviri", "çeviren", "tercüme"),
    "pl": ("tłumaczenie", "przełożył", "przełożyła", "przetłumaczył", "przetłumaczyła", "tłumacz"),
    "cs": ("překlad", "přeložil", "přeložila", "preklad", "preložil", "preložila"),
}
AUTHOR_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("author", "authors", "written by", "by", "text", "words"),
    "sq": ("nga", "autori", "autor", "shkruan", "shkroi"),
    "bcms": ("piše", "pišu", "autor", "autorka", "tekst", "пише", "аутор", "текст"),
    "mk": ("пишува", "автор", "авторка"),
    "de": ("von", "autor", "autorin", "text"),
    "fr": ("par", "auteur", "texte"),
    "es": ("por", "autor", "texto"),
    "it": ("di", "autore", "testo"),
    "pt": ("por", "autor", "texto"),
    "ro": ("de", "autor", "text"),
    "hu": ("szerző", "írta"),
    "ru": ("автор", "текст"),
    "uk": ("автор", "авторка", "текст"),
    "tr": ("yazar", "yazan"),
}
# Words that may open a byline without a colon ("By Jane Doe", "Nga Arben Ahmeti").
AUTHOR_LEADS = frozenset(["by", "written by", "nga", "von", "par", "por", "di", "de", "piše", "пише", "yazan"])
VIA_LABELS: dict[str, tuple[str, ...]] = {
    "en": (
        "via",
        "original",
        "original article",
        "original link",
        "read the original",
        "link to the original",
        "published",
        "first published",
        "originally published",
    ),
    "sq": ("linku origjinal", "link origjinal", "origjinali", "artikulli origjinal"),
    "bcms": ("original", "originalni tekst", "originalni članak", "izvorni tekst", "izvorni članak"),
    "cyr": ("оригинал", "оригинални текст", "оригиналниот текст", "изворни текст"),
    "de": ("original", "originalartikel", "zum original", "erstveröffentlichung"),
    "fr": ("article original", "lien original", "version originale"),
    "es": ("artículo original", "enlace original", "texto original"),
    "it": ("articolo originale", "link originale", "testo originale"),
    "pt": ("artigo original", "link original", "texto original"),
    "ro": ("articolul original", "articol original", "link original"),
    "hu": ("eredeti cikk", "az eredeti cikk", "eredeti megjelenés", "eredeti"),
    "ru": ("оригинал", "оригинал статьи"),
    "uk": ("оригінал", "оригінал статті"),
    "tr": ("orijinal haber", "orijinal makale", "orijinal metin", "orijinal"),
}
# Phrases after which the outlet that first ran the text is named (regex fragments, lower case).
VIA_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:originally|first) (?:published|posted|ran|appeared) (?:in|on|by|at)",
        r"(?:was )?(?:republished|reprinted|reproduced|adapted) (?:with permission )?from",
        r"(?:first|originally) appeared (?:in|on|at)",
        r"appeared first (?:in|on|at)",
        r"(?:was )?published (?:originally|first) (?:in|on|by)",
    ),
    "sq": (r"(?:u )?(?:botua|botuar|publikua|publikuar) (?:fillimisht|per here te pare) (?:ne|nga|nga faqja)",),
    "bcms": (
        r"(?:je )?(?:izvorno|originalno|prvobitno|prvi put) (?:je )?objavljen[aoi]? (?:je )?(?:u|na|kod|od strane)",
        r"preuzeto (?:sa|iz|od)",
        r"prenosimo (?:sa|iz|od)",
        r"(?:je )?(?:изворно|оригинално|првобитно|прв пат|првпат) (?:је )?"
        r"(?:објављен|објавен)[аои]? (?:je )?(?:у|на|во)",
        r"преземено од",
        r"текстот е преземен од",
    ),
    "de": (
        r"(?:zuerst|ursprunglich|erstmals) (?:erschienen|veroffentlicht) (?:in|im|bei|auf)",
        r"erschien (?:zuerst|ursprunglich|erstmals) (?:in|im|bei|auf)",
    ),
    "fr": (
        r"(?:publie|paru|parue|publiee) (?:initialement|a l'origine|originellement|d'abord) (?:dans|sur|par)",
        r"(?:initialement|originellement) (?:publie|paru|publiee|parue) (?:dans|sur|par)",
        r"a (?:d'abord|initialement) ete publie[e]? (?:dans|sur|par)",
    ),
    "es": (
        r"(?:fue )?(?:publicado|publicada|aparecio) (?:originalmente|primero|por primera vez) (?:en|por)",
        r"(?:originalmente|primero) (?:publicado|publicada) (?:en|por)",
    ),
    "it": (
        r"(?:e stato )?(?:pubblicato|pubblicata|apparso|apparsa) "
        r"(?:originariamente|originalmente|per la prima volta|inizialmente) (?:su|in|da|sul|sulla)",
    ),
    "pt": (r"(?:foi )?(?:publicado|publicada) (?:originalmente|primeiro|inicialmente) (?:em|no|na|pelo|pela|por)",),
    "ro": (
        r"(?:a fost )?(?:publicat|publicata|aparut|aparuta) (?:initial|original|pentru prima data) (?:in|pe|de|la)",
    ),
    "hu": (r"eredetileg (?:a|az) ",),
    "ru": (r"(?:впервые|первоначально|изначально) (?:опубликован[аоы]?|вышл[аои]?|вышел) (?:в|на|во)",),
    "uk": (r"(?:вперше|спочатку|першочергово) (?:опублікован[аоі]?|вийшл[аои]?|вийшов) (?:в|на|у)",),
    "tr": (r"ilk olarak",),
}
PHOTO_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("photo", "photos", "photo credit", "photograph", "image", "picture", "credit", "illustration", "video"),
    "sq": ("foto", "fotografia", "ilustrim", "foto ilustrim", "burimi i fotos"),
    "bcms": ("foto", "fotografija", "slika", "ilustracija", "фото", "слика", "фотографија"),
    "de": ("foto", "bild", "fotos", "bildquelle"),
    "fr": ("photo", "crédit photo", "illustration"),
    "es": ("foto", "fotografía", "imagen"),
    "it": ("foto", "immagine"),
    "pt": ("foto", "fotografia", "imagem"),
    "ro": ("foto", "fotografie", "imagine", "sursa foto", "sursă foto"),
    "hu": ("fotó", "kép", "borítókép", "nyitókép"),
    "ru": ("фото", "иллюстрация"),
    "uk": ("фото", "ілюстрація"),
    "tr": ("fotoğraf", "foto"),
}
# Labels that open a caption whose text describes the picture rather than crediting it.
CAPTION_LABELS = ("photo collage", "collage", "kolazh", "foto kolazh", "fotomontaža", "photo illustration")
# Labels of other roles on a credit line: they end the value of the label before them and credit no one here
# ("Prevodilac: Ivana Krivokuća Lektor: Tijana Mihajlović").
OTHER_ROLE_LABELS = (
    "lektor", "lektorka", "lektura", "korektura", "redaktor", "redaktorka", "urednik", "urednica", "editor",
    "edited by", "reviewer", "proofreading", "redaktimi", "redaktoi", "лектор", "редактор", "уредник",
)  # fmt: skip
RELAY_BEFORE: dict[str, tuple[str, ...]] = {
    "en": (
        "reports",
        "reported",
        "according to",
        "writes",
        "wrote",
        "citing",
        "quoted by",
        "cited by",
        "reported by",
        "asked by",
        "interviewed by",
    ),
    "sq": ("transmeton", "përcjell", "shkruan", "raporton", "njofton", "sipas", "citon", "duke cituar"),
    "bcms": ("piše", "pišu", "javlja", "prenosi", "prenose", "navodi", "prema pisanju", "pozivajući se na"),
    "cyr": ("пише", "јавља", "преноси", "наводи", "према писању", "пишува", "пренесува", "јавува", "според"),
    "de": ("berichtet", "berichtete", "meldet", "meldete", "schreibt", "schrieb", "laut", "unter berufung auf"),
    "fr": ("rapporte", "selon", "écrit", "indique", "citant", "d'après", "rapporté par", "repris par", "au micro de"),
    "es": ("informa", "informó", "según", "publica", "reporta", "escribe", "citando"),
    "it": ("riporta", "scrive", "secondo", "riferisce", "citando", "ripreso da", "ripresa da"),
    "pt": ("segundo", "noticia", "noticiou", "informa", "escreve", "de acordo com", "citando"),
    "ro": (
        "relatează",
        "scrie",
        "potrivit",
        "informează",
        "citând",
        "conform",
        "transmite",
        "preluat de",
        "preluată de",
        "preluate de",
    ),
    "hu": ("írja", "írta", "jelentette", "közölte"),
    "ru": ("сообщает", "пишет", "передает", "передаёт", "по данным", "со ссылкой на", "как сообщает", "по материалам"),
    "uk": ("повідомляє", "пише", "передає", "за даними", "з посиланням на", "як повідомляє"),
    "bg": ("съобщава", "съобщи", "по данни на", "цитиран от", "предава"),
    "tr": ("bildirdi", "yazdı", "aktardı"),
    "pl": ("według", "podaje", "informuje", "pisze", "powołując się na"),
    "cs": ("podle", "uvádí", "píše", "informuje", "podľa", "uvádza"),
}
RELAY_AFTER: dict[str, tuple[str, ...]] = {
    "en": ("reports", "reported", "writes", "wrote", "has reported", "first reported"),
    "sq": ("shkruan", "transmeton", "raporton", "njofton", "ka raportuar", "ka shkruar"),
    "bcms": ("piše", "javlja", "prenosi", "navodi", "je objavio", "je objavila", "пише", "јавља", "преноси"),
    "mk": ("пишува", "јавува", "пренесува", "известува"),
    "de": ("berichtet", "berichtete", "meldet", "schreibt", "zufolge"),
    "fr": ("rapporte", "écrit", "indique"),
    "es": ("informa", "informó", "publica", "publicó"),
    "it": ("riporta", "scrive", "riferisce"),
    "pt": ("noticia", "noticiou", "informa", "informou"),
    "ro": ("relatează", "scrie", "informează", "transmite"),
    "hu": ("szerint", "írja", "jelentette", "számolt be"),
    "ru": ("сообщает", "пишет", "сообщил", "сообщило"),
    "uk": ("повідомляє", "пише", "повідомило"),
    "tr": ("bildirdi", "yazdı", "göre", "haberine göre"),
}


# News agencies (wires): credited by a byline ("Von dpa", "Por Europa Press") or a closing line ("— Reuters").
WIRES = frozenset(
    normalize_name(n)
    for n in (
        "Reuters", "AFP", "AP", "Associated Press", "dpa", "dpa-infocom", "EFE", "ANSA", "Europa Press", "Anadolu",
        "AA", "Tanjug",
        "Beta", "Fonet", "Fena", "Hina", "Srna", "MINA", "MIA", "BTA", "ATA", "KosovaPress", "TASS", "RIA Novosti",
        "Interfax", "Ukrinform", "PAP", "ČTK", "TASR", "MTI", "Agerpres", "Xinhua", "Kyodo", "Yonhap", "UPI",
        "APA", "Keystone-SDA", "Belga", "ANP", "ANA-MPA", "STA", "LETA", "ELTA", "BNS", "Bloomberg", "KNA", "epd",
        "Lusa", "IRNA", "PTI", "NTB", "Antara", "Bernama", "Prensa Latina", "Notimex", "Sputnik",
    )
)  # fmt: skip
# Outlets and agencies commonly relayed under a bare name that could also be a surname.
KNOWN_OUTLETS = WIRES | frozenset(
    normalize_name(n)
    for n in (
        "Reuters",
        "Bloomberg",
        "Politico",
        "Axios",
        "Interfax",
        "Tanjug",
        "Beta",
        "Fonet",
        "Anadolu",
        "Hina",
        "Fena",
        "Srna",
        "MINA",
        "MIA",
        "BTA",
        "ATA",
        "KosovaPress",
        "N1",
        "Meduza",
        "Euronews",
        "Al Jazeera",
        "Deutsche Welle",
        "Le Monde",
        "Le Figaro",
        "El País",
        "La Repubblica",
        "Corriere della Sera",
        "Digi24",
        "HotNews",
        "Telex",
        "Index",
        "Népszava",
        "Hürriyet",
        "Bild",
        "Kathimerini",
        "Balkan Insight",
        "Telegrafi",
        "Koha",
        "Koha Ditore",
        "Insajderi",
        "Kallxo",
        "Balkanweb",
        "Top Channel",
        "Klan Kosova",
        "Sitel",
        "Nova",
        "Klix",
        "Oslobođenje",
        "Vijesti",
        "Slobodna Evropa",
        "Radio Free Europe",
        "Kyiv Independent",
        "Ukrainska Pravda",
        "Kommersant",
        "Vedomosti",
        "Axel Springer",
        "Semafor",
        "Vox",
        "Newsweek",
        "Forbes",
        "Time",
        "Tagesschau",
        "Ouest-France",
        "Mediapart",
        "Infobae",
        "Clarín",
        "Ansa",
        "Lusa",
        "Agerpres",
        "Mediafax",
        "Portfolio",
        "444",
        "HVG",
        "Magyar Nemzet",
        "Suspilne",
        "Hromadske",
        "UNIAN",
        "RBC",
        "Izvestia",
        "RIA Novosti",
        "Lenta",
        "Fanpage",
        "Observador",
        "Expresso",
    )
)
# A publisher's own desk, or a link's words, where a source's name would stand ("Kaynak: Haber Merkezi", "Burimi:
# Redaksia", "Source: Read Full Article"): no third party.
OWN_DESKS = frozenset(
    normalize_name(n)
    for n in (
        "Haber Merkezi", "Haber Servisi", "Redaksia", "Redaksia Online", "Redakcija", "Redakcija portala", "Newsroom",
        "Staff", "Read Full Article", "Read More", "Full Article", "Click Here", "Original Article", "Redaktion",
        "Rédaction", "Redacción", "Redazione", "Redacția", "Redacao", "Redação", "Редакция",
        "Редакција", "Редакція", "Редакцията", "Szerkesztőség", "Redakce", "Redakcia", "Redakcja",
    )
)  # fmt: skip
# Capitalized acronyms that are institutions, not outlets.
NOT_OUTLETS = frozenset(
    wordlist(
        "nato eu un usa us uk osce eulex kfor okb shba be bb ek ec imf who oecd fbi cia eib ebrd oun ssh "
        "fsb sbu ps ldk aak vv psd pdk sns sds hdz sdp ap tv ok gmt utc pm ceo mpf pf stf stj tse tcu pgr"
    )
)
NAME_CONNECTORS = frozenset(
    wordlist("of de del della di du des da do dos am für van von der den la le al el bin y i e & and")
)
ARTICLES = frozenset(wordlist("the a an az le la les el il lo der die das o os"))
LANG_WORDS = r"[\w'’-]+(?: [\w'’-]+)?"
_URL = URL
_CONFIDENCE = {"label": 0.9, "byline": 0.85, "via": 0.85, "caption": 0.85, "bio": 0.8, "slash": 0.8}


# ---------------------------------------------------------------------------------------------
# Table entries as regex alternatives, folded as the lines are (names.fold_in_place: offsets are kept).


def _alternation(entries: Iterable[str], regex: bool = False) -> str:
    """Return one regex alternative per folded entry, longest first, "{lang}" standing for a language name."""
    parts = set()
    for entry in entries:
        if regex:
            parts.add(entry if entry.isascii() else _key(entry))
            continue
        folded = re.escape(_key(entry)).replace(r"\{lang\}", LANG_WORDS).replace(r"\ ", r"\s+")
        parts.add(folded)
    return "|".join(sorted(parts, key=len, reverse=True))


def _flatten(table: dict[str, tuple[str, ...]]) -> list[str]:
    return [entry for entries in table.values() for entry in entries]


_LABEL_TABLES: tuple[tuple[str, dict[str, tuple[str, ...]]], ...] = (
    ("photo", PHOTO_LABELS),
    ("caption", {"all": CAPTION_LABELS}),
    ("other", {"all": OTHER_ROLE_LABELS}),
    ("via", VIA_LABELS),
    ("author", AUTHOR_LABELS),
    ("translator", TRANSLATOR_LABELS),
    ("source", SOURCE_LABELS),
)
_LABEL_KIND = {re.sub(r"\s+", " ", _key(entry)): kind for kind, table in _LABEL_TABLES for entry in _flatten(table)}

_COLON_LABEL = re.compile(
    r"(?:^[\s*_#>•·\-–—\[]*|(?<=[|·•;])\s*|\s[/–—-]\s|\s{2,}"
    r"|(?<=[^\W\d_]{2}[.!?])(?=[^\W\d_]{4})"  # glued to a sentence as page elements come out: "denildi.Kaynak:"
    rf"|(?<=\w)\s(?=(?:{_alternation(OTHER_ROLE_LABELS)})\s*[:：]))"  # another role's label ends a value
    rf"(?P<label>{_alternation(_LABEL_KIND)})\s*[:：]"
)
_LONE_LABEL = re.compile(rf"[\s*_#>•·\-–—\[]*(?:{_alternation(_LABEL_KIND)})\s*[:：][\s*_\]]*")
_LEAD_WORDS = frozenset(["by", "par", "por", "da", "von", "de", "nga", "di"])
_LEAD_TRANSLATOR = re.compile(
    rf"\b(?P<label>{_alternation(e for e in _flatten(TRANSLATOR_LABELS) if e.split()[-1] in _LEAD_WORDS)})\s+(?=\S)"
)
_BYLINE = re.compile(rf"^[\s*_#>•·\-–—]*(?P<label>{_alternation(AUTHOR_LEADS)})\s+(?=\S)")
_VIA_PHRASE = re.compile(rf"\b(?:{_alternation(_flatten(VIA_PHRASES), regex=True)})\s+")
_RELAY_BEFORE = re.compile(rf"(?<!\w)(?:{_alternation(_flatten(RELAY_BEFORE))})\s+(?=\S)")
_RELAY_AFTER = re.compile(rf"(?<=\S)\s+(?:{_alternation(_flatten(RELAY_AFTER))})(?!\w)")
_CAPTION_HINT = re.compile(
    rf"^[\s*_]*(?:{_alternation(_flatten(PHOTO_LABELS) + list(CAPTION_LABELS))})\s*[:：/|]"
    rf"|\((?:{_alternation(_flatten(PHOTO_LABELS))})\s*[:：]|!\[|<img|\[(?:image|photo|foto)"
    r"|\.(?:jpe?g|png|webp|gif)\b"
)
_INLINE_PHOTO = re.compile(rf"(?<!\w)(?P<label>{_alternation(_flatten(PHOTO_LABELS))})\s*[:：]\s*")
# A copula inside a credit's name makes it a sentence ("… is …"); a lone "e" is Italian or Albanian "and" there too.
_COPULA = re.compile(rf"\s*,?\s+(?:{_alternation(COPULAS - {'e'})})\s+\S")
# "/Telegrafi/", "/REL/Telegrafi/" (a source's and the publisher's), "n.e/NOA", "kk/rfm24.pl" (an editor's initials
# first).
_SLASH_LINE = re.compile(
    r"^\s*(?:[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+\.?|[a-zа-я]{2,3}(?=/))?\s*/\s*(?P<name>[^/]{1,60}?(?:/[^/]{1,60}?)?)\s*/?\s*$"
)
_CLOSED_SLASH = re.compile(r"[.!?…\"”»’]/[^/\s][^/]{0,40}/\s*$")
_INITIALS = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{0,2}\.?")
_PAREN_LINE = re.compile(r"^\s*\(\s*(?P<name>[^()]{1,60}?)\s*\)\s*$")
_GLUED_SLASH = re.compile(r"(?:(?<=[.!?…\"”»’)])\s*|\s)/\s*(?P<name>[^/]{1,60}?(?:/[^/]{1,60}?)?)\s*/?\s*$")
_DATELINE = re.compile(r"^(?:[^\W\d_][\w .,'’?/-]{1,40}?\s)?\((?P<name>[^()]{2,30})\)\.?\s*[-–—:]")
# A dateline after a headline run into the same line, its place in capitals: "… İSTANBUL (A.A) - 16.01.2011 - …".
_INNER_DATELINE = re.compile(
    r"\s(?:[^\W\d_a-zà-ÿа-яё]{3,}[ -]){0,2}[^\W\d_a-zà-ÿа-яё]{3,},?\s\((?P<name>[^()]{2,30})\)\.?\s*[-–—]\s"
)
# A dateline glued to the headline before it, a place in title case and a day: "… in discesaRoma, 14 giu. (askanews) –".
_GLUED_DATELINE = re.compile(
    r"(?<=[a-zà-ÿ])[A-ZÀ-Þ][a-zà-ÿ]+,\s+\d{1,2}\.?\s+[^\W\d_]{3,9}\.?,?\s+\((?P<name>[^()]{2,30})\)\.?\s*[-–—]\s"
)
# A dateline opening a later item of a digest, its place in capitals: "NUEVA YORK (AP) — …" after "Fuente: La Nación".
_CAPS_DATELINE = re.compile(r"^\s*(?:[^\W\d_a-zß-ÿа-яё]{2,}[ ,]+){1,3}\((?P<name>[^()]{2,30})\)\.?\s*[-–—]\s")
# A dateline in stops, a place in capitals then the wire: "LONDRES. AP. Agentes británicos …", "MADRID. EFE. El …".
_STOPPED_DATELINE = re.compile(
    r"^\s*(?:[^\W\d_a-zß-ÿа-яё]{2,}[ ,]+){0,2}[^\W\d_a-zß-ÿа-яё]{2,}\.\s+(?P<name>[^\W\d_][^\s.]{1,12})\.\s+(?=\S)"
)
# A dateline closing on the wire between slashes, as TASS writes it: "НЬЮ-ЙОРК, 25 февраля. /ТАСС/. Украина …".
_SLASHED_DATELINE = re.compile(r"^\s*[^\W\d_a-zß-ÿа-яё][^/]{1,50}?\.\s*/(?P<name>[^/\s][^/]{0,20}?)/\.?\s")
# A dateline with no dash after the wire, the sentence opening right after: "Hamburg (AFP) Das Nachrichtenmagazin …".
_UNDASHED_DATELINE = re.compile(
    r"^\s*[^\W\d_][\w.'’ -]{1,30}?\s\((?P<name>[^()\s]{2,12})\)\s+(?=[^\W\d_a-zß-ÿа-яё]|[\"„«“])"
)
# A feed's dateline opening on the hour and the date: "01:35 PM EDT, 05/01/2024 (MT Newswires) -- (Updates …)".
_TIMED_DATELINE = re.compile(
    r"^\s*\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,4})?,?\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s*"
    r"\((?P<name>[^()]{2,30})\)\s*[-–—]"
)
_LISTED_DATELINE = re.compile(
    r"^[^\W\d_][\w .'’-]{1,30},\s+(?P<date>[^,]{3,25}),\s+(?P<name>[^,()\-–—]{2,30}?)\s+[-–—]\s"
)
_TRAILING_PAREN = re.compile(r"\((?P<name>[^()]{2,40})\)\s*\.?\s*$")
_SPLIT_SOURCES = re.compile(r"\s*(?:[,;|]|\s/\s|\s&\s|\s+(?:and|dhe|und|et|y|și|és|ve|та)\s+)\s*")
_SPLIT_PEOPLE = re.compile(r"\s*(?:[,;|]|\s/\s|\s&\s|\s+(?:and|dhe|und|et|y|și|és|ve|та|i|e|и|і|и)\s+)\s*")
_SPLIT_PHOTO = re.compile(r"\s*(?:[,;|/]|\s&\s|\s+(?:via|and|dhe|und|et|y|e|i)\s+)\s*")
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?…](?:\s|$)")
_DATE = re.compile(r"^[\d\s./:-]+$|^\d{1,2}\s+\w+\s+\d{4}$")
_BARE_LINK = re.compile(
    r"[\s*_\[]*(source link|izvorni link|link i burimit|quelllink|lien source)[\s*_\]]*"
    r"(?:[:(]?\s*(?P<url>https?://\S+?)\)?)?\s*"
)


# ---------------------------------------------------------------------------------------------
# Pre-checks: most lines hold none of the words the large alternations look for. Every match of
# those patterns spans whole word runs (\w+) of the key, so a line whose runs include none of the
# runs a pattern needs cannot match it; the required runs are derived from the same tables.

_RUN = re.compile(r"\w+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _fragment_strings(fragment: str) -> list[str] | None:
    """Every string a table regex fragment matches (literals, ``(?:a|b)``, ``[abc]``, ``?``), or None
    when it uses anything else."""

    def sequence(pos: int) -> tuple[list[str], int] | None:
        results = [""]
        while pos < len(fragment) and fragment[pos] not in "|)":
            char = fragment[pos]
            if fragment.startswith("(?:", pos):
                inner = alternatives(pos + 3)
                if inner is None or inner[1] >= len(fragment) or fragment[inner[1]] != ")":
                    return None
                options, pos = inner[0], inner[1] + 1
            elif char == "[":
                close = fragment.find("]", pos)
                options = list(fragment[pos + 1 : close])
                if close < 0 or not options or any(c in "\\^-" for c in options):
                    return None
                pos = close + 1
            elif char in "\\.*+{}()]^$":
                return None
            else:
                options, pos = [char], pos + 1
            if pos < len(fragment) and fragment[pos] == "?":
                options, pos = ["", *options], pos + 1
            results = [r + o for r in results for o in options]
            if len(results) > 10_000:
                return None
        return results, pos

    def alternatives(pos: int) -> tuple[list[str], int] | None:
        found: list[str] = []
        while True:
            part = sequence(pos)
            if part is None:
                return None
            found.extend(part[0])
            pos = part[1]
            if pos >= len(fragment) or fragment[pos] != "|":
                return found, pos
            pos += 1

    whole = alternatives(0)
    return whole[0] if whole is not None and whole[1] == len(fragment) else None


def _required_runs(strings: Iterable[str]) -> frozenset[str] | None:
    """The longest word run of each string a pattern can match, or None when one has no run."""
    required = set()
    for string in strings:
        runs = _RUN.findall(string)
        if not runs:
            return None
        required.add(max(runs, key=len))
    return frozenset(required)


def _entry_runs(entries: Iterable[str]) -> frozenset[str] | None:
    """Required runs of literal table entries ("{lang}" standing for other words, set apart by spaces)."""
    strings = []
    for entry in entries:
        folded = _key(entry)
        if re.search(r"\S\{lang\}|\{lang\}\S", folded):
            return None
        strings.append(folded.replace("{lang}", " "))
    return _required_runs(strings)


def _fragment_runs(fragments: Iterable[str]) -> frozenset[str] | None:
    """Required runs of regex table fragments, folded as ``_alternation(..., regex=True)`` folds them."""
    strings: list[str] = []
    for fragment in fragments:
        expanded = _fragment_strings(fragment if fragment.isascii() else _key(fragment))
        if expanded is None:
            return None
        strings.extend(expanded)
    return _required_runs(strings)


_VIA_RUNS = _fragment_runs(_flatten(VIA_PHRASES))
_WIRE_PHOTO = re.compile(r"\b(?:Photo|Foto|Фото)\s*/", re.IGNORECASE)  # "AP Photo/…", "Reuters Foto/…"
# A screen grab's credit: "Izvor: Screenshot YouTube", "Source: Printscreen/X".
_SCREEN_GRAB = re.compile(r"^\s*(?:screen\s?shot|print\s?screen|screen\s?grab|скриншот)\b\W*", re.IGNORECASE)
_PAREN_VIA = re.compile(r"\(via\s+(?P<name>[^()]{2,60})\)\s*\.?\s*$", re.IGNORECASE)
_RELAY_BEFORE_RUNS = _entry_runs(_flatten(RELAY_BEFORE))
_RELAY_AFTER_RUNS = _entry_runs(_flatten(RELAY_AFTER))
_LEAD_TRANSLATOR_RUNS = _entry_runs(e for e in _flatten(TRANSLATOR_LABELS) if e.split()[-1] in _LEAD_WORDS)
# Literals every match of _CAPTION_HINT holds: a label's ":", "/" or "|", "![", "<img", "[image", ".jpg".
_CAPTION_LITERALS = (":", "：", "/", "|", "[", "<img", ".jp", ".png", ".webp", ".gif")


# ---------------------------------------------------------------------------------------------
# Lines and their roles.


@dataclass(frozen=True, slots=True)
class _Line:
    """One line: as it stands (``raw``), repaired (``work``), folded (``key``), and its roles, decided once."""

    index: int
    raw: str
    work: str
    key: str
    has_colon: bool
    is_label: bool
    is_caption: bool
    runs: frozenset[str]

    def may_hold(self, required: frozenset[str] | None) -> bool:
        """Whether the key holds one of the ``required`` word runs (None: no pre-check known)."""
        return required is None or not required.isdisjoint(self.runs)


def _line(index: int, raw: str, work: str) -> _Line:
    key = _key(work)
    has_colon = ":" in key or "：" in key
    return _Line(
        index=index,
        raw=raw,
        work=work,
        key=key,
        has_colon=has_colon,
        is_label=has_colon and _COLON_LABEL.search(key) is not None,
        is_caption=_caption_line(work, key),
        runs=frozenset(_RUN.findall(key)),
    )


def _caption_line(work: str, key: str) -> bool:
    if any(literal in key for literal in _CAPTION_LITERALS) and _CAPTION_HINT.search(key):
        return True
    trailing = _TRAILING_PAREN.search(work)
    return trailing is not None and layouts.is_stock_photo(trailing.group("name"))


def _lines(text: str) -> list[_Line]:
    """Split ``text`` on \\n, \\r\\n or \\r; repair mojibake for reading, keep the raw line for quoting."""
    raws = _LINE_BREAK.split(text)
    repaired, changed = mojibake.repair(text)
    works = _LINE_BREAK.split(repaired) if changed else raws
    if len(works) != len(raws):  # never expected: repair keeps line breaks; read each line as it stands
        works = raws
    pairs = enumerate(zip(raws, works, strict=True))
    return _labels_joined(
        [_line(index, raw, _unglued(_untabled(work.replace("\ufeff", " ")))) for index, (raw, work) in pairs]
    )


def _unglued(work: str) -> str:
    """A space put back where a page lost it after a stop or a colon: "informează Agerpres.El a precizat", "a La
    Repubblica:Corona non ha fatto", "онлайн./БГНЕС" (a link's or an address's dots are left alone)."""
    if "/" in work:
        work = _GLUED_SIGN_OFF.sub(" ", work)
    if _GLUED_SENTENCE.search(work) is None:
        return work
    return _WORD_RUN.sub(
        lambda m: m.group() if "/" in m.group() or "@" in m.group() else _GLUED_SENTENCE.sub(r"\g<0> ", m.group()), work
    )


# A sign-off glued to the last sentence: "… цитиран от Косово онлайн./БГНЕС".
_GLUED_SIGN_OFF = re.compile(r"(?<=[^\W\d_][.!?…])(?=/[^\W\d_])")


# The stop first, so a search skips to the stops and colons before it looks behind.
_GLUED_SENTENCE = re.compile(r"[.:](?<=[^\W\d_][a-zà-žа-яё][.:])(?=[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zà-žа-яё])")
_WORD_RUN = re.compile(r"\S+")


def _labels_joined(lines: list[_Line]) -> list[_Line]:
    """A label alone on its line takes the short line after it as its value ("Źródło:" over "tvn24.pl, PAP", as a
    page's separate elements come out as text); the value's own line is left empty, so it is read once."""
    for number, line in enumerate(lines[:-1]):
        if not (line.is_label and _LONE_LABEL.fullmatch(line.key)):
            continue
        value = lines[number + 1]
        words = len(value.work.split())
        if 1 <= words <= _LONE_LABEL_VALUE_WORDS and not value.is_label and not value.is_caption:
            raw, work = f"{line.raw.strip()} {value.raw.strip()}", f"{line.work.strip()} {value.work.strip()}"
            lines[number] = _line(line.index, raw, work)
            lines[number + 1] = _line(value.index, "", "")
    return lines


_LONE_LABEL_VALUE_WORDS = 8


def _untabled(work: str) -> str:
    """A label and its value in the cells of a table row read as a label line: "Source | : | Hello! |"."""
    if "|" not in work:
        return work
    row = _TABLE_LABEL.fullmatch(work)
    return f"{row.group('label')}: {row.group('value')}" if row else work


_TABLE_LABEL = re.compile(r"\s*\|?\s*(?P<label>[^|:]{2,30}?)\s*\|\s*[:：]\s*\|\s*(?P<value>[^|]{1,80}?)\s*\|?\s*")


def _words(text: str) -> list[str]:
    return text.split()


def _is_label_line(line: _Line) -> bool:
    return line.is_label


def _is_caption(line: _Line) -> bool:
    return line.is_caption


def _is_prose(line: _Line) -> bool:
    """A paragraph of running text: long, or ending a sentence (headlines end without a full stop)."""
    if _is_label_line(line) or _is_caption(line) or _is_set_apart(line.work):
        return False
    words = len(_words(line.work))
    if words < 25 and (
        (line.may_hold(_VIA_RUNS) and _VIA_PHRASE.search(line.key))
        or (line.may_hold(_LEAD_TRANSLATOR_RUNS) and _LEAD_TRANSLATOR.search(line.key))
    ):
        return False  # a credit line, however sentence-like
    ends = line.work.rstrip().rstrip("*_").endswith((".", "!", "…", '"', "”", "»", ")", "'", "’"))
    return words >= 25 or (words >= 8 and ends)


def _is_set_apart(text: str) -> bool:
    """A whole line in parentheses or brackets: a bio, a note or a sign-off, not running text."""
    text = text.strip().strip("*_")
    return len(text) > 1 and text[0] in "([" and text[-1] in ")]"


@dataclass(frozen=True)
class _Layout:
    body_start: int
    footer_start: int
    last_prose: int
    first_filled: int = 0
    related: frozenset[int] = frozenset()
    """Lines of a list of links to other articles, under a heading such as "Related:" or "Lexo edhe:"."""


def _layout(lines: list[_Line]) -> _Layout:
    prose = [line.index for line in lines if _is_prose(line)]
    filled = [line.index for line in lines if line.work.strip()]
    first = filled[0] if filled else 0
    related = frozenset(_related_lists(lines, set(prose)))
    if prose:
        return _Layout(prose[0], prose[-1] + 1, prose[-1], first, related)
    labels = [line.index for line in lines[:15] if _is_label_line(line)]
    body_start = labels[-1] + 1 if labels else 0
    tail = filled[-3:] if filled else [len(lines)]
    return _Layout(body_start, max(body_start, tail[0]), -1, first, related)


def _related_lists(lines: list[_Line], prose: set[int]) -> Iterator[int]:
    """The lines of each list of other articles' headlines: from a heading ("Related:", "İlgili konular:") to the
    next paragraph (an index in ``prose``), credit line or sign-off. A headline there ("Financial Times: …") credits
    another article."""
    listing = False
    for line in lines:
        if len(line.work) <= _HEADING_CHARS and _RELATED_HEADING.fullmatch(line.work.strip()):
            listing = True
        elif listing and (line.index in prose or _is_label_line(line) or _SLASH_LINE.match(line.work)):
            listing = False
        if listing:
            yield line.index


_HEADING_CHARS = 40
# Headings over links to other articles, in the languages of the labelled pages.
_RELATED_HEADING = re.compile(
    r"\W*(?:related(?: (?:articles?|stories|news|coverage|topics|posts))?|read (?:also|more)|see also|more on this"
    r"|ilgili (?:konular|haberler|haber)|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|sur le même sujet"
    r"|leggi anche|lee también|leia também|vezane vesti|povezane vijesti|povezano|pročitajte (?:još|i)"
    r"|citește și|citeste si|lexo edhe|lexo më shumë|të ngjashme|читайте также|похожие новости|по теме"
    r"|читайте також|схожі новини|прочетете още|още по темата|прочитајте (?:још|и)|поврзани вести"
    r"|przeczytaj (?:też|także)|zobacz też|čtěte také|související články|súvisiace články|kapcsolódó cikkek)"
    r"\W{0,3}",
    re.IGNORECASE,
)


def _position(index: int, layout: _Layout) -> ClaimPosition:
    if index < layout.body_start:
        return "header"
    if index >= layout.footer_start:
        return "footer"
    return "body"


# ---------------------------------------------------------------------------------------------
# Names.


_WRAPPERS = "*_`#>•·\"“”„«»'‘’[]{}<>"


def _clean(name: str) -> str:
    """Return a credited name without markup, quotes, trailing punctuation or a trailing aside."""
    name = _URL.sub("", name) if not _URL.fullmatch(name.strip()) else name
    name = re.sub(r"\s*\((?:[^()]*)\)\s*$", "", name)
    name = name.strip().strip(_WRAPPERS).strip()
    name = re.sub(r"[\s.,;:!?–—-]+$", "", name) if not _URL.fullmatch(name) else name
    return name.strip().strip("\"“”„«»'‘’").strip()


def _is_name(name: str, max_words: int = 8) -> bool:
    """A plausible credited name: has a letter, is short, and is not a date, a page, a place or a sentence."""
    if not name or not any(c.isalpha() for c in name) or _DATE.match(name) or is_citation_noise(name):
        return False
    return len(name.split()) <= max_words and len(name) <= 100


def _is_capitalized(word: str) -> bool:
    word = word.lstrip("\"“„«'‘(")
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def _looks_like_outlet(name: str, announced: bool = False) -> bool:
    """Whether ``name`` reads as an outlet (not a person or an institution) when relayed inline."""
    words = name.split()
    key = normalize_name(name)
    if not words or not key or key in NOT_OUTLETS:
        return domain_of(name) is not None and bool(words)
    if known_outlet(name, accents=len(words) == 1) is not None:
        return True  # the gazetteer's, in whatever case it writes itself: "dts Nachrichtenagentur", "dpa"
    if not _is_capitalized(name):
        return domain_of(name) is not None
    if any(is_institution_word(w) for w in words):
        return False  # "Agencia Estatal de Meteorología", "The State Department"
    if announced or domain_of(name) is not None or key in KNOWN_OUTLETS:
        return True
    if any(fold(w) in OUTLET_WORDS for w in re.split(r"[\s.-]+", name)):
        return True
    if len(words) == 1 and fold(name).endswith(layouts.OUTLET_ENDINGS):
        return True
    letters = re.sub(r"[\W_]", "", name)
    if len(words) == 1 and 2 <= len(letters) <= 6 and letters.upper() == letters and not letters.isdigit():
        return True
    return words[0] == "The" and len(words) > 1


def _split(value: str, pattern: re.Pattern[str]) -> list[str]:
    """Return the cleaned names in a label's value (a bare URL stays whole): a date, a page or a place around
    them is dropped ("Blic - 13.04.2018"), a site's section after its domain too ("dnevnik.bg-Анализи"), and
    "Reuters/Hina" is two outlets when each part reads as one."""
    value = without_issue_number(_SECTION_AFTER_DOMAIN.sub(r"\1", value.strip()))
    if _URL.fullmatch(value):
        return [value]
    parts = pattern.split(_URL.sub(" ", value))
    names = [_clean(_SECTION_AFTER_DOMAIN.sub(r"\1", without_dated_tail(part))) for part in parts]
    return [n for name in names for n in _slashed(name) if _is_name(n)]


_SECTION_AFTER_DOMAIN = re.compile(r"^(\S+\.[a-z]{2,})[-–]\w.*$", re.IGNORECASE)


def _slashed(name: str) -> list[str]:
    """ "Reuters/Hina" → both, when each part reads as an outlet; otherwise the name as it stands."""
    parts = [p.strip() for p in name.split("/")]
    if len(parts) > 1 and all(p and _looks_like_outlet(p) for p in parts):
        return parts
    return [name]


def _first_url(text: str) -> str | None:
    match = _URL.search(text)
    return match.group(0).rstrip(".,;") if match else None


# ---------------------------------------------------------------------------------------------
# Readers: each takes one line and yields claims (position decided later when marked "auto").


@dataclass(frozen=True)
class _Found:
    kind: ClaimKind
    name: str
    text: str
    position: ClaimPosition | Literal["auto"]
    confidence: float
    column: int
    url: str | None = None


def _quote(line: _Line, start: int, end: int) -> str:
    """The raw wording of work[start:end], or the whole raw line when repair changed its length."""
    if line.work == line.raw:
        return line.raw[start:end].strip()
    return line.raw.strip()


def _label_claims(line: _Line, after_caption: bool) -> Iterator[_Found]:
    matches = list(_COLON_LABEL.finditer(line.key))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(line.work)
        value = line.work[match.end() : end]
        label = re.sub(r"\s+", " ", match.group("label"))
        kind = _LABEL_KIND[label]
        text = _quote(line, match.start("label"), end)
        url = _first_url(value)
        yield from _label_value_claims(kind, label, value, text, match.start("label"), url, after_caption)


def _label_value_claims(
    kind: str, label: str, value: str, text: str, column: int, url: str | None, after_caption: bool
) -> Iterator[_Found]:
    if kind in ("caption", "other"):
        return
    if kind == "photo":
        for name in _photo_names(value):
            yield _Found("photo_credit", name, text, "caption", _CONFIDENCE["caption"], column)
        return
    if kind == "via":
        for name in _split(value, _SPLIT_SOURCES)[:1] or ([url] if url else []):
            yield _Found("via", name, text, "auto", _CONFIDENCE["via"], column, url)
        return
    if kind == "author":
        yield from _byline_claims(value, text, column)
        return
    hour = _HOUR_AFTER.search(value) if kind == "source" else None
    if hour is not None:  # "SOURCE: Variety at 07:28PMThe internet …": a feed's label, its hour, the next item
        value = value[: hour.start()]
    picture = _picture_credit(value) if kind == "source" else None
    if picture is not None:
        for name in _photo_names(picture):
            yield _Found("photo_credit", name, text, "caption", _CONFIDENCE["caption"], column)
        return
    for name in _split(value, _SPLIT_PEOPLE) if kind == "translator" else _sources_in(value):
        if kind == "source" and (after_caption or layouts.is_stock_photo(name)):
            yield _Found("photo_credit", name, text, "caption", _CONFIDENCE["caption"], column)
        elif kind == "source":
            if normalize_name(name) not in OWN_DESKS:
                yield _Found("source", name, text, "auto", _CONFIDENCE["label"], column, url)
        elif _may_translate(name):
            yield _Found("translator", name, text, "auto", _CONFIDENCE["label"], column)


_HOUR_AFTER = re.compile(r"\s+at\s+\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?")


def _picture_credit(value: str) -> str | None:
    """The names of a source label's value when it credits a picture, not a text: "Source: AP Photo/Efrem
    Lukatsky", "Izvor: Screenshot YouTube" (the platform after the screen grab); None for a text's source."""
    lead = len(value) - len(value.lstrip())  # "Izvor: Фото: Танјуг/Димитрије Гол": a photo's label inside
    grab = _SCREEN_GRAB.match(value) or _INLINE_PHOTO.match(_key(value), lead)
    if grab:
        return value[grab.end() :]
    return value if _WIRE_PHOTO.search(value) else None


def _sources_in(value: str) -> list[str]:
    """The sources a label's value names; what follows a spaced slash counts only when it reads as an outlet
    ("Kaynak: ANKA / Güncel" names ANKA, "Güncel" is its section), and a person before it is no source."""
    first, *rest = re.split(r"\s/\s", value)
    after = [n for part in rest for n in _split(part, _SPLIT_SOURCES) if _looks_like_outlet(n)]
    if after and _is_person_shaped(first) and not _looks_like_outlet(first):
        return after  # "Source: Naseem Zeitoon / Reuters": a photographer or a reporter, then the outlet
    return _split(first, _SPLIT_SOURCES) + after


def _byline_claims(value: str, text: str, column: int) -> Iterator[_Found]:
    """Authors in a byline value; an outlet after "|", "/" or a comma is a source."""
    slash = r"\s*/\s*" if _URL.search(value) is None else r"\s+/\s+"
    parts = re.split(rf"\s+\|\s+|{slash}|\s+[-–—]\s+", value, maxsplit=1)
    names = _split(parts[0], _SPLIT_PEOPLE)
    outlets = [n for n in names if layouts.is_outlet_name(n)]  # "autor: vasevec.cz", "Author: BBC News"
    for i, name in enumerate(names):  # "By Coco Lance of rnz.co.nz": the reporter, and the outlet as a source
        outlet = _outlet_of_person(name)
        if name not in outlets and outlet != name:
            outlets.append(outlet)
            names[i] = name.partition(" of ")[0]
    people = [n for n in names if n not in outlets and _is_person(n)]
    outlets += _split(parts[1], _SPLIT_SOURCES) if len(parts) > 1 else []
    someone = any(_is_person_shaped(n) for n in people)
    for name in people:
        if _looks_like_outlet(name) and not _is_person_shaped(name):
            if not someone or layouts.is_outlet_name(name):  # "By Arunas L Radzvilavicius, UCL": his university
                outlets.append(name)
        else:
            yield _Found("author", name, text, "byline", _CONFIDENCE["byline"], column)
    for name in outlets:
        yield _Found("source", name, text, "byline", _CONFIDENCE["byline"], column)


def _may_translate(name: str) -> bool:
    """Whether a translator label's value names a translator (a person, an outlet or an address), not a title:
    "Translation: The Caucasus Situation" heads a translated piece."""
    if layouts.is_outlet_name(name):
        return True
    words = name.split()
    if len(words) == 1:
        return _looks_like_outlet(name) or _is_person(name)
    return _is_person(name) and len(words) <= 4 and fold(words[0]) not in ("the", "a", "an")


def _is_person_shaped(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(_is_capitalized(w) or w in NAME_CONNECTORS for w in words)


def _is_person(name: str) -> bool:
    words = name.split()
    return (
        1 <= len(words) <= 5
        and _is_capitalized(words[0])
        and all(_is_capitalized(w) or w.lower() in NAME_CONNECTORS for w in words)
        and any(len(w.strip(".")) > 1 for w in words)  # "nga:Y I": an editor's initials name no one
    )


def _byline(line: _Line) -> Iterator[_Found]:
    """A byline without a colon: "By Jane Doe", "Nga Arben Ahmeti", "Von Anna Schmidt | Spiegel"."""
    match = _BYLINE.match(line.key)
    if not match or len(_words(line.work)) > 12:
        return
    value = line.work[match.end() :]
    wires = _wires_in(value)
    if wires:  # "Von dpa", "Por Europa Press", "By Reuters": the text is the agency's
        for name in wires:
            yield _Found("source", name, _quote(line, match.start("label"), len(line.work)), "byline", 0.8, 0)
        return
    first = _words(value)[:2]
    if len(first) < 2 or not all(_is_capitalized(w) for w in first):
        return
    yield from _byline_claims(value, _quote(line, match.start("label"), len(line.work)), match.start("label"))


# A translator after the place the translation was made: "(Tradotto a Danzica da Enrico Sciacovelli, …)".
_PLACED_WORDS = ("tradotto", "tradotta", "translated", "traducido", "traducida", "traduit", "traduite", "übersetzt")
_PLACED_TRANSLATOR = re.compile(
    rf"\b(?:{'|'.join(_PLACED_WORDS)})\s+(?:a|in|en|à)\s+"
    r"[^\W\d_][\w'’-]+\s+(?:da|by|por|par|von)\s+(?P<name>[^\W\d_][^,;()]{2,60})",
    re.IGNORECASE,
)
_PLACED_RUNS = frozenset(_key(w) for w in _PLACED_WORDS)


def _placed_translator(line: _Line) -> Iterator[_Found]:
    """A translator named after where the translation was made (a wire's boilerplate)."""
    if line.runs.isdisjoint(_PLACED_RUNS):
        return
    yield from _matched_translators(_PLACED_TRANSLATOR.finditer(line.work))


def _matched_translators(matches: Iterable[re.Match[str]]) -> Iterator[_Found]:
    """The people each match's ``name`` group credits as translators, the match as their evidence."""
    for match in matches:
        for name in _split(match.group("name"), _SPLIT_PEOPLE):
            if _is_person(name):
                yield _Found("translator", name, match.group(), "auto", 0.8, match.start("name"))


def _lead_translator(line: _Line) -> Iterator[_Found]:
    """ "Translated from Ukrainian by A and B", "Traduzione a cura di A" anywhere in a line."""
    if not line.may_hold(_LEAD_TRANSLATOR_RUNS):
        return
    for match in _LEAD_TRANSLATOR.finditer(line.key):
        if not _credits_the_text(line.key[: match.start()]):
            continue  # "a novel … beautifully translated by Ann Goldstein": a book's translator
        rest = line.work[match.end() :]
        stop = _SENTENCE_END.search(rest) or _HASHTAG.search(rest)  # "… Ajsela Koka #Roman Policesk": a tag after
        value = rest[: stop.start()] if stop else rest
        text = _quote(line, match.start("label"), match.end() + len(value))
        for name in _split(value, _SPLIT_PEOPLE):
            if _is_person(name) or domain_of(name):
                yield _Found("translator", name, text, "auto", _CONFIDENCE["label"], match.start())


_HASHTAG = re.compile(r"\s#\w")


def _credits_the_text(before: str) -> bool:
    """Whether a translator label standing after ``before`` (the folded line up to it) credits the text being read: it
    opens its line or sentence, or its sentence names the text ("This article was translated by …"), not a book."""
    sentence = re.split(r"[.!?…|]\s|[:—–]\s*$", before)[-1]
    words = _RUN.findall(sentence)
    byline = 3 <= len(words) <= 5 and words[0] in _LEAD_WORDS  # "nga Gianni Palagonia përkthyer nga Ajsela Koka"
    return len(words) <= 1 or byline or any(word.startswith(_THE_TEXT) for word in words)


# Words naming the text itself, folded: "this article", "teksti", "статья", "der Beitrag".
_THE_TEXT = (
    "article", "text", "piece", "story", "interview", "column", "op-ed", "essay", "report", "this", "artikul",
    "clanak", "statij", "statj", "material", "beitrag", "artikel", "texte", "articulo", "articolo", "artigo",
    "articol", "cikk", "makale", "yazi", "intervj", "interviu",
)  # fmt: skip


# Nouns for a translation, followed without a colon by the translator's name ("Перевод Сони Тучинской").
_TRANSLATION_NOUNS = tuple(
    fold(w)
    for w in (
        "перевод", "переводе", "переклад", "превод", "prevod", "prijevod", "translation", "übersetzung",
        "traducción", "traduzione", "tradução", "traducere", "tłumaczenie", "překlad", "preklad", "fordítás",
        "përkthimi", "përkthim", "çeviri",
    )
)  # fmt: skip
# "… e ka sjellë për publikun shqiptar", "… e solli në shqip": the person named before it translated the text.
_BROUGHT_TO = re.compile(
    r"\b(?:e )?(?:ka sjelle|ka sjell|solli|e ka perkthyer)\W+(?:\w+\W+){0,2}?(?:per publikun|ne shqip|per lexuesin)"
)


def _inline_translator(line: _Line) -> Iterator[_Found]:
    """A translation noun and the translator's name with no colon: "Перевод Сони Тучинской"."""
    words = line.work.split()
    if len(words) > 12:
        return  # a credit line is short; "Prevod Viktora Obiolisa … odbijen je" tells of another text's translator
    for i, word in enumerate(words[:-2]):
        if fold(word.strip(",.:;")) not in _TRANSLATION_NOUNS:
            continue
        first = i + 1 + _from_language(words[i + 1 :])  # "Превод од англиски јазик Горјан Костовски"
        name = _clean(" ".join(words[first : first + 2]))
        closes = first + 2 == len(words) or (first + 2 < len(words) and words[first + 1][-1] in ",.;")
        if (
            closes
            and _is_person_shaped(name)
            and known_outlet(name) is None
            and not any(fold(w) in MEDIA_NOUNS for w in name.split())
        ):
            start = line.work.find(word)
            yield _Found("translator", name, _quote(line, start, start + len(word) + 1 + len(name)), "auto", 0.7, start)


def _from_language(words: list[str]) -> int:
    """How many words say which language a translation is from, its name in lower case ("од англиски јазик", "sa
    engleskog jezika"): 0 if none."""
    if len(words) < 2 or fold(words[0]) not in _FROM_LANGUAGE or not words[1][:1].islower():
        return 0
    return 3 if len(words) > 2 and fold(words[2]) in _LANGUAGE_NOUNS else 2


_FROM_LANGUAGE = frozenset({"od", "sa", "s", "iz", "z", "de", "du", "dal", "nga", "din"})
_LANGUAGE_NOUNS = frozenset({"jazik", "jezika", "jezik", "language", "jazyka", "jezyka", "gjuhes", "limba"})


_TR_ABBREVIATION = re.compile(r"\((?:tr|trans|transl)\.\s+(?P<name>[^()]{3,60})\)")


def _abbreviated_translator(line: _Line) -> Iterator[_Found]:
    """A translator after an abbreviation in parentheses: "Vera Pavlova (tr. Steven Seymour)"."""
    if "(tr" in line.key:
        yield from _matched_translators(_TR_ABBREVIATION.finditer(line.work))


def _brought_to(line: _Line) -> Iterator[_Found]:
    """ "Aurenc Bebja, nëpërmjet blogut të tij, e ka sjellë për publikun shqiptar": Albanian for "translated"."""
    if "sjell" not in line.key and "solli" not in line.key and "perkthyer" not in line.key:
        return
    for match in _BROUGHT_TO.finditer(line.key):
        start, _ = _sentence_around(line.work, match.start(), match.end())
        before = re.sub(r"[“\"«„][^”\"»“]*[”\"»]", lambda m: " " * len(m.group()), line.work[start : match.start()])
        names = re.findall(r"(?<![\w])([A-ZÇË][\w'’-]+(?:\s+[A-ZÇË][\w'’-]+){1,2})", before)
        people = [n for n in names if _is_person_shaped(n) and known_outlet(n) is None]
        if people:
            text = _quote(line, start, match.end())
            yield _Found("translator", people[-1], text, "auto", 0.6, start + before.rfind(people[-1]))


def _via_phrases(line: _Line) -> Iterator[_Found]:
    """ "Originally published on X", "The post … first appeared on X", "Zuerst erschienen bei X", "(via X)"."""
    closing = _PAREN_VIA.search(line.work) if "(via " in line.key else None
    if closing and _is_name(_clean(closing.group("name")), 6):  # "… sent out as a press release. (via DealBook)"
        text = _quote(line, closing.start(), closing.end())
        yield _Found("via", _clean(closing.group("name")), text, "auto", _CONFIDENCE["via"], closing.start("name"))
    if not line.may_hold(_VIA_RUNS):
        return
    for match in _VIA_PHRASE.finditer(line.key):
        rest = line.work[match.end() :]
        url = _first_url(rest)
        stop = re.search(r"(?<![A-Z])[.!?…](?:\s|$)|\s[(\[]|\)\s*$|\s[-–—]\s|https?://", rest)
        value = rest[: stop.start()] if stop else rest
        name = _clean(re.sub(r"^(?:the website|the site|faqen|sajtu|portalu|сајту)\s+", "", value))
        if _is_name(name, 6) and (_is_capitalized(name) or domain_of(name)):
            text = _quote(line, match.start(), match.end() + len(value))
            yield _Found("via", name, text, "auto", _CONFIDENCE["via"], match.start(), url)
        elif url:
            yield _Found("via", url, _quote(line, match.start(), len(line.work)), "auto", 0.8, match.start(), url)


def _bare_links(line: _Line, previous: _Line | None) -> Iterator[_Found]:
    """A bare "Source link" (feed footers), with the URL when one follows."""
    if "link" not in line.key and "lien" not in line.key:
        return
    if _BARE_LINK.fullmatch(line.key):
        url = _first_url(line.work)
        yield _Found("via", url or "Source link", line.raw.strip(), "auto", 0.6 if url else 0.5, 0, url)


def _photo_names(value: str) -> list[str]:
    """Credited names in a photo label's value, or none when the value describes the picture."""
    value = re.split(r"[)\]]", value, maxsplit=1)[0]
    names = [n for n in _split(value, _SPLIT_PHOTO)]
    if not names or any(len(n.split()) > 3 or not _is_capitalized(n) for n in names):
        return []
    return names


def _caption_claims(line: _Line) -> Iterator[_Found]:
    """Photo credits inside a caption line: "(photo: A, B, AFP)", "Foto: Reuters/Marko Djurica", "(Getty Images)"."""
    if (
        _COLON_LABEL.match(line.key)
        and _LABEL_KIND.get(
            re.sub(r"\s+", " ", _COLON_LABEL.match(line.key).group("label"))  # type: ignore[union-attr]
        )
        == "photo"
    ):
        return  # read by _label_claims
    for match in _INLINE_PHOTO.finditer(line.key) if line.has_colon else ():
        value = re.split(r"[)\]]", line.work[match.end() :], maxsplit=1)[0]
        for name in _photo_names(value):
            yield _Found(
                "photo_credit",
                name,
                _quote(line, match.start(), match.end() + len(value)),
                "caption",
                _CONFIDENCE["caption"],
                match.start(),
            )
    trailing = _TRAILING_PAREN.search(line.work)
    if trailing and not _INLINE_PHOTO.search(line.key[trailing.start() :]):
        for name in _photo_names(trailing.group("name")):
            if layouts.is_stock_photo(name) or _looks_like_outlet(name):
                yield _Found(
                    "photo_credit",
                    name,
                    _quote(line, trailing.start(), trailing.end()),
                    "caption",
                    _CONFIDENCE["caption"],
                    trailing.start(),
                )


def _bio(line: _Line) -> Iterator[_Found]:
    """An author's bio set apart: "(Mark Almond is director of …)", "*Jane Doe is a reporter …*"."""
    stripped = line.work.strip()
    if not stripped or stripped[0] not in "(*_[" or len(_words(stripped)) > 60:
        return
    body = stripped.lstrip("(*_[ ")
    offset = len(line.work) - len(line.work.lstrip()) + len(stripped) - len(body)
    copula = _COPULA.search(_key(body))
    if not copula:
        return
    name = body[: copula.start()].strip().rstrip(",")
    if _is_person_shaped(name) and not _looks_like_outlet(name):
        yield _Found("author", name, line.raw.strip(), "bio", _CONFIDENCE["bio"], offset)


def _relay_name_after(text: str) -> tuple[str, bool]:
    """The outlet named at the start of ``text`` and whether a media noun announced it."""
    tokens = text.split()
    announced = False
    skipped = 0
    while tokens and skipped < 5 and not _is_capitalized(tokens[0]):
        word = fold(tokens[0].strip(",:"))
        if word in MEDIA_NOUNS:
            announced = True
        elif word not in ARTICLES and not announced:
            break
        if tokens[0][-1] in ",;:.!?":
            return "", announced  # "prenosi portal, smetalo je što je Avdić…": the name ended unsaid
        tokens = tokens[1:]
        skipped += 1
    return _name_from_tokens(tokens), announced


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in word)


def _name_from_tokens(tokens: list[str]) -> str:
    taken: list[str] = []
    for token in tokens[:6]:
        if (
            taken
            and _is_cyrillic(token)
            and not _is_capitalized(token)
            and (token is tokens[-1] or token[-1] in ".,;:")
        ):
            taken.append(token)  # Cyrillic titles are sentence case: "Слободен печат", "Українська правда"
            break
        if not (_is_capitalized(token) or (taken and token.lower() in NAME_CONNECTORS) or domain_of(token)):
            break
        taken.append(token)
        if re.search(r"[,;:.!?)”\"»]$", token):
            break
    while taken and _connector(taken[-1]):
        taken.pop()
    return _clean(" ".join(taken))


def _connector(token: str) -> bool:
    """A word joining a name's parts ("of", "la"), unless written in capitals: "LA Times"."""
    return token.lower() in NAME_CONNECTORS and not (len(token) > 1 and token.isupper())


def _outlet_of_person(name: str) -> str:
    """The outlet of "Francesca Ebel of The Washington Post": a reporter's name is not the relayed outlet."""
    person, of, outlet = name.partition(" of ")
    if of and _is_person_shaped(person) and layouts.is_outlet_name(outlet) and not layouts.is_outlet_name(person):
        return outlet
    return name


def _relay_name_before(text: str) -> tuple[str, bool]:
    """The outlet named at the end of ``text`` (before a verb such as "reports")."""
    tokens = text.split()
    taken: list[str] = []
    while tokens and len(taken) < 5:
        token = tokens[-1]
        if token.endswith((",", ";", ":", ".", "!", "?")) and taken:
            break
        if not (_is_capitalized(token) or domain_of(token) or (taken and token.lower() in NAME_CONNECTORS)):
            break
        taken.insert(0, token)
        tokens.pop()
    while taken and _connector(taken[0]):
        taken.pop(0)
    announced = bool(tokens) and fold(tokens[-1].strip(",")) in MEDIA_NOUNS
    name = _clean(" ".join(taken))
    # Hungarian and Turkish suffixes glued to the outlet: "a Telex szerint", "Reuters'a göre".
    name = re.sub(r"['’](?:[a-zçğıöşü]{1,4})$", "", name)
    return name, announced


def _name_word_not_verb(text: str, end: int) -> bool:
    """Whether the reporting word ending at ``end`` is capitalized as part of a title, not a verb: "Post Reports is
    the daily podcast", "Follow Post Reports" (a headline in title case goes on in capitals: "Post Reports Surge")."""
    verb = text[:end].split()[-1]
    if not verb[:1].isupper():
        return False
    rest = text[end:].split()
    return not rest or not rest[0][:1].isupper()


def _relays(line: _Line) -> Iterator[_Found]:
    """Inline relays in running text: "reports X", "X writes", "transmeton X", "írja a Telex"."""
    for match in _RELAY_BEFORE.finditer(line.key) if line.may_hold(_RELAY_BEFORE_RUNS) else ():
        name, announced = _relay_name_after(line.work[match.end() :])
        name = _outlet_of_person(name)
        if name and _is_name(name, 6) and _looks_like_outlet(name, announced):
            end = line.work.find(name, match.end()) + len(name)
            confidence = 0.6 if announced or normalize_name(name) in KNOWN_OUTLETS else 0.5
            yield _Found("source", name, _quote(line, match.start(), end), "body", confidence, match.start())
    for match in _RELAY_AFTER.finditer(line.key) if line.may_hold(_RELAY_AFTER_RUNS) else ():
        if _name_word_not_verb(line.work, match.end()):
            continue
        before = line.work[: match.start()]
        if before.rstrip().endswith(","):
            continue  # "… in Washington, D.C., reports The New York Times": the verb opens on the name after it
        name, announced = _relay_name_before(before)
        if name and _is_name(name, 6) and _looks_like_outlet(name, announced):
            start = line.work.rfind(name, 0, match.start())
            confidence = 0.6 if announced or normalize_name(name) in KNOWN_OUTLETS else 0.5
            yield _Found("source", name, _quote(line, max(start, 0), match.end()), "body", confidence, start)


def _prose(line: _Line) -> Iterator[_Found]:
    """Outlets the gazetteer knows, named next to a reporting word ("told the BBC", "a Telex szerint")."""
    for credit in prose_credits(line.work):
        start, end = _sentence_around(line.work, credit.start, credit.end)
        link = credit.written if _URL.fullmatch(credit.written) else None
        yield _Found(credit.kind, credit.written, _quote(line, start, end), "body", 0.55, credit.start, link)


def _anaphoric(line: _Line, lines: list[_Line], layout: _Layout) -> Iterator[_Found]:
    """The outlet named before a phrase such as "schreibt das Magazin" or "prema pisanju lista", within the
    line or the three lines above it (not in a list of related articles, which credit other texts)."""
    if not line.work.strip() or line.index in layout.related or _is_caption(line) or _is_label_line(line):
        return
    credit = anaphoric_credit(
        line.work, [other.work for other in lines[max(0, line.index - _ANAPHOR_REACH) : line.index]]
    )
    if credit is not None:
        start, end = _sentence_around(line.work, credit.start, credit.end)
        yield _Found("source", credit.written, _quote(line, start, end), "body", 0.5, credit.start)


_ANAPHOR_REACH = 3
"""Lines above a phrase such as "the newspaper reported" that its outlet may have been named on."""


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end]."""
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    return before, after.end() if after else len(text)


def _dateline(line: _Line) -> Iterator[_Found]:
    """A wire dateline: "KYIV (Reuters) – …", or "Glasgou, 8 mars, NOA - …" naming a known agency or outlet."""
    listed = _LISTED_DATELINE.match(line.work)
    if listed and is_citation_noise(listed.group("date")) and layouts.is_outlet_name(listed.group("name")):
        yield _Found("source", listed.group("name"), _quote(line, 0, listed.end()), "body", 0.75, listed.start("name"))
    stopped = (
        _STOPPED_DATELINE.match(line.work) or _SLASHED_DATELINE.match(line.work) or _UNDASHED_DATELINE.match(line.work)
    )
    if stopped and normalize_name(wire := stopped.group("name")) in WIRES:
        yield _Found("source", wire, _quote(line, 0, stopped.end()), "body", 0.75, stopped.start("name"))
    match = (
        _DATELINE.match(line.work)
        or _TIMED_DATELINE.match(line.work)
        or _INNER_DATELINE.search(line.work)
        or _GLUED_DATELINE.search(line.work)
    )
    if match:
        for name in _split(match.group("name"), _SPLIT_PHOTO):
            # "(AP) —" is the wire in a dateline, whatever else the letters stand for in prose
            if _looks_like_outlet(name) or known_outlet(name) is not None:
                yield _Found("source", name, _quote(line, 0, match.end()), "body", 0.75, match.start("name"))


def _later_dateline(line: _Line) -> Iterator[_Found]:
    """A dateline further down, where a digest's next item begins: only a known outlet after a place in capitals."""
    match = _CAPS_DATELINE.match(line.work)
    if match and known_outlet(match.group("name")) is not None:
        yield _Found("source", match.group("name"), _quote(line, 0, match.end()), "body", 0.75, match.start("name"))


def _sign_off(line: _Line, glued: bool) -> Iterator[_Found]:
    """A closing credit: a "/Outlet/" or "(Outlet Online)" line, or "…word./ Outlet.al" at the end."""
    match = _SLASH_LINE.match(line.work) or _PAREN_LINE.match(line.work)
    if match is None and glued:
        match = _GLUED_SLASH.search(line.work)
    if match is None:
        return
    name = _clean(match.group("name"))
    if _INITIALS.fullmatch(name) or (len(name) == 2 and name.isupper() and known_outlet(name) is None):
        return  # "И.А./М.К.", "/ПК/": the editors' initials
    parts = [_clean(p) for p in re.split(r"(?<=\w)-(?=\w)|/", name)] if "-" in name or "/" in name else []
    if len(parts) > 1 and all(layouts.is_outlet_name(p) for p in parts):  # "(Kliker.info-FTV)": two outlets
        for part in parts:
            yield _Found("source", part, line.raw.strip(), "footer", _CONFIDENCE["slash"], match.start("name"))
        return
    listed = [_clean(p) for p in name.split(",")] if match.re is _PAREN_LINE and "," in name else []
    if len(listed) > 1 and all(_is_name(p, 3) for p in listed):  # "(Beta, Nedeljnik)": the agency, the publisher
        for part in filter(layouts.is_outlet_name, listed):
            yield _Found("source", part, line.raw.strip(), "footer", _CONFIDENCE["slash"], match.start("name"))
        return
    outlet_like = _looks_like_outlet(name) or fold(name).endswith(layouts.OUTLET_ENDINGS)
    if _is_name(name, 5) and outlet_like and not _COPULA.search(_key(name)):
        text = _quote(line, match.start(), match.end()) if match.re is _GLUED_SLASH else line.raw.strip()
        yield _Found("source", name, text, "footer", _CONFIDENCE["slash"], match.start("name"))


# ---------------------------------------------------------------------------------------------
# Assembly.


def _under_bare_caption(previous: _Line | None) -> bool:
    """Whether the line right above is a caption that does not credit the picture itself."""
    return previous is not None and _is_caption(previous) and not any(_caption_claims(previous))


def _line_claims(line: _Line, previous: _Line | None, layout: _Layout) -> Iterator[_Found]:
    """Every rule's claims on one line; a prose credit only where no other rule named that outlet."""
    if not line.work.strip() or line.index in layout.related:
        return
    found = list(_rule_claims(line, previous, layout))
    yield from found
    if _is_caption(line):
        return
    named = [item.name for item in found if item.kind in ("source", "via", "translator", "author")]
    more = _layout_claims(line, first=line.index == layout.first_filled)
    if not _is_label_line(line):
        more = (*more, *_prose(line))
    for item in more:
        if not any(_same_outlet(item.name, name) for name in named):
            named.append(item.name)
            yield item


def _same_outlet(a: str, b: str) -> bool:
    """Whether two names name one outlet: the same comparison key, or the same outlet of the gazetteer."""
    if normalize_name(a) == normalize_name(b):
        return True
    known = known_outlet(a)
    return known is not None and known is known_outlet(b)


def _layout_claims(line: _Line, first: bool) -> tuple[_Found, ...]:
    """Credits a page gives by where it puts a name: relay headers, titles, lone names, citations, a name
    closing a paragraph."""
    text = line.work
    words = len(text.split())
    short = words <= 14 and not _is_prose(line)
    names: list[str] = []
    if short and any(c.isdigit() for c in text):  # "Nova 03.06.2022 | Autor:Tanjug" reads as a label line too
        names += layouts.relay_header(text)
    if short and " - - " in text:
        names += layouts.newsstand_header(text)
    if not _is_label_line(line):
        if "#" in text:
            names += layouts.hash_tag(text)
        if first or ":" in text:
            names += layouts.title_outlet(text, first) or layouts.quote_intro(text)
        if short:
            names += (
                (layouts.outlet_alone(text) or layouts.service_line(text) or layouts.wire_feed(text))
                if words <= 6
                else []
            )
        names += layouts.citation(text)
        names += (
            layouts.closing_name(text)
            or layouts.digest_item(text)
            or layouts.headline_credit(text)
            or layouts.link_item(text)
        )
    return tuple(
        _Found("source", name, line.raw.strip(), "auto", 0.6, max(0, text.find(name))) for name in dict.fromkeys(names)
    )


def _rule_claims(line: _Line, previous: _Line | None, layout: _Layout) -> Iterator[_Found]:
    if not line.work.strip():
        return
    after_caption = _under_bare_caption(previous)
    in_footer = line.index >= layout.footer_start or line.index == layout.last_prose
    if _is_label_line(line):
        yield from _label_claims(line, after_caption)
    elif line.index < layout.body_start and not _is_caption(line):
        yield from _byline(line)
    if _is_caption(line):
        yield from _caption_claims(line)
        return
    yield from _bio(line)
    yield from _lead_translator(line)
    yield from _inline_translator(line)
    yield from _abbreviated_translator(line)
    yield from _placed_translator(line)
    yield from _brought_to(line)
    yield from _via_phrases(line)
    yield from _bare_links(line, previous)
    if in_footer:
        yield from _sign_off(line, glued=line.index == layout.last_prose or line.index >= layout.footer_start)
    elif _CLOSED_SLASH.search(line.work):  # "… tradhëtojnë Rusinë./VoA/" above a list of related links
        yield from _sign_off(line, glued=True)
    if not _is_label_line(line):
        if line.index <= layout.body_start + 2:
            yield from _dateline(line)
        else:
            yield from _later_dateline(line)
        yield from _relays(line)
    if in_footer and not _is_label_line(line):
        yield from _wire_tail(line)


_WIRE_TAIL = re.compile(r"^[\s(\[—–-]*(?P<name>[^()\[\]—–]{2,60}?)[\s)\].]*$")


def _wires_in(value: str) -> list[str]:
    """The wires a short value names, when it names wires only, a desk's tag aside ("Reuters", "AFP/dpa",
    "dpa, AP", "dpa/stol")."""
    names = [_clean(n) for n in re.split(r"\s*[/,;&]\s*|\s+(?:and|und|et|y|i|e)\s+", value.strip())]
    wires = [n for n in names if n and normalize_name(n) in WIRES]
    if not wires and len(names) == 2 and layouts.DESK_TAG.fullmatch(names[1]):
        wires = names[:1] if layouts.is_outlet_name(names[0]) else []  # "dlf/rkr": a broadcaster and its editor
    return wires if wires and all(n in wires or layouts.DESK_TAG.fullmatch(n) for n in names) else []


# A wire's tag glued to the last sentence: "… für die falsche Information.dpa/stol".
_GLUED_WIRE_TAIL = re.compile(r"(?<=[.!?…\"”»])(?P<name>[^\W\d_][\w-]{1,20}(?:/[^\W\d_][\w-]{1,20})+)\s*$")


_WIRE_ITEM = re.compile(r"[\s,]+[a-z]{2,10}:\d{6}-[\d/-]+\s*$")
"""A wire's item number closing its copyright line: ", dpa:240507-99-942696/2"."""


def _wire_tail(line: _Line) -> Iterator[_Found]:
    """A wire's name alone closing the text: "— Reuters", "(AFP)", "dpa/AP", "….dpa/stol"."""
    work = line.work
    item = _WIRE_ITEM.search(work)
    if item is not None:  # "© dpa-infocom, dpa:240507-99-942696/2": the wire's item number makes it the text's
        work = work[: item.start()].replace("©", " ", 1)
    match = _WIRE_TAIL.match(work) or _GLUED_WIRE_TAIL.search(work)
    if match:
        for name in _wires_in(match.group("name")):
            yield _Found("source", name, line.raw.strip(), "footer", 0.7, match.start("name"))


def _self_signature(claim: ExtractedClaim, publisher: Publisher) -> ExtractedClaim:
    """Re-read a footer source credit in the light of who published the text."""
    if claim.kind != "source" or claim.position != "footer" or not publisher.names:
        return claim
    host = domain_of(claim.name)
    own_hosts = {d.lower().removeprefix("www.") for d in publisher.domains}
    own_keys = {normalize_name(n) for n in (*publisher.names, *publisher.domains)}
    if (host and host in own_hosts) or (normalize_name(claim.name) in own_keys and not (host and own_hosts)):
        return replace(claim, kind="sign_off", note=f"the publisher's own signature ({publisher.names[0]})")
    primary = publisher.names[0]
    if any(may_be_rendering_of(claim.name, own) for own in publisher.names):
        english = all(_is_english_gloss(w) for w in normalize_name(claim.name).split())
        language = "English" if english else "another language"
        return replace(
            claim,
            confidence=0.45,
            possible_sign_off_of=primary,
            note=f"may be {primary}'s own sign-off rendered in {language}, or a credit to {claim.name}",
        )
    return claim


def _names_publisher(claim: ExtractedClaim, publisher: Publisher) -> bool:
    """Whether a source claim names the publishing outlet itself (a name, an address, or the same known outlet)."""
    if claim.kind not in ("source", "via"):
        return False
    host = domain_of(claim.name)
    if host and any(host == d or host.endswith("." + d) for d in publisher.domains):
        return True
    return any(_same_outlet(claim.name, own) for own in (*publisher.names, *publisher.domains))


def _is_english_gloss(word: str) -> bool:
    from provenance.text import names

    return any(spellings.split()[0] == word for spellings in names._GLOSSES.values())


def extract_claims(text: str, publisher: Publisher | None = None) -> list[ExtractedClaim]:
    """Return the attribution claims the text makes about itself, in text order.

    Lines are split on ``\\n``, ``\\r\\n`` or ``\\r``; ``line`` is 1-based and ``text`` is the wording as it
    stands on that line. With a ``publisher``, a closing credit to the publisher itself becomes a
    ``sign_off``, and one that may be its name in another language keeps kind ``source`` with
    ``possible_sign_off_of`` set.
    """
    lines = _lines(text)
    layout = _layout(lines)
    found: list[tuple[int, int, ExtractedClaim]] = []
    seen: set[tuple[str, str, str]] = set()
    previous: _Line | None = None
    for line in lines:
        for item in (*_line_claims(line, previous, layout), *_anaphoric(line, lines, layout)):
            position = _position(line.index, layout) if item.position == "auto" else item.position
            key = (item.kind, normalize_name(item.name) or item.name, position)
            if key in seen or not item.text:
                continue
            seen.add(key)
            claim = ExtractedClaim(item.kind, item.name, item.text, position, line.index + 1, item.confidence, item.url)
            if publisher is not None:
                if _names_publisher(claim, publisher) and claim.position != "footer":
                    continue  # "potvrđeno je za Klix.ba" on klix.ba: the publisher naming itself credits no one
                claim = _self_signature(claim, publisher)
            found.append((line.index, item.column, claim))
        previous = line
    return _translator_not_author([claim for _, _, claim in sorted(found, key=lambda entry: (entry[0], entry[1]))])


def _translator_not_author(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """A byline naming the person the text also credits as its translator ("Nga X" over "Përktheu: X") names the
    translator, not the original's author: the author claim goes, the translator claim stays."""
    translators = {normalize_name(c.name) for c in claims if c.kind == "translator"}
    return [c for c in claims if not (c.kind == "author" and normalize_name(c.name) in translators)]
