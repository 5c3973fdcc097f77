import pytest
from django.core.exceptions import ValidationError

from cases.identifiers import a_number_or_none, format_a_number, normalize_a_number, search_key


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("A123456789", "123456789"),
        ("a-123-456-789", "123456789"),
        ("123-456-789", "123456789"),
        ("123 456 789", "123456789"),
        ("12345678", "012345678"),  # 8 digits: a missing leading zero
        ("A1234567", "001234567"),  # 7 digits: an old number
        (" A 012.345.678 ", "012345678"),
    ],
)
def test_normalize_a_number_accepts_common_spellings(raw, stored):
    assert normalize_a_number(raw) == stored


@pytest.mark.parametrize(
    "raw", ["", "A", "123456", "1234567890", "A12345678X", "B123456789", "12-34-56", "A-١٢٣٤٥٦٧٨٩"]
)
def test_normalize_a_number_rejects_other_input_with_clear_message(raw):
    with pytest.raises(ValidationError) as excinfo:
        normalize_a_number(raw)
    assert "7 to 9 digits" in excinfo.value.messages[0]


def test_format_a_number_groups_digits():
    assert format_a_number("012345678") == "A-012-345-678"
    assert format_a_number(None) == ""


def test_a_number_or_none_for_search_boxes():
    assert a_number_or_none("Orlov") is None
    assert a_number_or_none("201555014") == "201555014"


@pytest.mark.parametrize("spelling", ["Орлов", "Orlov", "orlov", "ORLÓV", "  Orlov "])
def test_search_key_folds_script_case_and_accents(spelling):
    assert search_key(spelling) == "orlov"


def test_search_key_joins_all_names():
    assert (
        search_key("Pavel Orlov", "Павел Орлов", "P. Orloff") == "pavel orlov pavel orlov p orlov"
    )


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Юлия", "Yulia"),  # ю/я: iu/yu, ia/ya; ий -> ii/iy/y
        ("Дарья", "Darya"),  # soft sign
        ("Дмитрий", "Dmitry"),
        ("Дмитрий", "Dmitriy"),
        ("Алексей", "Alexey"),  # ks/x, й -> i/y
        ("Ксения", "Xenia"),
        ("Хабаров", "Habarov"),
        ("Евгений", "Yevgeny"),
        ("Орлов", "Orloff"),  # trailing -off/-ov
        ("Орлов", "Orlow"),
        ("Зайцев", "Zaytsev"),
    ],
)
def test_search_key_meets_common_transliteration_variants(cyrillic, latin):
    assert search_key(cyrillic) == search_key(latin)


def test_search_key_keeps_short_words_that_end_in_ff():
    assert search_key("Jeff") == "jeff"
