"""``clsp sweep CASE --grid NAME=V1,V2 ... --runs N --seed S [--scheduler ADDRESS] --out FILE``: a parameter sweep.

Every combination of the ``--grid`` values is simulated ``--runs`` times (point ``k`` from the
``k``-th child of the seed, so the table is the same whatever ran it), on local processes, or on
a Dask scheduler given by ``--scheduler`` or the ``DASK_SCHEDULER_ADDRESS`` environment variable.
The table (one row per point and run, the grid's parameters first) is written to ``--out`` as
CSV, JSON lines or Parquet (with pyarrow or fastparquet), with a progress bar on the terminal.
"""

from __future__ import annotations

import argparse
import sys

from ._args import whole_number
from ._output import print_json

NAME = "sweep"
HELP = "simulate every combination of a parameter grid (local processes or a Dask scheduler) into one table"
DESCRIPTION = (
    "Simulate a case over every combination of --grid NAME=VALUE1,VALUE2 (repeatable), --runs runs each, "
    "from --seed, and write one table (a row per point and run) to --out (.csv, .jsonl or .parquet). "
    "--scheduler tcp://HOST:8786 (or DASK_SCHEDULER_ADDRESS) runs it on a Dask cluster, whose workers need "
    "the package installed. 'clsp simulate --parameters' lists the parameters."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", help="case file (YAML) or the name of a shipped case study")
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2,...", required=True,
                        help="a parameter and its values (repeatable), e.g. turnover=0,0.1,0.2")
    parser.add_argument("--runs", type=whole_number(1), default=100, help="runs at each point (default: 100)")
    parser.add_argument("--periods", type=whole_number(1), default=40, help="periods per run (default: 40)")
    parser.add_argument("--seed", type=whole_number(0), default=0, help="random seed (default: 0)")
    parser.add_argument("--set", dest="assignments", action="append", default=[], metavar="NAME=VALUE",
                        help="fix a parameter the grid does not vary (repeatable)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                        "(default: DASK_SCHEDULER_ADDRESS if set, else local processes)")
    parser.add_argument("--workers", type=whole_number(1), default=None,
                        help="local processes (default: the number of cores)")
    parser.add_argument("--out", "-o", metavar="TABLE", required=True, help="table to write: .csv, .jsonl or "
                        ".parquet")
    from ._args import add_output_flags

    add_output_flags(parser)
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--json", action="store_true", help="print one JSON object describing what was written")


def parse_grid(items: list[str]) -> dict[str, list[str]]:
    """``["turnover=0,0.1", "strategy=small_wins,flagship"]`` as a grid (values still text).

    Examples
    --------
    >>> parse_grid(["turnover=0,0.1", "strategy = small_wins, flagship"])
    {'turnover': ['0', '0.1'], 'strategy': ['small_wins', 'flagship']}
    """
    from ..errors import CLSPInputError

    grid: dict[str, list[str]] = {}
    for item in items:
        name, sep, values = item.partition("=")
        name = name.strip()
        vals = [v.strip() for v in values.split(",") if v.strip()]
        if not sep or not name or not vals:
            raise CLSPInputError(f"expected NAME=VALUE1,VALUE2 such as turnover=0,0.1,0.2, found {item!r}",
                                 field="--grid")
        if name in grid:
            raise CLSPInputError(f"the parameter {name!r} is given twice", field="--grid")
        grid[name] = vals
    return grid


def run(args: argparse.Namespace) -> int:
    from ..assess.portfolio import table_format, write_table
    from ..dynamics import Parameters, sweep
    from ..fileio import check_output
    from .simulate import _load

    out = check_output(args.out, force=args.force, mkdir=args.mkdir)  # the one output-path policy
    table_format(out)  # a bad suffix fails before any work
    grid = parse_grid(args.grid)
    params = Parameters.from_assignments(args.assignments)
    p = _load(args.case)
    df = sweep(p, grid, periods=args.periods, runs=args.runs, seed=args.seed, parameters=params,
               scheduler=args.scheduler or None, workers=args.workers,
               progress=False if args.no_progress or args.json else None)
    df.attrs.clear()  # Parquet writers store attrs as metadata; the table speaks for itself
    write_table(df, out)
    points = len(df) // args.runs
    if args.json:
        print_json({"case": args.case, "partnership": p.name, "points": points, "runs": args.runs,
                    "seed": args.seed, "rows": len(df), "out": str(out)})
        return 0
    sys.stdout.write(f"wrote {out} ({p.name}: {points} points x {args.runs} runs = {len(df)} rows)\n")
    return 0
