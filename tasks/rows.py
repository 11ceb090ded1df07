"""The markup of a task row, for every page and answer that shows one: the list, the trash,
and the JSON the script gets after a change.

Rendered in Python, not by the template engine: a list page has 50 rows, and the template
engine spent about half of the page's CPU time on them (py-spy under load,
docs/PERFORMANCE.md). Every value is escaped here. Task URLs come from `task_url`, the one
place they are built.
"""

from __future__ import annotations

import html
import uuid
from datetime import datetime, timedelta
from functools import cache

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

ZERO = str(uuid.UUID(int=0))


@cache
def cached_reverse(viewname: str, *args: str) -> str:
    """reverse(), once per name and arguments: a list page needs a few hundred URLs, and
    reverse() costs tens of microseconds each."""
    return reverse(viewname, args=args or None)


def task_url(name: str, pk: uuid.UUID | str) -> str:
    """reverse("tasks:<name>", args=[pk]), from one URL reversed once with a placeholder id."""
    return cached_reverse(f"tasks:{name}", ZERO).replace(ZERO, str(pk))


def ago(moment: datetime) -> str:
    """ "just now" for the last minute, then "5 minutes ago", "2 days ago" (never "0 minutes ago")."""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"


LIVE = """<li class="task{completed_class}" id="task-{id}" data-task tabindex="-1">
  <input type="checkbox" name="ids" value="{id}" form="bulk-form" class="select"
    aria-labelledby="label-select title-{id}">
  <form method="post" action="{toggle_url}" class="inline-form" data-action="toggle">
    <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
    <input type="hidden" name="next" value="{list_url}">
    <button type="submit" class="check" aria-pressed="{pressed}" aria-labelledby="{toggle_label} title-{id}"></button>
  </form>
  <div class="task-body">
    <span class="task-title" id="title-{id}" data-title>{title}</span>{description}
  </div>
  <div class="task-actions">
    <a href="{edit_url}" class="button button-secondary button-small" data-edit
      aria-labelledby="label-edit title-{id}">Edit</a>
    <a href="{edit_url}" class="button button-secondary button-small" data-details
      aria-labelledby="label-details title-{id}">Details</a>
    <a href="{delete_url}" class="button button-secondary button-small" data-delete
      aria-labelledby="label-delete title-{id}">Delete</a>
  </div>
</li>
"""
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


def task_row(task, *, list_url: str, csrf_token: str) -> SafeString:
    """One row: on the list, the checkbox, toggle, title, description and actions; in the
    trash, the title, when it was trashed and Restore."""
    pk = str(task.pk)  # once: the row shows it eleven times
    # The standard library's escape: what Django's does, without its lazy-string check.
    title, csrf_token = html.escape(task.title), html.escape(csrf_token)
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
    description = (
        f'\n    <p class="task-description">{linebreaksbr(task.description, autoescape=True)}</p>'
        if task.description
        else ""
    )
    return mark_safe(  # noqa: S308 (every value below is escaped or is ours)
        LIVE.format(
            id=pk,
            completed_class=completed_class,
            toggle_url=task_url("toggle", pk),
            edit_url=task_url("edit", pk),
            delete_url=task_url("delete", pk),
            csrf_token=csrf_token,
            list_url=html.escape(list_url),
            pressed="true" if task.completed else "false",
            toggle_label="label-undone" if task.completed else "label-done",
            title=title,
            description=description,
        )
    )


def task_rows(tasks, *, list_url: str, csrf_token: str) -> SafeString:
    return mark_safe("".join(task_row(task, list_url=list_url, csrf_token=csrf_token) for task in tasks))  # noqa: S308
