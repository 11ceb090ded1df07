"""`Idempotency-Key` on every POST: the same call sent again with the same key (a retry after a
timeout, on any worker) answers as the first one did, and writes nothing again.

`@keyed`, under the route's decorator, does it in two steps around ninja's own: once the token
is checked, a key already recorded answers with its recorded answer (or a 422 when that one
was another call); otherwise the operation runs, and its answer, a success, is recorded with
the key inside a savepoint around the write. A second call with the same key at once waits on
the key's primary key until the first commits, then its own write is rolled back and it
answers with the first's.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from ninja import Header
from ninja.decorators import decorate_view

from api import actions
from api.errors import ApiError
from api.task_input import invalid
from todo_project import rls

# 1 to 255 visible ASCII characters (a UUID, say).
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
# The headers of an answer that say what it made or how to undo it: given again on a replay.
KEPT_HEADERS = ("Location", "ETag", "Undo-Token")
KEY_HEADER = Header(
    None,
    alias="Idempotency-Key",
    pattern=KEY_PATTERN,
    description="1 to 255 visible ASCII characters (a UUID, say). The same call sent again with the same key "
    "(a retry) answers as the first did and changes nothing again; another call with a used key is a 422. "
    "Keys are kept a day.",
)


def keyed(operation):
    """The route `operation` (a POST), with an Idempotency-Key (documented in the schema)."""
    signature = inspect.signature(operation, eval_str=True)
    key = inspect.Parameter(
        "idempotency_key", inspect.Parameter.KEYWORD_ONLY, default=KEY_HEADER, annotation=str | None
    )

    @functools.wraps(operation)
    def view(request, *args, idempotency_key: str | None = None, **kwargs):
        if idempotency_key is not None:  # its pattern checked by ninja: a 422 on `Idempotency-Key`
            pending = (idempotency_key, fingerprint(request))
            if (recorded := actions.recorded_answer(request.user, idempotency_key)) is not None:
                return replay(recorded, pending)
            request.idempotency_pending = pending
        return operation(request, *args, **kwargs)

    view.__signature__ = signature.replace(parameters=[*signature.parameters.values(), key])
    return decorate_view(recording)(view)


def recording(run):
    """ninja's run of the operation (the token, the body, the write, the answer) in a savepoint,
    with its answer recorded under the key when it succeeded."""

    @functools.wraps(run)
    def run_and_record(request, **kw):
        if "Idempotency-Key" not in request.headers:  # nothing to record: no savepoint either
            return run(request, **kw)
        try:
            with transaction.atomic():
                response = run(request, **kw)
                pending = getattr(request, "idempotency_pending", None)
                if pending is not None and 200 <= response.status_code < 300:
                    record(request, pending, response)
        except IntegrityError:
            # The same key, recorded meanwhile by a call on another worker: that one's answer.
            pending = getattr(request, "idempotency_pending", None)
            if pending is None:
                raise
            # The rollback took back the person's context too (the token's check set it in the savepoint).
            rls.set_user(request.user.pk)
            if (recorded := actions.recorded_answer(request.user, pending[0])) is None:
                raise
            try:
                return replay(recorded, pending)
            except ApiError as exc:  # out of ninja's run here: the error body by hand
                return JsonResponse({"detail": exc.detail, "errors": exc.errors}, status=exc.status)
        return response

    return run_and_record


def fingerprint(request) -> str:
    """What makes two calls the same call: the method, the path and the body."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def record(request, pending: tuple[str, str], response: HttpResponse) -> None:
    key, print_ = pending
    actions.record_answer(
        request.user,
        key,
        fingerprint=print_,
        operation=f"{request.method} {request.path}",
        status=response.status_code,
        body=json.loads(response.content) if response.content else None,
        headers={name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
    )


def replay(recorded, pending: tuple[str, str]) -> HttpResponse:
    """The recorded answer again; a 422 when the key was used for another call."""
    if recorded.fingerprint != pending[1]:
        message = f"This key was used for another call ({recorded.operation}, or another body); use a new key."
        raise invalid({"Idempotency-Key": [message]})
    content = b"" if recorded.body is None else json.dumps(recorded.body).encode()
    response = HttpResponse(content, status=recorded.status, content_type="application/json")
    for name, value in recorded.headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response
