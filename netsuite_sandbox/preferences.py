"""The integration user's preferences that shape SuiteQL's answers, and the account's clock.

NetSuite keeps datetimes as instants and shows them to a user in the Time Zone preference; SuiteQL
does the same for its session (evidence: shared/reference/netsuite-oauth2-timezones-batch.md,
topic 2). The sandbox stores UTC and, inside a query, works on the user's wall clock: datetime
columns, CURRENT_TIMESTAMP, CURRENT_DATE and SYSDATE read in the user's zone (with daylight saving
time), TO_TIMESTAMP / TO_DATE literals are read as wall-clock times there, and dates not wrapped in
TO_CHAR are printed in the Date Format preference. REST record JSON and serverTime stay UTC.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The recorded account's user: US Pacific, dates as 5/27/2025.
DEFAULT_TIME_ZONE = "America/Los_Angeles"
DEFAULT_DATE_FORMAT = "M/D/YYYY"

# The Date Format choices of Home › Set Preferences.
DATE_FORMATS = (
    "M/D/YYYY",
    "MM/DD/YYYY",
    "D/M/YYYY",
    "DD/MM/YYYY",
    "D.M.YYYY",
    "DD.MM.YYYY",
    "D-Mon-YYYY",
    "DD-Mon-YYYY",
    "D-MONTH-YYYY",
    "DD-MONTH-YYYY",
    "D MONTH, YYYY",
    "DD MONTH, YYYY",
    "YYYY/M/D",
    "YYYY/MM/DD",
    "YYYY-M-D",
    "YYYY-MM-DD",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_PARTS = re.compile(r"YYYY|MONTH|Mon|MM|M|DD|D|.")
WALL_CLOCK = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class UserPreferences:
    """Time Zone (an IANA name) and Date Format of the user the integration signs in as."""

    time_zone: str = DEFAULT_TIME_ZONE
    date_format: str = DEFAULT_DATE_FORMAT

    def __post_init__(self) -> None:
        if self.date_format not in DATE_FORMATS:
            raise ValueError(
                f"unknown date format {self.date_format!r}; use one of {', '.join(DATE_FORMATS)}"
            )
        try:
            _zone(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {self.time_zone!r}; use an IANA name such as America/Los_Angeles"
            ) from None

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.time_zone)

    def wall_clock(self, stored_utc: str) -> str:
        """A stored UTC 'YYYY-MM-DD HH:MM:SS' as the user's wall-clock time, in the same form."""
        return _wall_clock(self.time_zone, stored_utc)

    def now_on_wall_clock(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime(WALL_CLOCK)

    def show_date(self, day: date) -> str:
        """A calendar date in the Date Format preference ('5/27/2025', '27.05.2025', …)."""
        out = []
        for part in _PARTS.findall(self.date_format):
            out.append(_show_part(part, day))
        return "".join(out)

    def read_date(self, text: str) -> date:
        """A date typed in the Date Format preference; ValueError when it is not one."""
        pattern = "".join(_read_part(part) for part in _PARTS.findall(self.date_format))
        match = re.fullmatch(pattern, text.strip(), re.IGNORECASE)
        if match is None:
            raise ValueError(f"{text!r} is not a date in the format {self.date_format}")
        fields = match.groupdict()
        month = fields.get("month")
        if month is None:
            name = (fields.get("month_name") or "").lower()
            month = next(
                str(n) for n, full in enumerate(_MONTHS, start=1) if full.lower().startswith(name[:3])
            )
        return date(int(fields["year"]), int(month), int(fields["day"]))


def _show_part(part: str, day: date) -> str:
    if part == "YYYY":
        return f"{day.year:04d}"
    if part == "MONTH":
        return _MONTHS[day.month - 1]
    if part == "Mon":
        return _MONTHS[day.month - 1][:3]
    if part == "MM":
        return f"{day.month:02d}"
    if part == "M":
        return str(day.month)
    if part == "DD":
        return f"{day.day:02d}"
    if part == "D":
        return str(day.day)
    return part


def _read_part(part: str) -> str:
    if part == "YYYY":
        return r"(?P<year>\d{4})"
    if part in ("MONTH", "Mon"):
        return r"(?P<month_name>[A-Za-z]+)"
    if part in ("MM", "M"):
        return r"(?P<month>\d{1,2})"
    if part in ("DD", "D"):
        return r"(?P<day>\d{1,2})"
    return re.escape(part)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=65536)
def _wall_clock(zone_name: str, stored_utc: str) -> str:
    moment = datetime.strptime(stored_utc, WALL_CLOCK).replace(tzinfo=UTC)
    return moment.astimezone(_zone(zone_name)).strftime(WALL_CLOCK)


class AccountClock:
    """The account's 'now': the real clock, or a time a test pins and moves (serverTime, record
    timestamps and SuiteQL's CURRENT_TIMESTAMP all read it; token timestamps do not)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pinned: datetime | None = None

    def now(self) -> datetime:
        with self._lock:
            pinned = self._pinned
        if pinned is not None:
            return pinned
        return datetime.now(UTC).replace(microsecond=0)

    def pin(self, moment: datetime | None) -> None:
        """Stop the clock at `moment` (timezone-aware), or let it run again with None."""
        if moment is not None and moment.tzinfo is None:
            raise ValueError("pin the account's clock to a timezone-aware time")
        with self._lock:
            self._pinned = None if moment is None else moment.astimezone(UTC).replace(microsecond=0)

    def advance(self, delta: timedelta) -> datetime:
        """Move a pinned clock on (pins it at now + delta if it was running)."""
        self.pin(self.now() + delta)
        return self.now()

    @property
    def pinned(self) -> bool:
        return self._pinned is not None
