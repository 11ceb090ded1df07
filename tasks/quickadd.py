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

# What may follow "every": tried in this order, the first that matches wins.
REPEATS = [
    ("weekday", re.compile(r"(?:weekday|work ?day)s?", re.IGNORECASE)),
    ("weekend", re.compile(r"weekends?", re.IGNORECASE)),
    ("last_day", re.compile(r"last day(?: of the month)?", re.IGNORECASE)),
    (
        "nth_weekday",
        re.compile(rf"(?P<nth>first|second|third|fourth|last|[1-4](?:st|nd|rd|th)) (?P<day>{WEEKDAY})", re.I),
    ),
    (
        "weekdays",
        re.compile(rf"(?:(?P<other>other) )?(?P<days>{WEEKDAY}(?:(?:, ?| and | ?& ?|,? and ){WEEKDAY})*)", re.I),
    ),
    ("yearly_md", re.compile(rf"(?P<month>{MONTH})\.? (?P<day>{DAY})(?:st|nd|rd|th)?", re.IGNORECASE)),
    ("yearly_dm", re.compile(rf"(?P<day>{DAY})(?:st|nd|rd|th)? (?:of )?(?P<month>{MONTH})", re.IGNORECASE)),
    ("monthday", re.compile(rf"(?P<day>{NTH})(?: day)?(?: of the month)?", re.IGNORECASE)),
    ("interval", re.compile(r"(?:(?P<n>[0-9]{1,3})|(?P<other>other)) (?P<unit>day|week|month|year)s?", re.I)),
    ("unit", re.compile(r"(?P<unit>day|week|month|year)", re.IGNORECASE)),
]
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


def parse(text: str, *, now: datetime, projects: list[str] | tuple[str, ...] = ()) -> QuickAdd:
    """Read the fields out of `text`; what is not recognised stays the title."""
    today = now.date()
    # Quoted text is masked first, so no pattern reaches into it.
    quoted = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
    work = list(text)
    for start, end in quoted:
        work[start:end] = "\0" * (end - start)
    result = QuickAdd(title="")
    taken: list[Span] = []

    def claim(start: int, end: int, kind: str) -> None:
        work[start:end] = "\0" * (end - start)
        taken.append(Span(start, end, kind))

    # Repeats first: they hold dates and times of their own ("every jan 27 at 9am").
    for match in EVERY.finditer("".join(work)):
        try:
            found = read_repeat("".join(work), match.end(), bang=bool(match.group("bang")), today=today)
        except NotADate as exc:
            # Left in the title, and out of the other patterns' reach.
            result.problems.append(str(exc))
            work[match.start() : exc.end] = "\0" * (exc.end - match.start())
            continue
        if found is not None and result.recurrence is None:
            end, repeat = found
            result.recurrence, result.from_completion = repeat.rule, repeat.from_completion
            result.due_date, result.due_time = repeat.first, repeat.time
            claim(match.start(), end, "repeat")
    known = {name.casefold(): name for name in projects}
    for match in PROJECT.finditer("".join(work)):
        name = match.group("name").replace("_", " ")
        if result.project is None and name.casefold() in known:
            result.project = known[name.casefold()]
            claim(match.start(), match.end(), "project")
        elif name.casefold() not in known:
            result.problems.append(f"There is no project named “{name}”; it stays in the title.")
    for match in LABEL.finditer("".join(work)):
        name = match.group("name").replace("_", " ")
        if name.casefold() not in {label.casefold() for label in result.labels}:
            result.labels.append(name)
        claim(match.start(), match.end(), "label")
    for match in PRIORITY.finditer("".join(work)):
        if result.priority is None:
            result.priority = int(match.group("priority"))
            claim(match.start(), match.end(), "priority")
    for match in ONE_OFF.finditer("".join(work)):
        try:
            day = one_off_date(match.group("date"), now)
        except NotADate as exc:
            result.problems.append(str(exc))
            continue
        if result.recurrence is not None:
            # A date beside a repeat is where it starts: the first occurrence on or after it.
            first = first_date(result.recurrence, day)
            if first is None:
                result.problems.append("That repeat has no date from then on.")
                continue
            result.due_date = first
        elif result.due_date is None:
            result.due_date = day
        else:
            continue
        if match.group("time") and result.due_time is None:
            result.due_time = clock(match.group("time"))
        claim(match.start(), match.end(), "date")
        break
    for match in AT_TIME.finditer("".join(work)):
        if result.due_time is None:
            result.due_time = clock(match.group("time"))
            result.due_date = result.due_date or today
            claim(match.start(), match.end(), "time")
        break
    result.spans = sorted(taken, key=lambda span: span.start)
    result.title = rest_of(text, result.spans, quoted)
    return result


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
    found = next(
        (
            (kind, match)
            for kind, pattern in REPEATS
            if (match := pattern.match(text, at)) and not re.match(r"[\w@#/:'-]", text[match.end() : match.end() + 1])
        ),
        None,
    )
    if found is None:
        return None
    kind, match = found
    end = match.end()
    tails: dict[str, str] = {}
    progress = True
    while progress:
        progress = False
        for name, tail in REPEAT_TAILS:
            found = tail.match(text, end)
            if name not in tails and found and not re.match(r"[\w@#/:'-]", text[found.end() : found.end() + 1]):
                tails[name], end, progress = found.group("value"), found.end(), True
    try:
        return end, build_repeat(kind, match, tails, bang=bang, today=today, start=start)
    except NotADate as exc:
        raise NotADate(str(exc), end) from exc


def build_repeat(kind: str, match: re.Match, tails: dict[str, str], *, bang: bool, today: date, start: date | None):
    now = datetime.combine(today, time(12))
    anchor = one_off_date(tails["start"], now) if "start" in tails else (start or today)
    parts = rule_parts(kind, match, None if bang else anchor)
    if "count" in tails:
        count = int(tails["count"])
        if not 1 <= count <= MAX_COUNT:
            raise NotADate(f"A repeat can run from 1 to {MAX_COUNT} times.")
        parts.append(f"COUNT={count}")
    if "until" in tails:
        parts.append(f"UNTIL={one_off_date(tails['until'], now):%Y%m%d}")
    rule = ";".join(parts)
    first = first_date(rule, anchor)
    if first is None:
        raise NotADate("That repeat has no date from then on.")
    return Repeat(rule, bang, first, clock(tails["time"]) if "time" in tails else None)


def rule_parts(kind: str, match: re.Match, anchor: date | None) -> list[str]:
    """The RRULE's parts for one of REPEATS. "every month" and "every year" are anchored on
    `anchor`, the first day they may fall on; with None ("every! month": from completion)
    they are left unanchored, and take the day of each completion (`anchored`)."""
    groups = match.groupdict()
    if kind == "weekday":
        return ["FREQ=WEEKLY", "BYDAY=MO,TU,WE,TH,FR"]
    if kind == "weekend":
        return ["FREQ=WEEKLY", "BYDAY=SA,SU"]
    if kind == "last_day":
        return ["FREQ=MONTHLY", "BYMONTHDAY=-1"]
    if kind == "nth_weekday":
        nth = ORDINALS.get(groups["nth"].lower()) or int(groups["nth"][0])  # "3th" reads as 3rd
        return ["FREQ=MONTHLY", f"BYDAY={nth}{weekday_code(groups['day'])}"]
    if kind == "weekdays":
        days = [weekday_code(day) for day in re.findall(WEEKDAY, groups["days"], re.IGNORECASE)]
        codes = sorted(set(days), key=WEEKDAYS.index)
        return ["FREQ=WEEKLY", *(["INTERVAL=2"] if groups.get("other") else []), f"BYDAY={','.join(codes)}"]
    if kind in ("yearly_md", "yearly_dm"):
        month, day = month_number(groups["month"]), int(groups["day"])
        if day > days_in_month(2000, month):  # 2000: a leap year, so Feb 29 passes
            raise NotADate(f"{MONTH_NAMES[month - 1]} has no day {day}.")
        return ["FREQ=YEARLY", f"BYMONTH={month}", month_day(day)]
    if kind == "monthday":
        return ["FREQ=MONTHLY", month_day(int(re.match(r"[0-9]+", groups["day"]).group()))]
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
