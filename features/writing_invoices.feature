Feature: Writing invoices issued on Invoiced to NetSuite
  Every accounting sync writes the invoices issued on Invoiced to NetSuite, each under the NetSuite
  customer of the same name (created there when there is none). Invoices that came from NetSuite
  are NetSuite's own and are never written back.

  Background:
    Given a company connected to NetSuite

  @seed
  Scenario: Customers on Invoiced are mapped to NetSuite customers by name
    Given a NetSuite customer "Globex Corporation"
    And a customer "globex   corporation" on Invoiced
    And an invoice "INV-1001" of 250.00 for "globex   corporation" on Invoiced
    When the accounting sync runs
    Then NetSuite has invoice "INV-1001" of 250.00 for customer "Globex Corporation"
    And NetSuite has 1 customer named "Globex Corporation"

  Scenario: Two NetSuite customers with the same name are never guessed between
    Given a NetSuite customer "Initech"
    And another NetSuite customer "Initech"
    And a customer "Initech" on Invoiced
    And an invoice "INV-1002" of 90.00 for "Initech" on Invoiced
    When the accounting sync runs
    Then the sync ends partial
    And the sync error for "Customer Initech" says "2 NetSuite customers are named 'Initech'"
    And NetSuite has no invoice "INV-1002"

  Scenario: A customer missing in NetSuite is created once, not once per invoice
    Given a customer "Hooli" on Invoiced
    And these invoices on Invoiced:
      | number   | customer | amount |
      | INV-2001 | Hooli    | 100.00 |
      | INV-2002 | Hooli    | 200.00 |
      | INV-2003 | Hooli    | 300.00 |
    When the accounting sync runs
    Then NetSuite has 1 customer named "Hooli"
    And NetSuite has invoices "INV-2001, INV-2002, INV-2003" for customer "Hooli"

  @seed
  Scenario: On the first sync every issued invoice is written; drafts and voided ones are not
    Given a customer "Hooli" on Invoiced
    And these invoices on Invoiced:
      | number   | customer | amount | state  |
      | INV-3001 | Hooli    | 100.00 | issued |
      | INV-3002 | Hooli    | 200.00 | draft  |
      | INV-3003 | Hooli    | 50.00  | voided |
    When the accounting sync runs
    Then NetSuite has invoice "INV-3001" of 100.00 for customer "Hooli"
    And NetSuite has no invoice "INV-3002"
    And NetSuite has no invoice "INV-3003"

  @seed
  Scenario: Only invoices updated since the last sync are written
    Given a customer "Hooli" with invoices "INV-4001, INV-4002" already in NetSuite
    When invoice "INV-4002" is changed to 180.00 on Invoiced
    And the accounting sync runs
    Then 1 invoice was written to NetSuite
    And NetSuite has invoice "INV-4002" of 180.00 for customer "Hooli"

  @seed
  Scenario: An invoice imported from NetSuite and later modified on Invoiced is not written to NetSuite
    Given a NetSuite customer "Umbrella"
    And a NetSuite invoice "NS-5001" of 400.00 for "Umbrella"
    And the accounting sync has run
    When invoice "NS-5001" is changed to 350.00 on Invoiced
    And the accounting sync runs
    Then no invoice was written to NetSuite
    And NetSuite has invoice "NS-5001" of 400.00 for customer "Umbrella"

  Scenario: Invoices dated before the start date are not written
    Given the start date is 2026-01-01
    And a customer "Hooli" on Invoiced
    And an invoice "INV-6001" of 100.00 for "Hooli" dated 2025-12-31 on Invoiced
    And an invoice "INV-6002" of 100.00 for "Hooli" dated 2026-01-01 on Invoiced
    When the accounting sync runs
    Then NetSuite has no invoice "INV-6001"
    And NetSuite has invoice "INV-6002" of 100.00 for customer "Hooli"

  Scenario: An invoice in a currency NetSuite does not have
    Given a customer "Hooli" on Invoiced
    And an invoice "INV-7001" of 100.00 GBP for "Hooli" on Invoiced
    When the accounting sync runs
    Then NetSuite has no invoice "INV-7001"
    And the sync error for "Invoice INV-7001" says "GBP, a currency this NetSuite account does not have"
    And the error suggests "Add GBP in NetSuite"
    And NetSuite was not asked to write any invoice

  @seed
  Scenario: A failed sync shows an error that names the invoice number and the reason; the others still go
    Given a customer "Hooli" on Invoiced
    And these invoices on Invoiced:
      | number   | customer | amount |
      | INV-8001 | Hooli    | 100.00 |
      | INV-8002 | Hooli    | 200.00 |
      | INV-8003 | Hooli    | 300.00 |
    And NetSuite rejects invoice "INV-8002" with "The accounting period is closed."
    When the accounting sync runs
    Then the sync ends partial
    And the sync error for "Invoice INV-8002" says "NetSuite rejected Invoice INV-8002: The accounting period is closed."
    And the error keeps NetSuite's code "USER_ERROR"
    And NetSuite has invoices "INV-8001, INV-8003" for customer "Hooli"

  Scenario: Lines with no NetSuite item need the fallback item
    Given the fallback item id is not set
    And a customer "Hooli" on Invoiced
    And an invoice "INV-9001" of 100.00 for "Hooli" on Invoiced
    When the accounting sync runs
    Then NetSuite has no invoice "INV-9001"
    And NetSuite has 0 customer named "Hooli"
    And the sync error for "Invoice INV-9001" says "no fallback item is set"
    And the error suggests "Set a fallback item id in the settings"

  Scenario: Lines mapped to a NetSuite item keep their item
    Given a customer "Hooli" on Invoiced
    And an invoice "INV-9101" of 75.00 for "Hooli" with NetSuite item "202" on Invoiced
    When the accounting sync runs
    Then NetSuite's invoice "INV-9101" is for item "202"
