"""The in-process count of failed sign-ins: a fixed window per subject that ends by itself."""

from __future__ import annotations

from adapters.memory import InMemoryFailedSignIns


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_past_the_limit_a_subject_waits_until_its_window_ends() -> None:
    clock = Clock()
    sign_ins = InMemoryFailedSignIns(limit=3, window_seconds=60, clock=clock)

    for _ in range(3):
        assert sign_ins.retry_after(["client:a"]) is None
        sign_ins.record_failure(["client:a", "key:ink_abcdef"])
    clock.now += 15

    assert sign_ins.retry_after(["client:a"]) == 45
    assert sign_ins.retry_after(["client:b", "key:ink_abcdef"]) == 45, "any subject over the limit"
    assert sign_ins.retry_after(["client:b", "key:ink_zzzzzz"]) is None
    clock.now += 45
    assert sign_ins.retry_after(["client:a"]) is None
    sign_ins.record_failure(["client:a"])
    assert sign_ins.retry_after(["client:a"]) is None, "a new window counts from zero"
