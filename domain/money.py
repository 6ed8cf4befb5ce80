"""Money: a Decimal amount in one ISO-4217 currency. Floats are refused so no binary rounding creeps in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from domain.errors import CurrencyMismatch, InvalidMoney

# The ISO-4217 codes a ledger may use (active codes; kept here so the domain needs no I/O).
ISO_4217_CODES: frozenset[str] = frozenset(
    """
    aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd btn bwp byn
    bzd cad cdf chf clp cny cop crc cuc cup cve czk djf dkk dop dzd egp ern etb eur fjd fkp gbp gel
    ghs gip gmd gnf gtq gyd hkd hnl hrk htg huf idr ils inr iqd irr isk jmd jod jpy kes kgs khr kmf
    kpw krw kwd kyd kzt lak lbp lkr lrd lsl lyd mad mdl mga mkd mmk mnt mop mru mur mvr mwk mxn myr
    mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sdg
    sek sgd shp sle sll sos srd ssp stn svc syp szl thb tjs tmt tnd top try ttd twd tzs uah ugx usd
    uyu uzs ves vnd vuv wst xaf xcd xof xpf yer zar zmw zwl
    """.split()
)

CENT = Decimal("0.01")

# The one rule for an amount a person or a script gives (the CLI and the API share it): digits with at
# most one decimal point when written as text; below a trillion; at most six decimals (what the ledger
# keeps exactly). Anything else is refused with a sentence, never guessed at or rounded.
MAX_AMOUNT = Decimal(10) ** 12
MAX_DECIMALS = 6
_PLAIN_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def normalize_currency(code: str) -> str:
    """Return the lower-case ISO-4217 code (Invoiced's spelling) or raise InvalidMoney."""
    if not isinstance(code, str):
        raise InvalidMoney(
            f"Currency must be a three-letter ISO-4217 code such as 'usd', not {code!r}.", param="currency"
        )
    normalized = code.strip().lower()
    if normalized not in ISO_4217_CODES:
        raise InvalidMoney(
            f"Unknown currency {code!r}: use a three-letter ISO-4217 code such as 'usd' or 'eur'.",
            param="currency",
        )
    return normalized


def to_decimal(value: object) -> Decimal:
    """Turn an int, a Decimal or a numeric string into a finite Decimal; refuse floats and junk."""
    if isinstance(value, (bool, float)):
        raise InvalidMoney(
            f"Amounts must be given as decimal strings or integers, not floating-point numbers ({value!r})."
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidMoney(f"{value!r} is not an amount: write it like 10.50.") from None
    else:
        raise InvalidMoney(f"{value!r} is not an amount: write it like 10.50.")
    if not result.is_finite():
        raise InvalidMoney(f"{value!r} is not a finite amount.")
    return result


def parse_amount(value: object, param: str, what: str = "an amount") -> Decimal:
    """An amount given from outside, under the one rule above; InvalidMoney naming `param` otherwise.
    Text must be plain digits and a dot ("10.50"): no exponent ("1e3"), separators ("1_000", "1,000"),
    spaces inside or currency signs. Numbers (a JSON number, an int, a Decimal) need only be in range."""
    if isinstance(value, str):
        text = value.strip()
        if not _PLAIN_DECIMAL.match(text):
            raise InvalidMoney(
                f"{value!r} is not {what}: write it with digits and a dot, like 10.50 "
                "(no commas, underscores, exponents, spaces or currency signs).",
                param=param,
            )
        amount = Decimal(text)
    elif isinstance(value, Decimal | int) and not isinstance(value, bool):
        amount = Decimal(value)
    else:
        raise InvalidMoney(f"{value!r} is not {what}: give a number like 10.50.", param=param)
    if not amount.is_finite():
        raise InvalidMoney(f"{value!r} is not a finite amount.", param=param)
    if amount.copy_abs() >= MAX_AMOUNT:  # copy_abs: no context rounding, which would overflow
        raise InvalidMoney(
            f"{what.capitalize()} must be less than {MAX_AMOUNT:,} either side of zero, not {value}.",
            param=param,
        )
    exponent = amount.as_tuple().exponent
    if (
        isinstance(exponent, int)
        and -exponent > MAX_DECIMALS
        and amount != amount.quantize(Decimal(1).scaleb(-MAX_DECIMALS))
    ):
        raise InvalidMoney(
            f"{what.capitalize()} can have at most {MAX_DECIMALS} decimals, not {value}.", param=param
        )
    return amount


def round_to_cents(amount: Decimal) -> Decimal:
    """The one rounding rule for presentation and NetSuite payloads: half up to 2 decimals."""
    # Enough digits for any amount: the default 28 would refuse to quantize a very large one.
    context = Context(prec=max(28, amount.adjusted() + 4))
    return amount.quantize(CENT, rounding=ROUND_HALF_UP, context=context)


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount of one currency. Arithmetic is only allowed within the same currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        object.__setattr__(self, "currency", normalize_currency(self.currency))

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        return cls(to_decimal(amount), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal("0"), currency)

    def _same_currency(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise InvalidMoney(f"Cannot combine money with {other!r}.")
        if other.currency != self.currency:
            raise CurrencyMismatch(
                f"Cannot combine {self.currency.upper()} and {other.currency.upper()} amounts: "
                "a document, its lines and its payments must all use one currency."
            )

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount >= other.amount

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @property
    def is_positive(self) -> bool:
        return self.amount > 0

    def __str__(self) -> str:
        return f"{round_to_cents(self.amount)} {self.currency.upper()}"


def sum_money(amounts: list[Money], currency: str) -> Money:
    """Add amounts of one currency; an empty list is zero in that currency."""
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total
