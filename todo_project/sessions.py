"""Sessions: Django's database sessions, with the read every page makes written out once.

The first statement of every signed-in page is its session row. Django's store builds and
compiles that query with the ORM on each request, which cost more than the query itself
(docs/PERFORMANCE.md, "Speed at 10M tasks"); here it is the same SELECT as plain SQL. Saving,
deleting and expiring are Django's own, so a session is still a row, and signing out still
ends it everywhere at once.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        connection = connections[router.db_for_read(self.model)]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: a missing or expired session starts afresh
            return {}
        return self.decode(row[0])
