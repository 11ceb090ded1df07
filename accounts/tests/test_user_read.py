"""The session's user, read on every request by `User.objects.get(pk=…)` in plain SQL
(accounts.models.UserManager.get): the same user as the ORM's read, field by field."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_read_by_primary_key_gives_what_the_orm_gives_field_by_field():
    person = make_user("reader@example.com")
    User.objects.filter(pk=person.pk).update(name="Ann", digest_hour=7, reminder_offset=None)
    fast, orm = User.objects.get(pk=person.pk), User.objects.filter(pk=person.pk).get()
    for field in User._meta.concrete_fields:
        assert field.get_db_converters(connection) == [], f"{field.name}: the plain read skips converters"
        mine, django = getattr(fast, field.attname), getattr(orm, field.attname)
        assert (mine, type(mine)) == (django, type(django)), field.name
    assert not fast._state.adding and fast._state.db == "default"
    with CaptureQueriesContext(connection) as captured:
        User.objects.get(pk=str(person.pk))
    assert len(captured) == 1 and captured[0]["sql"].startswith('SELECT "password"')


def test_an_unknown_or_malformed_id_fails_as_djangos_read_does():
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=uuid.uuid4())
    with pytest.raises(ValidationError):
        User.objects.get(pk="not an id")


def test_other_reads_go_djangos_way():
    person = make_user("other@example.com")
    assert User.objects.get(email="other@example.com") == person
    assert User.objects.using("default").get(pk=person.pk) == person
