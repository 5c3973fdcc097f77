from django.urls import path

from . import notification_views as views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="read"),
    path("notifications/read-all/", views.notification_read_all, name="read_all"),
    path("notifications/settings/", views.notification_settings, name="settings"),
    path("notifications/calendar/new/", views.calendar_regenerate, name="calendar_regenerate"),
    path("notifications/calendar/off/", views.calendar_delete, name="calendar_delete"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
