from __future__ import annotations

from django import forms

from accounts.models import User


class ProfileForm(forms.ModelForm):
    image = forms.URLField(
        label="Avatar URL",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="A link to a picture (http or https). Leave empty to show your initials.",
    )

    class Meta:
        model = User
        fields = ["name", "image"]
        labels = {"name": "Display name"}

    def clean_name(self) -> str | None:
        return (self.cleaned_data["name"] or "").strip() or None

    def clean_image(self) -> str | None:
        return self.cleaned_data["image"] or None


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not correct.")
        return password
