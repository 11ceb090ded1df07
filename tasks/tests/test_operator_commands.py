"""The operators' commands, run for real against the test database through the staff role."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from accounts.models import DEMO_DOMAIN, User
from conftest import OWNER_CREDENTIALS
from tasks.models import ArchivedTask, Project, Task
from tests.factories import as_user, make_project, make_task, make_user
from todo_project.management.commands import healthcheck
from todo_project.operations import admin_url, staff_connection

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "staff"])


def all_titles(table: str = "tasks") -> list[str]:
    with staff_connection() as conn:
        return sorted(row[0] for row in conn.execute(f"SELECT title FROM {table}"))


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


# --- seed_demo and cleanup_demo -------------------------------------------------------------


def test_seed_demo_loads_users_with_a_spread_and_heavy_users(capsys):
    call_command("seed_demo", "--users", "20", "--tasks-per-user", "30", "--heavy-users", "2", "--heavy-tasks", "500")
    out = capsys.readouterr().out
    assert "tasks/s" in out
    demo = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    assert demo.count() == 20
    with staff_connection() as conn:
        per_user = [n for (n,) in conn.execute("SELECT count(*) FROM tasks GROUP BY user_id ORDER BY 1 DESC")]
        kinds = conn.execute(
            "SELECT count(*) FILTER (WHERE completed), count(*) FILTER (WHERE deleted_at IS NOT NULL),"
            " count(*) FILTER (WHERE description IS NOT NULL), count(DISTINCT id) = count(*) FROM tasks"
        ).fetchone()
    assert per_user[:2] == [500, 500]
    assert len(set(per_user)) > 3  # not everybody has the same number
    completed, trashed, described, unique_ids = kinds
    assert completed and trashed and described and unique_ids


def test_seed_demo_makes_sections_and_sub_tasks_two_levels_deep_that_keep_the_rules(capsys):
    call_command("seed_demo", "--users", "5", "--tasks-per-user", "60", "--heavy-users", "1", "--heavy-tasks", "400")
    with staff_connection() as conn:
        shares = conn.execute(
            "SELECT count(*) FILTER (WHERE parent_id IS NOT NULL)::float / count(*),"
            " count(*) FILTER (WHERE section_id IS NOT NULL), count(*) FROM tasks"
        ).fetchone()
        depths = {
            depth
            for (depth,) in conn.execute(
                "WITH RECURSIVE up(id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM tasks"
                " UNION ALL SELECT up.id, t.parent_id, up.depth + 1 FROM up JOIN tasks t ON t.id = up.parent_id)"
                " SELECT max(depth) FROM up GROUP BY id"
            )
        }
        # A sub-task lives in its parent's project and section, and is in the trash only with it.
        strays = conn.execute(
            "SELECT count(*) FROM tasks c JOIN tasks p ON p.id = c.parent_id AND p.user_id = c.user_id"
            " WHERE c.project_id IS DISTINCT FROM p.project_id OR c.section_id IS DISTINCT FROM p.section_id"
            " OR (p.deleted_at IS NOT NULL AND c.deleted_at IS NULL)"
        ).fetchone()[0]
        sections = conn.execute("SELECT count(*), count(DISTINCT project_id) FROM sections").fetchone()
    sub_tasks, in_sections, total = shares
    assert 0.15 < sub_tasks < 0.25
    assert depths == {0, 1, 2}
    assert 0 < in_sections < total
    assert strays == 0
    assert sections == (3 * 5, 5)  # three in each person's second project


def index_definitions() -> set[str]:
    """The indexes and foreign keys of the tables a bulk load fills."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN ('tasks', 'task_labels', 'reminders')"
            " UNION ALL SELECT conname || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"
            " AND conrelid IN ('tasks'::regclass, 'task_labels'::regclass, 'reminders'::regclass)"
        )
        return {row[0] for row in cursor.fetchall()}


def test_seed_demo_bulk_into_an_empty_table_makes_the_same_indexes_and_keys_again(capsys, monkeypatch):
    before = index_definitions()
    # The app role may not drop the indexes: refused, nothing loaded.
    with pytest.raises(CommandError, match="owner of the tasks table"):
        call_command("seed_demo", "--users", "2", "--bulk")
    assert index_definitions() == before
    # As the owner, as an operator runs it.
    monkeypatch.setitem(connections["default"].settings_dict, "USER", OWNER_CREDENTIALS["user"])
    monkeypatch.setitem(connections["default"].settings_dict, "PASSWORD", OWNER_CREDENTIALS["password"])
    call_command("seed_demo", "--users", "30", "--tasks-per-user", "20", "--bulk")
    out = capsys.readouterr().out
    assert re.search(r"Building \d+ indexes and foreign keys", out), out
    assert index_definitions() == before
    with staff_connection() as conn:
        # The rebuilt indexes answer: the planner's walk by user finds every row.
        conn.execute("SET enable_seqscan = off")
        by_index = conn.execute("SELECT count(*) FROM tasks WHERE user_id IS NOT NULL").fetchone()[0]
        conn.execute("SET enable_seqscan = on")
        assert by_index == conn.execute("SELECT count(*) FROM tasks").fetchone()[0] > 0
    # A second load finds rows: refused, and the indexes stay.
    with pytest.raises(CommandError, match="empty tasks table"):
        call_command("seed_demo", "--users", "2", "--bulk")
    assert index_definitions() == before


def test_seed_demo_spreads_tasks_with_a_long_tail_repeats_and_reminders(capsys):
    call_command("seed_demo", "--users", "400", "--tasks-per-user", "10", "--random-seed", "7")
    with staff_connection() as conn:
        median, p99 = conn.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n), percentile_cont(0.99) WITHIN GROUP (ORDER BY n)"
            " FROM (SELECT count(*) AS n FROM tasks GROUP BY user_id) AS per_person"
        ).fetchone()
        repeating, reminded = conn.execute(
            "SELECT count(*) FILTER (WHERE recurrence IS NOT NULL AND due_date IS NOT NULL AND NOT completed),"
            " (SELECT count(*) FROM reminders r JOIN tasks t ON t.id = r.task_id AND t.due_time IS NOT NULL)"
            " FROM tasks"
        ).fetchone()
    assert 7 <= median <= 13  # about the median asked for
    assert p99 >= 10 * median  # and a long tail
    assert repeating and reminded


def test_a_demo_user_can_sign_in_with_the_demo_password(client, capsys):
    call_command("seed_demo", "--users", "2", "--tasks-per-user", "3", "--password", "let me in please")
    email = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").first().email
    response = client.post("/accounts/login/", {"login": email, "password": "let me in please"})
    assert response["Location"] == "/"


def test_cleanup_demo_removes_exactly_the_demo_users_and_their_tasks(capsys):
    real = make_user("real@example.com")
    make_task(real, title="Real task")
    call_command("seed_demo", "--users", "30", "--tasks-per-user", "10")
    call_command("cleanup_demo", "--dry-run")
    assert "Would remove 30 demo users" in capsys.readouterr().out
    assert User.objects.count() == 31

    call_command("cleanup_demo", "--batch-size", "7")
    assert list(User.objects.values_list("email", flat=True)) == ["real@example.com"]
    assert all_titles() == ["Real task"]


def test_signup_refuses_the_demo_domain(client):
    response = client.post(
        "/accounts/signup/",
        {"email": f"sneaky@{DEMO_DOMAIN}", "password1": "a long password 1", "password2": "a long password 1"},
    )
    assert response.status_code == 200
    assert not User.objects.exists()


@pytest.mark.parametrize("args", [["--users", "0"], ["--users", "2", "--heavy-users", "3"]])
def test_seed_demo_refuses_nonsense(args):
    with pytest.raises(CommandError):
        call_command("seed_demo", *args)


# --- purge_trash --------------------------------------------------------------------------


def test_purge_trash_deletes_only_tasks_trashed_long_enough(owner, stranger, capsys):
    make_task(owner, title="Old trash", deleted_at=days_ago(40))
    make_task(stranger, title="Their old trash", deleted_at=days_ago(31))
    make_task(owner, title="Fresh trash", deleted_at=days_ago(2))
    make_task(owner, title="Alive")
    call_command("purge_trash", "--older-than", "30", "--dry-run")
    assert "Would delete 2 tasks" in capsys.readouterr().out
    assert len(all_titles()) == 4

    call_command("purge_trash", "--older-than", "30", "--batch-size", "1")
    assert all_titles() == ["Alive", "Fresh trash"]
    assert "Deleted 2 tasks" in capsys.readouterr().out


def test_purge_trash_needs_a_number_of_days():
    with pytest.raises(CommandError):
        call_command("purge_trash")
    with pytest.raises(CommandError):
        call_command("purge_trash", "--older-than", "-1")


# --- archive_tasks ------------------------------------------------------------------------


def test_archiving_moves_old_completed_tasks_out_of_the_list_and_back(owner, owner_client):
    with as_user(owner):
        old = Task.objects.create(user=owner, title="Done long ago", completed=True, updated_at=days_ago(400))
        Task.objects.create(user=owner, title="Done lately", completed=True, updated_at=days_ago(3))
        Task.objects.create(user=owner, title="Old but open", updated_at=days_ago(400))
    call_command("archive_tasks", "--completed-before", "365", "--batch-size", "2")
    assert all_titles() == ["Done lately", "Old but open"]
    assert all_titles("tasks_archive") == ["Done long ago"]
    titles = [task.title for task in owner_client.get("/").context["tasks"]]
    assert "Done long ago" not in titles
    with as_user(owner):  # the archive is under RLS too
        assert list(ArchivedTask.objects.values_list("pk", flat=True)) == [old.pk]
    with as_user(make_user("other@example.com")):
        assert not ArchivedTask.objects.exists()

    call_command("archive_tasks", "--restore")
    assert all_titles("tasks_archive") == []
    with as_user(owner):
        back = Task.objects.get(pk=old.pk)
    assert (back.title, back.completed, back.updated_at) == ("Done long ago", True, old.updated_at)


def test_archiving_keeps_a_family_together_both_ways(owner):
    """A family moves whole, whatever batch its rows fall in, and only when every one of them
    is done and old: no sub-task is ever left behind without its parent (or deleted with it)."""
    old = {"completed": True, "updated_at": days_ago(400)}
    with as_user(owner):
        trip = Task.objects.create(user=owner, title="Trip", **old)
        visa = Task.objects.create(user=owner, title="Visa", parent=trip, **old)
        Task.objects.create(user=owner, title="Photo", parent=visa, **old)
        move = Task.objects.create(user=owner, title="Move", **old)
        Task.objects.create(user=owner, title="Boxes", parent=move)  # still open: the family stays
    call_command("archive_tasks", "--completed-before", "365", "--batch-size", "1")
    assert all_titles("tasks_archive") == ["Photo", "Trip", "Visa"]
    assert all_titles() == ["Boxes", "Move"]
    call_command("archive_tasks", "--restore", "--batch-size", "1")
    assert all_titles("tasks_archive") == []
    with as_user(owner):
        assert dict(Task.objects.filter(parent__isnull=False).values_list("title", "parent__title")) == {
            "Visa": "Trip",
            "Photo": "Visa",
            "Boxes": "Move",
        }


def test_archiving_is_safe_to_run_twice(owner):
    with as_user(owner):
        Task.objects.create(user=owner, title="Done long ago", completed=True, updated_at=days_ago(400))
    call_command("archive_tasks", "--completed-before", "30")
    call_command("archive_tasks", "--completed-before", "30")
    assert all_titles("tasks_archive") == ["Done long ago"]
    assert all_titles() == []


@pytest.mark.parametrize("args", [[], ["--restore", "--completed-before", "3"], ["--completed-before", "-2"]])
def test_archive_tasks_wants_one_clear_instruction(args):
    with pytest.raises(CommandError):
        call_command("archive_tasks", *args)


# --- healthcheck and db_stats -------------------------------------------------------------


def test_healthcheck_passes_and_says_so(capsys):
    # Jobs queued and committed by an earlier run's browser tests, in a database kept between
    # runs, would wait for a worker forever (this test's transaction undoes the delete).
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE status = 'todo'")
    call_command("healthcheck")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split() for line in lines[:5]] == [
        ["ok", "database"],
        ["ok", "migrations"],
        ["ok", "rls"],
        ["ok", "staff"],
        ["ok", "queue"],
    ]
    assert re.match(r"     queue: \d+ waiting.*, \d+ failed in the last hour", lines[5])
    call_command("healthcheck", "--json")
    assert json.loads(capsys.readouterr().out)["status"] == "ok"


def test_healthcheck_fails_with_one_line_per_failed_check(monkeypatch, capsys):
    def down():
        raise DatabaseError("connection refused")

    monkeypatch.setitem(healthcheck.CHECKS, "database", down)
    monkeypatch.setitem(healthcheck.CHECKS, "rls", lambda: "row-level security is not forced on tasks")
    with pytest.raises(CommandError) as failure:
        call_command("healthcheck")
    assert failure.value.returncode == 1
    assert capsys.readouterr().err.splitlines() == [
        "FAIL database: connection refused",
        "FAIL rls: row-level security is not forced on tasks",
    ]


def test_db_stats_reports_sizes_index_use_and_cache(owner, capsys):
    make_task(owner, title="Counted")
    call_command("db_stats")
    out = capsys.readouterr().out
    for expected in ("Tables", "tasks", "Indexes", "idx_tasks_user_completed_created", "Cache hit ratio"):
        assert expected in out
    call_command("db_stats", "--json")
    data = json.loads(capsys.readouterr().out)
    assert {"tables", "indexes", "cache_hit_percent", "slow_statements"} <= data.keys()
    assert any(index["index"] == "idx_tasks_created_at" for index in data["indexes"])
    if data["slow_statements"] is None:
        call_command("db_stats")
        assert "pg_stat_statements is not installed" in capsys.readouterr().out


# --- backup and restore -------------------------------------------------------------------


@pytest.fixture
def superuser_url():
    url = admin_url()
    if url is None:
        pytest.skip("set DATABASE_BACKUP_URL to a superuser to run backup tests against your server")
    return url


@pytest.fixture
def fresh_database(superuser_url):
    name = "todo_restore_check"
    with psycopg.connect(admin_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin_url(name)
    with psycopg.connect(admin_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_row(url: str) -> dict[str, str]:
    """A digest of every row of every table, as a superuser sees it."""
    with psycopg.connect(url) as conn:
        tables = [t for (t,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            table: conn.execute(
                f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()[0]
            for table in tables
        }


def test_backup_and_restore_round_trip_every_row(superuser_url, fresh_database, tmp_path, capsys):
    call_command("seed_demo", "--users", "15", "--tasks-per-user", "20", "--heavy-users", "1", "--heavy-tasks", "300")
    dump = tmp_path / "todo.dump"
    call_command("backup", "--output", str(dump))
    manifest = json.loads((tmp_path / "todo.dump.json").read_text())
    assert manifest["row_counts"]["tasks"] >= 300
    assert len(manifest["sha256"]) == 64

    call_command("restore", str(dump), "--database-url", fresh_database)
    assert "counts match" in capsys.readouterr().out
    assert every_row(fresh_database) == every_row(superuser_url)
    with psycopg.connect(fresh_database) as conn:  # the policies came back too
        assert conn.execute("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'tasks'").fetchone()[0]

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(dump), "--database-url", fresh_database)
    call_command("restore", str(dump), "--database-url", fresh_database, "--force")
    assert every_row(fresh_database) == every_row(superuser_url)


def test_restore_refuses_a_damaged_backup(superuser_url, fresh_database, tmp_path):
    dump = tmp_path / "todo.dump"
    call_command("backup", "--output", str(dump))
    with dump.open("ab") as stream:
        stream.write(b"tampered")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(dump), "--database-url", fresh_database)


# --- recount_tasks --------------------------------------------------------------------------


def test_recount_tasks_finds_and_repairs_counts_that_went_around_the_trigger(capsys):
    owner, stranger = make_user("owner@example.com"), make_user("stranger@example.com")
    project = make_project(owner)
    for user in (owner, stranger):
        make_task(user, title="One", project=project if user == owner else None)
        make_task(user, title="Two", completed=True)
    with staff_connection() as conn:  # what only a write around the trigger could do
        conn.execute("UPDATE task_counts SET active = 7 WHERE user_id = %s", [owner.pk])
        conn.execute("DELETE FROM task_counts WHERE user_id = %s", [stranger.pk])
        conn.execute("UPDATE projects SET active_count = 9")

    call_command("recount_tasks", "--dry-run")
    assert "2 people's and 1 projects' task counts differ" in capsys.readouterr().out
    with staff_connection() as conn:
        assert conn.execute("SELECT count(*) FROM task_counts").fetchone()[0] == 1

    call_command("recount_tasks")
    assert "Repaired the task counts of 2 people and 1 projects" in capsys.readouterr().out
    with staff_connection() as conn:
        assert sorted(conn.execute("SELECT active, completed FROM task_counts").fetchall()) == [(1, 1), (1, 1)]
        assert conn.execute("SELECT active_count, completed_count FROM projects").fetchall() == [(1, 0)]
    call_command("recount_tasks")
    assert "match" in capsys.readouterr().out


def test_recount_tasks_puts_a_sub_task_moved_around_the_triggers_back_with_its_parent(owner, owner_connection, capsys):
    project = make_project(owner)
    parent = make_task(owner, title="Trip", project=project)
    with as_user(owner):
        child = Task.objects.create(user=owner, title="Visa", parent=parent)
    owner_connection.execute("ALTER TABLE tasks DISABLE TRIGGER tasks_check_parent")
    try:
        with staff_connection() as conn:  # what only a write around the trigger could do
            conn.execute("UPDATE tasks SET project_id = NULL WHERE id = %s", [child.pk])
    finally:
        owner_connection.execute("ALTER TABLE tasks ENABLE TRIGGER tasks_check_parent")
    call_command("recount_tasks")
    assert "1 sub-tasks were out of their parent's project or section: moved back" in capsys.readouterr().out
    with as_user(owner):
        assert Task.objects.get(pk=child.pk).project_id == project.pk
        assert Project.objects.get().counts == {"all": 2, "active": 2, "completed": 0}


def test_recount_tasks_fails_cleanly_without_a_database(monkeypatch):
    from tasks.management.commands import recount_tasks

    def unreachable():
        raise psycopg.OperationalError("connection refused")

    monkeypatch.setattr(recount_tasks, "staff_connection", unreachable)
    with pytest.raises(CommandError, match="could not recount: connection refused"):
        call_command("recount_tasks")
