from django.urls import path

from interchange import views

app_name = "interchange"

urlpatterns = [
    path("accounts/import/", views.ImportView.as_view(), name="import"),
    path("accounts/import/<uuid:pk>/", views.UploadView.as_view(), name="upload"),
    path("accounts/export/todoist/", views.TodoistExportView.as_view(), name="todoist_export"),
]
