"""Injected failures: unexpected 500s, 429 bursts, and writes whose answer never arrives."""

from __future__ import annotations

import random
import threading
from collections import Counter, deque
from dataclasses import asdict, dataclass, fields
from enum import Enum
from typing import Any


class Fault(Enum):
    UNEXPECTED_ERROR = "unexpected_error"  # 500 UNEXPECTED_ERROR, nothing written
    THROTTLED = "throttled"  # 429 CONCURRENCY_LIMIT_EXCEEDED, nothing written
    DROPPED_CONNECTION = "dropped_connection"  # the request is carried out, then no answer


@dataclass(frozen=True)
class FaultSettings:
    """How often each kind of fault happens (0.0–1.0 per request), reproducible with a seed."""

    unexpected_error_rate: float = 0.0
    throttle_rate: float = 0.0
    throttle_burst: int = 3  # once throttling starts, this many requests in a row get 429
    dropped_connection_rate: float = 0.0
    seed: int | None = None

    @classmethod
    def uniform(cls, fault_rate: float, seed: int | None = None) -> FaultSettings:
        """Spread one overall fault rate evenly over the three kinds."""
        share = fault_rate / 3
        return cls(share, share, 3, share, seed)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> FaultSettings:
        if "fault_rate" in values:
            base = cls.uniform(float(values["fault_rate"]), values.get("seed"))
        else:
            base = cls()
        known = {item.name for item in fields(cls)}
        overrides = {key: value for key, value in values.items() if key in known}
        unknown = set(values) - known - {"fault_rate", "script"}
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        merged = asdict(base) | overrides
        settings = cls(**merged)
        settings.validate()
        return settings

    def validate(self) -> None:
        rates = (self.unexpected_error_rate, self.throttle_rate, self.dropped_connection_rate)
        if any(not 0.0 <= rate <= 1.0 for rate in rates) or sum(rates) > 1.0:
            raise ValueError("fault rates must be between 0 and 1 and add up to at most 1")
        if self.throttle_burst < 1:
            raise ValueError("throttle_burst must be at least 1")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultInjector:
    """Decides, request by request, whether to inject a fault; deterministic for a given seed."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self._settings = FaultSettings()
        self._random = random.Random()
        self._burst_left = 0
        self._script: deque[Fault] = deque()
        self.injected: Counter[str] = Counter()
        self.configure(settings or FaultSettings())

    @property
    def settings(self) -> FaultSettings:
        return self._settings

    def configure(self, settings: FaultSettings, script: list[str] | None = None) -> None:
        """New settings (and optionally a script of faults for the next requests, in order)."""
        settings.validate()
        with self._lock:
            self._settings = settings
            self._random = random.Random(settings.seed)
            self._burst_left = 0
            self._script = deque(Fault(name) for name in (script or []))

    def next_fault(self) -> Fault | None:
        with self._lock:
            fault = self._draw()
            if fault is not None:
                self.injected[fault.value] += 1
            return fault

    def _draw(self) -> Fault | None:
        if self._script:
            return self._script.popleft()
        if self._burst_left > 0:
            self._burst_left -= 1
            return Fault.THROTTLED
        settings = self._settings
        total = settings.unexpected_error_rate + settings.throttle_rate + settings.dropped_connection_rate
        if total == 0:
            return None
        roll = self._random.random()
        if roll < settings.unexpected_error_rate:
            return Fault.UNEXPECTED_ERROR
        roll -= settings.unexpected_error_rate
        if roll < settings.throttle_rate:
            self._burst_left = settings.throttle_burst - 1
            return Fault.THROTTLED
        roll -= settings.throttle_rate
        if roll < settings.dropped_connection_rate:
            return Fault.DROPPED_CONNECTION
        return None
