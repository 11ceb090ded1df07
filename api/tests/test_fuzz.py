"""Schemathesis against the API's own schema: a live server (gunicorn, two workers, production
settings), a person with a read and write token and some tasks, every operation, with the
stateful phase following the links it finds. It must find no server error, no response
outside the schema, no status code the schema does not document.

Bounded: at most FUZZ_MAX_EXAMPLES cases per operation and phase, and FUZZ_MAX_TIME seconds
in all. The seed is printed; FUZZ_SEED=<seed> runs the same cases again.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from api.tests.conftest import empty_queue, make_token
from tests import servers
from tests.factories import as_user, make_label, make_project, make_task, make_user

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "staff"])


@pytest.fixture(autouse=True)
def _no_jobs_left(transactional_db):
    yield
    empty_queue()


CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "unsupported_method",
        "ignored_auth",
        "use_after_free",
    ]
)
# Not `ensure_resource_availability`: in a stateful sequence a project deleted after one of its
# sections was made takes the section with it (the database's cascade, DESIGN §11), and a later
# call on the section is rightly a 404, which that check cannot tell from a lost resource.


def seed_data(person) -> None:
    project = make_project(person, "Home")
    make_label(person, "errands")
    make_task(person, title="Water the plants", project=project)
    with as_user(person):
        from tasks.models import Section

        Section.objects.create(user=person, project=project, name="Kitchen")


def test_schemathesis_finds_nothing(tmp_path: Path, capsys):
    person = make_user("fuzz@example.com")
    seed_data(person)
    environment = servers.production_environment(tmp_path)
    # The server hashes tokens under its own SECRET_KEY.
    with override_settings(SECRET_KEY=environment["SECRET_KEY"]):
        token = make_token(person, "write", name="Fuzz")
    seed = int(os.environ.get("FUZZ_SEED") or random.randrange(2**32))
    with capsys.disabled():  # shown whether the run passes or not
        print(f"\nschemathesis seed: {seed} (FUZZ_SEED={seed} repeats this run)")
    limits = {
        # Hundreds of cases a minute on one token and from one address: past the limits, each
        # would be a (documented) 429 and test nothing else.
        "API_REQUESTS_PER_MINUTE": "1000000",
        "API_BAD_TOKENS_PER_MINUTE": "1000000",
        # gunicorn refuses a request line over 4094 bytes with a 414 page of its own, before the
        # app (as nginx does in front of it): the transport's limit, not the API's contract.
        "GUNICORN_CMD_ARGS": "--limit-request-line 0",
    }
    with servers.gunicorn(tmp_path, workers=2, env=limits) as server:
        command = [
            str(Path(sys.executable).with_name("st")),
            "run",
            f"{server.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--seed",
            str(seed),
            "--max-examples",
            os.environ.get("FUZZ_MAX_EXAMPLES", "30"),
            "--max-time",
            os.environ.get("FUZZ_MAX_TIME", "150"),
            # One at a time: hypothesis' reading of its own lambdas is not safe across threads.
            "--workers",
            "1",
            "--request-timeout",
            "30",
            "--generation-database",
            "none",
            "--no-color",
            "--output-truncate",
            "false",
        ]
        # In the test's folder: schemathesis keeps a cache of its own where it runs.
        run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)
    print(run.stdout[-20000:])
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:] + server.log.read_text()[-5000:]
