"""Profile, data export and account deletion: the signed-in person's own account only.

What the other apps keep about the person comes from the platform (todo_project.personal_data),
to which each declares its part of the export and of the deletion.
"""

from __future__ import annotations

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

from accounts import actions
from accounts.forms import DeleteAccountForm, ProfileForm
from todo_project import personal_data

# 2: projects, labels, and each task's project, labels, priority, due date and time, repeat and completion time.
EXPORT_FORMAT_VERSION = 2


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "account/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        return super().get_context_data(export_formats=personal_data.export_formats().values(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        actions.update_profile(
            self.request.user, **{name: data[name] for name in actions.PROFILE_FIELDS if name in data}
        )
        messages.success(self.request, "Saved your profile.")
        return redirect(self.get_success_url())


@method_decorator(reauthentication_required, name="dispatch")
class ExportView(LoginRequiredMixin, View):
    """All of the person's data: JSON (default), or a format another app offers
    (`?format=csv`: the tasks alone).

    Archived tasks are included, marked `archived`.

    Built in memory inside the request transaction: a streaming response would be read
    after the transaction, and so after the RLS context, had ended.
    """

    def get(self, request):
        user = request.user
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        if offered := personal_data.export_formats().get(request.GET.get("format")):
            file = offered.write(user)
            return attachment(file.body, file.content_type, f"{file.name}-{stamp}.{file.extension}")
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
                "date_order": user.date_order,
                "time_format": user.time_format,
                "created_at": user.created_at,
            },
            **personal_data.export_sections(user),
        }
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        return attachment(body, "application/json", f"todo-export-{stamp}.json")


def attachment(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class DeleteAccountView(LoginRequiredMixin, FormView):
    """Delete the account after the password is typed again: each app's deletion step, then the
    account, from which the database cascades to every row of the person's."""

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
        actions.delete_account(user)  # in the person's RLS context, so before signing out
        logout(self.request)
        messages.success(self.request, "Your account and all your tasks are deleted. Goodbye.")
        return redirect("account_login")
