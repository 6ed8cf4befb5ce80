Feature: The drift report: do Invoiced and NetSuite agree?
  A controller closing the month wants to know that both systems hold the same invoices at the same
  totals and balances. The drift report compares every linked invoice on both sides, shows the totals
  first, and names each difference with its likely cause and what to do.

  Background:
    Given a company connected to NetSuite
    And a customer "Hooli" with invoices "INV-1, INV-2" already in NetSuite

  Scenario: After a sync both sides agree
    Then the drift report says both sides agree on 2 invoices

  Scenario: A credit memo applied in NetSuite is reported, and the next sync brings it over
    When a credit memo "CM-1" of 25.00 is recorded in NetSuite on "INV-1"
    Then the drift report lists "INV-1" as "credit applied in NetSuite", owing 100.00 on Invoiced and 75.00 in NetSuite
    When the accounting sync runs
    Then invoice "INV-1" has a balance of 75.00 on Invoiced
    And the drift report says both sides agree on 2 invoices
