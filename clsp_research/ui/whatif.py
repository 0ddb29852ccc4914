"""Controller of the what-if explorer (``notebooks/07-build-your-own.ipynb``).

Pick a case study and one or more changes (:mod:`clsp_research.assess.scenarios`): add a
pooled budget, remove the dominant funder, add community groups, lose a champion. The
explorer shows what exactly was changed, the assessment before and after side by side
with the reasons (:func:`clsp_research.assess.compare`), and both maps with every
member in the same place. Headless use::

    wi = WhatIf("funder_dominated")
    wi.toggles["remove_dominant_funder"].value = True
    wi.after.stage, wi.comparison
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import ipywidgets as w
import pandas as pd

from ..assess.scenarios import SCENARIOS, apply_scenarios
from ..partnership.datasets import case_studies
from ._cases import case_study
from ._widgets import refilling

__all__ = ["WhatIf", "changed_rows", "comparison_html"]


#: Partnerships given to a WhatIf directly, by their key (``custom-<n>``); never changed.
_CUSTOM: dict[str, Any] = {}


def _case(name: str) -> Any:
    return _CUSTOM[name] if name in _CUSTOM else case_study(name)


@lru_cache(maxsize=16)
def _before(name: str) -> Any:
    from ..assess import assess

    return assess(_case(name))


@lru_cache(maxsize=128)
def _after(name: str, ids: frozenset[str], n: int, champion: str | None) -> tuple[Any, list[Any], Any]:
    from ..assess import assess

    p, steps = apply_scenarios(_case(name), ids, n=n, champion=champion)
    return p, steps, assess(p)


def _svg(p: Any, pos: dict, title: str) -> str:
    from .svgmap import partnership_svg

    return partnership_svg(p, pos, width=440, height=360, title=title, legend=False)


@lru_cache(maxsize=16)
def _layout(name: str) -> dict[str, tuple[float, float]]:
    from ..plotting.network import layout

    return layout(_case(name), seed=0)


@lru_cache(maxsize=16)
def _before_map(name: str) -> str:
    return _svg(_case(name), _layout(name), "As recorded")


@lru_cache(maxsize=64)
def _after_map(name: str, ids: frozenset[str], n: int, champion: str | None) -> str:
    p = _after(name, ids, n, champion)[0]
    return _svg(p, _shared(_layout(name), p), "With the changes")


def changed_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The rows of an ``assess.compare`` table whose ``change`` is not empty or zero (the stage row always).

    Examples
    --------
    >>> df = pd.DataFrame({"before": [1, 2, 3], "after": [1, 2.5, 3], "change": ["", 0.5, 0.0]},
    ...                   index=["stage", "factor: trust", "factor: time"])
    >>> list(changed_rows(df).index)
    ['stage', 'factor: trust']
    """
    def moved(v: Any) -> bool:
        if v is None or (isinstance(v, float) and v != v):
            return False
        if isinstance(v, int | float):
            return abs(v) > 1e-9
        return bool(str(v).strip())

    keep = [i == "stage" or moved(v) for i, v in zip(df.index, df["change"], strict=True)]
    return df[keep]


def comparison_html(df: pd.DataFrame) -> str:
    """The rows that changed in a comparison table, as escaped HTML."""
    if df is None or len(df) == 0:
        return "<p>Nothing to compare.</p>"
    rows = changed_rows(df) if "change" in df.columns else df
    note = "" if len(rows) > 1 else "<p>No score or flag changes.</p>"
    return note + rows.to_html(classes="clsp-whatif-table", escape=True, na_rep="",
                               float_format=lambda x: f"{x:.2f}", index=not isinstance(df.index, pd.RangeIndex))


def _compare(before: Any, after: Any) -> pd.DataFrame:
    from .. import assess as assess_pkg

    return assess_pkg.compare(before, after)


class WhatIf:
    """Apply what-if changes to a case study and compare the assessment before and after.

    Parameters
    ----------
    start
        A case-study name, or a :class:`~clsp_research.partnership.model.Partnership` of one's own (copied,
        and offered first in the list).
    show_maps
        Draw the two maps (SVG, members in the same places on both).

    Attributes
    ----------
    case
        The case-study dropdown.
    toggles
        Scenario id -> checkbox.
    n_community
        How many community groups the community scenario adds.
    champion
        Whose champion leaves (the case's recorded champions).
    before, after
        The assessments of the case as recorded and as changed.
    partnership
        The changed copy.
    steps
        The :class:`~clsp_research.assess.scenarios.Scenario` steps applied, each with its description.
    comparison
        ``assess.compare(before, after)``: the differences, with reasons.
    widget
        The whole app.
    """

    def __init__(self, start: Any = "talking_shop", show_maps: bool = True) -> None:
        options: list[tuple[str, str]] = [(n, n) for n in case_studies()]
        if hasattr(start, "members"):  # a Partnership of one's own: kept as an independent copy
            key = f"custom-{len(_CUSTOM) + 1}"
            _CUSTOM[key] = start.copy()
            options.insert(0, (f"{start.name} (yours)", key))
            start = key
        values = [v for _, v in options]
        self.case = w.Dropdown(options=options, value=start if start in values else values[0], description="Case")
        self.toggles = {sid: w.Checkbox(value=False, description=label, indent=False)
                        for sid, (label, _) in SCENARIOS.items()}
        for sid, cb in self.toggles.items():
            cb.add_class(f"clsp-whatif-{sid}")
        self.n_community = w.IntSlider(value=2, min=1, max=6, description="How many", continuous_update=False)
        self.champion = w.Dropdown(description="Whose")
        self.show_maps = w.Checkbox(value=show_maps, description="Draw the maps", indent=False)
        self.changes = w.HTML()
        self.changes.add_class("clsp-whatif-changes")
        self.summary = w.HTML()
        self.summary.add_class("clsp-whatif-summary")
        self.table = w.HTML()
        self.table.add_class("clsp-whatif-comparison")
        self.map_before = w.HTML()
        self.map_after = w.HTML()
        self.before: Any = None
        self.after: Any = None
        self.partnership: Any = None
        self.steps: list[Any] = []
        self.comparison: pd.DataFrame | None = None
        self._loading = False

        self.case.observe(self._on_case, names="value")
        for cb in self.toggles.values():
            cb.observe(self._update, names="value")
        self.n_community.observe(self._update, names="value")
        self.champion.observe(self._update, names="value")
        self.show_maps.observe(self._update, names="value")
        scenario_box = w.VBox([
            self.toggles["pooled_budget"], self.toggles["remove_dominant_funder"],
            w.HBox([self.toggles["add_community_groups"], self.n_community]),
            w.HBox([self.toggles["lose_champion"], self.champion]),
        ])
        self.widget = w.VBox([self.case, scenario_box, self.changes, self.summary,
                              w.HBox([self.map_before, self.map_after]), self.show_maps, self.table])
        self.widget.add_class("clsp-whatif")
        self._on_case()

    def _on_case(self, change: object = None) -> None:
        p = _case(self.case.value)
        with refilling(self):
            champions = [(p.members[c].name if c in p.members else c, c) for c in p.info.champions or ()]
            self.champion.options = champions or [("(no champion recorded)", None)]
            self.champion.value = champions[0][1] if champions else None
        self._update()

    def _update(self, change: object = None) -> None:
        if self._loading:
            return
        name = self.case.value
        ids = frozenset(sid for sid, cb in self.toggles.items() if cb.value)
        self.before = _before(name)
        self.partnership, self.steps, self.after = _after(name, ids, int(self.n_community.value), self.champion.value)
        self.comparison = _compare(self.before, self.after)
        esc = html.escape
        if self.steps:
            self.changes.value = "<p><b>What changed</b></p><ul>" + "".join(
                f"<li>{esc(s.description)}</li>" for s in self.steps) + "</ul>"
        else:
            self.changes.value = "<p>Tick a change to see what it does to the assessment.</p>"
        b, a = self.before.to_dict(), self.after.to_dict()
        flags_b = {f["id"] for f in b["flags"]}
        flags_a = {f["id"] for f in a["flags"]}
        raised, cleared = sorted(flags_a - flags_b), sorted(flags_b - flags_a)
        moved = "unchanged" if a["stage"] == b["stage"] else f"now <b>{esc(str(a['stage']))}</b>"
        parts = [f"<p>Placement: <b>{esc(str(b['stage']))}</b> as recorded, {moved}.</p>"]
        if raised:
            parts.append(f"<p>Flags raised: {esc(', '.join(raised))}.</p>")
        if cleared:
            parts.append(f"<p>Flags cleared: {esc(', '.join(cleared))}.</p>")
        self.summary.value = "".join(parts)
        self.table.value = comparison_html(self.comparison)
        if self.show_maps.value:
            self.map_before.value = _before_map(name)
            self.map_after.value = _after_map(name, ids, int(self.n_community.value), self.champion.value)
        else:
            self.map_before.value = self.map_after.value = ""


def _shared(pos: dict[str, tuple[float, float]], p: Any) -> dict[str, tuple[float, float]]:
    """Positions for ``p``: members of the recorded case keep theirs, newcomers are placed around them."""
    from ..plotting.network import layout

    if all(m in pos for m in p.members):
        return pos
    return layout(p, seed=0, pos=pos)
