"""What every case model's queryset shares: the access rule applied to rows of a case."""

from __future__ import annotations

from django.db import models

from caseworks.access import filter_cases


class CaseQuerySet(models.QuerySet):
    """Rows that belong to one asylum seeker's case; `seeker_path` leads to the seeker."""

    seeker_path = "seeker__"

    def visible_to(self, user):
        return filter_cases(self, user, seeker_path=self.seeker_path)
