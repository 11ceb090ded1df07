"""Print EXPLAIN (ANALYZE, BUFFERS) of every query pattern the app runs, as the app role under RLS.

    .venv/bin/python manage.py shell --no-imports -v 0 < bench/plans.py

For the demo user with the most tasks (seed with `seed_demo --heavy-users 1` first). The
queries are the ORM's own, captured as the views run them; writes are rolled back. The
output is what docs/PERFORMANCE.md quotes.
"""

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.test.utils import CaptureQueriesContext

from accounts.models import DEMO_DOMAIN, User
from tasks.models import Label, Project, Task, TaskCounts
from tasks.sidebar import Sidebar
from todo_project import rls
from todo_project.operations import staff_connection

with staff_connection() as conn:
    (heavy,) = conn.execute(
        "SELECT user_id FROM task_counts c JOIN users u ON u.id = c.user_id WHERE u.email LIKE %s"
        " ORDER BY c.active + c.completed DESC LIMIT 1",
        [f"%@{DEMO_DOMAIN}"],
    ).fetchone()
user = User.objects.get(pk=heavy)
mine = Task.objects.for_user(user)
today = user.today()


def deep_page():
    """The keyset of the 100th page of the active list (5,000 rows down)."""
    last = mine.with_status("active").ordered("newest").values_list("created_at", "id")[4999]
    return mine.with_status("active").ordered("newest", after=last)[:51]


def first_id():
    return mine.alive().ordered("newest").values_list("id", flat=True).first()


SELECTS = {
    "list, newest first": lambda: mine.with_status("all").ordered("newest")[:51],
    "list, incomplete (active)": lambda: mine.with_status("active").ordered("newest")[:51],
    "list, completed, oldest first": lambda: mine.with_status("completed").ordered("oldest")[:51],
    "list, recently updated": lambda: mine.with_status("all").ordered("updated")[:51],
    "list, title A-Z": lambda: mine.with_status("all").ordered("title")[:51],
    "list, deep keyset page (page 101, active)": deep_page,
    "search, title or description (a common word)": lambda: (
        mine.with_status("all").search("milk").ordered("newest")[:51]
    ),
    "search, a word no task has": lambda: mine.with_status("all").search("no such words").ordered("newest")[:51],
    "list, by due date": lambda: mine.with_status("all").ordered("due").with_labels()[:51],
    "list, by priority": lambda: mine.with_status("all").ordered("priority").with_labels()[:51],
    "Today": lambda: mine.due_by(today).agenda().with_labels()[:51],
    "Upcoming": lambda: mine.due_from(today).agenda().with_labels()[:51],
    "Inbox, newest first": lambda: mine.in_project(None).alive().ordered("newest").with_labels()[:51],
    "a project, newest first": lambda: (
        mine.in_project(Project.objects.filter(user=user).first()).alive().ordered("newest").with_labels()[:51]
    ),
    "a project, by due date": lambda: (
        mine.in_project(Project.objects.filter(user=user).first()).alive().ordered("due").with_labels()[:51]
    ),
    "a label, newest first": lambda: (
        mine.labelled(Label.objects.filter(user=user).first()).alive().ordered("newest").with_labels()[:51]
    ),
    "the sidebar (counts, Today's count, projects, labels)": lambda: [Sidebar.of(user, today)],
    "trash, newest first": lambda: mine.recently_trashed()[:51],
    "count by status": lambda: TaskCounts.objects.filter(user=user).values_list("active", "completed")[:1],
}
WRITES = {
    "create": lambda: Task.objects.create(user=user, title="Plan check"),
    "update (edit)": lambda: mine.filter(pk=first_id()).update(title="Edited", description="Note"),
    "toggle": lambda: mine.filter(pk=first_id()).update(completed=~Q(completed=True)),
    "delete (to the trash)": lambda: mine.filter(pk=first_id()).alive().update(deleted_at=Now()),
    "delete for good (from the trash)": lambda: (
        mine.trashed().filter(pk=mine.recently_trashed().values_list("id", flat=True).first()).delete()
    ),
}


CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK")


def sent(action) -> str:
    """The last statement `action` sends to the database, which is then rolled back."""
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        action()
        transaction.set_rollback(True)
    return [query["sql"] for query in queries if not query["sql"].startswith(CONTROL)][-1]


def explain(sql: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan.replace(str(user.pk), "<user id>")


with rls.user_context(user.pk):
    for name, query in SELECTS.items():
        print(f"### {name}\n\n```\n{explain(sent(lambda q=query: list(q())))}\n```\n")
    for name, write in WRITES.items():
        print(f"### {name}\n\n```\n{explain(sent(write))}\n```\n")
