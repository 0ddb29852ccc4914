"""Map labels stay readable on the denser case studies: placed to avoid each other, with a halo."""

from __future__ import annotations

import re

import pytest

from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.plotting.network import layout
from clsp_research.ui.svgmap import partnership_svg, place_labels

CHAR_W, LINE_H = 6.0, 11.0


def _boxes(svg: str):
    out = []
    for x, y, anchor, text in re.findall(r"<text x='([\d.\-]+)' y='([\d.\-]+)' text-anchor='(\w+)' paint-order"
                                         r"[^>]*>([^<]*)</text>", svg):
        x, y, w = float(x), float(y), CHAR_W * len(text)
        left = x - w / 2 if anchor == "middle" else x if anchor == "start" else x - w
        out.append((left, y - LINE_H + 2, left + w, y + 2))
    return out


def _overlaps(boxes):
    n = 0
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1]):
                n += 1
    return n


@pytest.mark.parametrize("case", case_studies())
def test_labels_overlap_less_than_labels_all_written_above(case):
    p = load_case_study(case)
    svg = partnership_svg(p, layout(p, seed=0), width=620, height=460)
    placed = _boxes(svg)
    assert len(placed) == len(p)  # every member labelled, with the white halo
    # the same labels all centred above their dots, as before
    dots = re.findall(r"<circle cx='([\d.]+)' cy='([\d.]+)' r='8'", svg)
    assert len(dots) == len(p)
    above = []
    for (cx, cy), text in zip(dots, re.findall(r"paint-order[^>]*>([^<]*)</text>", svg), strict=True):
        w = CHAR_W * len(text)
        x, y = float(cx), float(cy) - 11
        above.append((x - w / 2, y - LINE_H + 2, x + w / 2, y + 2))
    assert _overlaps(placed) <= _overlaps(above)
    if case == "integrated_commissioning":  # the densest: the placement must actually help
        assert _overlaps(placed) < _overlaps(above)


def test_two_labels_at_one_spot_are_moved_apart():
    spots = place_labels({"alpha": (100.0, 100.0), "beta": (101.0, 100.0)})
    assert spots["alpha"] != spots["beta"]


def test_static_map_labels_have_a_halo():
    from matplotlib.figure import Figure

    from clsp_research.plotting.network import draw_partnership

    ax = draw_partnership(load_case_study("integrated_commissioning"), ax=Figure().subplots(), legend=False)
    labels = [t for t in ax.texts if t.get_text()]
    assert labels and all(t.get_path_effects() for t in labels)
