"""``clsp assess FOLDER -o TABLE``: a folder of case files assessed into one tidy table.

Not a sub-command of its own: ``clsp assess`` hands a folder to :func:`run_folder`. The table
has one row per placement, stage, factor and flag of each case (see
:meth:`~clsp_research.assess.result.Assessment.to_frame`) and a ``case`` column; it is written
as CSV, JSON lines (``.jsonl``) or Parquet (with pyarrow or fastparquet installed). Without
``-o`` it goes to stdout as CSV (``--json``: JSON lines).
"""

from __future__ import annotations

import argparse
import sys


def run_folder(args: argparse.Namespace) -> int:
    """Assess every case file under ``args.case`` into one table."""
    from ..assess.portfolio import assess_portfolio, table_format, write_table
    from ..fileio import check_output, neutralised

    out = getattr(args, "output", None)
    if out is not None:
        check_output(out, force=args.force, mkdir=args.mkdir)  # the one output-path policy, before any work
        table_format(out)  # a bad suffix fails before any work
    df = assess_portfolio(args.case, framework=args.framework, rubric=args.rubric, progress=None,
                          skip_invalid=getattr(args, "skip_invalid", False))
    for err in df.attrs.get("errors", []):
        sys.stderr.write(f"clsp assess: skipped: {err}\n")
    if out:
        write_table(df, out)
        n = df.case.nunique()
        sys.stdout.write(f"wrote {out} ({n} cases, {len(df)} rows)\n")
    elif args.json:
        df.to_json(sys.stdout, orient="records", lines=True, force_ascii=False)
    else:
        neutralised(df).to_csv(sys.stdout, index=False, lineterminator="\n")
    return 1 if df.attrs.get("errors") else 0
