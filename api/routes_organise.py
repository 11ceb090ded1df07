"""`/api/v1/projects`, `/labels` and `/sections`: list, make, read, change, delete, through
tasks.actions as the pages do."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router, Status

from api.common import check_if_match, links, parse_id, report, with_etag
from api.errors import COMMON, ErrorOut, not_found
from api.idempotency import keyed
from api.schemas import (
    ActionOut,
    LabelCreate,
    LabelOut,
    LabelPage,
    LabelPatch,
    ProjectCreate,
    ProjectOut,
    ProjectPage,
    ProjectPatch,
    SectionCreate,
    SectionOut,
    SectionPage,
    SectionPatch,
)
from api.task_input import invalid
from tasks.actions.organise import archive_project, create_named, delete_label, delete_project, rename
from tasks.actions.structure import create_section, delete_section, rename_section
from tasks.forms import LabelForm, ProjectForm
from tasks.models import Label, Project, Section

router = Router()


def listed(bodies: list[dict]) -> dict:
    return {"results": bodies, "next_cursor": None}


def result_or_422(result):
    if not result.changed:
        raise invalid(result.errors or {"__all__": [result.message]})
    return result


def named_form(form_class, request, data: dict, instance=None):
    """The pages' form for a project's or a label's name and colour; a 422 with its errors."""
    form = form_class(
        {"name": data.get("name", ""), "color": data.get("color") or ""}, user=request.user, instance=instance
    )
    if not form.is_valid():
        raise invalid({name: list(messages) for name, messages in form.errors.items()})
    return form.cleaned_data


# --- Projects ---------------------------------------------------------------------------------


def project_body(project: Project) -> dict:
    return {
        "id": project.pk,
        "name": project.name,
        "color": project.color,
        "position": project.position,
        "archived": project.archived_at is not None,
        "created_at": project.created_at,
        "updated_at": project.updated_at,
    }


def own_project(request, project_id: str, *, lock: bool = False) -> Project:
    projects = Project.objects.filter(user=request.user)
    if lock:
        projects = projects.select_for_update()
    project = projects.filter(pk=parse_id(project_id, "project")).first()
    if project is None:
        raise not_found("project")
    return project


@router.get("/projects", response={200: ProjectPage, **COMMON}, tags=["projects"], summary="List projects")
def list_projects(request):
    return listed([project_body(project) for project in Project.objects.filter(user=request.user)])


@router.post(
    "/projects",
    response={201: ProjectOut, **COMMON},
    tags=["projects"],
    summary="Make a project",
    openapi_extra=links(
        "project_id",
        ReadProject="api_routes_organise_read_project",
        ChangeProject="api_routes_organise_change_project",
        DeleteProject="api_routes_organise_remove_project",
    ),
)
@keyed
def create_project(request, response: HttpResponse, payload: ProjectCreate):
    data = named_form(ProjectForm, request, payload.model_dump())
    result = result_or_422(create_named(request.user, Project, name=data["name"], color=data["color"]))
    response["Location"] = f"{request.path.rstrip('/')}/{result.item.pk}"
    return Status(201, with_etag(response, project_body(result.item)))


@router.get("/projects/{project_id}", response={200: ProjectOut, **COMMON}, tags=["projects"], summary="Read a project")
def read_project(request, response: HttpResponse, project_id: str):
    return with_etag(response, project_body(own_project(request, project_id)))


@router.patch(
    "/projects/{project_id}",
    response={200: ProjectOut, 412: ErrorOut, **COMMON},
    tags=["projects"],
    summary="Rename, recolour, archive or unarchive a project",
)
def change_project(request, response: HttpResponse, project_id: str, payload: ProjectPatch):
    project = own_project(request, project_id, lock=True)
    check_if_match(request, project_body(project))
    sent = payload.model_fields_set
    if {"name", "color"} & sent:
        data = {"name": payload.name if "name" in sent else project.name,
                "color": payload.color if "color" in sent else project.color}  # fmt: skip
        data = named_form(ProjectForm, request, data, instance=project)
        result_or_422(rename(request.user, Project, project.pk, name=data["name"], color=data["color"]))
    if "archived" in sent and payload.archived is not None:
        archive_project(request.user, project.pk, archive=payload.archived)
    return with_etag(response, project_body(own_project(request, project_id)))


@router.delete(
    "/projects/{project_id}",
    response={200: ActionOut, **COMMON},
    tags=["projects"],
    summary="Delete a project; its tasks go to the trash",
    description="`undo` brings the project back with its tasks.",
)
def remove_project(request, project_id: str):
    return report(delete_project(request.user, own_project(request, project_id).pk))


# --- Labels -----------------------------------------------------------------------------------


def label_body(label: Label) -> dict:
    return {"id": label.pk, "name": label.name, "color": label.color, "created_at": label.created_at}


def own_label(request, label_id: str, *, lock: bool = False) -> Label:
    labels = Label.objects.filter(user=request.user)
    if lock:
        labels = labels.select_for_update()
    label = labels.filter(pk=parse_id(label_id, "label")).first()
    if label is None:
        raise not_found("label")
    return label


@router.get("/labels", response={200: LabelPage, **COMMON}, tags=["labels"], summary="List labels")
def list_labels(request):
    return listed([label_body(label) for label in Label.objects.filter(user=request.user)])


@router.post(
    "/labels",
    response={201: LabelOut, **COMMON},
    tags=["labels"],
    summary="Make a label",
    openapi_extra=links(
        "label_id",
        ReadLabel="api_routes_organise_read_label",
        ChangeLabel="api_routes_organise_change_label",
        DeleteLabel="api_routes_organise_remove_label",
    ),
)
@keyed
def create_label(request, response: HttpResponse, payload: LabelCreate):
    data = named_form(LabelForm, request, payload.model_dump())
    result = result_or_422(create_named(request.user, Label, name=data["name"], color=data["color"]))
    response["Location"] = f"{request.path.rstrip('/')}/{result.item.pk}"
    return Status(201, with_etag(response, label_body(result.item)))


@router.get("/labels/{label_id}", response={200: LabelOut, **COMMON}, tags=["labels"], summary="Read a label")
def read_label(request, response: HttpResponse, label_id: str):
    return with_etag(response, label_body(own_label(request, label_id)))


@router.patch(
    "/labels/{label_id}",
    response={200: LabelOut, 412: ErrorOut, **COMMON},
    tags=["labels"],
    summary="Rename or recolour a label",
)
def change_label(request, response: HttpResponse, label_id: str, payload: LabelPatch):
    label = own_label(request, label_id, lock=True)
    check_if_match(request, label_body(label))
    sent = payload.model_fields_set
    if {"name", "color"} & sent:
        data = {"name": payload.name if "name" in sent else label.name,
                "color": payload.color if "color" in sent else label.color}  # fmt: skip
        data = named_form(LabelForm, request, data, instance=label)
        result_or_422(rename(request.user, Label, label.pk, name=data["name"], color=data["color"]))
    return with_etag(response, label_body(own_label(request, label_id)))


@router.delete(
    "/labels/{label_id}",
    response={200: ActionOut, **COMMON},
    tags=["labels"],
    summary="Delete a label (off every task)",
)
def remove_label(request, label_id: str):
    return report(delete_label(request.user, own_label(request, label_id).pk))


# --- Sections ---------------------------------------------------------------------------------


def section_body(section: Section) -> dict:
    return {
        "id": section.pk,
        "project_id": section.project_id,
        "name": section.name,
        "position": section.position,
        "created_at": section.created_at,
    }


def own_section(request, section_id: str, *, lock: bool = False) -> Section:
    sections = Section.objects.filter(user=request.user)
    if lock:
        sections = sections.select_for_update()
    section = sections.filter(pk=parse_id(section_id, "section")).first()
    if section is None:
        raise not_found("section")
    return section


@router.get("/sections", response={200: SectionPage, **COMMON}, tags=["sections"], summary="List sections")
def list_sections(request, project: str | None = Query(None, description="Only this project's (its id).")):
    sections = Section.objects.filter(user=request.user).order_by("project_id", "position", "id")
    if project:
        sections = sections.filter(project_id=own_project(request, project).pk)
    return listed([section_body(section) for section in sections])


@router.post(
    "/sections",
    response={201: SectionOut, **COMMON},
    tags=["sections"],
    summary="Make a section",
    openapi_extra=links(
        "section_id",
        ReadSection="api_routes_organise_read_section",
        ChangeSection="api_routes_organise_change_section",
        DeleteSection="api_routes_organise_remove_section",
    ),
)
@keyed
def create_one_section(request, response: HttpResponse, payload: SectionCreate):
    if not Project.objects.filter(user=request.user, pk=payload.project_id).exists():
        raise invalid({"project_id": ["No such project."]})
    result = result_or_422(create_section(request.user, payload.project_id, payload.name))
    response["Location"] = f"{request.path.rstrip('/')}/{result.item.pk}"
    return Status(201, with_etag(response, section_body(result.item)))


@router.get("/sections/{section_id}", response={200: SectionOut, **COMMON}, tags=["sections"], summary="Read a section")
def read_section(request, response: HttpResponse, section_id: str):
    return with_etag(response, section_body(own_section(request, section_id)))


@router.patch(
    "/sections/{section_id}",
    response={200: SectionOut, 412: ErrorOut, **COMMON},
    tags=["sections"],
    summary="Rename a section",
)
def change_section(request, response: HttpResponse, section_id: str, payload: SectionPatch):
    section = own_section(request, section_id, lock=True)
    check_if_match(request, section_body(section))
    if payload.name is not None:
        result_or_422(rename_section(request.user, section.pk, payload.name))
    return with_etag(response, section_body(own_section(request, section_id)))


@router.delete(
    "/sections/{section_id}",
    response={200: ActionOut, **COMMON},
    tags=["sections"],
    summary="Delete a section; its tasks stay in the project",
    description="`undo` brings the section back with its tasks.",
)
def remove_section(request, section_id: str):
    return report(delete_section(request.user, own_section(request, section_id).pk))
