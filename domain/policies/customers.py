"""Which customer on the other side a customer is: by link first, then by name, else a new one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from domain.address import Address
from domain.customer import MAX_NUMBER_LENGTH, Customer, CustomerType
from domain.errors import InvalidMoney
from domain.link import Link
from domain.money import normalize_currency
from domain.netsuite import CustomerRecord, NetSuiteCustomer
from domain.policies.names import NameMatchKind, match_by_name, normalize_name
from domain.records import Origin


class CustomerMatchKind(StrEnum):
    LINKED = "linked"  # already tied by a link
    MATCHED = "matched"  # one customer of that name on the other side: link it
    CREATE = "create"  # nobody of that name: create one
    AMBIGUOUS = "ambiguous"  # several of that name: a per-record error, never a guess


@dataclass(frozen=True, slots=True)
class NetSuiteCustomerMatch:
    """Where an Invoiced customer lives in NetSuite."""

    kind: CustomerMatchKind
    internal_id: str | None = None
    candidates: tuple[NetSuiteCustomer, ...] = ()


def match_netsuite_customer(
    customer: Customer,
    link: Link | None,
    named: Iterable[NetSuiteCustomer],
    linked_elsewhere: Collection[str],
    our_external_id: str,
) -> NetSuiteCustomerMatch:
    """Link first; then a NetSuite customer we created earlier (its link was lost); then the one
    active, not otherwise linked NetSuite customer with the same name; none → create it."""
    if link is not None:
        return NetSuiteCustomerMatch(CustomerMatchKind.LINKED, link.netsuite_id)
    named = list(named)
    ours = [c for c in named if c.external_id == our_external_id]
    if ours:
        return NetSuiteCustomerMatch(CustomerMatchKind.MATCHED, ours[0].internal_id, (ours[0],))
    free = [c for c in named if not c.inactive and c.internal_id not in linked_elsewhere]
    match = match_by_name(customer.name, free, lambda c: c.name)
    if match.kind is NameMatchKind.FOUND:
        return NetSuiteCustomerMatch(CustomerMatchKind.MATCHED, match.found.internal_id, match.candidates)
    if match.kind is NameMatchKind.AMBIGUOUS:
        return NetSuiteCustomerMatch(CustomerMatchKind.AMBIGUOUS, None, match.candidates)
    return NetSuiteCustomerMatch(CustomerMatchKind.CREATE)


def netsuite_customer_owner(match: NetSuiteCustomerMatch, our_external_id: str) -> Origin:
    """The origin of the link an Invoiced customer gets to its NetSuite customer: `invoiced` when we
    create it there (or find the one we created, by our external id), `netsuite` when it was there
    already and matched by name — NetSuite owns that one, and edits on Invoiced never overwrite it."""
    if match.kind is CustomerMatchKind.CREATE:
        return Origin.INVOICED
    found = next((c for c in match.candidates if c.internal_id == match.internal_id), None)
    if found is not None and found.external_id == our_external_id:
        return Origin.INVOICED
    return Origin.NETSUITE


def customer_needs_update(customer: Customer, link: Link | None) -> bool:
    """A customer made on Invoiced that we created in NetSuite (the link is ours) and that was edited
    on Invoiced since it was last written. Customers matched to one NetSuite already had (link origin
    netsuite) and customers imported from NetSuite are NetSuite's, and never written."""
    return (
        customer.origin is Origin.INVOICED
        and link is not None
        and link.origin is Origin.INVOICED
        and link.is_behind(customer.version)
    )


@dataclass(frozen=True, slots=True)
class LocalCustomerMatch:
    """Which Invoiced customer a NetSuite customer is."""

    kind: CustomerMatchKind
    local_id: int | None = None
    candidates: tuple[Customer, ...] = ()


def match_local_customer(
    netsuite_customer: NetSuiteCustomer,
    link: Link | None,
    local_customers: Iterable[Customer],
    linked_local_ids: Collection[int],
    netsuite_namesakes: int = 1,
) -> LocalCustomerMatch:
    """Link first; then the one not-yet-linked Invoiced customer with the same name. When several
    NetSuite customers share that name (`netsuite_namesakes` > 1), matching any of them to the one
    Invoiced customer would be a guess, so it is ambiguous too."""
    if link is not None:
        return LocalCustomerMatch(CustomerMatchKind.LINKED, link.local_id)
    free = [c for c in local_customers if c.id not in linked_local_ids]
    match = match_by_name(netsuite_customer.name, free, lambda c: c.name)
    guessing = match.kind is NameMatchKind.FOUND and netsuite_namesakes > 1
    if match.kind is NameMatchKind.AMBIGUOUS or guessing:
        return LocalCustomerMatch(CustomerMatchKind.AMBIGUOUS, None, match.candidates)
    if match.kind is NameMatchKind.FOUND:
        return LocalCustomerMatch(CustomerMatchKind.MATCHED, match.found.id, match.candidates)
    return LocalCustomerMatch(CustomerMatchKind.CREATE)


def count_namesakes(customers: Iterable[NetSuiteCustomer]) -> dict[str, int]:
    """How many customers carry each (normalised) name."""
    counts: dict[str, int] = {}
    for customer in customers:
        key = normalize_name(customer.name)
        counts[key] = counts.get(key, 0) + 1
    return counts


def customer_number_for(netsuite_customer: NetSuiteCustomer, taken: Collection[str]) -> str:
    """The account number of a customer imported from NetSuite: its entity id when free and short
    enough (Invoiced's 32 characters), otherwise one derived from its internal id."""
    entity_id = (netsuite_customer.entity_id or "").strip()
    if entity_id and len(entity_id) <= MAX_NUMBER_LENGTH and entity_id not in taken:
        return entity_id
    base = f"NS-{netsuite_customer.internal_id}"
    number, suffix = base, 2
    while number in taken:
        number, suffix = f"{base}-{suffix}", suffix + 1
    return number


def _currency_or_none(code: str | None) -> str | None:
    try:
        return normalize_currency(code) if code else None
    except InvalidMoney:
        return None


def customer_from_netsuite(
    netsuite_customer: NetSuiteCustomer, company_id: int, number: str, now: dt.datetime
) -> Customer:
    """A new Invoiced customer for a NetSuite customer (origin netsuite)."""
    return Customer(
        company_id=company_id,
        name=netsuite_customer.name,
        number=number,
        created_at=now,
        updated_at=now,
        email=netsuite_customer.email or None,
        type=CustomerType.PERSON if netsuite_customer.is_person else CustomerType.COMPANY,
        currency=_currency_or_none(netsuite_customer.currency),
        origin=Origin.NETSUITE,
        phone=netsuite_customer.phone or None,
        address=netsuite_customer.address or Address(),
    )


@dataclass(frozen=True, slots=True)
class CustomerUpdate:
    """What changed on a NetSuite customer since it was imported (None = unchanged)."""

    name: str | None = None
    email: str | None = None
    type: CustomerType | None = None

    @property
    def any(self) -> bool:
        return any(value is not None for value in (self.name, self.email, self.type))


def customer_update_from_netsuite(customer: Customer, netsuite_customer: NetSuiteCustomer) -> CustomerUpdate:
    """The fields of an imported customer that NetSuite has changed since."""
    new_type = CustomerType.PERSON if netsuite_customer.is_person else CustomerType.COMPANY
    new_email = netsuite_customer.email or None
    return CustomerUpdate(
        name=netsuite_customer.name.strip() if netsuite_customer.name.strip() != customer.name else None,
        email=(new_email or "") if new_email != customer.email else None,
        type=new_type if new_type is not customer.type else None,
    )


def customer_record(
    customer: Customer, external_id: str, currency: str | None, subsidiary_id: str | None
) -> CustomerRecord:
    """The NetSuite customer to create for an Invoiced customer."""
    return CustomerRecord(
        external_id=external_id,
        name=customer.name,
        account_number=customer.number,
        email=customer.email,
        is_person=customer.type is CustomerType.PERSON,
        currency=customer.currency or currency,
        subsidiary_id=subsidiary_id,
        phone=customer.phone,
        address=customer.address if writable_address(customer.address) else None,
    )


def writable_address(address: Address) -> bool:
    """As Invoiced's integration: an address goes to NetSuite only when it is complete (street,
    city, state, postal code and country), never half of one."""
    return all((address.address1, address.city, address.state, address.postal_code, address.country))
