"""Where an incremental read starts on SuiteQL's clock, which runs in the integration user's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.policies.watermark import LARGEST_CLOCK_SHIFT, ReadWindow, read_window

WATERMARK = datetime(2026, 11, 1, 8, 30, tzinfo=UTC)
PDT, PST = timedelta(hours=-7), timedelta(hours=-8)


def test_the_first_sync_reads_everything() -> None:
    assert read_window(None, None, PST) == ReadWindow(None, None)


def test_an_unchanged_clock_reads_from_the_watermark_exactly_as_suiteql_showed_it() -> None:
    assert read_window(WATERMARK, PDT, PDT) == ReadWindow(WATERMARK, PDT)


def test_after_daylight_saving_time_ends_the_window_opens_an_hour_earlier_on_the_old_clock() -> None:
    assert read_window(WATERMARK, PDT, PST) == ReadWindow(WATERMARK - timedelta(hours=1), PDT)


def test_after_daylight_saving_time_starts_the_window_opens_an_hour_earlier_too() -> None:
    assert read_window(WATERMARK, PST, PDT) == ReadWindow(WATERMARK - timedelta(hours=1), PST)


def test_a_watermark_kept_before_the_clock_was_measured_reads_the_largest_shift_again() -> None:
    assert read_window(WATERMARK, None, PST) == ReadWindow(WATERMARK - LARGEST_CLOCK_SHIFT, PST)
