"""Pages of tasks: the main list, the Inbox, Today, Upcoming, a project, a label, and the trash."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Value
from django.http import Http404
from django.urls import reverse
from django.views.generic import ListView

from tasks.forms import STATUSES, ListParamsForm, ProjectForm
from tasks.links import with_query
from tasks.models import COLORS, PRIORITIES, Section, TaskQuerySet
from tasks.outline import outline
from tasks.pagination import (
    AGENDA,
    PAGE_SIZE,
    SORTS,
    TRASHED_ORDER,
    Sort,
    decode_cursor,
    encode_cursor,
    keyset_page,
)
from tasks.quickadd import search_terms
from tasks.rows import Rows
from tasks.sidebar import Sidebar
from tasks.views.base import UserTasksMixin
from tasks.wording import day_heading, day_name, plural

SORT_LABELS = {
    "manual": "My order",
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
    # A page in the person's own order by default, with sections and sub-tasks (tasks.outline):
    # a project's, the Inbox.
    manual = False
    project = None

    def get(self, request, *args, **kwargs):
        self.today = request.user.today()
        self.sidebar = Sidebar.of(request.user, self.today)
        self.find(**kwargs)
        params = ListParamsForm(request.GET).params(self.order, manual=self.manual)
        self.status = params["status"] if self.order is None else "all"
        self.sort, self.query, self.cursor = params["sort"], params["q"], params["cursor"]
        self.selecting, self.all_selected = params["select"], params["select_all"]
        self.terms = search_terms(
            self.query,
            today=self.today,
            projects={project.name: project for project in self.sidebar.projects},
            labels={label.name: label for label in self.sidebar.labels},
            date_order=request.user.date_order,
        )
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

    @property
    def outlined(self) -> bool:
        """In the person's own order, as an outline; a search lists its matches newest first."""
        return self.sort == "manual" and not self.query

    def get_queryset(self):
        tasks = self.scope().with_status(self.status).matching(self.terms)
        if self.outlined:
            return tasks  # ordered and labelled by tasks.outline
        sort = "newest" if self.sort == "manual" else self.sort
        tasks = tasks.keyset(self.order, self.cursor) if self.order else tasks.ordered(sort, after=self.cursor)
        return tasks.with_labels()

    def paginate(self, params: dict) -> tuple[list, str | None]:
        """The page's tasks, and the address of the next page (None on the last)."""
        here = self.page_url()
        if self.outlined:
            page = outline(self.request.user, self.object_list, self.status, self.project, self.cursor)
            self.groups = page.groups
            next_url = (
                with_query(here, status=self.status, **params, cursor=page.next_cursor) if page.next_cursor else None
            )
            return page.tasks, next_url
        sort = "newest" if self.sort == "manual" else self.sort
        page = keyset_page(self.object_list, PAGE_SIZE, keys=(self.order or SORTS[sort]).keys)
        next_url = with_query(here, status=self.status, **params, cursor=page.next_cursor) if page.next_cursor else None
        return page.items, next_url

    def get_context_data(self, **kwargs):
        default_sort = "manual" if self.manual else "newest"
        params = {"q": self.query, "sort": self.sort if self.sort != default_sort else ""}
        self.groups = None
        kwargs["object_list"], next_url = self.paginate(params)
        context = super().get_context_data(**kwargs)
        here = self.page_url()
        list_url = self.request.get_full_path()
        counts = self.counts()
        context |= {
            "heading": self.heading,
            "sidebar": self.sidebar,
            "fixed_order": self.order is not None,
            "status": self.status,
            "query": self.query,
            "sort": self.sort,
            "sort_labels": SORT_LABELS if self.manual else {k: v for k, v in SORT_LABELS.items() if k != "manual"},
            "outline": self.groups,
            "counts": counts,
            "status_links": [(s, with_query(here, status=s, **params)) for s in STATUSES],
            "is_first_page": self.cursor is None,
            "first_url": with_query(here, status=self.status, **params),
            "next_url": next_url,
            "select_url": with_query(here, status=self.status, **params, select="1"),
            "select_all_url": with_query(here, status=self.status, **params, select="all"),
            "done_selecting_url": with_query(here, status=self.status, **params),
            "selecting": self.selecting,
            "list_url": list_url,
            "page_url": here,
            "rows": Rows(
                list_url=list_url,
                today=self.today,
                names=self.sidebar.names,
                selecting=self.selecting,
                all_selected=self.all_selected,
                manual=self.groups is not None,
            ),
            "quick_add": self.quick_add_values(),
            "add_details": {**self.quick_add_values(), "next": list_url},
            "bulk_projects": self.bulk_places(),
            "bulk_labels": self.sidebar.labels,
            "priorities": PRIORITIES,
            "submission": uuid.uuid4(),
        }
        return context

    def bulk_places(self) -> list[tuple]:
        """Where the bulk bar moves tasks: each active project with its sections, read (one
        statement) only while selecting, when the bar shows."""
        projects = self.sidebar.active_projects
        sections: dict = {}
        if self.selecting and projects:
            for section in Section.objects.filter(user=self.request.user, project__in=[p.pk for p in projects]):
                sections.setdefault(section.project_id, []).append(section)
        return [(project, sections.get(project.pk, [])) for project in projects]


class TaskListView(TaskPageView):
    pass


class InboxView(TaskPageView):
    heading = "Inbox"
    manual = True

    def scope(self):
        return self.user_tasks().in_project(None)

    def counts(self):
        return self.sidebar.inbox_counts


@dataclass
class Group:
    """A heading of an agenda page and its tasks: "Overdue", a day, a week, "Later"."""

    heading: str
    tasks: list = field(default_factory=list)
    # A day's group: its date, which its "+ Add task" gives the new task.
    day: date | None = None
    overdue: bool = False
    # The group shows part of its tasks (Upcoming's overdue ones): a link to the rest.
    more_url: str | None = None
    # It goes on past the page (Today's last group, when there is a next page).
    partial: bool = False
    # The dates it holds, None for open-ended: where the script puts a row whose date an edit
    # changed (under its new day, or a week, or "Later").
    first: date | None = None
    last: date | None = None

    def __post_init__(self):
        if self.day is not None:
            self.first = self.last = self.day

    @property
    def count_words(self) -> str:
        return plural(len(self.tasks), "task") + ("+" if self.more_url or self.partial else "")

    @property
    def day_key(self) -> str:
        """The day as 20260311, for its add box's id (the date filter costs ten times more)."""
        return self.day.strftime("%Y%m%d") if self.day else ""


class TodayView(TaskPageView):
    """Overdue, then due today, in the person's time zone; each in agenda order (by time, then
    priority). The Overdue group can be rescheduled at once."""

    heading = "Today"
    order = AGENDA
    template_name = "tasks/today.html"

    def scope(self):
        return self.user_tasks().due_by(self.today)

    def counts(self):
        return None

    def quick_add_values(self):
        return {"due_date": self.today.isoformat()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(due_by=self.today.isoformat(), **kwargs)
        overdue = [task for task in context["tasks"] if task.due_date < self.today]
        due_today = context["tasks"][len(overdue) :]
        yesterday = self.today - timedelta(days=1)
        groups = [Group("Overdue", overdue, overdue=True, last=yesterday)] if overdue else []
        if due_today or not context["next_url"]:  # today's come after the overdue ones
            groups.append(Group(day_heading(self.today, self.today), due_today, day=self.today))
        if context["next_url"]:
            groups[-1].partial = True  # it goes on on the next page
        context["groups"] = groups
        context["reschedule_min"] = self.today.isoformat()
        return context


class UpcomingView(TaskPageView):
    """A day-by-day agenda: overdue first, then every day of the next two weeks (empty ones
    too, each with its "+ Add task"), then week by week, then later; not pages of a fixed size.

    Each chunk is one walk of idx_tasks_agenda from its first day, at most ROWS tasks, cut at
    the end of a day; "Later days" (`from`, the first day not shown, and `cursor`, the last
    task shown) goes on from there, day by day again. The first chunk adds the overdue tasks,
    a second walk of the same index in the same statement: five statements, whatever the
    number of tasks.
    """

    heading = "Upcoming"
    order = AGENDA
    template_name = "tasks/upcoming.html"
    DAYS = 14
    WEEKS = 4
    ROWS = 200
    OVERDUE = 50

    def get(self, request, *args, **kwargs):
        today = request.user.today()
        try:
            self.start = max(today, date.fromisoformat(request.GET.get("from", "")))
        except ValueError:
            self.start = today
        return super().get(request, *args, **kwargs)

    def scope(self):
        return self.user_tasks().due_from(self.start)

    def counts(self):
        return None

    def quick_add_values(self):
        return {"due_date": self.today.isoformat()}

    def paginate(self, params: dict) -> tuple[list, str | None]:
        rows = self.first_chunk() if self.start == self.today and self.cursor is None else None
        if rows is None:
            self.overdue_tasks = []
            rows = list(self.object_list[: self.ROWS + 1])
        if len(rows) <= self.ROWS:
            self.last_day = None  # everything from `start` on is shown
            return rows, None
        first_unshown = rows[self.ROWS].due_date
        shown = [task for task in rows[: self.ROWS] if task.due_date != first_unshown] or rows[: self.ROWS]
        self.last_day = first_unshown - timedelta(days=1) if shown[-1].due_date != first_unshown else first_unshown
        cursor = encode_cursor(tuple(getattr(shown[-1], key) for key in AGENDA.keys))
        return shown, with_query(self.page_url(), **params, **{"from": first_unshown.isoformat(), "cursor": cursor})

    def first_chunk(self) -> list:
        """The first chunk's tasks, and before them (kept in `overdue_tasks`) the overdue ones,
        at most OVERDUE + 1 (the rest are on Today): two walks of idx_tasks_agenda in one
        statement (UNION ALL), each stopping at its own size."""
        overdue = self.user_tasks().active().filter(due_date__lt=self.today).matching(self.terms).agenda()
        walks = [overdue.with_labels().annotate(part=Value(0))[: self.OVERDUE + 1]]
        walks.append(self.object_list.annotate(part=Value(1))[: self.ROWS + 1])
        rows = list(walks[0].union(walks[1], all=True).order_by("part", *AGENDA.keys))
        self.overdue_tasks = [task for task in rows if task.part == 0]
        return rows[len(self.overdue_tasks) :]

    def overdue(self) -> Group | None:
        """The first chunk's overdue tasks (at most OVERDUE; the rest are on Today)."""
        tasks = self.overdue_tasks
        if not tasks:
            return None
        more = reverse("tasks:today") if len(tasks) > self.OVERDUE else None
        last = self.today - timedelta(days=1)
        return Group("Overdue", tasks[: self.OVERDUE], overdue=True, more_url=more, last=last)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overdue = self.overdue()
        groups = agenda_groups(context["tasks"], self.start, self.today, self.last_day, self.DAYS, self.WEEKS)
        context |= {
            "groups": ([overdue] if overdue else []) + groups,
            "reschedule_min": self.today.isoformat(),
            "next_label": "Later days",
            "first_label": "Back to today",
            "is_first_page": self.start == self.today and self.cursor is None,
            "first_url": with_query(self.page_url(), q=self.query),
        }
        return context


def agenda_groups(tasks, start: date, today: date, last_day: date | None, days: int, weeks: int) -> list[Group]:
    """The tasks under a heading per day from `start` for `days` days (each day, even an empty
    one, up to `last_day`, the last one shown in full), then per week for `weeks` weeks, then
    under "Later"."""
    end_of_days = start + timedelta(days=days)
    end_of_weeks = end_of_days + timedelta(weeks=weeks)
    shown_until = last_day or date.max
    groups = [
        Group(day_heading(day, today), day=day)
        for n in range(days)
        if (day := start + timedelta(days=n)) <= shown_until
    ]
    by_key: dict = {group.day: group for group in groups}
    for task in tasks:
        if task.due_date < end_of_days:
            key, heading = task.due_date, None
        elif task.due_date < end_of_weeks:
            first = end_of_days + timedelta(weeks=(task.due_date - end_of_days).days // 7)
            last = first + timedelta(days=6)
            key, heading = ("week", first), f"{day_name(first, today)} – {day_name(last, today)}"
        else:
            key, heading, first, last = "later", "Later", end_of_weeks, None
        if key not in by_key:
            by_key[key] = Group(heading, first=first, last=last)
            groups.append(by_key[key])
        by_key[key].tasks.append(task)
    return groups


class ProjectTasksView(TaskPageView):
    """A project's tasks, and its settings: rename, colour, archive, delete."""

    template_name = "tasks/project.html"
    manual = True

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
        context |= {
            "is_first_page": self.cursor is None,
            "first_url": trash_url,
            "next_url": f"{trash_url}?{urlencode({'cursor': page.next_cursor})}" if page.next_cursor else None,
        }
        return context
