"""Time moves in the person's own order, and read the plan of a project's page in that order.

    DEBUG=true .venv/bin/python -m bench.moves [--tasks 20000] [--moves 10000]

Makes a person with one project of N top tasks (two sections, a few hundred families of
sub-tasks), analyzes the tables, then makes M moves (tasks.actions.structure.move_task), each
in its own transaction as a request's: random ones, and every other one the worst case, into
the same spot between two tasks, which halves the room each time until a spread. Reports the
time per move (p50, p99, max), the statements per move, how many spreads it took, checks the
order against a list kept in Python, prints the plans of the page's statements
(tasks.outline), and removes the person. Uses the embedded database's superuser (or
DATABASE_BACKUP_URL) for ANALYZE. Results in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

import django
import psycopg

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from tasks.actions import structure  # noqa: E402
from tasks.models import Project, Section, Task  # noqa: E402
from tasks.outline import outline  # noqa: E402
from todo_project.operations import admin_url  # noqa: E402
from todo_project.rls import user_context  # noqa: E402


def analyze() -> None:
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE tasks, sections")


def make(user, count: int) -> Project:
    with user_context(user.pk):
        project = Project.objects.create(user=user, name="Big")
        sections = [Section.objects.create(user=user, project=project, name=f"Section {n}") for n in (1, 2)]
        Task.objects.bulk_create(
            (
                Task(user=user, title=f"T{i}", project=project, section=sections[i % 3] if i % 3 < 2 else None)
                for i in range(count)
            ),
            batch_size=2000,
        )
        tops = list(Task.objects.filter(user=user).values_list("pk", "section_id")[:300])
        Task.objects.bulk_create(
            Task(user=user, title=f"S{i}", project=project, section_id=section, parent_id=pk)
            for i, (pk, section) in enumerate(tops)
        )
    analyze()
    return project


def moves(user, project, count: int) -> None:
    with user_context(user.pk):
        group = list(
            Task.objects.filter(user=user, project=project, section__isnull=True, parent__isnull=True)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
    model, rng = list(group), random.Random(7)
    spreads = 0
    real_spread = structure.spread

    def counted_spread(group_qs, anchor):
        nonlocal spreads
        spreads += 1
        real_spread(group_qs, anchor)

    structure.spread = counted_spread
    times, statements = [], []
    for n in range(count):
        moving = model[-1] if n % 2 else rng.choice(model)
        anchor = model[1] if n % 2 else rng.choice(model)
        if anchor == moving:
            continue
        model.remove(moving)
        model.insert(model.index(anchor), moving)
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            with user_context(user.pk):
                assert structure.move_task(user, moving, before=anchor).changed
            times.append((time.perf_counter() - started) * 1000)
        statements.append(len(captured.captured_queries))
    structure.spread = real_spread
    with user_context(user.pk):
        kept = list(
            Task.objects.filter(user=user, project=project, section__isnull=True, parent__isnull=True)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
    assert kept == model, "the order differs from the model"
    times.sort()
    print(f"{len(times):,} moves in a group of {len(group):,} top tasks ({project.active_count:,} in the project):")
    print(
        f"  per move: p50 {statistics.median(times):.2f} ms, p99 {times[int(len(times) * 0.99)]:.2f} ms,"
        f" max {times[-1]:.1f} ms; statements: {min(statements)}-{max(statements)}"
        f" (median {statistics.median(statements):.0f}); spreads: {spreads}; order checked"
    )


def plans(user, project) -> None:
    with user_context(user.pk), CaptureQueriesContext(connection) as captured:
        page = outline(user, Task.objects.filter(user=user, project=project).alive(), "all", project, None)
    statements = len(captured.captured_queries)
    print(f"first page: {len(page.tasks)} rows in {len(page.groups)} groups, {statements} statements")
    with user_context(user.pk), connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))
            print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--moves", type=int, default=10_000)
    args = parser.parse_args()
    user = User.objects.create_user(email=f"moves-{time.time_ns()}@bench.invalid", password=None)
    try:
        project = make(user, args.tasks)
        with user_context(user.pk):
            project.refresh_from_db()
        plans(user, project)
        moves(user, project, args.moves)
    finally:
        with user_context(user.pk):
            Task.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).delete()


if __name__ == "__main__":
    main()
