"""The request transaction that carries the RLS context around the whole response."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from todo_project import rls

logger = logging.getLogger(__name__)

# SQLSTATEs that say "the database cannot serve this now", not "this request is wrong": the
# connection is gone (08), the server is short of resources (53), a timeout or an operator
# ended the query or the session (57: statement_timeout, pg_terminate_backend, shutdown), a
# lock wait ran out (55P03, lock_timeout), the server takes no writes (25006: read-only, a
# standby), two transactions collided (40001, 40P01), or a transaction was ended for sitting
# idle (25P03, idle_in_transaction_session_timeout; 25P04, transaction_timeout). Each is a 503
# with Retry-After.
UNAVAILABLE_CLASSES = ("08", "53", "57")
UNAVAILABLE_STATES = frozenset({"55P03", "25006", "40001", "40P01", "25P03", "25P04"})


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
        except (DatabaseError, InterfaceError) as exc:
            # The database is down or restarting. Django drops the broken connection when
            # the request ends, and the next request connects afresh: no restart needed.
            if not database_unavailable(exc):
                raise
            return unavailable(request, exc)
        return response

    def process_exception(self, request, exception):
        # Roll back even when an outer middleware turns the exception into a redirect or a
        # 4xx (Http404 after a write, allauth's reauthentication). Only flag it here: those
        # middlewares may still need to query inside this transaction.
        request.rls_view_failed = True
        if database_unavailable(exception):
            # A timeout, a lock wait or a lost connection in the middle of a view: the styled
            # 503, not the 500 page and a traceback. The transaction is rolled back above.
            return unavailable(request, exception)
        return None


def database_unavailable(exc: BaseException) -> bool:
    """True when the database could not serve the request, as opposed to a bug or bad data."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, DatabaseError):
        return False
    state = getattr(exc.__cause__, "sqlstate", None)
    if state is None:
        return isinstance(exc, OperationalError)  # no server to answer: refused, reset, DNS
    return state.startswith(UNAVAILABLE_CLASSES) or state in UNAVAILABLE_STATES


def unavailable(request, exc: BaseException | None = None) -> HttpResponse:
    """503 with Retry-After, a page (or JSON for the script) that needs no database."""
    if exc is not None:
        cause = exc.__cause__ or exc
        detail = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
        state = getattr(cause, "sqlstate", None) or "-"
        logger.warning("database unavailable: %s %s %s", type(cause).__name__, state, detail)
    message = "The database is unavailable; try again in a moment."
    if request.path.startswith("/api/"):  # the API's own error shape (docs/API.md)
        response = JsonResponse({"detail": message, "errors": {}}, status=503)
    elif "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"error": message}, status=503)
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = "30"
    # Logged above, in one line; Django would add an error line for the 503 too.
    response._has_been_logged = True
    return response


# Methods no page of this site means. A generic view would run PUT as a POST with an empty
# body (wiping a form's fields) or DELETE as a delete past the trash; refused site-wide, so a
# third-party view (allauth's) cannot be reached with them either.
REFUSED_METHODS = frozenset({"PUT", "PATCH", "DELETE", "TRACE", "CONNECT"})


class HttpMethodsMiddleware:
    """Refuse REFUSED_METHODS, except under the paths of settings.ALL_METHODS_PATHS (the API's,
    whose views answer PATCH and DELETE themselves and a 405 to the rest)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = tuple(settings.ALL_METHODS_PATHS)

    def __call__(self, request):
        if request.method in REFUSED_METHODS and not (self.open_paths and request.path.startswith(self.open_paths)):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST", "OPTIONS"])
        return self.get_response(request)


class PrivatePagesMiddleware:
    """A signed-in person's pages are theirs: no shared cache (a proxy, a CDN) may keep them.

    Decided by the session cookie, sent or set, not by loading the user: that needs the
    database, which may be what failed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES or settings.SESSION_COOKIE_NAME in response.cookies:
            patch_cache_control(response, private=True, no_store=True)
        return response


@receiver(user_logged_in, dispatch_uid="rls_context_after_login")
def switch_context_on_login(sender, request, user, **kwargs) -> None:
    if transaction.get_connection().in_atomic_block:
        rls.set_user(user.pk)


@receiver(user_logged_out, dispatch_uid="rls_context_after_logout")
def clear_context_on_logout(sender, request, user, **kwargs) -> None:
    if transaction.get_connection().in_atomic_block:
        rls.set_user(None)
