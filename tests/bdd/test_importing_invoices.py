from pytest_bdd import scenarios

scenarios("importing_invoices.feature")
