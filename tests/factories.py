"""factory_boy factories: plain defaults, no surprises. Case rows are built through services
where a service exists, so tests exercise the same path as the screens."""

from __future__ import annotations

from datetime import date, time

import factory
from django.utils import timezone

from cases import enums, services
from cases.models import AsylumSeeker, Hearing
from caseworks.enums import Role
from caseworks.models import User
from caseworks.services import user_set_role
from detention.models import Facility


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.CASEWORKER
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def apply_role(obj, create, extracted, **kwargs):
        if create:
            user_set_role(user=obj, role=obj.role)


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"FAC{n:04d}")
    name = factory.Sequence(lambda n: f"Test Detention Center {n}")
    city = "Calexico"
    state = "CA"
    circuit = 9
    aor = "SND"


class AsylumSeekerFactory(factory.Factory):
    """Registers through `seeker_register`, like the registration form does."""

    class Meta:
        model = AsylumSeeker

    name_latin = factory.Sequence(lambda n: f"Test Person {n}")
    name_original = ""
    date_of_birth = date(1990, 1, 1)
    nationality = "RU"
    custody_status = enums.CustodyStatus.DETAINED
    caseworkers = ()
    lawyers = ()
    a_number = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.seeker_register(by=None, **kwargs)

    _build = _create


class HearingFactory(factory.Factory):
    class Meta:
        model = Hearing

    seeker = factory.SubFactory(AsylumSeekerFactory)
    kind = enums.HearingKind.MASTER
    court = "Imperial Immigration Court"
    date = factory.LazyFunction(timezone.localdate)
    time = time(9, 0)

    @classmethod
    def _create(cls, model_class, seeker, **kwargs):
        return services.hearing_schedule(seeker=seeker, by=None, **kwargs)

    _build = _create


# Deportation (issue 6): rows made through deportation.services, like the screens make them.
class AirportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deportation.Airport"
        django_get_or_create = ("icao",)

    icao = factory.Sequence(lambda n: f"Z{n:03d}")
    city = factory.Sequence(lambda n: f"City {n}")
    country = "US"


class FlightFactory(factory.Factory):
    """`legs` is a list of (origin, destination) Airports, in flight order."""

    class Meta:
        model = "deportation.Flight"

    date = date(2025, 3, 4)
    flight_number = factory.Sequence(lambda n: f"TST{n:04d}")
    operator = "Test Air"
    kind = "removal_charter"
    source = "observer"
    legs = ()

    @classmethod
    def _create(cls, model_class, legs=(), **kwargs):
        from deportation.services import LegInput, flight_create

        return flight_create(by=None, legs=[LegInput(o, d) for o, d in legs], **kwargs)

    _build = _create


class RemovalFactory(factory.Factory):
    class Meta:
        model = "deportation.Removal"

    seeker = factory.SubFactory(AsylumSeekerFactory)
    removal_date = date(2025, 3, 4)
    destination_country = "RU"

    @classmethod
    def _create(cls, model_class, seeker, removal_date, **kwargs):
        from deportation.services import removal_record

        return removal_record(
            seeker=seeker, by=None, removal_date=removal_date, today=date(2030, 1, 1), **kwargs
        )

    _build = _create
