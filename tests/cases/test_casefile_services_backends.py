"""Case files against the real services: the row claim under PostgreSQL concurrency, and what
the task message in Redis carries. CI fails if these are skipped."""

import base64
import json
import os
import threading
import uuid

import pytest
from django.db import connection

from cases import enums, services
from cases.casefile import pdf as casefile_pdf
from cases.casefile.pdf import RenderedPdf
from cases.models import CaseFile
from caseworks.celery import app as celery_app
from tests.factories import CaseFileFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_one_request_render_it_once(reference_case, monkeypatch):
    casefile = CaseFileFactory(seeker=reference_case)
    barrier = threading.Barrier(2)
    renders = []

    def render(data):
        renders.append(data.ident)
        return RenderedPdf(content=b"%PDF-1.7 one", page_count=1)

    monkeypatch.setattr(casefile_pdf, "render_casefile_pdf", render)
    results = []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(services.casefile_render(casefile_id=casefile.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r is None for r in results) == [False, True]
    assert renders == [reference_case.reference]
    casefile.refresh_from_db()
    assert (casefile.status, casefile.attempts, casefile.size) == (
        enums.CaseFileStatus.READY,
        1,
        12,
    )


@pytest.mark.redis
@pytest.mark.django_db
def test_the_render_message_in_redis_carries_only_the_id(
    reference_case, caseworker, django_capture_on_commit_callbacks
):
    import redis

    queue = f"caseworks-test-{uuid.uuid4().hex}"
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_default_queue
    conf.task_always_eager, conf.task_default_queue = False, queue
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        with django_capture_on_commit_callbacks(execute=True):
            casefile = services.casefile_request(
                seeker=reference_case, edition=enums.CaseFileEdition.FULL, by=caseworker
            )
        raw = client.lrange(queue, 0, -1)
    finally:
        conf.task_always_eager, conf.task_default_queue = saved
        client.delete(queue)
        client.close()

    assert len(raw) == 1
    message = json.loads(raw[0])
    args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
    assert (message["headers"]["task"], args, kwargs) == (
        "cases.render_casefile",
        [],
        {"casefile_id": casefile.pk},
    )
    text = raw[0].decode()
    for value in ("Pavel", "Orlov", "Орлов", reference_case.reference, "201555014"):
        assert value not in text
    # Nothing ran here: the row waits for a worker (or for the sweep, should Redis lose it).
    assert CaseFile.objects.get().status == enums.CaseFileStatus.QUEUED
