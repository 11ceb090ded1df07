"""Request logging: one line per request with a request id, as text or JSON (LOG_FORMAT=json).

A line holds the method, the route (the URL pattern, never the raw path of a matched URL,
which can carry confirmation or reset keys), the status, the milliseconds and the user id;
never an email address, a password, a token, a query string or a task's text.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar

from django.shortcuts import render
from django.utils.functional import empty

request_id: ContextVar[str] = ContextVar("request_id", default="-")
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
logger = logging.getLogger("todo.request")


class RequestLogMiddleware:
    """First in MIDDLEWARE, so it times everything and tags every log line of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            logger.info(
                "%s %s %s %.1fms",
                request.method,
                route(request),
                response.status_code,
                (time.perf_counter() - started) * 1000,
                extra={
                    "method": request.method,
                    "path": route(request),
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user_id(request),
                },
            )
            return response
        finally:
            request_id.reset(token)


def route(request) -> str:
    """The path with each URL parameter replaced by its name: /tasks/<pk>/edit/."""
    path = request.path[:200]
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        path = path.replace(str(value), f"<{name}>")
    return path


def user_id(request) -> str | None:
    # Only when the request already loaded the user: logging must not cost a query.
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return str(user.pk) if user.is_authenticated else None


_make_record = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs) -> logging.LogRecord:
    record = _make_record(*args, **kwargs)
    record.request_id = request_id.get()
    return record


# Every log record made while a request runs carries its id, whichever logger made it.
logging.setLogRecordFactory(_record_with_request_id)


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status", "ms", "user_id")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage() if record.name == "todo.request" else redact(record.getMessage()),
        }
        line.update({field: getattr(record, field) for field in self.FIELDS if hasattr(record, field)})
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line)


class TextFormatter(logging.Formatter):
    def formatException(self, exc_info) -> str:
        return redact(super().formatException(exc_info))


def redact(text: str) -> str:
    """PostgreSQL's DETAIL lines quote the failing row, which may hold a task's text."""
    return re.sub(r"(?m)^DETAIL:.*$", "DETAIL: (redacted)", text)


def server_error(request):
    """The 500 page, with the request id a person can quote to us.

    A database that could not serve the request, failing where no middleware of ours sees it
    (saving the session after the response, say), gets the 503 page instead.
    """
    from todo_project.middleware import database_unavailable, unavailable

    if database_unavailable(exc := sys.exc_info()[1]):
        return unavailable(request, exc)
    return render(request, "500.html", {"request_id": request_id.get()}, status=500)
