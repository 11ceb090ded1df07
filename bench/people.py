"""Sign in a random sample of demo people, for a load where each request is another person.

    python -m bench.people --sample 10000 --out .data/bench/people.lua

Bench-only: it writes session rows directly (what a sign-in would write) and makes each person
a read token, instead of 10,000 sign-ins through the login form and its password hash. The
people are drawn uniformly from every demo person, so the sample has the seed's spread: mostly
a few dozen tasks, now and then a thousand or more.

The output is a Lua table for wrk (bench/people_request.lua reads it): for each person their
session cookie, their API token and the paths of their pages (the list, Today, a project, and
for those with more than two pages of tasks a page in the middle of their list, by its keyset
cursor, as the list's own "next" links make them).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from accounts.models import DEMO_DOMAIN, User  # noqa: E402
from api import tokens  # noqa: E402
from tasks.pagination import PAGE_SIZE, encode_cursor  # noqa: E402
from todo_project.operations import staff_connection  # noqa: E402

# Each sampled person with a project of theirs and, past two pages, the keys of the task that
# ends the page before the middle of their list (newest first, as "/" lists them).
SAMPLE = """
WITH people AS (
    SELECT u.id, u.password, coalesce(c.active + c.completed, 0) AS tasks
    FROM users u LEFT JOIN task_counts c ON c.user_id = u.id
    WHERE u.email LIKE %(demo)s ORDER BY random() LIMIT %(sample)s
)
SELECT p.id, p.password, p.tasks,
       (SELECT pr.id FROM projects pr WHERE pr.user_id = p.id ORDER BY pr.active_count DESC, pr.id LIMIT 1),
       deep.created_at, deep.id
FROM people p
LEFT JOIN LATERAL (
    SELECT t.created_at, t.id FROM tasks t
    WHERE t.user_id = p.id AND t.deleted_at IS NULL AND p.tasks > 2 * %(page)s
    ORDER BY t.created_at DESC, t.id DESC OFFSET greatest((p.tasks / 2 / %(page)s) * %(page)s - 1, 0) LIMIT 1
) deep ON true
"""


def lua(value) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with staff_connection() as conn:
        rows = conn.execute(SAMPLE, {"demo": f"%@{DEMO_DOMAIN}", "sample": args.sample, "page": PAGE_SIZE}).fetchall()
        # Their read tokens, as api.actions.create_token stores them (the staff role writes
        # every person's rows; this is a bench's shortcut, not a path of the app).
        conn.execute("DELETE FROM api_tokens WHERE name = 'bench people'")
        secrets = {person: tokens.make(person) for person, *_ in rows}
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO api_tokens (id, user_id, name, scope, token_hash, created_at)"
                " VALUES (gen_random_uuid(), %s, 'bench people', 'read', %s, now())",
                [(person, tokens.digest(secret)) for person, secret in secrets.items()],
            )
        conn.commit()
    backend = settings.AUTHENTICATION_BACKENDS[0]
    expires = timezone.now() + timezone.timedelta(days=1)
    store = SessionStore()
    sessions, people = [], []
    for person, password, count, project, deep_created, deep_id in rows:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        auth_hash = User(pk=person, password=password).get_session_auth_hash()
        data = {SESSION_KEY: str(person), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: auth_hash}
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        deep = f"/?cursor={encode_cursor((deep_created, deep_id))}" if deep_id else ""
        project_path = f"/projects/{project}/" if project else "/"
        people.append((key, secrets[person], project_path, deep, count))
    Session.objects.bulk_create(sessions, batch_size=1000)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    lines = ["return {"]
    for key, secret, project_path, deep, count in people:
        lines.append(
            f"  {{cookie = {lua(settings.SESSION_COOKIE_NAME + '=' + key)}, token = {lua(secret)},"
            f" project = {lua(project_path)}, deep = {lua(deep)}, tasks = {count}}},"
        )
    lines.append("}")
    args.out.write_text("\n".join(lines) + "\n")
    deep_count = sum(1 for person in people if person[3])
    print(f"{len(people):,} people signed in ({deep_count:,} with a deep page) -> {args.out}")


if __name__ == "__main__":
    main()
