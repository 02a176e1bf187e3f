"""Finding and reading a ledger from disk."""
