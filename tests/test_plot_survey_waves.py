"""The seaborn figure of two survey waves: seeded, labelled, and drawn from the respondents' ratings."""

from __future__ import annotations

import numpy as np
import pytest

from clsp_research.partnership.datasets import data_path
from clsp_research.plotting.survey import plot_wave_ratings
from clsp_research.workshop.survey_files import read_responses


@pytest.fixture(scope="module")
def waves():
    return (read_responses(data_path("surveys", "example_survey_wave1.csv")),
            read_responses(data_path("surveys", "example_survey_wave2.csv")))


def _intervals(ax):
    return [line.get_xdata().tolist() for line in ax.lines if len(line.get_xdata()) == 2]


@pytest.mark.slow
def test_points_are_the_wave_means_and_the_intervals_are_seeded(waves):
    a, b = waves
    ax = plot_wave_ratings(a, b, labels=("June 2003", "June 2004"), seed=3)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["June 2003", "June 2004"]
    assert ax.get_yticklabels()[0].get_text() == "self interest"  # ids read as words
    points = np.concatenate([line.get_xdata() for line in ax.lines if len(line.get_xdata()) > 2])
    means = a.summarize().factors["mean"].tolist() + b.summarize().factors["mean"].tolist()
    assert sorted(np.round(points, 6)) == sorted(np.round(means, 6))
    again = plot_wave_ratings(a, b, labels=("June 2003", "June 2004"), seed=3)
    other = plot_wave_ratings(a, b, labels=("June 2003", "June 2004"), seed=4)
    assert _intervals(ax) == _intervals(again) != _intervals(other)
    assert all(lo < hi for lo, hi in _intervals(ax))
