import datetime as dt

from domain.policies.watermark import next_payments_watermark

T0 = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
NOW = T0 + dt.timedelta(hours=1)


def test_without_failures_the_watermark_is_the_server_time_at_the_start() -> None:
    assert next_payments_watermark(NOW, T0, []) == NOW


def test_a_failed_payment_holds_the_watermark_back_to_its_change() -> None:
    failed = T0 + dt.timedelta(minutes=10)
    assert next_payments_watermark(NOW, T0, [failed, failed + dt.timedelta(minutes=5)]) == failed


def test_a_failure_without_a_change_time_keeps_the_previous_watermark() -> None:
    assert next_payments_watermark(NOW, T0, [None]) == T0
    assert next_payments_watermark(NOW, None, [None]) is None
