"""Shared test set-up.

matplotlib is switched to the Agg backend inside this (the test) process only:
exporting MPLBACKEND would reach the notebook kernels that nbval starts and make
their figures vanish (docs/architecture.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _agg_backend() -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


@pytest.fixture
def root() -> Path:
    """The repository root."""
    return ROOT
