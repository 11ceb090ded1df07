"""The session store reads a row as Django's database store does: live rows only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from todo_project.sessions import SessionStore

pytestmark = pytest.mark.django_db


def stored(data: dict, expires_in: timedelta) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_a_live_session_loads_its_data():
    key = stored({"answer": 42}, timedelta(hours=1))
    assert SessionStore(key)["answer"] == 42


def test_an_expired_session_loads_nothing_and_is_not_reused():
    key = stored({"answer": 42}, -timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_an_unknown_session_loads_nothing():
    assert SessionStore("x" * 32).load() == {}
