"""The creditMemo record: a customer's credit, item lines like an invoice, applied to open invoices.

NetSuite's rules: a credit memo is applied (its `apply` sublist) only to open invoices of its own
customer in its currency, never for more than an invoice's amount remaining, and never for more
than the credit memo's total; each application lowers the invoice's amount remaining exactly as a
payment does (both are `NextTransactionLineLink` rows of link type Payment, previousdoc = the
invoice, nextdoc = the credit memo). In SuiteQL the credit memo is `type = 'CustCred'`; like
other credits its total is negative (posting sign) and what is left to apply is
`foreignpaymentamountunused` (applied: `foreignpaymentamountused`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from netsuite_sandbox.errors import (
    applied_in_another_currency,
    applied_more_than_credit,
    applied_more_than_due,
    applied_nothing,
    applied_to_another_customer,
    applied_to_closed_invoice,
    invalid_reference,
)
from netsuite_sandbox.records.common import Body, RecordContext, drop_none, rest_date, rest_datetime
from netsuite_sandbox.records.invoice import InvoiceRecords, _parse_lines, _totals
from netsuite_sandbox.records.ledger import ZERO, next_number, refresh_invoice, unapply_all
from netsuite_sandbox.records.payment import (
    _Application,
    _current_applications,
    _parse_applications,
)
from netsuite_sandbox.statuses import (
    CREDIT_MEMO,
    CREDIT_MEMO_FULLY_APPLIED,
    CREDIT_MEMO_OPEN,
    INVOICE,
    INVOICE_OPEN,
    status_name,
)
from netsuite_sandbox.values import money


class CreditMemoRecords(InvoiceRecords):
    transaction_type = CREDIT_MEMO
    name = "creditMemo"
    writable = True
    line_sign = 1

    @property
    def path_name(self) -> str:
        return "creditmemo"

    # ---- reading -------------------------------------------------------------------------

    def read(self, ctx: RecordContext, record_id: int, expand: bool) -> dict[str, Any]:
        row = ctx.one('SELECT * FROM "transaction" WHERE id = ?', record_id)
        assert row is not None
        total = -row["foreigntotal"]
        lines = (
            self.read_sublist(ctx, record_id, "item")
            if expand
            else {"links": ctx.self_links(self.path_name, record_id, "item")}
        )
        apply = (
            self.read_sublist(ctx, record_id, "apply")
            if expand
            else {"links": ctx.self_links(self.path_name, record_id, "apply")}
        )
        return drop_none(
            {
                "links": ctx.self_links(self.path_name, record_id),
                "applied": row["foreignpaymentamountused"],
                "apply": apply,
                "createdDate": rest_datetime(row["createddate"]),
                "currency": ctx.reference(
                    "currency",
                    row["currency"],
                    ctx.scalar("SELECT name FROM currency WHERE id = ?", row["currency"]),
                ),
                "entity": ctx.reference(
                    "customer",
                    row["entity"],
                    ctx.scalar("SELECT altname FROM customer WHERE id = ?", row["entity"]),
                ),
                "exchangeRate": row["exchangerate"],
                "externalId": row["externalid"],
                "id": str(record_id),
                "item": lines,
                "lastModifiedDate": rest_datetime(row["lastmodifieddate"]),
                "memo": row["memo"],
                "otherRefNum": row["otherrefnum"],
                "status": {"id": row["status"], "refName": status_name(CREDIT_MEMO, row["status"])},
                "subsidiary": ctx.reference(
                    "subsidiary",
                    row["subsidiary"],
                    ctx.scalar("SELECT name FROM subsidiary WHERE id = ?", row["subsidiary"]),
                ),
                "subtotal": total,
                "total": total,
                "tranDate": rest_date(row["trandate"]),
                "tranId": row["tranid"],
                "transactionNumber": row["transactionnumber"],
                "unapplied": row["foreignpaymentamountunused"],
            }
        )

    def read_sublist(self, ctx: RecordContext, record_id: int, sublist: str) -> dict[str, Any]:
        if sublist.lower() != "apply":
            return super().read_sublist(ctx, record_id, sublist)
        rows = ctx.connection.execute(
            "SELECT l.previousdoc, l.previousline, l.foreignamount, t.tranid, t.foreigntotal, "
            "t.foreignamountremaining, t.trandate FROM NextTransactionLineLink l "
            'JOIN "transaction" t ON t.id = l.previousdoc WHERE l.nextdoc = ? ORDER BY l.previousdoc',
            (record_id,),
        ).fetchall()
        items = [
            {
                "links": ctx.self_links(self.path_name, record_id, "apply", row["previousdoc"]),
                "amount": row["foreignamount"],
                "apply": True,
                "applyDate": rest_date(row["trandate"]),
                "doc": ctx.reference("invoice", row["previousdoc"], f"Invoice #{row['tranid']}"),
                "due": row["foreignamountremaining"],
                "line": row["previousline"],
                "refNum": row["tranid"],
                "total": row["foreigntotal"],
                "type": "Invoice",
            }
            for row in rows
        ]
        return {
            "links": ctx.self_links(self.path_name, record_id, "apply"),
            "count": len(items),
            "hasMore": False,
            "items": items,
            "offset": 0,
            "totalResults": len(items),
        }

    # ---- writing -------------------------------------------------------------------------

    def create(self, ctx: RecordContext, body: Body) -> int:
        header = self._header(ctx, body, current=None)
        header["duedate"] = None
        parsed = _parse_lines(ctx, body.sublist("item") or [], existing={})
        applications = _parse_applications(body.sublist("apply") or [], current={}, merge=False)
        number = next_number(ctx, CREDIT_MEMO)
        if header.get("tranid") is None:
            header["tranid"] = str(number)
        total = Decimal(_totals(parsed, paid=ZERO)["foreigntotal"])
        header.update(
            type=CREDIT_MEMO,
            recordtype="creditmemo",
            transactionnumber=f"CREDMEM{number}",
            createddate=ctx.now,
            status=CREDIT_MEMO_OPEN,
            account=119,  # Accounts Receivable
            foreigntotal=str(-total),
        )
        cursor = ctx.connection.execute(
            f'INSERT INTO "transaction" ({", ".join(header)}) VALUES ({", ".join("?" for _ in header)})',
            list(header.values()),
        )
        assert cursor.lastrowid is not None
        credit_id = cursor.lastrowid
        self._write_lines(ctx, credit_id, header | {"foreigntotal": str(total)}, parsed)
        self._apply(ctx, credit_id, header, total, applications)
        return credit_id

    def update(self, ctx: RecordContext, record_id: int, body: Body, replace: set[str]) -> None:
        current = dict(ctx.one('SELECT * FROM "transaction" WHERE id = ?', record_id) or {})
        header = self._header(ctx, body, current=current)
        header["duedate"] = None
        previous = _current_applications(ctx, record_id)
        changes = body.sublist("apply")
        if changes is None:
            applications = previous
        else:
            applications = _parse_applications(changes, current=previous, merge="apply" not in replace)
        moved = header["entity"] != current["entity"] or header["currency"] != current["currency"]
        if moved and changes is None:
            applications = {}  # NetSuite rebuilds the apply list for the new customer
        parsed = self._revised_lines(ctx, body, record_id, replace)
        total = Decimal(_totals(parsed, paid=ZERO)["foreigntotal"])
        header["foreigntotal"] = str(-total)
        unapply_all(ctx, record_id)
        assignments = ", ".join(f"{column} = ?" for column in header)
        ctx.connection.execute(
            f'UPDATE "transaction" SET {assignments} WHERE id = ?', [*header.values(), record_id]
        )
        ctx.connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (record_id,))
        self._write_lines(ctx, record_id, header | {"foreigntotal": str(total)}, parsed)
        self._apply(ctx, record_id, header, total, applications)

    def delete(self, ctx: RecordContext, record_id: int) -> None:
        unapply_all(ctx, record_id)
        ctx.connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (record_id,))
        ctx.connection.execute('DELETE FROM "transaction" WHERE id = ?', (record_id,))

    def _apply(
        self,
        ctx: RecordContext,
        credit_id: int,
        header: dict[str, Any],
        total: Decimal,
        applications: dict[int, _Application],
    ) -> None:
        """Check the apply list against the invoices as they stand, then link and refresh them."""
        links = []
        applied = ZERO
        for invoice_id, application in applications.items():
            invoice = ctx.one('SELECT * FROM "transaction" WHERE id = ?', invoice_id)
            doc_path = f"apply.items[{application.index}].doc"
            amount_path = f"apply.items[{application.index}].amount"
            if invoice is None or invoice["type"] != INVOICE:
                raise invalid_reference(doc_path, invoice_id)
            if invoice["entity"] != header["entity"]:
                raise applied_to_another_customer(
                    invoice_id, invoice["entity"], header["entity"], doc_path, by="credit memo"
                )
            if invoice["currency"] != header["currency"]:
                raise applied_in_another_currency(invoice_id, doc_path, by="credit memo")
            remaining = invoice["foreignamountremaining"]
            if invoice["status"] != INVOICE_OPEN or remaining <= ZERO:
                raise applied_to_closed_invoice(invoice_id, doc_path)
            amount = money(application.amount if application.amount is not None else remaining)
            if amount <= ZERO:
                raise applied_nothing(amount_path)
            if amount > remaining:
                raise applied_more_than_due(invoice_id, amount, remaining, amount_path)
            applied += amount
            links.append(
                (
                    invoice_id,
                    0,
                    INVOICE,
                    credit_id,
                    0,
                    CREDIT_MEMO,
                    "Payment",
                    str(amount),
                    header["trandate"],
                    ctx.now,
                )
            )
        if applied > total:
            raise applied_more_than_credit(applied, total)
        ctx.connection.executemany(
            "INSERT INTO NextTransactionLineLink (previousdoc, previousline, previoustype, "
            "nextdoc, nextline, nexttype, linktype, foreignamount, linkdate, lastmodifieddate) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            links,
        )
        unused = total - applied
        ctx.connection.execute(
            'UPDATE "transaction" SET foreignpaymentamountused = ?, foreignpaymentamountunused = ?, '
            "status = ? WHERE id = ?",
            (
                str(applied),
                str(unused),
                CREDIT_MEMO_OPEN if unused > ZERO else CREDIT_MEMO_FULLY_APPLIED,
                credit_id,
            ),
        )
        for invoice_id in applications:
            refresh_invoice(ctx, invoice_id)
