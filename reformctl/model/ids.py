"""Typed ids and periods for the models (SPEC §2): the patterns of `reformctl.model.patterns` as
pydantic types."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, StringConstraints

from reformctl.model.patterns import (
    HALF_PATTERN,
    ID_PATTERN,
    PERIOD_PATTERN,
    QUARTER_PATTERN,
    SUBJECT_PATTERN,
)

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""A record or unit id: lower-case letters, digits and '-', at most 64 characters."""
QuarterStr = Annotated[str, StringConstraints(pattern=QUARTER_PATTERN)]
HalfStr = Annotated[str, StringConstraints(pattern=HALF_PATTERN)]
PeriodStr = Annotated[str, StringConstraints(pattern=PERIOD_PATTERN)]
SubjectRef = Annotated[str, StringConstraints(pattern=SUBJECT_PATTERN)]
"""A supervision subject: `projects/<id>`, `pilots/<id>` or `<year>/keypoints#<task>`."""
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]

MODEL_CONFIG = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)
