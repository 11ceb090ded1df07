"""Deliberately careless views, to prove the database refuses what the view forgot."""

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


urlpatterns = [
    path("forgetful/", forgetful_list),
    path("crash/", write_then_crash),
    path("write-then-404/", write_then_404),
    path("", include("todo_project.urls")),
]

handler500 = "todo_project.logging.server_error"
