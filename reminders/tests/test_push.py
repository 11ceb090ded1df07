"""Web push: a browser's subscription is kept from the profile's script; a reminder's push
reaches a push endpoint of our own on loopback, which decrypts it (RFC 8291, aes128gcm) with
the subscription's private key and checks the VAPID signature; a subscription the push service
answers 410 for is dropped. Also the service worker, and the manifest that makes the app
installable."""

from __future__ import annotations

import base64
import json
import os
import threading
from datetime import UTC, date, datetime, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command

from reminders import actions
from reminders.models import PushSubscription
from tests.factories import as_user, make_task, make_user


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService(ThreadingHTTPServer):
    """A push service on loopback: /gone answers 410, anything else 201 and keeps the request."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), PushHandler)
        self.received: list[tuple] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class PushHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, self.headers, body))
        self.send_response(410 if self.path == "/gone" else 201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


class Browser:
    """A browser's side of a push subscription: its key pair and auth secret."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.p256dh = b64url(public)

    def subscription(self, endpoint: str) -> dict:
        return {"endpoint": endpoint, "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)}}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


@pytest.fixture
def vapid(settings, capsys):
    call_command("vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    settings.PUSH_VAPID_PRIVATE_KEY = lines["PUSH_VAPID_PRIVATE_KEY"]
    settings.PUSH_VAPID_PUBLIC_KEY = lines["PUSH_VAPID_PUBLIC_KEY"]
    return lines


@pytest.fixture
def service():
    server = PushService()
    yield server
    server.shutdown()
    server.server_close()


def verify_vapid(headers: dict, public_key: str, audience: str) -> dict:
    """The Authorization header is a JWT signed with the server's VAPID key, for this origin."""
    scheme, _, params = headers["Authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == public_key
    header, claims, signature = fields["t"].split(".")
    raw = unb64url(signature)
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(public_key))
    key.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    decoded = json.loads(unb64url(claims))
    assert decoded["aud"] == audience
    return decoded


@pytest.mark.django_db
def test_a_reminders_push_reaches_the_endpoint_and_decrypts(client, vapid, service, settings):
    settings.DEBUG = True  # a push service on plain http at 127.0.0.1, as in development
    person = make_user("person@example.com", timezone="Europe/Paris", reminder_offset=0, email_reminders=False)
    browser, gone = Browser(), Browser()
    client.force_login(person)
    for each, path in ((browser, "/push"), (gone, "/gone")):
        response = client.post(
            "/reminders/push/subscribe/", each.subscription(service.url(path)), content_type="application/json"
        )
        assert response.status_code == 200, response.content
    task = make_task(person, title="Call the plumber", due_date=date(2030, 4, 2), due_time=time(9))
    occurs = datetime(2030, 4, 2, 7, tzinfo=UTC)
    assert actions.deliver_reminder(person.pk, task.pk, occurs, 0, now=occurs) == "sent"

    (push, headers, body), (to_gone, _, _) = sorted(service.received, key=lambda r: r[0] != "/push")
    assert push == "/push" and to_gone == "/gone"
    assert headers["Content-Encoding"] == "aes128gcm"
    assert int(headers["TTL"]) > 0
    verify_vapid(headers, vapid["PUSH_VAPID_PUBLIC_KEY"], service.url(""))
    payload = browser.decrypt(body)
    assert payload["title"] == "Call the plumber"
    assert payload["body"] == "Due Tuesday 2 Apr 2030 at 09:00"
    assert payload["url"].endswith(f"/tasks/{task.pk}/edit/")
    # The 410 dropped the subscription it was for, and only that one.
    with as_user(person):
        assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [service.url("/push")]

    # The notification's Done button completes the task (the service worker posts the link).
    client.logout()
    response = client.post(payload["done"].removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200, response.content
    with as_user(person):
        task.refresh_from_db()
    assert task.completed


@pytest.mark.django_db
def test_a_subscription_needs_its_keys_and_an_https_push_service(client, settings):
    settings.DEBUG = False
    person = make_user("person@example.com")
    client.force_login(person)
    browser = Browser()
    answer = client.post(
        "/reminders/push/subscribe/", browser.subscription("http://push.example.com/x"), content_type="application/json"
    )
    assert answer.status_code == 400
    answer = client.post(
        "/reminders/push/subscribe/", {"endpoint": "https://push.example.com/x"}, content_type="application/json"
    )
    assert answer.status_code == 400
    answer = client.post(
        "/reminders/push/subscribe/",
        browser.subscription("https://push.example.com/x"),
        content_type="application/json",
    )
    assert answer.status_code == 200
    answer = client.post(
        "/reminders/push/unsubscribe/", {"endpoint": "https://push.example.com/x"}, content_type="application/json"
    )
    assert answer.status_code == 200
    with as_user(person):
        assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_the_service_worker_and_the_manifest_make_the_app_installable(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert 'addEventListener("push"' in worker.text and '"done"' in worker.text
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["name"] == "Todo" and data["start_url"] == "/" and data["display"] == "standalone"
    assert data["theme_color"] and data["background_color"]
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    from django.contrib.staticfiles import finders
    from PIL import Image

    for icon in data["icons"]:
        with Image.open(finders.find(icon["src"].removeprefix("/static/"))) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
