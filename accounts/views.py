"""Profile, data export and account deletion: the signed-in person's own account only."""

from __future__ import annotations

import csv
import io
import json

from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import FormView, UpdateView

from accounts.forms import DeleteAccountForm, ProfileForm
from tasks.export import personal_data

# 2: projects, labels, and each task's project, labels, priority, due date and time, repeat and completion time.
EXPORT_FORMAT_VERSION = 2
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula, quoted with a leading ' so it shows as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "account/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, "Saved your profile.")
        return super().form_valid(form)


@method_decorator(reauthentication_required, name="dispatch")
class ExportView(LoginRequiredMixin, View):
    """All of the person's data: JSON (default) or `?format=csv` for the tasks alone.

    Archived tasks are included, marked `archived`.

    Built in memory inside the request transaction: a streaming response would be read
    after the transaction, and so after the RLS context, had ended.
    """

    def get(self, request):
        user = request.user
        tasks_data = personal_data(user)
        tasks = tasks_data["tasks"]
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        if request.GET.get("format") == "csv":
            buffer = io.StringIO()
            # The columns are the rows' own (tasks.export.personal_data); no tasks, no columns.
            writer = csv.DictWriter(buffer, fieldnames=list(tasks[0]) if tasks else [])
            writer.writeheader()
            writer.writerows(
                {
                    field: spreadsheet_safe(", ".join(value) if isinstance(value, list) else value)
                    for field, value in {**task, "description": task["description"] or ""}.items()
                }
                for task in tasks
            )
            return attachment(buffer.getvalue(), "text/csv", f"todo-tasks-{stamp}.csv")
        data = {
            "format": "todo-export",
            "version": EXPORT_FORMAT_VERSION,
            "exported_at": timezone.now(),
            "user": {
                "id": user.pk,
                "email": user.email,
                "email_verified": user.email_verified,
                "name": user.name,
                "image": user.image,
                "timezone": user.timezone,
                "created_at": user.created_at,
            },
            **tasks_data,
        }
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        return attachment(body, "application/json", f"todo-export-{stamp}.json")


def attachment(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class DeleteAccountView(LoginRequiredMixin, FormView):
    """Delete the account after the password is typed again; the database cascades the tasks."""

    form_class = DeleteAccountForm
    template_name = "account/delete.html"

    def post(self, request, *args, **kwargs):
        # The password typed here could be guessed like any other: the same limit as allauth's
        # re-authentication, counted together with it.
        if response := ratelimit.consume_or_429(request, action="reauthenticate", user=request.user):
            return response
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        user.delete()
        messages.success(self.request, "Your account and all your tasks are deleted. Goodbye.")
        return redirect("account_login")
