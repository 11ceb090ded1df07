"""Structure inside a project: sub-tasks, sections and the person's own order.

A task's place is its parent (a sub-task) or its project and section (a top task), and its
`position` among those siblings. Positions are gapped: a new task takes the clock (so it comes
last), a move takes a value between its two new neighbours, and only when two neighbours
have no room left between them are the few siblings around them spread out (`spread`), in
one statement. A move never renumbers the list.

The database holds the rules too (migration 0015): a parent and a section of the same
person's, a section of the task's own project, at most MAX_DEPTH levels, no cycle, and a
sub-task always in its parent's project and section.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q

from tasks.actions import undo
from tasks.actions.base import Result, lock_person, own_tasks, pk_of
from tasks.models import MAX_DEPTH, MAX_SECTIONS, Project, Section, Task
from tasks.validators import clean_name
from tasks.wording import plural

# The room a spread leaves between two siblings, and a move to an end of the group.
GAP = 1 << 20


class Refused(ValueError):
    """A place a task cannot go, in words, for the field that asked for it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message

    def result(self) -> Result:
        return Result(changed=False, message=self.message, errors={self.field: [self.message]})


def depth_of(user, task_id) -> int:
    """How many levels below a top task `task_id` is (0 for a top task)."""
    return own_tasks(user).filter(pk=task_id).with_ancestors(user.pk).count() - 1


def height_of(user, task_id) -> int:
    """How many levels of sub-tasks `task_id` has below it (0 for none)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE family (id, level) AS ("
            " SELECT id, 1 FROM tasks WHERE user_id = %s AND parent_id = %s"
            " UNION ALL SELECT t.id, f.level + 1 FROM tasks t JOIN family f ON t.user_id = %s AND t.parent_id = f.id"
            " WHERE f.level <= %s"
            ") SELECT coalesce(max(level), 0) FROM family",
            [user.pk, task_id, user.pk, MAX_DEPTH],
        )
        return cursor.fetchone()[0]


def check_parent(user, task_id, parent) -> Task:
    """The live task `parent` of the person's, if `task_id` (None: a new task) may go under it."""
    found = own_tasks(user).alive().filter(pk=pk_of(parent)).first()
    if found is None:
        raise Refused("parent", "That parent task does not exist or is in the trash.")
    if task_id is not None and own_tasks(user).filter(pk=found.pk).with_ancestors(user.pk).filter(pk=task_id).exists():
        raise Refused("parent", "A task cannot go under itself or one of its own sub-tasks.")
    below = height_of(user, task_id) if task_id is not None else 0
    if depth_of(user, found.pk) + 1 + below > MAX_DEPTH:
        raise Refused("parent", f"Sub-tasks go at most {MAX_DEPTH} levels deep.")
    return found


def check_section(user, section, project) -> Section:
    """The person's section `section`, if it is in `project` (a project or its id; None: any)."""
    found = Section.objects.filter(user=user, pk=pk_of(section)).first()
    if found is None:
        raise Refused("section", "That section does not exist.")
    if project is not None and found.project_id != pk_of(project):
        raise Refused("section", "That section is in another project.")
    return found


def placement(user, task_id, *, project=..., section=..., parent=...) -> dict:
    """The columns that put a task (None: a new one) under `parent`, or at the top of
    `section`, or at the top of `project` (... leaves that one as it is); refused in words."""
    if parent is not ... and parent is not None:
        found = check_parent(user, task_id, parent)
        return {"parent_id": found.pk, "project_id": found.project_id, "section_id": found.section_id}
    if section is not ... and section is not None:
        found = check_section(user, section, None if project is ... else project)
        return {"parent_id": None, "project_id": found.project_id, "section_id": found.pk}
    columns = {} if parent is ... else {"parent_id": None}
    if section is not ...:
        columns |= {"section_id": None, "parent_id": None}
    if project is not ...:
        columns |= {"project_id": pk_of(project), "section_id": None, "parent_id": None}
    return columns


def siblings(user, place: dict):
    """The live tasks that share `place` (a task's parent_id, project_id and section_id)."""
    tasks = own_tasks(user).alive()
    if place["parent_id"] is not None:
        return tasks.filter(parent_id=place["parent_id"])
    return tasks.filter(parent__isnull=True, project_id=place["project_id"], section_id=place["section_id"])


def place_of(task: Task) -> dict:
    return {"parent_id": task.parent_id, "project_id": task.project_id, "section_id": task.section_id}


def spread(group, anchor: Task) -> None:
    """Make room around `anchor` in its sibling group: the few siblings on each side of it get
    positions evenly spaced between the two just outside them, in one statement. The window
    doubles until the room between its bounds is enough (a group's ends have room without
    bound), so a spread touches dozens of rows, not the whole list."""
    for size in (8, 32, 128, 512, 2048, None):
        before = rows_beside(group, anchor, before=True, size=size)
        after = rows_beside(group, anchor, before=False, size=size)
        low = before.pop()[1] if size is not None and len(before) > size else None
        high = after.pop()[1] if size is not None and len(after) > size else None
        window = [*reversed(before), (anchor.pk, anchor.position), *after]
        low = window[0][1] - GAP if low is None else low
        high = window[-1][1] + GAP * len(window) if high is None else high
        step = (high - low) // (len(window) + 1)
        if step >= 4:
            ids = [pk for pk, _ in window]
            places = [low + step * (n + 1) for n in range(len(window))]
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE tasks SET position = m.position FROM unnest(%s::uuid[], %s::bigint[]) AS m(id, position)"
                    " WHERE tasks.id = m.id",
                    [ids, places],
                )
            return


def rows_beside(group, anchor: Task, *, before: bool, size: int | None) -> list[tuple]:
    """Up to `size` + 1 siblings (id, position) on one side of `anchor`, nearest first (all for None)."""
    rows = group.filter(side(anchor, before=before)).order_by(*(("-position", "-id") if before else ("position", "id")))
    rows = rows.values_list("pk", "position")
    return list(rows if size is None else rows[: size + 1])


def side(anchor: Task, *, before: bool) -> Q:
    """The siblings before (or after) `anchor` in the group's order (position, then id)."""
    if before:
        return Q(position__lt=anchor.position) | Q(position=anchor.position, id__lt=anchor.pk)
    return Q(position__gt=anchor.position) | Q(position=anchor.position, id__gt=anchor.pk)


def neighbour(group, anchor: Task, *, before: bool):
    """The position of the sibling just before (or after) `anchor` in the group's order, or None."""
    order = ("-position", "-id") if before else ("position", "id")
    return group.filter(side(anchor, before=before)).order_by(*order).values_list("position", flat=True).first()


def between(group, anchor: Task, *, before: bool) -> int | None:
    """A position right before (or after) `anchor`, or None when there is no room."""
    other = neighbour(group, anchor, before=before)
    if other is None:
        return anchor.position - GAP if before else anchor.position + GAP
    low, high = (other, anchor.position) if before else (anchor.position, other)
    return (low + high) // 2 if high - low > 1 else None


@transaction.atomic
def move_task(user, task_id, *, before=None, after=None, parent=..., section=..., project=...) -> Result:
    """Move a live task, with its sub-tasks: right before or after a sibling-to-be (`before`,
    `after`: a task's id), or last under `parent` (None: a top task), or last in `section`
    (None: no section) or `project` (None: the Inbox)."""
    lock_person(user.pk)  # one move at a time per person: a spread never crosses another move
    task = own_tasks(user).alive().select_for_update().get(pk=task_id)
    try:
        anchor = None
        if before is not None or after is not None:
            anchor = own_tasks(user).alive().filter(pk=pk_of(before if before is not None else after)).first()
            field = "before" if before is not None else "after"
            if anchor is None or anchor.pk == task.pk:
                raise Refused(field, "Move it next to another task of yours.")
            # With a parent or a section asked for too, the neighbour must be there.
            if any(value is not ... and pk_of(value) != have for value, have in
                   ((parent, anchor.parent_id), (section, anchor.section_id))):  # fmt: skip
                raise Refused(field, "That task is not in the place asked for.")
            columns = placement(user, task.pk, parent=anchor.parent_id) if anchor.parent_id else {}
            columns = columns or {"parent_id": None, "project_id": anchor.project_id, "section_id": anchor.section_id}
        else:
            columns = placement(user, task.pk, parent=parent, section=section, project=project)
        place = place_of(task) | columns
        group = siblings(user, place).exclude(pk=task.pk)
        if anchor is None:
            last = group.aggregate(last=Max("position"))["last"]
            columns["position"] = (last + GAP) if last is not None else task.position
        else:
            columns["position"] = between(group, anchor, before=before is not None)
            if columns["position"] is None:
                spread(group, anchor)
                anchor.refresh_from_db(fields=["position"])
                columns["position"] = between(group, anchor, before=before is not None)
        with transaction.atomic():
            Task.objects.filter(pk=task.pk).update(**columns)
    except Refused as refused:
        return refused.result()
    except IntegrityError:
        return Refused("parent", "That place would break the rules for sub-tasks.").result()
    task.refresh_from_db()
    return Result(changed=True, task=task, message=f"Moved “{task.title}”.")


@transaction.atomic
def set_collapsed(user, model, pk, collapsed: bool) -> Result:
    """Fold or unfold a parent task's sub-tasks or a section's tasks (`model`), remembered."""
    items = Task.objects.for_user(user) if model is Task else Section.objects.filter(user=user)
    count = items.filter(pk=pk).update(collapsed=collapsed)
    return Result(changed=bool(count), count=count)


@transaction.atomic
def create_section(user, project_id, name: str) -> Result:
    """A new section, last in the project, within MAX_SECTIONS per project."""
    lock_person(user.pk)
    project = Project.objects.filter(user=user).get(pk=project_id)
    try:
        name = clean_name(name, "section")
    except Exception as exc:  # noqa: BLE001 (a ValidationError's message, said back)
        return Refused("name", getattr(exc, "messages", [str(exc)])[0]).result()
    if Section.objects.filter(user=user, project=project).count() >= MAX_SECTIONS:
        return Refused("name", f"A project holds at most {MAX_SECTIONS} sections.").result()
    section = Section.objects.create(user=user, project=project, name=name)
    return Result(changed=True, item=section, message=f"Added the section “{section.name}”.")


@transaction.atomic
def rename_section(user, pk, name: str) -> Result:
    section = Section.objects.filter(user=user).select_for_update().get(pk=pk)
    try:
        name = clean_name(name, "section")
    except Exception as exc:  # noqa: BLE001
        return Refused("name", getattr(exc, "messages", [str(exc)])[0]).result()
    Section.objects.filter(pk=section.pk).update(name=name)
    section.refresh_from_db()
    return Result(changed=True, item=section, message=f"Renamed the section to “{section.name}”.")


@transaction.atomic
def move_section(user, pk, *, up: bool) -> Result:
    """Swap a section with the one before (`up`) or after it in its project."""
    section = Section.objects.filter(user=user).select_for_update().get(pk=pk)
    others = Section.objects.filter(user=user, project_id=section.project_id).exclude(pk=section.pk)
    if up:
        other = others.filter(position__lte=section.position).order_by("-position", "-id").first()
    else:
        other = others.filter(position__gte=section.position).order_by("position", "id").first()
    if other is None:
        return Result(changed=False, item=section, message=f"“{section.name}” is already {'first' if up else 'last'}.")
    if other.position == section.position:
        other.position += -1 if up else 1
    Section.objects.filter(pk=section.pk).update(position=other.position)
    Section.objects.filter(pk=other.pk).update(position=section.position)
    return Result(changed=True, item=section, message=f"Moved the section “{section.name}”.")


@transaction.atomic
def delete_section(user, pk) -> Result:
    """Delete a section; its tasks stay in the project, in no section (the database's SET NULL),
    with an Undo that brings the section back with the tasks that are still in no section."""
    section = Section.objects.filter(user=user).select_for_update().get(pk=pk)
    ids = [str(pk) for pk in own_tasks(user).filter(section=section).values_list("pk", flat=True)]
    Section.objects.filter(pk=section.pk).delete()
    note = {
        "section": str(section.pk),
        "project": str(section.project_id),
        "name": section.name,
        "position": section.position,
        "tasks": ids,
    }
    return Result(
        changed=True,
        count=len(ids),
        message=f"Deleted the section “{section.name}”; its {plural(len(ids), 'task')} stay in the project.",
        undo=undo.token(user, "section_deleted", **note),
    )


def undo_section_deletion(user, note: dict) -> Result:
    """Bring a deleted section back, with its tasks that are still in its project and in no section."""
    if not Project.objects.filter(user=user, pk=note["project"]).exists():
        return Result(changed=False, message="Its project is gone; nothing was changed.")
    section, made = Section.objects.get_or_create(
        pk=note["section"],
        defaults={"user": user, "project_id": note["project"], "name": note["name"], "position": note["position"]},
    )
    if not made:
        return Result(changed=False, message="That section is back already.")
    count = (
        own_tasks(user)
        .filter(pk__in=note["tasks"], project_id=note["project"], section__isnull=True, parent__isnull=True)
        .update(section=section)
    )
    return Result(changed=True, item=section, count=count, message=f"The section “{section.name}” is back.")


def open_family(user_id, ids) -> list:
    """The open sub-tasks, at any depth, of the person's tasks `ids` (not those tasks themselves)."""
    if not ids:
        return []
    family = Task.objects.filter(user_id=user_id, pk__in=ids).with_families(user_id)
    return list(family.active().exclude(pk__in=ids).values_list("pk", flat=True))
