from __future__ import annotations

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.hashers import make_password

from accounts.adapter import owners_of
from accounts.models import User


class SignupForm(allauth_forms.SignupForm):
    def validate_unique_email(self, value: str) -> str:
        email = super().validate_unique_email(value)
        # allauth counts every address on file; one that another account added and never
        # confirmed belongs to nobody yet, so its owner may sign up with it.
        if self.account_already_exists and not owners_of(email):
            self.account_already_exists = False
        return email

    def try_save(self, request):
        if self.account_already_exists:
            # No account is made, but the password is hashed all the same: otherwise the answer
            # comes back in a tenth of the time and tells who has an account.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def clean_email(self) -> str:
        email = super().clean_email()
        # Only to the address the account signed up with or confirmed: a reset sent to an
        # address someone merely typed in would hand their account to whoever reads it.
        owners = {owner.pk for owner in owners_of(email)}
        self.users = [user for user in self.users if user.pk in owners]
        return email


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
