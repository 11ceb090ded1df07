from __future__ import annotations

import uuid
from dataclasses import replace
from urllib.parse import parse_qs, urlencode, urlsplit

from django import template
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString

from tasks import groups, rows

register = template.Library()


@register.filter
def undo_url(message) -> str:
    """The restore URL a "moved to the trash" message carries in its tags, if any."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith("undo:"):
            return tag.removeprefix("undo:")
    return ""


def page_rows(context) -> rows.Rows:
    """What the page's rows share, with due times on the person's clock and the page's CSRF
    token (set here, the one place every page's rows pass through)."""
    request = context["request"]
    # The token the page's {% csrf_token %} tags write: masking one more for the rows would
    # cost a hundred random draws.
    token = str(context.get("csrf_token") or get_token(request))
    shared = context.get("rows") or rows.Rows(list_url=context.get("list_url", ""))
    return replace(shared, time_format=getattr(request.user, "time_format", "24h"), csrf_token=token)


@register.simple_tag(takes_context=True)
def task_rows(context, tasks) -> SafeString:
    """The rows of `tasks` (tasks/rows.py): the list's, or the trash's."""
    return page_rows(context).render(tasks)


@register.simple_tag(takes_context=True)
def agenda(context, day_groups) -> SafeString:
    """Today's and Upcoming's groups with their rows (tasks/groups.py)."""
    return groups.agenda(day_groups, page_rows(context), context.get("reschedule_min", ""))


@register.simple_tag(takes_context=True)
def outline(context, section_groups) -> SafeString:
    """A project's page or the Inbox in the person's own order (tasks/groups.py)."""
    return groups.outline(section_groups, page_rows(context))


@register.simple_tag(takes_context=True)
def sidebar_markup(context) -> SafeString:
    """The lists beside every task page (tasks.sidebar.Sidebar)."""
    request = context["request"]
    return context["sidebar"].markup(request.path, request.COOKIES.get("sidebar") == "open")


@register.filter
def urlencode_dict(values: dict) -> str:
    """A dict as a query string: `?{{ values|urlencode_dict }}`."""
    return urlencode(values)


@register.simple_tag
def url_of(name: str, *args) -> str:
    """{% url %} for the links on every page (the header, the sidebar, the list's forms),
    reversed once per process: a list page has a dozen, at a tenth of a millisecond each."""
    return rows.cached_reverse(name, *(str(arg) for arg in args))


@register.simple_tag
def new_id() -> str:
    """A fresh one-time id, for each add form on a page (tasks.actions.tasks.create_task)."""
    return str(uuid.uuid4())


# An Undo address longer than this carries its token in the form's body instead: a bulk
# action's token is too long for an address (servers refuse request lines past 4 KB).
MAX_UNDO_URL = 1500


@register.filter
def undo_action(message) -> str:
    """Where a message's Undo form posts: its address, or /undo/ alone for a long token."""
    url = undo_url(message)
    return url if len(url) <= MAX_UNDO_URL else urlsplit(url).path


@register.filter
def undo_token(message) -> str:
    """The token a long Undo address carries, for the form's body ("" for a short one)."""
    url = undo_url(message)
    return parse_qs(urlsplit(url).query).get("token", [""])[0] if len(url) > MAX_UNDO_URL else ""
