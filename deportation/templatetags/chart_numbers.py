"""`{{ x|svg_number }}`: a chart coordinate as `{{ x|floatformat:'1u' }}` writes it, remembered.

A dashboard's charts print a few thousand coordinates, most of them the same few hundred
values (bar widths, month positions, the baseline); floatformat (Decimal arithmetic) cost 20 µs
each, 60 ms of the page. The text is floatformat's own, computed once per value.
"""

from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@lru_cache(maxsize=8192)
def _one_decimal(value: float) -> str:
    return floatformat(value, "1u")


@register.filter
def svg_number(value) -> str:
    try:
        return _one_decimal(value)
    except TypeError:  # unhashable: not a number a chart holds, but let floatformat say so
        return floatformat(value, "1u")
