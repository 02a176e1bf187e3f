"""Renderers: records in, strings out. No I/O here."""
