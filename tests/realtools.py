"""The real tools some tests drive (LibreOffice, the Java validators, poppler, the workflow
auditors): without one, a test skips on a contributor's machine and says what to install, but
fails in CI (`CI` set, as GitHub Actions sets it), where tests.yml installs every one of them,
so a broken install there cannot pass as a row of skips."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, NoReturn

import pytest


def missing(tool: str) -> NoReturn:
    """End the running test: skip it here, fail it in CI."""
    if os.environ.get("CI"):
        pytest.fail(f"not installed, and CI must run this test: {tool}", pytrace=False)
    pytest.skip(f"not installed: {tool}")


def needs(available: bool, tool: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator for a test that needs `tool`: as `pytest.mark.skipif` (so a skipped test
    builds none of its fixtures), except that in CI a missing tool fails the test."""

    def decorate(test: Callable[..., Any]) -> Callable[..., Any]:
        if available:
            return test
        if not os.environ.get("CI"):
            return pytest.mark.skip(reason=f"not installed: {tool}")(test)

        @functools.wraps(test)
        def fail(*args: Any, **kwargs: Any) -> None:
            missing(tool)

        return fail

    return decorate
