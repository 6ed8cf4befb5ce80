from pytest_bdd import scenarios

scenarios("writing_invoices.feature")
