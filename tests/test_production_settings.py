"""Production settings, header by header, and `check --deploy` with nothing to say."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.servers import MFA_KEY, database_urls

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "ENV_FILE": "",
    "DEBUG": "false",
    "SECRET_KEY": "k7Gq2vX9pL4mN8rT1wY6zB3cF5hJ0dS2aE9uI4oP7lK1jH3gV6",
    "ALLOWED_HOSTS": "todo.example.com",
    "BEHIND_TLS_PROXY": "true",
    "MFA_ENCRYPTION_KEYS": MFA_KEY,
}


def run(code: str, **env) -> subprocess.CompletedProcess:
    # Not DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set for their own process.
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(PRODUCTION, DJANGO_SETTINGS_MODULE="todo_project.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.django_db
def test_check_deploy_is_clean_with_production_settings():
    result = run(
        "import django, sys; django.setup(); from django.core.management import call_command;"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')",
        **database_urls(),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.fixture(scope="module")
def production_response():
    """Response headers of the login page under production settings, over HTTPS via the proxy."""
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "from django.test.utils import setup_test_environment; setup_test_environment();"
        "c = Client(HTTP_X_FORWARDED_PROTO='https', HTTP_HOST='todo.example.com');"
        "r = c.get('/healthz'); plain = Client(HTTP_HOST='todo.example.com').get('/accounts/login/');"
        "print(json.dumps({'headers': dict(r.headers), 'plain_status': plain.status_code,"
        " 'plain_location': plain.get('Location'),"
        " 'hasher': __import__('django.conf').conf.settings.PASSWORD_HASHERS[0],"
        " 'cookie_secure': __import__('django.conf').conf.settings.SESSION_COOKIE_SECURE,"
        " 'csrf_secure': __import__('django.conf').conf.settings.CSRF_COOKIE_SECURE}))"
    )
    result = run(code)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_hsts_for_a_year_with_subdomains(production_response):
    assert production_response["headers"]["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_plain_http_is_redirected_to_https(production_response):
    assert production_response["plain_status"] == 301
    assert production_response["plain_location"] == "https://todo.example.com/accounts/login/"


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
)
def test_security_headers(production_response, header, value):
    assert production_response["headers"][header] == value


def test_csp_and_permissions_policy(production_response):
    headers = production_response["headers"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]


def test_cookies_are_secure_and_passwords_argon2(production_response):
    assert production_response["cookie_secure"] is True
    assert production_response["csrf_secure"] is True
    assert production_response["hasher"] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_the_session_key_changes_at_login(client, owner):
    from django.conf import settings

    from tests.factories import PASSWORD

    session = client.session
    session["probe"] = "an anonymous visit"
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key
    assert client.session["probe"] == "an anonymous visit"
    client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before and after and after != before  # a fixed session id cannot be carried into the login


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cache_url", "warned"),
    [("locmemcache://", True), ("", False), ("redis://127.0.0.1:6379/1", False)],
    ids=["each worker's memory", "the database", "redis"],
)
def test_check_deploy_warns_when_the_workers_would_not_share_the_cache(cache_url, warned):
    result = run(
        "import django; django.setup(); from django.core.management import call_command;"
        "call_command('check', '--deploy')",
        **database_urls(),
        CACHE_URL=cache_url,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    # Rate limits, used two-factor codes and sessions would each count per worker process.
    assert ("tasks.W001" in result.stderr + result.stdout) is warned, result.stderr + result.stdout


@pytest.mark.django_db(transaction=True)
def test_check_deploy_warns_when_a_runtime_role_has_no_statement_or_lock_timeout(owner_connection):
    # The owner is a real role without timeouts (migrations may take long), as a runtime role
    # made by hand would be: a locked row would then hold a worker until gunicorn killed it.
    info = owner_connection.info
    urls = database_urls()
    where = urls["DATABASE_URL"].split("@", 1)[1]
    owner_url = f"postgres://{quote(info.user)}:{quote(info.password or '')}@{where}"
    result = run(
        "import django; django.setup(); from django.core.management import call_command;"
        "call_command('check', '--deploy')",
        DATABASE_URL=owner_url,
        DATABASE_STAFF_URL=urls["DATABASE_STAFF_URL"],
    )
    output = result.stderr + result.stdout
    warned = [line for line in output.splitlines() if "tasks.W002" in line]
    assert len(warned) == 1, output
    assert f"The database role {info.user} (DATABASE_URL) runs without statement_timeout, lock_timeout" in warned[0]
    assert f"ALTER ROLE {info.user} SET statement_timeout = '5s'; ALTER ROLE {info.user} SET lock_timeout" in output
    assert "setup_roles" in output


@pytest.mark.django_db
def test_check_deploy_says_nothing_of_timeouts_when_the_runtime_roles_have_them():
    result = run(
        "import django; django.setup(); from django.core.management import call_command;"
        "call_command('check', '--deploy')",
        **database_urls(),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "tasks.W002" not in result.stderr + result.stdout
