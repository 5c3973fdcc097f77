"""THE ACCESS MATRIX: every URL name of the project -> how to build it, what each role gets.

tests/security/test_access_matrix.py walks every URL pattern and fails when one has no row
here, so a new view cannot ship without a stated rule. Adding a URL is one line in ACCESS:

    "cases:hearing_edit": Rule(HEARING, CASE_OBJECT, post=True),

- the first argument builds the URL kwargs from the test World (tests/security/conftest.py):
  NONE, CASE, NOTE, EXPORT, FLIGHT, FACILITY, ADMIN_SEEKER, or a new lambda `lambda w: {...}`
  (add the object to World first if it needs one: a document, a case file, a hearing ...);
- the second is what each role gets, usually one of the profiles below; adjust a profile
  with `|`, e.g. `CASE_OBJECT | {MONITOR: 404}`;
- `method="post"` (with `data=`) for a POST-only view; `post=True` for a view that also takes
  a POST (every role denied the GET must be denied the POST as well: writes are guarded too);
  `wrong_method=` the method that must answer 405 (None: the view takes every method);
  `download=True` for a view that serves a stored file (attachment + nosniff are checked).

The monitor pseudonym test (test_pseudonym.py) visits every row where MONITOR gets 200.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

ANON = "anonymous"
COORDINATOR = "coordinator"
CASEWORKER = "caseworker"
LAWYER = "lawyer (assigned)"
OTHER_LAWYER = "lawyer (not assigned)"
MONITOR = "flight monitor"
ROLES = (ANON, COORDINATOR, CASEWORKER, LAWYER, OTHER_LAWYER, MONITOR)

LOGIN = "302 to login"  # a redirect to settings.LOGIN_URL
ADMIN_LOGIN = "302 to admin login"  # Django's admin sends non-staff to its own login
DENIED = (LOGIN, ADMIN_LOGIN, 403, 404)


def _all(value, **others) -> dict:
    return {role: value for role in ROLES} | others


# Profiles: the usual answers. A role not in CASE_ROLES gets 403 for the whole area; a
# lawyer asking for a case they are not on gets 404 (its existence is not revealed).
PUBLIC = _all(200)
SIGNED_IN = _all(200) | {ANON: LOGIN}
CASE_AREA = SIGNED_IN | {MONITOR: 403}
CASE_OBJECT = CASE_AREA | {OTHER_LAWYER: 404}
PRIVILEGED = CASE_OBJECT | {COORDINATOR: 403, CASEWORKER: 403}
COORDINATOR_ONLY = _all(403) | {ANON: LOGIN, COORDINATOR: 200}
FLIGHTS = SIGNED_IN | {LAWYER: 403, OTHER_LAWYER: 403}
# Anonymous visitors meet LoginRequiredMiddleware first; signed-in non-staff the admin's login.
ADMIN = _all(ADMIN_LOGIN) | {ANON: LOGIN, COORDINATOR: 200}


# URL kwargs from the World.
def NONE(w) -> dict:
    return {}


def CASE(w) -> dict:
    return {"reference": w.seeker.reference}


def NOTE(w) -> dict:
    return {"reference": w.seeker.reference, "pk": w.note.pk}


def EXPORT(w) -> dict:
    return {"reference": w.seeker.reference, "pk": w.export.pk}


def FLIGHT(w) -> dict:
    return {"pk": w.flight.pk}


def REMOVAL(w) -> dict:
    return {"pk": w.removal.pk}


def IMPORT(w) -> dict:
    return {"pk": w.records["flight_import"].pk}


def FACILITY(w) -> dict:
    return {"code": w.facility.code}


def RECORD(name: str) -> Callable:
    """kwargs for a record of the World's case: RECORD("hearing") -> reference + pk."""
    return lambda w: {"reference": w.seeker.reference, "pk": w.records[name].pk}


def ADMIN_SEEKER(w) -> dict:
    return {"object_id": w.seeker.pk}


@dataclass(frozen=True)
class Rule:
    kwargs: Callable
    expect: Mapping
    method: str = "get"
    data: Callable | None = None
    post: bool = False
    wrong_method: str | None = "delete"
    download: bool = False


# Django's admin is one rule (admin_view: active staff only, and only coordinators are staff,
# caseworks.services.user_set_role). The rows below prove it; the rest of the namespace is
# skipped, and tests/caseworks/test_admin.py renders every changelist for a coordinator.
SKIPPED_NAMESPACES = {
    "admin": "Django admin: one rule (coordinators only), proven by the admin rows in ACCESS",
}

ACCESS: dict[str, Rule] = {
    # Project pages (caseworks/urls.py)
    "dashboard": Rule(NONE, SIGNED_IN | {MONITOR: 302}),
    "healthz": Rule(NONE, PUBLIC),
    "login": Rule(NONE, PUBLIC),
    "logout": Rule(NONE, _all(LOGIN), method="post", wrong_method="get"),
    "password_change": Rule(NONE, SIGNED_IN, post=True),
    "password_change_done": Rule(NONE, SIGNED_IN),
    "set_language": Rule(
        NONE, _all(302), method="post", data=lambda w: {"language": "en"}, wrong_method=None
    ),
    # Account security (caseworks/urls_security.py)
    "caseworks:two_factor_setup": Rule(NONE, SIGNED_IN, post=True),
    # Without an authenticator, verification sends the user to set one up.
    "caseworks:two_factor_verify": Rule(NONE, _all(302) | {ANON: LOGIN}, post=True),
    "caseworks:recovery_codes": Rule(NONE, SIGNED_IN),
    "caseworks:lockouts": Rule(NONE, COORDINATOR_ONLY),
    "caseworks:lockout_lift": Rule(
        NONE, COORDINATOR_ONLY | {COORDINATOR: 302}, method="post", wrong_method="get"
    ),
    # Cases (cases/urls.py)
    "cases:seeker_list": Rule(NONE, CASE_AREA),
    "cases:seeker_detail": Rule(CASE, CASE_OBJECT),
    # Registering people is staff work; lawyers work on the cases they are given.
    "cases:seeker_create": Rule(NONE, CASE_AREA | {LAWYER: 403, OTHER_LAWYER: 403}, post=True),
    "cases:seeker_update": Rule(CASE, CASE_OBJECT, post=True),
    "cases:seeker_history": Rule(CASE, CASE_OBJECT),
    "cases:hearing_decision": Rule(RECORD("hearing"), CASE_OBJECT, post=True),
    "cases:document_download": Rule(RECORD("document"), CASE_OBJECT, download=True),
    **{
        f"cases:{kind}_create": Rule(CASE, CASE_OBJECT, post=True)
        for kind in ("hearing", "appeal", "charge", "contact", "contact_person", "document")
    },
    **{
        f"cases:{kind}_update": Rule(RECORD(kind), CASE_OBJECT, post=True)
        for kind in ("hearing", "appeal", "charge", "contact", "contact_person", "document")
    },
    # Deleting a record (cases/delete_views.py): whoever may edit it; GET is the confirmation.
    **{
        f"cases:{kind}_delete": Rule(RECORD(kind), CASE_OBJECT, post=True)
        for kind in ("hearing", "appeal", "charge", "contact", "contact_person", "document")
    },
    # Case-file PDFs (cases/casefile_views.py); the lawyer edition has its own tests.
    "cases:casefile_all": Rule(NONE, CASE_AREA),
    "cases:casefile_list": Rule(CASE, CASE_OBJECT, post=True),
    "cases:casefile_status": Rule(RECORD("casefile"), CASE_OBJECT),
    "cases:casefile_download": Rule(RECORD("casefile"), CASE_OBJECT, download=True),
    "cases:casefile_retry": Rule(
        RECORD("casefile"),
        CASE_OBJECT | {COORDINATOR: 302, CASEWORKER: 302, LAWYER: 302},
        method="post",
        wrong_method="get",
    ),
    # Deadlines (cases/deadline_views.py): one-click actions redirect back to the case.
    "cases:seeker_deadlines": Rule(CASE, CASE_OBJECT),
    "cases:deadline_add": Rule(CASE, CASE_OBJECT, post=True),
    **{
        f"cases:deadline_{action}": Rule(
            lambda w: {"pk": w.records["deadline"].pk},
            CASE_OBJECT | {COORDINATOR: 302, CASEWORKER: 302, LAWYER: 302},
            method="post",
            wrong_method="get",
        )
        for action in ("mark_met", "mark_not_applicable", "reopen")
    },
    "cases:closure_day_list": Rule(NONE, COORDINATOR_ONLY, post=True),
    "cases:closure_day_delete": Rule(
        lambda w: {"pk": w.records["closure_day"].pk}, COORDINATOR_ONLY, post=True
    ),
    # Notifications (cases/notification_views.py): a user's own alerts only; the World's alert
    # belongs to the caseworker, so everyone else gets 404 for it.
    "notifications:list": Rule(NONE, CASE_AREA),
    "notifications:read": Rule(
        lambda w: {"pk": w.records["alert"].pk},
        CASE_OBJECT | {COORDINATOR: 404, CASEWORKER: 302, LAWYER: 404},
        method="post",
        wrong_method="get",
    ),
    "notifications:read_all": Rule(
        NONE,
        CASE_AREA | {COORDINATOR: 302, CASEWORKER: 302, LAWYER: 302, OTHER_LAWYER: 302},
        method="post",
        wrong_method="get",
    ),
    "notifications:settings": Rule(NONE, CASE_AREA, post=True),
    **{
        f"notifications:calendar_{action}": Rule(
            NONE,
            CASE_AREA | {COORDINATOR: 302, CASEWORKER: 302, LAWYER: 302, OTHER_LAWYER: 302},
            method="post",
            wrong_method="get",
        )
        for action in ("regenerate", "delete")
    },
    # The feed is public by design: its unguessable token is the credential (revocable).
    "notifications:calendar_feed": Rule(
        lambda w: {"token": w.records["calendar_feed"].token}, PUBLIC
    ),
    # Privacy pages of a case (cases/urls_privacy.py)
    "cases:privileged_notes": Rule(CASE, PRIVILEGED, post=True),
    "cases:privileged_note_edit": Rule(NOTE, PRIVILEGED, post=True),
    "cases:seeker_access_log": Rule(CASE, COORDINATOR_ONLY),
    "cases:seeker_export": Rule(CASE, COORDINATOR_ONLY, post=True),
    "cases:seeker_export_download": Rule(EXPORT, COORDINATOR_ONLY, download=True),
    "cases:seeker_erase": Rule(CASE, COORDINATOR_ONLY, post=True),
    "cases:retention_review": Rule(NONE, COORDINATOR_ONLY),
    # Detention (detention/urls.py): the public ICE list, but only for case work.
    "detention:facility_list": Rule(NONE, CASE_AREA),
    "detention:facility_detail": Rule(FACILITY, CASE_AREA),
    "detention:facility_search": Rule(NONE, CASE_AREA),
    "detention:stay_create": Rule(CASE, CASE_OBJECT, post=True),
    "detention:stay_update": Rule(RECORD("stay"), CASE_OBJECT, post=True),
    "detention:stay_transfer": Rule(CASE, CASE_OBJECT, post=True),
    "detention:stay_delete": Rule(RECORD("stay"), CASE_OBJECT, post=True),
    # Deportation (deportation/urls.py)
    "deportation:flight_list": Rule(NONE, FLIGHTS),
    "deportation:flight_detail": Rule(FLIGHT, FLIGHTS),
    "deportation:dashboard": Rule(NONE, FLIGHTS),
    "deportation:flight_create": Rule(NONE, FLIGHTS, post=True),
    "deportation:flight_update": Rule(FLIGHT, FLIGHTS, post=True),
    "deportation:flight_delete": Rule(FLIGHT, FLIGHTS, post=True),
    "deportation:flight_search": Rule(NONE, FLIGHTS),
    "deportation:airport_list": Rule(NONE, FLIGHTS),
    "deportation:airport_create": Rule(NONE, FLIGHTS, post=True),
    "deportation:airport_search": Rule(NONE, FLIGHTS),
    # Removals: everyone in the flight area sees them under the pseudonym; only staff who see
    # the case as well link a person to a removal or delete one.
    "deportation:removal_list": Rule(NONE, FLIGHTS),
    "deportation:removal_detail": Rule(REMOVAL, FLIGHTS),
    "deportation:removal_update": Rule(REMOVAL, FLIGHTS, post=True),
    "deportation:follow_up_create": Rule(REMOVAL, FLIGHTS, post=True),
    "deportation:removal_create": Rule(CASE, FLIGHTS | {MONITOR: 403}, post=True),
    "deportation:removal_delete": Rule(REMOVAL, FLIGHTS | {MONITOR: 403}, post=True),
    "deportation:import_create": Rule(NONE, FLIGHTS, post=True),
    "deportation:import_detail": Rule(IMPORT, FLIGHTS),
    "deportation:import_repeat": Rule(
        IMPORT,
        FLIGHTS | {COORDINATOR: 302, CASEWORKER: 302, MONITOR: 302},
        method="post",
        wrong_method="get",
    ),
    # Public aggregate figures: counts only, small numbers suppressed (deportation.aggregates).
    "deportation:public_figures": Rule(NONE, PUBLIC),
    "deportation:public_figures_csv": Rule(NONE, PUBLIC),
    "deportation:public_figures_json": Rule(NONE, PUBLIC),
    "deportation_api:public_aggregates": Rule(NONE, PUBLIC),
    # The OpenAPI schema and its page: for signed-in users (DESIGN.md section 8).
    # DRF answers an anonymous API client 403 (JSON), not a redirect to the login page.
    "api_schema": Rule(NONE, SIGNED_IN | {ANON: 403}),
    "api_docs": Rule(NONE, SIGNED_IN),
    # Admin: the rule, on a few pages (see SKIPPED_NAMESPACES).
    "admin:index": Rule(NONE, ADMIN | {ANON: ADMIN_LOGIN}, wrong_method=None),
    "admin:login": Rule(NONE, PUBLIC | {COORDINATOR: 302}, wrong_method=None),
    "admin:cases_asylumseeker_changelist": Rule(NONE, ADMIN, wrong_method=None),
    "admin:cases_asylumseeker_change": Rule(ADMIN_SEEKER, ADMIN, wrong_method=None),
    "admin:cases_asylumseeker_history": Rule(ADMIN_SEEKER, ADMIN, wrong_method=None),
    "admin:caseworks_accesslog_changelist": Rule(NONE, ADMIN, wrong_method=None),
}
