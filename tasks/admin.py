from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from tasks.models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Reads and writes through the staff connection, whose role has a see-all policy.

    The app role's connection would show staff only their own tasks (RLS), which is right
    for the app and wrong for the admin. Django's documented multi-database admin pattern.
    """

    using = "staff"

    list_display = ("title", "user", "completed", "created_at", "updated_at", "deleted_at")
    list_filter = ("completed", ("deleted_at", admin.EmptyFieldListFilter))
    list_select_related = ("user",)
    search_fields = ("title", "user__email")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    raw_id_fields = ("user",)
    readonly_fields = ("id", "created_at", "updated_at", "deleted_at")
    show_full_result_count = False  # a COUNT(*) over every task on each page is wasted work

    # Django's admin wraps its writes in a transaction on the default connection; the task
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
