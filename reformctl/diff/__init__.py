"""`reformctl diff`: what a change between two revisions of the ledger means.

records.py flattens a Ledger into records with plain values; compare.py compares two ledgers
(pure); revisions.py puts a revision's ledger folder on disk (git); render.py prints the result.
"""
