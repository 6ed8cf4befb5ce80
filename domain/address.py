"""Postal addresses, as Invoiced spells them on customers and on an invoice's ship-to."""

from __future__ import annotations

from dataclasses import dataclass, fields

from domain.errors import DomainError

MAX_FIELD_LENGTH = 255


class InvalidAddress(DomainError):
    """An address field that cannot be right (a country that is not a two-letter code)."""


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address; `name` is used on an invoice's ship-to only (a customer has its own name)."""

    name: str | None = None
    attention_to: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if value is None:
                continue
            cleaned = str(value).strip() or None
            if cleaned is not None and len(cleaned) > MAX_FIELD_LENGTH:
                raise InvalidAddress(
                    f"{field.name} can be at most {MAX_FIELD_LENGTH} characters.", param=field.name
                )
            object.__setattr__(self, field.name, cleaned)
        if self.country is not None:
            if len(self.country) != 2 or not self.country.isalpha() or not self.country.isascii():
                raise InvalidAddress(
                    f"country must be a two-letter ISO 3166 code such as US or GB, not {self.country!r}.",
                    param="country",
                )
            object.__setattr__(self, "country", self.country.upper())

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, field.name) is None for field in fields(self))


SHIP_TO_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(Address))
ADDRESS_FIELDS: tuple[str, ...] = SHIP_TO_FIELDS[1:]  # a customer's: all but the ship-to name
