"""The customerPayment record: money received, applied to a customer's open invoices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from netsuite_sandbox.errors import (
    applied_in_another_currency,
    applied_more_than_due,
    applied_more_than_payment,
    applied_nothing,
    applied_to_another_customer,
    applied_to_closed_invoice,
    invalid_content,
    invalid_reference,
    missing_values,
    not_found,
)
from netsuite_sandbox.records.common import (
    Body,
    RecordContext,
    TransactionRecords,
    drop_none,
    ensure_external_id_free,
    require_row,
    rest_date,
    rest_datetime,
    stored_date,
)
from netsuite_sandbox.records.ledger import ZERO, next_number, refresh_invoice, unapply_all
from netsuite_sandbox.statuses import (
    INVOICE,
    INVOICE_OPEN,
    PAYMENT,
    PAYMENT_DEPOSITED,
    PAYMENT_NOT_DEPOSITED,
    status_name,
)
from netsuite_sandbox.values import money

UNDEPOSITED_FUNDS_ACCOUNT = 122
_PAYMENT_ONLY = "AND recordtype = 'customerpayment'"


class CustomerPaymentRecords(TransactionRecords):
    transaction_type = PAYMENT
    name = "customerPayment"
    writable = True

    @property
    def path_name(self) -> str:
        return "customerpayment"

    # ---- reading -------------------------------------------------------------------------

    def read(self, ctx: RecordContext, record_id: int, expand: bool) -> dict[str, Any]:
        row = ctx.one('SELECT * FROM "transaction" WHERE id = ?', record_id)
        assert row is not None
        customer = ctx.scalar("SELECT altname FROM customer WHERE id = ?", row["entity"])
        currency = ctx.scalar("SELECT name FROM currency WHERE id = ?", row["currency"])
        subsidiary = ctx.scalar("SELECT name FROM subsidiary WHERE id = ?", row["subsidiary"])
        undeposited = row["account"] == UNDEPOSITED_FUNDS_ACCOUNT
        apply = (
            self.read_sublist(ctx, record_id, "apply")
            if expand
            else {"links": ctx.self_links("customerpayment", record_id, "apply")}
        )
        return drop_none(
            {
                "links": ctx.self_links("customerpayment", record_id),
                "account": None if undeposited else {"id": str(row["account"])},
                "applied": row["foreignpaymentamountused"],
                "apply": apply,
                "checkNumber": row["otherrefnum"],
                "createdDate": rest_datetime(row["createddate"]),
                "currency": ctx.reference("currency", row["currency"], currency),
                "customer": ctx.reference("customer", row["entity"], customer),
                "exchangeRate": row["exchangerate"],
                "externalId": row["externalid"],
                "id": str(record_id),
                "lastModifiedDate": rest_datetime(row["lastmodifieddate"]),
                "memo": row["memo"],
                "payment": row["foreigntotal"],
                "status": {"id": row["status"], "refName": status_name(PAYMENT, row["status"])},
                "subsidiary": ctx.reference("subsidiary", row["subsidiary"], subsidiary),
                "total": row["foreigntotal"],
                "tranDate": rest_date(row["trandate"]),
                "tranId": row["tranid"],
                "transactionNumber": row["transactionnumber"],
                "unapplied": row["foreignpaymentamountunused"],
                # Open question 6: undepFunds shown as {id: 'T'|'F'}; account hidden when 'T'.
                "undepFunds": {
                    "id": "T" if undeposited else "F",
                    "refName": "Undeposited Funds" if undeposited else "Account",
                },
            }
        )

    def read_sublist(self, ctx: RecordContext, record_id: int, sublist: str) -> dict[str, Any]:
        if sublist.lower() != "apply":
            raise not_found(f"Sublist '{sublist}' is not available for customerPayment records.")
        rows = ctx.connection.execute(
            "SELECT l.previousdoc, l.previousline, l.foreignamount, t.tranid, t.foreigntotal, "
            "t.foreignamountremaining, t.trandate, t.duedate FROM NextTransactionLineLink l "
            'JOIN "transaction" t ON t.id = l.previousdoc WHERE l.nextdoc = ? '
            "ORDER BY l.previousdoc",
            (record_id,),
        ).fetchall()
        items = [
            {
                "links": ctx.self_links("customerpayment", record_id, "apply", row["previousdoc"]),
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
            "links": ctx.self_links("customerpayment", record_id, "apply"),
            "count": len(items),
            "hasMore": False,
            "items": items,
            "offset": 0,
            "totalResults": len(items),
        }

    # ---- writing -------------------------------------------------------------------------

    def create(self, ctx: RecordContext, body: Body) -> int:
        header = self._header(ctx, body, current=None)
        applications = _parse_applications(body.sublist("apply") or [], current={}, merge=False)
        number = next_number(ctx, PAYMENT)
        if header.get("tranid") is None:
            header["tranid"] = str(number)
        header.update(
            type=PAYMENT,
            recordtype="customerpayment",
            transactionnumber=f"CUSTPYMT{number}",
            createddate=ctx.now,
        )
        cursor = ctx.connection.execute(
            f'INSERT INTO "transaction" ({", ".join(header)}) VALUES ({", ".join("?" for _ in header)})',
            list(header.values()),
        )
        assert cursor.lastrowid is not None
        payment_id = cursor.lastrowid
        self._apply(ctx, payment_id, header, applications, explicit_amount=body.has("payment"))
        return payment_id

    def update(self, ctx: RecordContext, record_id: int, body: Body, replace: set[str]) -> None:
        current = dict(ctx.one('SELECT * FROM "transaction" WHERE id = ?', record_id) or {})
        header = self._header(ctx, body, current=current)
        previous = _current_applications(ctx, record_id)
        changes = body.sublist("apply")
        if changes is None:
            applications = previous
        else:
            applications = _parse_applications(changes, current=previous, merge="apply" not in replace)
        moved = header["entity"] != current["entity"] or header["currency"] != current["currency"]
        if moved and changes is None:
            applications = {}  # NetSuite rebuilds the apply list for the new customer
        assignments = ", ".join(f"{column} = ?" for column in header)
        ctx.connection.execute(
            f'UPDATE "transaction" SET {assignments} WHERE id = ?', [*header.values(), record_id]
        )
        self._unapply_all(ctx, record_id)
        explicit = body.has("payment")
        if not explicit:
            header["foreigntotal"] = current["foreigntotal"]
        self._apply(ctx, record_id, header, applications, explicit_amount=True)

    def void(self, ctx: RecordContext, record_id: int) -> None:
        """Void as a user does in the UI (REST has no void): the payment stays, marked voided, and
        applies to nothing any more, so its invoices owe again."""
        self._unapply_all(ctx, record_id)
        ctx.connection.execute(
            "UPDATE \"transaction\" SET voided = 'T', foreignpaymentamountused = '0', "
            "foreignpaymentamountunused = foreigntotal, lastmodifieddate = ? WHERE id = ?",
            (ctx.now, record_id),
        )

    def delete(self, ctx: RecordContext, record_id: int) -> None:
        self._unapply_all(ctx, record_id)
        ctx.connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (record_id,))
        ctx.connection.execute('DELETE FROM "transaction" WHERE id = ?', (record_id,))

    def _header(self, ctx: RecordContext, body: Body, current: dict[str, Any] | None) -> dict[str, Any]:
        row: dict[str, Any] = {}
        if current:
            for column in (
                "entity",
                "currency",
                "exchangerate",
                "trandate",
                "memo",
                "externalid",
                "tranid",
                "otherrefnum",
                "account",
                "foreigntotal",
            ):
                row[column] = current[column]
        if body.has("customer"):
            row["entity"] = body.reference("customer")
        if body.has("currency"):
            row["currency"] = body.reference("currency")
        for column in ("memo", "externalid", "tranid"):
            if body.has(column):
                row[column] = body.text(column)
        if body.has("checknumber"):
            row["otherrefnum"] = body.text("checknumber")
        if body.has("trandate"):
            row["trandate"] = body.date("trandate")
        if body.has("exchangerate"):
            row["exchangerate"] = body.decimal("exchangerate")
        if body.has("payment"):
            row["foreigntotal"] = body.decimal("payment")
        if body.has("account"):
            row["account"] = body.reference("account")
        if body.has("undepfunds"):
            undeposited = body.raw("undepfunds")
            flag = undeposited.get("id") if isinstance(undeposited, dict) else undeposited
            if flag in (True, "T", "true", "TRUE"):
                row["account"] = UNDEPOSITED_FUNDS_ACCOUNT

        if row.get("entity") is None:
            raise missing_values("Customer")
        customer = require_row(ctx, "customer", row["entity"], "customer")
        row["subsidiary"] = customer["subsidiary"]
        if row.get("currency") is None:
            row["currency"] = customer["currency"]
        currency = require_row(ctx, "currency", row["currency"], "currency")
        if row.get("exchangerate") is None:
            row["exchangerate"] = currency["exchangerate"]
        row["exchangerate"] = str(row["exchangerate"])
        if row.get("trandate") is None:
            row["trandate"] = stored_date(ctx.now[:10])
        if row.get("account") is None:
            row["account"] = UNDEPOSITED_FUNDS_ACCOUNT
        row["status"] = (
            PAYMENT_NOT_DEPOSITED if row["account"] == UNDEPOSITED_FUNDS_ACCOUNT else PAYMENT_DEPOSITED
        )
        if row.get("foreigntotal") is not None:
            row["foreigntotal"] = str(row["foreigntotal"])
        own_id = current["id"] if current else None
        ensure_external_id_free(ctx, '"transaction"', row.get("externalid"), own_id, _PAYMENT_ONLY)
        row["lastmodifieddate"] = ctx.now
        return row

    def _unapply_all(self, ctx: RecordContext, payment_id: int) -> None:
        """As every credit does, and the payment's own posting line goes too (rewritten by _apply)."""
        unapply_all(ctx, payment_id)
        ctx.connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (payment_id,))

    def _apply(
        self,
        ctx: RecordContext,
        payment_id: int,
        header: dict[str, Any],
        applications: dict[int, _Application],
        explicit_amount: bool,
    ) -> None:
        """Validate the apply list against the invoices as they stand, then link and refresh."""
        links = []
        applied = ZERO
        for invoice_id, application in applications.items():
            invoice = ctx.one('SELECT * FROM "transaction" WHERE id = ?', invoice_id)
            doc_path = f"apply.items[{application.index}].doc"
            amount_path = f"apply.items[{application.index}].amount"
            if invoice is None or invoice["type"] != INVOICE:
                raise invalid_reference(doc_path, invoice_id)
            if invoice["entity"] != header["entity"]:
                raise applied_to_another_customer(invoice_id, invoice["entity"], header["entity"], doc_path)
            if invoice["currency"] != header["currency"]:
                raise applied_in_another_currency(invoice_id, doc_path)
            remaining = invoice["foreignamountremaining"]
            if invoice["status"] != INVOICE_OPEN or remaining <= ZERO:
                raise applied_to_closed_invoice(invoice_id, doc_path)
            amount = application.amount if application.amount is not None else remaining
            amount = money(amount)
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
                    payment_id,
                    0,
                    PAYMENT,
                    "Payment",
                    str(amount),
                    header["trandate"],
                    ctx.now,
                )
            )
        total = header.get("foreigntotal")
        if total is None or not explicit_amount:
            total = applied  # NetSuite fills Payment Amount from the applied total
        total = money(Decimal(total))
        if total <= ZERO:
            raise missing_values("Payment Amount")
        if applied > total:
            raise applied_more_than_payment(applied, total)
        ctx.connection.executemany(
            "INSERT INTO NextTransactionLineLink (previousdoc, previousline, previoustype, "
            "nextdoc, nextline, nexttype, linktype, foreignamount, linkdate, lastmodifieddate) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            links,
        )
        ctx.connection.execute(
            'UPDATE "transaction" SET foreigntotal = ?, foreignpaymentamountused = ?, '
            "foreignpaymentamountunused = ? WHERE id = ?",
            (str(total), str(applied), str(total - applied), payment_id),
        )
        ctx.connection.execute(
            'INSERT INTO transactionline ("transaction", id, linesequencenumber, mainline, '
            "foreignamount, netamount, memo, entity, subsidiary, linecreateddate, "
            "linelastmodifieddate) VALUES (?, 0, 0, 'T', ?, ?, ?, ?, ?, ?, ?)",
            (
                payment_id,
                str(total),
                str(total),
                header.get("memo"),
                header["entity"],
                header["subsidiary"],
                ctx.now,
                ctx.now,
            ),
        )
        for invoice_id in applications:
            refresh_invoice(ctx, invoice_id)


class _Application:
    __slots__ = ("amount", "index")

    def __init__(self, index: int, amount: Decimal | None) -> None:
        self.index = index
        self.amount = amount


def _current_applications(ctx: RecordContext, payment_id: int) -> dict[int, _Application]:
    rows = ctx.connection.execute(
        "SELECT previousdoc, foreignamount FROM NextTransactionLineLink WHERE nextdoc = ? "
        "ORDER BY previousdoc",
        (payment_id,),
    ).fetchall()
    return {row[0]: _Application(index, row[1]) for index, row in enumerate(rows)}


def _parse_applications(
    raw_items: list[dict[str, Any]], current: dict[int, _Application], merge: bool
) -> dict[int, _Application]:
    """The apply sublist is keyed by doc: on PATCH a doc updates its line, apply=false drops it."""
    result = dict(current) if merge else {}
    seen: set[int] = set()
    for index, raw in enumerate(raw_items):
        body = Body(raw, prefix=f"apply.items[{index}].")
        invoice_id = body.reference("doc")
        if invoice_id is None:
            raise missing_values("Invoice")
        if invoice_id in seen:
            raise invalid_content(
                f"Error while accessing a resource. Invoice {invoice_id} appears twice in the apply list.",
                body.path("doc"),
            )
        seen.add(invoice_id)
        applying = body.flag("apply") if body.has("apply") else "T"
        if applying == "F":
            result.pop(invoice_id, None)
            continue
        amount = body.decimal("amount") if body.has("amount") else None
        result[invoice_id] = _Application(index, amount)
    return result
