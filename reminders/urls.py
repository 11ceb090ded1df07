from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("reminders/done/<str:token>/", views.DoneView.as_view(), name="done"),
    path("accounts/calendar/", views.CalendarSettingsView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="feed"),
]
