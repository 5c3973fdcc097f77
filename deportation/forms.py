"""Forms of the flight area. They parse and validate; the services in deportation.services
write. Every field has a label; errors say in plain words what to change."""

from __future__ import annotations

import datetime as dt
import re

import django_filters
import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases.models import Hearing

from . import enums
from .models import Airport, Flight, Removal, RemovalFollowUp
from .services import airport_find, normalize_flight_number

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UTCDateTimeField(forms.DateTimeField):
    """A date and time in UTC, as flight trackers show them (legs cross time zones)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        # super() made a naive input aware in the organization's zone; it was meant as UTC.
        return timezone.make_naive(result).replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- flights


class FlightForm(forms.ModelForm):
    link = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("E.g. the flight on a public flight tracker."),
    )

    class Meta:
        model = Flight
        fields = [
            "date",
            "flight_number",
            "tail_number",
            "kind",
            "operator",
            "owner",
            "boarded",
            "deplaned",
            "reported_boarded",
            "reported_deplaned",
            "source",
            "confidence",
            "link",
            "notes",
            "observations",
        ]
        widgets = {
            "date": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "observations": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "flight_number": _("As flown, e.g. SWQ3501 or a call sign like RPN529."),
            "boarded": _("Leave empty when not known; 0 means nobody."),
            "deplaned": _("Leave empty when not known; 0 means nobody."),
        }

    def clean_flight_number(self):
        number = normalize_flight_number(self.cleaned_data["flight_number"])
        if number and not re.fullmatch(r"[A-Z0-9-]{2,20}", number):
            raise ValidationError(_("Use letters and digits only, e.g. SWQ3501."))
        return number

    def clean(self):
        data = super().clean()
        number, day = data.get("flight_number"), data.get("date")
        if number and day:
            same = Flight.objects.filter(date=day, flight_number=number).exclude(
                pk=self.instance.pk
            )
            if same.exists():
                raise ValidationError(
                    _("Flight %(number)s on %(day)s is already recorded; edit that one."),
                    params={"number": number, "day": day.isoformat()},
                )
        if not number and not data.get("tail_number"):
            raise ValidationError(_("Give a flight number or call sign, or a tail number."))
        return data


def _search_attrs(what: str) -> dict:
    """Suggestions while typing: htmx fills the page's <datalist id="<what>-options">.

    Without JavaScript the field still works: the code is typed in full.
    """
    return {
        "list": f"{what}-options",
        "autocomplete": "off",
        "hx-get": reverse_lazy(f"deportation:{what}_search"),
        "hx-trigger": "input changed delay:250ms",
        "hx-target": f"#{what}-options",
        "hx-swap": "innerHTML",
    }


class AirportCodeField(forms.CharField):
    """An airport typed as its ICAO or IATA code; suggestions come from the airport list."""

    def __init__(self, **kwargs):
        super().__init__(max_length=4, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), **_search_attrs("airport")}

    def clean(self, value):
        code = super().clean(value).strip().upper()
        if not code:
            return None
        airport = airport_find(code)
        if airport is None:
            raise ValidationError(
                _(
                    "No airport with the code %(code)s is in the list. Check the code, or "
                    "add the airport first (Airports, Add an airport)."
                ),
                params={"code": code},
            )
        return airport


class LegForm(forms.Form):
    origin = AirportCodeField(label=_("From"), required=False)
    destination = AirportCodeField(label=_("To"), required=False)
    departs_at = UTCDateTimeField(label=_("Departure (UTC)"), required=False)
    arrives_at = UTCDateTimeField(label=_("Arrival (UTC)"), required=False)

    def clean(self):
        data = super().clean()
        origin, destination = data.get("origin"), data.get("destination")
        if self.errors:
            return data
        if bool(origin) != bool(destination):
            raise ValidationError(_("A leg needs both airports: where it leaves and lands."))
        if origin and origin == destination:
            raise ValidationError(_("A leg must go to another airport."))
        departs, arrives = data.get("departs_at"), data.get("arrives_at")
        if departs and arrives and arrives < departs:
            raise ValidationError(_("A leg cannot arrive before it departs."))
        return data


class BaseLegFormSet(forms.BaseFormSet):
    def legs(self) -> list[dict]:
        """The filled-in legs in order (empty and removed rows left out)."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data.get("origin") and not form.cleaned_data.get("DELETE")
        ]


LegFormSet = forms.formset_factory(
    LegForm, formset=BaseLegFormSet, extra=2, can_delete=True, max_num=20, validate_max=True
)


def leg_initial(flight: Flight) -> list[dict]:
    return [
        {
            "origin": leg.origin.icao,
            "destination": leg.destination.icao,
            "departs_at": leg.departs_at,
            "arrives_at": leg.arrives_at,
        }
        for leg in flight.legs.select_related("origin", "destination")
    ]


class AirportForm(forms.ModelForm):
    class Meta:
        model = Airport
        fields = ["icao", "iata", "name", "city", "region", "country"]
        help_texts = {
            "icao": _("Four letters, e.g. HECA for Cairo."),
            "iata": _("Three letters, e.g. CAI; optional."),
        }

    def clean_icao(self):
        code = self.cleaned_data["icao"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{4}", code):
            raise ValidationError(_("An ICAO code has four letters or digits, e.g. HECA."))
        return code

    def clean_iata(self):
        code = self.cleaned_data["iata"].strip().upper()
        if code and not re.fullmatch(r"[A-Z0-9]{3}", code):
            raise ValidationError(_("An IATA code has three letters or digits, e.g. CAI."))
        return code


def _distinct_choices(values) -> list[tuple[str, str]]:
    return [(v, v) for v in values if v]


class FlightFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=DATE_INPUT
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("Until"), widget=DATE_INPUT
    )
    operator = django_filters.ChoiceFilter(label=_("Operator"), empty_label=_("Any operator"))
    kind = django_filters.ChoiceFilter(
        choices=enums.FlightKind.choices, label=_("Kind"), empty_label=_("Any kind")
    )
    destination_country = django_filters.ChoiceFilter(
        label=_("Destination country"), empty_label=_("Any country")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("date", "date"),
            ("flight_number", "number"),
            ("operator", "operator"),
            ("kind", "kind"),
            ("destination_country", "destination"),
            ("boarded", "boarded"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Flight
        fields = ["date_from", "date_to", "operator", "kind", "destination_country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from what is recorded: one query each, whatever the number of flights.
        flights = Flight.objects.order_by()
        self.filters["operator"].extra["choices"] = _distinct_choices(
            flights.values_list("operator", flat=True).distinct().order_by("operator")
        )
        codes = flights.values_list("destination_country", flat=True).distinct()
        self.filters["destination_country"].extra["choices"] = sorted(
            ((code, countries.name(code) or code) for code in codes if code),
            key=lambda choice: choice[1],
        )


# --------------------------------------------------------------------------- removals


class FlightRefField(forms.CharField):
    """A flight typed as "2025-03-04 SWQ3501" (date and number); suggestions by search."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Date and flight number, e.g. 2025-03-04 SWQ3501; empty if unknown.")
        )
        super().__init__(max_length=40, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), **_search_attrs("flight")}

    def prepare_value(self, value):
        if isinstance(value, Flight):
            return flight_ref(value)
        if isinstance(value, int):
            flight = Flight.objects.filter(pk=value).first()
            return flight_ref(flight) if flight else ""
        return value

    def clean(self, value):
        text = " ".join((super().clean(value) or "").split())
        if not text:
            return None
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s+(\S+)", text)
        if not match:
            raise ValidationError(
                _("Write the date and the flight number, e.g. 2025-03-04 SWQ3501.")
            )
        try:
            day = dt.date.fromisoformat(match[1])
        except ValueError:
            raise ValidationError(_("%(day)s is not a date."), params={"day": match[1]}) from None
        number = normalize_flight_number(match[2])
        flight = (
            Flight.objects.filter(date=day)
            .filter(Q(flight_number=number) | Q(tail_number=number))
            .first()
        )
        if flight is None:
            raise ValidationError(
                _("No flight %(number)s on %(day)s is recorded. Record the flight first."),
                params={"number": number, "day": day.isoformat()},
            )
        return flight


def flight_ref(flight: Flight) -> str:
    return f"{flight.date.isoformat()} {flight.flight_number or flight.tail_number}"


class RemovalForm(forms.ModelForm):
    """For roles that see the case: every field, the final order among this person's hearings."""

    flight = FlightRefField(label=_("Flight"))

    class Meta:
        model = Removal
        fields = [
            "removal_date",
            "flight",
            "destination_country",
            "route_summary",
            "final_order",
            "outcome",
            "last_contact_on",
            "notes",
        ]
        widgets = {
            "removal_date": DATE_INPUT,
            "last_contact_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "route_summary": _(
                "Only when no flight is linked (e.g. a commercial flight with escort); the "
                "route of a linked flight comes from its legs."
            ),
            "notes": _("Seen only by staff who see the case, never by flight monitors."),
        }

    def __init__(self, *args, seeker, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.seeker = seeker  # Removal.clean() compares the final order's person
        self.fields["final_order"].queryset = Hearing.objects.filter(seeker=seeker).order_by(
            "-date"
        )
        self.fields["final_order"].label_from_instance = lambda h: (
            f"{h.get_kind_display()}, {h.date:%Y-%m-%d}: {h.get_outcome_display()}"
        )


class RemovalTrackingForm(forms.ModelForm):
    """What flight monitors may change (deportation.services.removal_update_tracking)."""

    flight = FlightRefField(label=_("Flight"))

    class Meta:
        model = Removal
        fields = ["flight", "outcome", "last_contact_on"]
        widgets = {"last_contact_on": DATE_INPUT}


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = RemovalFollowUp
        fields = ["date", "status", "note"]
        widgets = {"date": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date"].initial = today

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > self.today:
            raise ValidationError(
                _("A follow-up records what is known: the date is in the future.")
            )
        return day


# --------------------------------------------------------------------------- imports

ACCEPTED_SUFFIXES = (".csv", ".txt")


class FlightImportForm(forms.Form):
    file = forms.FileField(
        label=_("Observation log (CSV)"),
        help_text=_("A comma- or pipe-separated export, saved as 'CSV UTF-8'."),
    )
    observed_at = forms.CharField(
        label=_("Airport where the flights were observed"),
        max_length=4,
        initial="KYKM",
        help_text=_("ICAO code, e.g. KYKM for Yakima."),
    )
    export_date = forms.DateField(
        label=_("Export date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "When the log was exported. Empty: read from the file name (…20210625.csv), else "
            "the latest flight in the file. Only a newer export changes imported flights."
        ),
    )

    def clean_observed_at(self):
        code = self.cleaned_data["observed_at"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{3,4}", code):
            raise ValidationError(_("An airport code has three or four letters, e.g. KYKM."))
        return code

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.FLIGHT_LOG_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the most this page accepts is %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if not upload.name.lower().endswith(ACCEPTED_SUFFIXES):
            raise ValidationError(_("Upload a .csv file (in a spreadsheet: Save as, 'CSV UTF-8')."))
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is not None or b"\x00" in head:
            raise ValidationError(
                _(
                    "This is not a text CSV file (it looks like %(kind)s). In the spreadsheet "
                    "choose Save as, 'CSV UTF-8', and upload that file."
                ),
                params={"kind": kind.extension.upper() if kind else _("a binary file")},
            )
        if not head.strip():
            raise ValidationError(_("The file is empty."))
        return upload


# --------------------------------------------------------------------------- dashboard


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False)
    operator = forms.ChoiceField(label=_("Operator"), required=False)

    def __init__(self, *args, country_choices, operator_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = [("", _("Any country")), *country_choices]
        self.fields["operator"].choices = [("", _("Any operator")), *operator_choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ValidationError(_("'Until' is before 'From'."))
        return data
