"""The worker's jobs (procrastinate; `manage.py procrastinate worker`, the Procfile's `worker`).

- `plan`: deferred after every change of a task's due moment (tasks' `due_changed`) or of
  the person's time zone or default reminder: plans the tasks' next reminders and queues
  each one's `send` at its moment.
- `send` / `digest`: re-read the task (or the day's tasks) under the person's RLS context and
  send at most once (reminders.actions).
- `tick`, every minute: the safety net. Finds through the staff role, by index, the planned
  reminders and digests whose moment has come and queues them: a `send` lost with a crashed
  worker, queued while none ran, or planned by a clock that jumped is sent all the same.
- `retry_stalled`, every minute: jobs left "doing" by a worker that stopped beating (killed
  mid-send) go back to the queue.
- `purge`, daily: finished jobs and old deliveries.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from reminders import actions, clock

logger = logging.getLogger(__name__)

QUEUE = "reminders"
# An email that failed (mail server down) is tried again, further apart each time.
RETRY = RetryStrategy(max_attempts=8, exponential_wait=5)
# A worker that has not beaten for this long is taken for dead, and its jobs retried (seconds;
# the worker beats every 10).
STALLED_AFTER = 30
# Finished jobs and deliveries are kept this long (hours, days).
KEEP_JOBS_HOURS = 72
KEEP_DELIVERIES_DAYS = 30


@app.task(queue=QUEUE, name="reminders.plan", retry=RETRY)
def plan(user_id: str, task_ids: list[str] | None = None) -> int:
    rows = actions.plan(user_id, task_ids, now=clock.now())
    for row in rows:
        queue_send(row, by="plan", schedule_at=row.fire_at)
    return len(rows)


@app.task(queue=QUEUE, name="reminders.send", retry=RETRY)
def send(user_id: str, task_id: str, occurs_at: str, offset_minutes: int) -> str:
    outcome = actions.deliver_reminder(
        user_id, task_id, datetime.fromisoformat(occurs_at), offset_minutes, now=clock.now()
    )
    logger.info("reminder %s %s %s: %s", task_id, occurs_at, offset_minutes, outcome)
    return outcome


@app.task(queue=QUEUE, name="reminders.digest", retry=RETRY)
def digest(user_id: str, day: str) -> str:
    outcome = actions.deliver_digest(user_id, date.fromisoformat(day), now=clock.now())
    logger.info("digest %s %s: %s", user_id, day, outcome)
    return outcome


def queue_send(row, *, by: str, schedule_at: datetime | None = None) -> bool:
    """Queue one reminder's `send`, unless the same one from the same source already waits."""
    lock = f"reminder:{by}:{row.task_id}:{row.occurs_at.isoformat()}:{row.offset_minutes}"
    try:
        send.configure(queueing_lock=lock, schedule_at=schedule_at).defer(
            user_id=str(row.user_id),
            task_id=str(row.task_id),
            occurs_at=row.occurs_at.isoformat(),
            offset_minutes=row.offset_minutes,
        )
    except AlreadyEnqueued:
        return False
    return True


def run_tick() -> dict[str, int]:
    now = clock.now()
    dropped = actions.drop_stale(now)
    queued = sum(queue_send(row, by="scan") for row in actions.due_reminders(now))
    digests = 0
    for user_id, day in actions.due_digests(now):
        try:
            digest.configure(queueing_lock=f"digest:{user_id}:{day.isoformat()}").defer(
                user_id=str(user_id), day=day.isoformat()
            )
            digests += 1
        except AlreadyEnqueued:
            pass
    return {"dropped": dropped, "queued": queued, "digests": digests}


@app.periodic(cron="* * * * *", periodic_id="tick")
@app.task(queue=QUEUE, name="reminders.tick", queueing_lock="reminders.tick")
def tick(timestamp: int) -> dict[str, int]:
    return run_tick()


@app.periodic(cron="* * * * *", periodic_id="retry_stalled")
@app.task(queue=QUEUE, name="reminders.retry_stalled", pass_context=True, queueing_lock="reminders.retry_stalled")
async def retry_stalled(context, timestamp: int) -> int:
    manager = context.app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER))
    for job in stalled:
        await manager.retry_job(job)
    await manager.prune_stalled_workers(STALLED_AFTER)
    return len(stalled)


@app.periodic(cron="17 3 * * *", periodic_id="purge")
@app.task(queue=QUEUE, name="reminders.purge", pass_context=True, queueing_lock="reminders.purge")
async def purge(context, timestamp: int) -> None:
    from asgiref.sync import sync_to_async

    await context.app.job_manager.delete_old_jobs(nb_hours=KEEP_JOBS_HOURS, include_failed=False)
    await sync_to_async(actions.purge_deliveries)(KEEP_DELIVERIES_DAYS)
