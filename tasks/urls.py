from django.urls import path

from tasks.views import bulk, lists, organise, structure, task

app_name = "tasks"

urlpatterns = [
    path("", lists.TaskListView.as_view(), name="list"),
    path("inbox/", lists.InboxView.as_view(), name="inbox"),
    path("today/", lists.TodayView.as_view(), name="today"),
    path("today/reschedule/", bulk.RescheduleView.as_view(), name="reschedule"),
    path("upcoming/", lists.UpcomingView.as_view(), name="upcoming"),
    path("tasks/new/", task.TaskCreateView.as_view(), name="create"),
    path("tasks/clear-completed/", bulk.ClearCompletedView.as_view(), name="clear_completed"),
    path("tasks/toggle-all/", bulk.ToggleAllView.as_view(), name="toggle_all"),
    path("tasks/bulk/", bulk.BulkActionView.as_view(), name="bulk"),
    path("tasks/parse/", task.QuickAddPreviewView.as_view(), name="parse"),
    path("tasks/<uuid:pk>/edit/", task.TaskUpdateView.as_view(), name="edit"),
    path("tasks/<uuid:pk>/toggle/", task.TaskToggleView.as_view(), name="toggle"),
    path("tasks/<uuid:pk>/delete/", task.TaskDeleteView.as_view(), name="delete"),
    path("tasks/<uuid:pk>/move/", structure.TaskMoveView.as_view(), name="move"),
    path("tasks/<uuid:pk>/collapse/", structure.TaskCollapseView.as_view(), name="collapse"),
    path("undo/", bulk.UndoView.as_view(), name="undo"),
    path("projects/", organise.ProjectsView.as_view(), name="projects"),
    path("projects/<uuid:pk>/", lists.ProjectTasksView.as_view(), name="project"),
    path("projects/<uuid:pk>/edit/", organise.ProjectRenameView.as_view(), name="rename_project"),
    path("projects/<uuid:pk>/archive/", organise.ProjectArchiveView.as_view(), name="archive_project"),
    path("projects/<uuid:pk>/delete/", organise.ProjectDeleteView.as_view(), name="delete_project"),
    path("projects/<uuid:pk>/sections/", structure.SectionCreateView.as_view(), name="create_section"),
    path("sections/<uuid:pk>/edit/", structure.SectionActionView.as_view(action="rename"), name="rename_section"),
    path("sections/<uuid:pk>/move/", structure.SectionActionView.as_view(action="move"), name="move_section"),
    path(
        "sections/<uuid:pk>/collapse/", structure.SectionActionView.as_view(action="collapse"), name="collapse_section"
    ),
    path("sections/<uuid:pk>/delete/", structure.SectionActionView.as_view(action="delete"), name="delete_section"),
    path("labels/", organise.LabelsView.as_view(), name="labels"),
    path("labels/<uuid:pk>/", lists.LabelTasksView.as_view(), name="label"),
    path("labels/<uuid:pk>/edit/", organise.LabelRenameView.as_view(), name="rename_label"),
    path("labels/<uuid:pk>/delete/", organise.LabelDeleteView.as_view(), name="delete_label"),
    path("trash/", lists.TrashListView.as_view(), name="trash"),
    path("trash/empty/", bulk.EmptyTrashView.as_view(), name="empty_trash"),
    path("trash/<uuid:pk>/restore/", task.TaskRestoreView.as_view(), name="restore"),
]
