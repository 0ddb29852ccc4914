"""``clsp simulate CASE``: simulate a partnership's dynamics over time (an ensemble of seeded runs).

    clsp simulate CASE --periods 40 --runs 200 --seed 0 --set turnover=0.1 --set strategy=flagship --json

``--json`` prints one object: ``final`` (ensemble means at the last period, with
``mean_trust``, ``stage_shares`` (stage -> share of runs placed there) and
``influence_gini``) and ``series`` (the same per period), with the parameters used.
``clsp simulate --parameters`` lists every parameter with its default, range and sources.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ._args import MAX_SEED, whole_number
from ._output import print_json

NAME = "simulate"
HELP = "simulate trust, stages, power and membership over time (seeded ensemble of runs)"
DESCRIPTION = (
    "Simulate a partnership's dynamics from its case file: trust spirals, small wins or flagship projects, "
    "representative turnover, funding and the drift of power. Parameters are set with --set NAME=VALUE "
    "(e.g. turnover=0.1, funding=0, strategy=flagship, initial_trust=0.3); --parameters lists them all."
)


_positive_int = whole_number(1)
#: Bounds of --periods (a period is about a quarter: 1,000 is 250 years), --runs and --workers.
MAX_PERIODS, MAX_RUNS, MAX_WORKERS = 1000, 100_000, 64
_seed = whole_number(0, MAX_SEED)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", nargs="?", help="case file (YAML) or the name of a shipped case study")
    parser.add_argument("--periods", type=whole_number(1, MAX_PERIODS), default=40,
                        help="periods to simulate, about a quarter each (default: 40)")
    parser.add_argument("--runs", type=whole_number(1, MAX_RUNS), default=200,
                        help="runs in the ensemble (default: 200)")
    parser.add_argument("--seed", type=_seed, default=0,
                        help="random seed, a whole number of 0 or more (default: 0)")
    parser.add_argument("--set", dest="assignments", action="append", default=[], metavar="NAME=VALUE",
                        help="set a parameter (repeatable); see --parameters")
    parser.add_argument("--workers", type=whole_number(1, MAX_WORKERS), default=1,
                        help="processes for large ensembles (the result does not change; default: 1)")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--parameters", action="store_true", help="list the parameters and exit")
    parser.set_defaults(_simulate_parser=parser)


def _load(case: str):
    from ..partnership.datasets import case_studies, load_case_study

    path = Path(case)
    if not path.exists() and path.suffix == "" and case in case_studies():
        return load_case_study(case)
    from ..partnership.casefile import load_case

    return load_case(path)


def _round(obj: Any, nd: int = 4) -> Any:
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, dict):
        return {k: _round(v, nd) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round(v, nd) for v in obj]
    return obj


def _list_parameters(as_json: bool) -> int:
    from ..dynamics import PARAMETERS

    if as_json:
        print_json({"parameters": [{"name": s.name, "default": s.default, "range": s.range_text(),
                                    "meaning": s.meaning, "claim": s.claim, "references": list(s.refs),
                                    "griffith2002": s.seed} for s in PARAMETERS.values()]})
        return 0
    width = max(len(n) for n in PARAMETERS)
    for s in PARAMETERS.values():
        default = "auto" if s.default is None else s.default
        sys.stdout.write(f"{s.name:<{width}}  {default!s:<10}  {s.meaning} [{s.range_text()}]\n")
    return 0


def run(args: argparse.Namespace) -> int:
    from ..dynamics import Parameters, final_summary, series, simulate

    if args.parameters:
        return _list_parameters(args.json)
    if not args.case:
        sys.stderr.write("clsp simulate: error: a CASE is required (a case file or a case study name)\n")
        return 2
    from ..errors import CLSPInputError

    try:
        params = Parameters.from_assignments(args.assignments)
    except CLSPInputError as exc:  # a malformed --set is a usage error (exit 2)
        args._simulate_parser.error(str(exc) if str(exc).startswith("--set") else f"--set {exc}")
    p = _load(args.case)
    df = simulate(p, periods=args.periods, runs=args.runs, seed=args.seed, parameters=params, workers=args.workers)
    final = final_summary(df)
    out = {
        "partnership": p.name,
        "case": args.case,
        "periods": args.periods,
        "runs": args.runs,
        "seed": args.seed,
        "parameters": params.to_dict(),
        "changed": params.changed(),
        "final": _round(final),
        "series": _round(series(df)),
    }
    if args.json:
        print_json(out)
        return 0
    changed = ", ".join(f"{k}={v}" for k, v in params.changed().items()) or "defaults"
    w = sys.stdout.write
    w(f"{p.name}: {args.runs} runs x {args.periods} periods, seed {args.seed} ({changed})\n")
    w(f"final mean trust      {_fmt(final['mean_trust'])}\n")
    w(f"final influence Gini  {_fmt(final['influence_gini'])}\n")
    w(f"final membership      {_fmt(final['membership'], 1)}\n")
    w("runs placed at each stage at the end:\n")
    for stage, share in final["stage_shares"].items():
        w(f"  {stage:<14} {share:6.1%}\n")
    return 0


def _fmt(v: float | None, nd: int = 3) -> str:
    return "n/a" if v is None else f"{v:.{nd}f}"
