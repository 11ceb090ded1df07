"""What every task page shows beside its list: the counts, Today's count, the projects with
their counts and the labels, read in one statement, and its markup (written here, as the rows
are, tasks/rows.py: the template engine took about a twentieth of every page's CPU on it).

A page's statements are its session, the RLS context, the user, its tasks and this: five,
however many tasks, projects or labels a person has (tasks/tests/test_list_queries.py).
Today's count stops at TODAY_CAP ("99+"), so a person with thousands overdue costs no more.
"""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connections, router
from django.utils.safestring import SafeString, mark_safe

from tasks.models import Label, Project, Task, status_counts
from tasks.rows import cached_reverse, color_class, task_url

TODAY_CAP = 100

SIDEBAR = f"""
SELECT
    (SELECT active FROM task_counts WHERE user_id = %(user)s),
    (SELECT completed FROM task_counts WHERE user_id = %(user)s),
    (SELECT count(*) FROM (
        SELECT 1 FROM tasks
        WHERE user_id = %(user)s AND deleted_at IS NULL AND NOT completed
          AND due_date IS NOT NULL AND due_date <= %(today)s
        ORDER BY due_date  -- along idx_tasks_agenda, whose condition is the WHERE's
        LIMIT {TODAY_CAP}
    ) AS due),
    (SELECT json_agg(json_build_array(id, name, color, archived_at, active_count, completed_count))
     FROM (SELECT * FROM projects WHERE user_id = %(user)s ORDER BY position, lower(name), id) AS p),
    (SELECT json_agg(json_build_array(id, name, color))
     FROM (SELECT * FROM labels WHERE user_id = %(user)s ORDER BY lower(name)) AS l)
"""


# Always shown on a wide screen (the stylesheet shows a <details>' content, open or not); on a
# phone a menu, closed unless the person left it open (the `sidebar` cookie the script keeps):
# known before the first paint, so nothing moves when the page loads. "Add project" and "Add
# label" are always there, leading to the form on their page (#new).
MARKUP = """<details class="sidebar" data-sidebar{open}>
  <summary class="sidebar-toggle">Lists</summary>
  <nav aria-label="Lists">
    <ul class="sidebar-list">
{lists}
    </ul>
    <h2 class="sidebar-heading"><a href="{projects_url}">Projects</a></h2>
    <ul class="sidebar-list">
{projects}
      <li><a href="{projects_url}#new" class="sidebar-add"><span aria-hidden="true">+</span> Add project</a></li>
    </ul>
    <h2 class="sidebar-heading"><a href="{labels_url}">Labels</a></h2>
    <ul class="sidebar-list">
{labels}
      <li><a href="{labels_url}#new" class="sidebar-add"><span aria-hidden="true">+</span> Add label</a></li>
    </ul>
  </nav>
</details>
"""
LINK = '      <li><a href="{url}"{current}>{name}{count}</a></li>'
COUNT = ' <span class="count" data-sidebar-count="{key}">{number}</span>'
NAMED = '<span class="dot{color_class}" aria-hidden="true"></span><span class="sidebar-name">{name}</span>'


def link(url: str, here: str, name: str, count: str = "") -> str:
    return LINK.format(url=url, current=' aria-current="page"' if url == here else "", name=name, count=count)


def existing(instance, page: str):
    """A model instance read here, marked as stored (so a form edits it, never inserts it),
    with the URL of its page (reversed once per process, tasks.rows.task_url) and its colour's class."""
    instance._state.adding = False
    instance._state.db = "default"
    instance.url = task_url(page, instance.pk)
    instance.color_class = color_class(instance)
    return instance


@dataclass
class Sidebar:
    counts: dict[str, int]
    today: int
    projects: list[Project] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @classmethod
    def of(cls, user, today: date) -> Sidebar:
        # Where the request reads (the replica, for a list page: todo_project.replica).
        with connections[router.db_for_read(Task)].cursor() as cursor:
            cursor.execute(SIDEBAR, {"user": user.pk, "today": today})
            active, completed, due, projects, labels = cursor.fetchone()
        return cls(
            counts=status_counts(active or 0, completed or 0),
            today=due,
            projects=[
                existing(
                    Project(
                        id=uuid.UUID(pk),
                        user_id=user.pk,
                        name=name,
                        color=color,
                        archived_at=datetime.fromisoformat(archived_at) if archived_at else None,
                        active_count=active_count,
                        completed_count=completed_count,
                    ),
                    "project",
                )
                for pk, name, color, archived_at, active_count, completed_count in projects or []
            ],
            labels=[
                existing(Label(id=uuid.UUID(pk), user_id=user.pk, name=name, color=color), "label")
                for pk, name, color in labels or []
            ],
        )

    @property
    def today_text(self) -> str:
        return f"{TODAY_CAP - 1}+" if self.today >= TODAY_CAP else str(self.today)

    @property
    def active_projects(self) -> list[Project]:
        return [project for project in self.projects if project.archived_at is None]

    @property
    def inbox_counts(self) -> dict[str, int]:
        """The tasks in no project: all of them less those in one."""
        in_projects = [project.counts for project in self.projects]
        return {name: total - sum(c[name] for c in in_projects) for name, total in self.counts.items()}

    def project(self, pk: uuid.UUID) -> Project | None:
        return next((project for project in self.projects if project.pk == pk), None)

    def label(self, pk: uuid.UUID) -> Label | None:
        return next((label for label in self.labels if label.pk == pk), None)

    def counts_by_link(self) -> dict[str, int | str]:
        """The sidebar's numbers by the link they stand beside, for the script to refresh."""
        numbers: dict[str, int | str] = {
            "today": self.today_text,
            "inbox": self.inbox_counts["active"],
            "all": self.counts["active"],
        }
        numbers.update((str(project.pk), project.active_count) for project in self.projects)
        return numbers

    def markup(self, here: str, open_menu: bool) -> SafeString:
        """The sidebar on the page at `here` (its link marked as the current page); on a phone
        an open menu when `open_menu`."""
        lists = [
            ("tasks:inbox", "Inbox", "inbox", self.inbox_counts["active"]),
            ("tasks:today", "Today", "today", self.today_text),
            ("tasks:upcoming", "Upcoming", None, None),
            ("tasks:list", "All tasks", "all", self.counts["active"]),
        ]
        projects = [
            link(
                project.url,
                here,
                NAMED.format(color_class=project.color_class, name=html.escape(project.name)),
                COUNT.format(key=project.pk, number=project.active_count),
            )
            for project in self.active_projects
        ]
        labels = [
            link(label.url, here, NAMED.format(color_class=label.color_class, name=f"@{html.escape(label.name)}"))
            for label in self.labels
        ]
        return mark_safe(  # noqa: S308 (every value is escaped or is ours)
            MARKUP.format(
                open=" open" if open_menu else "",
                lists="\n".join(
                    link(cached_reverse(name), here, words, COUNT.format(key=key, number=number) if key else "")
                    for name, words, key, number in lists
                ),
                projects_url=cached_reverse("tasks:projects"),
                projects="\n".join(projects),
                labels_url=cached_reverse("tasks:labels"),
                labels="\n".join(labels),
            )
        )

    @property
    def names(self) -> dict:
        """Project and label names by id, for the rows' meta line."""
        return {item.pk: item for item in (*self.projects, *self.labels)}
