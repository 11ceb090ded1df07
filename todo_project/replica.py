"""Reads from a streaming replica (DATABASE_REPLICA_URL) for the pages that only read.

Only GET and HEAD requests to the views the apps declare (`replica_views` in their AppConfig:
the task lists, Today, Upcoming, the API's lists) read from the replica, and only once the
person is known: the session and the user (and an API token) are read from the primary
first. Everything else, every write and every other page, stays on the primary.

The replica's connection runs its own read-only transaction around the view and its
rendering, carrying the same RLS context as the primary's: whenever the request's person
changes on the primary (`rls.set_user`), the replica follows.

Read your own writes: any request that may have changed something (not GET, HEAD, OPTIONS)
marks its person in the shared cache for REPLICA_READ_AFTER_WRITE_SECONDS, and a marked
person reads from the primary until the mark expires. The cache, not a cookie: every worker
and every app server shares it, and the API's clients, which keep no cookies, are covered too.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, connections, transaction

from todo_project import rls
from todo_project.middleware import database_unavailable

ALIAS = "replica"
READ_METHODS = frozenset({"GET", "HEAD"})
SAFE_METHODS = READ_METHODS | {"OPTIONS"}

logger = logging.getLogger(__name__)


def replica_views() -> frozenset[str]:
    """The URL names whose GET reads may come from the replica (`replica_views` of each AppConfig)."""
    return frozenset(name for config in apps.get_app_configs() for name in getattr(config, "replica_views", ()))


def wrote_key(user_id: uuid.UUID | str) -> str:
    return f"replica:wrote:{user_id}"


@dataclass
class Reads:
    """Where one request's reads go."""

    eligible: bool = False
    # Whose reads the replica serves now: None while they go to the primary.
    person: str | None = None
    stack: ExitStack = field(default_factory=ExitStack)
    opened: bool = False

    def follow(self, user_id: uuid.UUID | str | None) -> None:
        """The request's person is now `user_id`: read on the replica as them, or on the primary."""
        if not self.eligible:
            return
        if user_id and cache.get(wrote_key(user_id)):
            user_id = None  # they changed something a moment ago: the primary has it for sure
        if self.opened:
            rls.set_user(user_id, ALIAS)
        elif user_id:
            self.opened = self.open(user_id)
        self.person = str(user_id) if user_id and self.opened else None

    def open(self, user_id: uuid.UUID | str) -> bool:
        """Begin the replica's read-only transaction in `user_id`'s context; False if it is down."""
        try:
            with ExitStack() as opening:
                opening.enter_context(transaction.atomic(using=ALIAS))
                with connections[ALIAS].cursor() as cursor:
                    # A hot standby takes no writes anyway; this says so whatever the URL points at.
                    cursor.execute("SET TRANSACTION READ ONLY")
                rls.set_user(user_id, ALIAS)
                self.stack.enter_context(opening.pop_all())
        except (DatabaseError, InterfaceError) as exc:
            if not database_unavailable(exc):
                raise
            # The replica is down or restarting: this page reads from the primary instead.
            logger.warning("replica unavailable, reading from the primary: %s", str(exc).strip().partition("\n")[0])
            return False
        return True


_reads: ContextVar[Reads | None] = ContextVar("replica_reads", default=None)


@contextmanager
def primary() -> Iterator[None]:
    """Every read in the block goes to the primary: checking who a request is, say.

    A change of person in the block is still followed: the reads after it go to the replica.
    """
    token = _reads.set(None)
    try:
        yield
    finally:
        _reads.reset(token)


class ReplicaMiddleware:
    """Sends the reads of `replica_views` to the replica, and remembers who just wrote.

    Goes right after RLSContextMiddleware, inside its transaction. Not used at all (no cost)
    without DATABASE_REPLICA_URL.
    """

    def __init__(self, get_response):
        if ALIAS not in settings.DATABASES:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.views = replica_views()

    def __call__(self, request):
        reads = Reads()
        reads_token, follow_token = _reads.set(reads), rls.following.set(reads.follow)
        try:
            with reads.stack:
                response = self.get_response(request)
        finally:
            _reads.reset(reads_token)
            rls.following.reset(follow_token)
        if request.method not in SAFE_METHODS and request.user.is_authenticated:
            # Before the response, so the person's next request finds the mark on any worker.
            cache.set(wrote_key(request.user.pk), True, settings.REPLICA_READ_AFTER_WRITE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        reads = _reads.get()
        if reads is not None and request.method in READ_METHODS and request.resolver_match.view_name in self.views:
            reads.eligible = True
            # The API's person is known later, when its token is checked (and followed then).
            reads.follow(request.user.pk if request.user.is_authenticated else None)


class ReplicaRouter:
    """Reads go to the replica while the request's `Reads` say so; writes always to the primary."""

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        return ALIAS if reads is not None and reads.person else None

    def db_for_write(self, model, **hints):
        reads = _reads.get()
        if reads is not None and reads.person:
            reads.person = None  # a view that writes reads its own write afterwards
        instance = hints.get("instance")
        # Django would save an object where it was read from.
        return DEFAULT_DB_ALIAS if instance is not None and instance._state.db == ALIAS else None

    def allow_relation(self, obj1, obj2, **hints):
        # One database, read through two connections.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, ALIAS} or None
