"""NetSuite customers: how they are read with SuiteQL and written as REST records."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from adapters.netsuite.suiteql import (
    KeysetQuery,
    Row,
    id_list,
    sql_strings,
    to_char_timestamp,
)
from domain.address import Address
from domain.errors import DomainError
from domain.netsuite import CustomerRecord, NetSuiteCustomer

RECORD_TYPE = "customer"

_COLUMNS = (
    "c.id, c.entityid, c.companyname, c.altname, c.firstname, c.lastname, c.isperson, c.email, c.phone, "
    "cu.symbol AS currency, c.externalid, c.isinactive, "
    f"{to_char_timestamp('c.lastmodifieddate')} AS lastmodified, "
    "a.addr1, a.addr2, a.city, a.state, a.zip, a.country, a.attention"
)
# The default billing address comes on the customer's own row (a customer has at most one), joined as
# recorded traffic joins them: customeraddressbook → customeraddressbookentityaddress by nkey.
_SOURCE = (
    "customer c LEFT JOIN currency cu ON cu.id = c.currency "
    "LEFT JOIN customeraddressbook ab ON ab.entity = c.id AND ab.defaultbilling = 'T' "
    "LEFT JOIN customeraddressbookentityaddress a ON a.nkey = ab.addressbookaddress"
)


def all_customers(*, include_inactive: bool) -> KeysetQuery:
    return KeysetQuery(
        name="customers",
        select=_COLUMNS,
        source=_SOURCE,
        key="c.id",
        key_alias="id",
        where=() if include_inactive else ("c.isinactive = 'F'",),
    )


def customers_named(upper_names: Collection[str]) -> str:
    """Active customers whose company name or display name, trimmed and upper-cased, is one of
    `upper_names`. (Runs of spaces inside NetSuite's own names are not folded: SuiteQL has no portable
    way to, so "Acme  Corp" stored with two spaces is not found by "Acme Corp".)"""
    names = sql_strings(upper_names)
    return (
        f"SELECT {_COLUMNS} FROM {_SOURCE} WHERE c.isinactive = 'F' "
        f"AND (UPPER(TRIM(c.companyname)) IN ({names}) OR UPPER(TRIM(c.altname)) IN ({names})) ORDER BY c.id"
    )


def customers_by_ids(ids: Collection[int]) -> str:
    return f"SELECT {_COLUMNS} FROM {_SOURCE} WHERE c.id IN ({id_list(ids)}) ORDER BY c.id"


def address_from_row(row: Row) -> Address | None:
    """A NetSuite address as Invoiced's; None when NetSuite's cannot be one (a country that is not
    a two-letter code, say): the customer still comes over, without it."""
    try:
        address = Address(
            attention_to=row.text("attention"),
            address1=row.text("addr1"),
            address2=row.text("addr2"),
            city=row.text("city"),
            state=row.text("state"),
            postal_code=row.text("zip"),
            country=row.text("country"),
        )
    except DomainError:
        return None
    return None if address.is_empty else address


def ids_by_external_id(external_ids: Collection[str]) -> str:
    return f"SELECT c.id, c.externalid FROM customer c WHERE c.externalid IN ({sql_strings(external_ids)})"


def comparable_name(name: str) -> str:
    """Names compare trimmed, with runs of spaces folded, case-insensitively."""
    return " ".join(name.split()).casefold()


def customer_from_row(row: Row) -> NetSuiteCustomer:
    is_person = row.flag("isperson")
    person_name = " ".join(part for part in (row.text("firstname"), row.text("lastname")) if part)
    if is_person:
        name = person_name or row.text("altname") or row.text("companyname")
    else:
        name = row.text("companyname") or row.text("altname") or person_name
    return NetSuiteCustomer(
        internal_id=row.required("id"),
        name=(name or row.required("entityid")).strip(),
        entity_id=row.text("entityid"),
        email=row.text("email"),
        is_person=is_person,
        currency=(row.text("currency") or "").lower() or None,
        external_id=row.text("externalid"),
        inactive=row.flag("isinactive"),
        last_modified=row.timestamp("lastmodified"),
        phone=row.text("phone"),
        address=address_from_row(row),
    )


def split_person_name(name: str) -> tuple[str, str | None]:
    """'Ada King Lovelace' → ('Ada King', 'Lovelace'); a single word is a first name only."""
    parts = name.split()
    if len(parts) < 2:
        return name.strip(), None
    return " ".join(parts[:-1]), parts[-1]


def customer_body(
    record: CustomerRecord, *, currency_id: str | None, subsidiary_id: str | None
) -> dict[str, Any]:
    body: dict[str, Any] = {"externalId": record.external_id}
    if record.account_number.strip():
        body["entityId"] = record.account_number.strip()
    if record.is_person:
        first_name, last_name = split_person_name(record.name)
        body["isPerson"] = True
        body["firstName"] = first_name
        if last_name:
            body["lastName"] = last_name
    else:
        body["isPerson"] = False
        body["companyName"] = record.name.strip()
    if record.email:
        body["email"] = record.email
    if record.phone:
        body["phone"] = record.phone
    if record.address is not None:
        address = record.address
        fields = {
            "addr1": address.address1,
            "addr2": address.address2,
            "city": address.city,
            "state": address.state,
            "zip": address.postal_code,
            "country": address.country,
            "attention": address.attention_to,
        }
        body["addressbook"] = {
            "items": [
                {
                    "defaultBilling": True,
                    "defaultShipping": False,
                    "addressbookaddress": {name: value for name, value in fields.items() if value},
                }
            ]
        }
    if currency_id is not None:
        body["currency"] = {"id": currency_id}
    if subsidiary_id is not None:
        body["subsidiary"] = {"id": subsidiary_id}
    return body
