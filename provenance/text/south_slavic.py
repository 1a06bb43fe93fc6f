"""Serbian, Croatian, Bosnian, Montenegrin, Macedonian and Bulgarian: telling apart what langdetect cannot.

langdetect has profiles for Croatian, Macedonian and Bulgarian only: it calls Serbian in Latin script, Bosnian and
Montenegrin Croatian, and Serbian in Cyrillic Macedonian, each with a probability near 1. The texts say more:

- **Cyrillic**: Serbian alone writes ђ and ћ and the words је, у, није; Macedonian alone ѓ, ќ, ѕ and во, дека, е;
  Bulgarian writes ъ and щ and no ј.
- **Latin**: the reflex of old *jat* splits Serbian (ekavian: *predsednik, vreme, uvek, pre, gde*) from the rest
  (ijekavian: *predsjednik, vrijeme, uvijek, prije, gdje*); words split Croatian (*tisuća, tjedan, tijekom, tko,
  lipanj, proračun, obitelj, suradnja, uhićen*) from Bosnian, Montenegrin and ijekavian Serbian (*hiljada, sedmica,
  tokom, ko, juni, budžet, porodica, saradnja, uhapšen*), and Bosnian (*općina, sigurnost, jučer, historija*) from
  Montenegrin (*opština, bezbjednost, juče, istorija*, and the letters ś and ź).

When the text does not say, the answer is ``sh`` (Serbo-Croatian, ISO 639-1) with the candidates, likeliest first,
instead of a false certainty. Pure text analysis: ``text.language`` calls ``refine`` on langdetect's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AMBIGUOUS = "sh"
"""The code of a text in Serbian, Croatian, Bosnian or Montenegrin that does not say which."""
SERBO_CROATIAN = ("sr", "hr", "bs", "cnr")
"""The standard languages ``sh`` stands for (Montenegrin has an ISO 639-3 code only)."""

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


def _words(*stems: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(stems) + r")\b", re.IGNORECASE)


_SR_CYRILLIC_LETTERS = re.compile("[ђћЂЋ]")
_MK_LETTERS = re.compile("[ѓќѕЃЌЅ]")
_BG_LETTERS = re.compile("[ъщЪЩ]")
_J_CYRILLIC = re.compile("[јЈ]")
_SR_CYRILLIC_WORDS = _words("је", "није", "у", "због", "када", "који", "која", "које", "ће", "био", "била", "као")
_MK_WORDS = _words("во", "дека", "со", "кои", "е", "беше", "сите", "многу", "ќе", "ги")

_EKAVIAN = _words(
    r"predsedni\w*", r"potpredsedni\w*", r"sednic\w*", "vreme", "uvek", "posle", r"poslednj\w*", r"mesec\w*",
    r"mest[aou]", r"dec[aeu]", r"dete\w*", r"svetsk\w*", r"vest(?:i|ima)?", r"nedelj\w*", r"ocen\w*", r"smen\w*",
    r"primen\w*", r"reč\w*", "lep[aoi]", "del[oau]", r"pesm\w*", r"celokup\w*", r"spreč\w*", r"obezbed\w*",
    r"bezbed\w*", r"usled\w*", r"verovatn\w*", r"devojk\w*", "gde", "ovde", "pre", r"sne[gž]\w*", r"mlek\w*", r"reš\w*",
    r"zamen\w*", r"sever\w*", r"videl\w*", r"izveštaj\w*", r"razmen\w*", r"ostvaren\w*",
)  # fmt: skip
_IJEKAVIAN = _words(
    r"predsjedni\w*", r"potpredsjedni\w*", r"sjednic\w*", "vrijeme", "uvijek", "poslije", r"posljednj\w*",
    r"mjesec\w*", r"mjest\w*", r"djec\w*", r"dijete\w*", r"svjetsk\w*", r"svijet\w*", r"vijest\w*", r"nedjelj\w*",
    r"ocjen\w*", r"smjen\w*", r"smijen\w*", r"primjen\w*", r"riječ\w*", r"lijep\w*", r"pjesm\w*", r"cjelokup\w*",
    r"sprij?eč\w*", r"bezbjed\w*", r"uslijed\w*", r"vjerovatn\w*", r"vjerojatn\w*", r"djevojk\w*", "gdje", "ovdje",
    "prije", r"snijeg\w*", r"mlijek\w*", r"rješ\w*", r"zamjen\w*", r"sjever\w*", r"vidjel\w*", r"svjesn\w*",
    r"nerješiv\w*", r"neizvjesn\w*", r"povjerenj\w*", r"izvještaj\w*", r"izvješć\w*", r"srijed\w*", r"htjel\w*",
    r"djel\w*", r"cijel\w*", r"vjer\w*", r"mjer\w*",
)  # fmt: skip
_CROATIAN = _words(
    r"tisuć\w*", r"vlak\w*", r"tjed(?:an|na|nu|ni|nima|nom)", r"kruh\w*", r"sveučilišt\w*", r"izvješć\w*", "glede",
    "tko", r"siječnj\w*", r"veljač\w*", r"ožuj\w*", "travanj", r"travnj\w*", r"svib\w*", "lipanj", r"lipnj\w*",
    "srpanj", r"srpnj\w*", r"kolovoz\w*", "rujan", r"rujn\w*", r"listopad\w*", "studeni", "studenog", r"prosin\w*",
    r"proračun\w*", r"zrakoplov\w*", r"nogomet\w*", r"obitelj\w*", "tijekom", r"povijest\w*", r"kazališt\w*",
    r"znanost\w*", r"veleposlan\w*", r"priopć\w*", r"gospodarst\w*", r"gospodarsk\w*", r"uhić\w*", r"surad\w*",
    r"tajnik\w*", r"potpor\w*", r"točk\w*", r"zastupni\w*", r"kun[aeu]", r"državn\w* tajni\w*", r"unutarnj\w*",
)  # fmt: skip
_EASTERN = _words(
    r"hiljad\w*", "voz", "vozom", r"opštin\w*", r"saopšt\w*", "tokom", r"porodic\w*", r"fudbal\w*", r"nauk\w*",
    r"uslov\w*", "takođe", r"istorij\w*", r"univerzitet\w*", r"ambasador\w*", r"budžet\w*", "šta", "ko",
    r"poslani\w*", "odsto", r"sarad\w*", r"sarađ\w*", r"sedmic\w*", "juče", "juna", "jula", "jun", "jul", "juni",
    "juli", r"avgust\w*", r"uhapš\w*", r"hapš\w*", r"bezbjed\w*", r"unutrašnj\w*", r"spoljn\w*", r"tačk\w*",
    r"sekretar\w*", r"privred\w*", r"podršk\w*", r"vanredn\w*", r"desi(?:o|la|lo|li|le)",
)  # fmt: skip
_BOSNIAN = _words(
    r"općin\w*", r"sigurnos\w*", "jučer", r"historij\w*", r"hljeb\w*", r"lahk\w*", r"kahv\w*", r"saopćen\w*",
    r"vanjsk\w*", r"obavještajn\w*", r"federaln\w*", r"bošnjač\w*", r"bh\.",
)  # fmt: skip
_MONTENEGRIN = re.compile(r"[śźŚŹ]|\b(?:đe|śutra|bezbjednost\w*|opštin\w*|istorij\w*|juče)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Refined:
    """What ``refine`` made of langdetect's answer: the language, and the candidates when it is ``sh``."""

    code: str
    candidates: tuple[str, ...] = ()


def refine(code: str, text: str) -> Refined:
    """Return the language of ``text`` that langdetect called ``code``, told apart where langdetect has no profile:
    Serbian from Macedonian and Bulgarian in Cyrillic, Serbian, Croatian, Bosnian and Montenegrin in Latin script."""
    cyrillic = len(_CYRILLIC.findall(text))
    if cyrillic and cyrillic >= len(_LATIN.findall(text)):
        return Refined(_cyrillic(code, text)) if code in ("mk", "bg", "sr", "ru", "uk") else Refined(code)
    if code in ("hr", "sr", "bs"):
        return _latin(text)
    return Refined(code)


def _cyrillic(code: str, text: str) -> str:
    serbian = 3 * len(_SR_CYRILLIC_LETTERS.findall(text)) + len(_SR_CYRILLIC_WORDS.findall(text))
    macedonian = 3 * len(_MK_LETTERS.findall(text)) + len(_MK_WORDS.findall(text))
    if _J_CYRILLIC.search(text) is None:  # no ј: neither Serbian nor Macedonian
        return "bg" if code in ("mk", "sr") and _BG_LETTERS.search(text) else code
    if serbian > macedonian:
        return "sr"
    if macedonian > serbian:
        return "mk"
    return code


def _latin(text: str) -> Refined:
    ekavian, ijekavian = len(_EKAVIAN.findall(text)), len(_IJEKAVIAN.findall(text))
    croatian, eastern = len(_CROATIAN.findall(text)), len(_EASTERN.findall(text))
    bosnian, montenegrin = len(_BOSNIAN.findall(text)), len(_MONTENEGRIN.findall(text))
    if ekavian > ijekavian:
        return Refined("sr")
    if croatian > eastern:
        return Refined("hr")
    if eastern > croatian:
        if montenegrin > bosnian:
            return Refined("cnr") if montenegrin >= 2 else Refined(AMBIGUOUS, ("cnr", "sr", "bs"))
        if bosnian > montenegrin:
            return Refined("bs") if bosnian >= 2 else Refined(AMBIGUOUS, ("bs", "sr", "cnr"))
        return Refined(AMBIGUOUS, ("sr", "bs", "cnr"))
    if bosnian > montenegrin:
        return Refined(AMBIGUOUS, ("bs", "hr", "sr", "cnr"))
    return Refined(AMBIGUOUS, ("hr", "bs", "sr", "cnr"))
