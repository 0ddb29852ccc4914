"""The critiques controller (notebook 12), driven headlessly."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.assess.critique import critique
from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.ui.critiques import LENSES, CritiqueExplorer, findings_html


def test_starts_on_the_talking_shop_with_its_pressing_criticisms():
    app = CritiqueExplorer()
    assert app.case.value == "talking_shop" and app.lens.value == "criticisms" and app.show.value == "pressing"
    assert app.findings and all(f.status == "pressing" for f in app.findings)
    assert "Critical question: will the people served gain?" in app.detail.value
    assert "Griffith 2002, §1.7" in app.detail.value  # the paragraph behind it
    assert app.williamson is not None and app.williamson.n_met == 0
    assert "not (yet) a true partnership" in app.lens_view.value


def test_accountability_lens_and_all_items():
    app = CritiqueExplorer()
    app.lens.value = "accountability"
    ids = {f.item_id for f in app.findings}
    assert "legitimacy_outside" in ids and "democratic_deficit" not in ids  # no plan, no budget
    app.show.value = "all"
    assert "democratic_deficit" in {f.item_id for f in app.findings}
    assert "not indicated" in app.detail.value


def test_another_case_changes_what_is_pressing():
    app = CritiqueExplorer()
    app.lens.value = "accountability"
    before = {f.item_id for f in app.findings}
    app.case.value = "integrated_commissioning"
    after = {f.item_id for f in app.findings}
    assert "democratic_deficit" in after and before != after
    assert app.williamson.partnership == load_case_study("integrated_commissioning").name


def test_every_case_and_lens_renders_and_escapes():
    for case in case_studies():
        for _, frameworks in LENSES.values():
            found = critique(load_case_study(case), frameworks)
            page = findings_html(found)
            assert page.count("clsp-critique-item") == len(found)
            assert "<script" not in page and "[@" not in page and "griffith2002" not in page


def test_callbacks_answer_well_under_200_ms():
    app = CritiqueExplorer()
    for case in case_studies():  # warm the caches once, as a first view does
        app.case.value = case
    t0 = time.perf_counter()
    n = 0
    for case in case_studies():
        for lens in ("accountability", "criticisms"):
            app.case.value = case
            app.lens.value = lens
            n += 2
    assert (time.perf_counter() - t0) / n < 0.2
