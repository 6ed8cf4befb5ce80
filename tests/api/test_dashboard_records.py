"""Each record's own page: its fields, its NetSuite record with a link into NetSuite's UI, when it was
last synced and by which run, its sync error with Retry and Ignore; the lists' rows open it; a payment's
page voids it after a confirmation."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from adapters.memory import InMemoryJobQueue
from adapters.memory.gateway import InMemoryNetSuite
from application.ledger import ApplicationInput, LineInput, NewCompany
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from tests.api.test_dashboard_netsuite import (  # noqa: F401 (fixtures)
    EVERYTHING_GOT_THERE,
    Dashboard,
    connected,
    dashboard,
)


def _sync_now(session: Dashboard) -> int:
    page = session.submit(
        "/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now"
    ).text
    return int(re.search(r"Sync #(\d+) started", page).group(1))


def _invoice(container: Any, company: NewCompany) -> Any:
    ledger = container.ledger()
    customer = ledger.create_customer(company.company.id, "Wayne Enterprises", email="ap@wayne.test")
    return ledger.create_invoice(
        company.company.id, customer.id, [LineInput("Consulting", Decimal(3), Decimal("100.10"))]
    )


def test_an_invoice_s_page_shows_its_netsuite_record_and_the_run_that_synced_it(
    connected: Dashboard,  # noqa: F811
    run_jobs_at_once: InMemoryJobQueue,
    container: Any,
    company: NewCompany,
) -> None:
    invoice = _invoice(container, company)
    run_id = _sync_now(connected)
    listed = connected.get("/dashboard/invoices")
    assert f'<a href="/dashboard/invoices/{invoice.id}">{invoice.number}</a>' in listed  # the row opens it

    page = connected.get(f"/dashboard/invoices/{invoice.id}")

    status = container.sync_history().record_status(company.company.id, RecordKind.INVOICE, invoice.id)
    assert f"Invoice {invoice.number}" in page and "Consulting" in page
    assert "300.30 USD" in page
    assert (
        f'href="https://1234567.app.netsuite.com/app/accounting/transactions/custinvc.nl?id={status.netsuite_id}"'
        in page
    )
    assert f"Internal id {status.netsuite_id}" in page
    assert re.search(rf'by <a href="/dashboard/syncs/{run_id}">accounting sync #{run_id}</a>', page)
    assert "Sync error" not in page
    assert f'href="/dashboard/customers/{invoice.customer_id}"' in page


def test_a_record_s_sync_error_is_on_its_page_with_retry_and_ignore(
    connected: Dashboard,  # noqa: F811
    run_jobs_at_once: InMemoryJobQueue,
    container: Any,
    company: NewCompany,
    netsuite: InMemoryNetSuite,
) -> None:
    invoice = _invoice(container, company)
    netsuite.reject(
        external_id_for("invd", company.company.id, RecordKind.INVOICE, invoice.id),
        "The accounting period is closed.",
    )
    _sync_now(connected)
    path = f"/dashboard/invoices/{invoice.id}"

    page = connected.get(path)
    assert "Not in NetSuite" in page and "The accounting period is closed." in page
    error_id = re.search(r"/dashboard/sync_errors/(\d+)/ignore", page).group(1)
    assert f"/dashboard/sync_errors/{error_id}/retry" in page

    ignored = connected.submit(path, f"/dashboard/sync_errors/{error_id}/ignore", {"back": path})
    assert ignored.url.path == path
    assert "The accounting period is closed." in ignored.text  # still shown, as ignored
    assert f"/dashboard/sync_errors/{error_id}/unignore" in ignored.text
    assert EVERYTHING_GOT_THERE not in ignored.text
    assert "Error ignored" in connected.get("/dashboard/invoices")  # the list says so too, not "Not synced"

    netsuite.stop_rejecting(external_id_for("invd", company.company.id, RecordKind.INVOICE, invoice.id))
    retried = connected.submit(path, f"/dashboard/sync_errors/{error_id}/retry", {"back": path})
    assert retried.url.path == path
    assert "The accounting period is closed." not in retried.text
    assert "custinvc.nl?id=" in retried.text
    assert "retry of one record #" in retried.text


def test_a_payment_is_voided_from_its_page_after_a_confirmation(
    connected: Dashboard,  # noqa: F811
    run_jobs_at_once: InMemoryJobQueue,
    container: Any,
    company: NewCompany,
) -> None:
    invoice = _invoice(container, company)
    payment = container.ledger().record_payment(
        company.company.id,
        applied_to=[ApplicationInput(invoice.id, Decimal("100.00"))],
        method="wire_transfer",
        reference="WIRE-7",
    )
    _sync_now(connected)
    on_invoice = connected.get(f"/dashboard/invoices/{invoice.id}")
    assert f'href="/dashboard/payments/{payment.id}"' in on_invoice
    assert "Wire transfer" in on_invoice and "wire_transfer" not in on_invoice

    page = connected.get(f"/dashboard/payments/{payment.id}")
    assert "100.00 USD" in page and "WIRE-7" in page and "custpymt.nl?id=" in page
    confirm = connected.get(f"/dashboard/payments/{payment.id}/void")
    assert f"Void payment #{payment.id}?" in confirm
    said = " ".join(confirm.split())
    assert f"goes back onto the invoice it paid: {invoice.number} (100.00 USD)" in said
    assert "the next sync deletes it there" in confirm
    assert (
        container.ledger().get_payment(company.company.id, payment.id).voided is False
    )  # asking is not doing

    voided = connected.submit(confirm_path := f"/dashboard/payments/{payment.id}/void", confirm_path)

    assert f"Voided Payment #{payment.id}" in voided.text
    assert container.ledger().get_invoice(company.company.id, invoice.id).balance.amount == Decimal("300.30")


def test_a_customer_s_page_lists_its_invoices_and_its_netsuite_record(
    connected: Dashboard,  # noqa: F811
    run_jobs_at_once: InMemoryJobQueue,
    container: Any,
    company: NewCompany,
) -> None:
    invoice = _invoice(container, company)
    _sync_now(connected)
    assert f'href="/dashboard/customers/{invoice.customer_id}">Wayne Enterprises</a>' in connected.get(
        "/dashboard/customers"
    )

    page = connected.get(f"/dashboard/customers/{invoice.customer_id}")

    assert "Wayne Enterprises" in page and "ap@wayne.test" in page
    assert f'<a href="/dashboard/invoices/{invoice.id}">{invoice.number}</a>' in page
    assert "https://1234567.app.netsuite.com/app/common/entity/custjob.nl?id=" in page


def test_another_company_s_records_are_not_found(
    connected: Dashboard,  # noqa: F811
    container: Any,
    other_company: NewCompany,
) -> None:
    theirs = _invoice(container, other_company)

    assert connected.client.get(f"/dashboard/invoices/{theirs.id}").status_code == 404
    assert connected.client.get(f"/dashboard/customers/{theirs.customer_id}").status_code == 404
