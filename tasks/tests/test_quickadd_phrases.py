"""Quick add against the phrases people type (data/quickadd_phrases.csv, read by phrases.py):
what Todoist's and TickTick's help pages say their words mean, what the issue asked for, and
what people type, each with the fields it must give at a fixed now; and the phrases that must
not be read at all. The scores per category are printed by `python -m bench.quickadd --score`
and recorded in docs/PERFORMANCE.md.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tasks.quickadd import parse_repeat
from tasks.recurrence import first_date, rule_words
from tasks.tests.phrases import NOW, found, outcome, rows, scores

TABLE = rows()


def test_the_table_has_at_least_200_phrases_and_each_kind_of_them():
    categories = Counter(row.category for row in TABLE)
    assert len(TABLE) >= 200
    assert {"shorthand", "relative", "time", "numeric", "recurring", "not-a-date", "left-in-title"} <= set(categories)
    assert len({(row.phrase, row.date_order) for row in TABLE}) == len(TABLE)


@pytest.mark.parametrize("row", TABLE, ids=[f"{row.category}: {row.phrase} ({row.date_order})" for row in TABLE])
def test_each_phrase_gives_what_it_means(row):
    quick = row.parse()
    assert (found(quick), outcome(row, quick)) == (row.expected, "right"), quick.problems


def test_at_least_97_percent_are_exactly_right_and_no_documented_phrase_is_silently_wrong():
    counts = scores(TABLE)
    assert counts["all"]["right"] / counts["all"]["rows"] >= 0.97
    assert counts["documented by Todoist"]["wrong"] == 0


@pytest.mark.parametrize("row", [row for row in TABLE if row.category == "not-a-date"], ids=lambda row: row.phrase)
def test_what_is_not_meant_as_a_date_sets_no_date_from_it(row):
    quick = row.parse()
    assert quick.recurrence is None
    assert quick.due_date is None or row.expected["date"], quick.spans


@pytest.mark.parametrize("row", [row for row in TABLE if row.expected["rule"]], ids=lambda row: row.phrase)
def test_every_rule_in_the_table_reads_back_from_its_own_words(row):
    quick = row.parse()
    words = rule_words(quick.recurrence, quick.from_completion)
    again = parse_repeat(words, start=quick.due_date, today=NOW.date())
    assert (again.rule, again.from_completion) == (quick.recurrence, quick.from_completion), words
    assert first_date(quick.recurrence, quick.due_date) == quick.due_date
