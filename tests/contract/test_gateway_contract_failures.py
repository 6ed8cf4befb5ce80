"""The NetSuiteGateway port's run-level failures, as every implementation must raise them: wrong
credentials or a revoked token are NetSuiteAuthError on the first request, an outage or a storm of
429s that outlasts the retries is NetSuiteUnavailable, and nothing is written meanwhile.

Each test runs on the in-memory fake and on the REST gateway against the sandbox over loopback HTTP.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from application.errors import NetSuiteAuthError, NetSuiteUnavailable
from domain.integration import NetSuiteCredentials
from tests.contract.test_gateway_contract_writes import invoice_record, payment_record
from tests.support.netsuite_user import NetSuiteDouble

D = Decimal


def test_wrong_credentials_are_refused_on_the_first_request(netsuite: NetSuiteDouble) -> None:
    right = netsuite.user.credentials
    wrong_secret = NetSuiteCredentials(right.consumer_key, right.consumer_secret, right.token_id, "x" * 64)

    with pytest.raises(NetSuiteAuthError, match="the token ID and secret"):
        netsuite.gateway(credentials=wrong_secret).server_time()
    with pytest.raises(NetSuiteAuthError):
        netsuite.gateway(credentials=wrong_secret).upsert_invoices([invoice_record(1, "1")])
    assert netsuite.gateway().server_time() is not None


def test_another_account_id_is_refused_like_wrong_credentials(netsuite: NetSuiteDouble) -> None:
    if netsuite.name == "sandbox-oauth2":
        pytest.skip(
            "OAuth 2.0 names the account only by its host, and the test pins the sandbox's loopback "
            "address: another account id reaches the same sandbox (TBA's realm still tells them apart)"
        )
    with pytest.raises(NetSuiteAuthError):
        netsuite.gateway(account_id="7654321").customers_named(["Acme"])


def test_a_revoked_token_fails_every_request_until_it_is_restored(netsuite: NetSuiteDouble) -> None:
    gateway = netsuite.gateway()
    netsuite.user.refuse_credentials()

    with pytest.raises(NetSuiteAuthError):
        list(gateway.open_invoices())
    with pytest.raises(NetSuiteAuthError):
        gateway.remove_invoices(["invd-1-inv-1"])

    netsuite.user.refuse_credentials(False)
    assert list(gateway.open_invoices()) == []


def test_an_outage_is_unavailable_and_writes_nothing(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    gateway = netsuite.gateway()
    gateway.currencies()
    netsuite.user.go_down()

    with pytest.raises(NetSuiteUnavailable):
        gateway.server_time()
    with pytest.raises(NetSuiteUnavailable):  # as many records failing in a row as the limit: down
        gateway.upsert_invoices([invoice_record(n, customer) for n in range(1, 6)])

    netsuite.user.go_down(False)
    assert netsuite.user.invoices() == []
    assert gateway.upsert_invoices([invoice_record(1, customer)])[0].succeeded


def test_an_outage_in_the_middle_of_a_batch_stops_it_keeping_what_arrived(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    gateway = netsuite.gateway(concurrency_limit=1)  # one at a time, so "in the middle" is the second
    gateway.currencies()
    netsuite.user.go_down(after_requests=1)

    with pytest.raises(NetSuiteUnavailable) as raised:
        gateway.upsert_invoices([invoice_record(n, customer) for n in range(1, 4)])

    netsuite.user.go_down(False)
    (written,) = netsuite.user.invoices()
    assert written.external_id == "invd-1-inv-1"
    # What the failure carries as written is in NetSuite (the REST gateway cannot confirm a write
    # while NetSuite is down, so it may carry less: the next run looks those up).
    assert {o.external_id for o in raised.value.arrived if o.succeeded} <= {"invd-1-inv-1"}


def test_a_refusal_of_one_delete_is_that_records_problem(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = netsuite.gateway().upsert_invoices([invoice_record(1, customer)])[0].internal_id or ""
    netsuite.gateway().upsert_payments([payment_record(1, customer, "10.00", (invoice, "10.00"))])
    netsuite.user.reject("invd-1-pay-1", "The accounting period is closed.")

    (refused,) = netsuite.gateway().remove_payments(["invd-1-pay-1"])

    assert refused.problem is not None and refused.problem.message == "The accounting period is closed."
    assert len(netsuite.user.payments()) == 1


def test_while_netsuite_is_down_fewer_records_than_the_limit_are_each_their_own_problem(
    netsuite: NetSuiteDouble,
) -> None:
    """An outage is told from a few bad records only by as many failing in a row as the limit."""
    customer = netsuite.user.add_customer("Hooli")
    gateway = netsuite.gateway()
    gateway.currencies()
    netsuite.user.go_down()

    outcomes = gateway.upsert_invoices([invoice_record(n, customer) for n in range(1, 3)])
    removals = gateway.remove_payments(["invd-1-pay-1"])

    assert [o.succeeded for o in outcomes] == [False, False]
    assert all(o.problem is not None and "next sync will try again" in o.problem.message for o in outcomes)
    assert not removals[0].succeeded
    netsuite.user.go_down(False)
    assert netsuite.user.invoices() == []


def test_a_storm_of_429s_that_outlasts_the_retries_is_unavailable(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    gateway = netsuite.gateway()
    gateway.currencies()
    netsuite.user.throttle()

    with pytest.raises(NetSuiteUnavailable):
        list(gateway.open_invoices())
    with pytest.raises(NetSuiteUnavailable):
        gateway.upsert_invoices([invoice_record(n, customer) for n in range(1, 6)])

    netsuite.user.throttle(False)
    assert netsuite.user.invoices() == []
    assert list(gateway.open_invoices()) == []
