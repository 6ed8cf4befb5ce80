Feature: Syncing payments recorded in NetSuite to Invoiced
  Payments recorded in NetSuite since the last sync come to Invoiced and reduce the balances of the
  invoices Invoiced knows. The parts that apply to invoices Invoiced does not know are left out.

  Background:
    Given a company connected to NetSuite
    And a customer "Hooli" with invoices "INV-1, INV-2" already in NetSuite

  Scenario: A payment recorded in NetSuite reduces the invoice's balance on Invoiced
    When "Hooli" pays 30.00 on "INV-1" in NetSuite
    And the accounting sync runs
    Then invoice "INV-1" has a balance of 70.00 on Invoiced
    And Invoiced has a payment of 30.00 from "Hooli" that came from NetSuite

  Scenario: A payment recorded in NetSuite for an invoice Invoiced does not know
    Given a NetSuite invoice "NS-9" of 50.00 for "Hooli" that Invoiced does not know
    When "Hooli" pays 50.00 on "NS-9" in NetSuite
    And the accounting sync runs
    Then Invoiced has no payment from NetSuite
    And the sync ends succeeded

  Scenario: Only the part of a NetSuite payment that Invoiced knows comes over
    Given a NetSuite invoice "NS-9" of 50.00 for "Hooli" that Invoiced does not know
    When "Hooli" pays 30.00 on "INV-1" and 50.00 on "NS-9" in one NetSuite payment
    And the accounting sync runs
    Then Invoiced has a payment of 30.00 from "Hooli" that came from NetSuite
    And invoice "INV-1" has a balance of 70.00 on Invoiced

  Scenario: A NetSuite payment that would overpay an Invoiced invoice
    Given a payment of 80.00 from "Hooli" on Invoiced applied to "INV-1" that is not in NetSuite yet
    When "Hooli" pays 50.00 on "INV-1" in NetSuite
    And the accounting sync runs
    Then the sync ends partial
    And the sync error for "NetSuite payment" says "would overpay Invoice INV-1: it applies 50.00 USD but the balance on Invoiced is 20.00 USD"
    And invoice "INV-1" has a balance of 20.00 on Invoiced

  Scenario: A payment voided in NetSuite is voided on Invoiced, never duplicated
    Given "Hooli" paid 30.00 on "INV-1" in NetSuite and it was synced
    When that payment is voided in NetSuite
    And the accounting sync runs
    Then invoice "INV-1" has a balance of 100.00 on Invoiced
    And Invoiced has 1 payment from NetSuite, voided
