"""Pure sync policies: values in, decisions out (which records move, to whom, and what is written)."""

from domain.policies.customers import (
    CustomerMatchKind,
    CustomerUpdate,
    LocalCustomerMatch,
    NetSuiteCustomerMatch,
    count_namesakes,
    customer_from_netsuite,
    customer_number_for,
    customer_record,
    customer_update_from_netsuite,
    match_local_customer,
    match_netsuite_customer,
)
from domain.policies.external_ids import external_id_for, our_external_id_prefix, written_by_us
from domain.policies.invoices_from_netsuite import (
    BALANCING_LINE,
    invoice_from_netsuite,
    line_items_from_netsuite,
    number_clash,
)
from domain.policies.invoices_to_netsuite import currency_problem, invoice_needs_writing, invoice_record_for
from domain.policies.labels import (
    netsuite_customer_label,
    netsuite_id_of,
    netsuite_invoice_label,
    netsuite_payment_label,
    netsuite_record_id,
)
from domain.policies.names import NameMatch, NameMatchKind, match_by_name, normalize_name, same_name
from domain.policies.payments_from_netsuite import (
    Overpayment,
    PaymentFromNetSuite,
    already_in_imported_balance,
    mixed_customers_problem,
    overpayment_problem,
    overpayments,
    payment_from_netsuite,
    plan_payment_from_netsuite,
    refused_problem,
    revise_payment_from_netsuite,
)
from domain.policies.payments_to_netsuite import (
    invoices_not_in_netsuite,
    payment_needs_writing,
    payment_record_for,
    waiting_for_invoices,
)
from domain.policies.problems import ProblemCode, RecordProblem
from domain.policies.watermark import next_payments_watermark

__all__ = [
    "BALANCING_LINE",
    "CustomerMatchKind",
    "CustomerUpdate",
    "LocalCustomerMatch",
    "NameMatch",
    "NameMatchKind",
    "NetSuiteCustomerMatch",
    "Overpayment",
    "PaymentFromNetSuite",
    "ProblemCode",
    "RecordProblem",
    "already_in_imported_balance",
    "count_namesakes",
    "currency_problem",
    "customer_from_netsuite",
    "customer_number_for",
    "customer_record",
    "customer_update_from_netsuite",
    "external_id_for",
    "invoice_from_netsuite",
    "invoice_needs_writing",
    "invoice_record_for",
    "invoices_not_in_netsuite",
    "line_items_from_netsuite",
    "match_by_name",
    "match_local_customer",
    "match_netsuite_customer",
    "mixed_customers_problem",
    "netsuite_customer_label",
    "netsuite_id_of",
    "netsuite_invoice_label",
    "netsuite_payment_label",
    "netsuite_record_id",
    "next_payments_watermark",
    "normalize_name",
    "number_clash",
    "our_external_id_prefix",
    "overpayment_problem",
    "overpayments",
    "payment_from_netsuite",
    "payment_needs_writing",
    "payment_record_for",
    "plan_payment_from_netsuite",
    "refused_problem",
    "revise_payment_from_netsuite",
    "same_name",
    "waiting_for_invoices",
    "written_by_us",
]
