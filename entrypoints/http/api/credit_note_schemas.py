"""`/credit_notes` bodies, in Invoiced's shape: a positive "negative invoice" with a computed status."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from entrypoints.http.api.schemas import (
    Amount,
    DiscountIn,
    DiscountOut,
    LineItemIn,
    LineItemOut,
    Metadata,
    Origin,
    RequestBody,
    TaxIn,
    TaxOut,
    Timestamp,
)


class CreditNoteCreate(RequestBody):
    customer: int
    items: list[LineItemIn] = Field(min_length=1)
    number: str | None = Field(None, max_length=32, description="Generated (CN-00001…) when omitted.")
    currency: str | None = None
    date: Timestamp | None = None
    notes: str | None = None
    metadata: Metadata = None
    draft: bool = False
    discounts: list[DiscountIn] = Field(default_factory=list)
    taxes: list[TaxIn] = Field(default_factory=list)


class CreditNoteUpdate(RequestBody):
    customer: int | None = None
    items: list[LineItemIn] | None = Field(None, min_length=1)
    number: str | None = Field(None, max_length=32)
    date: Timestamp | None = None
    notes: str | None = None
    metadata: Metadata = None
    draft: bool | None = Field(None, description="false issues a draft; an issued one cannot go back.")
    closed: bool | None = Field(None, description="A closed credit note cannot be applied any more.")
    discounts: list[DiscountIn] | None = None
    taxes: list[TaxIn] | None = None


class CreditNoteOut(BaseModel):
    id: int
    object: Literal["credit_note"] = "credit_note"
    name: str = "Credit Note"
    customer: int
    number: str
    currency: str
    date: Timestamp
    status: Literal["draft", "open", "paid", "closed", "voided"]
    draft: bool
    closed: bool
    paid: bool
    voided: bool
    items: list[LineItemOut]
    discounts: list[DiscountOut]
    taxes: list[TaxOut]
    subtotal: Amount
    total: Amount
    amount_applied: Amount = Field(description="What payments' credit_note entries applied of it.")
    balance: Amount = Field(description="What is left to apply.")
    notes: str | None
    metadata: dict[str, str] = Field(default_factory=dict)
    origin: Origin
    created_at: Timestamp
    updated_at: Timestamp
