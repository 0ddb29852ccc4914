"""The literature tour controller, driven headlessly."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.literature import framework
from clsp_research.literature.catalogue import CatalogueItem
from clsp_research.literature.render import item_to_html
from clsp_research.ui.literature_tour import ALL, LiteratureTour


def test_starts_on_the_continuum_with_the_first_stage_shown():
    tour = LiteratureTour()
    assert tour.framework.value == "continuum"
    assert list(tour.results.id) == framework("continuum").item_ids
    assert tour.selected is not None and tour.selected.id == "networking"
    assert "Networking" in tour.detail.value


def test_choosing_a_framework_lists_its_items():
    tour = LiteratureTour()
    tour.framework.value = "tensions"
    assert len(tour.items.options) == len(framework("tensions").items)
    assert tour.selected.framework == "tensions"
    assert "12 items" in tour.count.value


def test_search_narrows_and_selecting_shows_the_item_with_references():
    tour = LiteratureTour()
    tour.framework.value = ALL
    tour.query.value = "trust"
    assert len(tour.results) >= 2
    assert set(tour.results.framework) > {"success_factors"}
    tour.items.value = ("success_factors", "trust")
    assert tour.selected.id == "trust"
    assert "clsp-item-references" in tour.detail.value
    tour.query.value = "zzzz no such words"
    assert tour.selected is None and "No item matches" in tour.detail.value


def test_callbacks_answer_fast():
    tour = LiteratureTour()
    t0 = time.perf_counter()
    for fw in ("success_factors", "tensions", ALL, "continuum"):
        tour.framework.value = fw
    per_callback = (time.perf_counter() - t0) / 4
    # Not a timed assertion of the product, a guard against an accidental reload per keystroke:
    # the catalogue is cached, so a callback must not re-read YAML files (tens of ms each).
    assert per_callback < 1.0


def test_item_html_escapes_user_text():
    it = CatalogueItem(framework="continuum", id="x", name="<script>alert(1)</script>",
                       summary="a & b <b>", source="griffith2002 §2.4", cites=("griffith2002, §2.4",),
                       position=0)
    out = item_to_html(it)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "a &amp; b &lt;b&gt;" in out
