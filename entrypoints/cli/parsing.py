"""Turn what a person types into the ledger's inputs, refusing anything ambiguous with one clear sentence."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from application.errors import InvalidInput
from application.ledger import AdjustmentInput, ApplicationInput, LineInput
from domain.errors import InvalidMoney
from domain.money import parse_amount as parse_amount_text

_UNESCAPED_COLON = re.compile(r"(?<!\\):")

ITEM_FORMAT = 'NAME:QUANTITY:UNIT_COST, e.g. "Widget:2:10.50"'


def parse_decimal(text: str, option: str, what: str = "an amount") -> Decimal:
    """A decimal number exactly as written ("10.5" is 10.5, never a float), under the ledger's one
    rule for amounts (the API's too)."""
    try:
        return parse_amount_text(text, option, what)
    except InvalidMoney as error:
        raise InvalidInput(f"{option}: {error}", param=option) from None


def parse_amount(text: str, option: str = "--amount") -> Decimal:
    amount = parse_decimal(text, option)
    if amount <= 0:
        raise InvalidInput(f"{option} must be above zero, not {text}.", param=option)
    return amount


def parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"{option} {text!r} is not a date: write it as YYYY-MM-DD.", param=option
        ) from None


def parse_item(text: str) -> LineInput:
    """NAME:QUANTITY:UNIT_COST. The last two fields are the numbers, so a name may contain colons
    ("Support: March:1:90"); `\\:` is accepted as an explicit colon too."""
    parts = _UNESCAPED_COLON.split(text)
    if len(parts) < 3:
        raise InvalidInput(f"--item {text!r} must look like {ITEM_FORMAT}.", param="--item")
    name = ":".join(parts[:-2]).replace("\\:", ":").strip()
    if not name:
        raise InvalidInput(f"--item {text!r} has no name: use {ITEM_FORMAT}.", param="--item")
    quantity = parse_decimal(parts[-2], f"--item {name!r}: quantity", "a quantity")
    unit_cost = parse_decimal(parts[-1], f"--item {name!r}: unit cost", "an amount")
    return LineInput(name=name, quantity=quantity, unit_cost=unit_cost)


def parse_applications(invoice_ids: list[int], amounts: list[str]) -> list[ApplicationInput]:
    """Pair each --invoice with the --amount given after it."""
    if not invoice_ids:
        raise InvalidInput(
            "Say which invoice the payment is for: --invoice ID --amount 10.00.", param="--invoice"
        )
    if len(invoice_ids) != len(amounts):
        raise InvalidInput(
            f"Give one --amount for each --invoice (got {len(invoice_ids)} invoice(s) and "
            f"{len(amounts)} amount(s)).",
            param="--amount",
        )
    return [
        ApplicationInput(invoice_id, parse_amount(amount))
        for invoice_id, amount in zip(invoice_ids, amounts, strict=True)
    ]


ADJUSTMENT_FORMAT = 'AMOUNT or AMOUNT:LABEL, e.g. "10.00:SPRING" (a coupon or tax rate name)'


def parse_adjustment(text: str, option: str) -> AdjustmentInput:
    """A --discount or --tax: an amount, optionally followed by a label after the first colon."""
    amount_text, _, label = text.partition(":")
    return AdjustmentInput(parse_amount(amount_text, option), label.strip() or None)


def parse_credit_applications(
    invoice_ids: list[int], amounts: list[str], credit_note_id: int
) -> list[ApplicationInput]:
    """Each --invoice with the --amount of the credit applied to it."""
    return [
        ApplicationInput(a.invoice_id, a.amount, credit_note_id=credit_note_id)
        for a in parse_applications(invoice_ids, amounts)
    ]
