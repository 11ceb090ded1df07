"""The reminders app's pages: the one-click unsubscribe, a notification's "Done", push
subscriptions, the service worker and the web app manifest, the calendar feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
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


class CalendarFeedView(View):
    """`/calendar/<token>.ics`: the person whose token hashes to this, without a session.

    The token is never compared: its SHA-256 is looked up through a unique index (the staff
    role, as no one's context is known yet), so a wrong token takes the same path and time
    as a right one up to the lookup, whatever its characters; wrong or revoked, a 404.
    """

    def get(self, request, token: str):
        from django.contrib.auth import get_user_model
        from django.http import HttpResponse
        from django.utils.cache import get_conditional_response
        from django.utils.http import http_date, quote_etag

        from reminders import calendar
        from reminders.models import CalendarFeed
        from todo_project import rls

        feed = CalendarFeed.objects.using("staff").filter(token_hash=actions.token_hash(token)).first()
        if feed is None:
            raise Http404
        user = get_user_model().objects.filter(pk=feed.user_id, is_active=True).first()
        if user is None:
            raise Http404
        with rls.user_context(user.pk):
            body, newest = calendar.build(user)
        import hashlib

        etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
        last_modified = int(newest.timestamp()) if newest else None
        if (answer := get_conditional_response(request, etag=etag, last_modified=last_modified)) is not None:
            return answer
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = "private, no-cache"
        return response


class CalendarSettingsView(LoginRequiredMixin, View):
    """`/accounts/calendar/`: make the private feed address (shown once, on the page that
    answers the POST), make a new one (the old one stops), or revoke it."""

    template_name = "reminders/calendar.html"

    def get(self, request):
        from reminders.models import CalendarFeed

        exists = CalendarFeed.objects.filter(user=request.user).exists()
        return render(request, self.template_name, {"exists": exists, "address": None})

    def post(self, request):

        if request.POST.get("action") == "revoke":
            actions.revoke_calendar_token(request.user)
            messages.success(request, "Revoked the calendar feed: its address no longer works.")
            return redirect("reminders:calendar")
        token = actions.new_calendar_token(request.user)
        address = settings.SITE_URL + reverse("reminders:feed", args=[token])
        return render(request, self.template_name, {"exists": True, "address": address})


@method_decorator(csrf_exempt, name="dispatch")
class DoneView(View):
    """POST from a push notification's "Done" button (the service worker): completes the
    occurrence the notification was about. The signed token (a week at most) is the authority,
    as a service worker has no CSRF token; a task done meanwhile stays as it is."""

    MAX_AGE = 7 * 24 * 60 * 60

    def post(self, request, token: str):
        from datetime import date

        from django.contrib.auth import get_user_model
        from django.core import signing
        from django.http import JsonResponse

        from tasks.actions.tasks import complete_task
        from tasks.models import Task
        from todo_project import rls

        try:
            value = signing.loads(token, salt="reminders.done", max_age=self.MAX_AGE)
            user = get_user_model().objects.get(pk=value["u"], is_active=True)
            occurrence = date.fromisoformat(value["d"])
        except (signing.BadSignature, KeyError, ValueError, get_user_model().DoesNotExist) as exc:
            raise Http404 from exc
        with rls.user_context(user.pk):
            try:
                result = complete_task(user, value["t"], occurrence=occurrence)
            except Task.DoesNotExist as exc:
                raise Http404 from exc
        return JsonResponse({"message": result.message})


def service_worker(request):
    """`/sw.js`, at the root so that it may control every page."""
    from django.templatetags.static import static

    response = render(
        request, "reminders/sw.js", {"icon": static("icons/icon-192.png")}, content_type="text/javascript"
    )
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request):
    """`/manifest.webmanifest`: what makes the app installable."""
    from django.http import JsonResponse
    from django.templatetags.static import static

    icons = [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {"src": static("icons/maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    data = {
        "name": "Todo",
        "short_name": "Todo",
        "description": "A fast, private todo list.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f5f6f8",
        "theme_color": "#2f5bd3",
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json")


class PushSubscriptionView(LoginRequiredMixin, View):
    """POST JSON from the profile's script: `subscribe` a browser ({endpoint, keys: {p256dh,
    auth}}) or `unsubscribe` it ({endpoint})."""

    mode = "subscribe"

    def post(self, request):
        import json

        from django.http import JsonResponse

        from reminders.forms import PushSubscriptionForm

        try:
            data = json.loads(request.body)
            keys = data.get("keys") or {}
            values = {"endpoint": data.get("endpoint"), "p256dh": keys.get("p256dh"), "auth": keys.get("auth")}
        except (ValueError, AttributeError):
            return JsonResponse({"detail": "Send the subscription as JSON."}, status=400)
        form = PushSubscriptionForm(values, unsubscribing=self.mode == "unsubscribe")
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        if self.mode == "unsubscribe":
            actions.unsubscribe_push(request.user, form.cleaned_data["endpoint"])
            return JsonResponse({"message": "Notifications are off on this device."})
        actions.subscribe_push(request.user, **form.cleaned_data)
        return JsonResponse({"message": "Notifications are on for this device."})
