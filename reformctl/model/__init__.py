"""Frozen Pydantic models of every ledger file kind (SPEC §2)."""
