"""Headless tests of the interlocking-memberships controller."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from clsp_research.ui.interlocks import DATASETS, InterlockExplorer

OWN = pd.DataFrame({"person": ["ann", "ann", "bob", "cy", "cy", "cy"],
                    "body": ["CLSP", "LSP", "CLSP", "CLSP", "LSP", "HAZ"]})


def test_core_follows_min_seats():
    x = InterlockExplorer(OWN, show_figures=False)
    assert x.dataset.value == "Your table" and x.min_seats.max == 3
    assert x.core == ["cy", "ann"] and x.core_share == 5 / 6
    x.min_seats.value = 3
    assert x.core == ["cy"] and x.core_share == 0.5


def test_focus_on_a_person_or_a_body():
    x = InterlockExplorer(OWN, show_figures=False)
    x.focus.value = "ann"
    assert x.focus_links == ["CLSP", "LSP"]
    x.focus.value = "CLSP"
    assert x.focus_links == ["cy", "ann", "bob"]
    assert "border:2px solid" in x.overlap_html.value
    x.measure.value = "jaccard"
    assert "Jaccard" in x.overlap_html.value and "0.67" in x.overlap_html.value


def test_shipped_data_sets():
    x = InterlockExplorer()
    r = x.result
    assert (r.n_people, r.n_seats, r.n_bodies) == (22, 56, 9)
    assert x.picture.value[:4] == b"\x89PNG"
    x.dataset.value = list(DATASETS)[1]
    assert (x.result.n_people, x.result.n_bodies) == (18, 14)
    assert x.min_seats.max == int(x.result.seats_by_person.max()) and x.focus.value is None
