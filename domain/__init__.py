"""The domain: the ledger's entities, value objects and sync policies. Standard library only."""
