"""Tests that prove the production services work; CI fails if these are skipped."""

import os

import pytest
from django.db import IntegrityError, connection, transaction

from cases.models import AsylumSeeker
from tests.factories import AsylumSeekerFactory


@pytest.mark.postgres
@pytest.mark.django_db
def test_partial_unique_and_check_constraints_hold_on_postgresql():
    assert connection.vendor == "postgresql"
    AsylumSeekerFactory(a_number="201555014")
    with pytest.raises(IntegrityError), transaction.atomic():
        AsylumSeeker.objects.create(
            reference="CW-PG0001", pseudonym="P-PG0001", name_latin="X", a_number="201555014"
        )


@pytest.mark.redis
def test_redis_cache_round_trip():
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(os.environ["REDIS_URL"], {})
    cache.set("caseworks-test-key", "value", 5)
    assert cache.get("caseworks-test-key") == "value"
    cache.delete("caseworks-test-key")
