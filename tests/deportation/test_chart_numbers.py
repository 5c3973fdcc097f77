"""{{ x|svg_number }} writes what {{ x|floatformat:'1u' }} writes, remembered per value."""

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from deportation.templatetags.chart_numbers import svg_number

VALUES = [0, 0.0, -0.04, 0.05, 0.15, 1.25, 2.35, 12.0, 479.99, 480, -3.05, 1e6, 123456.789]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("value", VALUES)
def test_svg_number_is_floatformat_one_unlocalized(value, language):
    with translation.override(language):
        assert svg_number(value) == floatformat(value, "1u")
        assert svg_number(value) == floatformat(value, "1u")  # and again, from the cache
