"""Dates as other tools write them, read into a day and (when there is one) a moment with its offset.

Front matter gives YAML or TOML dates and datetimes; tools give text: RFC 3339 and its space-separated cousin
(Joplin's ``2024-03-14 08:30:00Z``), Notion's ``March 14, 2024 8:30 AM (GMT+1)`` and its other date styles, epoch
numbers. A datetime without an offset is taken as UTC, as in Trailbook's JSON (docs/json-format.md), unless the caller
says the tool writes local time (jrnl). Anything else is ``None``: the caller falls back to its next rule and says so.
"""

from __future__ import annotations

import datetime as dt
import re

from journal.dates import MIN_YEAR

_OFFSET_RE = re.compile(r"\s*\(?(?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\)?\s*$", re.IGNORECASE)
_SLASHED_RE = re.compile(r"^(\d{1,4})/(\d{1,2})/(\d{1,4})(?:[ T,]+(.+))?$")
_TEXT_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y")
_TIME_FORMATS = ("%I:%M %p", "%I:%M:%S %p", "%H:%M", "%H:%M:%S", "%I:%M%p", "%I %p")


def _in_range(moment: dt.datetime) -> bool:
    try:
        return MIN_YEAR <= moment.astimezone(dt.UTC).year <= 9999
    except (OverflowError, ValueError):
        return False


def _time(text: str) -> dt.time | None:
    text = text.strip()
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(text.upper(), fmt).time()
        except ValueError:
            continue
    return None


def _finish(day: dt.date, clock: dt.time | None, zone: dt.tzinfo | None) -> tuple[dt.date, dt.datetime | None] | None:
    if day.year < MIN_YEAR:
        return None
    if clock is None:
        return day, None
    moment = dt.datetime.combine(day, clock, tzinfo=zone or dt.UTC)
    return (day, moment) if _in_range(moment) else None


def parse_when(value: object, *, local: bool = False) -> tuple[dt.date, dt.datetime | None] | None:
    """``(day, moment or None)`` for a date a tool wrote, or ``None`` when it is not one. ``local``: a datetime
    without an offset is the computer's local time (jrnl), not UTC."""
    naive_zone = None
    if local:
        naive_zone = dt.datetime.now().astimezone().tzinfo
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=naive_zone or dt.UTC)
        if local and value.tzinfo is None:
            moment = value.astimezone()  # the local offset of that moment (summer time included)
        return (moment.date(), moment) if _in_range(moment) and moment.year >= MIN_YEAR else None
    if isinstance(value, dt.date):
        return (value, None) if value.year >= MIN_YEAR else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) > 1e11 else value  # milliseconds (Joplin, JavaScript) or seconds
        try:
            moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return (moment.date(), moment) if _in_range(moment) else None
    if not isinstance(value, str):
        return None
    text = value.strip().split(" → ")[0].strip()  # a Notion date range: its start
    if not text or len(text) > 60:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        pass
    else:
        if moment.tzinfo is None and local:
            moment = moment.astimezone()
        elif moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        if len(text) == 10:  # a date alone: no moment
            return (moment.date(), None) if moment.year >= MIN_YEAR else None
        return (moment.date(), moment) if _in_range(moment) else None
    zone: dt.tzinfo | None = naive_zone
    offset = _OFFSET_RE.search(text)
    if offset and offset.group(0).strip():
        sign, hours, minutes = offset.groups()
        delta = dt.timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
        zone = dt.timezone(-delta if sign == "-" else delta) if hours else dt.UTC
        text = text[: offset.start()].strip()
    slashed = _SLASHED_RE.match(text)
    if slashed:
        a, b, c, rest = slashed.groups()
        try:
            if len(a) == 4:
                day = dt.date(int(a), int(b), int(c))
            elif int(a) > 12:  # 14/03/2024: day first
                day = dt.date(int(c), int(b), int(a))
            else:  # 03/14/2024 (Notion's Month/Day/Year); 03/04/2024 is taken the same way
                day = dt.date(int(c), int(a), int(b))
        except ValueError:
            return None
        clock = _time(rest) if rest else None
        if rest and clock is None:
            return None
        return _finish(day, clock, zone)
    for fmt in _TEXT_FORMATS:
        head, clock_text = text, ""
        match = re.match(r"^(.*?\d{4})(?:[ ,]+(.+))?$", text)
        if match:
            head, clock_text = match.group(1), match.group(2) or ""
        try:
            day = dt.datetime.strptime(head, fmt).date()
        except ValueError:
            continue
        clock = _time(clock_text) if clock_text else None
        if clock_text and clock is None:
            return None
        return _finish(day, clock, zone)
    return None
