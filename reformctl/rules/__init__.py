"""The obligation engine (SPEC §3) and the project library (SPEC §4): pure functions."""
