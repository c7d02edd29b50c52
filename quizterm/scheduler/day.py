"""The study day: the user's local calendar day, starting at a configurable hour.

With the default start hour 4, a session at 01:30 still counts for the evening before, as in Anki.
The moment is always passed in (the CLI's `--now`); nothing here reads the clock.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

DEFAULT_DAY_START_HOUR = 4


def study_day(moment: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The study day `moment` belongs to, in the local time zone of `moment`.

    A naive `moment` is taken as local wall-clock time; an aware one is converted to the machine's
    local zone first, so a UTC timestamp and its local equivalent fall on the same day.
    """
    if not 0 <= day_start_hour <= 23:
        raise ValueError(f"the day start hour is 0..23, not {day_start_hour}")
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return (local - timedelta(hours=day_start_hour)).date()


def parse_now(text: str) -> datetime:
    """Parse the `--now` option: an ISO date or date-time, local time unless it names an offset.

    A bare date means noon of that day, safely inside the study day whatever the start hour.
    Raises ValueError with a message fit for the user.
    """
    try:
        day = date.fromisoformat(text)  # any ISO date form, also 20261126 and 2026-W48-4
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"--now {text!r} is not an ISO date or time; write e.g. 2026-11-26 or 2026-11-26T21:30"
            ) from None
    else:
        parsed = datetime.combine(day, time(12))
    try:
        return parsed.astimezone()  # naive -> local, aware -> converted
    except (ValueError, OverflowError):
        raise ValueError(f"--now {text!r} is outside the dates quizterm can handle") from None
