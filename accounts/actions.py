"""Every write to a person's account: their profile, and deleting the account.

As the tasks app's actions (tasks.actions), called alike by the pages and whatever comes
next (the API); the views only validate and dispatch.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import Signal

from todo_project import personal_data

PROFILE_FIELDS = (
    "name",
    "image",
    "timezone",
    "date_order",
    "time_format",
    "reminder_offset",
    "email_reminders",
    "digest_hour",
)

# Sent after the commit with `user_id` and `fields` (the names that changed) when a profile
# changes: the reminders app plans a person's reminders again when their time zone or
# default reminder does.
profile_changed = Signal()


@transaction.atomic
def update_profile(user, **values) -> list[str]:
    """Save the profile fields given (PROFILE_FIELDS); the names of those that changed."""
    given = [name for name in PROFILE_FIELDS if name in values]
    # Compared with the stored row: `user` may be an object a form has already changed.
    stored = get_user_model().objects.filter(pk=user.pk).values(*given).get()
    changed = [name for name in given if stored[name] != values[name]]
    for name in changed:
        setattr(user, name, values[name])
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
        transaction.on_commit(lambda: profile_changed.send(sender=update_profile, user_id=user.pk, fields=changed))
    return changed


@transaction.atomic
def delete_account(user) -> None:
    """Each app's deletion step (todo_project.personal_data), then the account, from which
    the database cascades to every row of the person's."""
    personal_data.delete(user)
    user.delete()
