"""{% row_url %} gives exactly what {% url %} gives, row after row."""

import pytest
from django.template import Context, Template
from django.urls import reverse


@pytest.mark.parametrize(
    "name", ["cases:contact_update", "cases:document_download", "detention:stay_update"]
)
def test_row_url_is_the_reversed_url_for_every_row(name):
    template = Template(
        "{% load row_urls %}{% for pk in pks %}{% row_url name ref pk %}|{% endfor %}"
    )
    html = template.render(Context({"name": name, "ref": "CW-ABC234", "pks": [1, 42, 90001]}))
    assert html.split("|")[:-1] == [reverse(name, args=["CW-ABC234", pk]) for pk in (1, 42, 90001)]
