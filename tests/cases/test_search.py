"""Finding a person by any spelling of their name, an alias, the A-number or the reference."""

import pytest
from django.db import connection

from cases.models import AsylumSeeker
from cases.queries import seeker_search
from tests.factories import AsylumSeekerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orlov():
    AsylumSeekerFactory(name_latin="Gleb Sorokin", name_original="Глеб Сорокин")
    return AsylumSeekerFactory(
        name_latin="Pavel Orlov",
        name_original="Павел Орлов",
        aliases="Pasha\nP. Orloff",
        a_number="A-201-555-014",
    )


def _names(query):
    return [s.name_latin for s in seeker_search(AsylumSeeker.objects.all(), query)]


@pytest.mark.parametrize(
    "query", ["Orlov", "Орлов", "orlov", "ORLOFF", "Orlow", "pavel orlov", "Орлов Павел", "orl"]
)
def test_seeker_search_finds_name_in_either_script_and_spelling(orlov, query):
    assert _names(query) == ["Pavel Orlov"]


def test_seeker_search_finds_alias(orlov):
    assert _names("pasha") == ["Pavel Orlov"]


@pytest.mark.parametrize("query", ["A201555014", "201-555-014", "A-201-555-014", "201555014"])
def test_seeker_search_finds_a_number_in_any_spelling(orlov, query):
    assert _names(query) == ["Pavel Orlov"]


def test_seeker_search_finds_a_number_missing_its_leading_zero():
    AsylumSeekerFactory(name_latin="Old Number", a_number="012345678")
    assert _names("12345678") == ["Old Number"]


def test_seeker_search_finds_case_reference(orlov):
    assert _names(orlov.reference.lower()) == ["Pavel Orlov"]


def test_seeker_search_needs_every_word(orlov):
    assert _names("pavel sorokin") == []


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Юлия Кузнецова", "Yulia Kuznetsova"),
        ("Алексей Ксенофонтов", "Alexey Xenofontov"),
        ("Дмитрий Зайцев", "Dmitry Zaytsev"),
    ],
)
def test_seeker_search_meets_transliteration_variants(stored, typed):
    AsylumSeekerFactory(name_latin="Someone", name_original=stored)
    assert _names(typed) == ["Someone"]


@pytest.mark.postgres
def test_trigram_index_serves_name_search_on_postgresql(orlov):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'seeker_search_text_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition
