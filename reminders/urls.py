from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("reminders/done/<str:token>/", views.DoneView.as_view(), name="done"),
    path("accounts/calendar/", views.CalendarSettingsView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="feed"),
    path("reminders/push/subscribe/", views.PushSubscriptionView.as_view(), name="push_subscribe"),
    path(
        "reminders/push/unsubscribe/",
        views.PushSubscriptionView.as_view(mode="unsubscribe"),
        name="push_unsubscribe",
    ),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
