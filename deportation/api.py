"""The read-only public API of aggregate deportation figures (Django REST framework).

Public on purpose (AllowAny, throttled per address): it serves only what
deportation.aggregates builds, with small-number suppression and no person-level row. The
project default for every other API view is IsAuthenticated (settings.REST_FRAMEWORK).
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .aggregates import SUPPRESSED, public_aggregates
from .enums import ArrivalOutcome


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 5},
            {"type": "string", "enum": [SUPPRESSED]},
        ],
        "description": "A count of 5 or more, or '<5' for a count from 1 to 4.",
    }
)
class SuppressedCountField(serializers.Field):
    def to_representation(self, value):
        return value


class FlightMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    flights = SuppressedCountField()


class PeopleCellSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Year of removal.")
    route = serializers.CharField(
        help_text="Countries of the flight's legs in order (ISO 3166 codes), e.g. 'US → EG → "
        "RU'; 'unknown' when no flight with legs is linked."
    )
    outcome = serializers.ChoiceField(
        choices=ArrivalOutcome.values, help_text="Outcome on arrival."
    )
    people = SuppressedCountField()


class PublicAggregatesSerializer(serializers.Serializer):
    flights_through = serializers.DateField(help_text="Flights are counted up to this day.")
    people_through = serializers.DateField(
        help_text="People are counted up to this day (complete years only)."
    )
    suppression = serializers.CharField(help_text="The small-number rule, in words.")
    flights_per_month = FlightMonthSerializer(many=True)
    people_by_year_route_outcome = PeopleCellSerializer(many=True)


class PublicAggregatesView(APIView):
    """Deportation flights per month, and people removed per year, route and outcome.

    Counts from 1 to 4 are '<5'; no totals are published (see deportation.aggregates).
    """

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(responses=PublicAggregatesSerializer, tags=["public"])
    def get(self, request):
        data = public_aggregates(today=timezone.localdate()).as_dict()
        return Response(PublicAggregatesSerializer(data).data)
