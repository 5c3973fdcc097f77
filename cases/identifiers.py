"""A-numbers and name search keys: pure functions, no database."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

_NON_DIGITS = re.compile(r"[^0-9]+")
_SPACES = re.compile(r"\s+")


def normalize_a_number(raw: str) -> str:
    """Return the 9-digit storage form of an alien registration number.

    Accepts any spelling a person types ("A123456789", "A-123-456-789", "12345678"): non-digits
    are dropped, 7 to 9 digits are accepted and left-padded with zeros to 9 (older numbers
    were issued with 7 or 8 digits). Anything else raises ValidationError.
    """
    text = (raw or "").strip()
    if text[:1] in ("A", "a"):
        text = text[1:]
    if re.search(r"[^0-9\s\-.]", text):
        raise ValidationError(
            _("An A-number has 7 to 9 digits, for example A-123-456-789."), code="a_number"
        )
    digits = _NON_DIGITS.sub("", text)
    if not 7 <= len(digits) <= 9:
        raise ValidationError(
            _("An A-number has 7 to 9 digits, for example A-123-456-789."), code="a_number"
        )
    return digits.zfill(9)


def a_number_or_none(raw: str) -> str | None:
    """The storage form if `raw` reads as an A-number, else None (for search boxes)."""
    try:
        return normalize_a_number(raw)
    except ValidationError:
        return None


def format_a_number(digits: str | None) -> str:
    if not digits:
        return ""
    return f"A-{digits[0:3]}-{digits[3:6]}-{digits[6:9]}"


# Spelling variants of transliterated names, folded to one form on both sides of a search
# (the stored `AsylumSeeker.search_text` and the query): x/ks (Alexei, Aleksei), w/v (Orlow),
# y/i (Yulia, Iuliia from Юлия; Sergey, Sergei), kh/h (Khabarov, Habarov), runs of i (Dmitrii,
# Dmitriy, Dmitry), a leading ie (Yevgeny, Evgenii) and the trailing -off/-eff of older
# spellings (Orloff, Orlov).
_FOLDS = (
    (re.compile("x"), "ks"),
    (re.compile("w"), "v"),
    (re.compile("y"), "i"),
    (re.compile("kh"), "h"),
    (re.compile("i+"), "i"),
    (re.compile(r"\bie"), "e"),
    (re.compile(r"(?<=[a-z]{2})([oe])ff\b"), r"\1v"),
)
# Soft and hard signs become apostrophes in transliteration (Дарья -> Dar'ia); drop them so
# "Daria" and "Darya" meet "Дарья" instead of splitting the word in two.
_APOSTROPHES = re.compile("['`\u2019\u02bc\u02b9\u02ba\"]")


def search_key(*texts: str) -> str:
    """One lower-case ASCII string for names in any script.

    "Орлов", "Orlov", "ORLÓV" and "Orloff" all give "orlov": Cyrillic is transliterated
    (unidecode), accents are dropped, case and spacing folded, and the common spelling
    variants of `_FOLDS` reduced to one form. The same function builds the stored column and
    the query, so both sides always agree (`cases.queries.seeker_search`).
    """
    joined = " ".join(t for t in texts if t)
    ascii_text = unidecode(unicodedata.normalize("NFKC", joined)).lower()
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    cleaned = "".join(ch if ch.isalnum() else " " for ch in ascii_text)
    folded = _SPACES.sub(" ", cleaned).strip()
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded
