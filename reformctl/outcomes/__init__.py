"""Outcomes (problems, obligations) of unchanged files kept between runs."""
