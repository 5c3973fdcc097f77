"""Random and hostile input (Hypothesis) through every model form's real view and into the
importers: never a 500, never stored garbage, always an error the user can read.

The forms are found by introspection (every ModelForm in the apps' form modules);
`test_every_model_form_is_fuzzed` fails when one has no route below, so a new form cannot
escape. Each field gets either a plausible value for its type or a hostile one, so most
examples get past the other fields and the hostile value reaches the service and the database.
"""

from __future__ import annotations

import gzip
import inspect
from datetime import date
from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.db import connection, models
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from caseworks.imports import ImportRejected
from deportation.observations import parse_observations
from detention.importers import REQUIRED_COLUMNS, import_facilities
from tests.factories import FlightFactory, HearingFactory, RemovalFactory

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "cases.forms",
    "cases.forms_privacy",
    "cases.deadline_forms",
    "detention.forms",
    "deportation.forms",
]

HOSTILE = [
    "",
    " ",
    "x" * 20_000,
    "\x00",
    "name\x00with NUL",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\t\u2028\u2029",
    "\u202eevil.pdf\u202c",
    "مرحبا بالعالم",
    "Орлов Павел",
    "😀👩‍👩‍👧‍👦🏳️‍🌈" * 20,
    "' OR 1=1; DROP TABLE cases_asylumseeker; --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ settings.SECRET_KEY }}",
    "2025-02-30",
    "0000-00-00",
    "9999-12-31",
    "99999-01-01",
    "25:61",
    "2025-13-01T25:99",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "1.5",
    "A-000-000-000",
    "../../etc/passwd",
    "%00",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]
# No shrinking: a request per example makes it take minutes; the failing example is printed.
QUICK = {"deadline": None, "phases": [Phase.explicit, Phase.reuse, Phase.generate]}
hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))


def plausible(field: forms.Field) -> str | list[str]:
    """A value a careful user could type into `field`."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:1]]
    if isinstance(field, forms.ModelChoiceField):
        pk = field.queryset.values_list("pk", flat=True).first()
        return "" if pk is None else str(pk)
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _ in field.choices if v not in ("", None)]
        return values[0] if values else ""
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.DateTimeField):
        return "2025-06-02T10:30"
    if isinstance(field, forms.DateField):
        return "2025-06-02"
    if isinstance(field, forms.TimeField):
        return "09:00"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "3"
    if isinstance(field, forms.EmailField):
        return "someone@example.org"
    return "Plain words"


def model_forms() -> list[type[forms.ModelForm]]:
    found = []
    for module in FORM_MODULES:
        for _name, cls in inspect.getmembers(import_module(module), inspect.isclass):
            if (
                issubclass(cls, forms.ModelForm)
                and cls.__module__ == module
                and not cls.__name__.startswith("_")
            ):
                found.append(cls)
    return found


@pytest.fixture
def world(coordinator, monitor, lawyer, seeker):
    """One of everything a form's URL may need."""
    hearing = HearingFactory(seeker=seeker, date=date(2025, 5, 1))
    flight = FlightFactory()
    removal = RemovalFactory(seeker=seeker, flight=flight)
    return {
        "coordinator": coordinator,
        "monitor": monitor,
        "lawyer": lawyer,
        "seeker": seeker,
        "hearing": hearing,
        "removal": removal,
    }


def ref(w):
    return [w["seeker"].reference]


# form class name -> (URL name, URL args from the world, who posts it)
ROUTES = {
    "SeekerCreateForm": ("cases:seeker_create", lambda w: [], "coordinator"),
    "SeekerForm": ("cases:seeker_update", ref, "coordinator"),
    "ContactPersonForm": ("cases:contact_person_create", ref, "coordinator"),
    "HearingForm": ("cases:hearing_create", ref, "coordinator"),
    "DecisionForm": (
        "cases:hearing_decision",
        lambda w: [w["seeker"].reference, w["hearing"].pk],
        "coordinator",
    ),
    "AppealForm": ("cases:appeal_create", ref, "coordinator"),
    "ChargeForm": ("cases:charge_create", ref, "coordinator"),
    "ContactLogForm": ("cases:contact_create", ref, "coordinator"),
    "DocumentForm": ("cases:document_create", ref, "coordinator"),
    "PrivilegedNoteForm": ("cases:privileged_notes", ref, "lawyer"),
    "ClosureDayForm": ("cases:closure_day_list", lambda w: [], "coordinator"),
    "StayForm": ("detention:stay_create", ref, "coordinator"),
    "FlightForm": ("deportation:flight_create", lambda w: [], "monitor"),
    "AirportForm": ("deportation:airport_create", lambda w: [], "monitor"),
    "RemovalForm": ("deportation:removal_create", ref, "coordinator"),
    "RemovalTrackingForm": ("deportation:removal_update", lambda w: [w["removal"].pk], "monitor"),
    "FollowUpForm": ("deportation:follow_up_create", lambda w: [w["removal"].pk], "monitor"),
}


def test_every_model_form_is_fuzzed():
    assert {cls.__name__ for cls in model_forms()} <= set(ROUTES), "add the new form to ROUTES"


def no_nul_stored() -> list[str]:
    """Text columns holding a NUL byte (PostgreSQL refuses them outright: a 500 there). Read in
    Python: SQLite's LIKE stops at a NUL, so a query cannot ask."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in {"cases", "detention", "deportation", "caseworks"}:
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model._default_manager.values_list(*names) if names else []:
            found += [
                f"{model.__name__}.{n}"
                for n, v in zip(names, row, strict=True)
                if "\x00" in (v or "")
            ]
    return found


@pytest.mark.parametrize("form_class", model_forms(), ids=lambda cls: cls.__name__)
@settings(
    max_examples=25,
    **QUICK,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_form_input_is_refused_or_stored_cleanly(client, world, form_class, data):
    url_name, args, role = ROUTES[form_class.__name__]
    client.force_login(world[role])
    fields = form_class.base_fields
    post = {}
    for name, field in fields.items():
        if isinstance(field, forms.FileField):
            continue
        post[name] = data.draw(st.one_of(st.just(plausible(field)), hostile), label=name)
    response = client.post(reverse(url_name, args=args(world)), post)
    assert response.status_code in (200, 302, 422), response.status_code
    if response.status_code == 422:
        page = response.content.decode()
        assert "is-invalid" in page or "alert-danger" in page or "invalid-feedback" in page
    if connection.vendor == "sqlite":
        assert no_nul_stored() == []


# --- importers ------------------------------------------------------------------------------------

cell = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
FLIGHT_HEADER = (
    "Date,Flight count,Flight number,Tail number,Operator,Owner,Previous Airport,Next Airport"
)


@settings(max_examples=40, **QUICK)
@given(rows=st.lists(st.lists(cell, min_size=1, max_size=9), max_size=5))
def test_hostile_flight_logs_are_parsed_or_refused_with_a_reason(rows):
    body = "\n".join(",".join('"' + c.replace('"', "") + '"' for c in row) for row in rows)
    result = parse_observations(f"{FLIGHT_HEADER}\n{body}", filename="hostile.csv")
    assert all(error.message for error in result.errors)
    for record in result.records:
        assert "\x00" not in repr(record)


@settings(max_examples=30, **QUICK, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=1, max_size=12), min_size=1, max_size=4))
def test_hostile_facility_files_are_imported_whole_or_refused(tmp_path, rows):
    header = list(REQUIRED_COLUMNS)
    lines = ["|".join(header)]
    for row in rows:
        cells = [c.replace("|", " ").replace("\n", " ").replace("\r", " ") for c in row]
        lines.append("|".join(cells + [""] * (len(header) - len(cells))))
    path = tmp_path / "facilities.csv.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8", "surrogatepass")))
    try:
        import_facilities(path)
    except ImportRejected as exc:
        assert str(exc)
    if connection.vendor == "sqlite":
        assert no_nul_stored() == []


@pytest.mark.parametrize(
    ("cell", "message"),
    [("JAIL\x00X", "a field holds a NUL byte"), ("N" * 500, "name is longer than")],
)
def test_a_facility_file_with_a_nul_or_an_overlong_field_is_refused_by_line(
    tmp_path, cell, message
):
    header = list(REQUIRED_COLUMNS)
    row = {"detloc": "ABRDNWA", "name": cell, "circuit": "9"}
    lines = ["|".join(header), "|".join(row.get(column, "") for column in header)]
    path = tmp_path / "facilities.csv.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    with pytest.raises(ImportRejected) as refused:
        import_facilities(path)
    assert [(line, text[: len(message)]) for line, text in refused.value.report.errors] == [
        (2, message)
    ]


@pytest.mark.parametrize(
    "url_name",
    ["cases:seeker_list", "detention:facility_list", "detention:facility_search"],
)
def test_a_nul_byte_in_a_search_is_not_a_server_error(client, coordinator, url_name):
    client.force_login(coordinator)
    response = client.get(reverse(url_name), {"q": "Orlov\x00"})
    assert response.status_code in (200, 400)
