"""What a credit line carries besides names: dates, day and month names, page numbers, places and countries.

"Burimi: The New York Times, e hënë, 26 qershor 1911, f.5" credits one outlet; "e hënë" (Monday), the date and
"f.5" (page 5) are the citation around it, and "Nga Aurenc Bebja*, Francë" is signed from France, not by it.
The claim reader splits a credit into parts and keeps only those that can be names (``is_citation_noise`` says
which cannot). Pure text analysis.
"""

from __future__ import annotations

import re

from provenance.text.names import fold

# Day and month names as news credits write them, folded (lower case, no accents), by language: English, Albanian,
# Serbian/Croatian/Bosnian (Latin and Cyrillic), Macedonian, Bulgarian, Russian, Ukrainian, German, French,
# Spanish, Italian, Romanian, Hungarian, Turkish, Polish, Czech. A stem matches its inflections ("qershorit").
_DAYS = """
monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
hene marte merkure enjte premte shtune diel
ponedeljak ponedjeljak utorak sreda srijeda cetvrtak petak subota nedelja nedjelja
понедељак уторак среда четвртак петак субота недеља понеделник вторник четврток сабота
понеделник вторник сряда четвъртък петък събота неделя понедельник вторник среда четверг пятница суббота воскресенье
понеділок вівторок середа четвер пятниця субота неділя
montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche
lunes martes miercoles jueves viernes sabado domingo lunedi martedi mercoledi giovedi venerdi sabato domenica
luni marti miercuri joi vineri sambata duminica hetfo kedd szerda csutortok pentek szombat vasarnap
pazartesi sali carsamba persembe cuma cumartesi pazar poniedzialek wtorek sroda czwartek piatek sobota niedziela
pondeli utery streda ctvrtek patek sobota nedele
"""
_MONTHS = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
janar shkurt mars prill maj qershor korrik gusht shtator tetor nentor dhjetor
januar februar mart april maj jun juni jul juli avgust august septembar septembar oktobar novembar decembar
sijecanj veljaca ozujak travanj svibanj lipanj srpanj kolovoz rujan listopad studeni prosinac
sijecnja veljace ozujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga prosinca
јануар фебруар март април мај јун јул август септембар октобар новембар децембар
јануари февруари мај јуни јули септември октомври ноември декември
януари февруари март април май юни юли август септември октомври ноември декември
январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
января февраля марта апреля мая июня июля августа сентября октября ноября декабря
січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень
januar februar marz april mai juni juli august september oktober november dezember
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie
januar februar marcius aprilis majus junius julius augusztus szeptember oktober november december
ocak subat mart nisan mayis haziran temmuz agustos eylul ekim kasim aralik
styczen luty marzec kwiecien maj czerwiec lipiec sierpien wrzesien pazdziernik listopad grudzien
leden unor brezen duben kveten cerven cervenec srpen zari rijen listopad prosinec
"""
# Countries and cities credits are signed from, in the same languages (folded; "_" joins the words of one name).
_PLACES = """
france francë francia frankreich frankrike francja francie франция франција франция
germany gjermani germania deutschland nemacka njemacka германија германия германия niemcy nemecko
italy itali italia italie италија италия włochy wlochy
spain spanje spanja spagna espana espagne spanien шпанија испания hiszpania
united_kingdom britain great_britain uk angli anglia england britania britanija британија великобритания
united_states usa america amerike shba sad sjedinjene_americke_drzave сад сша америка ameriky
russia rusi rusia russland rusija россия русија русия rosja
ukraine ukraina ukrajina украина україна украјина
serbia serbi srbija србија сърбия сербия
croatia kroaci hrvatska хрватска хърватия хорватия
bosnia bosnje bosna bih босна
montenegro mali_i_zi crna_gora црна_гора черна_гора черногория
kosovo kosova kosove косово
albania shqiperi shqiperia albanija албанија албания
macedonia maqedoni maqedonia makedonija македонија македония north_macedonia
bulgaria bullgari bugarska бугарска българия болгария
greece greqi grcka грција гърция греция
turkey turqi turska турција турция turkiye
romania rumani rumunija романија румъния румыния
hungary hungari madjarska madarska мађарска унгария венгрия
austria austri austrija österreich osterreich австрија австрия
switzerland zvicer svajcarska svicarska schweiz suisse швајцарија швейцария
belgium belgjike belgija belgique belgien
netherlands hollande holandija nizozemska niederlande pays-bas
poland poloni poljska polska полска полша польша
china kine kina kina китай кина
brussels bruksel brisel bruxelles brussel
london londer londra london лондон
paris parisi pariz париз париж
berlin berlini берлин
moscow moske moskva москва
washington uashington vasington вашингтон
ankara анкара istanbul стамбул izmir beograd belgrade београд белград zagreb загреб sarajevo сарајево сараево
skopje shkup скопје скопье sofia sofija софия софија tirana tirane тирана podgorica подгорица pristina prishtina
приштина bucharest bucuresti bukuresht букурешт бухарест budapest budimpesta будимпешта будапешт kyiv kiev kijev
киев київ vienna wien vjena беч вена warsaw warszawa варшава prague praha прага athens athina atina атина афины
rome roma рим madrid мадрид lisbon lisboa лиссабон tehran teheran тегеран cairo kairo каир minsk минск baku баку
tbilisi тбилиси yerevan ереван
"""


def _folded_words(block: str) -> frozenset[str]:
    return frozenset(fold(w) for w in block.split())


DAY_NAMES = _folded_words(_DAYS)
MONTH_NAMES = _folded_words(_MONTHS)
PLACES = frozenset(fold(w.replace("_", " ")) for w in _PLACES.split())
_CONNECTORS = frozenset(
    {"e", "me", "më", "the", "of", "den", "der", "le", "la", "de", "del", "el", "di", "du", "a", "y"}
)
# Words before the number of a periodical's issue or volume ("No. 1", "Nr. 12", "Vol. 20", "br. 7").
_ISSUE_WORDS = r"vol|volume|band|bd|tom|том|nr|no|number|issue|br|broj|numri|nº|№"
_PAGE = re.compile(
    rf"^(?:p|pp|pg|page|pages|f|fq|faqe|str|s|seite|seiten|стр|с|str\.?|{_ISSUE_WORDS})\.?\s*\d+(?:\s*[-–]\s*\d+)?$",
    re.IGNORECASE,
)
_ISSUE_NUMBER = re.compile(rf"(?<=\w)[,\s]+(?:{_ISSUE_WORDS})\.?\s*\d+\b", re.IGNORECASE)


def without_issue_number(value: str) -> str:
    """``value`` without an issue's or volume's number after a periodical's name: "Rabochy No. 1" → "Rabochy"."""
    return _ISSUE_NUMBER.sub("", value)


_NUMBERISH = re.compile(r"^[\d\s./:,–-]+(?:\.|h|r)?$")


def without_dated_tail(value: str) -> str:
    """``value`` without a date or time after a dash: "Republika - 13.04.2018" → "Republika"."""
    head, dash, tail = value.rpartition(" - ") if " - " in value else value.rpartition(" – ")
    return head.strip() if dash and head.strip() and is_citation_noise(tail) else value


def is_citation_noise(part: str) -> bool:
    """Whether a part of a credit is a date, a day or month name, a page number, a year, or a country or city
    it was signed from: never an outlet or a person."""
    text = part.strip()
    if not text:
        return True
    if _PAGE.match(text) or _NUMBERISH.match(text):
        return True
    folded = fold(text)
    if folded in PLACES:
        return True
    words = [w for w in re.split(r"[\s.,/]+", folded) if w]
    if not words:
        return True
    calendar = [w for w in words if not w.isdigit() and w not in _CONNECTORS]
    dated = any(c.isdigit() for c in text)
    if not dated and text.split(maxsplit=1)[0] in _TITLE_ARTICLES:
        return False  # "The Sun", "Der Freitag": a title's article makes a day's name a paper's
    return bool(calendar) and all(_is_calendar_word(w, inflected=dated) for w in calendar)


_TITLE_ARTICLES = frozenset({"The", "Der", "Die", "Das", "Le", "La", "El", "Il"})


def _is_calendar_word(word: str, *, inflected: bool) -> bool:
    """A day or month name; with ``inflected`` (beside a number: a date), also an inflection of a month's name
    ("qershorit", "lipnja")."""
    if word in DAY_NAMES or word in MONTH_NAMES:
        return True
    return inflected and any(
        word.startswith(name) and len(word) - len(name) <= 3 for name in MONTH_NAMES if len(name) >= 4
    )
