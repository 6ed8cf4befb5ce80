from hypothesis import given
from hypothesis import strategies as st

from domain.policies.names import NameMatchKind, match_by_name, normalize_name, same_name

names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
spaces = st.text(alphabet=" \t\n\u00a0", min_size=1, max_size=4)


def test_spacing_and_case_do_not_count() -> None:
    assert normalize_name("  Globex \t  CORPORATION ") == "globex corporation"
    assert same_name("Globex Corporation", "globex   corporation")
    assert not same_name("Globex Corp", "Globex Corporation")


def test_an_empty_name_matches_nothing() -> None:
    assert not same_name("", "   ")
    assert match_by_name("  ", ["", " "], lambda n: n).kind is NameMatchKind.NONE


@given(names)
def test_normalising_twice_changes_nothing(name: str) -> None:
    assert normalize_name(normalize_name(name)) == normalize_name(name)


@given(st.lists(st.text(alphabet="abcXYZ", min_size=1, max_size=6), min_size=1, max_size=4), spaces, spaces)
def test_any_spacing_and_any_case_give_the_same_name(words: list[str], gap: str, edge: str) -> None:
    assert same_name(" ".join(words), edge + gap.join(w.swapcase() for w in words) + edge)


def test_one_match_is_found() -> None:
    match = match_by_name("acme", ["Acme", "Globex"], lambda n: n)
    assert match.kind is NameMatchKind.FOUND and match.found == "Acme"


def test_two_matches_are_ambiguous_never_a_guess() -> None:
    match = match_by_name("Acme", ["ACME", "acme ", "Globex"], lambda n: n)
    assert match.kind is NameMatchKind.AMBIGUOUS and len(match.candidates) == 2


def test_no_match() -> None:
    assert match_by_name("Initech", ["Acme"], lambda n: n).kind is NameMatchKind.NONE
