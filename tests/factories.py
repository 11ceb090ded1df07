"""The test suite's people and helpers: imported by the tests and by conftest.py's fixtures.

The suite runs as the app role, so a person's tasks are made inside their RLS context
(`as_user`), like their own requests; staff are made through the staff connection, as
`createsuperuser` makes them.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from tasks.models import Task
from todo_project import rls

PASSWORD = "correct horse battery staple"


@contextmanager
def as_user(user):
    """Queries in the block see `user`'s tasks only, as in one of their requests."""
    with rls.user_context(user.pk):
        yield


def make_task(user, **fields):
    from tasks.models import Task

    with as_user(user):
        return Task.objects.create(user=user, **fields)


def make_user(email: str, *, password: str = PASSWORD, verified: bool = True, **fields):
    from accounts.models import User

    user = User.objects.create_user(email, password, email_verified=verified, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_staff(email: str, *, two_factor: bool = True, password: str = PASSWORD):
    """A staff member, made as `createsuperuser` makes one: through the staff connection (the
    app role may not make anyone staff), so only a transactional test sees them. With
    two-factor set up by default, as the admin asks."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User

    user = User.objects.db_manager("staff").create_superuser(email, password)
    if two_factor:
        TOTP.activate(user, generate_totp_secret())
    return user


def add_tasks(user, count: int, **fields) -> list[Task]:
    start = timezone.now() - timedelta(days=1)
    with as_user(user):
        return Task.objects.bulk_create(
            Task(user=user, title=f"Task {i}", created_at=start + timedelta(seconds=i), **fields) for i in range(count)
        )


def reload(user, task) -> Task:
    """The task as it is stored now, read in its person's context."""
    with as_user(user):
        return Task.objects.get(pk=task.pk)


def make_project(user, name: str = "Home", **fields):
    from tasks.models import Project

    with as_user(user):
        return Project.objects.create(user=user, name=name, **fields)


def make_label(user, name: str = "errands", **fields):
    from tasks.models import Label

    with as_user(user):
        return Label.objects.create(user=user, name=name, **fields)


def add_label(label, tasks) -> None:
    from tasks.models import TaskLabel

    with as_user(label.user):
        TaskLabel.objects.bulk_create(TaskLabel(task=task, label=label, user=label.user) for task in tasks)


def sample_ids(user, title: str = "Call Grandma on Sunday") -> dict:
    """A task due today, in a project, with a label and a priority: the ids SIGNED_IN_PAGES need."""
    project, label = make_project(user, "Family", color="#884dff"), make_label(user, "phone")
    task = make_task(user, title=title, project=project, priority=2, due_date=user.today())
    add_label(label, [task])
    return {"task": task.pk, "project": project.pk, "label": label.pk}


def titles(response) -> list[str]:
    return [task.title for task in response.context["tasks"]]


def link_in(message) -> str:
    # Links start with SITE_URL, whatever host the request came to.
    match = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


@contextmanager
def database_unreachable(django_db_blocker):
    conn = connections["default"]
    saved = dict(conn.settings_dict)
    with django_db_blocker.unblock():
        conn.close()
        conn.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
        try:
            yield
        finally:
            conn.close()
            conn.settings_dict.clear()
            conn.settings_dict.update(saved)


# Every page, for the page, accessibility and phone-width tests.
PUBLIC_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
# {task}, {project} and {label} stand for ids of the person's (see `sample_ids`).
SIGNED_IN_PAGES = [
    "/",
    "/?status=completed&sort=title&q=x",
    "/?sort=due&select=1",
    "/inbox/",
    "/today/",
    "/upcoming/",
    "/projects/",
    "/projects/{project}/",
    "/projects/{project}/?sort=priority",
    "/projects/{project}/delete/",
    "/labels/",
    "/labels/{label}/",
    "/labels/{label}/delete/",
    "/tasks/new/",
    "/tasks/{task}/edit/",
    "/tasks/{task}/delete/",
    "/trash/",
    "/accounts/profile/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/delete/",
    "/accounts/import/",
]


def totp_code(secret: str, *, lasting: float = 8) -> str:
    """The authenticator app's code now, good for at least `lasting` more seconds.

    A code is good for its own 30-second step only (MFA_TOTP_TOLERANCE = 0): one read a moment
    before the step ends would be stale by the time the test sends it, so wait for the next.
    """
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if (left := 30 - time.time() % 30) < lasting:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sql(statement: str, params=()) -> list[tuple]:
    """Run SQL on the test's connection (as the app role, in whatever RLS context is set); its rows."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def rowcount(statement: str, params=()) -> int:
    """Run SQL on the test's connection; how many rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount
