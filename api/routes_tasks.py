"""`/api/v1/tasks`: list, create, read, change, trash, complete, reopen, restore, completions.

Every write is a call of tasks.actions, as the pages make it; the lists are the pages' filters,
sorts and keyset cursor (tasks.models.TaskQuerySet, tasks.pagination).
"""

from __future__ import annotations

import json
from typing import Annotated

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from ninja import Query, Router, Status

from api.common import UNDO_HEADER, check_if_match, json_object_or_none, links, parse_id, report, with_etag
from api.errors import COMMON, ApiError, ErrorOut, not_found
from api.idempotency import keyed
from api.schemas import (
    MAX_LIMIT,
    ActionOut,
    CompleteOut,
    Completion,
    CompletionOut,
    Day,
    MoveIn,
    MoveOut,
    SortName,
    StatusName,
    TaskCreate,
    TaskOut,
    TaskPage,
    TaskPatch,
)
from api.task_input import change_input, create_input, invalid
from tasks.actions.organise import labels_from_names
from tasks.actions.structure import move_task
from tasks.actions.tasks import complete_task, create_task, restore_task, toggle_task, trash_task, update_task
from tasks.forms import MAX_SEARCH_LENGTH
from tasks.models import Label, Project, Task, TaskCompletion
from tasks.pagination import SORTS, TRASHED_ORDER, decode_cursor, keyset_page
from tasks.quickadd import search_terms

router = Router(tags=["tasks"])
# The names of the place fields, as the actions' results name them.
PLACE_NAMES = {"project": "project_id", "section": "section_id", "parent": "parent_id"}


def own_tasks(request):
    return Task.objects.for_user(request.user)


def label_names(request) -> dict:
    """The person's labels by id (one statement, at most MAX_LABELS rows)."""
    return dict(Label.objects.filter(user=request.user).values_list("pk", "name"))


def task_body(task: Task, names: dict) -> dict:
    return {
        "id": task.pk,
        "title": task.title,
        "description": task.description,
        "completed": task.completed,
        "completed_at": task.completed_at,
        "project_id": task.project_id,
        "section_id": task.section_id,
        "parent_id": task.parent_id,
        "labels": sorted((names[pk] for pk in getattr(task, "label_ids", None) or () if pk in names), key=str.lower),
        "priority": task.priority,
        "due_date": task.due_date,
        "due_time": task.due_time.strftime("%H:%M") if task.due_time else None,
        "recurrence": task.recurrence,
        "recur_from_completion": task.recur_from_completion,
        "position": task.position,
        "created_at": task.created_at,
        "updated_at": task.updated_at,
    }


def read_task(request, task_id, *, lock: bool = False) -> Task:
    """The person's task `task_id` (live or in the trash) with its labels; 404 if not theirs."""
    tasks = own_tasks(request).with_labels()
    if lock:
        tasks = tasks.select_for_update(of=("self",))
    task = tasks.filter(pk=task_id).first()
    if task is None:
        raise not_found("task")
    return task


def body_of(request, task_id) -> dict:
    return task_body(read_task(request, task_id), label_names(request))


def refused(result) -> ApiError:
    return invalid({PLACE_NAMES.get(name, name): messages for name, messages in result.errors.items()})


@router.get("/tasks", response={200: TaskPage, **COMMON}, summary="List tasks")
def list_tasks(
    request,
    status: StatusName = "all",
    project: str | None = Query(None, description="A project's id, or `inbox` for the tasks in none."),
    label: str | None = Query(None, description="A label's id."),
    q: str = Query("", description="A search, read as the pages' search box reads it (#Project, @label, p1, dates)."),
    sort: SortName = "newest",
    due_before: Annotated[Day | None, Query(description="Due before this day (not on it).")] = None,
    due_after: Annotated[Day | None, Query(description="Due after this day (not on it).")] = None,
    cursor: str | None = Query(None, description="The `next_cursor` of the page before."),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
):
    user = request.user
    names = label_names(request)
    # The trash (as /trash/ shows it): the most recently trashed first, whatever `sort` says.
    order = TRASHED_ORDER if status == "trashed" else SORTS[sort]
    after = decode_cursor(cursor, order.types)
    tasks = own_tasks(request).trashed() if status == "trashed" else own_tasks(request).with_status(status)
    if project == "inbox":
        tasks = tasks.in_project(None)
    elif project:
        project_id = parse_id(project, "project")
        if not Project.objects.filter(user=user, pk=project_id).exists():
            raise not_found("project")
        tasks = tasks.filter(project_id=project_id)
    if label:
        label_id = parse_id(label, "label")
        if label_id not in names:
            raise not_found("label")
        tasks = tasks.labelled(label_id)
    if q := q.replace("\x00", "").strip()[:MAX_SEARCH_LENGTH]:
        tasks = tasks.matching(search(request, q, names))
    if due_before:
        tasks = tasks.filter(due_date__lt=due_before)
    if due_after:
        tasks = tasks.filter(due_date__gt=due_after)
    page = keyset_page(tasks.keyset(order, after).with_labels(), limit, order.keys)
    body = {"results": [task_body(task, names) for task in page.items], "next_cursor": page.next_cursor}
    # Written as JSON here, not validated against TaskPage again: that costs a list call as much
    # as all the rest (bench/api_libraries.py, docs/API.md); the fuzz test holds it to the schema.
    return HttpResponse(json.dumps(body, cls=DjangoJSONEncoder), content_type="application/json")


def search(request, q: str, names: dict):
    """The search box's reading of `q`, with the person's projects (read only when it names one)."""
    projects = {}
    if "#" in q:
        projects = {project.name: project for project in Project.objects.filter(user=request.user)}
    labels = {name: pk for pk, name in names.items()}
    user = request.user
    return search_terms(q, today=user.today(), projects=projects, labels=labels, date_order=user.date_order)


@router.post(
    "/tasks",
    response={201: TaskOut, **COMMON},
    summary="Add a task",
    openapi_extra=links(
        "task_id",
        ReadTask="api_routes_tasks_read",
        ChangeTask="api_routes_tasks_change",
        TrashTask="api_routes_tasks_trash",
        CompleteTask="api_routes_tasks_complete",
        ReopenTask="api_routes_tasks_reopen",
        RestoreTask="api_routes_tasks_restore",
        MoveTask="api_routes_tasks_move",
        TaskCompletions="api_routes_tasks_completions",
    ),
    description="From quick-add `text`, or from the fields. With an `Idempotency-Key`, sending the "
    "same create again (a retry) answers with the task the first one made, and makes no other.",
)
@keyed
def create(request, response: HttpResponse, payload: TaskCreate):
    values, names, _notes = create_input(request.user, payload)
    result = create_task(request.user, values, label_names=names)
    if result.errors:
        raise refused(result)
    response["Location"] = f"{request.path.rstrip('/')}/{result.task.pk}"
    return Status(201, with_etag(response, body_of(request, result.task.pk)))


@router.get("/tasks/{task_id}", response={200: TaskOut, **COMMON}, summary="Read a task")
def read(request, response: HttpResponse, task_id: str):
    task = read_task(request, parse_id(task_id, "task"))
    if task.deleted_at is not None:
        # Gone from view, as DELETE said; `status=trashed` lists it, and /restore brings it back.
        raise ApiError(404, "That task is in the trash: restore it first.")
    return with_etag(response, task_body(task, label_names(request)))


@router.patch(
    "/tasks/{task_id}",
    response={200: TaskOut, 412: ErrorOut, **COMMON},
    summary="Change a task",
    description="Only the fields sent change. With `If-Match` (the ETag read), a 412 if it changed since. "
    "The answer's `Undo-Token` header undoes the change (POST /undo).",
    openapi_extra={"responses": {200: {"headers": UNDO_HEADER}}},
)
def change(request, response: HttpResponse, task_id: str, payload: TaskPatch):
    pk = parse_id(task_id, "task")
    task = read_task(request, pk, lock=True)
    names = label_names(request)
    check_if_match(request, task_body(task, names))
    if task.deleted_at is not None:
        raise ApiError(404, "That task is in the trash: restore it first.")
    changes, labels = change_input(request.user, task, payload)
    if labels is not None:
        changes["labels"], _ = labels_from_names(request.user, labels)
    result = update_task(request.user, pk, changes)
    if result.errors:
        raise refused(result)
    if result.undo:
        response["Undo-Token"] = result.undo
    return with_etag(response, body_of(request, pk))


@router.delete(
    "/tasks/{task_id}",
    response={200: ActionOut, **COMMON},
    summary="Move a task to the trash",
    description="With its sub-tasks; `undo` brings them back.",
)
def trash(request, task_id: str):
    return report(trash_task(request.user, parse_id(task_id, "task")))


def completion_body(request, result) -> dict:
    return {
        "task": body_of(request, result.task.pk),
        "occurrence": result.occurrence,
        "next_date": result.next_date,
        "changed": result.changed,
        "message": result.message,
        "undo": result.undo,
    }


@router.post(
    "/tasks/{task_id}/complete",
    response={200: CompleteOut, **COMMON},
    summary="Complete a task",
    description="A repeating task completes its occurrence and moves to its next date (both in the answer).",
)
@keyed
def complete(request, task_id: str, payload: Completion | None = None):
    json_object_or_none(request)
    occurrence = payload.occurrence if payload else None
    result = complete_task(request.user, parse_id(task_id, "task"), occurrence=occurrence)
    return completion_body(request, result)


@router.post("/tasks/{task_id}/reopen", response={200: CompleteOut, **COMMON}, summary="Reopen a completed task")
@keyed
def reopen(request, task_id: str):
    pk = parse_id(task_id, "task")
    task = own_tasks(request).alive().filter(pk=pk).first()
    if task is None:
        raise not_found("task")
    if not task.completed:
        return {"task": body_of(request, pk), "occurrence": None, "next_date": None, "changed": False,
                "message": f"“{task.title}” is not done; nothing was changed.", "undo": None}  # fmt: skip
    return completion_body(request, toggle_task(request.user, pk))


@router.post("/tasks/{task_id}/restore", response={200: TaskOut, **COMMON}, summary="Bring a task back from the trash")
@keyed
def restore(request, response: HttpResponse, task_id: str):
    pk = parse_id(task_id, "task")
    task = read_task(request, pk)
    if task.deleted_at is not None:
        restore_task(request.user, pk)
    return with_etag(response, body_of(request, pk))


@router.post(
    "/tasks/{task_id}/move",
    response={200: MoveOut, **COMMON},
    summary="Move a task: reorder it, or put it under a parent, in a section or a project",
    description="As the pages' drag and drop and Move up / Move down: `before` or `after` (a task's id: "
    "right next to it, as its sibling), or `parent_id`, `section_id`, `project_id` (last there; null: a "
    "top task, no section, the Inbox). Its sub-tasks move with it. A place it cannot go (under itself, "
    "a fifth level, a section of another project, a neighbour not in the place asked for) is a 422.",
)
@keyed
def move(request, task_id: str, payload: MoveIn):
    place = move_place(request, payload)
    try:
        result = move_task(request.user, parse_id(task_id, "task"), before=payload.before, after=payload.after, **place)
    except Task.DoesNotExist as exc:
        raise not_found("task") from exc
    if not result.changed:
        raise refused(result)
    return {"task": body_of(request, result.task.pk), "message": result.message}


def move_place(request, payload: MoveIn) -> dict:
    """The parent, section and project asked for (those sent), for move_task; a 422 for a
    body that says nowhere, two neighbours, a project beside a neighbour, or not a project of theirs."""
    sent = payload.model_fields_set
    if not sent or {"before", "after"} <= sent:
        message = "Say where to move it: `before` or `after` a task, or a parent, section or project."
        raise invalid({"before": [message]})
    if "project_id" in sent and sent & {"before", "after"}:
        raise invalid({"project_id": ["Next to a task, it goes in that task's project."]})
    if payload.project_id is not None and not Project.objects.filter(user=request.user, pk=payload.project_id).exists():
        raise invalid({"project_id": ["No such project."]})
    return {name: getattr(payload, f"{name}_id") for name in ("parent", "section", "project") if f"{name}_id" in sent}


@router.get(
    "/tasks/{task_id}/completions",
    response={200: list[CompletionOut], **COMMON},
    summary="A repeating task's completed occurrences, newest first",
)
def completions(request, task_id: str, limit: int = Query(100, ge=1, le=MAX_LIMIT)):
    pk = parse_id(task_id, "task")
    if not own_tasks(request).filter(pk=pk).exists():
        raise not_found("task")
    rows = TaskCompletion.objects.filter(task_id=pk).order_by("-completed_at", "-id")[:limit]
    return [{"id": row.pk, "due_date": row.due_date, "completed_at": row.completed_at} for row in rows]
