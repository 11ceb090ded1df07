from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models.functions import Now

from tasks.models import Task


class StaffConnectionAdmin(admin.ModelAdmin):
    """Reads and writes through the staff connection, whose role sees every task by policy.

    The app role's connection would show staff only their own tasks (RLS), which is right
    for the app and wrong for the admin. Django's documented multi-database admin pattern.
    """

    using = "staff"

    # Django's admin wraps its writes in a transaction on the default connection; these
    # writes go to the staff connection, so they get a transaction of their own.
    def changeform_view(self, request, *args, **kwargs):
        with transaction.atomic(using=self.using):
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with transaction.atomic(using=self.using):
            return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):  # bulk actions post here
        with transaction.atomic(using=self.using):
            return super().changelist_view(request, *args, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).using(self.using)

    def save_model(self, request, obj, form, change):
        obj.save(using=self.using)

    def delete_model(self, request, obj):
        obj.delete(using=self.using)

    def delete_queryset(self, request, queryset):
        queryset.using(self.using).delete()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, using=self.using, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, using=self.using, **kwargs)


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
    list_display = ("title", "user", "completed", "created_at", "updated_at", "deleted_at")
    list_filter = ("completed", ("deleted_at", admin.EmptyFieldListFilter))
    list_select_related = ("user",)
    search_fields = ("title", "user__email")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    raw_id_fields = ("user",)
    readonly_fields = ("id", "created_at", "updated_at", "deleted_at")
    show_full_result_count = False  # a COUNT(*) over every task on each page is wasted work
    actions = [
        bulk_action("mark_done", "Mark selected tasks as done", "Marked as done", completed=True),
        bulk_action("restore", "Restore selected tasks from the trash", "Restored from the trash", deleted_at=None),
        bulk_action("trash", "Move selected tasks to the trash", "Moved to the trash", deleted_at=Now()),
    ]
