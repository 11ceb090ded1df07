from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django import forms

from tasks.maintenance import DEMO_DOMAIN


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # Demo users live at this domain and `cleanup_demo` deletes them all; keep people out.
        if email.lower().endswith(f"@{DEMO_DOMAIN}"):
            raise forms.ValidationError("Please use a real email address.")
        return super().clean_email(email)
