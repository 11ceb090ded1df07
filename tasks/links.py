"""Where a page's links and forms lead: a list's address with its filters, and the way back."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def with_query(path: str, status: str = "all", **params: str | None) -> str:
    params = {"status": status if status != "all" else "", **params}
    query = {name: value for name, value in params.items() if value}
    return path + (f"?{urlencode(query)}" if query else "")


def back_to_list(request, default: str = "tasks:list") -> str:
    """Return to the filtered list the form was posted from, never to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)


def undo_url(token: str) -> str:
    """The address an Undo button posts to."""
    return f"{reverse('tasks:undo')}?{urlencode({'token': token})}"


def came_from(request) -> str:
    """The page a GET came from, as a path with its query string: the `next` it names, else
    the page that linked here (a row's Edit link carries no `next`); empty for another site,
    or for this page itself (a reload)."""
    target = request.GET.get("next", "") or request.headers.get("Referer", "")
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return ""
    parts = urlsplit(target)
    if parts.path == request.path:
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")
