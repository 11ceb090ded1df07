"""The admin's platform: the base class every model admin uses (the staff role), and two-factor for staff."""

from __future__ import annotations

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect


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


def two_factor_required(admin_view):
    """Wrap AdminSite.admin_view: staff without two-factor are sent to set it up first.

    A staff password alone would open every person's tasks; allauth asks for the second
    factor at every login once it is set up.
    """

    @wraps(admin_view)
    def wrapper(view, cacheable=False):
        protected = admin_view(view, cacheable)

        @wraps(protected)
        def inner(request, *args, **kwargs):
            if request.user.is_authenticated and request.user.is_staff and not is_mfa_enabled(request.user):
                messages.info(request, "Set up two-factor authentication to use the admin.")
                return redirect("mfa_activate_totp")
            return protected(request, *args, **kwargs)

        return inner

    return wrapper
