"""The shared buffers a page's statements touch, and how many of them come from disk.

    .venv/bin/python manage.py shell --no-imports -v 0 < bench/buffers.py

The statements a page sends are captured once, for one person, through the whole request
(Django's test client: middleware, RLS context, view); then, for 200 other people drawn at
random (others for each page, so that no page finds the rows another one read), each SELECT
of it is run again for that person (their id in place of the first one's,
under their RLS context) with EXPLAIN (ANALYZE, BUFFERS). Run right after a restart with the OS
cache dropped, "read" is what came from the OS or the disk; a second pass over the same people
shows the warm figures.
"""

import json
import statistics

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import DEMO_DOMAIN, User
from todo_project import rls
from todo_project.operations import staff_connection

PAGES = {"the list": "/", "Today": "/today/"}
PEOPLE = 200

with staff_connection() as conn:
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT u.id FROM users u JOIN task_counts c ON c.user_id = u.id AND c.active + c.completed > 0"
            " WHERE u.email LIKE %s ORDER BY random() LIMIT %s",
            [f"%@{DEMO_DOMAIN}", PEOPLE * len(PAGES) + 1],
        )
    ]
template, people = User.objects.get(pk=ids[0]), ids[1:]
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(template)


def statements(path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]


def buffers(sql: str, person) -> tuple[int, int]:
    with transaction.atomic(), rls.user_context(person), connection.cursor() as cursor:
        # The first person's id, as Django sends it (hex) and as the RLS context has it.
        mine = sql.replace(template.pk.hex, person.hex).replace(str(template.pk), str(person))
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {mine}")
        plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
        transaction.set_rollback(True)
    return plan["Shared Hit Blocks"] + plan["Shared Read Blocks"], plan["Shared Read Blocks"]


captured = {name: statements(path) for name, path in PAGES.items()}
print("\n| page | pass | statements | buffers touched, median (p90) | read from outside, median (p90) |")
print("| --- | --- | ---: | ---: | ---: |")
each: dict = {}
p90 = PEOPLE * 9 // 10 - 1
for run in ("cold", "warm"):
    for number, (name, sqls) in enumerate(captured.items()):
        touched, read = [], []
        for person in people[number * PEOPLE : (number + 1) * PEOPLE]:
            counts = [buffers(sql, person) for sql in sqls]
            for n, (hit, _) in enumerate(counts):
                each.setdefault((name, n), []).append(hit)
            touched.append(sum(t for t, _ in counts))
            read.append(sum(r for _, r in counts))
        print(
            f"| {name} | {run} | {len(sqls)} | {statistics.median(touched):.0f} ({sorted(touched)[p90]})"
            f" | {statistics.median(read):.0f} ({sorted(read)[p90]}) |"
        )
print("\n| page | statement | buffers touched, median (p90) |\n| --- | --- | ---: |")
for (name, n), values in each.items():
    first_words = " ".join(captured[name][n].split())[:70].replace("|", "/")
    high = sorted(values)[len(values) * 9 // 10 - 1]
    print(f"| {name} | `{first_words}…` | {statistics.median(values):.0f} ({high}) |")
