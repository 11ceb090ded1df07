from django.urls import path

from tasks import organise, views

app_name = "tasks"

urlpatterns = [
    path("", views.TaskListView.as_view(), name="list"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("today/", views.TodayView.as_view(), name="today"),
    path("upcoming/", views.UpcomingView.as_view(), name="upcoming"),
    path("tasks/new/", views.TaskCreateView.as_view(), name="create"),
    path("tasks/clear-completed/", views.ClearCompletedView.as_view(), name="clear_completed"),
    path("tasks/toggle-all/", views.ToggleAllView.as_view(), name="toggle_all"),
    path("tasks/bulk/", views.BulkActionView.as_view(), name="bulk"),
    path("tasks/parse/", views.QuickAddPreviewView.as_view(), name="parse"),
    path("completions/<uuid:pk>/undo/", views.UndoCompletionView.as_view(), name="undo_completion"),
    path("tasks/<uuid:pk>/edit/", views.TaskUpdateView.as_view(), name="edit"),
    path("tasks/<uuid:pk>/toggle/", views.TaskToggleView.as_view(), name="toggle"),
    path("tasks/<uuid:pk>/delete/", views.TaskDeleteView.as_view(), name="delete"),
    path("projects/", organise.ProjectsView.as_view(), name="projects"),
    path("projects/restore/", organise.ProjectRestoreView.as_view(), name="restore_project"),
    path("projects/<uuid:pk>/", views.ProjectTasksView.as_view(), name="project"),
    path("projects/<uuid:pk>/edit/", organise.ProjectRenameView.as_view(), name="rename_project"),
    path("projects/<uuid:pk>/archive/", organise.ProjectArchiveView.as_view(), name="archive_project"),
    path("projects/<uuid:pk>/delete/", organise.ProjectDeleteView.as_view(), name="delete_project"),
    path("labels/", organise.LabelsView.as_view(), name="labels"),
    path("labels/<uuid:pk>/", views.LabelTasksView.as_view(), name="label"),
    path("labels/<uuid:pk>/edit/", organise.LabelRenameView.as_view(), name="rename_label"),
    path("labels/<uuid:pk>/delete/", organise.LabelDeleteView.as_view(), name="delete_label"),
    path("trash/", views.TrashListView.as_view(), name="trash"),
    path("trash/empty/", views.EmptyTrashView.as_view(), name="empty_trash"),
    path("trash/restore/", views.RestoreTrashedView.as_view(), name="restore_trashed"),
    path("trash/<uuid:pk>/restore/", views.TaskRestoreView.as_view(), name="restore"),
]
