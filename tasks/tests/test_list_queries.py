"""The list page costs the same few queries however many tasks a person has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.tests.test_views import add_tasks

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
    # set_config (the RLS context), session, user, the page of tasks, the counts.
    assert many == few == ["SELECT"] * 5
