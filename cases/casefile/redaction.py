"""The redacted edition's second line of defence: no identifier of the person in the copy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields, is_dataclass

from ..models import AsylumSeeker
from .rows import CaseFileData

# --- second line of defence for the redacted edition -------------------------------------

_DIGITS = re.compile(r"\D+")


def redaction_leaks(data: CaseFileData, seeker: AsylumSeeker) -> list[str]:
    """Which kinds of identifier of `seeker` appear anywhere in `data` (empty = none).

    Names the kind only ("name", "A-number"...), never the value, so the result can be shown
    and logged. Checks every string of every row, so a name typed into a field the redacted
    edition keeps (a judge, a court, a facility) stops the render instead of leaking.
    """
    words = _identifying_words(seeker)
    digits = _identifying_digits(seeker)
    found: set[str] = set()
    for text in _strings(data):
        lowered = text.casefold()
        for kind, pattern in words:
            if pattern.search(lowered):
                found.add(kind)
        only_digits = _DIGITS.sub("", text)
        for kind, number in digits:
            if number in only_digits:
                found.add(kind)
    return sorted(found)


def _identifying_words(seeker: AsylumSeeker) -> list[tuple[str, re.Pattern]]:
    names = [seeker.name_latin, seeker.name_original, *seeker.alias_list]
    people = list(seeker.contact_persons.values_list("name", "address", "email"))
    words = [("name", w) for n in names for w in re.findall(r"\w+", n)]
    words += [("contact person", w) for p in people for w in re.findall(r"\w+", p[0])]
    words += [("contact address", w) for p in people if p[1] for w in [p[1].strip()]]
    words += [("contact email", p[2]) for p in people if p[2]]
    if seeker.home_city:
        words.append(("home city", seeker.home_city))
    # Initials and short particles ("P.", "de") would match everywhere; real names do not.
    return [
        (kind, re.compile(r"(?<!\w)" + re.escape(w.casefold()) + r"(?!\w)"))
        for kind, w in words
        if len(w) >= 3
    ]


def _identifying_digits(seeker: AsylumSeeker) -> list[tuple[str, str]]:
    found = []
    if seeker.a_number:
        # Stored as 9 digits; older numbers are also written without their leading zeros.
        found.append(("A-number", seeker.a_number.lstrip("0") or seeker.a_number))
    if seeker.date_of_birth:
        dob = seeker.date_of_birth
        for text in (f"{dob:%Y%m%d}", f"{dob:%m%d%Y}", f"{dob:%d%m%Y}"):
            found.append(("date of birth", text))
    for phone in seeker.contact_persons.exclude(phone="").values_list("phone", flat=True):
        number = _DIGITS.sub("", phone)
        if len(number) >= 6:
            found.append(("contact phone", number))
    return found


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif is_dataclass(value):
        for field in fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
