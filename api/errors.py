"""One error body for every answer that is not a success (DESIGN §11):
`{"detail": "…", "errors": {"field": ["…"]}}`, `errors` empty when no field is at fault."""

from __future__ import annotations

from django.core.exceptions import BadRequest, ObjectDoesNotExist
from django.db import transaction
from django.http import Http404, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class ApiError(Exception):
    """An answer other than success, with its status, words, fields at fault and headers."""

    def __init__(self, status: int, detail: str, errors: dict | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, detail, errors or {}, headers or {}


def not_found(what: str = "item") -> ApiError:
    return ApiError(404, f"No such {what}.")


# What every operation may answer besides its success, for the schema.
COMMON = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def answer(api, request, status: int, detail: str, errors: dict | None = None, headers: dict | None = None):
    # An error answer changes nothing: whatever a failed call wrote before it failed goes.
    # Refusals at the door (401, 429) wrote nothing to undo.
    if status not in (401, 429) and transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)
    response: HttpResponse = api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# The parts of a pydantic error's location that say where, not which field.
WHERE = frozenset({"body", "payload", "query", "path", "header"})


def field_of(location) -> str:
    """The field a pydantic error is about: the last named part of its location."""
    names = [
        str(part)
        for part in location
        if isinstance(part, str) and part not in ("body", "payload", "query", "path", "header")
    ]
    return names[-1] if names else "__all__"


def install(api) -> None:
    """Answer every failure with the error body."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return answer(api, request, exc.status, exc.detail, exc.errors, exc.headers)

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(field_of(error.get("loc", ())), []).append(str(error.get("msg", "Not valid.")))
        return answer(api, request, 422, "Some values are not valid.", errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        detail = "Send a valid token: Authorization: Bearer todo_pat_…"
        return answer(api, request, 401, detail, headers={"WWW-Authenticate": 'Bearer realm="api"'})

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        detail = "The body is not valid JSON." if exc.status_code == 400 else str(exc)
        return answer(api, request, exc.status_code, detail)

    @api.exception_handler(BadRequest)
    def bad_request(request, exc):
        return answer(api, request, 400, str(exc) or "Bad request.", {"cursor": [str(exc)]})

    @api.exception_handler(Http404)
    def missing(request, exc):
        return answer(api, request, 404, "Not found.")

    @api.exception_handler(ObjectDoesNotExist)
    def gone(request, exc):
        return answer(api, request, 404, "Not found.")
