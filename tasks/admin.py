from __future__ import annotations

from django.contrib import admin, messages
from django.db.models.functions import Now

from tasks.models import Label, Project, Section, Task
from todo_project.admin import StaffConnectionAdmin


def bulk_action(name: str, description: str, message: str, **changes):
    """An admin action that updates the selected tasks in one query and logs each change."""

    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        tasks = list(queryset)
        count = queryset.filter(pk__in=[task.pk for task in tasks]).update(**changes)
        for task in tasks:
            modeladmin.log_change(request, task, message)
        modeladmin.message_user(request, f"{message}: {count} task{'s' if count != 1 else ''}.", messages.SUCCESS)

    action.__name__ = name
    return action


@admin.register(Task)
class TaskAdmin(StaffConnectionAdmin):
    list_display = ("title", "user", "completed", "priority", "due_date", "created_at", "updated_at", "deleted_at")
    list_filter = ("completed", "priority", ("deleted_at", admin.EmptyFieldListFilter))
    list_select_related = ("user",)
    search_fields = ("title", "user__email")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    raw_id_fields = ("user", "project", "section", "parent")
    # The person's own order is theirs to change (by moving tasks), not a number to type.
    readonly_fields = ("id", "created_at", "updated_at", "deleted_at", "completed_at", "recurrence", "position")
    show_full_result_count = False  # a COUNT(*) over every task on each page is wasted work
    actions = [
        bulk_action("mark_done", "Mark selected tasks as done", "Marked as done", completed=True),
        bulk_action("restore", "Restore selected tasks from the trash", "Restored from the trash", deleted_at=None),
        bulk_action("trash", "Move selected tasks to the trash", "Moved to the trash", deleted_at=Now()),
    ]


@admin.register(Project)
class ProjectAdmin(StaffConnectionAdmin):
    list_display = ("name", "user", "active_count", "completed_count", "archived_at", "created_at")
    list_filter = (("archived_at", admin.EmptyFieldListFilter),)
    list_select_related = ("user",)
    search_fields = ("name", "user__email")
    ordering = ("-created_at",)
    raw_id_fields = ("user",)
    readonly_fields = ("id", "active_count", "completed_count", "created_at", "updated_at", "archived_at")
    show_full_result_count = False


@admin.register(Label)
class LabelAdmin(StaffConnectionAdmin):
    list_display = ("name", "user", "color", "created_at")
    list_select_related = ("user",)
    search_fields = ("name", "user__email")
    ordering = ("-created_at",)
    raw_id_fields = ("user",)
    readonly_fields = ("id", "created_at")
    show_full_result_count = False


@admin.register(Section)
class SectionAdmin(StaffConnectionAdmin):
    list_display = ("name", "project", "user", "created_at")
    list_select_related = ("user", "project")
    search_fields = ("name", "user__email")
    ordering = ("-created_at",)
    raw_id_fields = ("user", "project")
    readonly_fields = ("id", "created_at", "position")
    show_full_result_count = False
