"""What the API's operations share: ids from the path, ETags and If-Match, an action's report."""

from __future__ import annotations

import hashlib
import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder

from api.errors import ApiError, not_found

# The header of an answer whose body is the object itself (a PATCH): the change's Undo token.
UNDO_HEADER = {
    "Undo-Token": {
        "description": "Send it to POST /undo to undo this change (for a day, once); absent when nothing changed.",
        "schema": {"type": "string"},
    }
}


def parse_id(value: str, what: str) -> uuid.UUID:
    """An id from the path; a malformed one is a 404, like an unknown one (DESIGN §6)."""
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError) as exc:
        raise not_found(what) from exc


def etag(body: dict) -> str:
    """A strong ETag of a single object's representation: it changes when anything shown does."""
    raw = json.dumps(body, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def check_if_match(request, current: dict) -> None:
    """PATCH with `If-Match`: a 412 unless one of the tags is the object's as it is now (or `*`)."""
    header = request.headers.get("If-Match")
    if header is None:
        return
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if "*" in tags or etag(current) in tags:
        return
    raise ApiError(412, "Changed since you read it: GET it again, then send your change with its new ETag.")


def with_etag(response, body: dict) -> dict:
    response["ETag"] = etag(body)
    return body


def links(parameter: str, **operations: str) -> dict:
    """OpenAPI links from a create's answer to the operations on what it made (the id in its
    body): a client, and the fuzz test's stateful phase, can follow them."""
    return {
        "responses": {
            201: {
                "links": {
                    name: {"operationId": operation, "parameters": {parameter: "$response.body#/id"}}
                    for name, operation in operations.items()
                }
            }
        }
    }


def report(result) -> dict:
    """An action's result as the API answers it (api.schemas.ActionOut)."""
    return {"changed": result.changed, "count": result.count, "message": result.message, "undo": result.undo}


def json_object_or_none(request) -> None:
    """A body that may be left out: if sent, a JSON object (ninja would read `[]` as none)."""
    if request.body.strip() and not isinstance(json.loads(request.body), dict):
        raise ApiError(422, "Some values are not valid.", {"__all__": ["Send a JSON object, or no body."]})
