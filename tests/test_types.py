"""The package type-checks clean: the same ``mypy`` a developer runs by hand.

The settings (the package, the Python version, the libraries without type information) are in
pyproject.toml's [tool.mypy], so ``.venv/bin/mypy`` with no arguments and this test check the
same thing. mypy is in the ``test`` extra; without it this fails rather than skips, so a
green run always means the types were checked.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mypy found problems (run `mypy` in {ROOT} to see them):\n"
                    f"{result.stdout}{result.stderr}", pytrace=False)
