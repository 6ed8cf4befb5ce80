from domain.customer import CustomerType
from domain.policies.customers import (
    CustomerMatchKind,
    count_namesakes,
    customer_from_netsuite,
    customer_needs_update,
    customer_number_for,
    customer_record,
    customer_update_from_netsuite,
    match_local_customer,
    match_netsuite_customer,
    netsuite_customer_owner,
)
from domain.records import Origin, RecordKind
from tests.unit.policies.builders import NOW, customer, link, ns_customer

OURS = "invd-1-cus-1"


def test_a_linked_customer_stays_with_its_link() -> None:
    match = match_netsuite_customer(
        customer(), link(RecordKind.CUSTOMER, 1, "555"), [ns_customer()], (), OURS
    )
    assert (match.kind, match.internal_id) == (CustomerMatchKind.LINKED, "555")


def test_the_one_netsuite_customer_of_that_name_is_matched() -> None:
    named = [ns_customer("301", "ACME "), ns_customer("302", "Globex")]
    match = match_netsuite_customer(customer(name="acme"), None, named, (), OURS)
    assert (match.kind, match.internal_id) == (CustomerMatchKind.MATCHED, "301")


def test_two_netsuite_customers_of_that_name_are_ambiguous() -> None:
    named = [ns_customer("301", "Acme"), ns_customer("302", "acme")]
    match = match_netsuite_customer(customer(), None, named, (), OURS)
    assert match.kind is CustomerMatchKind.AMBIGUOUS
    assert [c.internal_id for c in match.candidates] == ["301", "302"]


def test_a_customer_we_created_before_is_recognised_even_among_namesakes() -> None:
    named = [ns_customer("301", "Acme"), ns_customer("302", "Acme", external_id=OURS)]
    match = match_netsuite_customer(customer(), None, named, (), OURS)
    assert (match.kind, match.internal_id) == (CustomerMatchKind.MATCHED, "302")


def test_inactive_and_already_linked_namesakes_are_not_candidates() -> None:
    named = [
        ns_customer("301", "Acme", inactive=True),
        ns_customer("302", "Acme"),
        ns_customer("303", "Acme"),
    ]
    match = match_netsuite_customer(customer(), None, named, {"303"}, OURS)
    assert (match.kind, match.internal_id) == (CustomerMatchKind.MATCHED, "302")


def test_nobody_of_that_name_means_create() -> None:
    assert match_netsuite_customer(customer(), None, [], (), OURS).kind is CustomerMatchKind.CREATE


def test_a_netsuite_customer_is_matched_to_the_one_unlinked_local_customer_of_that_name() -> None:
    locals_ = [customer("Acme", "C-1", 1), customer("Globex", "C-2", 2)]
    match = match_local_customer(ns_customer(name=" acme"), None, locals_, set())
    assert (match.kind, match.local_id) == (CustomerMatchKind.MATCHED, 1)
    assert match_local_customer(ns_customer(name="acme"), None, locals_, {1}).kind is CustomerMatchKind.CREATE


def test_two_local_customers_or_two_netsuite_namesakes_are_ambiguous() -> None:
    twins = [customer("Acme", "C-1", 1), customer("Acme", "C-2", 2)]
    assert match_local_customer(ns_customer(), None, twins, set()).kind is CustomerMatchKind.AMBIGUOUS
    one = [customer("Acme", "C-1", 1)]
    assert match_local_customer(ns_customer(), None, one, set(), 2).kind is CustomerMatchKind.AMBIGUOUS
    # nobody local of that name: each NetSuite namesake simply becomes its own customer
    assert match_local_customer(ns_customer(), None, [], set(), 2).kind is CustomerMatchKind.CREATE


def test_namesakes_are_counted_by_normalised_name() -> None:
    counts = count_namesakes(
        [ns_customer("1", "Acme"), ns_customer("2", " ACME"), ns_customer("3", "Globex")]
    )
    assert counts == {"acme": 2, "globex": 1}


def test_an_imported_customer_keeps_its_entity_id_as_number_when_it_is_free() -> None:
    assert customer_number_for(ns_customer(entity_id="CUST-9"), set()) == "CUST-9"
    assert customer_number_for(ns_customer("301", entity_id="CUST-9"), {"CUST-9"}) == "NS-301"
    assert customer_number_for(ns_customer("301", entity_id="CUST-9"), {"CUST-9", "NS-301"}) == "NS-301-2"
    assert customer_number_for(ns_customer("301", entity_id="X" * 40), set()) == "NS-301"


def test_an_imported_customer_is_netsuite_s() -> None:
    made = customer_from_netsuite(ns_customer(name="Jane Doe", is_person=True, currency="EUR"), 1, "N-1", NOW)
    assert made.origin is Origin.NETSUITE and made.type is CustomerType.PERSON and made.currency == "eur"
    odd = customer_from_netsuite(ns_customer(currency="Euro"), 1, "N-2", NOW)
    assert odd.currency is None


def test_only_what_netsuite_changed_is_updated() -> None:
    local = customer(name="Wonka", email="a@wonka.test")
    assert not customer_update_from_netsuite(local, ns_customer(name="Wonka", email="a@wonka.test")).any
    update = customer_update_from_netsuite(local, ns_customer(name="Wonka Industries", email=None))
    assert update.name == "Wonka Industries" and update.email == "" and update.type is None


def test_a_customer_record_falls_back_to_the_invoice_currency() -> None:
    record = customer_record(customer(), "invd-1-cus-1", "eur", "1")
    assert (record.name, record.account_number, record.currency, record.subsidiary_id) == (
        "Acme",
        "C-1",
        "eur",
        "1",
    )


def test_a_customer_we_create_or_find_by_our_external_id_is_ours_a_namesake_is_netsuite_s() -> None:
    created = match_netsuite_customer(customer(), None, [], (), OURS)
    assert netsuite_customer_owner(created, OURS) is Origin.INVOICED
    named = [ns_customer("301", "Acme"), ns_customer("302", "Acme", external_id=OURS)]
    ours = match_netsuite_customer(customer(), None, named, (), OURS)
    assert netsuite_customer_owner(ours, OURS) is Origin.INVOICED
    namesake = match_netsuite_customer(customer(), None, [ns_customer("301", "Acme")], (), OURS)
    assert netsuite_customer_owner(namesake, OURS) is Origin.NETSUITE
    # Another company's (or integration's) external id on the namesake does not make it ours.
    theirs = [ns_customer("301", "Acme", external_id="invd-2-cus-1")]
    assert netsuite_customer_owner(match_netsuite_customer(customer(), None, theirs, (), OURS), OURS) is (
        Origin.NETSUITE
    )


def test_only_customers_we_created_in_netsuite_are_written_again_when_edited() -> None:
    edited = customer(version=2)
    assert customer_needs_update(edited, link(RecordKind.CUSTOMER, 1, version=1))
    assert not customer_needs_update(edited, link(RecordKind.CUSTOMER, 1, version=2))
    assert not customer_needs_update(edited, None)  # not in NetSuite yet: created when an invoice needs it
    matched = link(RecordKind.CUSTOMER, 1, version=1, origin=Origin.NETSUITE)
    assert not customer_needs_update(edited, matched)  # NetSuite's own customer, matched by name
    imported = customer(version=2, origin=Origin.NETSUITE)
    assert not customer_needs_update(imported, link(RecordKind.CUSTOMER, 1, version=1))
