"""Over HTTP: the user's preferences shape SuiteQL only; serverTime and record JSON stay UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from netsuite_sandbox import SandboxServer
from tests.integration.sandbox.test_suiteql_http import suiteql

pytestmark = [pytest.mark.integration, pytest.mark.sandbox_seed("demo")]


def test_a_pacific_user_sees_suiteql_in_pacific_time_and_everything_else_in_utc(
    netsuite_sandbox: SandboxServer, sandbox_client: requests.Session
) -> None:
    netsuite_sandbox.clock.pin(datetime(2026, 7, 1, 6, 30, tzinfo=UTC))  # 11:30 pm PDT on June 30
    base = netsuite_sandbox.base_url
    customer = requests.post(
        f"{base}/_sandbox/seed", json={"customers": [{"companyName": "Late Night Co", "subsidiary": "1"}]}
    ).json()["created"]["customers"][0]

    server_time = sandbox_client.get(f"{base}/services/rest/system/v1/serverTime").json()
    record = sandbox_client.get(f"{base}/services/rest/record/v1/customer/{customer}").json()
    row = suiteql(
        sandbox_client,
        netsuite_sandbox,
        "SELECT TO_CHAR(c.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS m, c.lastmodifieddate AS d, "
        f"TO_CHAR(CURRENT_TIMESTAMP, 'YYYY-MM-DD HH24:MI:SS') AS now FROM customer c WHERE c.id = {customer}",
    ).json()["items"][0]

    assert server_time == {"serverTime": "2026-07-01T06:30:00.000Z"}
    assert record["lastModifiedDate"] == "2026-07-01T06:30:00Z"
    assert (row["m"], row["d"], row["now"]) == ("2026-06-30 23:30:00", "6/30/2026", "2026-06-30 23:30:00")


def test_the_controls_set_the_users_preferences_and_the_accounts_clock(
    netsuite_sandbox: SandboxServer,
) -> None:
    base = netsuite_sandbox.base_url
    chosen = requests.put(
        f"{base}/_sandbox/preferences", json={"user_timezone": "Asia/Kolkata", "date_format": "DD/MM/YYYY"}
    ).json()
    pinned = requests.put(f"{base}/_sandbox/clock", json={"at": "2026-01-31T20:00:00Z"}).json()
    moved = requests.put(f"{base}/_sandbox/clock", json={"advance_seconds": 3600}).json()

    assert chosen == {"user_timezone": "Asia/Kolkata", "date_format": "DD/MM/YYYY"}
    assert pinned == {"now": "2026-01-31T20:00:00Z", "pinned": True}
    assert moved["now"] == "2026-01-31T21:00:00Z"
    assert netsuite_sandbox.preferences.time_zone == "Asia/Kolkata"
    refused = requests.put(f"{base}/_sandbox/preferences", json={"user_timezone": "Mars/Olympus"})
    assert refused.status_code == 400 and "IANA" in refused.json()["error"]

    netsuite_sandbox.restore_defaults()
    assert netsuite_sandbox.preferences.time_zone == "America/Los_Angeles"
    assert abs(netsuite_sandbox.clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
