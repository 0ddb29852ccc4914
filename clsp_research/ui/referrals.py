"""Controller of ``notebooks/09-referral-network.ipynb``: referral seamlessness as k moves.

Pick a case study, move ``k`` (the most referrals a client makes), let ties carry only
the categories they name, and pick a provider to see where its clients can and cannot
get help. The provider x category grid is an HTML table, so every change redraws at
once. Headless use::

    r = ReferralExplorer("referral_concordat")
    r.k.value = 1
    r.result.seamlessness, r.result.unreachable
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import pandas as pd

from ..partnership.datasets import case_studies
from ..plotting.provision import HOP_COLOURS, UNREACHABLE_COLOUR
from ..tasks.referrals import DEFAULT_MAX_HOPS, critical_referrals, seamlessness
from ._cases import case_study as _case
from ._widgets import refilling
from .provision import html_heatmap, table_html

__all__ = ["ReferralExplorer", "hops_colour"]



def hops_colour(v: float) -> str:
    """Cell colour by referrals needed: darker blue for fewer; vermilion where unreachable.

    Examples
    --------
    >>> hops_colour(0), hops_colour(float("nan"))
    ('#0072B2', '#f4c7a8')
    """
    if v != v:
        return UNREACHABLE_COLOUR
    return HOP_COLOURS[min(int(v), len(HOP_COLOURS) - 1)]


class ReferralExplorer:
    """Seamlessness of a case's referral network as the number of referrals allowed changes.

    Parameters
    ----------
    case
        A shipped case-study name (default ``referral_concordat``) or a
        :class:`~clsp_research.partnership.model.Partnership` of one's own.

    Attributes
    ----------
    case, k, unlimited, by_category, provider, critical_toggle
        The widgets: case study, most referrals (``k``), no limit, ties carry only their
        categories, the provider to look at, whether to list critical ties.
    partnership
        The case's partnership.
    result
        The :class:`~clsp_research.tasks.referrals.ReferralResult` for the current settings.
    provider_pairs
        ``result.pairs`` for the provider picked.
    critical
        :func:`~clsp_research.tasks.referrals.critical_referrals` (only when ``critical_toggle`` is on).
    """

    def __init__(self, case: Any = "referral_concordat") -> None:
        self._own = None
        names = case_studies()
        options = list(names)
        if not isinstance(case, str):
            self._own = case
            options.insert(0, f"{case.name} (yours)")
            case = options[0]
        self.case = w.Dropdown(options=options, value=case if case in options else options[0], description="Case")
        self.k = w.IntSlider(value=DEFAULT_MAX_HOPS, min=0, max=6, description="Referrals k", continuous_update=True)
        self.unlimited = w.Checkbox(value=False, description="no limit", indent=False)
        self.by_category = w.Checkbox(value=False, description="ties carry only their categories", indent=False)
        self.provider = w.Dropdown(description="Provider")
        self.critical_toggle = w.Checkbox(value=False, description="show ties whose loss breaks routes",
                                          indent=False)
        self.headline = w.HTML()
        self.grid = w.HTML()
        self.detail = w.HTML()
        self.critical_html = w.HTML()
        for wid, css in ((self.case, "clsp-referrals-case"), (self.k, "clsp-referrals-k"),
                         (self.unlimited, "clsp-referrals-unlimited"), (self.by_category, "clsp-referrals-bycat"),
                         (self.provider, "clsp-referrals-provider"), (self.headline, "clsp-referrals-headline"),
                         (self.grid, "clsp-referrals-grid"), (self.critical_toggle, "clsp-referrals-critical")):
            wid.add_class(css)
        self.partnership: Any = None
        self.result: Any = None
        self.provider_pairs: pd.DataFrame | None = None
        self.critical: pd.DataFrame | None = None
        self._loading = False
        self.case.observe(self._on_case, names="value")
        for wid in (self.k, self.unlimited, self.by_category, self.provider, self.critical_toggle):
            wid.observe(self._update, names="value")
        self.widget = w.VBox([
            self.case,
            w.HBox([self.k, self.unlimited, self.by_category]),
            self.headline, self.provider, self.grid, self.detail, self.critical_toggle, self.critical_html,
        ])
        self.widget.add_class("clsp-referrals")
        self._on_case()

    @property
    def max_hops(self) -> int | None:
        """The limit in force (``None`` when ``unlimited`` is ticked)."""
        return None if self.unlimited.value else int(self.k.value)

    def _on_case(self, change: object = None) -> None:
        self.partnership = p = self._own if self._own is not None and self.case.index == 0 else _case(self.case.value)
        providers = sorted(p.members_in("provider"))
        with refilling(self):
            self.provider.options = [("(all)", None)] + [(f"{p.member(m).name} ({m})", m) for m in providers]
            self.provider.value = None
        self._update()

    def _update(self, change: object = None) -> None:
        if self._loading:
            return
        p = self.partnership
        self.k.disabled = bool(self.unlimited.value)
        k = self.max_hops
        self.result = r = seamlessness(p, k, by_category=bool(self.by_category.value))
        esc = html.escape
        limit = "any number of referrals" if k is None else f"at most {k} referral{'s' if k != 1 else ''}"
        if r.seamlessness is None:
            self.headline.value = "<p>No provider in this case serves any category of law: nothing to check.</p>"
        else:
            n = len(r.pairs)
            self.headline.value = (
                f"<p>With {esc(limit)}, a client reaches help in <b>{r.seamlessness:.0%}</b> of the {n} "
                f"provider-category pairs ({len(r.unreachable)} unreachable).</p>")
        chosen = self.provider.value
        m = r.matrix()
        self.grid.value = html_heatmap(
            m, hops_colour, lambda v: "✗" if v != v else str(int(v)), "clsp-referrals-matrix", highlight=chosen,
            row_label="provider", title="Referrals needed from each provider to reach each category (✗: none)")
        if chosen is not None:
            self.provider_pairs = pp = r.pairs[r.pairs["provider"] == chosen].reset_index(drop=True)
            missing = [c.replace("_", " ") for c in pp.loc[~pp["reachable"], "category"]]
            via = pp[pp["reachable"] & (pp["hops"] > 0)]
            parts = [f"<p><b>{esc(p.member(chosen).name)}</b> serves "
                     f"{esc(', '.join(c.replace('_', ' ') for c in p.member(chosen).categories) or 'no category')}."]
            if len(via):
                parts.append(" Clients are referred on for " + esc("; ".join(
                    f"{c.replace('_', ' ')} (to {n}, {h} referral{'s' if h != 1 else ''})"
                    for c, n, h in zip(via["category"], via["nearest"], via["hops"], strict=True))) + ".")
            parts.append(" No route within the limit for: <b>" + esc(", ".join(missing)) + "</b>." if missing
                         else " Every category is within reach.")
            self.detail.value = "".join(parts) + "</p>"
        else:
            self.provider_pairs = r.pairs
            self.detail.value = ""
        if self.critical_toggle.value:
            self.critical = c = critical_referrals(p, k, by_category=bool(self.by_category.value))
            c = c[c["pairs_lost"] > 0]
            self.critical_html.value = (table_html(c, "clsp-referrals-critical-table",
                                                   {"seamlessness_without": "{:.0%}"})
                                        if len(c) else "<p>No single referral tie carries a route on its own.</p>")
        else:
            self.critical = None
            self.critical_html.value = ""
