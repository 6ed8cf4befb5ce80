Feature: Importing outstanding invoices from NetSuite
  Open NetSuite invoices that Invoiced does not have yet are imported with their lines and with what
  is still owed on them, together with the customers they need. The accounting sync does it on every
  run; the invoice importer can do it on demand.

  Background:
    Given a company connected to NetSuite

  Scenario: Outstanding NetSuite invoices are imported with what is still owed
    Given a NetSuite customer "Umbrella"
    And a NetSuite invoice "NS-1" for "Umbrella" with these lines:
      | item | quantity | rate   |
      | 201  | 3        | 150.00 |
      | 202  | 1        | 50.00  |
    And "Umbrella" pays 200.00 on "NS-1" in NetSuite
    When the invoice importer runs
    Then Invoiced has invoice "NS-1" of 500.00 for "Umbrella" with a balance of 300.00
    And invoice "NS-1" has the lines "3 x Consulting Services at 150.00, 1 x Annual Software License at 50.00"
    And the customer "Umbrella" on Invoiced came from NetSuite

  @seed
  Scenario: The accounting sync imports only customers that have invoices
    Given NetSuite customers "Umbrella, Vandelay, Wonka"
    And a NetSuite invoice "NS-2" of 75.00 for "Vandelay"
    When the accounting sync runs
    Then Invoiced has the customers "Vandelay"

  Scenario: A NetSuite invoice whose number is already used on Invoiced
    Given a customer "Hooli" on Invoiced
    And a draft invoice "INV-100" of 100.00 for "Hooli" on Invoiced
    And a NetSuite customer "Umbrella"
    And a NetSuite invoice "INV-100" of 300.00 for "Umbrella"
    When the accounting sync runs
    Then the sync error for "NetSuite invoice INV-100" says "has the same number as Invoice INV-100 on Invoiced"
    And Invoiced's invoice "INV-100" is still 100.00 for "Hooli"

  Scenario: What we wrote to NetSuite never comes back as an import
    Given a customer "Hooli" with invoices "INV-1, INV-2" already in NetSuite
    And a payment of 40.00 from "Hooli" on Invoiced applied to "INV-1"
    And the accounting sync has run
    When the accounting sync runs
    And the invoice importer runs
    And the customer importer runs
    Then Invoiced has 2 invoices, 1 customer and 1 payment

  Scenario: Invoices dated before the start date are not imported by the accounting sync
    Given the start date is 2026-01-01
    And a NetSuite customer "Umbrella"
    And a NetSuite invoice "NS-3" of 80.00 for "Umbrella" dated 2025-12-15
    When the accounting sync runs
    Then Invoiced has no invoice "NS-3"
    When the invoice importer runs
    Then Invoiced has invoice "NS-3" of 80.00 for "Umbrella" with a balance of 80.00
