"""A project's page and the Inbox in the person's own order ("manual"): sections in their order,
each top task followed by its sub-tasks, indented, at any depth.

Three statements, whatever the number of tasks: the project's sections; one page of top
tasks, walking idx_tasks_manual section by section (a UNION ALL of one short index walk per
section, each stopping at the page size); and the families of those tasks, one recursive
walk of idx_tasks_parent whose ids read their rows by primary key. A page holds at most PAGE_SIZE top
tasks, each with its whole family, so a page boundary never splits a family: the next page
starts with the next top task.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import BooleanField, Q, Value
from django.db.models.expressions import RawSQL

from tasks.models import FAMILY_WALK, Section, Task, TaskQuerySet
from tasks.pagination import PAGE_SIZE, Position, encode_cursor

# The cursor of a page in this order: the last top task's section (this id for none),
# position and id.
NO_PLACE = uuid.UUID(int=0)
CURSOR_TYPES = (uuid.UUID, Position, uuid.UUID)


@dataclass
class Group:
    """A section (None: the tasks in no section) and its rows in outline order."""

    section: Section | None
    tasks: list = field(default_factory=list)


@dataclass
class Outline:
    groups: list[Group]
    next_cursor: str | None

    @property
    def tasks(self) -> list:
        return [task for group in self.groups for task in group.tasks]


def sections_of(user, project) -> list[Section]:
    if project is None:
        return []  # the Inbox has none
    return list(Section.objects.filter(user=user, project=project).order_by("position", "id"))


def outline(user, scope: TaskQuerySet, status: str, project, cursor: tuple | None, size: int = PAGE_SIZE) -> Outline:
    """The page of `scope` (a project's or the Inbox's tasks, with the status filter applied)
    that starts after `cursor`, in outline order."""
    sections = sections_of(user, project)
    groups = [Group(None), *(Group(section) for section in sections)]
    keys = [None, *(section.pk for section in sections)]
    start = 0
    if cursor is not None:
        after = None if cursor[0] == NO_PLACE else cursor[0]
        start = keys.index(after) if after in keys else len(keys)
    shown = [(n, key) for n, key in enumerate(keys[start:], start) if not (n and groups[n].section.collapsed)]
    tops = top_tasks(scope, shown, cursor, size)
    next_cursor = None
    if len(tops) > size:
        tops = tops[:size]
        last = tops[-1]
        next_cursor = encode_cursor((last.section_id or NO_PLACE, last.position, last.pk))
    families = children_of(user, [task.pk for task in tops])
    set_neighbours(tops)
    for task in tops:
        groups[task.group].tasks += with_family(task, families, status)
    return Outline(groups[start:], next_cursor)


def top_tasks(scope: TaskQuerySet, shown: list[tuple], cursor: tuple | None, size: int) -> list:
    """Up to `size` + 1 top tasks of the sections `shown` ((group number, section id) pairs, in
    order; None for no section), after `cursor`: one statement, a walk per section."""
    tops = scope.filter(parent__isnull=True)
    walks = []
    for n, key in shown:
        walk = tops.filter(section=key) if key else tops.filter(section__isnull=True)
        if cursor is not None and n == shown[0][0]:
            walk = walk.filter(Q(position__gt=cursor[1]) | Q(position=cursor[1], id__gt=cursor[2]))
        # In idx_tasks_manual's own order: by project and section too, though each is one
        # value here, as an IS NULL does not tell the planner so (no sort step).
        walk = walk.with_labels().annotate(group=Value(n))
        walks.append(walk.order_by("project_id", "section_id", "position", "id")[: size + 1])
    if not walks:
        return []
    first, *rest = walks
    if not rest:
        return list(first)
    return list(first.union(*rest, all=True).order_by("group", "position", "id")[: size + 1])


def children_of(user, ids: list) -> dict:
    """The live sub-tasks at any depth below the tasks `ids`, by parent id, in their order."""
    if not ids:
        return {}
    # The walk's ids as an array (an initplan), then the rows by primary key: joined to the
    # walk, or with IN, the planner cannot tell how few it finds and reads the whole table.
    walk = RawSQL(f"tasks.id = ANY(ARRAY({FAMILY_WALK}))", [ids, user.pk], output_field=BooleanField())
    family = Task.objects.filter(walk, user=user).alive().exclude(pk__in=ids)
    children: dict = {}
    for task in family.with_labels().order_by("position", "id"):
        children.setdefault(task.parent_id, []).append(task)
    return children


def with_family(top, children: dict, status: str, depth: int = 0) -> list:
    """`top` and below it its sub-tasks shown (by `status`; none under a folded parent), depth
    first, each with `depth`, its sub-tasks' counts (`subtasks`: done, all) and its siblings
    before and after (for "Move up" and "Move down")."""
    kids = children.get(top.pk, [])
    top.depth = depth
    top.subtasks = (sum(kid.completed for kid in kids), len(kids))
    rows = [top]
    if top.collapsed:
        return rows
    shown = [kid for kid in kids if status == "all" or kid.completed == (status == "completed")]
    set_neighbours(shown)
    for kid in shown:
        rows += with_family(kid, children, status, depth + 1)
    return rows


def set_neighbours(tasks: list) -> None:
    """Each task's siblings before and after it on the page (within its section)."""
    for n, task in enumerate(tasks):
        before, after = tasks[n - 1] if n else None, tasks[n + 1] if n + 1 < len(tasks) else None
        task.before = before.pk if before is not None and before.section_id == task.section_id else None
        task.after = after.pk if after is not None and after.section_id == task.section_id else None
