"""Widget charts are drawn for the display (issue 14: blurry 72-dpi charts stretched on HiDPI screens)."""

from __future__ import annotations

import struct

import IPython.display


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_image_chart_has_twice_the_pixels_of_its_shown_width():
    from clsp_research.ui.interlocks import InterlockExplorer
    from clsp_research.ui.provision import FundingExplorer, GapExplorer, VarianceExplorer

    charts = [GapExplorer().bars, FundingExplorer().chart, VarianceExplorer().chart, InterlockExplorer().picture]
    for img in charts:
        natural, _ = _png_size(img.value)
        assert img.width and natural >= 2 * int(img.width), (natural, img.width)
        assert img.layout.max_width == "100%"


def test_output_charts_are_svg(monkeypatch):
    from clsp_research.ui.dynamics import DynamicsExplorer

    explorer = DynamicsExplorer(runs=10, periods=8)
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    explorer._redraw()
    assert len(shown) == 1 and isinstance(shown[0], IPython.display.SVG)
    assert shown[0].data.lstrip().startswith("<svg") or "<svg" in shown[0].data[:400]
