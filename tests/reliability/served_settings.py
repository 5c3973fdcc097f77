"""Settings for the processes tests/reliability starts (gunicorn, Celery workers, manage.py):
the production module, plus only what plain-HTTP loopback testing and fault injection need.

- Cookies without `Secure`: the test client talks HTTP to 127.0.0.1.
- Static files from the finders (no collectstatic in a test run).
- MD5 first among the hashers: the test process creates users with it, and fifty logins in a
  load test should not measure PBKDF2.
- RELIABILITY_BLOCK_DIR set: the email backend and the file storage stop just before they
  write, and a flight import in the middle of its transaction (tests.reliability.faults), so
  a test can SIGKILL a worker mid-send, mid-store or mid-import.
"""

import os

from caseworks.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

if os.environ.get("RELIABILITY_BLOCK_DIR"):
    EMAIL_BACKEND = "tests.reliability.faults.BlockingEmailBackend"
    STORAGES["default"] = {"BACKEND": "tests.reliability.faults.BlockingStorage"}
    INSTALLED_APPS = [*INSTALLED_APPS, "tests.reliability.faults.FaultsConfig"]  # noqa: F405
