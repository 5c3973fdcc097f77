"""The Celery app. Configuration lives in settings (CELERY_*); with no broker it runs eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caseworks.settings")

app = Celery("caseworks")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Modules named tasks_<topic>.py (e.g. cases/tasks_privacy.py) hold tasks too.
app.autodiscover_tasks(related_name="tasks_privacy")
