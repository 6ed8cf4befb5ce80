"""Every recorded NetSuite answer (tests/fixtures/netsuite-recordings.json, real traffic from one
production account) is accepted by the gateway's parsing for its kind: SuiteQL pages, 204 writes
with a Location, and errors with their code and message. Each answer is replayed over loopback HTTP
through the gateway's own transport."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from adapters.netsuite.auth import token_based_auth
from adapters.netsuite.limiter import LocalConcurrencyLimiter
from adapters.netsuite.problems import BOILERPLATE_PREFIX
from adapters.netsuite.suiteql import SuiteQL
from adapters.netsuite.transport import NetSuiteTransport, RetryPolicy
from adapters.netsuite.upserts import internal_id_from_location
from application.errors import NetSuiteRejected
from domain.integration import NetSuiteCredentials
from tests.unit.netsuite.fake_netsuite import FakeNetSuite, Reply

RECORDINGS = Path(__file__).resolve().parents[1] / "fixtures" / "netsuite-recordings.json"
# Fractions as Decimals: the gateway refuses to send floats.
INTERACTIONS: list[dict[str, Any]] = json.loads(RECORDINGS.read_text(), parse_float=Decimal)["interactions"]


def _kind(interaction: dict[str, Any]) -> str:
    if interaction["status"] >= 400:
        return "error"
    if "/query/v1/suiteql" in interaction["url"]:
        return "suiteql"
    return "write"


@pytest.fixture(scope="module")
def recorded_netsuite() -> Iterator[FakeNetSuite]:
    fake = FakeNetSuite().start()
    yield fake
    fake.stop()


@pytest.fixture
def transport(recorded_netsuite: FakeNetSuite) -> NetSuiteTransport:
    return NetSuiteTransport(
        base_url=recorded_netsuite.url,
        auth=token_based_auth("2945321", NetSuiteCredentials("ck", "cs", "ti", "ts")),
        session=requests.Session(),
        limiter=LocalConcurrencyLimiter(1),
        retry=RetryPolicy(attempts=1),
        timeout=5,
    )


def _replay(fake: FakeNetSuite, interaction: dict[str, Any]) -> None:
    body = interaction["response_json"]
    fake.reply(
        Reply(interaction["status"], body if body is not None else b"", interaction["response_headers"])
    )


def _request_of(interaction: dict[str, Any]) -> tuple[str, dict[str, str]]:
    url = urlsplit(interaction["url"])
    return url.path, dict(parse_qsl(url.query))


def test_the_recordings_cover_every_kind() -> None:
    kinds = [_kind(interaction) for interaction in INTERACTIONS]
    assert (kinds.count("suiteql"), kinds.count("write"), kinds.count("error")) == (50, 19, 5)


@pytest.mark.parametrize(
    "interaction",
    [interaction for interaction in INTERACTIONS if _kind(interaction) == "suiteql"],
    ids=lambda interaction: interaction["test"],
)
def test_a_recorded_suiteql_page_is_read(
    interaction: dict[str, Any], recorded_netsuite: FakeNetSuite, transport: NetSuiteTransport
) -> None:
    _replay(recorded_netsuite, interaction)
    recorded = interaction["response_json"]

    result = SuiteQL(transport).page(interaction["request_json"]["q"], name=interaction["test"])

    assert len(result.rows) == recorded["count"]
    assert result.has_more is recorded["hasMore"]
    for row, item in zip(result.rows, recorded["items"], strict=True):
        columns = {key: value for key, value in item.items() if key != "links"}
        assert row.as_dict() == columns
        assert all(row.text(column) == value for column, value in columns.items())


@pytest.mark.parametrize(
    "interaction",
    [interaction for interaction in INTERACTIONS if _kind(interaction) == "write"],
    ids=lambda interaction: f"{interaction['test']}-{interaction['method']}",
)
def test_a_recorded_write_gives_the_records_internal_id(
    interaction: dict[str, Any], recorded_netsuite: FakeNetSuite, transport: NetSuiteTransport
) -> None:
    _replay(recorded_netsuite, interaction)
    path, params = _request_of(interaction)

    answer = transport.send(interaction["method"], path, params=params, body=interaction["request_json"])

    expected = interaction["response_headers"]["Location"].rsplit("/", 1)[1]
    assert answer.status == 204
    assert internal_id_from_location(answer) == expected


@pytest.mark.parametrize(
    "interaction",
    [interaction for interaction in INTERACTIONS if _kind(interaction) == "error"],
    ids=lambda interaction: interaction["test"],
)
def test_a_recorded_error_is_a_rejection_with_netsuites_code_and_words(
    interaction: dict[str, Any], recorded_netsuite: FakeNetSuite, transport: NetSuiteTransport
) -> None:
    _replay(recorded_netsuite, interaction)
    path, params = _request_of(interaction)
    (detail,) = interaction["response_json"]["o:errorDetails"]

    with pytest.raises(NetSuiteRejected) as raised:
        transport.send(interaction["method"], path, params=params, body=interaction["request_json"])

    assert raised.value.code == detail["o:errorCode"]
    assert raised.value.status == interaction["status"]
    assert str(raised.value) == detail["detail"].removeprefix(BOILERPLATE_PREFIX)
    assert not str(raised.value).startswith("Error while accessing")
