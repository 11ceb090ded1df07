from __future__ import annotations

import html

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.safestring import mark_safe

from accounts.adapter import owners_of
from accounts.models import User, offered_time_zones, time_zones


class SignupForm(allauth_forms.SignupForm):
    # Filled in by the browser (static/js/app/page.js, from Intl); empty or unknown means UTC, which
    # the person can change on their profile.
    timezone = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-browser-timezone": ""}))

    # Filled in by the browser too, from its locale's way of writing a date; "DMY" otherwise.
    date_order = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-browser-date-order": ""}))

    # ...and from its locale's clock (Intl's hourCycle): "12h" or "24h"; "24h" otherwise.
    time_format = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-browser-time-format": ""}))

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"]
        return name if name in offered_time_zones() else "UTC"

    def clean_date_order(self) -> str:
        return self.cleaned_data["date_order"] if self.cleaned_data["date_order"] in ("DMY", "MDY") else "DMY"

    def clean_time_format(self) -> str:
        return self.cleaned_data["time_format"] if self.cleaned_data["time_format"] in ("24h", "12h") else "24h"

    def validate_unique_email(self, value: str) -> str:
        # allauth counts every address on file (and, unless verification is mandatory, says
        # "taken"); one that another account added and never confirmed belongs to nobody yet,
        # so its owner may sign up with it.
        if not owners_of(value):
            self.account_already_exists = False
            return get_adapter().validate_unique_email(value)
        return super().validate_unique_email(value)

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


class OneTimeCodeMixin:
    """The two-factor code field: focused when the page opens, a number pad on phones, and
    offered the code the phone has just received. Recovery codes are digits too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(autofocus=True, inputmode="numeric", autocomplete="one-time-code")


class AuthenticateForm(OneTimeCodeMixin, mfa_forms.AuthenticateForm):
    pass


class ReauthenticateForm(OneTimeCodeMixin, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(OneTimeCodeMixin, totp_forms.ActivateTOTPForm):
    pass


def grouped_time_zones(names: list[str]) -> list:
    """The zones as a menu's choices: a name of one part (UTC) first, then a group per region
    (Africa, America...), each place by its own name ("Argentina / Buenos Aires")."""
    loose = [(name, name.replace("_", " ")) for name in names if "/" not in name]
    regions: dict[str, list] = {}
    for name in names:
        if "/" in name:
            region, place = name.split("/", 1)
            regions.setdefault(region, []).append((name, place.replace("_", " ").replace("/", " / ")))
    return loose + sorted(regions.items())


class TimeZoneSelect(forms.Select):
    """The time zone menu, about 500 names in an <optgroup> per region, written out in one
    pass: through Django's option templates it cost some 20 ms a page. The script puts the
    browser's zone first (static/js/app/page.js)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        attributes = {**self.build_attrs(self.attrs, attrs), "name": name}
        head = "".join(
            f" {key}" if val is True else f' {key}="{html.escape(str(val))}"'
            for key, val in attributes.items()
            if val is not False and val is not None
        )

        def options(choices) -> str:
            return "".join(
                f'<option value="{html.escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
                f"{html.escape(str(label))}</option>"
                for key, label in choices
            )

        body = "".join(
            f'<optgroup label="{html.escape(key)}">{options(label)}</optgroup>'
            if isinstance(label, list | tuple)
            else options([(key, label)])
            for key, label in self.choices
        )
        return mark_safe(f"<select{head}>{body}</select>")  # noqa: S308 (every value above is escaped)


class ProfileForm(forms.ModelForm):
    image = forms.URLField(
        label="Avatar URL",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="A link to a picture (http or https). Leave empty to show your initials.",
    )

    timezone = forms.ChoiceField(
        label="Time zone",
        choices=(),  # set per person below
        widget=TimeZoneSelect(attrs={"data-time-zones": True}),
        required=False,
        help_text="Your today, what is overdue, and when a due time falls.",
    )

    digest_hour = forms.TypedChoiceField(
        label="Daily digest",
        choices=[("", "None"), *((hour, f"{hour:02d}:00") for hour in range(24))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="An email with today's and overdue tasks at this hour of your day.",
    )

    class Meta:
        model = User
        fields = [
            "name",
            "image",
            "timezone",
            "date_order",
            "time_format",
            "reminder_offset",
            "email_reminders",
            "digest_hour",
        ]
        labels = {
            "name": "Display name",
            "date_order": "Dates typed with numbers",
            "time_format": "Clock",
            "reminder_offset": "Remind me",
            "digest_hour": "Daily digest",
            "email_reminders": "Reminders by email",
        }
        help_texts = {
            "date_order": "How quick add reads a date such as 03/04.",
            "time_format": "How a task's time is shown: 17:30 or 5:30 pm.",
            "reminder_offset": "For tasks with a time, unless a task has reminders of its own.",
            "digest_hour": "An email with today's and overdue tasks at this hour of your day.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A zone set before it left the list (US/Eastern, Etc/GMT+5) stays the person's, and
        # selected, until they choose another; a name that is no zone (`localtime`) is shown as
        # UTC, which is what their dates already follow (User.zone).
        names = list(offered_time_zones())
        current = self.instance.timezone
        if current in time_zones() and current not in names:
            names = sorted([*names, current])
        elif current not in time_zones():
            self.initial["timezone"] = "UTC"
        self.fields["date_order"].required = False
        self.fields["time_format"].required = False
        self.fields["timezone"].choices = grouped_time_zones(names)

    def clean_name(self) -> str | None:
        return (self.cleaned_data["name"] or "").strip() or None

    def clean_image(self) -> str | None:
        return self.cleaned_data["image"] or None

    def clean_date_order(self) -> str:
        # Left out of the post (an older page): the one already set.
        return self.cleaned_data["date_order"] or self.instance.date_order

    def clean_time_format(self) -> str:
        # Left out of the post (an older page): the one already set.
        return self.cleaned_data["time_format"] or self.instance.time_format

    def clean_timezone(self) -> str:
        # Left out of the post (an older page): the one already set, if it is a zone. An unknown
        # one is refused above.
        current = self.instance.timezone
        return self.cleaned_data["timezone"] or (current if current in time_zones() else "UTC")


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
