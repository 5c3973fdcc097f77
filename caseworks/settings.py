"""Caseworks settings: one module, driven by environment variables.

Production defaults are the safe ones; `make run` and the test configuration
(`tests/settings.py`) switch on the conveniences they need explicitly.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A strict boolean: a typo such as DEBUG=ture is an error, not a silent False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, got {raw!r}")


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    # Security (caseworks.twofactor, caseworks.middleware): TOTP + recovery codes, login
    # throttling, Content-Security-Policy. Before our apps: ensure_role_groups waits for the last.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "caseworks",
    "cases",
    "detention",
    "deportation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Deny by default: every view needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # ... and a second factor unless TWO_FACTOR_REQUIRED is off (caseworks.middleware).
    "caseworks.middleware.TwoFactorMiddleware",
    "caseworks.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "caseworks.urls"
WSGI_APPLICATION = "caseworks.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "caseworks.context_processors.navigation",
                "cases.context_processors.alerts",
            ],
        },
    },
]

# SQLite is the embedded default for `make run`; production and CI use PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each worker keeps its connection for a minute: opening one costs 2-5 ms a request.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    # A dead connection is noticed before use, so a PostgreSQL restart costs no request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Our queries are short; PostgreSQL's JIT compiler, which starts on plans it estimates
    # expensive, spent 100-300 ms compiling queries that run in 50 (bench/NOTES.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "caseworks.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username + address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalization: English and Russian; times stored in UTC, shown in the organization's zone.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded evidence and case files: never under a public URL; views stream them after an
# access check. Production may point the "default" storage at an S3-compatible store.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {
        "BACKEND": env.str("FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: EMAIL_URL (smtp://user:pass@host:587/?tls=True); the console in DEBUG.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="caseworks@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds before an SMTP connection gives up: well under the alert claim's 10 minutes
# (cases.alert_services.CLAIM_STALE), so a slow server never causes a second send.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Absolute links in email (alerts); the address people use to reach Caseworks.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Cache: Redis when configured (shared by web workers), else per-process memory.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Celery: no broker configured -> tasks run in-process, so `make run` needs no server.
# Tasks carry ids only; state lives in our tables, so there is no result backend.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Longer than the longest task (a case-file render is capped at 10 minutes), so an
# unacknowledged task is redelivered only when its worker really died.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["sweep-alerts"] = {
    "task": "cases.sweep_alerts",
    "schedule": 15 * 60,
    # A sweep that waited longer than its interval is superseded by the next one.
    "options": {"expires": 14 * 60},
}
# Alerts: days without a successful contact with a detained client before an alert.
CONTACT_GAP_DAYS = env.int("CONTACT_GAP_DAYS", default=14)

# Security: the production defaults; DEBUG relaxes only what breaks plain-HTTP development.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Sessions end after inactivity and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# Django's database sessions, written only when they changed or their idle expiry is more
# than a minute old, and then with one UPDATE (caseworks/sessions.py).
SESSION_ENGINE = "caseworks.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Demo mode: the `make run` demo; shows a banner on every page.
DEMO_MODE = env_bool("DEMO_MODE", False)

# Two-factor authentication (TOTP + recovery codes) for every account that can sign in
# (caseworks.middleware.TwoFactorMiddleware). Off only in the demo (`make run`) and the test
# settings; every page then says so in a banner (caseworks.context_processors).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Caseworks")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a TOTP secret

# Failed logins (django-axes): 5 failures for one username from one address lock that
# combination for 30 minutes; a coordinator can lift it earlier (caseworks:lockouts).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_ENABLE_ADMIN = False  # coordinators use caseworks:lockouts instead
# Behind reverse proxies: how many append to X-Forwarded-For (0 = clients connect directly).
# caseworks.lockouts.client_ip reads the address the outermost trusted proxy saw.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "caseworks.lockouts.client_ip"

# Content-Security-Policy (django-csp 4): no inline script or style anywhere; htmx is
# configured in base.html not to eval or inject styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Audit history is evidence: the admin shows old versions but never restores one
# (caseworks.admin.ReadOnlyHistoryAdmin also refuses a POST to the history form).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Data protection (cases.privacy): cases closed longer than this come up for review at
# cases:retention_review; a data-subject export zip is deleted after DATA_EXPORT_KEEP_DAYS.
RETENTION_YEARS = env.int("RETENTION_YEARS", default=7)
DATA_EXPORT_KEEP_DAYS = env.int("DATA_EXPORT_KEEP_DAYS", default=7)
CELERY_BEAT_SCHEDULE["purge-expired-data-exports"] = {
    "task": "cases.data_export_purge_expired",
    "schedule": 3600.0,
}

# Where seed_demo and import_facilities look for the public data set by default.
SHARED_DATA_DIR = Path(env.str("SHARED_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Failures and lockouts are warnings; every successful login at INFO is noise.
        "axes": {"level": "WARNING"},
        # At DEBUG it dumps whole template contexts (people's names) on a missing variable.
        "django.template": {"level": "INFO"},
    },
}

# Largest evidence upload (cases.uploads.check_upload); the message names the limit.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_MB", default=20) * 1024 * 1024
# Case-file PDFs (cases.services.casefile_render / casefile_sweep, DESIGN.md section 6).
# A render still marked "rendering" after CASEFILE_RENDER_TIMEOUT seconds lost its worker: the
# sweep re-queues it, and marks it failed after CASEFILE_MAX_ATTEMPTS starts. A row "queued"
# for longer than CASEFILE_REQUEUE_AFTER seconds lost its task (Redis keeps nothing on disk)
# and is enqueued again. The Celery task's hard time limit is the render timeout, which is
# below the broker's visibility_timeout above.
CASEFILE_RENDER_TIMEOUT = env.int("CASEFILE_RENDER_TIMEOUT", default=600)
CASEFILE_MAX_ATTEMPTS = env.int("CASEFILE_MAX_ATTEMPTS", default=3)
CASEFILE_REQUEUE_AFTER = env.int("CASEFILE_REQUEUE_AFTER", default=120)
CELERY_BEAT_SCHEDULE["sweep-casefiles"] = {
    "task": "cases.sweep_casefiles",
    "schedule": 60.0,
}
# Flight imports and data exports (like case files above, caseworks.queueing.QUEUED_WORK) still
# queued after QUEUED_WORK_REQUEUE_AFTER seconds lost their message: enqueued again. One still
# running/building after its timeout lost its worker: queued again, and failed with the reason
# shown after QUEUED_WORK_MAX_ATTEMPTS starts. Each timeout is also its task's hard time limit,
# below the broker's visibility_timeout above (deportation.tasks, cases.tasks_privacy).
QUEUED_WORK_REQUEUE_AFTER = env.int("QUEUED_WORK_REQUEUE_AFTER", default=300)
QUEUED_WORK_MAX_ATTEMPTS = env.int("QUEUED_WORK_MAX_ATTEMPTS", default=3)
FLIGHT_IMPORT_TIMEOUT = env.int("FLIGHT_IMPORT_TIMEOUT", default=600)
DATA_EXPORT_TIMEOUT = env.int("DATA_EXPORT_TIMEOUT", default=1800)
CELERY_BEAT_SCHEDULE["requeue-lost-work"] = {
    "task": "caseworks.requeue_lost_work",
    "schedule": 60.0,
}
# WeasyPrint reports every layout step at INFO; keep its warnings only.
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}
# Deportation flights (issue 6). Kosovo has no ISO 3166 code; airports-foreign.csv writes
# "KS", deportation.services stores the common user-assigned code XK.
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}
# Largest flight-observation log the upload page accepts (the real exports are < 100 KB).
FLIGHT_LOG_MAX_BYTES = env.int("FLIGHT_LOG_MAX_BYTES", default=2 * 1024 * 1024)

# API (issue 6): Django REST framework + drf-spectacular. Private by default: every API view
# needs a login unless it says otherwise (only the public aggregate figures do).
INSTALLED_APPS += ["rest_framework", "drf_spectacular"]
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["caseworks.permissions.SignedInWithSecondFactor"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # JSON only: the browsable API would need inline scripts (CSP) and is not needed.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="60/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Caseworks API",
    "DESCRIPTION": "Read-only. Public: aggregate deportation figures with small-number "
    "suppression (no person-level data).",
    "VERSION": "1",
    "SERVE_PERMISSIONS": ["caseworks.permissions.SignedInWithSecondFactor"],
    "SERVE_INCLUDE_SCHEMA": False,
}
