"""Vietnamese text as data: one normaliser, one sort key, one transliteration.

Every stored name and key goes through ``normalize_text`` (forms, the Excel imports, the
admin), every list that a person reads is ordered with ``vn_sort_key``, and every code and
download file name is made with ``vn_slug``. Nothing else in the project re-implements these.
"""

import re
import unicodedata

# --- Normalisation ------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def normalize_text(value: str | None) -> str:
    """The canonical form of a name or key, as stored and compared.

    NFKC folds compatibility forms (fullwidth letters, ligatures) and composes what a
    "Unicode tổ hợp" keyboard decomposes; format characters (Unicode category Cf: zero-width
    spaces and joiners, bidi controls, the BOM, soft hyphens) are removed; other control
    characters become spaces; runs of whitespace collapse to one space; the ends are trimmed.
    NFC is applied last so the result is always composed.
    """
    if not value:
        return ""
    text = str(value)
    # Most text is canonical already (names read back, values typed once): printable means no
    # Cf, Cc or separator other than the ASCII space, and NFKC-normalised text is also NFC.
    if (
        text.isprintable()
        and unicodedata.is_normalized("NFKC", text)
        and "  " not in text
        and text[0] != " "
        and text[-1] != " "
    ):
        return text
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        kept.append(" " if category == "Cc" else ch)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", "".join(kept)).strip())


def normalize_multiline(value: str | None) -> str:
    """``normalize_text`` for free text that keeps its line breaks (notes, minutes)."""
    if not value:
        return ""
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalize_text(line) for line in lines).strip("\n")


def match_key(value: str | None) -> str:
    """The key two names are compared by: normalised and case-folded."""
    return normalize_text(value).casefold()


# --- Vietnamese alphabetical order --------------------------------------------------------

_VN_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_VN_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_VN_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def vn_sort_key(text: str) -> tuple:
    """Sort key in Vietnamese dictionary order: letters first (a ă â b c d đ ...), tones second.

    "Tòa" sorts before "Trại" (o < r), "Đ" between "D" and "E", and "Bá" after "Ba".
    """
    letters: list[str] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", normalize_text(text).casefold()):
        if ch in _VN_TONES and tones:
            tones[-1] = _VN_TONES[ch]
        elif ch in _VN_MODIFIERS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
            tones.append(0)
    primary = tuple(
        _VN_ALPHABET.index(c) if c in _VN_ALPHABET else (-1 if c.isspace() else 100 + ord(c)) for c in letters
    )
    return primary, tuple(tones)


def vn_sorted(items, key=lambda item: item):
    """``sorted`` in Vietnamese order of ``key(item)``."""
    return sorted(items, key=lambda item: vn_sort_key(str(key(item))))


# --- Transliteration for codes and file names ---------------------------------------------

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def vn_ascii(text: str | None) -> str:
    """Vietnamese without its marks: "Đà Nẵng" → "Da Nang" (đ → d, tones and hooks removed)."""
    text = normalize_text(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def vn_slug(*parts, max_length: int = 120) -> str:
    """A lowercase ASCII code or file-name stem from Vietnamese words joined by hyphens.

    ``vn_slug("Bắc Kạn")`` → ``"bac-kan"``; ``vn_slug("Báo cáo", 2022, "Khối thi đua")`` →
    ``"bao-cao-2022-khoi-thi-dua"``. Cut at a hyphen when longer than ``max_length``.
    """
    words = " ".join(str(p) for p in parts if p is not None and str(p) != "")
    slug = _NON_SLUG.sub("-", vn_ascii(words).lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut if slug[max_length] == "-" else (cut.rsplit("-", 1)[0] or cut)
    return slug


# --- A stored sort key, so the database orders names the Vietnamese way ----------------------


def vn_collation_key(text: str | None) -> str:
    """``vn_sort_key`` written as a string that sorts the same under any database collation.

    Stored beside a name (``sort_name``) so that ``order_by`` gives Vietnamese order on SQLite
    and PostgreSQL alike, without sorting in Python. Each letter becomes four lowercase hex
    digits (space 0001, the alphabet a…y 0002–001e, any other character 0020 + its code point,
    capped at ffff), then 0000 ends the letters and one digit per letter gives its tone. Only
    the characters 0-9a-f appear, in fixed widths, so no collation reorders or ignores them.
    """
    primary, tones = vn_sort_key(text or "")
    codes = [1 if p == -1 else (p + 2 if p < 100 else min(0x20 + p - 100, 0xFFFF)) for p in primary]
    return "".join(f"{c:04x}" for c in codes) + "0000" + "".join(str(t) for t in tones)
