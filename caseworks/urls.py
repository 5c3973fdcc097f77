from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from cases import urls as case_urls
from cases import urls_privacy
from deportation.views import public as deportation_public

from . import views

admin.site.site_header = _("Caseworks administration")
admin.site.site_title = _("Caseworks")

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The language switcher also works on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("caseworks.urls_security")),
    # cases.urls_privacy joins the `cases` namespace (one namespace, one include).
    path("cases/", include((urls_privacy.urlpatterns + case_urls.urlpatterns, "cases"))),
    path("detention/", include("detention.urls")),
    path("deportation/", include("deportation.urls")),
    path("admin/", admin.site.urls),
    # /notifications/ and the private /calendar/<token>.ics feed.
    path("", include("cases.notification_urls")),
    # Deportation API (issue 6): the OpenAPI schema and its page need a login; the public
    # aggregate endpoint is AllowAny (deportation.api).
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", deportation_public.api_docs, name="api_docs"),
    path("api/", include("deportation.api_urls")),
]
