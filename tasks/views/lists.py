"""Pages of tasks: the main list, the Inbox, Today, Upcoming, a project, a label, and the trash."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from urllib.parse import urlencode

from django.http import Http404
from django.middleware.csrf import get_token
from django.urls import reverse
from django.views.generic import ListView

from tasks.forms import STATUSES, ListParamsForm, ProjectForm
from tasks.links import with_query
from tasks.models import COLORS, PRIORITIES, TaskQuerySet
from tasks.pagination import AGENDA, PAGE_SIZE, SORTS, TRASHED_ORDER, Sort, decode_cursor, keyset_page
from tasks.rows import Rows
from tasks.sidebar import Sidebar
from tasks.views.base import UserTasksMixin
from tasks.wording import day_heading

SORT_LABELS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "updated": "Recently updated",
    "title": "Title A–Z",
    "due": "Due date",
    "priority": "Priority",
}


class TaskPageView(UserTasksMixin, ListView):
    """A page of tasks: the main list, and (subclasses) the Inbox, a project, a label, Today
    and Upcoming. Each is its scope of tasks with the same filters, sorts, keyset pages, bulk
    actions and sidebar, in five statements (tasks.sidebar)."""

    template_name = "tasks/task_list.html"
    context_object_name = "tasks"
    heading = "All tasks"
    # A page with an order of its own (Today, Upcoming) offers no sorts and no status tabs.
    order: Sort | None = None

    def get(self, request, *args, **kwargs):
        self.today = request.user.today()
        self.sidebar = Sidebar.of(request.user, self.today)
        self.find(**kwargs)
        params = ListParamsForm(request.GET).params(self.order)
        self.status = params["status"] if self.order is None else "all"
        self.sort, self.query, self.cursor = params["sort"], params["q"], params["cursor"]
        self.selecting, self.all_selected = params["select"], params["select_all"]
        return super().get(request, *args, **kwargs)

    def find(self, **kwargs) -> None:
        """Look up what the URL names (a project, a label) among the sidebar's: a 404 if not there."""

    def scope(self) -> TaskQuerySet:
        """The page's tasks, before the filters and the order."""
        return self.user_tasks()

    def counts(self) -> dict[str, int] | None:
        """All, active and completed counts of the scope, for the tabs; None when not kept."""
        return self.sidebar.counts

    def page_url(self) -> str:
        return self.request.path

    def quick_add_values(self) -> dict[str, str]:
        """What a task added on this page is given besides its title (the quick-add form's hidden fields)."""
        return {}

    def get_queryset(self):
        tasks = self.scope().with_status(self.status).search(self.query)
        tasks = tasks.keyset(self.order, self.cursor) if self.order else tasks.ordered(self.sort, after=self.cursor)
        return tasks.with_labels()

    def get_context_data(self, **kwargs):
        page = keyset_page(self.object_list, PAGE_SIZE, keys=(self.order or SORTS[self.sort]).keys)
        kwargs["object_list"] = page.items
        context = super().get_context_data(**kwargs)
        params = {"q": self.query, "sort": self.sort if self.sort != "newest" else ""}
        here = self.page_url()
        list_url = self.request.get_full_path()
        counts = self.counts()
        context.update(
            heading=self.heading,
            sidebar=self.sidebar,
            fixed_order=self.order is not None,
            status=self.status,
            query=self.query,
            sort=self.sort,
            sort_labels=SORT_LABELS,
            counts=counts,
            status_links=[(s, with_query(here, status=s, **params)) for s in STATUSES],
            is_first_page=self.cursor is None,
            first_url=with_query(here, status=self.status, **params),
            next_url=with_query(here, status=self.status, **params, cursor=page.next_cursor)
            if page.next_cursor
            else None,
            select_url=with_query(here, status=self.status, **params, select="1"),
            select_all_url=with_query(here, status=self.status, **params, select="all"),
            done_selecting_url=with_query(here, status=self.status, **params),
            selecting=self.selecting,
            list_url=list_url,
            page_url=here,
            rows=Rows(
                list_url=list_url,
                csrf_token=get_token(self.request),
                today=self.today,
                names=self.sidebar.names,
                selecting=self.selecting,
                all_selected=self.all_selected,
            ),
            quick_add=self.quick_add_values(),
            bulk_projects=self.sidebar.active_projects,
            bulk_labels=self.sidebar.labels,
            priorities=PRIORITIES,
            submission=uuid.uuid4(),
        )
        return context


class TaskListView(TaskPageView):
    pass


class InboxView(TaskPageView):
    heading = "Inbox"

    def scope(self):
        return self.user_tasks().in_project(None)

    def counts(self):
        return self.sidebar.inbox_counts


class TodayView(TaskPageView):
    """Overdue and due today, in the person's time zone: overdue first, then by time and priority."""

    heading = "Today"
    order = AGENDA

    def scope(self):
        return self.user_tasks().due_by(self.today)

    def counts(self):
        return None

    def quick_add_values(self):
        return {"due_date": self.today.isoformat()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(due_by=self.today.isoformat(), **kwargs)


class UpcomingView(TaskPageView):
    """From today on, grouped by day for the next two weeks, then "Later"."""

    heading = "Upcoming"
    order = AGENDA
    template_name = "tasks/upcoming.html"
    DAYS = 14

    def scope(self):
        return self.user_tasks().due_from(self.today)

    def counts(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = group_by_day(context["tasks"], self.today, self.DAYS)
        return context


def group_by_day(tasks, today: date, days: int) -> list[tuple[str, date | None, list]]:
    """The tasks under one heading per day ("Today · Mon 30 Nov"), then under "Later"."""
    groups: list[tuple[str, date | None, list]] = []
    last = today + timedelta(days=days - 1)
    for task in tasks:
        day = task.due_date if task.due_date <= last else None
        if not groups or groups[-1][1] != day:
            groups.append(("Later" if day is None else day_heading(day, today), day, []))
        groups[-1][2].append(task)
    return groups


class ProjectTasksView(TaskPageView):
    """A project's tasks, and its settings: rename, colour, archive, delete."""

    template_name = "tasks/project.html"

    def find(self, pk):
        self.project = self.sidebar.project(pk)
        if self.project is None:
            raise Http404("No such project.")
        self.heading = self.project.name

    def scope(self):
        return self.user_tasks().in_project(self.project)

    def counts(self):
        return self.project.counts

    def quick_add_values(self):
        return {"project": str(self.project.pk)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.project,
            project_form=ProjectForm(instance=self.project, user=self.request.user),
            colors=COLORS,
            **kwargs,
        )


class LabelTasksView(TaskPageView):
    """The tasks with a label."""

    def find(self, pk):
        self.label = self.sidebar.label(pk)
        if self.label is None:
            raise Http404("No such label.")
        self.heading = f"@{self.label.name}"

    def scope(self):
        return self.user_tasks().labelled(self.label)

    def counts(self):
        return None  # not kept per label: the tabs show no numbers here

    def quick_add_values(self):
        return {"labels": str(self.label.pk)}


class TrashListView(UserTasksMixin, ListView):
    template_name = "tasks/trash.html"
    context_object_name = "tasks"

    def get(self, request, *args, **kwargs):
        self.cursor = decode_cursor(request.GET.get("cursor"), TRASHED_ORDER.types)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.user_tasks().recently_trashed(after=self.cursor)

    def get_context_data(self, **kwargs):
        page = keyset_page(self.object_list, PAGE_SIZE, keys=TRASHED_ORDER.keys)
        kwargs["object_list"] = page.items
        context = super().get_context_data(**kwargs)
        trash_url = reverse("tasks:trash")
        context.update(
            is_first_page=self.cursor is None,
            first_url=trash_url,
            next_url=f"{trash_url}?{urlencode({'cursor': page.next_cursor})}" if page.next_cursor else None,
        )
        return context
