"""With DATABASE_REPLICA_URL, the list pages read from a real hot standby, and each person
still sees their own changes at once.

A primary and a standby streaming from it (`pg_basebackup -R`, tests/replication.py), and
gunicorn with two workers reading from both. Replay on the standby is paused to make the two
differ: a page that does not show a change made on the primary was read from the standby.
Needs PostgreSQL's initdb, pg_ctl and pg_basebackup (the embedded server ships them); skipped
without them unless REPLICA_REQUIRED=1 (as in CI).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.conf import settings

from tests import replication, servers
from tests.factories import PASSWORD

# Short, so the test can wait it out (the default is 5 s), and long enough for a page on each worker.
WINDOW = 3
ALICE, BOB = "alice@example.com", "bob@example.com"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The primary, the standby, and gunicorn reading from both; Alice and Bob signed up."""
    bin_dir = replication.binaries()
    if bin_dir is None:
        if os.environ.get("REPLICA_REQUIRED"):
            pytest.fail("REPLICA_REQUIRED is set but PostgreSQL's initdb, pg_ctl and pg_basebackup were not found")
        pytest.skip("PostgreSQL's initdb, pg_ctl and pg_basebackup were not found")
    app = settings.DATABASE_ROLES["app"]
    with replication.primary_and_standby(bin_dir) as cluster:
        env = {
            "DATABASE_URL": cluster.primary.url(app),
            "DATABASE_STAFF_URL": cluster.primary.url(settings.DATABASE_ROLES["staff"]),
            "DATABASE_REPLICA_URL": cluster.standby.url(app),
            "REPLICA_READ_AFTER_WRITE_SECONDS": str(WINDOW),
            "ACCOUNT_EMAIL_VERIFICATION": "none",
        }
        with servers.gunicorn(tmp_path_factory.mktemp("replica"), workers=2, env=env) as server:
            people = {}
            # Alice's task is due today (quick add): it is on her list, Inbox, Today and Upcoming.
            for email, task in ((ALICE, "Alice plan today"), (BOB, "Bob secret")):
                people[email] = servers.Browser(server)
                signup = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
                assert people[email].post("/accounts/signup/", signup).status == 302, server.log.read_text()
                assert people[email].post("/tasks/new/", {"title": task}).status == 302
            yield cluster, server, people


def settled(cluster) -> None:
    """The standby has everything, and nobody's read-after-write window is open."""
    replication.caught_up(cluster.primary, cluster.standby)
    time.sleep(WINDOW + 0.5)


@contextmanager
def replay_paused(cluster):
    """Within the block the standby replays nothing: it keeps the data it had."""
    with cluster.standby.connect() as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            conn.execute("SELECT pg_wal_replay_resume()")
    replication.caught_up(cluster.primary, cluster.standby)


def as_person(server, email: str) -> psycopg.Connection:
    """A connection as the app role, in `email`'s RLS context, not in autocommit."""
    conn = server.connect(settings.DATABASE_ROLES["app"])
    conn.autocommit = False
    (person,) = conn.execute("SELECT id FROM users WHERE email = %s", [email]).fetchone()
    conn.execute("SELECT set_config('app.current_user_id', %s, false)", [str(person)])
    return conn


def rename_behind_the_apps_back(cluster, email: str, old: str, new: str) -> None:
    """A change on the primary that no request of `email`'s made: no read-after-write window."""
    with as_person(cluster.primary, email) as conn:
        assert conn.execute("UPDATE tasks SET title = %s WHERE title = %s", [new, old]).rowcount == 1
        conn.commit()


def api(server, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    """The API as a script calls it: a bearer token, no cookies."""
    conn = http.client.HTTPConnection(servers.HOST, server.port, timeout=servers.TIMEOUT)
    try:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


def titles(server, token: str) -> list[str]:
    status, page = api(server, "GET", "/api/v1/tasks", token)
    assert status == 200, page
    return [task["title"] for task in page["results"]]


def test_the_list_pages_and_the_apis_list_are_read_from_the_standby(site):
    cluster, server, people = site
    made = people[ALICE].post("/accounts/tokens/", {"name": "Script", "scope": "write", "password": PASSWORD})
    token = re.search(r"todo_pat_[A-Za-z0-9_-]{65}", made.text).group(0)
    settled(cluster)
    with replay_paused(cluster):
        rename_behind_the_apps_back(cluster, ALICE, "Alice plan", "Alice plan, renamed on the primary")
        for _ in server.each_worker():
            for path in ("/", "/inbox/", "/today/", "/upcoming/"):
                page = people[ALICE].get(path)
                assert page.status == 200, path
                assert "Alice plan" in page.text, path
                assert "renamed on the primary" not in page.text, path
            assert titles(server, token) == ["Alice plan"]
    # Replayed, the standby has the change, and so do the pages it serves.
    assert "Alice plan, renamed on the primary" in people[ALICE].get("/today/").text
    assert titles(server, token) == ["Alice plan, renamed on the primary"]


def test_the_standby_refuses_writes_and_shows_each_person_only_their_own_rows(site):
    cluster, server, people = site
    with as_person(cluster.standby, ALICE) as conn:
        assert conn.execute("SHOW transaction_read_only").fetchone()[0] == "on"
        seen = [title for (title,) in conn.execute("SELECT title FROM tasks")]
        assert seen and all(title.startswith("Alice") for title in seen)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction, match="read-only transaction"):
            conn.execute("UPDATE tasks SET title = 'Changed on the standby'")
        conn.rollback()
        conn.execute("SELECT set_config('app.current_user_id', '', false)")
        assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0  # no context: no rows
    # Through the app, served by the standby: each person's own tasks and nobody else's.
    settled(cluster)
    with replay_paused(cluster):
        rename_behind_the_apps_back(cluster, BOB, "Bob secret", "Bob secret, renamed on the primary")
        page = people[BOB].get("/").text
        assert "Bob secret" in page
        assert "renamed on the primary" not in page  # the standby's page
        assert "Alice plan" not in page
        assert "Bob secret" not in people[ALICE].get("/").text


def test_a_person_sees_their_own_change_at_once_then_reads_from_the_standby_again(site):
    cluster, server, people = site
    settled(cluster)
    with replay_paused(cluster):
        assert people[ALICE].post("/tasks/new/", {"title": "Alice fresh"}).status == 302
        # The standby does not have it...
        with as_person(cluster.standby, ALICE) as conn:
            assert conn.execute("SELECT count(*) FROM tasks WHERE title = 'Alice fresh'").fetchone()[0] == 0
        # ...yet every worker shows it to her at once, and the API to her script (no cookie).
        for _ in server.each_worker():
            assert "Alice fresh" in people[ALICE].get("/").text
        assert "Bob secret" in people[BOB].get("/").text
        # After the window, her pages come from the standby again, which is still paused.
        time.sleep(WINDOW + 0.5)
        for _ in server.each_worker():
            assert "Alice fresh" not in people[ALICE].get("/").text
    assert "Alice fresh" in people[ALICE].get("/").text


def test_the_apis_writer_reads_its_own_write_without_a_cookie(site):
    cluster, server, people = site
    made = people[ALICE].post("/accounts/tokens/", {"name": "Writer", "scope": "write", "password": PASSWORD})
    token = re.search(r"todo_pat_[A-Za-z0-9_-]{65}", made.text).group(0)
    settled(cluster)
    with replay_paused(cluster):
        status, _ = api(server, "POST", "/api/v1/tasks", token, {"title": "Made by the script"})
        assert status == 201
        assert "Made by the script" in titles(server, token)
        time.sleep(WINDOW + 0.5)
        assert "Made by the script" not in titles(server, token)


def test_with_the_standby_down_the_pages_read_from_the_primary(site):
    cluster, server, people = site
    settled(cluster)
    with cluster.stopped(cluster.standby):
        for _ in server.each_worker():
            page = people[ALICE].get("/")
            assert page.status == 200, server.log.read_text()
            assert "Alice plan" in page.text
    assert "replica unavailable, reading from the primary" in server.log.read_text()
