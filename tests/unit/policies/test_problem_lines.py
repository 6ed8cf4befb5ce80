"""A record's problem reads as sentences: its label once, NetSuite's text closed by a full stop before
the advice."""

from __future__ import annotations

from domain.policies.problems import as_sentence, problem_line


def test_a_message_that_names_its_record_is_not_prefixed_with_the_label_again() -> None:
    label = "NetSuite customer Acme (id 307)"
    message = "NetSuite customer Acme (id 307): 2 NetSuite customers are named 'Acme'."

    assert problem_line(label, message) == message
    assert problem_line("Invoice INV-1", "INV-1 was refused") == "Invoice INV-1: INV-1 was refused."


def test_netsuite_s_text_ends_before_the_advice_begins() -> None:
    line = problem_line(
        "Invoice INV-1",
        "NetSuite rejected Invoice INV-1: The accounting period is closed",
        hint="Reopen the period, then retry",
        code="USER_ERROR",
    )

    assert line == (
        "NetSuite rejected Invoice INV-1: The accounting period is closed (USER_ERROR). "
        "What to do: Reopen the period, then retry."
    )
    assert as_sentence("Done!") == "Done!" and as_sentence("") == ""
