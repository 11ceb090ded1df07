"""Behind PgBouncer in transaction mode, each request still sees only its own person's tasks.

PgBouncer hands each transaction whichever server connection is free. These tests give it a
single server connection, so every client and every request shares one PostgreSQL session:
anything that outlived a transaction would show up in the next one. Needs Debian's
`pgbouncer` package; skipped without it unless PGBOUNCER_REQUIRED=1 (as in CI).
"""

from __future__ import annotations

import os
from urllib.request import urlopen

import psycopg
import pytest
from django.conf import settings
from django.db import connections

from bench import pgbouncer
from bench.measure import Session
from tasks.models import Task
from tests import servers
from tests.factories import PASSWORD, as_user, make_user
from todo_project.rls import SETTING

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "staff"])


@pytest.fixture
def bouncer():
    """PgBouncer in front of the test database: one server connection for the app role."""
    if not pgbouncer.available():
        if os.environ.get("PGBOUNCER_REQUIRED"):
            pytest.fail("PGBOUNCER_REQUIRED is set but pgbouncer is not installed (apt-get install pgbouncer)")
        pytest.skip("pgbouncer is not installed (apt-get install pgbouncer)")
    default = connections["default"].settings_dict
    staff = connections["staff"].settings_dict
    # The database cache's connection has a pool of its own, as DATABASE_CACHE_URL asks.
    with pgbouncer.running({default["NAME"]: default, "staff": staff, "cache": default}, pool_size=1) as port:
        yield port


def client(port: int) -> psycopg.Connection:
    name = connections["default"].settings_dict["NAME"]
    # Transaction pooling cannot keep server-side prepared statements; never prepare.
    return psycopg.connect(
        host="127.0.0.1", port=port, dbname=name, user="any", autocommit=True, prepare_threshold=None
    )


@pytest.fixture
def people(db):
    alice, bob = make_user("alice@example.com"), make_user("bob@example.com")
    servers.production_password(alice, bob)  # the server under test has the production hashers
    for person, titles in ((alice, ["Alice plan", "Alice list"]), (bob, ["Bob secret"])):
        with as_user(person):
            Task.objects.bulk_create(Task(user=person, title=title) for title in titles)
    return alice, bob


def test_a_transactions_context_never_reaches_the_next_one(bouncer, people):
    alice, bob = people
    seen, backends = [], set()
    with client(bouncer) as first, client(bouncer) as second:
        for conn, person in ((first, alice), (second, None), (second, bob), (first, None), (first, alice)):
            with conn.transaction():
                conn.execute("SELECT set_config(%s, %s, true)", [SETTING, str(person.pk) if person else ""])
                backends.add(conn.execute("SELECT pg_backend_pid()").fetchone()[0])
                seen.append(sorted(title for (title,) in conn.execute("SELECT title FROM tasks")))
            # Between transactions, on the same server connection, no context is left.
            assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0
    assert len(backends) == 1, "the clients should have shared one server connection"
    assert seen == [["Alice list", "Alice plan"], [], ["Bob secret"], [], ["Alice list", "Alice plan"]]


def test_a_session_level_setting_would_leak_which_is_why_the_app_never_makes_one(bouncer, people):
    alice, _ = people
    with client(bouncer) as first, client(bouncer) as second:
        first.execute(f"SET {SETTING} = '{alice.pk}'")
        # Another client, the same server session: it inherits the setting.
        assert second.execute("SELECT count(*) FROM tasks").fetchone()[0] == 2
        second.execute(f"RESET {SETTING}")


def test_the_app_served_through_pgbouncer_keeps_each_persons_tasks_apart(bouncer, people, tmp_path):
    db = connections["default"].settings_dict
    env = {
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{bouncer}/{db['NAME']}",
        "DATABASE_STAFF_URL": f"postgres://{settings.DATABASE_ROLES['staff']}@127.0.0.1:{bouncer}/staff",
        "DATABASE_CACHE_URL": f"postgres://{db['USER']}@127.0.0.1:{bouncer}/cache",
    }
    with servers.gunicorn(tmp_path, workers=2, env=env) as server:
        alice, bob = people
        sessions = {person: Session(server.url, person.email, PASSWORD) for person in (alice, bob)}
        for _ in range(5):
            for person in (alice, bob, alice):
                page = sessions[person].get("/")
                mine, theirs = ("Alice plan", "Bob secret") if person == alice else ("Bob secret", "Alice plan")
                assert mine in page, server.log.read_text()
                assert theirs not in page
            with urlopen(f"{server.url}/accounts/login/", timeout=10) as anonymous:
                assert "Alice plan" not in anonymous.read().decode()
        # A write through the pooler lands as its author's, and only they see it.
        assert sessions[bob].post("/tasks/new/", {"title": "Bob new"}) == 302
        assert "Bob new" in sessions[bob].get("/")
        assert "Bob new" not in sessions[alice].get("/")
        with as_user(bob):
            assert Task.objects.filter(user=bob, title="Bob new").count() == 1
