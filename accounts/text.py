"""Wording helpers for the account pages."""

from __future__ import annotations

import re

# A tag, an address or a link (left alone), or a word.
_TOKEN = re.compile(r"<[^>]*>|[^\s<>]*[@/][^\s<>]*|[A-Za-z]+")


def sentence_case(text: str) -> str:
    """allauth's headings, labels and buttons in the app's sentence case: "Sign In" reads "Sign in".

    The first word keeps its capital; later Title-Cased words lose theirs ("Two-Factor" too),
    acronyms (TOTP) and mixed case (WebAuthn) stay. Tags, addresses and links never change.
    The app is English only, where this is safe.
    """
    first = True

    def lower(match: re.Match) -> str:
        nonlocal first
        token = match.group(0)
        if not token.isalpha():
            return token
        if first:
            first = False
            return token
        return token.lower() if token[1:].islower() else token

    return _TOKEN.sub(lower, str(text))
