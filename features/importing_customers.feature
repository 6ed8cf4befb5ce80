Feature: Importing customers from NetSuite
  The customer importer brings the whole active A/R customer list over once: customers Invoiced
  already has (same name) are linked, the others are created.

  Background:
    Given a company connected to NetSuite

  @seed
  Scenario: The customer importer imports the whole list
    Given NetSuite customers "Umbrella, Vandelay, Wonka"
    And an inactive NetSuite customer "Zorg"
    When the customer importer runs
    Then Invoiced has the customers "Umbrella, Vandelay, Wonka"

  Scenario: Customers Invoiced already has are linked, not copied
    Given a customer "VANDELAY  industries" on Invoiced
    And NetSuite customers "Vandelay Industries, Wonka"
    When the customer importer runs
    Then Invoiced has the customers "VANDELAY  industries, Wonka"
    And the customer "VANDELAY  industries" is linked to NetSuite customer "Vandelay Industries"

  Scenario: Two customers on Invoiced with the same name are never guessed between
    Given a customer "Acme" on Invoiced
    And another customer "Acme" on Invoiced
    And NetSuite customers "Acme"
    When the customer importer runs
    Then the sync error for "NetSuite customer Acme" says "2 customers on Invoiced are named 'Acme'"
    And Invoiced has 2 customers

  Scenario: Running it again picks up names changed in NetSuite
    Given NetSuite customers "Wonka"
    And the customer importer has run
    When "Wonka" is renamed "Wonka Industries" in NetSuite
    And the customer importer runs
    Then Invoiced has the customers "Wonka Industries"
