"""The rendered PDFs (cases/casefile/pdf.py), read back with pypdf."""

import io
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

from cases import enums
from cases.casefile import casefile_data
from cases.casefile import pdf as casefile_pdf
from cases.casefile.pdf import (
    STATIC_BASE,
    RefusedURL,
    page_label_parts,
    render_casefile_pdf,
    static_only_fetcher,
    static_path_for,
)
from cases.models import ContactLog
from cases.services import contact_log
from tests.factories import ORLOV, ORLOV_CONTACT, ORLOV_PRIVILEGED_NOTE

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 1)
SECTIONS = [
    "Contents",
    "1. Summary",
    "2. Chronology",
    "3. Detention history",
    "4. Hearings and decisions",
    "5. Appeals and motions",
    "6. Deadlines",
    "7. Charges in the home country",
    "8. Contact log",
    "9. Evidence index",
]


def _render(seeker, edition):
    data = casefile_data(seeker, edition=edition, today=TODAY, prepared_by="Katya Caseworker")
    pdf = render_casefile_pdf(data)
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == pdf.page_count
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def full_text(reference_case):
    with time_machine.travel("2025-07-01 17:00Z", tick=False):
        return _render(reference_case, enums.CaseFileEdition.FULL)


def test_full_edition_has_every_section_the_person_and_cyrillic(full_text):
    reader, text = full_text
    for heading in [*SECTIONS, "10. Family and contact persons"]:
        assert heading in text, heading
    assert "Privileged notes" not in text
    assert "Павел Орлов" in text
    assert "Повестка Павла Орлова (summons)" in text
    assert "A-201-555-014" in text
    assert "1991-03-14" in text
    assert ORLOV_CONTACT["phone"] in text
    assert "Not in any hearing or appeal record" in text
    assert "Prepared 2025-07-01 10:00" in text  # 17:00 UTC in Los Angeles
    assert "Page 2 of " in text
    assert reader.metadata.title == f"Case file {reader_ident(text)} — Full (for the organization)"


def reader_ident(text):
    # The cover prints the reference on its second line.
    return text.splitlines()[1]


def test_table_of_contents_points_at_the_pages_of_the_sections(full_text):
    reader, _text = full_text
    pages = [page.extract_text() for page in reader.pages]
    contents = pages[1]
    for heading in SECTIONS[1:]:
        line = next(line for line in contents.splitlines() if line.startswith(heading))
        number = int(line.rsplit(" ", 1)[1])
        assert heading in pages[number - 1], heading


def test_redacted_edition_prints_no_identifier_of_the_person(reference_case):
    reader, text = _render(reference_case, enums.CaseFileEdition.REDACTED)

    for heading in SECTIONS:
        assert heading in text, heading
    assert reference_case.pseudonym in text
    digits = ORLOV["a_number"]
    for value in [
        "Pavel",
        "Orlov",
        "Павел",
        "Орлов",
        "Павла",
        ORLOV["aliases"],
        digits,
        f"A-{digits[:3]}-{digits[3:6]}-{digits[6:]}",
        f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
        "1991-03-14",
        "03/14/1991",
        "14.03.1991",
        ORLOV["home_city"],
        ORLOV["home_region"],
        ORLOV["notes"],
        reference_case.reference,
        ORLOV_CONTACT["name"],
        ORLOV_CONTACT["phone"],
        "995555000111",
        ORLOV_CONTACT["email"],
        ORLOV_CONTACT["address"],
        "Tbilisi",
        "Olga",
        "Mother",
        "Katya",
        ORLOV_PRIVILEGED_NOTE,
        "Family and contact persons",
    ]:
        assert value not in text, value
    assert "Pavel" not in (reader.metadata.title or "")
    assert reader.metadata.title == (
        f"Case file {reference_case.pseudonym} — Redacted (for sharing)"
    )


def test_lawyer_edition_alone_prints_the_privileged_notes(reference_case):
    _reader, lawyer_text = _render(reference_case, enums.CaseFileEdition.LAWYER)
    _reader, full_text = _render(reference_case, enums.CaseFileEdition.FULL)

    assert "11. Privileged notes" in lawyer_text
    assert ORLOV_PRIVILEGED_NOTE in lawyer_text
    assert "Privileged and confidential" in lawyer_text
    assert ORLOV_PRIVILEGED_NOTE not in full_text


class RecordingFetcher:
    """Wraps the real fetcher and keeps every URL WeasyPrint asked for."""

    def __init__(self):
        self.inner = static_only_fetcher()
        self.urls = []
        self._fail_on_errors = False

    def __call__(self, url):
        self.urls.append(url)
        return self.inner(url)


def test_markup_in_a_note_prints_as_text_and_fetches_nothing(
    reference_case, caseworker, monkeypatch
):
    note = (
        '<img src="file:///etc/passwd"> <img src="https://tracker.example/p.png"> '
        '<link rel="stylesheet" href="http://example.org/x.css">'
    )
    contact_log(
        seeker=reference_case,
        by=caseworker,
        party=enums.ContactParty.CLIENT,
        channel=enums.ContactChannel.MESSAGE,
        occurred_at=ContactLog.objects.get().occurred_at,
        outcome=enums.ContactOutcome.REACHED,
        notes=note,
    )
    recorder = RecordingFetcher()
    monkeypatch.setattr(casefile_pdf, "static_only_fetcher", lambda: recorder)

    _reader, text = _render(reference_case, enums.CaseFileEdition.FULL)

    assert '<img src="file:///etc/passwd">' in text.replace("\n", " ")
    assert sorted(set(recorder.urls)) == [
        f"{STATIC_BASE}casefile/casefile.css",
        f"{STATIC_BASE}fonts/DejaVuSans-Bold.ttf",
        f"{STATIC_BASE}fonts/DejaVuSans.ttf",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/x.css",
        "https://example.org/static/casefile/casefile.css",
        "https://static.caseworks.invalid:8443/static/casefile/casefile.css",
        "https://user@static.caseworks.invalid/static/casefile/casefile.css",
        "data:text/css,body{}",
        "data:font/ttf;base64,AAAA",
        f"{STATIC_BASE}../../../../etc/passwd",
        f"{STATIC_BASE}casefile/%2e%2e/%2e%2e/settings.py",
        f"{STATIC_BASE}%2Fetc%2Fpasswd.css",
        f"{STATIC_BASE}casefile\\..\\casefile.css",
        f"{STATIC_BASE}casefile//casefile.css",
        f"{STATIC_BASE}casefile/casefile.css?v=1",
        f"{STATIC_BASE}casefile/casefile.css#x",
        f"{STATIC_BASE}js/caseworks.js",
        f"{STATIC_BASE}casefile/missing.css",
        "https://static.caseworks.invalid/other/casefile/casefile.css",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        static_path_for(url)
    with pytest.raises(RefusedURL):
        static_only_fetcher().fetch(url)


def test_fetcher_serves_our_stylesheet_and_fonts():
    css = static_only_fetcher().fetch(f"{STATIC_BASE}casefile/casefile.css")
    font = static_only_fetcher().fetch(f"{STATIC_BASE}fonts/DejaVuSans.ttf")

    assert css.content_type == "text/css"
    assert b'font-family: "Caseworks Sans"' in css.read()
    assert font.content_type == "font/ttf"
    assert font.read()[:4] == b"\x00\x01\x00\x00"  # a TrueType file


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Page %(page)s of %(pages)s", ("Page ", " of ", "")),
        ("Страница %(page)s из %(pages)s", ("Страница ", " из ", "")),
        ("%(page)s/%(pages)s p.", ("", "/", " p.")),
        ("%(pages)s pages, this is %(page)s", ("", " / ", "")),
    ],
)
def test_page_label_parts_split_the_translated_footer(text, expected):
    assert page_label_parts(text) == expected
