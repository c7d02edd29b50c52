"""The study day and `--now` parsing, independent of the machine's time zone.

Aware datetimes are converted to the local zone, so those tests pin TZ to POSIX rules (no tzdata
needed) and restore it afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizterm.scheduler.day import DEFAULT_DAY_START_HOUR, parse_now, study_day

NEW_YORK = "EST5EDT,M3.2.0,M11.1.0"  # US rules: DST from the 2nd Sunday of March to the 1st of November
TOKYO = "JST-9"

SetTz = Callable[[str], None]


@pytest.fixture
def local_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[SetTz]:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is not available on this platform")

    def set_tz(tz: str) -> None:
        monkeypatch.setenv("TZ", tz)
        time.tzset()

    yield set_tz
    monkeypatch.undo()
    time.tzset()


def test_default_start_hour_is_four() -> None:
    assert DEFAULT_DAY_START_HOUR == 4


@pytest.mark.parametrize(("moment", "day"), [
    (datetime(2026, 11, 26, 3, 59), date(2026, 11, 25)),
    (datetime(2026, 11, 26, 3, 59, 59, 999999), date(2026, 11, 25)),
    (datetime(2026, 11, 26, 4, 0), date(2026, 11, 26)),
    (datetime(2026, 11, 26, 0, 0), date(2026, 11, 25)),
    (datetime(2026, 11, 26, 1, 30), date(2026, 11, 25)),
    (datetime(2026, 11, 26, 23, 59), date(2026, 11, 26)),
    (datetime(2026, 1, 1, 3, 0), date(2025, 12, 31)),  # across a year
    (datetime(2028, 3, 1, 2, 0), date(2028, 2, 29)),  # back onto a leap day
])
def test_default_start_hour(moment: datetime, day: date) -> None:
    assert study_day(moment) == day


@pytest.mark.parametrize(("hour", "moment", "day"), [
    (0, datetime(2026, 11, 26, 0, 0), date(2026, 11, 26)),
    (0, datetime(2026, 11, 25, 23, 59), date(2026, 11, 25)),
    (6, datetime(2026, 11, 26, 5, 59), date(2026, 11, 25)),
    (6, datetime(2026, 11, 26, 6, 0), date(2026, 11, 26)),
    (23, datetime(2026, 11, 26, 22, 59), date(2026, 11, 25)),
    (23, datetime(2026, 11, 26, 23, 0), date(2026, 11, 26)),
])
def test_other_start_hours(hour: int, moment: datetime, day: date) -> None:
    assert study_day(moment, hour) == day


@pytest.mark.parametrize("hour", [-1, 24, 100])
def test_start_hour_out_of_range(hour: int) -> None:
    with pytest.raises(ValueError, match=r"0\.\.23"):
        study_day(datetime(2026, 11, 26, 12, 0), hour)


@settings(max_examples=200, deadline=None)
@given(st.dates(date(1990, 1, 1), date(2090, 1, 1)), st.integers(0, 23), st.integers(-1440, 1439))
def test_the_day_changes_exactly_at_the_start_hour(day: date, hour: int, minutes: int) -> None:
    start = datetime(day.year, day.month, day.day, hour)
    expected = day if minutes >= 0 else day - timedelta(days=1)
    assert study_day(start + timedelta(minutes=minutes), hour) == expected


@pytest.mark.parametrize(("tz", "moment", "day"), [
    # 08:59Z is 03:59 in New York (EST, -5): still the evening before
    (NEW_YORK, datetime(2026, 11, 26, 8, 59, tzinfo=UTC), date(2026, 11, 25)),
    (NEW_YORK, datetime(2026, 11, 26, 9, 0, tzinfo=UTC), date(2026, 11, 26)),
    # summer time (EDT, -4): the boundary moves to 08:00Z
    (NEW_YORK, datetime(2026, 7, 1, 7, 59, tzinfo=UTC), date(2026, 6, 30)),
    (NEW_YORK, datetime(2026, 7, 1, 8, 0, tzinfo=UTC), date(2026, 7, 1)),
    # the night clocks go forward (2026-03-08 02:00 EST -> 03:00 EDT): 04:00 EDT is 08:00Z
    (NEW_YORK, datetime(2026, 3, 8, 7, 59, tzinfo=UTC), date(2026, 3, 7)),
    (NEW_YORK, datetime(2026, 3, 8, 8, 0, tzinfo=UTC), date(2026, 3, 8)),
    # the night clocks go back (2026-11-01 02:00 EDT -> 01:00 EST): 04:00 EST is 09:00Z
    (NEW_YORK, datetime(2026, 11, 1, 8, 59, tzinfo=UTC), date(2026, 10, 31)),
    (NEW_YORK, datetime(2026, 11, 1, 9, 0, tzinfo=UTC), date(2026, 11, 1)),
    # Tokyo (+9): 18:59Z is 03:59 the next calendar day
    (TOKYO, datetime(2026, 11, 25, 18, 59, tzinfo=UTC), date(2026, 11, 25)),
    (TOKYO, datetime(2026, 11, 25, 19, 0, tzinfo=UTC), date(2026, 11, 26)),
    # an aware moment in another zone is converted first: 09:00+09:00 is 00:00Z, 19:00 EST the day before
    (NEW_YORK, datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=9))), date(2026, 11, 25)),
])
def test_aware_moments_use_the_local_zone(local_tz: SetTz, tz: str, moment: datetime, day: date) -> None:
    local_tz(tz)
    assert study_day(moment) == day


def test_naive_moments_are_local_wall_clock_whatever_the_zone(local_tz: SetTz) -> None:
    for tz in (NEW_YORK, TOKYO, "UTC0"):
        local_tz(tz)
        assert study_day(datetime(2026, 11, 26, 3, 59)) == date(2026, 11, 25)
        assert study_day(datetime(2026, 11, 26, 4, 0)) == date(2026, 11, 26)


def test_utc_and_local_equivalents_agree(local_tz: SetTz) -> None:
    local_tz(NEW_YORK)
    moment = datetime(2026, 11, 26, 8, 59, tzinfo=UTC)
    local = moment.astimezone()
    naive = local.replace(tzinfo=None)
    assert study_day(moment) == study_day(local) == study_day(naive) == date(2026, 11, 25)


@pytest.mark.parametrize("text", ["2026-11-26", "20261126", "2026-W48-4"])
def test_parse_now_bare_date_is_local_noon(local_tz: SetTz, text: str) -> None:
    local_tz(NEW_YORK)
    parsed = parse_now(text)
    assert parsed.tzinfo is not None
    assert parsed.utcoffset() == timedelta(hours=-5)
    assert parsed.replace(tzinfo=None) == datetime(2026, 11, 26, 12, 0)
    assert study_day(parsed) == date(2026, 11, 26)
    assert study_day(parsed, 23) == date(2026, 11, 25)  # noon is inside the day whatever the start hour
    assert study_day(parsed, 0) == date(2026, 11, 26)


def test_parse_now_date_time_is_local(local_tz: SetTz) -> None:
    local_tz(NEW_YORK)
    parsed = parse_now("2026-11-26T21:30")
    assert parsed.utcoffset() == timedelta(hours=-5)
    assert parsed.replace(tzinfo=None) == datetime(2026, 11, 26, 21, 30)
    assert study_day(parse_now("2026-11-26T03:59")) == date(2026, 11, 25)
    assert study_day(parse_now("2026-11-26 04:00")) == date(2026, 11, 26)
    summer = parse_now("2026-07-01T12:00")
    assert summer.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize("text", ["2026-11-26T21:30+00:00", "2026-11-26T21:30Z", "2026-11-27T03:30+06:00"])
def test_parse_now_offset_is_converted_to_local(local_tz: SetTz, text: str) -> None:
    local_tz(TOKYO)
    parsed = parse_now(text)
    assert parsed.utcoffset() == timedelta(hours=9)
    assert parsed.replace(tzinfo=None) == datetime(2026, 11, 27, 6, 30)
    assert study_day(parsed) == date(2026, 11, 27)


@pytest.mark.parametrize("text", ["yesterday", "", "2026-13-01", "2026-11-31", "2026-11-26T25:00",
                                  "26/11/2026", "2026-11-26 noon", " 2026-11-26x"])
def test_parse_now_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="--now") as info:
        parse_now(text)
    message = str(info.value)
    assert repr(text) in message
    assert "2026-11-26" in message  # shows an example of what works


@pytest.mark.parametrize("text", ["0001-01-01T00:00+05:00", "9999-12-31T23:59-05:00"])
def test_parse_now_out_of_range_is_a_value_error(local_tz: SetTz, text: str) -> None:
    local_tz("UTC0")
    with pytest.raises(ValueError, match="--now"):
        parse_now(text)
