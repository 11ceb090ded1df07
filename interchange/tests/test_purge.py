"""Files kept for a preview that nobody imported go after a day (the worker's daily job)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from interchange import actions, jobs
from interchange.models import Upload
from tests.factories import as_user, make_user

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "staff"])


def test_files_nobody_imported_are_forgotten_after_a_day():
    person = make_user("person@example.com")
    with as_user(person):
        old = actions.keep_upload(person, filename="old.txt", format="auto", content=b"x")
        Upload.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
        fresh = Upload.objects.create(user=person, filename="new.txt", format="auto", content=b"y")
    assert jobs.purge_uploads(timestamp=0) == 1
    with as_user(person):
        assert list(Upload.objects.values_list("pk", flat=True)) == [fresh.pk]
