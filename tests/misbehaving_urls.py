"""Views that misbehave on purpose, for tests: one that forgets its user filter, ones that fail
after writing, and ones whose database cannot serve them (a timeout, a terminated backend, a
session that cannot be saved)."""

from django.db import connection
from django.http import Http404, JsonResponse
from django.urls import include, path

from tasks.models import Task


def forgetful_list(request):
    # No .for_user(): only RLS stands between this view and everyone's tasks.
    return JsonResponse({"titles": sorted(Task.objects.values_list("title", flat=True))})


def write_then_crash(request):
    Task.objects.create(user=request.user, title="half-done")
    raise RuntimeError("the view failed after writing")


def write_then_404(request):
    Task.objects.create(user=request.user, title="half-done")
    raise Http404


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
    path("forgetful/", forgetful_list),
    path("crash/", write_then_crash),
    path("write-then-404/", write_then_404),
    path("touch-session/", touch_session),
    path("slow/", slow_query),
    path("terminated/", terminated),
    path("", include("todo_project.urls")),
]

handler500 = "todo_project.logging.server_error"
