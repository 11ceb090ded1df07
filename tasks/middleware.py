"""The request transaction that carries the RLS context around the whole response."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import InterfaceError, OperationalError, transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from tasks import rls


class RLSContextMiddleware:
    """Open one transaction per request and set app.current_user_id inside it.

    It wraps the view *and* the template rendering (ATOMIC_REQUESTS would wrap the view
    only), and rolls back when the view raised or the response is a server error, so a
    view that writes and then fails leaves nothing behind. Goes last in MIDDLEWARE, after
    the authentication middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Liveness must not touch the database; readiness opens its own transactions and must
        # answer 503, not fail here, when the database is down.
        self.exempt_paths = {reverse("healthz"), reverse("readyz")}

    def __call__(self, request):
        if request.path in self.exempt_paths:
            return self.get_response(request)
        try:
            user = request.user  # loading the session's user is the request's first query
            with rls.user_context(user.pk if user.is_authenticated else None):
                response = self.get_response(request)
                if response.status_code >= 500 or getattr(request, "rls_view_failed", False):
                    transaction.set_rollback(True)
        except (OperationalError, InterfaceError):
            # The database is down or restarting. Django drops the broken connection when
            # the request ends, and the next request connects afresh: no restart needed.
            return unavailable(request)
        return response

    def process_exception(self, request, exception):
        # Roll back even when an outer middleware turns the exception into a redirect or a
        # 4xx (Http404 after a write, allauth's reauthentication). Only flag it here: those
        # middlewares may still need to query inside this transaction.
        request.rls_view_failed = True


def unavailable(request) -> HttpResponse:
    """503 with a page that needs no database (no user, no session)."""
    response = render(request, "503.html", status=503)
    response["Retry-After"] = "30"
    return response


@receiver(user_logged_in, dispatch_uid="rls_context_after_login")
def switch_context_on_login(sender, request, user, **kwargs) -> None:
    if transaction.get_connection().in_atomic_block:
        rls.set_user(user.pk)


@receiver(user_logged_out, dispatch_uid="rls_context_after_logout")
def clear_context_on_logout(sender, request, user, **kwargs) -> None:
    if transaction.get_connection().in_atomic_block:
        rls.set_user(None)
