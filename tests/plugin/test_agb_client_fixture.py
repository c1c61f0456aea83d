"""The pytest plugin as a user sees it: the README's example, run as is in a fresh pytest."""

from __future__ import annotations

import re

import pytest

from tests.support import ROOT

pytest_plugins = ["pytester"]


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Test your agent offline", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's plugin section has no python example"
    return match.group(1)


def test_readme_example_passes_in_a_fresh_pytest(pytester: pytest.Pytester) -> None:
    example = readme_example()
    assert len(example.strip().splitlines()) <= 12, "the README promises a ten-line example"
    pytester.makepyfile(test_user_agent=example)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
