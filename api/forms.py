from __future__ import annotations

from django import forms

from api.models import MAX_NAME_LENGTH, SCOPES


class PasswordAgainForm(forms.Form):
    """Making or revoking a token asks for the password again: a token is as good as it."""

    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not correct.")
        return password


class TokenForm(PasswordAgainForm):
    name = forms.CharField(max_length=MAX_NAME_LENGTH, help_text="What uses it: “Phone shortcut”, “Backup script”.")
    scope = forms.ChoiceField(choices=SCOPES, initial="read", widget=forms.RadioSelect)
    field_order = ["name", "scope", "password"]


class RevokeForm(PasswordAgainForm):
    token = forms.UUIDField(label="Token")
