Feature: NetSuite's clock, in its user's time zone
  NetSuite shows times to the user the integration signs in as in that user's Time Zone preference,
  and so does SuiteQL, through which the sync reads what changed. The sync asks for the changes since
  it last looked on NetSuite's own clock, so nothing recorded late in the evening, around midnight or
  when the clocks go back an hour is missed, and nothing is brought over twice.

  Background:
    Given the NetSuite user works in "America/Los_Angeles" time
    And a company connected to NetSuite
    And a customer "Hooli" with invoices "INV-1, INV-2" already in NetSuite

  Scenario: A payment recorded in NetSuite at 11:30 pm Pacific reaches Invoiced on the next sync
    Given the accounting sync ran at 11:00 pm Pacific time on 15 January 2026
    When "Hooli" pays 30.00 on "INV-1" in NetSuite at 11:30 pm Pacific time on 15 January 2026
    And the accounting sync runs at 11:45 pm Pacific time on 15 January 2026
    Then invoice "INV-1" has a balance of 70.00 on Invoiced
    And Invoiced has a payment of 30.00 from "Hooli" that came from NetSuite
    And a sync an hour later brings nothing over twice

  Scenario: A payment recorded in the hour that comes twice when daylight saving time ends
    Given the accounting sync ran at 1:50 am Pacific daylight time on 1 November 2026
    When "Hooli" pays 30.00 on "INV-1" in NetSuite at 1:10 am Pacific standard time on 1 November 2026
    And the accounting sync runs at 1:20 am Pacific standard time on 1 November 2026
    Then invoice "INV-1" has a balance of 70.00 on Invoiced
    And Invoiced has a payment of 30.00 from "Hooli" that came from NetSuite
    And a sync an hour later brings nothing over twice

  Scenario: A payment recorded just after the clocks go forward
    Given the accounting sync ran at 1:55 am Pacific standard time on 8 March 2026
    When "Hooli" pays 30.00 on "INV-1" in NetSuite at 3:05 am Pacific daylight time on 8 March 2026
    And the accounting sync runs at 3:10 am Pacific daylight time on 8 March 2026
    Then invoice "INV-1" has a balance of 70.00 on Invoiced
    And a sync an hour later brings nothing over twice
