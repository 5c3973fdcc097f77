"""Account security: two-factor enrolment and verification, recovery codes, login lockouts.

Included from caseworks/urls.py under accounts/ with the `caseworks` namespace.
"""

from django.urls import path

from . import views_security as views

app_name = "caseworks"

urlpatterns = [
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/lift/", views.lockout_lift_view, name="lockout_lift"),
]
