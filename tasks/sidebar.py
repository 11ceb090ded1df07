"""What every task page shows beside its list: the counts, Today's count, the projects with
their counts and the labels, read in one statement.

A page's statements are its session, the RLS context, the user, its tasks and this: five,
however many tasks, projects or labels a person has (tasks/tests/test_list_queries.py).
Today's count stops at TODAY_CAP ("99+"), so a person with thousands overdue costs no more.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection

from tasks.models import Label, Project, status_counts
from tasks.rows import color_class, task_url

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
        with connection.cursor() as cursor:
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

    @property
    def names(self) -> dict:
        """Project and label names by id, for the rows' meta line."""
        return {item.pk: item for item in (*self.projects, *self.labels)}
