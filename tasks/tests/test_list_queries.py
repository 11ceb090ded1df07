"""Every task page costs the same few statements however many tasks a person has, and every
list query walks an index in the page's order, with no sort step."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.models import Task
from tasks.pagination import AGENDA, SORTS
from tasks.quickadd import search_terms
from tests.factories import add_label, add_tasks, as_user, make_label, make_project

TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def fill(owner, count: int, project, label) -> None:
    """`count` tasks of every kind: in the project and not, dated and timed, with priorities,
    labelled, completed, sub-tasks."""
    today = date.today()
    tasks = add_tasks(owner, count)
    with as_user(owner):
        for index, task in enumerate(tasks):
            task.project = project if index % 2 else None
            task.priority = 1 + index % 4
            task.due_date = today + timedelta(days=index % 20 - 5) if index % 3 else None
            task.due_time = time(9 + index % 8) if task.due_date and index % 5 == 0 else None
            task.completed = index % 7 == 0
            # Some are sub-tasks (of a task in the same place).
            task.parent = tasks[index - 2] if index % 6 == 4 else None
        Task.objects.bulk_update(tasks, ["project", "priority", "due_date", "due_time", "completed", "parent"])
    add_label(label, tasks[::3])


@pytest.mark.django_db(transaction=True)  # the request's own transaction, as in production
def test_every_task_page_runs_the_same_five_statements_for_5_or_500_tasks(owner_client, owner):
    project, label = make_project(owner), make_label(owner)
    make_project(owner, "Work")
    make_label(owner, "waiting")
    pages = [
        "/?status=active",
        "/?sort=due",
        "/?sort=priority&select=1",
        "/inbox/",
        "/today/",
        "/upcoming/",
        f"/projects/{project.pk}/",
        f"/projects/{project.pk}/?sort=priority",
        f"/labels/{label.pk}/",
        # A search read for its filters: the names come from the sidebar already loaded.
        "/?q=Task+%23Home",
        "/?q=%40errands",
        "/?q=p1&sort=due",
        "/?q=overdue",
        "/?q=no+date&status=active",
        "/today/?q=%23Home+p2",
        "/upcoming/?q=%40errands+next+week",
        f"/projects/{project.pk}/?q=p1+tomorrow",
    ]

    def statements(url: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(url).status_code == 200
        # A recursive walk (WITH RECURSIVE ... SELECT) is a read too.
        # A UNION ALL of two walks ("(SELECT … LIMIT 51) UNION ALL (SELECT …)") is one read too.
        words = [query["sql"].split()[0].lstrip("(").replace("WITH", "SELECT") for query in captured.captured_queries]
        return [word for word in words if word not in TRANSACTION_CONTROL]

    fill(owner, 5, project, label)
    few = {url: statements(url) for url in pages}
    fill(owner, 495, project, label)
    many = {url: statements(url) for url in pages}
    # The session row, set_config (the RLS context), the user, the page of tasks (with their
    # labels), the sidebar (counts, Today's count, projects, labels); Upcoming walks its
    # overdue tasks in the same statement as its days; a page in the person's own order reads the families of its tasks
    # (walked and read in one statement), and a project's reads its sections (tasks.outline).
    outlined = {"/inbox/": 1, f"/projects/{project.pk}/": 2}
    # The bulk bar, while selecting, reads the projects' sections (its "Move to" places).
    for url in pages:
        expected = 5 + outlined.get(url, 0) + ("select=1" in url)
        assert many[url] == few[url] == ["SELECT"] * expected, url


def page_queries(owner, project, label):
    """Each list query of the pages, first page and next page."""
    tasks = Task.objects.for_user(owner)
    today = date.today()
    for status in ("all", "active", "completed"):
        for sort in SORTS:
            yield f"main {status} {sort}", tasks.with_status(status).ordered(sort), SORTS[sort]
    for sort in ("newest", "oldest", "due", "priority"):
        yield f"project {sort}", tasks.in_project(project).alive().ordered(sort), SORTS[sort]
        yield f"inbox {sort}", tasks.in_project(None).alive().ordered(sort), SORTS[sort]
        yield f"label {sort}", tasks.labelled(label).alive().ordered(sort), SORTS[sort]
    yield "today", tasks.due_by(today).agenda(), AGENDA
    yield "upcoming", tasks.due_from(today).agenda(), AGENDA
    # Searches with filters: each walks its page's own index, the filters checked row by row.
    for text, sort in SEARCHES:
        terms = search_terms(text, today=today, projects={project.name: project}, labels={label.name: label})
        assert terms.filters and not terms.words, text
        yield f"search {text!r} {sort}", tasks.alive().matching(terms).ordered(sort), SORTS[sort]
    terms = search_terms("p2 #Home", today=today, projects={project.name: project})
    yield "today search 'p2 #Home'", tasks.due_by(today).matching(terms).agenda(), AGENDA


SEARCHES = [
    ("#Home", "newest"),
    ("@errands", "newest"),
    ("p1", "newest"),
    ("p1", "priority"),
    ("overdue", "newest"),
    ("overdue", "due"),
    ("next week", "due"),
    ("no date", "newest"),
]


@pytest.mark.django_db
def test_every_list_query_walks_an_index_without_a_sort(owner):
    project, label = make_project(owner), make_label(owner)
    fill(owner, 400, project, label)
    with as_user(owner), connection.cursor() as cursor:
        # On a tiny test table a scan and a sort are the cheapest plan; discourage both, so
        # the plan shows whether an index serves the order. Without one, the Sort stays.
        cursor.execute("ANALYZE tasks")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        for name, queryset, order in page_queries(owner, project, label):
            first = list(queryset.with_labels()[:51])
            assert first, name
            after = tuple(getattr(first[-1], key) for key in order.keys)
            page_two = queryset.keyset(order, after)
            for text in (queryset.with_labels()[:51].explain(), page_two.with_labels()[:51].explain()):
                assert "Seq Scan" not in text, (name, text)
                assert "Sort" not in text, (name, text)
                assert "Index" in text, (name, text)


@pytest.mark.django_db
def test_the_sidebar_reads_rows_by_index(owner):
    from tasks.sidebar import SIDEBAR

    fill(owner, 300, make_project(owner), make_label(owner))
    with as_user(owner), connection.cursor() as cursor:
        cursor.execute("ANALYZE tasks")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {SIDEBAR}", {"user": owner.pk, "today": date.today()})
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using task_counts_pkey" in plan, plan
    assert "using idx_tasks_agenda" in plan, plan
    assert "idx_projects_user_position" in plan, plan
    assert "idx_labels_user_name" in plan, plan
    assert "Seq Scan" not in plan and "Sort" not in plan, plan
