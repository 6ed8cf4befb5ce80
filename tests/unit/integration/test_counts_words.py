from application.integration.counts import COUNT_WORDS, Count, describe_count, describe_counts


def test_every_count_has_words_a_finance_user_reads() -> None:
    assert set(COUNT_WORDS) == {count.value for count in Count}


def test_one_and_many_read_naturally() -> None:
    assert describe_count("invoices_written", 1) == "1 invoice written to NetSuite"
    assert describe_count("invoices_written", 3) == "3 invoices written to NetSuite"


def test_counts_come_in_the_order_the_flows_run_and_zeros_are_left_out() -> None:
    counts = {"payments_written": 2, "invoices_written": 0, "payments_imported": 1}
    assert describe_counts(counts) == ["1 payment imported from NetSuite", "2 payments written to NetSuite"]
