"""Views that meet a database that cannot serve them: a timeout, a terminated backend, a session save."""

from django.db import connection
from django.http import JsonResponse
from django.urls import include, path


def slow_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '100ms'")  # the role's 5 s, shortened for the test
        cursor.execute("SELECT pg_sleep(2)")
    return JsonResponse({"slept": True})


def terminated(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    return JsonResponse({"terminated": True})


def touch_session(request):
    # The session is saved after the response, outside every middleware of ours.
    request.session["touched"] = True
    return JsonResponse({"touched": True})


urlpatterns = [
    path("touch-session/", touch_session),
    path("slow/", slow_query),
    path("terminated/", terminated),
    path("", include("todo_project.urls")),
]

handler500 = "todo_project.logging.server_error"
