from __future__ import annotations

import uuid
import zoneinfo
from datetime import date
from functools import cache

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.functions import RandomUUID
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models.functions import Lower
from django.utils import timezone

from todo_project.expressions import DB_NOW

# Demo people (`seed_demo`, `cleanup_demo`) live at this domain: .invalid never resolves
# (RFC 2606), and signup refuses it.
DEMO_DOMAIN = "demo.todo.invalid"

# The contract says `DEFAULT now()`; Django's Now() would emit STATEMENT_TIMESTAMP().


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get(self, *args, **kwargs) -> User:
        """`get(pk=…)` alone, which the session's user is read with on every request
        (ModelBackend.get_user), as one plain SELECT: the ORM built and compiled that query
        anew each time, a third of a millisecond, about a twentieth of a page's CPU
        (docs/PERFORMANCE.md). Anything else, or on another database, goes Django's way."""
        if args or self._db is not None or kwargs.keys() != {"pk"}:
            return super().get(*args, **kwargs)
        pk = self.model._meta.pk.to_python(kwargs["pk"])  # not an id: ValidationError, as Django's
        fields = self.model._meta.concrete_fields
        connection = connections[router.db_for_read(self.model)]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(quote(field.column) for field in fields)}"  # noqa: S608 (the model's own columns)
                f" FROM {quote(self.model._meta.db_table)} WHERE {quote(self.model._meta.pk.column)} = %s",
                [pk],
            )
            row = cursor.fetchone()
        if row is None:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
        return self.model.from_db(connection.alias, [field.attname for field in fields], row)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        from allauth.account.models import EmailAddress

        fields.update(is_staff=True, is_superuser=True, email_verified=True)
        user = self.create_user(email, password, **fields)
        # allauth signs in only people with a confirmed address (mandatory verification); it
        # keeps addresses in lower case.
        EmailAddress.objects.using(self._db).create(user=user, email=user.email.lower(), verified=True, primary=True)
        return user


# The web process' database role may not write these columns (restrict_runtime_privileges in
# accounts/apps.py); the staff connection (the admin) and `createsuperuser` change them.
PRIVILEGED_FIELDS = frozenset({"is_staff", "is_superuser"})


# Names in the tz database that are no one's time zone: the server's own clock (`localtime`,
# which the server's settings decide) and `Factory` (no offset at all, shown as "-00").
NOT_A_PLACE = frozenset({"localtime", "Factory"})
# The areas of the tz database whose zones are places. The rest are kept for old systems:
# aliases (US/Eastern, GB, Japan), POSIX rules (EST5EDT) and fixed offsets whose sign reads
# backwards (Etc/GMT+5 is five hours behind UTC).
PLACES = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


@cache
def time_zones() -> frozenset[str]:
    """The IANA time zone names this server knows (the tz database, via zoneinfo) that
    name a zone: a person's stored one keeps working while it is one of these."""
    return frozenset(zoneinfo.available_timezones()) - NOT_A_PLACE


@cache
def offered_time_zones() -> tuple[str, ...]:
    """The time zones a person chooses from, in order, and the browser's ones signup keeps:
    the places of the tz database (browsers name theirs so), and UTC."""
    return tuple(sorted(name for name in time_zones() if name.split("/", 1)[0] in PLACES or name == "UTC"))


def validate_time_zone(name: str) -> None:
    if name not in time_zones():
        raise ValidationError("Choose a time zone from the list, such as Europe/Paris.", code="time_zone")


# How the person writes a date with numbers alone ("27/01" or "01/27"), for quick add.
DATE_ORDERS = [("DMY", "Day first (27/01)"), ("MDY", "Month first (01/27)")]
# The clock the person reads a due time on ("17:30" or "5:30 pm"), everywhere one is shown.
TIME_FORMATS = [("24h", "24-hour (17:30)"), ("12h", "12-hour (5:30 pm)")]
# How long before a timed task is due its reminder comes, in minutes (reminders app).
REMINDER_OFFSETS = [
    (0, "When it is due"),
    (10, "10 minutes before"),
    (30, "30 minutes before"),
    (60, "1 hour before"),
    (1440, "1 day before"),
]


class User(AbstractBaseUser, PermissionsMixin):
    """A person who keeps tasks; signs in with an email address (no username)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    email = models.EmailField(max_length=255)
    email_verified = models.BooleanField(default=False, db_default=False)
    name = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001 (the contract says null)
    image = models.TextField("avatar URL", null=True, blank=True, validators=[URLValidator(schemes=["http", "https"])])  # noqa: DJ001
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    # Where the person is: their "today", what is overdue, and when a due time falls.
    timezone = models.CharField(
        "time zone", max_length=64, default="UTC", db_default="UTC", validators=[validate_time_zone]
    )
    # Set from the browser's locale at signup; editable on the profile.
    date_order = models.CharField("date order", max_length=3, choices=DATE_ORDERS, default="DMY", db_default="DMY")
    # Set from the browser's locale at signup too; editable on the profile.
    time_format = models.CharField("time format", max_length=3, choices=TIME_FORMATS, default="24h", db_default="24h")
    # A timed task's reminder, minutes before it is due, unless the task has its own; empty: none.
    reminder_offset = models.PositiveIntegerField(
        "reminder", choices=REMINDER_OFFSETS, null=True, blank=True, default=0, db_default=0
    )
    # Reminders by email (off: push alone); the one-click unsubscribe link turns it off.
    email_reminders = models.BooleanField("email reminders", default=True, db_default=True)
    # The hour of the person's day the digest of today's and overdue tasks comes; empty: none.
    digest_hour = models.PositiveSmallIntegerField("daily digest", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_default=DB_NOW)
    updated_at = models.DateTimeField(auto_now=True, db_default=DB_NOW)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        db_table = "users"
        constraints = [
            # Login, signup and password reset look an address up ignoring case.
            models.UniqueConstraint(Lower("email"), name="idx_users_email"),
            models.CheckConstraint(condition=models.Q(date_order__in=["DMY", "MDY"]), name="users_date_order_valid"),
            models.CheckConstraint(condition=models.Q(time_format__in=["24h", "12h"]), name="users_time_format_valid"),
            models.CheckConstraint(condition=models.Q(digest_hour__range=(0, 23)), name="users_digest_hour_valid"),
        ]
        indexes = [
            # Admin list and operator statistics: newest sign-ups first.
            models.Index(fields=["created_at"], name="idx_users_created_at"),
            # The worker's scan for the people whose daily digest is due (reminders.jobs).
            models.Index(
                fields=["digest_hour"], name="idx_users_digest_hour", condition=models.Q(digest_hour__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, using: str | None = None, update_fields=None, **kwargs) -> None:
        # save() writes every column (allauth saves the whole user after a password change, for
        # one); through the web process' connection, leave out the ones its role may not update
        # rather than have PostgreSQL refuse the whole statement.
        using = using or router.db_for_write(type(self), instance=self)
        if using == DEFAULT_DB_ALIAS and update_fields is None and not self._state.adding:
            update_fields = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in PRIVILEGED_FIELDS
            ]
        super().save(*args, using=using, update_fields=update_fields, **kwargs)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The person's time zone (UTC for a name this server no longer knows)."""
        return zoneinfo.ZoneInfo(self.timezone if self.timezone in time_zones() else "UTC")

    def today(self) -> date:
        """The person's today, where they are."""
        return timezone.localdate(timezone=self.zone)

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email.split("@")[0]
