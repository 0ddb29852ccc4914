"""How fast the notebooks' widget controllers answer: every callback, cold and warm.

A widget callback should answer in well under 200 ms. For each controller of notebooks
01-04 and 08-11 this script builds it, then changes one control at a time the way a user
would, and prints for each change the first (cold: nothing cached yet, figures drawn)
and the median of the repeats (warm: the user going back and forth). The workshop
controllers (05-07) are measured by ``scripts/bench_ui.py``.

    .venv/bin/python scripts/bench_widgets.py [--repeats 5]

Figures are drawn with matplotlib's Agg backend, as in a notebook kernel's inline backend.
As the notebooks' first cells do, the script first calls ``clsp_research.plotting.warm.warm_up``
(and waits for it: a reader takes longer than that to reach the first widget);
``--no-warm-up`` shows the first clicks without it. Callbacks over 100 ms warm or 150 ms
cold are listed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

WARM_BUDGET_MS = 100.0  # a callback the user repeats
COLD_BUDGET_MS = 150.0  # the first time a callback runs


def _cycle(widget: Any, values: Sequence[Any]) -> list[Callable[[], None]]:
    """One action per value: set the widget to it."""

    def setter(v: Any) -> Callable[[], None]:
        def act() -> None:
            widget.value = v

        return act

    return [setter(v) for v in values]


def _measure(label: str, actions: list[Callable[[], None]], repeats: int) -> tuple[str, float, float]:
    """Cold: the first pass over the actions; warm: the median of later passes."""
    cold, warm = [], []
    for rep in range(repeats + 1):
        for act in actions:
            with contextlib.redirect_stdout(io.StringIO()):  # outside a kernel, display() prints reprs
                t0 = time.perf_counter()
                act()
                ms = (time.perf_counter() - t0) * 1000
            (cold if rep == 0 else warm).append(ms)
    return label, max(cold), statistics.median(warm) if warm else float("nan")


def _options(widget: Any, n: int = 4) -> list[Any]:
    """Up to ``n`` of a selection widget's values, starting with one that differs from the current."""
    values = [o[1] if isinstance(o, tuple) else o for o in widget.options]
    values = [*[v for v in values if v != widget.value][: n - 1], widget.value]
    return values


def controllers() -> list[tuple[str, Callable[[], Any], Callable[[Any], list[tuple[str, list]]]]]:
    """(name, build, plan) for each controller; ``plan(c)`` gives (label, actions) pairs."""
    from clsp_research.ui.case_explorer import CaseExplorer
    from clsp_research.ui.dynamics import DynamicsExplorer
    from clsp_research.ui.factor_inspector import FactorInspector
    from clsp_research.ui.interlocks import InterlockExplorer
    from clsp_research.ui.literature_tour import LiteratureTour
    from clsp_research.ui.provision import FundingExplorer, GapExplorer, VarianceExplorer
    from clsp_research.ui.referrals import ReferralExplorer
    from clsp_research.ui.stage_ladder import StageLadder

    return [
        ("01 literature tour", LiteratureTour, lambda c: [
            ("framework", _cycle(c.framework, _options(c.framework, 5))),
            ("search", _cycle(c.query, ["trust", "pooled budget", "power", ""])),
        ]),
        ("02 stage ladder", StageLadder, lambda c: [
            ("case", _cycle(c.case, _options(c.case, 6))),
            ("budget", _cycle(c.budget, _options(c.budget))),
            ("upgrade ties", _cycle(c.upgrade, _options(c.upgrade))),
        ]),
        ("03 factor inspector", FactorInspector, lambda c: [
            ("case", _cycle(c.case, _options(c.case, 6))),
            ("factor", _cycle(c.factor, _options(c.factor, 6))),
        ]),
        ("04 case explorer", CaseExplorer, lambda c: [
            ("case", _cycle(c.case, _options(c.case, 6))),
            ("continuum", _cycle(c.continuum, _options(c.continuum, 6))),
            ("compare with", _cycle(c.compare_with, _options(c.compare_with, 4))),
        ]),
        ("08 gaps", GapExplorer, lambda c: [
            ("by area/category", _cycle(c.pick, ["category", "area"])),
            ("area", _cycle(c.area, _options(c.area))),
            ("coverage/gap", _cycle(c.value, ["gap", "coverage"])),
            ("quality mark", _cycle(c.min_quality, _options(c.min_quality))),
        ]),
        ("08 funding withdrawal", FundingExplorer, lambda c: [
            ("funder", _cycle(c.funder, _options(c.funder))),
            ("share replaced", _cycle(c.share, [0.0, 0.5, 1.0])),
            ("by", _cycle(c.by, ["category", "recipient"])),
        ]),
        ("08 variance", VarianceExplorer, lambda c: [
            ("area", _cycle(c.area, _options(c.area))),
            ("category", _cycle(c.category, _options(c.category))),
        ]),
        ("09 referrals", ReferralExplorer, lambda c: [
            ("k", _cycle(c.k, [0, 1, 2, 3, 4])),
            ("case", _cycle(c.case, _options(c.case, 4))),
            ("critical ties", _cycle(c.critical_toggle, [True, False])),
        ]),
        ("10 interlocks", InterlockExplorer, lambda c: [
            ("data set", _cycle(c.dataset, _options(c.dataset))),
            ("measure", _cycle(c.measure, ["jaccard", "count"])),
            ("highlight", _cycle(c.focus, _options(c.focus))),
        ]),
        ("11 dynamics (100 runs x 40 periods)", DynamicsExplorer, lambda c: [
            ("strategy", _cycle(c.strategy, ["flagship", "small_wins"])),
            ("turnover", _cycle(c.turnover, [0.3, 0.1])),
            ("measure", _cycle(c.measure, _options(c.measure))),
        ]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="warm passes over each control's values")
    parser.add_argument("--no-warm-up", action="store_true", help="skip the notebooks' warm_up()")
    args = parser.parse_args()
    if not args.no_warm_up:
        from clsp_research.plotting.warm import warm_up

        t0 = time.perf_counter()
        warm_up(background=False)
        print(f"warm_up() took {(time.perf_counter() - t0) * 1000:.0f} ms (on a background thread in a notebook)")
    print(f"{'controller / control':44s} {'cold max ms':>12s} {'warm median ms':>15s}")
    slow = []
    for name, build, plan in controllers():
        with contextlib.redirect_stdout(io.StringIO()):
            t0 = time.perf_counter()
            c = build()
            built = (time.perf_counter() - t0) * 1000
        print(f"{name:44s} {built:12.1f} {'(built)':>15s}")
        for label, actions in plan(c):
            label, cold, warm = _measure(label, actions, args.repeats)
            print(f"  {label:42s} {cold:12.1f} {warm:15.1f}")
            if warm > WARM_BUDGET_MS or cold > COLD_BUDGET_MS:
                slow.append(f"{name}: {label} ({cold:.0f} cold, {warm:.0f} warm)")
    print(f"\ncallbacks over {WARM_BUDGET_MS:.0f} ms warm or {COLD_BUDGET_MS:.0f} ms cold:",
          ", ".join(slow) if slow else "none")


if __name__ == "__main__":
    main()
