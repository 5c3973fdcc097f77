"""Deny by default, proven: every URL of the project x every role, against one table.

The table is tests/security/access_table.py (how to add a URL: its docstring). A URL pattern
without a row fails test_every_url_has_an_access_rule, so no view ships without a rule.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security import access_table as t

pytestmark = pytest.mark.django_db


def project_url_names() -> tuple[set[str], list[str]]:
    """Every named URL pattern outside the skipped namespaces, and the unnamed ones."""
    names: set[str] = set()
    unnamed: list[str] = []

    def walk(resolver: URLResolver, prefix: str, route: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                if namespace in t.SKIPPED_NAMESPACES:
                    continue
                walk(
                    pattern,
                    f"{prefix}{namespace}:" if namespace else prefix,
                    route + str(pattern.pattern),
                )
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    unnamed.append(route + str(pattern.pattern))
                else:
                    names.add(prefix + pattern.name)

    walk(get_resolver(), "", "/")
    return names, unnamed


def test_every_url_has_an_access_rule():
    names, unnamed = project_url_names()
    missing = sorted(names - set(t.ACCESS))
    assert not unnamed, f"Give these URL patterns a name= and an access rule: {unnamed}"
    assert not missing, (
        "These URLs have no access rule. Add one line per URL to ACCESS in "
        "tests/security/access_table.py, e.g.\n"
        '    "cases:hearing_edit": Rule(CASE, CASE_OBJECT, post=True),\n'
        f"missing: {missing}"
    )


def test_access_table_has_no_stale_rows():
    names, _unnamed = project_url_names()
    listed_admin = {name for name in t.ACCESS if name.split(":")[0] in t.SKIPPED_NAMESPACES}
    stale = sorted(set(t.ACCESS) - names - listed_admin)
    assert stale == [], f"Rows for URL names that no longer exist: {stale}"


def _request(client, user, rule: t.Rule, url: str, world, method: str | None = None):
    client.logout()
    if user is not None:
        client.force_login(user)
    method = method or rule.method
    data = rule.data(world) if rule.data and method == rule.method else {}
    return getattr(client, method)(url, data)


def _answer(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return t.LOGIN
        if location.startswith(reverse("admin:login")):
            return t.ADMIN_LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(t.ACCESS))
def test_access_matrix(name, client, world):
    rule = t.ACCESS[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    wrong = []
    for role in t.ROLES:
        expected = rule.expect[role]
        got = _answer(_request(client, world.users[role], rule, url, world))
        if got != expected:
            wrong.append(f"  {role}: expected {expected}, got {got}")
        if rule.post and expected in t.DENIED:
            got = _answer(_request(client, world.users[role], rule, url, world, method="post"))
            if got != expected:
                wrong.append(f"  {role} (POST): expected {expected}, got {got}")
    assert not wrong, f"{name} ({url}):\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "name", sorted(name for name, rule in t.ACCESS.items() if rule.wrong_method)
)
def test_wrong_method_is_405(name, client, world):
    rule = t.ACCESS[name]
    # A signed-in role the view lets through (logout's answer is a redirect to the login).
    role = next(r for r in t.ROLES if r != t.ANON and rule.expect[r] not in (403, 404))
    url = reverse(name, kwargs=rule.kwargs(world))
    response = _request(client, world.users[role], rule, url, world, method=rule.wrong_method)
    assert response.status_code == 405


@pytest.mark.parametrize("name", sorted(name for name, rule in t.ACCESS.items() if rule.download))
def test_file_downloads_are_attachments_that_browsers_do_not_sniff(name, client, world):
    rule = t.ACCESS[name]
    role = next(r for r in t.ROLES if rule.expect[r] == 200)
    client.force_login(world.users[role])
    response = client.get(reverse(name, kwargs=rule.kwargs(world)))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_unassigned_lawyer_gets_the_same_404_as_for_a_missing_case(client, world, other_lawyer):
    """A 404 for someone else's case must not differ from a case that does not exist."""
    client.force_login(other_lawyer)
    real_url = reverse("cases:seeker_detail", args=[world.seeker.reference])
    missing_url = reverse("cases:seeker_detail", args=["CW-NOSUCH"])
    real, missing = client.get(real_url), client.get(missing_url)
    assert real.status_code == missing.status_code == 404
    # The pages differ only in the path (the language switcher returns to it) and the
    # per-response CSRF token mask.
    assert _neutral(real, real_url) == _neutral(missing, missing_url)


def _neutral(response, url: str) -> str:
    page = response.content.decode().replace(url, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
