"""Reading an article a user found: bytes in any encoding, plain text or HTML, into one ``ReadArticle``.

Owns decoding (BOMs, legacy code pages, UTF-16), mojibake repair and the report of damage
that remains, HTML main-text extraction (offline) and the split of a plain text into its
headline and body, without page chrome, repeated headlines or photo captions.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from provenance.errors import InputError, MissingDependencyError
from provenance.limits import MAX_BYTES
from provenance.text import mojibake
from provenance.text.normalize import normalize_text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)

_BANNER = re.compile(
    r"(latest news|breaking( news)?|just in|lajmi i fundit|lajme t[eë] fundit|e fundit|"
    r"najnovije( vijesti| vesti)?|posljednje vijesti|последни вести|најнови вести|"
    r"последние новости|eilmeldung|derni[eè]re minute|[uú]ltima hora|ultim'ora|"
    r"ultima or[aă]|son dakika|friss h[ií]rek)\s*:?",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"(source|sources|translation|translated by|burimi|p[eë]rkthimi|p[eë]rktheu|nga|"
    r"izvor|prevod|prijevod|pi[sš]e|извор|превод|quelle|[uü]bersetzung|fonte|fuente|"
    r"traducci[oó]n|traduction|traduzione|tradu[cç][aã]o|sursa|surs[aă]|forr[aá]s|"
    r"источник|джерело|перевод|переклад|kaynak|[cç]eviri)\s?:\s?\S.*",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"(\((photo|photos|foto|fotografi|фото|image|illustration|ilustrim)\s*:.*\)\s*$)|"
    r"(^(photo collage|photo|photos|foto|fotografi|fotografia|фото|image|illustration|"
    r"ilustrim|ilustracija|ilustracion)\b\s*[:(/|-])|(^illustration$)|getty images",
    re.IGNORECASE,
)
_NAME = r"[A-ZÀ-ÞĀ-ŽА-Я][\w.'’-]*"
_BYLINE = re.compile(
    rf"(by|nga|von|par|por|di|autor|author|piše|пише)\s*:?\s+{_NAME}(\s+{_NAME}){{0,3}}(\s*[|/,]\s*.{{1,40}})?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)]*$")
_TITLE_BAD_END = re.compile(r"[.,;:]$")
_LETTER = re.compile(r"[^\W\d_]")
_CODE_PAGES = ("cp1252", "cp1250", "cp1251", "koi8-r", "iso8859-2", "cp1253", "cp1254", "cp1257")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LITHUANIAN = re.compile(r"[ąčęįšųūžĄČĘĮŠŲŪŽ]")

_MAX_TITLE_CHARS = 160
_MAX_TITLE_WORDS = 20
_MAX_HEADER_LINE = 300


@dataclass(frozen=True)
class ReadArticle:
    """An article as read from a file: its headline, body, whole text, and how it was decoded."""

    title: str | None
    body: str
    text: str
    encoding: str
    repaired: bool
    damage: str | None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    is_html: bool = False


def read_file_bytes(path: Path, max_bytes: int) -> bytes:
    """Return the file's first ``max_bytes + 1`` bytes (one more tells the caller it is too large); raise
    ``InputError`` saying what to do for a folder, a missing or unreadable file."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give the path of one file, or log a folder with `provenance import`")
    try:
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file; check the path") from e
    except PermissionError as e:
        raise InputError(f"{path}: permission denied; make the file readable") from e
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror or e}); check the path") from e


def read_article_file(path: Path, *, max_bytes: int = MAX_BYTES) -> ReadArticle:
    """Read the article in the file at ``path``; raise ``InputError`` when it cannot be read."""
    with contextlib.suppress(OSError):
        if (size := path.stat().st_size) > max_bytes and not path.is_dir():
            raise InputError(_too_large(str(path), size, max_bytes))
    return read_article(read_file_bytes(path, max_bytes), source_name=str(path), max_bytes=max_bytes)


def read_article(
    data: bytes,
    *,
    source_name: str = "<stdin>",
    is_html: bool | None = None,
    max_bytes: int = MAX_BYTES,
) -> ReadArticle:
    """Decode, repair and split ``data`` into an article; raise ``InputError`` on unusable input.

    ``is_html`` None means sniff: a document starting with ``<!doctype`` or holding
    ``<html`` near its start is read as HTML.
    """
    if len(data) > max_bytes:
        raise InputError(_too_large(source_name, len(data), max_bytes))
    if not data.strip():
        raise InputError(f"{source_name}: file is empty; give a file holding the article's text")
    raw, encoding = _decode(data, source_name)
    html = _looks_like_html(raw) if is_html is None else is_html
    fixed, repaired = mojibake.repair(raw)
    if html:
        return _read_html(fixed, source_name, encoding, repaired)
    text = normalize_text(fixed)
    if not text:
        raise InputError(f"{source_name}: file holds only white space; give a file holding the article's text")
    title, body = split_title_body(text)
    return ReadArticle(title, body, text, encoding, repaired, find_damage(text))


def split_title_body(text: str, title: str | None = None) -> tuple[str | None, str]:
    """Return the headline of a normalized text and its body, without the header block.

    The header block is what precedes the body on a news page: banners ("LATEST NEWS:"),
    the headline (printed once or twice), photo captions, credit labels ("Source: X") and
    a byline. ``title`` given (from HTML metadata) is removed where it is repeated.
    """
    lines = text.split("\n")
    i = _skip_blank(lines, 0)
    while i < len(lines) and _BANNER.fullmatch(lines[i]):
        i = _skip_blank(lines, i + 1)
    if title is None and i < len(lines) and _is_title(lines, i):
        title = lines[i]
        i += 1
    while i < len(lines) and _is_header_line(lines[i], title):
        i += 1
    body = "\n".join(lines[i:]).strip()
    return title, body or text


def find_damage(text: str) -> str | None:
    """Describe damage that remains in a decoded, repaired text, or return None when it looks clean."""
    lost = text.count("\ufffd")
    if lost:
        return f"{lost} character(s) lost in an earlier conversion (shown as \ufffd)"
    bad = mojibake.first_sequence(text)
    if bad:
        return f"mojibake that could not be repaired, e.g. {bad!r}"
    substitutes = text.count("ė") + text.count("Ė")
    if substitutes >= 2 and "ë" not in text and not _LITHUANIAN.search(text):
        return f"'ė' used {substitutes} times where 'ë' is likely meant (a legacy substitution)"
    return None


def _too_large(source: str, size: int, limit: int) -> str:
    return f"{source}: file is {size} bytes, over the limit of {limit} bytes; use --max-size to raise it"


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """Return the text of ``data`` and the name of the encoding it was decoded from."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), source), codec
            except UnicodeDecodeError as e:
                raise InputError(_binary(source)) from e
    if b"\x00" in data:
        raise InputError(_binary(source))
    try:
        return _checked(data.decode("utf-8-sig"), source), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return _checked(damaged, source), "utf-8"
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii")).name
            return _checked(data.decode(codec), source), codec
        except (LookupError, UnicodeDecodeError):
            pass
    guessed = _guess_code_page(data)
    if guessed is None:
        raise InputError(_binary(source))
    try:
        return _checked(data.decode(guessed), source), guessed
    except UnicodeDecodeError as e:
        raise InputError(_binary(source)) from e


def _mostly_utf8(data: bytes) -> str | None:
    """Return ``data`` decoded as UTF-8 with its few invalid bytes shown as U+FFFD (``find_damage`` then flags
    them), when its other non-ASCII characters are well-formed UTF-8; None when it looks like a code page.

    A few bad bytes in a UTF-8 file must not send it to a code page, which would turn every ``ë`` into
    mojibake; a code-page file has almost no well-formed multi-byte sequence at all.
    """
    text = data.decode("utf-8-sig", errors="replace")
    lost = text.count("\ufffd")
    well_formed = sum(1 for ch in text if ord(ch) > 127) - lost
    return text if well_formed >= 2 * lost and well_formed > 0 else None


def _guess_code_page(data: bytes) -> str | None:
    """Return the single-byte code page that decodes ``data`` into the most plausible text.

    charset-normalizer alone misreads short news texts (Finnish cp1252 as mac-iceland,
    KOI8-R as Shift JIS), so the code pages news is found in are scored first, by how
    many of their non-ASCII characters read as letters in well-formed words;
    charset-normalizer breaks ties and covers what none of them decodes.
    """
    ranked = [codecs.lookup(m.encoding).name for m in charset_normalizer.from_bytes(data)]
    scores: dict[str, int] = {}
    for codec in _CODE_PAGES:
        try:
            scores[codec] = _plausibility(data.decode(codec))
        except UnicodeDecodeError:
            continue
    if not scores:
        return ranked[0] if ranked else None
    top = max(scores.values())
    tied = [codec for codec in _CODE_PAGES if scores.get(codec) == top]
    return min(tied, key=lambda c: ranked.index(c) if c in ranked else len(ranked) + tied.index(c))


def _plausibility(text: str) -> int:
    """Score a decoding: non-ASCII letters count for it, symbols and mid-word capitals against."""
    score = 0
    for match in _NON_ASCII.finditer(text):
        ch, before = match.group(0), text[match.start() - 1 : match.start()]
        plausible = ch.isalpha() and not (ch.isupper() and before.islower())
        score += 1 if plausible else -3
    return score


def _checked(text: str, source: str) -> str:
    """Return ``text`` unless control characters show it was decoded from a binary file."""
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise InputError(_binary(source))
    return text


def _binary(source: str) -> str:
    return f"{source}: looks like a binary file, not text; give the article as a text or HTML file"


def _looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:1024].lower()
    return head.startswith("<!doctype") or "<html" in head


def _read_html(markup: str, source: str, encoding: str, repaired: bool) -> ReadArticle:
    """Extract main text and metadata from an HTML page with trafilatura (no network)."""
    try:
        import trafilatura  # slow to import; only HTML input needs it
    except ImportError as e:  # a broken install, e.g. lxml without lxml_html_clean
        raise MissingDependencyError(
            f"reading HTML needs trafilatura, which failed to import ({str(e).splitlines()[0]}); "
            "reinstall provenance with pip to get its dependencies"
        ) from e

    doc = trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
    )
    main = normalize_text(getattr(doc, "text", None) or "") if doc is not None else ""
    if not main:
        raise InputError(f"{source}: no article text found in this HTML page; save the article's text and read that")
    title = _clean_meta(getattr(doc, "title", None))
    text = main if title is None or main.startswith(title) else normalize_text(f"{title}\n\n{main}")
    _, body = split_title_body(main, title)
    return ReadArticle(
        title=title,
        body=body,
        text=text,
        encoding=encoding,
        repaired=repaired,
        damage=find_damage(text),
        url=_clean_meta(getattr(doc, "url", None)),
        author=_clean_meta(getattr(doc, "author", None)),
        published=_clean_meta(getattr(doc, "date", None)),
        site_name=_clean_meta(getattr(doc, "sitename", None)),
        is_html=True,
    )


def _clean_meta(value: object) -> str | None:
    text = normalize_text(str(value)) if value else ""
    return text or None


def _skip_blank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i]:
        i += 1
    return i


def _is_title(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]`` reads as a headline: short, unpunctuated, set apart from what follows."""
    line = lines[i]
    if (
        len(line) > _MAX_TITLE_CHARS
        or len(line.split()) > _MAX_TITLE_WORDS
        or not _LETTER.search(line)
        or _TITLE_BAD_END.search(line)
        or _is_header_line(line, None)
    ):
        return False
    if i + 1 >= len(lines):
        return False
    after = lines[i + 1]
    if not after or after == line or _is_header_line(after, None):
        return True
    # A headline glued to its first paragraph or a standfirst (as in WMT16): prose follows.
    return any(_SENTENCE_END.search(later) for later in lines[i + 1 : i + 6])


def _is_header_line(line: str, title: str | None) -> bool:
    """Whether ``line`` belongs to the block above the body: blank, banner, title, caption, label."""
    if not line or line == title:
        return True
    if len(line) > _MAX_HEADER_LINE:
        return False
    return bool(
        _BANNER.fullmatch(line)
        or _CAPTION.search(line)
        or (_LABEL.fullmatch(line) and len(line) < 120)
        or _BYLINE.fullmatch(line)
    )
