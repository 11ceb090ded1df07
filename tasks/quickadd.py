"""Quick add: the words typed for a new task turned into its fields.

"Pay rent every 1st at 9am #Home @bills p1" → title "Pay rent", project "Home", label
"bills", priority 1, repeating `FREQ=MONTHLY;BYMONTHDAY=1` from the next 1st at 9:00.

Pure functions, no Django, that only read text: `parse` takes the text, the person's "now"
(an aware datetime in their time zone), the names of their projects and their date order
(`"DMY"` or `"MDY"`, for 3/4); `parse_repeat` reads the edit form's "Repeat" field. Both
read with the grammar below, one small function per production, and compute with
dateutil; the rules they write are RFC 5545 RRULE values, whose dates and words are
tasks.recurrence's.

What the words mean follows Todoist's help pages ("Introduction to dates and time", "Set a
recurring due date"):

- `tod`, `tom`, `tmr`, `tmrw` (the short forms in lower case only: "Tom" is a name);
  `day after tomorrow`; a weekday is the next one on or after today ("fri" on a Friday is
  today), `next fri` the Friday of next week; `next week` is next Monday, `next week fri`
  its Friday; `next month` the 1st of next month; `this weekend` Saturday, `next weekend`
  next week's Saturday; `end of month`, `mid january` (the 15th); `in 2 weeks`, `in two
  days`, `in a week`, `in 3 hours`; `27th`, `the 27th` (this month's, else the next);
  `27/01`, `1/27`, `27.01.2028` in the person's date order when both readings are dates.
  A date without a year is the next one on or after today: typed on that day, it is today.
- Times: `at 9`, `9am`, `9:30`, `at 9.30`, `21h`, `noon`, `midnight` (the coming one),
  `tonight` (22:00), `this evening`; morning 9:00, afternoon 12:00, evening 19:00, night
  22:00. A time with no date is today's, or tomorrow's when it has passed; a date given
  explicitly wins ("today at 9am" typed at 14:00 stays today).
- Repeats: `every …` or `ev …`, `every! …` (from completion), `daily`, `weekly`, `monthly`,
  `yearly`, `every quarter`, `after 3 days` (= `every! 3 days`); days, weekdays, workdays,
  `every 2 weeks on monday`, `every 3rd friday`, `every first workday`, `every 1st, 15th`,
  `every month on the 15th`, `every year on feb 29`, `every morning`, `every 3 hours`; with
  `at <time>`, `starting <date>`, `until <date>`, `for 3 times`, `for 2 weeks`. A repeat
  starts on its first date on or after today (or its start), at its next occurrence when
  its time has already passed today. `every weekend` is Saturday, as in Todoist.
- `#Project`, `@label`, `p1`-`p4` and `!!1`-`!!4` (and TickTick's `!high`, `!medium`, `!low`).

What is recognised leaves the title. What is not meant as a date is never read: text in
double quotes (the quotes go), web addresses, email addresses, file names and query strings
(`?due=tomorrow`) stay whole; a token counts only as a word of its own ("p1x" stays); a word
that also has a plain meaning is read only where nothing but the task's other syntax follows
it ("monthly report", "3rd chapter", "1/2 cup" and "sun cream" stay).

A text made only of what quick add reads ("tomorrow p1") is not read at all: it stays whole
as the title, with nothing set, and `QuickAdd.kept_whole` and `problems` say so. The preview
and the save both call `parse`, so they agree.

A phrase that reads as a date but names none ("feb 30") or that quick add does not read
(`later this week`, `every 27`) stays in the title and is reported in `problems`; it is
never saved as another date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from tasks.recurrence import WEEKDAYS, days_in_month, first_date, month_day, next_moment, rule_fields, until_date
from tasks.recurrence.dates import BY_THE_CLOCK, until_value
from tasks.wording import MONTH_NAMES

MAX_INTERVAL = 999
MAX_COUNT = 999
DATE_ORDERS = ("DMY", "MDY")
# Todoist's hours for the parts of the day ("every morning" is every day at 9am).
PARTS_OF_DAY = {"morning": time(9), "afternoon": time(12), "evening": time(19), "night": time(22)}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
NUMBER_WORDS |= {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
PRIORITY_WORDS = {"high": 1, "medium": 2, "med": 2, "low": 3, "none": 4}  # TickTick's "!high"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
WEEKDAY_CODES = {name: code for code, name in zip(WEEKDAYS, ["mo", "tu", "we", "th", "fr", "sa", "su"], strict=True)}

# The pieces of the grammar, as regular expressions (matched ignoring case).
WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
AND = r"(?:\s?,\s?(?:and\s+)?|\s+and\s+|\s?&\s?)"
WEEKDAY_LIST = rf"{WEEKDAY}(?:{AND}{WEEKDAY})*"
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
TH = r"(?:st|nd|rd|th)"
YEAR = r"[0-9]{4}"
NUMBER = r"(?:[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
COUNT = r"(?:[0-9]{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
UNIT = r"(?:days?|weeks?|wks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?)"
ORDINAL = rf"(?:first|second|third|fourth|fifth|last|[0-9]{{1,2}}{TH})"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
# A token stands alone: not glued to a word, an address, a path, a number or a query string.
BEFORE = r"(?<![\w@#./:'=?&-])"
AFTER = r"(?![\w@#/'=&-]|[.:]\w)"
# A word after which a date word is still a date: more of the task's syntax, not a noun.
FOLLOWERS = {"at", "on", "by", "from", "starting", "until", "till", "every", "ev", "and", "or", "for", "in", "to"}
FOLLOWERS |= {"next", "this", "today", "tomorrow", "tonight", "noon", "midnight", "am", "pm", "p1", "p2", "p3", "p4"}
FOLLOWERS |= set(PARTS_OF_DAY) | {"then", "before", "after", "due", "each"}


def token(pattern: str) -> re.Pattern:
    return re.compile(f"{BEFORE}(?:{pattern}){AFTER}", re.IGNORECASE)


# What is never read: web addresses, email addresses, file and domain names, query strings.
NOT_TEXT = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[?&][\w.\[\]-]+=\S*|\b\w+=\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z][a-z0-9-]*[a-z](?:/\S*)?",
    re.IGNORECASE,
)
# A project's name starts with a letter: "#1" (an issue number) is no project.
PROJECT = token(r"#(?P<name>[^\s#@\"0-9][^\s#@\"]{0,119})")
LABEL = token(r"@(?P<name>[^\s#@\"]{1,60})")
PRIORITY = token(rf"(?:p|!!)(?P<priority>[1-4])|!(?P<word>{'|'.join(PRIORITY_WORDS)})")


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
    """What `parse` read. `kept_whole`: the text was only syntax ("tomorrow p1"), so none of
    it was read and all of it is the title (then `problems` says so and nothing else is set)."""

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
    kept_whole: bool = False


@dataclass
class Repeat:
    """A repeat read: its rule, whether from completion (`every!`), its first date and time."""

    rule: str
    from_completion: bool
    first: date
    time: time | None = None
    starts_explicitly: bool = False  # "starting <date>" was said


@dataclass(frozen=True)
class Context:
    """What relative words are relative to: the person's today, their time of day (None when
    unknown: the Repeat field) and their date order."""

    today: date
    now: time | None = None
    date_order: str = "DMY"

    def minute(self) -> time:
        """Now to the minute: a time equal to it has not passed."""
        return (self.now or time()).replace(second=0, microsecond=0)


@dataclass(frozen=True)
class When:
    """A date read, with the time some phrases carry ("tonight", "in 3 hours")."""

    day: date
    time: time | None = None


def number(word: str) -> int:
    """ "3", "three", "a" → 3, 3, 1."""
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def weekday_index(name: str) -> int:
    return WEEKDAYS.index(WEEKDAY_CODES[name.lower()[:2]])


def weekday_code(name: str) -> str:
    """ "fri", "Friday" → "FR"."""
    return WEEKDAY_CODES[name.lower()[:2]]


def month_number(name: str) -> int:
    return MONTHS.index(name.lower().rstrip(".")[:3]) + 1


def free_after(text: str, end: int) -> bool:
    """Whether what follows `end` is the end, punctuation or more syntax, not a plain word: "3rd"
    in "3rd chapter", "monthly" in "monthly report" and "1/2" in "1/2 cup" are no dates."""
    found = re.match(r"\s*([A-Za-z][A-Za-z0-9]*)", text[end:])
    if found is None:
        return True
    word = found.group(1).lower()
    return word in FOLLOWERS or re.fullmatch(WEEKDAY + "|" + MONTH, word) is not None


def next_day_of_month(day: int, today: date) -> date:
    """This month's `day` if it is still to come, else the next month's that has one."""
    month = date(today.year, today.month, 1)
    for _ in range(13):
        if day <= days_in_month(month.year, month.month) and month.replace(day=day) >= today:
            return month.replace(day=day)
        month += relativedelta(months=1)
    raise NotADate(f"no month has a day {day}")


def next_month_day(month: int, day: int, today: date) -> date:
    """The next `month` `day` on or after `today` (Feb 29: the next leap year's)."""
    if day > days_in_month(2000, month):  # 2000: a leap year, so Feb 29 passes
        raise NotADate(f"{MONTH_NAMES[month - 1]} has no day {day}")
    for year in range(today.year, min(today.year + 9, 10000)):
        if day <= days_in_month(year, month) and date(year, month, day) >= today:
            return date(year, month, day)
    raise NotADate("past the end of the calendar")


def monday_of_next_week(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


# One-off dates: each production, a pattern and what it means. A production answers None when
# its words are not a date after all (a name, a noun).
DateRule = Callable[[re.Match, Context, str], When | None]


def day_after_tomorrow(match: re.Match, context: Context, text: str) -> When:
    return When(context.today + timedelta(days=2))


def shorthand_day(offset: int, group: str) -> DateRule:
    """ "today"/"tod", "tomorrow"/"tom"/"tmr"/"tmrw", "yesterday"; "tod" and "tom" in lower
    case only ("Tom" is a name)."""

    def rule(match: re.Match, context: Context, text: str) -> When | None:
        words = match.group(group)
        if words.lower() in ("tod", "tom") and not words.islower():
            return None
        return When(context.today + timedelta(days=offset))

    return rule


def tonight(match: re.Match, context: Context, text: str) -> When:
    """ "tonight" (22:00), "this morning", "this evening"."""
    return When(context.today, PARTS_OF_DAY[match.group("tn_part") or "night"])


def weekday_of_next_week(match: re.Match, context: Context, text: str) -> When:
    """ "next week monday", "friday next week"."""
    name = match.group("nw_day") or match.group("nw_day2")
    return When(monday_of_next_week(context.today) + timedelta(days=weekday_index(name)))


def weekend(match: re.Match, context: Context, text: str) -> When:
    """ "this weekend": Saturday (today on a Sunday); "next weekend": next week's Saturday."""
    today = context.today
    if match.group("we_which").lower() == "next":
        return When(monday_of_next_week(today) + timedelta(days=5))
    return When(today + timedelta(days=max(5 - today.weekday(), 0)))


def next_period(match: re.Match, context: Context, text: str) -> When:
    """ "next week": Monday; "next month": its 1st; "next year": 1 January."""
    today, unit = context.today, match.group("nx_unit").lower()
    if unit == "week":
        return When(monday_of_next_week(today))
    if unit == "month":
        return When(today.replace(day=1) + relativedelta(months=1))
    return When(date(today.year + 1, 1, 1))


def end_of(match: re.Match, context: Context, text: str) -> When:
    """ "end of month" (this month's last day), "end of year", "end of march"."""
    today, what = context.today, (match.group("end_of") or match.group("end_of2")).lower()
    if what in ("month", "eom"):
        return When(today.replace(day=days_in_month(today.year, today.month)))
    if what in ("year", "eoy"):
        return When(date(today.year, 12, 31))
    month = month_number(what)
    return When(next_month_day(month, days_in_month(2001, month), today))


def mid(match: re.Match, context: Context, text: str) -> When:
    """ "mid january": the 15th; "mid month": this month's 15th, else next month's."""
    what = match.group("mid_of").lower()
    if what == "month":
        return When(next_day_of_month(15, context.today))
    return When(next_month_day(month_number(what), 15, context.today))


def in_some_time(match: re.Match, context: Context, text: str) -> When:
    """ "in 3 days", "in two weeks", "in a month", "+5 days"; "in 3 hours" and "in 30 minutes"
    set the time too (the day is today's or tomorrow's)."""
    count = number(match.group("in_n") or match.group("in_n2"))
    unit = (match.group("in_unit") or match.group("in_unit2")).lower().rstrip("s")
    if unit in ("hour", "hr", "minute", "min"):
        delta = timedelta(hours=count) if unit in ("hour", "hr") else timedelta(minutes=count)
        moment = datetime.combine(context.today, context.minute()) + delta
        return When(moment.date(), moment.time())
    if unit in ("day", "week", "wk"):
        return When(context.today + timedelta(days=count * (7 if unit != "day" else 1)))
    return When(context.today + relativedelta(**{"months" if unit == "month" else "years": count}))


def weekday(match: re.Match, context: Context, text: str) -> When | None:
    """ "fri", "this friday" (the next Friday on or after today: today on a Friday), "next
    friday" (the Friday of next week). "sun", "sat" and "wed" are also plain words."""
    name, which = match.group("wd_day"), (match.group("wd_which") or "").lower()
    index = weekday_index(name)
    if not which and name.lower() in ("sun", "sat", "wed") and not free_after(text, match.end()):
        return None
    if which == "next":
        return When(monday_of_next_week(context.today) + timedelta(days=index))
    return When(context.today + timedelta(days=(index - context.today.weekday()) % 7))


def iso_date(match: re.Match, context: Context, text: str) -> When:
    """ "2027-01-27", "2027/01/27"."""
    return When(date(int(match.group("iso_y")), int(match.group("iso_m")), int(match.group("iso_d"))))


def numeric_date(match: re.Match, context: Context, text: str) -> When | None:
    """ "27/01", "1/27", "27/01/2028", "27.01.2028": day and month in the person's order when
    both readings are dates, else the one that is. Without a year, the next such day; with
    dots, only with a year ("9.30" is a time); "1/2 cup" is no date."""
    first, second, year = int(match.group("num_a")), int(match.group("num_b")), match.group("num_y")
    if year is None and (match.group("num_sep") == "." or not free_after(text, match.end())):
        return None
    if match.group(0) == "24/7":
        return None
    readings = [(second, first), (first, second)]  # (month, day) in DMY, then MDY
    if context.date_order == "MDY":
        readings.reverse()
    month, day = next(((m, d) for m, d in readings if 1 <= m <= 12 and 1 <= d <= days_in_month(2000, m)), (0, 0))
    if not month:
        raise NotADate("no such month and day")
    if year is None:
        return When(next_month_day(month, day, context.today))
    return When(date(int(year) + (2000 if len(year) == 2 else 0), month, day))


def month_name_date(match: re.Match, context: Context, text: str) -> When:
    """ "jan 27", "27 jan", "27th of january", "january 27th, 2028"."""
    month = month_number(match.group("mn_month") or match.group("nm_month"))
    day = int(match.group("mn_day") or match.group("nm_day"))
    year = match.group("mn_year") or match.group("nm_year")
    if year is None:
        return When(next_month_day(month, day, context.today))
    if day > days_in_month(int(year), month):
        raise NotADate(f"{MONTH_NAMES[month - 1]} {year} has no day {day}")
    return When(date(int(year), month, day))


def ordinal_day(match: re.Match, context: Context, text: str) -> When | None:
    """ "27th", "the 27th": this month's if it is still to come, else the next month's. A bare
    ordinal followed by a noun ("3rd chapter") is no date."""
    if not match.group("ord_the") and not free_after(text, match.end()):
        return None
    return When(next_day_of_month(int(match.group("ord_day")), context.today))


# Tried in this order at each place: longer phrases first.
DATES: list[tuple[str, str, DateRule]] = [
    ("d_after", r"(?:the\s+)?day\s+after\s+tomorrow|overmorrow", day_after_tomorrow),
    ("d_today", r"today|tod", shorthand_day(0, "d_today")),
    ("d_tomorrow", r"tomorrow|tmrw|tmr|tmw|tom", shorthand_day(1, "d_tomorrow")),
    ("d_yesterday", r"yesterday", shorthand_day(-1, "d_yesterday")),
    ("d_tonight", rf"tonight|this\s+(?P<tn_part>{PART_OF_DAY})", tonight),
    (
        "d_next_week_day",
        rf"next\s+week\s+(?:on\s+)?(?P<nw_day>{WEEKDAY})|(?P<nw_day2>{WEEKDAY})\s+(?:of\s+)?next\s+week",
        weekday_of_next_week,
    ),
    ("d_weekend", r"(?P<we_which>this|next|the)\s+weekend", weekend),
    ("d_next", r"next\s+(?P<nx_unit>week|month|year)", next_period),
    ("d_end", rf"end\s+of\s+(?:the\s+)?(?P<end_of>month|year|{MONTH})|(?P<end_of2>eom|eoy)", end_of),
    ("d_mid", rf"mid[\s-]+(?P<mid_of>month|{MONTH})", mid),
    (
        "d_in",
        rf"in\s+(?P<in_n>{NUMBER})\s+(?P<in_unit>{UNIT})|\+\s?(?P<in_n2>[0-9]{{1,3}})\s?(?P<in_unit2>{UNIT})",
        in_some_time,
    ),
    ("d_weekday", rf"(?:(?P<wd_which>this|next|coming)\s+)?(?P<wd_day>{WEEKDAY})", weekday),
    ("d_iso", r"(?P<iso_y>[0-9]{4})[-/](?P<iso_m>[0-9]{1,2})[-/](?P<iso_d>[0-9]{1,2})", iso_date),
    (
        "d_numeric",
        r"(?P<num_a>[0-9]{1,2})(?P<num_sep>[/.])(?P<num_b>[0-9]{1,2})(?:(?P=num_sep)(?P<num_y>[0-9]{4}|[0-9]{2}))?",
        numeric_date,
    ),
    (
        "d_month",
        rf"(?P<mn_month>{MONTH})\.?\s+(?P<mn_day>{DAY}){TH}?(?:,?\s+(?P<mn_year>{YEAR}))?"
        rf"|(?:the\s+)?(?P<nm_day>{DAY}){TH}?\s+(?:of\s+)?(?P<nm_month>{MONTH})\.?(?:,?\s+(?P<nm_year>{YEAR}))?",
        month_name_date,
    ),
    ("d_ordinal", rf"(?P<ord_the>the\s+)?(?P<ord_day>{DAY}){TH}", ordinal_day),
]
DATE = "(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern, _ in DATES) + ")"


def read_when(match: re.Match, context: Context, text: str) -> When | None:
    """The date of a DATE match, by the production that matched; NotADate for one that names no
    day ("feb 30", a day past the end of the calendar)."""
    for name, _, rule in DATES:
        if match.group(name) is None:
            continue
        try:
            return rule(match, context, text)
        except NotADate as exc:
            raise NotADate(f"“{match.group(name)}” is not a date ({exc}); it stays in the title.") from exc
        except (ValueError, OverflowError) as exc:  # no such day, or past 0001-9999
            raise NotADate(f"“{match.group(name)}” is not a date; it stays in the title.") from exc
    return None


# Times. A bare hour ("at 9") and a time with a dot ("at 9.30") need "at" (or "@") before them:
# "version 3.11" and "5 people" are no times.
TIME = (
    r"(?P<t_lead>(?:at|@)\s*)?"
    r"(?:(?P<t_h>[01]?[0-9]|2[0-3])(?P<t_sep>[:.h])(?P<t_m>[0-5][0-9])(?:\s?(?P<t_half>[ap])\.?m\.?)?"
    r"|(?P<t_h12>1[0-2]|0?[1-9])\s?(?P<t_half12>[ap])\.?m\.?"
    r"|(?P<t_h24>[01]?[0-9]|2[0-3])h"
    r"|(?P<t_word>noon|midday|midnight)"
    rf"|in\s+the\s+(?P<t_part>{PART_OF_DAY})|(?P<t_night>night)"
    r"|(?P<t_bare>[01]?[0-9]|2[0-3]))"
)
TIME_TOKEN = token(TIME)
WORD_TIMES = {"noon": time(12), "midday": time(12), "midnight": time(0)}


def half_day(hour: int, half: str | None) -> int:
    """The hour of "5pm", "12am", "17" (no half: as written)."""
    if not half:
        return hour
    return hour % 12 + (12 if half.lower() == "p" else 0)


def clock(match: re.Match) -> time | None:
    """The time a TIME match says, None when it needs "at" and has none ("3.11", "5")."""
    lead = match.group("t_lead")
    if match.group("t_word"):
        return WORD_TIMES[match.group("t_word").lower()]
    if match.group("t_part"):
        return PARTS_OF_DAY[match.group("t_part").lower()]
    if match.group("t_night") or match.group("t_bare"):
        return None if not lead else time(22) if match.group("t_night") else time(int(match.group("t_bare")))
    if match.group("t_h24"):
        return time(int(match.group("t_h24")))
    if match.group("t_h12"):
        return time(half_day(int(match.group("t_h12")), match.group("t_half12")))
    if match.group("t_sep") == "." and not lead and not match.group("t_half"):
        return None
    return time(half_day(int(match.group("t_h")), match.group("t_half")), int(match.group("t_m")))


# A one-off date, as typed: "on friday", "by monday", "due jan 27", "tomorrow morning".
ONE_OFF = token(rf"(?:(?:due\s+)?(?:on|by)\s+|due\s+)?(?P<date>{DATE})(?:\s+(?:in\s+the\s+)?(?P<part>{PART_OF_DAY}))?")


# Repeats: what may follow "every" (or "ev"), each a pattern and the rule it builds.
@dataclass
class Head:
    """A repeat's rule without its limits, and the time its words carry ("every evening")."""

    parts: list[str]
    time: time | None = None


def interval_part(count: int) -> list[str]:
    if not 1 <= count <= MAX_INTERVAL:
        raise NotADate(f"A repeat's interval runs from 1 to {MAX_INTERVAL}.")
    return [f"INTERVAL={count}"] if count > 1 else []


def count_of(groups: dict, name: str, other: str | None = None) -> int:
    """The interval in `groups[name]` ("3", "three"), 2 for "other", else 1."""
    if other and groups.get(other):
        return 2
    return number(groups[name]) if groups.get(name) else 1


RuleHead = Callable[[dict, "date | None"], Head]


def hours_head(groups: dict, anchor: date | None) -> Head:
    """ "hour", "3 hours": the time moves with each (tasks.recurrence.next_moment)."""
    return Head(["FREQ=HOURLY", *interval_part(count_of(groups, "h_n"))])


def workdays_head(groups: dict, anchor: date | None) -> Head:
    """ "first workday", "15th workday, last workday" of each month."""
    places = [
        ORDINAL_WORDS.get(word.lower()) or int(word[:-2]) for word in re.findall(ORDINAL, groups["wk_list"], re.I)
    ]
    if any(not (place == -1 or 1 <= place <= 20) for place in places):
        raise NotADate("A month has 20 workdays at least: say a workday from the 1st to the 20th, or the last.")
    return Head(["FREQ=MONTHLY", "BYDAY=MO,TU,WE,TH,FR", f"BYSETPOS={','.join(str(p) for p in dict.fromkeys(places))}"])


def weekday_head(groups: dict, anchor: date | None) -> Head:
    return Head(["FREQ=WEEKLY", "BYDAY=MO,TU,WE,TH,FR"])


def weekend_head(groups: dict, anchor: date | None) -> Head:
    """ "every weekend" is every Saturday, as Todoist reads it."""
    return Head(["FREQ=WEEKLY", "BYDAY=SA"])


def part_of_day_head(groups: dict, anchor: date | None) -> Head:
    """ "morning" (9:00), "afternoon" (12:00), "evening" (19:00), "night" (22:00)."""
    return Head(["FREQ=DAILY"], PARTS_OF_DAY[groups["pd"].lower()])


def last_day_head(groups: dict, anchor: date | None) -> Head:
    return Head(["FREQ=MONTHLY", "BYMONTHDAY=-1"])


def nth_weekday_head(groups: dict, anchor: date | None) -> Head:
    """ "3rd friday", "last monday", "2nd and 4th monday"."""
    places = [ORDINAL_WORDS.get(word.lower()) or int(word[0]) for word in re.findall(NTH, groups["nth"], re.I)]
    code = weekday_code(groups["nth_day"])  # "3th" reads as 3rd
    return Head(["FREQ=MONTHLY", "BYDAY=" + ",".join(f"{place}{code}" for place in dict.fromkeys(places))])


def weekday_codes(days: str) -> str:
    """ "mon, wed & fri" → "MO,WE,FR"."""
    codes = {weekday_code(day) for day in re.findall(WEEKDAY, days, re.IGNORECASE)}
    return ",".join(sorted(codes, key=WEEKDAYS.index))


def weeks_on_head(groups: dict, anchor: date | None) -> Head:
    """ "2 weeks on monday", "other week on mon, fri": the days are kept in the rule."""
    interval = interval_part(count_of(groups, "wo_n", "wo_other"))
    return Head(["FREQ=WEEKLY", *interval, f"BYDAY={weekday_codes(groups['wo_days'])}"])


def weekdays_head(groups: dict, anchor: date | None) -> Head:
    """ "mon, wed & fri", "other tuesday"."""
    return Head(
        [
            "FREQ=WEEKLY",
            *(["INTERVAL=2"] if groups.get("wd_other") else []),
            f"BYDAY={weekday_codes(groups['wd_days'])}",
        ]
    )


def yearly_head(groups: dict, anchor: date | None) -> Head:
    """ "jan 27", "27th of january", "year on feb 29", "2 years on mar 3"."""
    month = month_number(groups.get("y_month") or groups["y_month2"])
    day = int(groups.get("y_day") or groups["y_day2"])
    if day > days_in_month(2000, month):  # 2000: a leap year, so Feb 29 passes
        raise NotADate(f"{MONTH_NAMES[month - 1]} has no day {day}.")
    interval = interval_part(
        count_of(groups, "y_n", "y_other") if groups.get("y_month") else count_of(groups, "y_n2", "y_other2")
    )
    return Head(["FREQ=YEARLY", *interval, f"BYMONTH={month}", month_day(day)])


def month_days(words: str) -> list[int]:
    """ "1st, 15th and last day" → [1, 15, -1]."""
    return [-1 if word.lower().startswith("last") else int(word) for word in re.findall(r"[0-9]+|last", words, re.I)]


def monthdays_head(groups: dict, anchor: date | None) -> Head:
    """ "15th", "1st, 15th", "month on the 15th", "2 months on the 1st"."""
    days = list(dict.fromkeys(month_days(groups.get("md_days") or groups["mo_days"])))
    interval = interval_part(count_of(groups, "mo_n", "mo_other"))
    if len(days) == 1:
        return Head(["FREQ=MONTHLY", *interval, "BYMONTHDAY=-1" if days[0] == -1 else month_day(days[0])])
    if any(day in (29, 30) for day in days):
        raise NotADate("Say the 29th or the 30th alone (“every 30th”): in a list it would skip February.")
    days = [-1 if day == 31 else day for day in days]
    return Head(["FREQ=MONTHLY", *interval, f"BYMONTHDAY={','.join(str(day) for day in days)}"])


def interval_head(groups: dict, anchor: date | None) -> Head:
    """ "day", "3 weeks", "other month", "quarter". "every month" and "every year" are anchored on
    `anchor`, the first day they may fall on; with None ("every! month": from completion) they
    are left unanchored, and take the day of each completion (tasks.recurrence.anchored)."""
    unit = (groups.get("iv_unit") or groups["iv_unit1"]).lower()
    count = count_of(groups, "iv_n", "iv_other") * (3 if unit == "quarter" else 1)
    unit = "month" if unit == "quarter" else unit
    parts = [f"FREQ={ {'day': 'DAILY', 'week': 'WEEKLY', 'month': 'MONTHLY', 'year': 'YEARLY'}[unit] }"]
    parts += interval_part(count)
    if anchor is not None and unit == "month":
        parts.append(month_day(anchor.day))
    elif anchor is not None and unit == "year":
        parts += [f"BYMONTH={anchor.month}", month_day(anchor.day)]
    return Head(parts)


def time_head(groups: dict, anchor: date | None) -> Head:
    """ "every 8pm": every day at 8pm."""
    return Head(["FREQ=DAILY"], groups["at"])


NTH = rf"(?:first|second|third|fourth|last|[1-4]{TH})"  # a weekday's place in its month
MONTH_DAYS = rf"(?:{DAY}{TH}|last\s+day)(?:{AND}(?:the\s+)?(?:{DAY}{TH}|last(?:\s+day)?))*"


def years_on(suffix: str) -> str:
    """ "year on ", "3 years on ", "other year on " before a month and day (`suffix` tells the
    groups of the two yearly patterns apart)."""
    return rf"(?:(?:(?P<y_n{suffix}>{COUNT})\s+|(?P<y_other{suffix}>other)\s+)?years?\s+on\s+)?"


OF_THE_MONTH = r"(?:\s+of\s+(?:the|each|every)\s+month)?"
WORKDAY = r"(?:work|business|week)\s?day"
# What may follow "every": tried in this order, the first that matches wins.
HEAD_PATTERNS: list[tuple[str | None, RuleHead]] = [
    (rf"(?:(?P<h_n>{COUNT})\s+)?(?:hours?|hrs?)", hours_head),
    (rf"(?P<wk_list>{ORDINAL}\s+{WORKDAY}(?:{AND}{ORDINAL}\s+{WORKDAY})*){OF_THE_MONTH}", workdays_head),
    (rf"{WORKDAY}s?", weekday_head),
    (r"weekends?", weekend_head),
    (rf"(?P<pd>{PART_OF_DAY})s?", part_of_day_head),
    (rf"last\s+day{OF_THE_MONTH}", last_day_head),
    (rf"(?P<nth>{NTH}(?:{AND}{NTH})*)\s+(?P<nth_day>{WEEKDAY}){OF_THE_MONTH}", nth_weekday_head),
    (rf"(?:(?:(?P<wo_n>{COUNT})|(?P<wo_other>other))\s+)?weeks?\s+on\s+(?P<wo_days>{WEEKDAY_LIST})", weeks_on_head),
    (rf"(?:(?P<wd_other>other)\s+)?(?P<wd_days>{WEEKDAY_LIST})", weekdays_head),
    (rf"{years_on('')}(?P<y_month>{MONTH})\.?\s+(?P<y_day>{DAY}){TH}?", yearly_head),
    (rf"{years_on('2')}(?:the\s+)?(?P<y_day2>{DAY}){TH}?\s+(?:of\s+)?(?P<y_month2>{MONTH})", yearly_head),
    (
        rf"(?:(?:(?P<mo_n>{COUNT})|(?P<mo_other>other))\s+)?months?\s+on\s+the\s+(?P<mo_days>{MONTH_DAYS})",
        monthdays_head,
    ),
    (rf"(?:the\s+)?(?P<md_days>{MONTH_DAYS})(?:\s+day)?{OF_THE_MONTH}", monthdays_head),
    (rf"(?:(?P<iv_n>{COUNT})|(?P<iv_other>other))\s+(?P<iv_unit>day|week|month|year|quarter)s?", interval_head),
    (r"(?P<iv_unit1>day|week|month|year|quarter)", interval_head),
    (None, time_head),  # TIME_TOKEN
]
HEADS = [
    (re.compile(pattern + AFTER, re.IGNORECASE) if pattern else TIME_TOKEN, head) for pattern, head in HEAD_PATTERNS
]
# Words that are a repeat on their own ("pay rent monthly"), as the head they stand for.
ALIASES = {"daily": "day", "everyday": "day", "weekly": "week", "monthly": "month", "yearly": "year"}
ALIASES |= {"annually": "year", "quarterly": "quarter", "hourly": "hour"}
REPEAT_START = re.compile(
    BEFORE + rf"(?:(?P<every>every|ev)(?P<bang>!)?\s+|(?P<alias>{'|'.join(ALIASES)}){AFTER}"
    rf"|(?P<after>after)\s+(?={COUNT}\s+(?:days?|weeks?|months?|years?|hours?){AFTER})"
    rf"|(?:on\s+)?the\s+(?P<oe_days>{MONTH_DAYS})\s+of\s+(?:every|each)\s+month{AFTER})",
    re.IGNORECASE,
)
# What may follow an alias: "monthly on the 1st", "weekly on monday".
ALIAS_HEADS = {
    "month": (re.compile(rf"\s+on\s+the\s+(?P<mo_days>{MONTH_DAYS}){AFTER}", re.IGNORECASE), monthdays_head),
    "week": (re.compile(rf"\s+on\s+(?P<wo_days>{WEEKDAY_LIST}){AFTER}", re.IGNORECASE), weeks_on_head),
}
# Todoist reads no "every day except friday", nor does quick add: the whole repeat stays.
EXCEPT = re.compile(rf"\s+(?:except|but\s+not)\s+(?:{WEEKDAY_LIST}|\S+)", re.IGNORECASE)
# What may follow a repeat, in any order, each once: a pattern up to its value, then a time or a
# date is read by TIME_TOKEN or ONE_OFF (the grammar's big patterns are compiled once).
REPEAT_TAILS = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in [
        ("time", r"\s+"),
        ("part", rf"\s+(?P<part>{PART_OF_DAY}){AFTER}"),
        ("start", r"\s+(?:starting|from|starts|beginning)\s+"),
        ("start_time", r"\s+(?:starting|from|starts)\s+"),
        ("until", r"\s+(?:until|till|til|ending|ends|through)\s+"),
        ("count", rf"\s+for\s+(?P<count>{COUNT})\s+(?:times|occurrences){AFTER}"),
        ("duration", rf"\s+for\s+(?P<dur_n>{NUMBER})\s+(?P<dur_unit>day|week|month|year)s?{AFTER}"),
    ]
}
NOT_A_REPEAT = "“{}” is not a repeat this app understands, such as “every 3rd friday”."


def repeat_head(text: str, at: int) -> tuple[RuleHead, dict, int] | None:
    """The first of HEADS that reads at `at`: (its builder, its groups, where it ends), or None."""
    for pattern, head in HEADS:
        if match := pattern.match(text, at):
            groups = match.groupdict()
            if head is time_head and (groups.setdefault("at", clock(match)) is None):
                continue
            return head, groups, match.end()
    return None


def repeat_tails(text: str, end: int, context: Context) -> tuple[int, dict]:
    """The REPEAT_TAILS after a repeat, each once, in any order: (where they end, their values:
    a time, a When, or the match)."""
    tails: dict = {}
    progress = True
    while progress:
        progress = False
        for name, pattern in REPEAT_TAILS.items():
            if name in tails or not (found := pattern.match(text, end)):
                continue
            if value := tail_value(name, found, context, text):
                tails[name], end, progress = *value, True
    return end, tails


def tail_value(name: str, match: re.Match, context: Context, text: str) -> tuple[object, int] | None:
    """What a tail says and where it ends: a time ("at 9am"), a When ("starting friday"), the
    match itself ("for 3 times"); None when what follows its word is not one."""
    if name in ("time", "start_time"):
        found = TIME_TOKEN.match(text, match.end())
        return (clock(found), found.end()) if found and clock(found) else None
    if name in ("start", "until"):
        found = ONE_OFF.match(text, match.end())
        when = read_when(found, context, text) if found else None
        if when is None:
            return None
        part = found.group("part")
        return (When(when.day, when.time or (PARTS_OF_DAY[part.lower()] if part else None)), found.end())
    if name == "part":
        return PARTS_OF_DAY[match.group("part").lower()], match.end()
    return match, match.end()


def read_repeat(text: str, start: re.Match, context: Context, first_day: date | None = None):
    """The repeat that `start` (a REPEAT_START match) begins: (where it ends, the Repeat), or
    None when what follows is no repeat ("every now and then")."""
    found = start_head(text, start)
    if found is None:
        return None
    head, groups, end = found
    end, tails = repeat_tails(text, end, context)
    if excepted := EXCEPT.match(text, end):
        raise NotADate("quick add reads no “except”: name the days instead; it stays in the title.", excepted.end())
    bang = bool(start.group("bang") or start.group("after"))
    try:
        return end, build_repeat(head, groups, tails, bang=bang, context=context, first_day=first_day)
    except NotADate as exc:
        raise NotADate(str(exc), end) from exc


def start_head(text: str, start: re.Match) -> tuple[RuleHead, dict, int] | None:
    """The head of the repeat that `start` begins: after "every", an alias's ("monthly on the
    1st"), "after 3 days"'s or "the 1st of every month"'s; None when there is none."""
    if start.group("oe_days"):
        return monthdays_head, {"md_days": start.group("oe_days")}, start.end()
    if start.group("alias"):
        return alias_head(text, start)
    found = repeat_head(text, start.end())
    if found and start.group("after") and (found[0] is not interval_head or not free_after(text, found[2])):
        return None
    return found


def alias_head(text: str, start: re.Match) -> tuple[RuleHead, dict, int] | None:
    """ "daily", "monthly on the 1st", "weekly on mon, thu"; "monthly report" is no repeat."""
    unit = ALIASES[start.group("alias").lower()]
    if unit in ALIAS_HEADS and (more := ALIAS_HEADS[unit][0].match(text, start.end())):
        return ALIAS_HEADS[unit][1], more.groupdict(), more.end()
    if not free_after(text, start.end()):
        return None
    return (hours_head, {}, start.end()) if unit == "hour" else (interval_head, {"iv_unit1": unit}, start.end())


def limits(tails: dict) -> list[str]:
    """COUNT from "for 3 times"."""
    if "count" not in tails:
        return []
    count = number(tails["count"].group("count"))
    if not 1 <= count <= MAX_COUNT:
        raise NotADate(f"A repeat can run from 1 to {MAX_COUNT} times.")
    return [f"COUNT={count}"]


def until_part(tails: dict, first: date) -> list[str]:
    """UNTIL from "until friday", or from "for 2 weeks" (the last day before two weeks are up)."""
    if "until" in tails:
        return [f"UNTIL={until_value(tails['until'].day)}"]
    if "duration" not in tails:
        return []
    count, unit = number(tails["duration"].group("dur_n")), tails["duration"].group("dur_unit").lower()
    length = timedelta(days=count * (7 if unit == "week" else 1)) if unit in ("day", "week") else None
    end = first + (length or relativedelta(**{f"{unit}s": count})) - timedelta(days=1)
    return [f"UNTIL={until_value(end)}"]


def build_repeat(
    head: RuleHead, groups: dict, tails: dict, *, bang: bool, context: Context, first_day: date | None
) -> Repeat:
    """The Repeat of a rule's words and its tails; its start (else `first_day`, else today) is the
    earliest first date."""
    explicit = "start" in tails
    anchor = tails["start"].day if explicit else (first_day or context.today)
    words = head(groups, None if bang else anchor)
    at = tails.get("time") or tails.get("start_time") or tails.get("part") or words.time
    at = at or (tails["start"].time if explicit else None)
    rule = ";".join(words.parts + limits(tails) + (until_part(tails, anchor) if "until" in tails else []))
    if rule.startswith(("FREQ=HOURLY", "FREQ=MINUTELY")):
        return clock_repeat(rule, bang, anchor, at, explicit, context)
    first = first_date(rule, anchor)
    if first is None:
        raise NotADate("That repeat has no date from then on.")
    if "duration" in tails:
        try:
            rule += ";" + until_part(tails, first)[0]
        except (ValueError, OverflowError) as exc:  # "for 3 years" from 9998
            raise NotADate("That repeat runs past the end of the calendar.") from exc
    return Repeat(rule, bang, first, at, explicit)


def clock_repeat(rule: str, bang: bool, day: date, at: time | None, explicit: bool, context: Context) -> Repeat:
    """A repeat by the hour: it starts now, or at its time ("every 12 hours starting at 7pm"),
    or at its first moment from now on when that time has passed today."""
    if at is None:
        return Repeat(rule, bang, day, context.minute() if context.now is not None else None, explicit)
    if explicit or day != context.today or context.now is None or at >= context.minute():
        return Repeat(rule, bang, day, at, explicit)
    fields = rule_fields(rule)
    step = BY_THE_CLOCK[fields["FREQ"]] * int(fields.get("INTERVAL", 1))
    start, now = datetime.combine(day, at), datetime.combine(day, context.minute())
    try:
        moment = start - step * ((start - now) // step)  # the first step on or after now
    except OverflowError as exc:
        raise NotADate("That repeat has no time left from now on.") from exc
    if "UNTIL" in fields and moment.date() > until_date(fields["UNTIL"]):
        raise NotADate("That repeat has no time left from now on.")
    return Repeat(rule, bang, moment.date(), moment.time(), explicit)


def when_passed(repeat: Repeat, context: Context) -> Repeat:
    """A repeat whose first time today has passed starts at its next occurrence (not when its
    start was said, nor by the hour: those start as they are)."""
    if (
        repeat.starts_explicitly
        or repeat.time is None
        or repeat.first != context.today
        or repeat.time >= context.minute()
        or repeat.rule.startswith(tuple(f"FREQ={name}" for name in BY_THE_CLOCK))
    ):
        return repeat
    # Skipping a time that had passed before the task was made spends none of its COUNT.
    uncounted = ";".join(part for part in repeat.rule.split(";") if not part.startswith("COUNT="))
    found = next_moment(
        uncounted, due=repeat.first, at=repeat.time, today=repeat.first, now_time=None, from_completion=False, done=0
    )
    if found is None:
        raise NotADate("That repeat has no date from then on.")
    return Repeat(repeat.rule, repeat.from_completion, found[0], repeat.time, repeat.starts_explicitly)


class Reading:
    """The text as it is being read: `work` is the text with what is quoted, not meant as text
    (addresses, query strings) or already recognised masked out of the other patterns' reach."""

    def __init__(self, text: str, context: Context):
        self.text, self.context = text, context
        self.quoted = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
        self.work = list(text)
        for start, end in self.quoted:
            self.hide(start, end)
        for found in NOT_TEXT.finditer(text):
            self.hide(found.start(), found.end())
        self.taken: list[Span] = []
        self.result = QuickAdd(title="")
        self.explicit = False  # a date (or a repeat's start) was said, not only a time

    def masked(self) -> str:
        return "".join(self.work)

    def hide(self, start: int, end: int) -> None:
        self.work[start:end] = "\0" * (end - start)

    def claim(self, start: int, end: int, kind: str) -> None:
        self.hide(start, end)
        self.taken.append(Span(start, end, kind))

    def finish(self) -> QuickAdd:
        """The result, its spans in order and the rest of the text its title; a text that was only
        syntax is kept whole, unread."""
        spans = sorted(self.taken, key=lambda span: span.start)
        title = rest_of(self.text, spans, self.quoted)
        if spans and not title:
            kept = "Only a date, project, label or priority was typed: it stays the title, and none of it is read."
            return QuickAdd(
                title=rest_of(self.text, [], self.quoted), problems=[*self.result.problems, kept], kept_whole=True
            )
        self.result.spans, self.result.title = spans, title
        return self.result


def parse(text: str, *, now: datetime, projects: list[str] | tuple[str, ...] = (), date_order: str = "DMY") -> QuickAdd:
    """Read the fields out of `text`; what is not recognised stays the title. `now` is the
    person's (an aware datetime in their time zone); `date_order` reads 3/4 as 3 April ("DMY")
    or March 4 ("MDY") when both are dates."""
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order is one of {DATE_ORDERS}, not {date_order!r}")
    reading = Reading(text, Context(now.date(), now.time(), date_order))
    # Repeats first: they hold dates and times of their own ("every jan 27 at 9am").
    read_repeats(reading)
    read_project(reading, projects)
    read_labels(reading)
    read_priority(reading)
    read_date(reading)
    read_time(reading)
    read_unsupported(reading)
    return reading.finish()


def read_repeats(reading: Reading) -> None:
    """ "every ...", "every! ...", "daily", "after 3 days": the first that reads is the task's
    repeat, and sets its first date and time; one that names no date stays in the title, with
    the reason why."""
    result = reading.result
    for match in REPEAT_START.finditer(reading.masked()):
        if reading.work[match.start()] == "\0":
            continue
        try:
            found = read_repeat(reading.masked(), match, reading.context)
            if found is not None:
                found = found[0], when_passed(found[1], reading.context)
        except NotADate as exc:
            # Left in the title, and out of the other patterns' reach.
            result.problems.append(str(exc))
            reading.hide(match.start(), exc.end or match.end())
            continue
        if found is not None:
            end, repeat = found
            result.recurrence, result.from_completion = repeat.rule, repeat.from_completion
            result.due_date, result.due_time = repeat.first, repeat.time
            reading.explicit = repeat.starts_explicitly
            reading.claim(match.start(), end, "repeat")
            return


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
    """ "p1" to "p4", "!!1" to "!!4", "!high": the first one."""
    if match := PRIORITY.search(reading.masked()):
        word = match.group("word")
        reading.result.priority = PRIORITY_WORDS[word.lower()] if word else int(match.group("priority"))
        reading.claim(match.start(), match.end(), "priority")


def read_date(reading: Reading) -> None:
    """ "tomorrow", "next friday", "by monday": the first that is a date."""
    for match in ONE_OFF.finditer(reading.masked()):
        if reading.work[match.start()] != "\0" and take_date(reading, match):
            return


def take_date(reading: Reading, match: re.Match) -> bool:
    """Whether the date phrase `match` found became the task's date. Beside a repeat it is
    where the repeat starts: the due date is the repeat's first date on or after it."""
    result = reading.result
    try:
        when = read_when(match, reading.context, reading.masked())
    except NotADate as exc:
        result.problems.append(str(exc))
        reading.hide(match.start(), match.end())
        return False
    if when is None:
        return False
    day = when.day
    if result.recurrence is not None:
        day = first_date(result.recurrence, day)
        if day is None:
            result.problems.append("That repeat has no date from then on.")
            return False
    elif result.due_date is not None:
        return False
    result.due_date, reading.explicit = day, True
    at = when.time or (PARTS_OF_DAY[match.group("part").lower()] if match.group("part") else None)
    if at is not None and result.due_time is None:
        result.due_time = at
    reading.claim(match.start(), match.end(), "date")
    return True


def read_time(reading: Reading) -> None:
    """ "at 5pm", "17:30", "noon": a time with no date is today's, or tomorrow's when it has
    passed ("midnight" is always the coming one); a date said explicitly keeps its day."""
    result = reading.result
    if result.due_time is not None:
        return
    for match in TIME_TOKEN.finditer(reading.masked()):
        at = clock(match) or after_a_date(reading, match)
        if at is None:
            continue
        try:
            day = time_day(reading, at, coming=match.group("t_word") is not None and at == time(0))
        except (OverflowError, NotADate):  # no day left before the end of the calendar
            result.problems.append("That time has no day left in the calendar; it stays in the title.")
            return
        result.due_date, result.due_time = day, at
        reading.claim(match.start(), match.end(), "time")
        return


def after_a_date(reading: Reading, match: re.Match) -> time | None:
    """ "tomorrow 9.30": a time with a dot reads without "at" right after a date."""
    if match.group("t_sep") != "." or match.group("t_half"):
        return None
    before = len(reading.text[: match.start()].rstrip())
    if not any(span.kind == "date" and span.end == before for span in reading.taken):
        return None
    return time(int(match.group("t_h")), int(match.group("t_m")))


def time_day(reading: Reading, at: time, *, coming: bool) -> date:
    """The day a time read alone falls on (see read_time); a repeat's moves to its next date."""
    result, context = reading.result, reading.context
    passed = at < context.minute() or coming
    if result.due_date is None:
        return context.today + timedelta(days=1) if passed else context.today
    if result.recurrence is None or reading.explicit:
        return result.due_date
    repeat = Repeat(result.recurrence, result.from_completion, result.due_date, at)
    return when_passed(repeat, context).first


# Phrases Todoist reads that quick add leaves in the title, said so rather than read as something
# else; the last two only where nothing but syntax follows ("5 days of rain" is no date).
UNSUPPORTED = [
    (
        token(r"later\s+this\s+week|some\s?day|no\s+(?:due\s+)?date"),
        "quick add does not read “{}”; it stays in the title.",
    ),
    (
        token(r"(?:every|ev)!?\s+[0-9]{1,3}(?!\s*(?:st|nd|rd|th|:|[ap]m))"),
        "“{}” is not a repeat quick add reads (say “every 27th”, “every 3 days” or “every 2 hours”);"
        " it stays in the title.",
    ),
    (
        token(r"[0-9]{1,3}\s+(?:days|weeks|months|hours)"),
        "“{}” is not read as a date: say “in {}” for one; it stays in the title.",
    ),
]


def read_unsupported(reading: Reading) -> None:
    """Problems for what looks like a date or a repeat but is left in the title."""
    masked = reading.masked()
    for index, (pattern, message) in enumerate(UNSUPPORTED):
        for match in pattern.finditer(masked):
            if index < 2 or free_after(masked, match.end()):
                reading.result.problems.append(message.format(match.group(0), match.group(0)))


def rest_of(text: str, spans: list[Span], quoted: list[tuple[int, int]]) -> str:
    """The text without the recognised spans and without the quotes, spaces tidied."""
    keep = [True] * len(text)
    for span in spans:
        keep[span.start : span.end] = [False] * (span.end - span.start)
    for start, end in quoted:
        keep[start] = keep[end - 1] = False
    return re.sub(r"\s+", " ", "".join(char for char, kept in zip(text, keep, strict=True) if kept)).strip()


def parse_repeat(
    text: str, *, start: date, today: date, date_order: str = "DMY", now_time: time | None = None
) -> Repeat | None:
    """The edit form's Repeat field: "every 3rd friday", "every! 2 weeks", "daily", "" for none.
    `start` is the task's due date (or today): the first occurrence is on or after it.
    `now_time`, the person's time of day, is where a repeat by the hour starts."""
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order is one of {DATE_ORDERS}, not {date_order!r}")
    text = text.strip()
    if not text:
        return None
    if not REPEAT_START.match(text):
        text = f"every {text}"
    match = REPEAT_START.match(text)
    found = read_repeat(text, match, Context(today, now_time, date_order), first_day=start) if match else None
    if found is None or found[0] != len(text):
        raise NotADate(NOT_A_REPEAT.format(text))
    return found[1]


# Search: the same tokens narrow a search instead of setting a new task's fields.


@dataclass(frozen=True)
class DueRange:
    """The due dates a search asks for: from `first` to `last`, both included (None: open);
    `undated` for "no date", the tasks with none; `undone`: only tasks not completed ("overdue",
    as in Todoist: a completed task is overdue no more)."""

    first: date | None = None
    last: date | None = None
    undated: bool = False
    undone: bool = False


@dataclass(frozen=True)
class SearchTerms:
    """What `search_terms` read: the plain words, and the filters named in the text. `project`
    and `labels` are the values the caller gave for the names found."""

    words: str
    project: object | None = None
    labels: tuple = ()
    priority: int | None = None
    due: DueRange | None = None

    @property
    def filters(self) -> bool:
        return self.project is not None or bool(self.labels) or self.priority is not None or self.due is not None


# Words only a search reads: ranges, and the tasks with no date (quick add leaves these in the title).
SEARCH_RANGE = token(r"(?P<overdue>overdue)|(?P<undated>no\s+(?:due\s+)?date)|(?P<which>this|next)\s+week")


# Todoist's filters join terms with a lone "&" and may start with "search:"; here terms always
# narrow together, so both are dropped rather than searched for.
TODOIST_GLUE = re.compile(r"(?:^|(?<=\s))(?:&|search:)(?=\s|$)|^search:", re.IGNORECASE)


def search_terms(
    text: str,
    *,
    today: date,
    projects: Mapping[str, object] | None = None,
    labels: Mapping[str, object] | None = None,
    date_order: str = "DMY",
) -> SearchTerms:
    """Read a search: `#Project` (one of `projects`, by name ignoring case, `_` for a space),
    `@label` (one of `labels`), `p1`-`p4`, and a date word (quick add's dates, plus
    "overdue", "no date", "this week", "next week") narrow it; the rest, and a name that is
    none of the person's, are the words searched for. Reads as quick add does: quoted text and
    web addresses stay words."""
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order is one of {DATE_ORDERS}, not {date_order!r}")
    reading = Reading(text, Context(today, None, date_order))
    project = next(iter(search_names(reading, PROJECT, projects or {}, "project")), None)
    found_labels = tuple(search_names(reading, LABEL, labels or {}, "label"))
    priority = None
    if match := PRIORITY.search(reading.masked()):
        word = match.group("word")
        priority = PRIORITY_WORDS[word.lower()] if word else int(match.group("priority"))
        reading.claim(match.start(), match.end(), "priority")
    due = search_range(reading) or search_date(reading)
    words = rest_of(text, sorted(reading.taken, key=lambda span: span.start), reading.quoted)
    return SearchTerms(" ".join(TODOIST_GLUE.sub(" ", words).split()), project, found_labels, priority, due)


def search_names(reading: Reading, pattern: re.Pattern, known: Mapping[str, object], kind: str) -> list:
    """The values of the known names `pattern` finds, each once; an unknown name stays a word."""
    by_name = {name.casefold(): value for name, value in known.items()}
    found: list = []
    for match in pattern.finditer(reading.masked()):
        name = match.group("name").replace("_", " ").casefold()
        if name in by_name:
            reading.claim(match.start(), match.end(), kind)
            if by_name[name] not in found:
                found.append(by_name[name])
    return found


def search_range(reading: Reading) -> DueRange | None:
    """ "overdue" (before today), "no date", "this week" and "next week" (Monday to Sunday)."""
    match = SEARCH_RANGE.search(reading.masked())
    if match is None:
        return None
    reading.claim(match.start(), match.end(), "date")
    today = reading.context.today
    if match.group("overdue"):
        return DueRange(last=today - timedelta(days=1), undone=True)
    if match.group("undated"):
        return DueRange(undated=True)
    monday = today - timedelta(days=today.weekday())
    if match.group("which").lower() == "next":
        monday += timedelta(weeks=1)
    return DueRange(monday, monday + timedelta(days=6))


# Quick add's short forms of a day, which a search reads as words when they stand alone: a
# search for "tom" looks for Tom, "sat" for the word. Spelt out ("tomorrow", "saturday") or
# in a phrase ("next sat", "sat 9am", "due fri") they are dates.
SHORT_DAYS = frozenset(
    {"tod", "tom", "tmr", "tmrw", "tmw", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
)


def search_date(reading: Reading) -> DueRange | None:
    """The first of quick add's one-off dates ("today", "friday", "jan 27"): the tasks due that
    day. A phrase that names no day ("feb 30"), or a short form alone ("tom"), stays words."""
    for match in ONE_OFF.finditer(reading.masked()):
        if reading.work[match.start()] == "\0" or match.group().strip().casefold() in SHORT_DAYS:
            continue
        try:
            when = read_when(match, reading.context, reading.masked())
        except NotADate:
            continue
        if when is not None:
            reading.claim(match.start(), match.end(), "date")
            return DueRange(when.day, when.day)
    return None


def warm() -> None:
    """Read one phrase of each kind once, so that a process's first quick add is as quick as the
    next (the patterns are compiled on import; this touches dateutil's rules too)."""
    parse("warm up every 3rd friday at 9am starting tomorrow until dec 31 #x @y p1", now=datetime(2027, 1, 15, 10))
