"""Which API library: the cost of one list call (50 tasks as JSON) under a plain Django view,
django-ninja and Django REST framework, in the same process and the same run.

No database and no middleware: each answers the same 50 rows of a task's seventeen fields
(uuids, dates, times, text) behind a bearer-token check, so what differs is only what the
library adds: routing, the token hook, reading the query, and turning rows into JSON through
its schema (pydantic for ninja, serializers for DRF). The numbers are docs/API.md's.

    python bench/api_libraries.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from datetime import UTC, date, datetime
from datetime import time as clock

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    DATABASES={},
    REST_FRAMEWORK={
        "UNAUTHENTICATED_USER": None,
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    },
    USE_TZ=True,
)
django.setup()

from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import path  # noqa: E402
from ninja import NinjaAPI, Schema  # noqa: E402
from ninja.security import HttpBearer  # noqa: E402
from rest_framework import authentication, serializers  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

TOKEN = "todo_pat_bench"
ROWS = [
    {
        "id": uuid.uuid4(),
        "title": f"Task number {i} with a realistic length",
        "description": None if i % 2 else "Some words about it",
        "completed": i % 3 == 0,
        "completed_at": None,
        "project_id": uuid.uuid4(),
        "section_id": None,
        "parent_id": None,
        "labels": ["errands", "home"][: i % 3],
        "priority": 1 + i % 4,
        "due_date": date(2030, 1, 1 + i % 28),
        "due_time": clock(9, 30) if i % 2 else None,
        "recurrence": "FREQ=WEEKLY" if i % 5 == 0 else None,
        "recur_from_completion": False,
        "position": 1_700_000_000_000_000 + i,
        "created_at": datetime(2030, 1, 1, tzinfo=UTC),
        "updated_at": datetime(2030, 1, 1, tzinfo=UTC),
    }
    for i in range(50)
]


def authorised(request) -> bool:
    return request.headers.get("Authorization") == f"Bearer {TOKEN}"


# --- A plain Django view ------------------------------------------------------------------------


def plain(request):
    if not authorised(request):
        return JsonResponse({"detail": "No."}, status=401)
    limit = int(request.GET.get("limit", 50))
    return HttpResponse(
        json.dumps({"results": ROWS[:limit], "next_cursor": None}, cls=DjangoJSONEncoder),
        content_type="application/json",
    )


# --- django-ninja -------------------------------------------------------------------------------


class TaskOut(Schema):
    id: uuid.UUID
    title: str
    description: str | None
    completed: bool
    completed_at: datetime | None
    project_id: uuid.UUID | None
    section_id: uuid.UUID | None
    parent_id: uuid.UUID | None
    labels: list[str]
    priority: int
    due_date: date | None
    due_time: clock | None
    recurrence: str | None
    recur_from_completion: bool
    position: int
    created_at: datetime
    updated_at: datetime


class TaskPage(Schema):
    results: list[TaskOut]
    next_cursor: str | None


class Bearer(HttpBearer):
    def authenticate(self, request, token):
        return token == TOKEN


ninja_api = NinjaAPI(auth=Bearer(), urls_namespace="bench")


@ninja_api.get("/tasks", response=TaskPage)
def ninja_list(request, limit: int = 50):
    return {"results": ROWS[:limit], "next_cursor": None}


@ninja_api.get("/tasks-json", response=TaskPage)
def ninja_list_json(request, limit: int = 50):
    # The same schema in the docs; the body written by json.dumps, not validated by pydantic
    # again (the API's lists do this: api/routes_tasks.py).
    return HttpResponse(
        json.dumps({"results": ROWS[:limit], "next_cursor": None}, cls=DjangoJSONEncoder),
        content_type="application/json",
    )


# --- Django REST framework ----------------------------------------------------------------------


class TaskSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    completed = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True)
    project_id = serializers.UUIDField(allow_null=True)
    section_id = serializers.UUIDField(allow_null=True)
    parent_id = serializers.UUIDField(allow_null=True)
    labels = serializers.ListField(child=serializers.CharField())
    priority = serializers.IntegerField()
    due_date = serializers.DateField(allow_null=True)
    due_time = serializers.TimeField(allow_null=True)
    recurrence = serializers.CharField(allow_null=True)
    recur_from_completion = serializers.BooleanField()
    position = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class BearerAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        return ("bench", None) if authorised(request) else None


class DrfList(APIView):
    authentication_classes = [BearerAuthentication]
    permission_classes: list = []

    def get(self, request):
        limit = int(request.query_params.get("limit", 50))
        return Response({"results": TaskSerializer(ROWS[:limit], many=True).data, "next_cursor": None})


urlpatterns = [
    path("plain/tasks", plain),
    path("ninja/", ninja_api.urls),
    path("drf/tasks", DrfList.as_view()),
]


def measure(handler, url: str, calls: int) -> list[float]:
    factory = RequestFactory()
    timings = []
    for _ in range(calls):
        request = factory.get(url, {"limit": 50}, headers={"Authorization": f"Bearer {TOKEN}"})
        start = time.perf_counter()
        response = handler(request)
        response.content  # noqa: B018 (rendered, as a server would send it)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    calls = parser.parse_args().calls
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler().get_response
    urls = {
        "plain Django view": "/plain/tasks",
        "django-ninja": "/ninja/tasks",
        "ninja, own JSON": "/ninja/tasks-json",
        "DRF": "/drf/tasks",
    }
    bodies = {name: json.loads(handler(RequestFactory().get(url, headers={"Authorization": f"Bearer {TOKEN}"})).content)
              for name, url in urls.items()}  # fmt: skip
    assert all(len(body["results"]) == 50 for body in bodies.values())
    results = {}
    # Interleaved rounds, so that a slower moment of a shared machine falls on all three alike.
    for _ in range(5):
        for name, url in urls.items():
            results.setdefault(name, []).extend(measure(handler, url, calls // 5))
    base = statistics.median(results["plain Django view"])
    print(f"{'library':<20} {'p50 µs':>8} {'p99 µs':>8} {'calls/s':>8} {'vs plain':>9}")
    for name, timings in results.items():
        timings.sort()
        p50, p99 = statistics.median(timings), timings[int(len(timings) * 0.99) - 1]
        print(f"{name:<20} {p50 * 1e6:8.0f} {p99 * 1e6:8.0f} {1 / statistics.mean(timings):8.0f} {p50 / base:8.2f}x")


if __name__ == "__main__":
    main()
