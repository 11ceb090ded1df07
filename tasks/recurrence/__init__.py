"""Placeholder until the recurrence package lands: the names the actions call."""

from tasks.quickadd import following as next_date
from tasks.quickadd import sentence as describe
from tasks.quickadd import words as rule_words

__all__ = ["describe", "next_date", "rule_words"]
