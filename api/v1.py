"""The API, version 1 (`/api/v1/`): its operations, who may call them, its errors and its schema."""

from __future__ import annotations

from ninja import NinjaAPI

from api import errors, routes_bulk, routes_organise, routes_tasks
from api.auth import TokenAuth

api = NinjaAPI(
    title="Todo API",
    version="1",
    description="Your tasks, projects, labels and sections, with a personal access token "
    "(make one on /accounts/tokens/) sent as `Authorization: Bearer todo_pat_…`. Every POST takes an "
    "`Idempotency-Key`; an answer that can be undone carries an `undo` token (POST /undo). "
    'Errors answer `{"detail": "…", "errors": {"field": ["…"]}}`.',
    auth=TokenAuth(),
    urls_namespace="api:v1",
    openapi_url="/openapi.json",
    # The docs page is ours (api.views.docs), from our own static files.
    docs_url=None,
)
errors.install(api)
# Before the tasks' router: `/tasks/bulk` is not a task's id.
api.add_router("/", routes_bulk.router)
api.add_router("/", routes_tasks.router)
api.add_router("/", routes_organise.router)
