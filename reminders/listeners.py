"""What the reminders app hears: a task's due moment changed (tasks.actions.base.due_changed) or a
person's time zone or default reminder did (accounts.actions.profile_changed). Both only queue
a `plan` job: the worker does the rest. Both come after the commit; a queue that cannot take
the job is logged, and the worker's minute scan still sends what was planned before."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from accounts.actions import profile_changed
from tasks.actions.base import due_changed

logger = logging.getLogger(__name__)

# Profile fields that move a person's reminders.
PLANNING_FIELDS = {"timezone", "reminder_offset"}


def queue_plan(user_id, task_ids) -> None:
    from reminders import jobs

    try:
        jobs.plan.defer(user_id=str(user_id), task_ids=None if task_ids is None else [str(t) for t in task_ids])
    except Exception:
        logger.exception("could not queue the reminders of %s", user_id)


@receiver(due_changed)
def plan_changed_tasks(sender, user_id, task_ids, **kwargs) -> None:
    queue_plan(user_id, task_ids)


@receiver(profile_changed)
def plan_person(sender, user_id, fields, **kwargs) -> None:
    if PLANNING_FIELDS & set(fields):
        queue_plan(user_id, None)
