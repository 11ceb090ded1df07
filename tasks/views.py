"""The task pages. Every view reaches tasks through UserTasksMixin.user_tasks().

Each action is a plain form POST that redirects (works without JavaScript). When the
request says `Accept: application/json` (static/js/app.js does), the same view answers
with JSON instead: a message, the re-rendered row and the new counts.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import CreateView, DeleteView, FormView, ListView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from tasks.forms import (
    STATUSES,
    BulkActionForm,
    ListParamsForm,
    ProjectForm,
    TaskEditForm,
    TaskForm,
    TaskInlineEditForm,
    TaskTitleForm,
    error_text,
    own_projects,
)
from tasks.models import (
    AGENDA,
    COLORS,
    MAX_LABELS_PER_TASK,
    PAGE_SIZE,
    PRIORITIES,
    SORTS,
    TRASHED_ORDER,
    Sort,
    Task,
    TaskCompletion,
    TaskQuerySet,
    TaskSubmission,
)
from tasks.pagination import decode_cursor, keyset_page
from tasks.quickadd import parse
from tasks.recurrence import describe
from tasks.rows import Rows, task_row, task_url
from tasks.sidebar import Sidebar
from tasks.wording import day_heading, day_name, due_words, full_date, plural

SORT_LABELS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "updated": "Recently updated",
    "title": "Title A–Z",
    "due": "Due date",
    "priority": "Priority",
}


class UserTasksMixin(LoginRequiredMixin):
    """The one door to task rows: every queryset starts from the signed-in user."""

    # Pages answer GET, actions POST; nothing else (a DELETE or PUT is a 405, never an action).
    http_method_names = ["get", "head", "options"]

    def user_tasks(self):
        return Task.objects.for_user(self.request.user)

    def get_queryset(self):
        return self.user_tasks()


class AnswerMixin:
    """One answer for both a plain form (a message, then back to the list) and the script
    (`Accept: application/json`: the message, the new counts and the re-rendered row)."""

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def done(self, message: str, task: Task | None = None, *, default: str = "tasks:list", **extra):
        if not self.wants_json():
            messages.success(self.request, message, extra_tags=extra.pop("tags", ""))
            return HttpResponseRedirect(back_to_list(self.request, default))
        today = self.request.user.today()
        sidebar = Sidebar.of(self.request.user, today)
        list_path = back_to_list(self.request)
        payload = {
            "message": message,
            "counts": page_counts(sidebar, list_path),
            "sidebar": sidebar.counts_by_link(),
            **extra,
        }
        if task is not None and not task.in_trash:
            rows = Rows(list_url=list_path, csrf_token=get_token(self.request), today=today, names=sidebar.names)
            payload["row"] = task_row(self.user_tasks().with_labels().get(pk=task.pk), rows)
        return JsonResponse(payload)

    def trashed(self, message: str, at: datetime, count: int):
        """Tasks moved to the trash together: the message's Undo restores those, and only those."""
        if not count:
            return self.done(message)
        undo_url = f"{reverse('tasks:restore_trashed')}?{urlencode({'at': at.isoformat()})}"
        return self.done(message, undo_url=undo_url, tags=f"undo:{undo_url}")

    def refused(self, form, template_response):
        if self.wants_json():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return template_response


class PersonFormMixin:
    """Forms whose choices are the signed-in person's own projects and labels."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


def page_counts(sidebar: Sidebar, path: str) -> dict[str, int] | None:
    """The counts the page at `path` shows in its tabs (None for a page without them)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    if match.url_name == "list":
        return sidebar.counts
    if match.url_name == "inbox":
        return sidebar.inbox_counts
    if match.url_name == "project" and (project := sidebar.project(match.kwargs["pk"])) is not None:
        return project.counts
    return None


class LiveTaskMixin(UserTasksMixin, AnswerMixin):
    """For views on one task: a task in the trash is out of reach (404) until restored."""

    def get_queryset(self):
        return self.user_tasks().alive()


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


class TaskCreateView(UserTasksMixin, AnswerMixin, PersonFormMixin, CreateView):
    """The full form at /tasks/new/; the quick-add form on the list posts here too."""

    form_class = TaskForm
    template_name = "tasks/task_form.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_form_class(self):
        return TaskTitleForm if self.request.POST.get("quick_add") else TaskForm

    def get_initial(self):
        # "Add details" on a list carries what was typed in the quick-add box, and what the
        # page gives its tasks (a project, a label, a date); the form checks them on saving.
        params = self.request.GET
        initial = {"title": params.get("title", "")[:200]}
        initial.update((name, params[name]) for name in ("project", "due_date") if params.get(name))
        if params.get("labels"):
            initial["labels"] = params.getlist("labels")[:MAX_LABELS_PER_TASK]
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(submission=uuid.uuid4(), **kwargs)

    def form_valid(self, form):
        form.instance.user = self.request.user
        try:
            # The form's one-time id and the task commit together or not at all (the request's
            # transaction): a resend after any failure adds the task, a second post of the
            # same form waits for the first and is refused by the primary key.
            with transaction.atomic():
                if submission := self.submission():
                    TaskSubmission.objects.create(user=self.request.user, submission=submission)
                self.object = form.save()
        except IntegrityError as exc:
            if getattr(exc.__cause__, "diag", None) and exc.__cause__.diag.constraint_name == "task_submissions_pkey":
                return self.done("That task was already added.")
            raise
        if not self.wants_json():
            for note in form.notes:
                messages.info(self.request, note)
        return self.done(f"Added “{self.object.title}”.", self.object, notes=form.notes)

    def submission(self) -> uuid.UUID | None:
        """The form's one-time id; a post without a valid one is let through."""
        try:
            return uuid.UUID(self.request.POST.get("submission", ""))
        except ValueError:
            return None

    def form_invalid(self, form):
        if isinstance(form, TaskTitleForm) and not self.wants_json():
            # Back to the list: an empty quick-add adds nothing; anything else says why.
            if form.data.get("title", "").strip():
                messages.error(self.request, error_text(form))
            return HttpResponseRedirect(back_to_list(self.request))
        return self.refused(form, super().form_invalid(form))


class TaskUpdateView(LiveTaskMixin, PersonFormMixin, UpdateView):
    """The edit page, and in-place edits of the title from the list (`inline=1`).

    Saves only the fields the form changed (TaskChangeForm), on the row locked for the
    request: an edit never undoes a toggle or a trashing made meanwhile in another tab, and a
    task trashed meanwhile is a 404.
    """

    template_name = "tasks/task_form.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_form_class(self):
        return TaskInlineEditForm if self.request.POST.get("inline") else TaskEditForm

    def get_object(self, queryset=None):
        queryset = self.get_queryset()
        if self.request.method == "POST":
            queryset = queryset.select_for_update()
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        task = self.object
        repeats = describe(task.recurrence, task.recur_from_completion, task.due_time) if task.recurrence else ""
        # The latest completed occurrences of a repeating task.
        completions = TaskCompletion.objects.filter(task=task).order_by("-completed_at")[:10] if repeats else []
        return super().get_context_data(repeats=repeats, completions=completions, **kwargs)

    def form_valid(self, form):
        if conflicts := form.conflicts():
            form.refuse_conflicts(conflicts)
            if self.wants_json():
                return JsonResponse({"errors": form.errors.get_json_data(), "current": conflicts}, status=409)
            return super().form_invalid(form)
        self.object = form.save_changes()
        task = self.object
        due = (
            f" It is due {day_name(task.due_date, self.request.user.today())}."
            if task.recurrence and "repeat" in form.changed_data
            else ""
        )
        return self.done(f"Saved “{task.title}”.{due}", task)

    def form_invalid(self, form):
        return self.refused(form, super().form_invalid(form))


class TaskToggleView(LiveTaskMixin, SingleObjectMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        task = self.get_object()
        if task.recurrence and not task.completed:
            return self.complete_occurrence(task)
        if not task.toggle():
            raise Http404("This task is in the trash.")
        return self.done(f"Marked “{task.title}” as {'done' if task.completed else 'not done'}.", task)

    def complete_occurrence(self, task: Task):
        """A repeating task moves on to its next date, with an Undo; at the rule's end it is done."""
        today = self.request.user.today()
        record = task.complete_occurrence(today)
        if record is False:
            raise Http404("This task is in the trash.")
        if record is None:
            return self.done(f"Marked “{task.title}” as done; it does not repeat any more.", task)
        undo_url = task_url("undo_completion", record.pk)
        return self.done(
            f"Done for {day_name(record.due_date, today)}. Next: {day_name(task.due_date, today)}.",
            task,
            undo_url=undo_url,
            tags=f"undo:{undo_url}",
        )


class UndoCompletionView(UserTasksMixin, AnswerMixin, View):
    """The Undo of a repeating task's completion: its due date back, the occurrence's record gone."""

    http_method_names = ["post", "options"]

    def post(self, request, pk):
        record = get_object_or_404(TaskCompletion.objects.filter(user=request.user), pk=pk)
        task = get_object_or_404(self.user_tasks().alive().select_for_update(), pk=record.task_id)
        latest = TaskCompletion.objects.filter(task=task).order_by("-completed_at").first()
        if latest != record:  # completed again since: undo that one first
            return self.done(f"“{task.title}” has moved on since; nothing was changed.", task)
        task.undo_completion(record)
        return self.done(f"“{task.title}” is due {day_name(task.due_date, request.user.today())} again.", task)


class QuickAddPreviewView(UserTasksMixin, View):
    """What quick add reads in a title, for the script to highlight while the person types:
    the recognised spans, a line saying what will be saved, and any problem."""

    def get(self, request):
        text = request.GET.get("title", "")[: Task._meta.get_field("title").max_length]
        projects = list(own_projects(request.user).values_list("name", flat=True))
        quick = parse(text, now=timezone.localtime(timezone=request.user.zone), projects=projects)
        return JsonResponse(
            {
                "spans": [{"start": span.start, "end": span.end, "kind": span.kind} for span in quick.spans],
                "summary": quick_summary(quick, request.user.today()),
                "problems": quick.problems,
            }
        )


def quick_summary(quick, today: date) -> str:
    """ "Water the plants · Today 08:00 · Every 3 days at 8:00, from completion · Home · @garden · P2"."""
    parts = [f"“{quick.title}”"] if quick.title else []
    if quick.due_date:
        parts.append(due_words(quick.due_date, today) + (f" {quick.due_time:%H:%M}" if quick.due_time else ""))
    if quick.recurrence:
        parts.append(describe(quick.recurrence, quick.from_completion, quick.due_time))
    parts += [f"#{quick.project}"] if quick.project else []
    parts += [f"@{label}" for label in quick.labels]
    parts += [f"P{quick.priority}"] if quick.priority else []
    return " · ".join(parts)


class ToggleAllView(UserTasksMixin, AnswerMixin, View):
    """Complete every active task, or reopen every completed one (TodoMVC).

    The button says which (`action`), as its label promised when the page was read; a task
    completed or reopened meanwhile in another tab never turns it into the opposite.
    """

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        tasks = self.user_tasks()
        action = request.POST.get("action")
        if action not in ("complete", "reopen"):  # a form from before the button said it
            action = "complete" if tasks.active().exists() else "reopen"
        today = request.user.today()
        if action == "complete":  # a repeating task moves on only from the occurrence that is due
            tasks = tasks.exclude(recurrence__isnull=False, due_date__gt=today)
        repeating = tasks.active().filter(recurrence__isnull=False).count() if action == "complete" else 0
        count = tasks.apply(action, today=today)
        return self.done(bulk_message(action, None, count, repeating))


class TaskDeleteView(LiveTaskMixin, DeleteView):
    """GET asks for confirmation; POST moves the task to the trash, with an Undo."""

    template_name = "tasks/task_confirm_delete.html"
    success_url = reverse_lazy("tasks:list")
    # Not "delete": DeleteView would answer an HTTP DELETE by deleting for good, past the trash.
    http_method_names = ["get", "post", "head", "options"]

    def form_valid(self, form):
        self.object.move_to_trash()
        undo_url = task_url("restore", self.object.pk)
        return self.done(f"Moved “{self.object.title}” to the trash.", undo_url=undo_url, tags=f"undo:{undo_url}")


class ClearCompletedView(UserTasksMixin, AnswerMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        at = timezone.now()
        count = self.user_tasks().completed().move_to_trash(at)
        return self.trashed(f"Moved {plural(count, 'completed task')} to the trash.", at, count)


class BulkActionView(UserTasksMixin, AnswerMixin, PersonFormMixin, FormView):
    """One action on the selected tasks in one POST: complete, reopen, trash, move to a project,
    set the priority, add or remove a label, set or clear the due date."""

    form_class = BulkActionForm
    http_method_names = ["post", "options"]

    def form_valid(self, form):
        selected = self.user_tasks().filter(pk__in=form.cleaned_data["ids"])
        action, value, at = form.cleaned_data["action"], form.cleaned_data["value"], timezone.now()
        repeating = selected.active().filter(recurrence__isnull=False).count() if action == "complete" else 0
        count = selected.apply(action, at=at, value=value, today=self.request.user.today())
        if action == "trash":
            return self.trashed(f"Moved {plural(count, 'task')} to the trash.", at, count)
        return self.done(bulk_message(action, value, count, repeating))

    def form_invalid(self, form):
        if self.wants_json():
            return self.refused(form, None)
        messages.error(self.request, error_text(form))
        return HttpResponseRedirect(back_to_list(self.request))


def bulk_message(action: str, value, count: int, repeating: int = 0) -> str:
    """What a bulk action did, in words: "Moved 3 tasks to Home."; for "complete", the
    repeating tasks that moved on to their next date said apart."""
    tasks = plural(count, "task")
    if action == "complete":
        done = f"Marked {plural(count - repeating, 'task')} as done"
        return f"{done}; {plural(repeating, 'repeating task')} moved to the next date." if repeating else f"{done}."
    if action == "reopen":
        return f"Marked {tasks} as not done."
    if action == "move":
        return f"Moved {tasks} to {value or 'the Inbox'}."
    if action == "priority":
        return f"Set {tasks} to P{value}."
    if action == "label":
        return f"Labelled {tasks} @{value}."
    if action == "unlabel":
        return f"Took @{value} off {tasks}."
    return f"Set {tasks} due {full_date(value)}." if value else f"Cleared the due date of {tasks}."


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


class TaskRestoreView(UserTasksMixin, AnswerMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, pk):
        task = get_object_or_404(self.user_tasks().trashed(), pk=pk)
        task.restore()
        return self.done(f"Restored “{task.title}”.", task, default="tasks:trash")


class RestoreTrashedView(UserTasksMixin, AnswerMixin, View):
    """Undo of a bulk trashing or "Clear completed": the tasks trashed at that moment come back."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        try:
            at = datetime.fromisoformat(request.GET.get("at", ""))
        except ValueError as exc:
            raise BadRequest("This undo link is not valid.") from exc
        if at.tzinfo is None:
            raise BadRequest("This undo link is not valid.")
        count = self.user_tasks().trashed_at(at).restore()
        return self.done(f"Restored {plural(count, 'task')}.")


class EmptyTrashView(UserTasksMixin, AnswerMixin, TemplateView):
    """GET asks for confirmation (it deletes for good), POST empties the trash."""

    template_name = "tasks/empty_trash.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_context_data(self, **kwargs):
        # What the question counted, and when: the answer deletes those, not what another tab
        # trashed since.
        return super().get_context_data(
            count=self.user_tasks().trashed().count(), asked_at=timezone.now().isoformat(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        trashed = self.user_tasks().trashed()
        try:
            asked_at = datetime.fromisoformat(request.POST["asked_at"])
        except (KeyError, ValueError):
            asked_at = None  # a form from before the question said when
        if asked_at is not None and asked_at.tzinfo is not None:
            trashed = trashed.filter(deleted_at__lte=asked_at)
        count, _ = trashed.delete()
        return self.done(f"Deleted {plural(count, 'task')} for good.", default="tasks:trash")
