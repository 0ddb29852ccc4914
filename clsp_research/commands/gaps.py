"""``clsp gaps NEED.csv PROVISION.csv``: need against provision, the gap and coverage of every cell.

NEED has the columns ``area,category,need`` (optional ``client_group``); PROVISION has
``provider,area,category,capacity`` (optional ``quality_mark`` and ``client_group``). With
``--json`` one object: ``gaps`` (a list of objects with ``area``, ``category``, ``need``,
``provision``, ``gap`` = need minus provision, never negative, ``coverage`` = provision / need,
``null`` where need is 0, and ``surplus``, ``n_providers``, ``quality_share``), ``summary`` and
``unassessed`` (provision in cells the need table does not cover). A bad row exits with
status 1 and a message naming the file, the line and the column.
"""

from __future__ import annotations

import argparse

from ._output import print_json

NAME = "gaps"
HELP = "compare need with provision: the gap and coverage per area and category of law"
DESCRIPTION = (
    "Compare a need table (area,category,need) with a provision table "
    "(provider,area,category,capacity[,quality_mark]) and print the gap (need minus provision, never "
    "negative) and coverage (provision / need) of every area x category cell. Need and capacity must "
    "be in the same unit (e.g. problems or cases a year). The example tables in data/provision/ are "
    "illustrative."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..tasks.provision import QUALITY_MARK_LEVELS

    parser.add_argument("need", metavar="NEED.csv", help="need table: area,category,need[,client_group]")
    parser.add_argument("provision", metavar="PROVISION.csv",
                        help="provision table: provider,area,category,capacity[,quality_mark]")
    parser.add_argument("--by", default="area,category", metavar="COLUMNS",
                        help="cell definition, comma-separated from area, category, client_group "
                             "(default: area,category)")
    parser.add_argument("--min-quality", choices=QUALITY_MARK_LEVELS, default=None, metavar="LEVEL",
                        help="count only provision holding at least this CLS Quality Mark level: "
                             + ", ".join(QUALITY_MARK_LEVELS))
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _fmt(v: float | None, pct: bool = False) -> str:
    if v is None or v != v:
        return "-"
    return f"{v:.0%}" if pct else f"{v:,.0f}"


def run(args: argparse.Namespace) -> int:
    from ..tasks.provision import gap_summary, gap_table, gaps_to_json, unassessed_provision

    by = [b.strip() for b in args.by.split(",") if b.strip()]
    table = gap_table(args.need, args.provision, by, min_quality=args.min_quality)
    extra = unassessed_provision(args.need, args.provision, by, min_quality=args.min_quality)
    summary = gap_summary(table)
    if args.json:
        print_json({
            "need_file": str(args.need),
            "provision_file": str(args.provision),
            "by": by,
            "min_quality": args.min_quality,
            "gaps": gaps_to_json(table),
            "summary": summary,
            "unassessed": gaps_to_json(extra),
        })
        return 0
    head = [*by, "need", "provision", "gap", "coverage"]
    rows = [[*(str(r[b]) for b in by), _fmt(r["need"]), _fmt(r["provision"]), _fmt(r["gap"]),
             _fmt(r["coverage"], pct=True)] for r in table.to_dict("records")]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) if i < len(by) else h.rjust(w)
                       for i, (h, w) in enumerate(zip(head, widths, strict=True)))]
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i < len(by) else c.rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths, strict=True))))
    quality = f" (provision at Quality Mark level {args.min_quality} or above)" if args.min_quality else ""
    lines += ["", f"{summary['cells']} cells, {summary['cells_with_gap']} with a gap{quality}; need "
              f"{_fmt(summary['need'])}, provision {_fmt(summary['provision'])}, gap {_fmt(summary['gap'])}; "
              f"coverage {_fmt(summary['coverage'], True)}, need met within its cell "
              f"{_fmt(summary['met_share'], True)}"]
    if len(extra):
        lines.append(f"{len(extra)} cell(s) have provision but no need figure: "
                     + "; ".join(" / ".join(str(r[b]) for b in by) for r in extra.to_dict("records")))
    print("\n".join(lines))
    return 0
