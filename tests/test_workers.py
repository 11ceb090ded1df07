"""Sessions, two-factor codes and rate limits are one truth for every worker.

The app runs under gunicorn with two workers, as deployed. A worker that kept its own copy of
the shared state (a per-process cache) would let a signed-out cookie in, accept a two-factor
code twice, or count failed logins on its own. Each test steers requests to one worker, then
the other, so it does not depend on which worker the operating system picks. Each runs on the
configured cache (the database's without CACHE_URL) and on Redis, the production choice.
"""

from __future__ import annotations

import os

import pytest
import redis
from allauth.account import app_settings as account_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.core.cache import caches

from tasks.models import Task
from tests import servers
from tests.factories import PASSWORD, as_user, make_user, totp_code

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "staff"])
# A Redis database of this module's own: it is emptied before each test.
REDIS = "redis://127.0.0.1:6379/11"
SIGN_IN = "/accounts/login/"
REFUSED_AS_RATE_LIMITED = "Too many failed login attempts"


def empty_redis() -> None:
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REDIS_REQUIRED"):
            pytest.fail(f"REDIS_REQUIRED is set but no Redis answers at {REDIS}")
        pytest.skip(f"no Redis at {REDIS}")


@pytest.fixture(scope="module", params=["configured cache", "redis"])
def server(request, django_db_setup, tmp_path_factory):
    """One server for the module's tests on each cache; each test starts with an empty cache."""
    env = {}
    if request.param == "redis":
        empty_redis()
        env["CACHE_URL"] = REDIS
    with servers.gunicorn(tmp_path_factory.mktemp("server"), workers=2, env=env) as server:
        yield server


@pytest.fixture(autouse=True)
def _empty_shared_cache(request, transactional_db):
    # Counters from another test (failed logins from this same address) must not count in this
    # one, before or after: a database cache keeps its rows when a transactional test empties
    # the tables, and allauth counts even a refused login against the address's allowance.
    def empty() -> None:
        if request.node.callspec.params["server"] == "redis":
            empty_redis()
        else:
            caches["default"].clear()  # the workers share this process' cache settings

    empty()
    yield
    empty()


@pytest.fixture
def person(db):
    person = make_user("person@example.com")
    servers.production_password(person)
    return person


def test_a_signed_out_session_cookie_never_signs_in_again_on_any_worker(server, person):
    browser = servers.Browser(server)
    assert browser.sign_in(person.email).location == "/"
    for _ in server.each_worker():
        assert browser.signed_in()  # every worker has read the session
    stolen = dict(browser.cookies)
    first, _ = server.workers
    with server.only(first):
        assert browser.post("/accounts/logout/", {}).location == SIGN_IN

    replays, creates = [], []
    for _ in server.each_worker():
        replays += [servers.Browser(server, stolen).get("/") for _ in range(6)]
        creates.append(servers.Browser(server, stolen).post("/tasks/new/", {"title": "Written after signing out"}))
    let_in = sum(page.status == 200 for page in replays)
    assert let_in == 0, f"{let_in} of {len(replays)} replays of the signed-out cookie were signed in"
    assert [page.location for page in replays] == ["/accounts/login/?next=/"] * 12
    assert all(page.location.startswith(SIGN_IN) for page in creates), creates
    with as_user(person):
        assert not Task.objects.filter(title="Written after signing out").exists()


def test_a_password_change_signs_out_the_persons_other_sessions_on_every_worker(server, person):
    laptop, phone = servers.Browser(server), servers.Browser(server)
    laptop.sign_in(person.email)
    phone.sign_in(person.email)
    for _ in server.each_worker():
        assert laptop.signed_in()
        assert phone.signed_in()
    phone_cookies, laptop_before = dict(phone.cookies), dict(laptop.cookies)
    first, _ = server.workers
    new_password = "a brand new horse battery staple"
    with server.only(first):
        changed = laptop.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
        )
    assert changed.status == 302, changed.text

    for pid in server.each_worker():
        for _ in range(3):
            assert not servers.Browser(server, phone_cookies).signed_in(), f"the phone still signed in on {pid}"
            # The laptop's cookie from before the change is another session now, too.
            assert not servers.Browser(server, laptop_before).signed_in(), f"the old cookie signed in on {pid}"
            assert laptop.signed_in(), f"the person who changed the password was signed out on {pid}"
    assert servers.Browser(server).sign_in(person.email, new_password).location == "/"


def sign_in_with_code(server, email: str, code: str) -> servers.Page:
    browser = servers.Browser(server)
    second_step = browser.sign_in(email)
    assert second_step.location == "/accounts/2fa/authenticate/", second_step
    return browser.post(second_step.location, {"code": code})


def test_a_two_factor_code_signs_in_once_and_every_worker_refuses_it_after(server, person, settings):
    settings.MFA_ENCRYPTION_KEYS = [servers.MFA_KEY]  # the server's key: it must read the secret
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    used = totp_code(secret)
    first, second = server.workers
    with server.only(first):
        assert sign_in_with_code(server, person.email, used).location == "/"

    # The same code again, through another connection: first on the other worker.
    for pid in (second, first):
        with server.only(pid):
            again = sign_in_with_code(server, person.email, used)
        assert again.status == 200, f"worker {pid} accepted a used code"
        assert "Incorrect code." in again.text
    # What was refused was the used code, not the person: a code of a new authenticator works.
    Authenticator.objects.filter(user=person).delete()
    fresh = generate_totp_secret()
    TOTP.activate(person, fresh)
    assert sign_in_with_code(server, person.email, totp_code(fresh)).location == "/"


def failed_login_limit() -> int:
    # allauth's default, e.g. "10/m/ip,5/300s/key": the smallest allowance is the one that bites.
    rates = account_settings.RATE_LIMITS["login_failed"].split(",")
    return min(int(rate.split("/")[0]) for rate in rates)


def test_the_login_failure_limit_counts_the_failures_of_every_worker(server, person):
    limit = failed_login_limit()
    first, second = server.workers
    for attempt in range(limit):
        with server.only((first, second)[attempt % 2]):
            failed = servers.Browser(server).sign_in(person.email, f"wrong guess {attempt}")
        assert "password you specified are not correct" in failed.text, failed

    for pid in server.each_worker():
        for _ in range(2):
            page = servers.Browser(server).sign_in(person.email)
            assert page.status == 200, f"worker {pid} let the right password in after {limit} failures"
            assert REFUSED_AS_RATE_LIMITED in page.text
