from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings


class PushSubscriptionForm(forms.Form):
    """A browser's push subscription: the push service's endpoint (https; plain http on the
    loopback address only in debug mode, for tests) and its keys (base64url)."""

    endpoint = forms.URLField(max_length=2000, assume_scheme="https")
    p256dh = forms.RegexField(r"^[A-Za-z0-9_-]{80,100}={0,2}$", required=False)
    auth = forms.RegexField(r"^[A-Za-z0-9_-]{16,30}={0,2}$", required=False)

    def __init__(self, *args, unsubscribing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["p256dh"].required = self.fields["auth"].required = not unsubscribing

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        parts = urlsplit(endpoint)
        if parts.scheme != "https" and not (settings.DEBUG and parts.hostname == "127.0.0.1"):
            raise forms.ValidationError("A push service's address starts with https://.")
        return endpoint
