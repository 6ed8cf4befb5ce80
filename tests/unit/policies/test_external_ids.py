from hypothesis import given
from hypothesis import strategies as st

from domain.policies.external_ids import external_id_for, our_external_id_prefix, written_by_us
from domain.records import RecordKind


def test_external_ids_are_deterministic_and_name_the_kind() -> None:
    assert external_id_for("invd", 7, RecordKind.INVOICE, 42) == "invd-7-inv-42"
    assert external_id_for("invd", 7, RecordKind.CUSTOMER, 42) == "invd-7-cus-42"
    assert external_id_for("invd", 7, RecordKind.PAYMENT, 42) == "invd-7-pay-42"


def test_our_records_are_recognised_and_other_companies_are_not_ours() -> None:
    assert written_by_us("invd-1-inv-3", "invd", 1)
    assert not written_by_us("invd-12-inv-3", "invd", 1)  # company 12 is another company
    assert not written_by_us("acme-1-inv-3", "invd", 1)
    assert not written_by_us(None, "invd", 1)
    assert not written_by_us("", "invd", 1)


@given(st.integers(1, 10**6), st.integers(1, 10**6), st.sampled_from(list(RecordKind)))
def test_every_id_we_write_is_recognised_as_ours(company: int, local: int, kind: RecordKind) -> None:
    written = external_id_for("invd", company, kind, local)
    assert written.startswith(our_external_id_prefix("invd", company))
    assert written_by_us(written, "invd", company)
