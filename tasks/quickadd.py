"""Quick add: the words typed for a new task turned into its fields.

"Pay rent every 1st at 9am #Home @bills p1" → title "Pay rent", project "Home", label
"bills", priority 1, repeating `FREQ=MONTHLY;BYMONTHDAY=1` from the next 1st at 9:00.

Pure functions, no Django, that only read text: `parse` takes the text, the person's "now"
(an aware datetime in their time zone) and the names of their projects; `parse_repeat` reads
the edit form's "Repeat" field. One-off dates are read by dateparser, repeats by the small
grammar below, which writes RFC 5545 RRULE values; what a rule's dates are and how it is said
back is tasks.recurrence's.

What is recognised leaves the title; text in double quotes is never read (the quotes go);
a token counts only as a word of its own ("p1x" and "email@home" stay in the title).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache

from tasks.recurrence import WEEKDAYS, days_in_month, first_date, month_day
from tasks.wording import MONTH_NAMES

MAX_INTERVAL = 999
MAX_COUNT = 999

WEEKDAY_CODES = {
    "mon": "MO", "monday": "MO", "tue": "TU", "tues": "TU", "tuesday": "TU", "wed": "WE", "wednesday": "WE",
    "thu": "TH", "thur": "TH", "thurs": "TH", "thursday": "TH", "fri": "FR", "friday": "FR",
    "sat": "SA", "saturday": "SA", "sun": "SU", "sunday": "SU",
}  # fmt: skip
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1}

# The pieces of the grammar, as regular expressions (matched ignoring case).
WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
NTH = rf"{DAY}(?:st|nd|rd|th)"
DATE = (
    rf"(?:today|tomorrow|(?:next |this )?{WEEKDAY}|next (?:week|month|year)|in [0-9]{{1,3}} (?:days?|weeks?|months?)"
    rf"|{MONTH}\.? {DAY}(?:st|nd|rd|th)?(?:,? [0-9]{{4}})?|{DAY}(?:st|nd|rd|th)? (?:of )?{MONTH}(?:,? [0-9]{{4}})?"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2})"
)
TIME = r"(?:(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?: ?[ap]m)?|(?:1[0-2]|0?[1-9]) ?[ap]m|noon|midnight)"
# A token stands alone: not glued to a word, an address, a path or a number.
BEFORE = r"(?<![\w@#./:'-])"
AFTER = r"(?![\w@#/:'-])"


def token(pattern: str) -> re.Pattern:
    return re.compile(BEFORE + pattern + AFTER, re.IGNORECASE)


# A project's name starts with a letter: "#1" (an issue number) is no project.
PROJECT = token(r"#(?P<name>[^\s#@\"0-9][^\s#@\"]{0,119})")
LABEL = token(r"@(?P<name>[^\s#@\"]{1,60})")
PRIORITY = token(r"p(?P<priority>[1-4])")
ONE_OFF = token(rf"(?:on |due )?(?P<date>{DATE})(?: at (?P<time>{TIME}))?")
AT_TIME = token(rf"(?:at )?(?P<time>{TIME})")
EVERY = re.compile(BEFORE + r"every(?P<bang>!)? ", re.IGNORECASE)

# What may follow a repeat, in any order.
REPEAT_TAILS = [
    ("time", re.compile(rf" (?:at )?(?P<value>{TIME})", re.IGNORECASE)),
    ("start", re.compile(rf" (?:starting|from|starts)(?: on)? (?P<value>{DATE})", re.IGNORECASE)),
    ("until", re.compile(rf" (?:until|till|ending) (?P<value>{DATE})", re.IGNORECASE)),
    ("count", re.compile(r" for (?P<value>[0-9]{1,3}) (?:times|occurrences)", re.IGNORECASE)),
]


class NotADate(ValueError):
    """A phrase that reads as a date or a repeat but names none ("feb 30", a rule with no day left)."""

    def __init__(self, message: str, end: int | None = None):
        super().__init__(message)
        self.end = end  # where the phrase ends, when it is a repeat


@dataclass(frozen=True)
class Span:
    """A part of the text that was recognised: [start, end) and what it set."""

    start: int
    end: int
    kind: str  # "project", "label", "priority", "date", "time", "repeat"


@dataclass
class QuickAdd:
    title: str
    project: str | None = None
    labels: list[str] = field(default_factory=list)
    priority: int | None = None
    due_date: date | None = None
    due_time: time | None = None
    recurrence: str | None = None
    from_completion: bool = False
    spans: list[Span] = field(default_factory=list)
    # What the person should be told: a project that does not exist, a date that is not one.
    problems: list[str] = field(default_factory=list)


@dataclass
class Repeat:
    rule: str
    from_completion: bool
    first: date
    time: time | None = None


class Reading:
    """The text as it is being read: `work` is the text with what is quoted, or already
    recognised, masked out of the other patterns' reach."""

    def __init__(self, text: str, now: datetime):
        self.text, self.now, self.today = text, now, now.date()
        self.quoted = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
        self.work = list(text)
        for start, end in self.quoted:
            self.hide(start, end)
        self.taken: list[Span] = []
        self.result = QuickAdd(title="")

    def masked(self) -> str:
        return "".join(self.work)

    def hide(self, start: int, end: int) -> None:
        self.work[start:end] = "\0" * (end - start)

    def claim(self, start: int, end: int, kind: str) -> None:
        self.hide(start, end)
        self.taken.append(Span(start, end, kind))

    def finish(self) -> QuickAdd:
        self.result.spans = sorted(self.taken, key=lambda span: span.start)
        self.result.title = rest_of(self.text, self.result.spans, self.quoted)
        return self.result


def parse(text: str, *, now: datetime, projects: list[str] | tuple[str, ...] = ()) -> QuickAdd:
    """Read the fields out of `text`; what is not recognised stays the title."""
    reading = Reading(text, now)
    # Repeats first: they hold dates and times of their own ("every jan 27 at 9am").
    read_repeats(reading)
    read_project(reading, projects)
    read_labels(reading)
    read_priority(reading)
    read_date(reading)
    read_time(reading)
    return reading.finish()


def read_repeats(reading: Reading) -> None:
    """ "every ..." and "every! ...": the first that reads is the task's repeat, and sets its
    first date and time; one that names no date stays in the title, with the reason why."""
    result = reading.result
    for match in EVERY.finditer(reading.masked()):
        try:
            found = read_repeat(reading.masked(), match.end(), bang=bool(match.group("bang")), today=reading.today)
        except NotADate as exc:
            # Left in the title, and out of the other patterns' reach.
            result.problems.append(str(exc))
            reading.hide(match.start(), exc.end)
            continue
        if found is not None and result.recurrence is None:
            end, repeat = found
            result.recurrence, result.from_completion = repeat.rule, repeat.from_completion
            result.due_date, result.due_time = repeat.first, repeat.time
            reading.claim(match.start(), end, "repeat")


def read_project(reading: Reading, projects: list[str] | tuple[str, ...]) -> None:
    """ "#Home", "#trip_to_lisbon": the first of the person's projects named; an unknown name
    stays in the title, with a word saying so."""
    known = {name.casefold(): name for name in projects}
    result = reading.result
    for match in PROJECT.finditer(reading.masked()):
        name = match.group("name").replace("_", " ")
        if name.casefold() not in known:
            result.problems.append(f"There is no project named “{name}”; it stays in the title.")
        elif result.project is None:
            result.project = known[name.casefold()]
            reading.claim(match.start(), match.end(), "project")


def read_labels(reading: Reading) -> None:
    """ "@errands": every label, each once whatever its case."""
    labels = reading.result.labels
    for match in LABEL.finditer(reading.masked()):
        name = match.group("name").replace("_", " ")
        if name.casefold() not in {label.casefold() for label in labels}:
            labels.append(name)
        reading.claim(match.start(), match.end(), "label")


def read_priority(reading: Reading) -> None:
    """ "p1" to "p4": the first one."""
    if match := PRIORITY.search(reading.masked()):
        reading.result.priority = int(match.group("priority"))
        reading.claim(match.start(), match.end(), "priority")


def read_date(reading: Reading) -> None:
    """ "tomorrow", "next friday at 5pm": the first that is a date."""
    for match in ONE_OFF.finditer(reading.masked()):
        if take_date(reading, match):
            return


def take_date(reading: Reading, match: re.Match) -> bool:
    """Whether the date phrase `match` found became the task's date. Beside a repeat it is
    where the repeat starts: the due date is the repeat's first date on or after it."""
    result = reading.result
    try:
        day = one_off_date(match.group("date"), reading.now)
    except NotADate as exc:
        result.problems.append(str(exc))
        return False
    if result.recurrence is not None:
        day = first_date(result.recurrence, day)
        if day is None:
            result.problems.append("That repeat has no date from then on.")
            return False
    elif result.due_date is not None:
        return False
    result.due_date = day
    if match.group("time") and result.due_time is None:
        result.due_time = clock(match.group("time"))
    reading.claim(match.start(), match.end(), "date")
    return True


def read_time(reading: Reading) -> None:
    """ "at 5pm", "17:30": a time alone is today's, unless a date or repeat said otherwise."""
    match = AT_TIME.search(reading.masked())
    result = reading.result
    if match and result.due_time is None:
        result.due_time = clock(match.group("time"))
        result.due_date = result.due_date or reading.today
        reading.claim(match.start(), match.end(), "time")


def rest_of(text: str, spans: list[Span], quoted: list[tuple[int, int]]) -> str:
    """The text without the recognised spans and without the quotes, spaces tidied."""
    keep = [True] * len(text)
    for span in spans:
        keep[span.start : span.end] = [False] * (span.end - span.start)
    for start, end in quoted:
        keep[start] = keep[end - 1] = False
    return re.sub(r"\s+", " ", "".join(char for char, kept in zip(text, keep, strict=True) if kept)).strip()


def parse_repeat(text: str, *, start: date, today: date) -> Repeat | None:
    """The edit form's Repeat field: "every 3rd friday", "every! 2 weeks", "" for none.
    `start` is the task's due date (or today): the first occurrence is on or after it."""
    text = text.strip()
    if not text:
        return None
    if not text.lower().startswith("every"):
        text = f"every {text}"
    match = EVERY.match(text)
    if match is None:
        raise NotADate(f"“{text}” is not a repeat this app understands, such as “every 3rd friday”.")
    found = read_repeat(text, match.end(), bang=bool(match.group("bang")), today=today, start=start)
    if found is None or found[0] != len(text):
        raise NotADate(f"“{text}” is not a repeat this app understands, such as “every 3rd friday”.")
    return found[1]


def read_repeat(text: str, at: int, *, bang: bool, today: date, start: date | None = None):
    """The repeat after "every " at `at`: (where it ends, the Repeat), or None."""
    found = repeat_head(text, at)
    if found is None:
        return None
    rule, match = found
    end, tails = repeat_tails(text, match.end())
    try:
        return end, build_repeat(rule, match, tails, bang=bang, today=today, start=start)
    except NotADate as exc:
        raise NotADate(str(exc), end) from exc


def stands_alone(text: str, end: int) -> bool:
    """Whether the token ending at `end` is not glued to what follows (AFTER, for a match made at a place)."""
    return not re.match(r"[\w@#/:'-]", text[end : end + 1])


def repeat_head(text: str, at: int):
    """The first of REPEATS that reads at `at`: (its rule's builder, the match), or None."""
    for pattern, rule in REPEATS:
        if (match := pattern.match(text, at)) and stands_alone(text, match.end()):
            return rule, match
    return None


def repeat_tails(text: str, end: int) -> tuple[int, dict[str, str]]:
    """The REPEAT_TAILS after a repeat, each once, in any order: (where they end, their values)."""
    tails: dict[str, str] = {}
    progress = True
    while progress:
        progress = False
        for name, tail in REPEAT_TAILS:
            found = tail.match(text, end)
            if name not in tails and found and stands_alone(text, found.end()):
                tails[name], end, progress = found.group("value"), found.end(), True
    return end, tails


def build_repeat(
    rule: RuleParts, match: re.Match, tails: dict[str, str], *, bang: bool, today: date, start: date | None
) -> Repeat:
    """The Repeat of a rule's words and its tails; `start` (else today) is the earliest first date."""
    now = datetime.combine(today, time(12))
    anchor = one_off_date(tails["start"], now) if "start" in tails else (start or today)
    parts = rule(match.groupdict(), None if bang else anchor)
    if "count" in tails:
        count = int(tails["count"])
        if not 1 <= count <= MAX_COUNT:
            raise NotADate(f"A repeat can run from 1 to {MAX_COUNT} times.")
        parts.append(f"COUNT={count}")
    if "until" in tails:
        parts.append(f"UNTIL={one_off_date(tails['until'], now):%Y%m%d}")
    rrule = ";".join(parts)
    first = first_date(rrule, anchor)
    if first is None:
        raise NotADate("That repeat has no date from then on.")
    return Repeat(rrule, bang, first, clock(tails["time"]) if "time" in tails else None)


# The RRULE's parts for each of REPEATS, from its match's groups. "every month" and "every
# year" are anchored on `anchor`, the first day they may fall on; with None ("every! month":
# from completion) they are left unanchored, and take the day of each completion
# (tasks.recurrence.anchored).
RuleParts = Callable[[dict, date | None], list[str]]


def weekday_rule(groups: dict, anchor: date | None) -> list[str]:
    return ["FREQ=WEEKLY", "BYDAY=MO,TU,WE,TH,FR"]


def weekend_rule(groups: dict, anchor: date | None) -> list[str]:
    return ["FREQ=WEEKLY", "BYDAY=SA,SU"]


def last_day_rule(groups: dict, anchor: date | None) -> list[str]:
    return ["FREQ=MONTHLY", "BYMONTHDAY=-1"]


def nth_weekday_rule(groups: dict, anchor: date | None) -> list[str]:
    """ "3rd friday", "last monday"."""
    nth = ORDINALS.get(groups["nth"].lower()) or int(groups["nth"][0])  # "3th" reads as 3rd
    return ["FREQ=MONTHLY", f"BYDAY={nth}{weekday_code(groups['day'])}"]


def weekdays_rule(groups: dict, anchor: date | None) -> list[str]:
    """ "mon, wed & fri", "other tuesday"."""
    days = {weekday_code(day) for day in re.findall(WEEKDAY, groups["days"], re.IGNORECASE)}
    codes = sorted(days, key=WEEKDAYS.index)
    return ["FREQ=WEEKLY", *(["INTERVAL=2"] if groups.get("other") else []), f"BYDAY={','.join(codes)}"]


def yearly_rule(groups: dict, anchor: date | None) -> list[str]:
    """ "jan 27", "27th of january"."""
    month, day = month_number(groups["month"]), int(groups["day"])
    if day > days_in_month(2000, month):  # 2000: a leap year, so Feb 29 passes
        raise NotADate(f"{MONTH_NAMES[month - 1]} has no day {day}.")
    return ["FREQ=YEARLY", f"BYMONTH={month}", month_day(day)]


def monthday_rule(groups: dict, anchor: date | None) -> list[str]:
    """ "15th", "31st day of the month"."""
    return ["FREQ=MONTHLY", month_day(int(re.match(r"[0-9]+", groups["day"]).group()))]


def interval_rule(groups: dict, anchor: date | None) -> list[str]:
    """ "day", "3 weeks", "other month"."""
    unit = groups["unit"].lower()
    interval = 2 if groups.get("other") else int(groups.get("n") or 1)
    if not 1 <= interval <= MAX_INTERVAL:
        raise NotADate(f"A repeat's interval runs from 1 to {MAX_INTERVAL}.")
    parts = [f"FREQ={ {'day': 'DAILY', 'week': 'WEEKLY', 'month': 'MONTHLY', 'year': 'YEARLY'}[unit] }"]
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if anchor is not None and unit == "month":
        parts.append(month_day(anchor.day))
    elif anchor is not None and unit == "year":
        parts += [f"BYMONTH={anchor.month}", month_day(anchor.day)]
    return parts


# What may follow "every": tried in this order, the first that matches wins.
REPEATS: list[tuple[re.Pattern, RuleParts]] = [
    (re.compile(r"(?:weekday|work ?day)s?", re.IGNORECASE), weekday_rule),
    (re.compile(r"weekends?", re.IGNORECASE), weekend_rule),
    (re.compile(r"last day(?: of the month)?", re.IGNORECASE), last_day_rule),
    (
        re.compile(rf"(?P<nth>first|second|third|fourth|last|[1-4](?:st|nd|rd|th)) (?P<day>{WEEKDAY})", re.I),
        nth_weekday_rule,
    ),
    (
        re.compile(rf"(?:(?P<other>other) )?(?P<days>{WEEKDAY}(?:(?:, ?| and | ?& ?|,? and ){WEEKDAY})*)", re.I),
        weekdays_rule,
    ),
    (re.compile(rf"(?P<month>{MONTH})\.? (?P<day>{DAY})(?:st|nd|rd|th)?", re.IGNORECASE), yearly_rule),
    (re.compile(rf"(?P<day>{DAY})(?:st|nd|rd|th)? (?:of )?(?P<month>{MONTH})", re.IGNORECASE), yearly_rule),
    (re.compile(rf"(?P<day>{NTH})(?: day)?(?: of the month)?", re.IGNORECASE), monthday_rule),
    (re.compile(r"(?:(?P<n>[0-9]{1,3})|(?P<other>other)) (?P<unit>day|week|month|year)s?", re.I), interval_rule),
    (re.compile(r"(?P<unit>day|week|month|year)", re.IGNORECASE), interval_rule),
]


def weekday_code(name: str) -> str:
    return WEEKDAY_CODES[name.lower()]


def month_number(name: str) -> int:
    return MONTHS.index(name.lower().rstrip(".")[:3]) + 1


@lru_cache(maxsize=8)
def date_parser(today: date):
    """dateparser's reader for phrases relative to `today` (one per day in use: the first
    phrase it reads costs a few milliseconds, the next a fraction of one)."""
    from dateparser.date import DateDataParser

    base = datetime.combine(today, time())
    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"})


def one_off_date(phrase: str, now: datetime) -> date:
    """A date phrase ("tomorrow", "next friday", "27 jan", "2027-01-27") read by dateparser,
    relative to the person's `now`; NotADate for one that names no day ("feb 30")."""
    phrase = re.sub(r"^(?:on|due) ", "", phrase.strip(), flags=re.IGNORECASE)
    found = date_parser(now.date()).get_date_data(phrase).date_obj
    if found is None:
        raise NotADate(f"“{phrase}” is not a date; it stays in the title.")
    return found.date()


def clock(text: str) -> time:
    """ "5pm", "5:30 pm", "17:30", "noon" as a time of day."""
    text = text.lower().replace(" ", "")
    if text in ("noon", "midnight"):
        return time(12) if text == "noon" else time(0)
    match = re.fullmatch(r"([0-9]{1,2})(?::([0-9]{2}))?([ap]m)?", text)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    return time(hour, minute)
