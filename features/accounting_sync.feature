Feature: Running an accounting sync
  One accounting sync reads NetSuite's new payments and outstanding invoices, then writes Invoiced's
  customers, invoices and payments to NetSuite, and records what happened. It can run again at any
  time without writing twice; one runs per company at a time.

  Background:
    Given a company connected to NetSuite

  Scenario: Re-running a sync writes nothing new and duplicates nothing
    Given a customer "Hooli" with invoices "INV-1, INV-2" already in NetSuite
    And a payment of 40.00 from "Hooli" on Invoiced applied to "INV-1"
    And the accounting sync has run
    When the accounting sync runs
    Then nothing was written to NetSuite
    And NetSuite has 1 customer named "Hooli"
    And NetSuite has 2 invoices and 1 payment

  Scenario: A sync with nothing changed makes at most 5 NetSuite requests
    Given 20 customers with 2 invoices and a payment each, all in NetSuite
    When the accounting sync runs
    Then NetSuite received at most 5 requests

  Scenario: Bad credentials fail the run with a clear message and change nothing
    Given a customer "Hooli" on Invoiced
    And an invoice "INV-1" of 100.00 for "Hooli" on Invoiced
    And NetSuite refuses the credentials
    When the accounting sync runs
    Then the sync ends failed
    And the run's message says "NetSuite refused the credentials"
    And the run's message says "the token ID and secret"
    And invoice "INV-1" is not linked to NetSuite
    And no sync error is open

  Scenario: NetSuite being unreachable fails the run, and the next run catches up
    Given a customer "Hooli" on Invoiced
    And an invoice "INV-1" of 100.00 for "Hooli" on Invoiced
    And NetSuite is unreachable
    When the accounting sync runs
    Then the sync ends failed
    And the run's message says "the next sync will try again"
    When NetSuite is back
    And the accounting sync runs
    Then NetSuite has invoice "INV-1" of 100.00 for customer "Hooli"

  Scenario: A second Sync Now while one runs returns the running one
    Given a customer "Hooli" on Invoiced
    And an invoice "INV-1" of 100.00 for "Hooli" on Invoiced
    When Sync Now is pressed again while the accounting sync runs
    Then the second Sync Now returned the running sync
    And there was 1 accounting sync

  Scenario: Each run records what moved and schedules the next one
    Given a customer "Hooli" on Invoiced
    And an invoice "INV-1" of 100.00 for "Hooli" on Invoiced
    When the accounting sync runs
    Then the sync ends succeeded
    And the run counted 1 customers written and 1 invoices written
    And the next automatic sync is due in 60 minutes
