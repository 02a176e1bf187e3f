"""reformctl: the reform work ledger of a municipal reform office."""

__version__ = "0.1.0"
