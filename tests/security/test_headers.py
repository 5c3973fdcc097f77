"""Security headers, the Content-Security-Policy, and templates the CSP can live with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.utils import get_random_secret_key
from django.urls import reverse

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def test_pages_send_the_content_security_policy(client, caseworker):
    client.force_login(caseworker)
    header = client.get(reverse("cases:seeker_list"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert directives == CSP
    assert "unsafe" not in header


def test_production_headers_on_a_secure_request(client):
    # tests/settings.py runs with DEBUG off, i.e. the production security defaults.
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] is True and csrf["httponly"] is True


def test_pages_with_data_are_not_kept_in_the_browser_cache(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("cases:seeker_list"))
    assert response["Cache-Control"] == "private, no-store"


def test_deploy_check_is_clean_with_production_settings(settings, monkeypatch):
    # Set by the browser tests' conftest for Playwright's event loop; never in production.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.SECRET_KEY = get_random_secret_key() + get_random_secret_key()
    settings.SECURE_SSL_REDIRECT = True
    settings.DEBUG = False
    call_command("check", deploy=True, fail_level="WARNING")


def test_htmx_runs_without_eval_inline_scripts_or_injected_styles(client):
    page = client.get(reverse("login")).content.decode()
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false,'
        '"allowEval":false,"allowScriptTags":false}\'>'
    ) in page


TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_templates_have_no_inline_script_or_style(path):
    source = path.read_text()
    if path.parent.name == "casefile":
        pytest.skip("PDF templates are rendered by WeasyPrint, not a browser")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), "inline <script>"
    assert not re.search(r"\sstyle=", source), "style= attribute"
    assert "<style" not in source, "<style> element"
    assert not re.search(r"\son[a-z]+=", source), "inline event handler"
