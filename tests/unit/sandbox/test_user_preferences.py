"""SuiteQL answers in the integration user's Time Zone and Date Format; REST and serverTime stay UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from netsuite_sandbox.preferences import DATE_FORMATS, UserPreferences
from netsuite_sandbox.seeds import apply_seed
from netsuite_sandbox.store import Store
from netsuite_sandbox.suiteql import run_query

NOW = "TO_CHAR(CURRENT_TIMESTAMP, 'YYYY-MM-DD HH24:MI:SS')"


def store_at(
    moment: datetime, time_zone: str = "America/Los_Angeles", date_format: str = "M/D/YYYY"
) -> Store:
    store = Store()
    store.preferences = UserPreferences(time_zone, date_format)
    store.clock.pin(moment)
    apply_seed(store, "demo")
    return store


def one(store: Store, query: str) -> dict[str, str]:
    items = run_query(store, query, [], 1, 0).items
    assert items, query
    return items[0]


@pytest.mark.parametrize(
    ("moment", "wall"),
    [
        (datetime(2026, 3, 8, 9, 59, 59, tzinfo=UTC), "2026-03-08 01:59:59"),  # PST, just before
        (datetime(2026, 3, 8, 10, 0, 0, tzinfo=UTC), "2026-03-08 03:00:00"),  # PDT: 2 am never was
        (datetime(2026, 11, 1, 8, 30, 0, tzinfo=UTC), "2026-11-01 01:30:00"),  # 1:30 PDT
        (datetime(2026, 11, 1, 9, 30, 0, tzinfo=UTC), "2026-11-01 01:30:00"),  # 1:30 PST, again
    ],
)
def test_current_timestamp_reads_on_the_users_clock_with_daylight_saving_time(
    moment: datetime, wall: str
) -> None:
    assert one(store_at(moment), f"SELECT {NOW} AS now FROM DUAL") == {"links": [], "now": wall}


def test_datetime_columns_and_literals_are_on_the_users_clock() -> None:
    store = store_at(datetime(2026, 12, 3, 7, 30, tzinfo=UTC))  # 11:30 pm Pacific on the 2nd
    row = one(
        store,
        "SELECT TO_CHAR(c.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS m, c.lastmodifieddate AS raw "
        "FROM customer c WHERE c.lastmodifieddate >= TO_TIMESTAMP('2026-12-02 23:30:00', "
        "'YYYY-MM-DD HH24:MI:SS') AND c.lastmodifieddate < TO_DATE('2026-12-03', 'YYYY-MM-DD')",
    )
    assert row == {"links": [], "m": "2026-12-02 23:30:00", "raw": "12/2/2026"}


def test_calendar_dates_are_not_moved_by_the_time_zone() -> None:
    store = store_at(datetime(2026, 12, 3, 7, 30, tzinfo=UTC), "Pacific/Kiritimati")  # UTC+14
    row = one(
        store,
        "SELECT t.trandate, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS d FROM transaction t "
        "WHERE t.trandate = TO_DATE('2026-10-24', 'YYYY-MM-DD')",
    )
    assert row == {"links": [], "trandate": "10/24/2026", "d": "2026-10-24"}


def test_current_date_is_the_users_day() -> None:
    # 3:00 UTC on the 3rd is still the 2nd in Honolulu and already the 3rd in Tokyo.
    moment = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
    honolulu = one(store_at(moment, "Pacific/Honolulu"), "SELECT CURRENT_DATE AS d FROM DUAL")
    tokyo = one(store_at(moment, "Asia/Tokyo", "YYYY-MM-DD"), "SELECT CURRENT_DATE AS d FROM DUAL")
    assert (honolulu["d"], tokyo["d"]) == ("12/2/2026", "2026-12-03")


@pytest.mark.parametrize("date_format", DATE_FORMATS)
def test_every_date_format_prints_and_reads_back(date_format: str) -> None:
    preferences = UserPreferences("UTC", date_format)
    for day in (date(2026, 1, 5), date(2026, 12, 31)):
        assert preferences.read_date(preferences.show_date(day)) == day


def test_literals_without_a_format_are_read_in_the_users_date_format() -> None:
    store = store_at(datetime(2026, 12, 3, 12, 0, tzinfo=UTC), "Europe/Berlin", "DD.MM.YYYY")
    row = one(store, "SELECT TO_CHAR(TO_DATE('24.10.2026'), 'YYYY-MM-DD') AS d FROM DUAL")
    assert row["d"] == "2026-10-24"


def test_unknown_preferences_are_refused_with_what_to_use() -> None:
    with pytest.raises(ValueError, match="IANA name"):
        UserPreferences("Pacific Standard Time")
    with pytest.raises(ValueError, match="M/D/YYYY"):
        UserPreferences(date_format="mm/dd/yy")
