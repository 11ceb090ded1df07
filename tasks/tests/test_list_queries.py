"""The list page costs the same few queries however many tasks a person has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import add_tasks

TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


@pytest.mark.django_db(transaction=True)  # the request's own transaction, as in production
def test_the_list_runs_the_same_queries_for_5_or_500_tasks(owner_client, owner):
    def list_page_queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get("/?status=active").status_code == 200
        statements = [query["sql"] for query in captured.captured_queries]
        return [sql.split()[0] for sql in statements if sql.split()[0] not in TRANSACTION_CONTROL]

    add_tasks(owner, 5)
    few = list_page_queries()
    add_tasks(owner, 495)
    many = list_page_queries()
    # The session row, set_config (the RLS context), the user, the page of tasks, the counts row.
    assert many == few == ["SELECT"] * 5


PLANS = [
    ("all, newest", {}),
    ("active, newest", {"status": "active"}),
    ("completed, oldest", {"status": "completed", "sort": "oldest"}),
    ("all, recently updated", {"sort": "updated"}),
    ("all, title", {"sort": "title"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "params"), PLANS, ids=[name for name, _ in PLANS])
def test_every_list_query_walks_an_index_without_a_sort(owner, name, params):
    from tasks.models import Task
    from tests.factories import as_user

    add_tasks(owner, 100)
    add_tasks(owner, 100, completed=True)
    status, sort = params.get("status", "all"), params.get("sort", "newest")
    with as_user(owner), connection.cursor() as cursor:
        # On a tiny test table a scan and a sort are the cheapest plan; discourage both, so
        # the plan shows whether an index serves the order. Without one, the Sort stays.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        queryset = Task.objects.for_user(owner).with_status(status).ordered(sort)[:51]
        plan = queryset.explain()
        page_two = Task.objects.for_user(owner).with_status(status).ordered(sort, after=next_key(queryset, sort))
        plan_two = page_two[:51].explain()
    for text in (plan, plan_two):
        assert "Seq Scan" not in text, text
        assert "Sort" not in text, text
        assert "Index" in text, text


def next_key(queryset, sort):
    from tasks.models import SORTS

    last = list(queryset)[-1]
    return getattr(last, SORTS[sort][0]), last.pk


@pytest.mark.django_db
def test_the_counts_are_one_primary_key_lookup(owner):
    from tasks.models import TaskCounts
    from tests.factories import as_user

    add_tasks(owner, 300)
    with as_user(owner), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = TaskCounts.objects.filter(user=owner).values_list("active", "completed")[:1].explain()
    assert "Index Scan using task_counts_pkey" in plan, plan
