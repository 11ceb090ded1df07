"""The markup of a task row, for every page and answer that shows one: the list, the trash,
and the JSON the script gets after a change.

Rendered in Python, not by the template engine: a list page has 50 rows, and the template
engine spent about half of the page's CPU time on them (py-spy under load,
docs/PERFORMANCE.md). Every value is escaped here, and a description is Markdown made safe
(tasks/descriptions.py). Task URLs come from `task_url`, the one place they are built.
"""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, cached_property

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

from tasks.descriptions import description_html
from tasks.wording import clock, due_kind, due_words

ZERO = str(uuid.UUID(int=0))


@cache
def cached_reverse(viewname: str, *args: str) -> str:
    """reverse(), once per name and arguments: a list page needs a few hundred URLs, and
    reverse() costs tens of microseconds each."""
    return reverse(viewname, args=args or None)


def task_url(name: str, pk: uuid.UUID | str) -> str:
    """reverse("tasks:<name>", args=[pk]) (a task's, a project's or a label's page or action),
    from one URL reversed once with a placeholder id."""
    return cached_reverse(f"tasks:{name}", ZERO).replace(ZERO, str(pk))


def ago(moment: datetime) -> str:
    """ "just now" for the last minute, then "5 minutes ago", "2 days ago" (never "0 minutes ago")."""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"


LIVE = """<li class="task{completed_class}{depth_class}" id="task-{id}" data-task tabindex="-1"{family}>{handle}
  <input type="checkbox" name="ids" value="{id}" form="bulk-form" class="select"{checked}
    aria-labelledby="label-select title-{id}">
  <form method="post" action="{toggle_url}" class="inline-form" data-action="toggle">
    <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
    <input type="hidden" name="next" value="{list_url}">{occurrence}
    <button type="submit" class="check{priority_class}" aria-pressed="{pressed}"
      aria-labelledby="{toggle_label} title-{id}"></button>
  </form>
  <div class="task-body">
    <span class="task-title" id="title-{id}" data-title>{title}</span>{description}{meta}
  </div>{fold}
  <details class="row-menu">
    <summary class="button button-secondary button-small" aria-labelledby="label-actions title-{id}">⋯</summary>
    <div class="row-menu-items">
      <a href="{edit_url}" data-details aria-labelledby="label-details title-{id}">Edit</a>
      <a href="{edit_url}" data-edit aria-labelledby="label-edit title-{id}">Rename</a>
      <a href="{delete_url}" data-delete aria-labelledby="label-delete title-{id}">Delete</a>{moves}
    </div>
  </details>
</li>
"""
# "Move up" and "Move down" in a row's menu, on a page in the person's own order: a POST next
# to the sibling before or after (without the script too; Alt+Up and Alt+Down press them).
MOVE = """
      <form method="post" action="{move_url}" class="inline-form" data-move="{direction}">
        <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
        <input type="hidden" name="next" value="{list_url}">
        <input type="hidden" name="{where}" value="{sibling}">
        <button type="submit" class="menu-button"
          aria-labelledby="label-move-{direction} title-{id}">Move {direction}</button>
      </form>"""
# The handle a row is dragged by (the script's: without it the handle stays hidden, its room
# kept so that nothing moves when the script arrives; static/js/app/order.js).
HANDLE = """
  <button type="button" class="drag-handle" data-drag data-url="{move_url}"
    aria-labelledby="label-drag title-{id}"></button>"""
# A parent's fold, on a page in the person's own order: its sub-tasks shown or folded away.
FOLD = """
  <form method="post" action="{collapse_url}" class="inline-form fold">
    <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
    <input type="hidden" name="next" value="{list_url}">
    <input type="hidden" name="collapsed" value="{collapse}">
    <button type="submit" class="button button-secondary button-small" aria-expanded="{expanded}"
      aria-labelledby="label-fold title-{id}">{arrow}</button>
  </form>"""
# The same row in the trash: when it went there, and the way back.
TRASHED = """<li class="task{completed_class}" id="task-{id}">
  <div class="task-body">
    <span class="task-title" id="title-{id}">{title}</span>
    <p class="task-meta">Trashed <time datetime="{deleted_at}">{deleted_ago}</time></p>
  </div>
  <form method="post" action="{restore_url}" class="inline-form">
    <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
    <button type="submit" class="button button-secondary button-small">Restore<span
      class="visually-hidden"> “{title}”</span></button>
  </form>
</li>
"""


@dataclass
class Rows:
    """What every row of a page shares: where its forms return to, the CSRF token, the
    person's today (for "Today", "Tomorrow" and what is overdue) and clock ("24h" or "12h"), the
    names of their projects and labels by id (the rows carry ids), and whether the page is
    selecting."""

    list_url: str
    csrf_token: str = ""
    today: date | None = None
    time_format: str = "24h"
    names: dict = field(default_factory=dict)
    selecting: bool = False
    all_selected: bool = False
    # The page is in the person's own order (tasks.outline): rows can move up and down.
    manual: bool = False

    def render(self, tasks) -> SafeString:
        return mark_safe("".join(task_row(task, self) for task in tasks))  # noqa: S308

    # What every row of the page writes the same, escaped once for all of them.
    @cached_property
    def escaped_csrf_token(self) -> str:
        return html.escape(self.csrf_token)

    @cached_property
    def escaped_list_url(self) -> str:
        return html.escape(self.list_url)


def color_class(item) -> str:
    """The class of a project's or label's colour (" c-db4035"), "" for none or one not of the palette."""
    return f" c-{item.color[1:]}" if item.color and re.fullmatch(r"#[0-9a-f]{6}", item.color) else ""


# Coloured as in Todoist: overdue red, today green, tomorrow amber, the week ahead purple, later grey.
DUE_CLASSES = {"overdue": " is-overdue", "today": " due-today", "tomorrow": " due-tomorrow", "week": " due-week"}


def due_class(task, today: date) -> str:
    """The due date's colour class (" due-today"); none on a completed task, whose date is history."""
    return "" if task.completed else DUE_CLASSES.get(due_kind(task.due_date, today), "")


def meta_line(task, rows: Rows) -> str:
    """The facts under the title, each only when there is one: when it is due, its project (not on
    that project's page), its labels and its priority."""
    parts = []
    if task.due_date is not None:
        today = rows.today or timezone.localdate()
        when = due_words(task.due_date, today)
        if task.due_time is not None:
            when += f" {clock(task.due_time, rows.time_format)}"
        repeats = '<span class="repeats" title="Repeats">↻<span class="visually-hidden"> repeats</span></span>'
        parts.append(
            f'<span class="due{due_class(task, today)}"><time datetime="{task.due_date.isoformat()}">{when}</time>'
            f"{repeats if task.recurrence else ''}</span>"
        )
    # Not on the project's own page (the rows' list is the project's): every row would say it.
    if (project := rows.names.get(task.project_id)) is not None and not rows.list_url.startswith(project.url):
        parts.append(
            f'<a class="meta-project{project.color_class}" href="{project.url}">{html.escape(project.name)}</a>'
        )
    for label_id in getattr(task, "label_ids", None) or ():
        if (label := rows.names.get(label_id)) is not None:
            parts.append(f'<a class="meta-label{label.color_class}" href="{label.url}">@{html.escape(label.name)}</a>')
    if task.priority < 4:
        parts.append(f'<span class="priority p{task.priority}">P{task.priority}</span>')
    done, total = getattr(task, "subtasks", (0, 0))
    if total:
        parts.append(f'<span class="subtasks" title="Sub-tasks done">{done}/{total}</span>')
    return f'\n    <p class="task-meta">{" ".join(parts)}</p>' if parts else ""


def structure_parts(task, rows: Rows, pk: str, csrf_token: str, list_url: str) -> dict[str, str]:
    """A row's place in an outline (tasks.outline): its depth, its sub-tasks' count and fold,
    and the moves up and down; all empty on other pages."""
    depth = getattr(task, "depth", 0)
    done, total = getattr(task, "subtasks", (0, 0))
    parts = {"depth_class": f" depth-{depth}" if depth else "", "family": "", "fold": "", "moves": "", "handle": ""}
    if task.parent_id:
        parts["family"] = f' data-parent="{task.parent_id}"'
    if not rows.manual:
        return parts
    shared = {"id": pk, "csrf_token": csrf_token, "list_url": list_url}
    parts["handle"] = HANDLE.format(move_url=task_url("move", pk), id=pk)
    if total:
        parts["fold"] = FOLD.format(
            collapse_url=task_url("collapse", pk),
            collapse="0" if task.collapsed else "1",
            expanded="false" if task.collapsed else "true",
            arrow="▸" if task.collapsed else "▾",
            **shared,
        )
    moves = [("up", "before", task.before), ("down", "after", task.after)]
    parts["moves"] = (
        "".join(
            MOVE.format(move_url=task_url("move", pk), direction=direction, where=where, sibling=sibling, **shared)
            for direction, where, sibling in moves
            if getattr(task, where, None) is not None or False
        )
        if hasattr(task, "before")
        else ""
    )
    return parts


def occurrence_inputs(task, pk: str) -> str:
    """A repeating row's occurrence, sent with its completion (alone and in the bulk form), so
    that completing it twice from two tabs or a double click never skips a date."""
    if not task.recurrence or task.completed or task.due_date is None:
        return ""
    due = task.due_date.isoformat()
    return (
        f'\n    <input type="hidden" name="due" value="{due}">'
        f'\n    <input type="hidden" name="due-{pk}" value="{due}" form="bulk-form">'
    )


def task_row(task, rows: Rows) -> SafeString:
    """One row: on the list, the checkbox, toggle, title, description, facts and actions; in
    the trash, the title, when it was trashed and Restore."""
    pk = str(task.pk)  # once: the row shows it a dozen times
    # The standard library's escape: what Django's does, without its lazy-string check.
    title, csrf_token = html.escape(task.title), rows.escaped_csrf_token
    completed_class = " is-completed" if task.completed else ""
    if task.deleted_at is not None:
        return mark_safe(  # noqa: S308 (every value below is escaped or is ours)
            TRASHED.format(
                id=pk,
                completed_class=completed_class,
                title=title,
                deleted_at=task.deleted_at.isoformat(),
                deleted_ago=ago(task.deleted_at),
                restore_url=task_url("restore", pk),
                csrf_token=csrf_token,
            )
        )
    description = description_html(task.description) if task.description else ""
    if description:
        description = f'\n    <div class="task-description">{description}</div>'
    list_url = rows.escaped_list_url
    return mark_safe(  # noqa: S308 (every value below is escaped or is ours)
        LIVE.format(
            **structure_parts(task, rows, pk, csrf_token, list_url),
            id=pk,
            completed_class=completed_class,
            toggle_url=task_url("toggle", pk),
            edit_url=task_url("edit", pk),
            delete_url=task_url("delete", pk),
            csrf_token=csrf_token,
            list_url=list_url,
            pressed="true" if task.completed else "false",
            toggle_label="label-undone" if task.completed else "label-done",
            priority_class=f" p{task.priority}" if task.priority < 4 else "",
            title=title,
            description=description,
            meta=meta_line(task, rows),
            checked=" checked" if rows.all_selected else "",
            occurrence=occurrence_inputs(task, pk),
        )
    )
