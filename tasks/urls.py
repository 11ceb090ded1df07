from django.urls import path

from tasks import views

app_name = "tasks"

urlpatterns = [
    path("", views.TaskListView.as_view(), name="list"),
    path("tasks/new/", views.TaskCreateView.as_view(), name="create"),
    path("tasks/clear-completed/", views.ClearCompletedView.as_view(), name="clear_completed"),
    path("tasks/toggle-all/", views.ToggleAllView.as_view(), name="toggle_all"),
    path("tasks/bulk/", views.BulkActionView.as_view(), name="bulk"),
    path("tasks/<uuid:pk>/edit/", views.TaskUpdateView.as_view(), name="edit"),
    path("tasks/<uuid:pk>/toggle/", views.TaskToggleView.as_view(), name="toggle"),
    path("tasks/<uuid:pk>/delete/", views.TaskDeleteView.as_view(), name="delete"),
    path("trash/", views.TrashListView.as_view(), name="trash"),
    path("trash/empty/", views.EmptyTrashView.as_view(), name="empty_trash"),
    path("trash/restore/", views.RestoreTrashedView.as_view(), name="restore_trashed"),
    path("trash/<uuid:pk>/restore/", views.TaskRestoreView.as_view(), name="restore"),
]
