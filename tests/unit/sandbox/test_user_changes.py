"""A NetSuite user's edits through the sandbox's record API (PATCH, DELETE), NetSuite's rules applied,
none of them counted as a request of our product."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from netsuite_sandbox import SandboxServer
from tests.support.netsuite_user import SandboxNetSuiteUser


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(seed="empty") as sandbox:  # never started: the user needs no socket
        yield sandbox


@pytest.fixture
def user(server: SandboxServer) -> SandboxNetSuiteUser:
    server.reset("empty")
    return SandboxNetSuiteUser(server)


def _amounts(user: SandboxNetSuiteUser, invoice_id: str) -> tuple[Decimal, Decimal]:
    (found,) = [i for i in user.invoices() if i.internal_id == invoice_id]
    return found.total, found.amount_remaining


def test_an_invoice_edited_by_patch_has_its_new_lines_and_total(user: SandboxNetSuiteUser) -> None:
    acme = user.add_customer("Acme")
    invoice = user.add_invoice(acme, "INV-1", amount=Decimal("100"))

    user.change_invoice_total(invoice, Decimal("120"))

    assert _amounts(user, invoice) == (Decimal("120.00"), Decimal("120.00"))
    assert sum(user.requests().values()) == 0


def test_an_invoice_cannot_fall_below_what_is_paid_on_it(user: SandboxNetSuiteUser) -> None:
    acme = user.add_customer("Acme")
    invoice = user.add_invoice(acme, "INV-1", amount=Decimal("100"))
    user.record_payment(acme, {invoice: Decimal("80")})

    with pytest.raises(ValueError, match="cannot be less than the amount already paid"):
        user.change_invoice_total(invoice, Decimal("50"))
    assert _amounts(user, invoice) == (Decimal("100.00"), Decimal("20.00"))


def test_a_deleted_invoice_is_gone_and_one_with_a_payment_cannot_be_deleted(
    user: SandboxNetSuiteUser,
) -> None:
    acme = user.add_customer("Acme")
    unpaid = user.add_invoice(acme, "INV-1", amount=Decimal("100"))
    paid = user.add_invoice(acme, "INV-2", amount=Decimal("100"))
    user.record_payment(acme, {paid: Decimal("10")})

    user.delete_invoice(unpaid)
    with pytest.raises(ValueError, match="dependent records"):
        user.delete_invoice(paid)

    assert [i.tran_id for i in user.invoices()] == ["INV-2"]


def test_a_payment_unapplied_by_patch_keeps_its_money_and_its_invoice_owes_again(
    user: SandboxNetSuiteUser,
) -> None:
    acme = user.add_customer("Acme")
    first = user.add_invoice(acme, "INV-1", amount=Decimal("100"))
    second = user.add_invoice(acme, "INV-2", amount=Decimal("50"))
    payment = user.record_payment(acme, {first: Decimal("100"), second: Decimal("50")})

    user.unapply_payment(payment, first)

    (paid,) = user.payments()
    assert paid.amount == Decimal("150.00")
    assert [(a.invoice_internal_id, a.amount) for a in paid.applications] == [(second, Decimal("50.00"))]
    assert _amounts(user, first) == (Decimal("100.00"), Decimal("100.00"))
    assert _amounts(user, second) == (Decimal("50.00"), Decimal("0.00"))


def test_the_control_endpoint_acts_as_the_user_too(user: SandboxNetSuiteUser, server: SandboxServer) -> None:
    acme = user.add_customer("Acme")
    invoice = user.add_invoice(acme, "INV-1", amount=Decimal("100"))

    status, body = server.handle_control(
        "POST", "/_sandbox/user", {"method": "DELETE", "path": f"record/v1/invoice/{invoice}"}
    )
    refused, error = server.handle_control(
        "POST", "/_sandbox/user", {"method": "DELETE", "path": f"record/v1/invoice/{invoice}"}
    )

    assert (status, body) == (204, {"location": None}) and user.invoices() == []
    assert refused == 404 and error["o:errorDetails"][0]["o:errorCode"] == "NONEXISTENT_ID"
