"""Parsing and formatting of the days and timestamps a person types or a file carries."""

from __future__ import annotations

import datetime as dt

from journal.errors import InvalidInput, shown

MIN_YEAR, MAX_YEAR = 1000, 9999  # what every stored timestamp can hold


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today in the person's local time zone: a journal day is the day on their calendar."""
    return dt.datetime.now().astimezone().date()


def parse_day(text: str, *, what: str = "date") -> dt.date:
    """A ``YYYY-MM-DD`` day, or ``today`` / ``yesterday``; anything else is an ``InvalidInput`` naming the value."""
    value = text.strip().lower()
    if value == "today":
        return today()
    if value == "yesterday":
        return today() - dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"bad {what} {text!r}: use YYYY-MM-DD, e.g. 2025-03-14") from None


def parse_timestamp(value: object, *, what: str = "timestamp") -> dt.datetime:
    """An RFC 3339 timestamp; one without a UTC offset is taken as UTC."""
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, str):
        try:
            stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput(f"bad {what} {shown(value)}: use RFC 3339, e.g. 2025-03-14T09:30:00+00:00") from None
    else:
        raise InvalidInput(f"bad {what} {shown(value)}: expected an RFC 3339 string")
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    # Stored as fixed-width UTC text: a year outside 1000-9999 (e.g. Go's zero time 0001-01-01) cannot be stored in
    # that form, so it is refused here rather than written and left unreadable.
    try:
        year = stamp.astimezone(dt.UTC).year
    except OverflowError:
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(f"bad {what} {shown(value)}: the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return stamp


def format_timestamp(stamp: dt.datetime) -> str:
    """RFC 3339 in UTC with microseconds, the form every export uses (stable, so exports compare equal)."""
    return stamp.astimezone(dt.UTC).isoformat(timespec="microseconds")


def next_time_of_day(hhmm: str, now: dt.datetime) -> dt.datetime:
    """The next moment after ``now`` (local wall-clock time, naive) when a clock shows ``hhmm`` ("HH:MM"): today if
    that time is still ahead, else tomorrow."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment if moment > now else moment + dt.timedelta(days=1)
