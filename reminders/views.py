"""The reminders app's pages: the one-click unsubscribe, a notification's "Done", push
subscriptions, the service worker and the web app manifest, the calendar feed."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from reminders import actions, mail


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """GET: a page with one button; POST (the button, or a mail client's one-click, RFC 8058):
    that kind of email off. The signed token is the authority, so no sign-in and no CSRF token."""

    template_name = "reminders/unsubscribe.html"

    def read(self, token: str) -> tuple[str, str]:
        found = mail.read_unsubscribe_token(token)
        if found is None:
            raise Http404
        return found

    def get(self, request, token: str):
        _, kind = self.read(token)
        return render(request, self.template_name, {"kind_words": mail.KINDS[kind], "done": False})

    def post(self, request, token: str):
        user_id, kind = self.read(token)
        if not actions.turn_off_email(user_id, kind):
            raise Http404
        return render(request, self.template_name, {"kind_words": mail.KINDS[kind], "done": True})
