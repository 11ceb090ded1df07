"""The tokens page (`/accounts/tokens/`) and the API's docs page (`/api/v1/docs`)."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_safe

from api import actions
from api.forms import RevokeForm, TokenForm
from api.models import MAX_TOKENS, Token


class TokensView(LoginRequiredMixin, View):
    """Make a token (shown once, on the page that answers the POST), list them with their last
    use, revoke one. Both ask for the password again, under allauth's re-authentication limit."""

    template_name = "api/tokens.html"

    def page(self, request, *, form=None, revoke_form=None, made=None, token=None, status=200):
        context = {
            "tokens": Token.objects.filter(user=request.user),
            "form": form or TokenForm(user=request.user),
            "revoke_form": revoke_form or RevokeForm(user=request.user),
            "made": made,
            "token": token,
            "max_tokens": MAX_TOKENS,
            "docs_url": reverse("api:docs"),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.page(request)

    def post(self, request):
        # The password typed here could be guessed like any other: the same limit as allauth's
        # re-authentication and the account deletion, counted together with them.
        if response := ratelimit.consume_or_429(request, action="reauthenticate", user=request.user):
            return response
        if request.POST.get("action") == "revoke":
            return self.revoke(request)
        form = TokenForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.page(request, form=form, status=400)
        result, secret = actions.create_token(
            request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
        if not result.changed:
            for field, errors in result.errors.items():
                for error in errors:
                    form.add_error(field, error)
            return self.page(request, form=form, status=400)
        return self.page(request, made=result.item, token=secret)

    def revoke(self, request):
        form = RevokeForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.page(request, revoke_form=form, status=400)
        result = actions.revoke_token(request.user, form.cleaned_data["token"])
        messages.success(request, result.message)
        return redirect("api:tokens")


@require_safe
def docs(request):
    """The API's reference: Swagger UI from our own static files, reading /api/v1/openapi.json."""
    return render(request, "api/docs.html", {"schema_url": reverse("api:v1:openapi-json")})
