"""Today and Upcoming, the pages people open every morning: Today's Overdue group and its
Reschedule, Upcoming's days, weeks and later, adding under a day, and what they cost."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.models import Task
from tasks.views.lists import UpcomingView
from tests.factories import add_tasks, as_user, make_task, reload

pytestmark = pytest.mark.django_db


def headings(response) -> list[str]:
    return [group.heading for group in response.context["groups"]]


def test_today_shows_overdue_first_then_today_each_by_time_then_priority(owner_client, owner):
    today = owner.today()
    make_task(owner, title="Long overdue", due_date=today - timedelta(days=5))
    make_task(owner, title="Overdue at 9", due_date=today - timedelta(days=1), due_time=time(9))
    make_task(owner, title="Today P1", due_date=today, priority=1)
    make_task(owner, title="Today at 8", due_date=today, due_time=time(8))
    response = owner_client.get("/today/")
    groups = response.context["groups"]
    assert headings(response)[0] == "Overdue" and headings(response)[1].startswith("Today · ")
    assert [t.title for t in groups[0].tasks] == ["Long overdue", "Overdue at 9"]
    assert [t.title for t in groups[1].tasks] == ["Today at 8", "Today P1"]
    page = response.content.decode()
    assert 'action="/today/reschedule/"' in page and ">2 tasks<" in page


def test_today_without_overdue_tasks_has_no_overdue_group(owner_client, owner):
    make_task(owner, title="Today", due_date=owner.today())
    response = owner_client.get("/today/")
    assert len(headings(response)) == 1 and "/today/reschedule/" not in response.content.decode()


def test_reschedule_with_no_date_moves_the_overdue_tasks_to_today_with_an_undo(owner_client, owner):
    today = owner.today()
    late = make_task(owner, title="Late", due_date=today - timedelta(days=2))
    response = owner_client.post(reverse("tasks:reschedule"), {"due_date": "", "next": "/today/"}, follow=True)
    assert reload(owner, late).due_date == today
    page = response.content.decode()
    assert "Moved 1 overdue task to" in page
    (undo_action,) = re.findall(r'action="(/undo/\?token=[^"]+)"', page)
    owner_client.post(undo_action.replace("&amp;", "&"), {"next": "/today/"})
    assert reload(owner, late).due_date == today - timedelta(days=2)


def test_reschedule_to_a_later_day_and_never_to_the_past(owner_client, owner):
    today = owner.today()
    late = make_task(owner, title="Late", due_date=today - timedelta(days=2))
    owner_client.post(reverse("tasks:reschedule"), {"due_date": (today + timedelta(days=3)).isoformat()})
    assert reload(owner, late).due_date == today + timedelta(days=3)
    with as_user(owner):
        Task.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=2))
    response = owner_client.post(
        reverse("tasks:reschedule"), {"due_date": (today - timedelta(days=1)).isoformat()}, follow=True
    )
    assert "Pick today or a later day." in response.content.decode()
    assert reload(owner, late).due_date == today - timedelta(days=2)


def test_reschedule_answers_the_script_with_json_and_an_undo_url(owner_client, owner):
    make_task(owner, title="Late", due_date=owner.today() - timedelta(days=1))
    answer = owner_client.post(reverse("tasks:reschedule"), {}, headers={"accept": "application/json"}).json()
    assert answer["message"].startswith("Moved 1 overdue task") and answer["undo_url"].startswith("/undo/?token=")


def test_upcoming_shows_every_day_of_the_next_two_weeks_even_empty_ones_then_weeks_then_later(owner_client, owner):
    today = owner.today()
    make_task(owner, title="Overdue", due_date=today - timedelta(days=1))
    make_task(owner, title="In three days", due_date=today + timedelta(days=3))
    make_task(owner, title="In three weeks", due_date=today + timedelta(days=21))
    make_task(owner, title="In a year", due_date=today + timedelta(days=365))
    response = owner_client.get("/upcoming/")
    groups = response.context["groups"]
    assert groups[0].heading == "Overdue"
    days = [group for group in groups if group.day]
    assert [group.day for group in days] == [today + timedelta(days=n) for n in range(14)]
    assert [t.title for t in days[3].tasks] == ["In three days"] and days[4].tasks == []
    assert [t.title for t in groups[-2].tasks] == ["In three weeks"] and " – " in groups[-2].heading
    assert groups[-1].heading == "Later" and [t.title for t in groups[-1].tasks] == ["In a year"]
    page = response.content.decode()
    assert page.count("+ Add task") == 14 and page.count(">0 tasks<") == 13 and ">1 task<" in page


def test_a_task_added_under_a_day_gets_that_day_and_shows_up_under_it(owner_client, owner):
    day = owner.today() + timedelta(days=4)
    page = owner_client.get("/upcoming/").content.decode()
    assert f'name="due_date" value="{day.isoformat()}"' in page
    response = owner_client.post(
        reverse("tasks:create"),
        {"title": "Dentist", "quick_add": "1", "due_date": day.isoformat(), "next": "/upcoming/"},
        follow=True,
    )
    (group,) = [group for group in response.context["groups"] if group.day == day]
    assert [t.title for t in group.tasks] == ["Dentist"]


def test_a_task_added_in_upcomings_box_is_due_today(owner_client, owner):
    page = owner_client.get("/upcoming/").content.decode()
    assert f'name="due_date" value="{owner.today().isoformat()}"' in page.split("data-quick-add")[1][:800]


def test_upcoming_goes_on_with_later_days_past_its_rows_without_cutting_a_day(owner_client, owner, monkeypatch):
    monkeypatch.setattr(UpcomingView, "ROWS", 10)
    today = owner.today()
    for n in range(8):  # four days of three tasks, then four more days of one
        add_tasks(owner, 3 if n < 4 else 1, due_date=today + timedelta(days=n))
    first = owner_client.get("/upcoming/")
    shown = [task.pk for task in first.context["tasks"]]
    assert len(shown) == 9  # three whole days; the fourth would not fit whole
    assert [group.day for group in first.context["groups"]] == [today + timedelta(days=n) for n in range(3)]
    later = first.context["next_url"]
    assert "from=" in later and "cursor=" in later and "Later days" in first.content.decode()
    second = owner_client.get(later)
    assert second.context["groups"][0].day == today + timedelta(days=3)
    assert len(second.context["tasks"]) == 3 + 4 and not {t.pk for t in second.context["tasks"]} & set(shown)


def test_a_later_days_link_from_before_today_starts_today(owner_client, owner):
    response = owner_client.get("/upcoming/?from=2001-01-01")
    assert response.context["groups"][0].day == owner.today()


@pytest.mark.django_db(transaction=True)  # the request's own transaction, as in production
def test_today_and_upcoming_run_the_same_statements_for_10_or_600_tasks(owner_client, owner):
    def statements(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(url).status_code == 200
        words = [query["sql"].split()[0] for query in captured.captured_queries]
        return sum(1 for word in words if word not in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"))

    def fill(count: int) -> None:
        today = owner.today()
        tasks = add_tasks(owner, count)
        with as_user(owner):
            for index, task in enumerate(tasks):
                task.due_date = today + timedelta(days=index % 60 - 10)
            Task.objects.bulk_update(tasks, ["due_date"])

    fill(10)
    few = {url: statements(url) for url in ("/today/", "/upcoming/")}
    fill(590)
    many = {url: statements(url) for url in ("/today/", "/upcoming/")}
    # Upcoming's first chunk reads its overdue tasks in the same statement as its days.
    assert few == many == {"/today/": 5, "/upcoming/": 5}
    later = owner_client.get("/upcoming/").context["next_url"]
    assert later and statements(later) == 5


def test_upcomings_first_chunk_walks_the_agenda_index_twice_in_one_statement(owner_client, owner):
    today = owner.today()
    tasks = add_tasks(owner, 480)
    with as_user(owner):
        for index, task in enumerate(tasks):
            task.due_date = today + timedelta(days=index % 80 - 10)
        Task.objects.bulk_update(tasks, ["due_date"])
    with CaptureQueriesContext(connection) as captured:
        page = owner_client.get("/upcoming/")
    groups = page.context["groups"]
    assert groups[0].overdue and groups[0].more_url  # 50 of the 60 overdue shown, and a link to Today
    assert len(groups[0].tasks) == UpcomingView.OVERDUE and groups[1].day == today
    [both] = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("(SELECT")]
    with as_user(owner), connection.cursor() as cursor:
        cursor.execute("ANALYZE tasks")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {both}")
        plan = "\n".join(row for (row,) in cursor.fetchall())
    # Each walk stops at its own size; the one sort is of their rows (at most 50 + 200 and two).
    assert plan.count("idx_tasks_agenda") == 2 and "Seq Scan" not in plan, plan
    sorts = re.findall(r"^\s*(?:->\s*)?Sort\s+\(", plan, re.MULTILINE)
    assert len(sorts) == 1 and plan.lstrip().startswith("Sort"), plan


def test_each_of_upcomings_day_ranges_walks_the_agenda_index_without_a_sort(owner):
    today = owner.today()
    tasks = add_tasks(owner, 400)
    with as_user(owner):
        for index, task in enumerate(tasks):
            task.due_date = today + timedelta(days=index % 80 - 10)
        Task.objects.bulk_update(tasks, ["due_date"])
        mine = Task.objects.for_user(owner)
        ranges = {
            "overdue": mine.active().filter(due_date__lt=today).agenda(),
            "from today": mine.due_from(today).agenda(),
            "later days": mine.due_from(today + timedelta(days=20)).agenda(
                (today + timedelta(days=20), time.max, 4, tasks[0].pk)
            ),
            "today": mine.due_by(today).agenda(),
        }
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tasks")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            for name, queryset in ranges.items():
                plan = queryset.with_labels()[:201].explain()
                assert "idx_tasks_agenda" in plan, (name, plan)
                assert "Sort" not in plan and "Seq Scan" not in plan, (name, plan)
