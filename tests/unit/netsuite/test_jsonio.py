"""Amounts travel to and from NetSuite as exact decimals, never through a binary float."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from adapters.netsuite.jsonio import decode_json, encode_json


def test_decimals_are_written_as_json_numbers_digit_for_digit() -> None:
    payload = {
        "payment": Decimal("1234567890123.10"),
        "rate": Decimal("0.1000000000000000055511151231257827"),
        "zero": Decimal("0.00"),
        "big": Decimal("1E+3"),
        "items": [{"amount": Decimal("-5.5")}],
    }

    text = encode_json(payload).decode()

    assert text == (
        '{"payment":1234567890123.10,"rate":0.1000000000000000055511151231257827,"zero":0.00,'
        '"big":1000,"items":[{"amount":-5.5}]}'
    )
    assert json.loads(text, parse_float=Decimal)["payment"] == Decimal("1234567890123.10")


def test_strings_booleans_and_nulls_are_plain_json() -> None:
    assert encode_json({"a": 'O\'Brien "Ltd" é', "b": True, "c": None, "d": 3}).decode() == (
        '{"a":"O\'Brien \\"Ltd\\" é","b":true,"c":null,"d":3}'
    )


def test_floats_and_non_finite_amounts_are_refused() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        encode_json({"amount": 0.1})
    with pytest.raises(ValueError, match="finite"):
        encode_json({"amount": Decimal("NaN")})


def test_fractions_in_answers_are_parsed_as_decimals() -> None:
    body = decode_json('{"amount": 0.1, "count": 3, "rate": 12345678901234567890.123456789}')

    assert body == {"amount": Decimal("0.1"), "count": 3, "rate": Decimal("12345678901234567890.123456789")}
    assert isinstance(body["amount"], Decimal)


def test_nan_and_infinity_in_answers_are_malformed() -> None:
    with pytest.raises(ValueError):
        decode_json('{"amount": NaN}')
