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


def search_key(*texts: str) -> str:
    """One lower-case ASCII string for names in any script.

    "Орлов", "Orlov" and "ORLÓV" all give "orlov": Cyrillic is transliterated (unidecode),
    accents are dropped, case and spacing folded. The same function builds the stored column
    and the query, so both sides always agree.
    """
    joined = " ".join(t for t in texts if t)
    ascii_text = unidecode(unicodedata.normalize("NFKC", joined))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in ascii_text.lower())
    return _SPACES.sub(" ", cleaned).strip()
