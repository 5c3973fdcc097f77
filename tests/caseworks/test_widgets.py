"""caseworks.widgets.FastSelect: Django's <select> markup, rendered in one pass."""

import pytest
from django import forms
from django.test.html import parse_html

from caseworks.widgets import FastSelect

CHOICES = [("", "Any"), ("1", "Imperial <Calexico>"), ("2", 'Jena "LA" & co'), (3, "Otay")]


@pytest.mark.parametrize("value", [None, "", "2", 3, "missing"])
def test_fast_select_renders_what_django_select_renders(value):
    attrs = {"id": "id_facility", "class": "select form-select", "required": True}
    fast = FastSelect(choices=CHOICES).render("facility", value, attrs)
    django = forms.Select(choices=CHOICES).render("facility", value, attrs)
    assert parse_html(fast) == parse_html(django)


def test_fast_select_escapes_values_and_labels():
    html = FastSelect(choices=[('"><script>', "<b>bold</b>")]).render("f", None)
    assert "<script>" not in html and "<b>" not in html
    assert '<option value="&quot;&gt;&lt;script&gt;">&lt;b&gt;bold&lt;/b&gt;</option>' in html


def test_fast_select_falls_back_to_django_for_option_groups():
    groups = [("Group", [("1", "One")])]
    html = FastSelect(choices=groups).render("f", "1")
    assert parse_html(html) == parse_html(forms.Select(choices=groups).render("f", "1"))
