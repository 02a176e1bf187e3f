"""Performance and cache tests never touch the user's real cache folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("reformctl-cache")
    monkeypatch.setenv("REFORMCTL_CACHE_DIR", str(folder))
    monkeypatch.delenv("REFORMCTL_NO_CACHE", raising=False)
    yield folder
