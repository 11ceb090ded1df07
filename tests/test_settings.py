"""A missing or malformed setting stops start-up with one line naming it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(ENV_FILE="", **env)
    return subprocess.run(
        [sys.executable, "-c", "import todo_project.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "false", "SECRET_KEY": "s" * 50}, "ALLOWED_HOSTS"),
        ({"DEBUG": "true", "EMAIL_URL": "nonsense://x"}, "EMAIL_URL"),
        ({"DEBUG": "true", "DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
        ({"DEBUG": "true", "CONN_MAX_AGE": "forever"}, "CONN_MAX_AGE"),
        ({"DEBUG": "true", "PORT": "eighty"}, "PORT"),
        ({"DEBUG": "true", "DATABASE_REPLICA_URL": "nosuchdb://x"}, "DATABASE_REPLICA_URL"),
        ({"DEBUG": "true", "DATABASE_REPLICA_URL": "postgres://a@h"}, "DATABASE_REPLICA_URL"),
        ({"DEBUG": "true", "REPLICA_READ_AFTER_WRITE_SECONDS": "a few"}, "REPLICA_READ_AFTER_WRITE_SECONDS"),
        (
            {"DEBUG": "false", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "x", "DATABASE_URL": "postgres://a@h/db"},
            "DATABASE_STAFF_URL",
        ),
    ],
)
def test_a_bad_setting_stops_start_up_with_one_line(env, named):
    result = start(**env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error:")
    assert named in lines[0]


@pytest.mark.parametrize(("port", "site_url"), [(None, "http://127.0.0.1:8000"), ("8001", "http://127.0.0.1:8001")])
def test_a_local_runs_email_links_lead_to_its_port(port, site_url):
    environment = {k: v for k, v in os.environ.items() if k not in {"PORT", "SITE_URL"}}
    environment.update(DEBUG="true", ENV_FILE="", DJANGO_SETTINGS_MODULE="todo_project.settings")
    if port:
        environment["PORT"] = port
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == site_url, result.stderr


def test_make_run_serves_on_the_port_it_is_given():
    environment = {k: v for k, v in os.environ.items() if k != "PORT"}
    commands = subprocess.run(
        ["make", "-n", "run", "PORT=8001"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    ).stdout
    # The web server and the worker, together (honcho); the web line serves on $PORT, which
    # make exports to them.
    assert "honcho -f Procfile.dev" in commands
    procfile = (ROOT / "Procfile.dev").read_text()
    assert "web: python manage.py runserver 127.0.0.1:$PORT" in procfile
    assert "worker: python manage.py procrastinate worker" in procfile
    for given, expected in ((["PORT=8001"], "8001"), ([], "8000")):
        port = subprocess.run(
            ["make", "-s", *given, "--eval", "print-port: ; @echo $$PORT", "print-port"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        assert port.strip() == expected


def test_email_url_accepts_a_file_backend(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "true",
            "EMAIL_URL": f"filemail:///{tmp_path}",
            "DJANGO_SETTINGS_MODULE": "todo_project.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["django.core.mail.backends.filebased.EmailBackend", str(tmp_path)]


def test_database_url_options_survive_the_connection_pool():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS'];"
            "print(o['sslmode'], o['pool']['max_size'])",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "ENV_FILE": "",
            "DEBUG": "true",
            "DATABASE_URL": "postgres://todo_app@127.0.0.1:5432/todo?sslmode=require",
            "DATABASE_POOL_SIZE": "4",
            "DJANGO_SETTINGS_MODULE": "todo_project.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["require", "4"], result.stderr


# The aliases, the routers after the cache's, and whether the replica's middleware is in use.
REPLICA_WIRING = """
import django; django.setup()
from django.conf import settings
from django.core.handlers.base import BaseHandler
handler = BaseHandler(); handler.load_middleware()
used = [type(method.__self__).__name__ for method in handler._view_middleware]
print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS[1:], "ReplicaMiddleware" in used)
"""


@pytest.mark.parametrize(
    ("replica_url", "aliases", "routers", "middleware"),
    [
        ("", ["cache", "default", "staff"], [], False),
        (
            "postgres://todo_app@replica.internal:5432/todo",
            ["cache", "default", "replica", "staff"],
            ["todo_project.replica.ReplicaRouter"],
            True,
        ),
    ],
)
def test_a_replica_is_wired_in_only_when_configured(replica_url, aliases, routers, middleware):
    result = subprocess.run(
        [sys.executable, "-c", REPLICA_WIRING],
        cwd=ROOT,
        env={
            **os.environ,
            "ENV_FILE": "",
            "DEBUG": "true",
            "DATABASE_URL": "postgres://todo_app@127.0.0.1:5432/todo",
            "DATABASE_REPLICA_URL": replica_url,
            "DJANGO_SETTINGS_MODULE": "todo_project.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == f"{aliases} {routers} {middleware}", result.stderr
