"""PostgreSQL keeps each user's tasks apart even when the code forgets to (docs/RLS.md).

These run as the app role, like the web process. Pointed at a superuser or the table owner,
they fail: that is what the role canary is for.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import ProgrammingError, connection, connections, transaction

from tasks.models import Task
from tests.factories import PASSWORD, as_user, make_task
from todo_project import database, rls


def raw_titles() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM tasks ORDER BY title")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def two_users_tasks(owner, stranger):
    make_task(owner, title="A1")
    make_task(owner, title="A2")
    make_task(stranger, title="B1")


@pytest.mark.django_db
def test_the_app_role_cannot_bypass_rls():
    assert rls.problems() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == settings.DATABASE_ROLES["app"]


@pytest.mark.django_db
def test_without_a_context_nothing_is_visible(two_users_tasks):
    assert raw_titles() == []
    assert Task.objects.count() == 0


@pytest.mark.django_db
def test_a_raw_query_in_a_users_context_sees_only_their_rows(owner, stranger, two_users_tasks):
    with as_user(owner):
        assert raw_titles() == ["A1", "A2"]
    with as_user(stranger):
        assert raw_titles() == ["B1"]


@pytest.mark.django_db
def test_inserting_a_task_for_someone_else_fails(owner, stranger):
    with pytest.raises(ProgrammingError, match="row-level security"), as_user(owner):
        Task.objects.create(user=stranger, title="planted")


@pytest.mark.django_db
def test_someone_elses_rows_cannot_be_updated_or_deleted(owner, stranger, two_users_tasks):
    with as_user(owner):
        assert Task.objects.filter(user=stranger).update(title="hijacked") == 0
        assert Task.objects.filter(user=stranger).delete()[0] == 0
        with connection.cursor() as cursor:
            cursor.execute("UPDATE tasks SET title = 'hijacked' WHERE title = 'B1'")
            assert cursor.rowcount == 0
    with as_user(stranger):
        assert raw_titles() == ["B1"]


@pytest.mark.django_db
def test_moving_my_task_to_someone_else_fails(owner, stranger, two_users_tasks):
    with pytest.raises(ProgrammingError, match="row-level security"), as_user(owner):
        Task.objects.filter(title="A1").update(user=stranger)


@pytest.mark.django_db
def test_an_upsert_onto_someone_elses_row_fails(owner, stranger):
    theirs = make_task(stranger, title="B1")
    with pytest.raises(ProgrammingError, match="row-level security"), as_user(owner):
        Task.objects.bulk_create(
            [Task(id=theirs.pk, user=owner, title="taken over")],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["title"],
        )


@pytest.mark.django_db
def test_a_nested_context_restores_the_outer_one(owner, stranger, two_users_tasks):
    with as_user(owner):
        with as_user(stranger):
            assert raw_titles() == ["B1"]
        assert raw_titles() == ["A1", "A2"]
    assert raw_titles() == []


@pytest.mark.django_db(transaction=True)
def test_the_context_ends_with_its_transaction(owner, two_users_tasks):
    with as_user(owner):
        assert raw_titles() == ["A1", "A2"]
    # Committed: the same connection, outside any transaction, has no context left.
    with connection.cursor() as cursor:
        cursor.execute("SELECT NULLIF(current_setting('app.current_user_id', true), '')")
        assert cursor.fetchone()[0] is None
    assert raw_titles() == []


@pytest.mark.django_db
def test_every_table_with_a_user_id_is_under_rls_or_exempt_on_purpose():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'user_id' AND NOT a.attisdropped
            """
        )
        tables = {name: (enabled, forced, policies) for name, enabled, forced, policies in cursor.fetchall()}
    assert set(tables) == rls.rls_tables() | set(rls.rls_exempt_tables())
    for name in rls.rls_tables():
        enabled, forced, policies = tables[name]
        assert enabled and forced and policies >= 4, name


# The tests below use real transactions: a test-wide transaction would keep the context
# alive between statements and could pass where production fails.
pytestmark_transactional = pytest.mark.django_db(transaction=True, databases=["default", "staff"])


@pytestmark_transactional
@pytest.mark.urls("tests.misbehaving_urls")
def test_a_view_that_forgets_its_user_filter_still_shows_only_the_users_tasks(client, owner, two_users_tasks):
    client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert client.get("/forgetful/").json() == {"titles": ["A1", "A2"]}
    client.post("/accounts/logout/")
    assert client.get("/forgetful/").json() == {"titles": []}


@pytestmark_transactional
@pytest.mark.urls("tests.misbehaving_urls")
@pytest.mark.parametrize(("path", "status"), [("/crash/", 500), ("/write-then-404/", 404)])
def test_a_view_that_writes_then_fails_leaves_nothing_behind(client, owner, path, status):
    client.raise_request_exception = False
    client.force_login(owner)
    assert client.get(path).status_code == status
    with as_user(owner):
        assert not Task.objects.filter(title="half-done").exists()


@pytestmark_transactional
def test_the_staff_connection_sees_every_task(owner, stranger, two_users_tasks):
    assert sorted(Task.objects.using("staff").values_list("title", flat=True)) == ["A1", "A2", "B1"]
    assert Task.objects.count() == 0


@pytestmark_transactional
def test_a_pooled_connection_is_reset_before_reuse():
    from psycopg_pool import ConnectionPool

    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["autocommit"] = True  # as Django's pooled connections are; an open transaction would be discarded
    with ConnectionPool(kwargs=params, min_size=1, max_size=1, reset=database.reset_pooled_connection) as pool:
        with pool.connection() as conn:
            first_backend = conn.info.backend_pid
            # A session-level value, the kind this project never sets; the reset must clear it.
            conn.execute("SELECT set_config('app.current_user_id', gen_random_uuid()::text, false)")
        with pool.connection() as conn:
            assert conn.info.backend_pid == first_backend  # the same server session, reused
            value = conn.execute("SELECT current_setting('app.current_user_id', true)").fetchone()[0]
    assert value in ("", None)


@pytest.mark.django_db
def test_signing_in_and_out_switches_the_context_within_the_request(owner, two_users_tasks):
    from django.contrib.auth.signals import user_logged_in, user_logged_out

    with transaction.atomic():
        user_logged_in.send(sender=type(owner), request=None, user=owner)
        assert raw_titles() == ["A1", "A2"]
        user_logged_out.send(sender=type(owner), request=None, user=owner)
        assert raw_titles() == []


@pytest.mark.django_db
def test_create_form_ids_are_kept_apart_like_tasks(owner, stranger):
    """task_submissions, in SQL as the app role: another person's rows cannot be read, written or made."""
    with as_user(stranger), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO task_submissions (user_id, submission) VALUES (%s, gen_random_uuid())", [stranger.pk]
        )
    with as_user(owner), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM task_submissions")
        assert cursor.fetchone()[0] == 0
        cursor.execute("UPDATE task_submissions SET user_id = %s", [owner.pk])
        assert cursor.rowcount == 0
        cursor.execute("DELETE FROM task_submissions")
        assert cursor.rowcount == 0
    with pytest.raises(ProgrammingError, match="row-level security"), as_user(owner), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO task_submissions (user_id, submission) VALUES (%s, gen_random_uuid())", [stranger.pk]
        )
    with as_user(stranger), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM task_submissions")
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_create_form_ids_go_with_their_person(owner, stranger):
    for person in (owner, stranger):
        with as_user(person), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO task_submissions (user_id, submission) VALUES (%s, gen_random_uuid())", [person.pk]
            )
    with as_user(owner):
        owner.delete()  # the database's cascade, under RLS
    for person, left in ((owner, 0), (stranger, 1)):
        with as_user(person), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM task_submissions")
            assert cursor.fetchone()[0] == left
