from __future__ import annotations

import html
import uuid
from datetime import timedelta
from functools import cache

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def undo_url(message) -> str:
    """The restore URL a "moved to the trash" message carries in its tags, if any."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith("undo:"):
            return tag.removeprefix("undo:")
    return ""


@register.filter
def ago(moment) -> str:
    """ "just now" for the last minute, then "5 minutes ago", "2 days ago" (never "0 minutes ago")."""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"


ZERO = str(uuid.UUID(int=0))


@cache
def cached_reverse(viewname: str, *args: str) -> str:
    """reverse(), once per name and arguments: a list page needs a few hundred URLs, and
    reverse() costs tens of microseconds each."""
    return reverse(viewname, args=args or None)


def url_for(name: str, pk: str) -> str:
    """reverse("tasks:<name>", args=[pk]), from one URL reversed with a placeholder id."""
    return cached_reverse(f"tasks:{name}", ZERO).replace(ZERO, pk)


@register.filter
def task_url(task, name: str) -> str:
    return url_for(name, str(task.pk))


# One row of the task list. Rendered in Python, not by the template engine: a list page has
# 50 of them, and the template engine spent about half of the page's CPU time on them
# (py-spy under load, docs/PERFORMANCE.md). Every value is escaped here.
ROW = """<li class="task{completed_class}" id="task-{id}" data-task tabindex="-1">
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


def task_row(task, *, list_url: str, csrf_token: str) -> SafeString:
    """One list row: the checkbox, the toggle form, the title and description, the actions."""
    description = (
        f'\n    <p class="task-description">{linebreaksbr(task.description, autoescape=True)}</p>'
        if task.description
        else ""
    )
    pk = str(task.pk)  # once: the row shows it eleven times
    return mark_safe(  # noqa: S308 (every value below is escaped or is ours)
        ROW.format(
            id=pk,
            completed_class=" is-completed" if task.completed else "",
            toggle_url=url_for("toggle", pk),
            edit_url=url_for("edit", pk),
            delete_url=url_for("delete", pk),
            # The standard library's escape: what Django's does, without its lazy-string check.
            csrf_token=html.escape(csrf_token),
            list_url=html.escape(list_url),
            pressed="true" if task.completed else "false",
            toggle_label="label-undone" if task.completed else "label-done",
            title=html.escape(task.title),
            description=description,
        )
    )


@register.simple_tag(takes_context=True)
def task_rows(context, tasks) -> SafeString:
    request = context["request"]
    options = {"list_url": context["list_url"], "csrf_token": get_token(request)}
    return mark_safe("".join(task_row(task, **options) for task in tasks))  # noqa: S308 (escaped in task_row)
