from __future__ import annotations

from django.contrib import admin

from tasks.models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "completed", "created_at", "updated_at", "deleted_at")
    list_filter = ("completed", ("deleted_at", admin.EmptyFieldListFilter))
    list_select_related = ("user",)
    search_fields = ("title", "user__email")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    raw_id_fields = ("user",)
    readonly_fields = ("id", "created_at", "updated_at", "deleted_at")
    show_full_result_count = False  # a COUNT(*) over every task on each page is wasted work
