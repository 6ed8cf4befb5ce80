"""Matching records by name, the way a person would: spacing and letter case do not count."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


def normalize_name(name: str | None) -> str:
    """A name as compared: trimmed, runs of whitespace folded to one space, case-folded."""
    composed = unicodedata.normalize("NFKC", name or "")
    return " ".join(composed.split()).casefold()


def same_name(left: str | None, right: str | None) -> bool:
    return normalize_name(left) == normalize_name(right) != ""


class NameMatchKind(StrEnum):
    FOUND = "found"
    NONE = "none"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class NameMatch(Generic[T]):
    """The outcome of looking a name up: exactly one candidate, none, or several (never a guess)."""

    kind: NameMatchKind
    candidates: tuple[T, ...] = ()

    @property
    def found(self) -> T:
        if self.kind is not NameMatchKind.FOUND:
            raise ValueError(f"No single match ({self.kind.value}).")
        return self.candidates[0]


def match_by_name(name: str, candidates: Iterable[T], name_of: Callable[[T], str | None]) -> NameMatch[T]:
    """Find the one candidate with this name; two or more is ambiguous."""
    wanted = normalize_name(name)
    hits = tuple(c for c in candidates if wanted and normalize_name(name_of(c)) == wanted)
    if not hits:
        return NameMatch(NameMatchKind.NONE)
    if len(hits) > 1:
        return NameMatch(NameMatchKind.AMBIGUOUS, hits)
    return NameMatch(NameMatchKind.FOUND, hits)
