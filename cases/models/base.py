"""What every case model's queryset shares: the access rule applied to rows of a case."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import Q

from caseworks.access import filter_cases


class CaseQuerySet(models.QuerySet):
    """Rows that belong to one asylum seeker's case; `seeker_path` leads to the seeker."""

    seeker_path = "seeker__"

    def visible_to(self, user):
        return filter_cases(self, user, seeker_path=self.seeker_path)

    def assigned_to(self, user):
        """Rows of the cases `user` is assigned to, as caseworker or lawyer: a view's "my
        cases", not an access rule (`visible_to` decides what may be seen at all)."""
        seeker = apps.get_model("cases", "AsylumSeeker")
        cases = Q()
        for through in (seeker.caseworkers.through, seeker.lawyers.through):
            ids = through.objects.filter(user_id=user.pk).values("asylumseeker_id")
            cases |= Q(**{f"{self.seeker_path}pk__in": ids})
        return self.filter(cases)
