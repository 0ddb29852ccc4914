"""``clsp interlocks FILE.csv``: who holds seats on several partnership bodies.

FILE is an affiliation table ``person,body`` (one row per seat), or the name of an example
in ``data/interlocks/`` (``illustrative_bristol``, ``davis_southern_women``). With ``--json``
one object with at least ``people``, ``bodies`` and ``seats`` (counts), ``seats_per_person``
(the mean), ``multi_seat_people`` (people with two or more seats, or ``--min-seats``) and
``top`` (people ordered by seats, with their bodies).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ._args import whole_number
from ._output import print_json

NAME = "interlocks"
HELP = "interlocking memberships: seats per person and overlap between partnership bodies"
DESCRIPTION = (
    "Analyse a people x bodies affiliation table (CSV person,body: one row per seat): seats per "
    "person, the people holding several seats, the members of each body and the people bodies "
    "share (Stewart's 'pluralism in partnership', via Huxham and Vangen; Griffith 2002, 3.26)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.csv",
                        help="affiliation table person,body; or an example name: illustrative_bristol, "
                             "davis_southern_women")
    parser.add_argument("--top", type=whole_number(1), default=None, metavar="N",
                        help="list only the N people with most seats")
    parser.add_argument("--min-seats", type=whole_number(1), default=2, metavar="M",
                        help="seats that make a multi-seat person (default 2)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def resolve(ref: str) -> Path:
    """A path, or the CSV of a shipped example named ``ref``."""
    path = Path(ref)
    if path.exists() or path.suffix or len(path.parts) > 1:
        return path
    from ..partnership.datasets import data_path

    candidate = data_path("interlocks", f"{ref}.csv")
    return candidate if candidate.exists() else path


def run(args: argparse.Namespace) -> int:
    from ..tasks.interlocks import analyse_affiliations

    path = resolve(args.file)
    r = analyse_affiliations(path)
    d = r.to_dict(top=args.top, min_seats=args.min_seats)
    if args.json:
        print_json({"file": str(path), **d})
        return 0
    lines = [f"{path.name}: {d['people']} people hold {d['seats']} seats on {d['bodies']} bodies "
             f"({d['seats_per_person']:.2f} seats per person)",
             f"{d['n_multi_seat_people']} people hold {args.min_seats} or more seats each; between them they "
             f"hold {d['multi_seat_share_of_seats']:.0%} of all seats" if d["seats"] else "no seats",
             "", "People by seats:"]
    for t in d["top"]:
        lines.append(f"  {t['seats']:>3}  {t['person']}  ({', '.join(t['bodies'])})")
    lines += ["", "Bodies by members:"]
    for b, m in d["body_members"].items():
        lines.append(f"  {m:>3}  {b}")
    if d["linked_body_share"] is not None:
        lines += ["", f"{d['linked_body_share']:.0%} of pairs of bodies share at least one person"]
    print("\n".join(lines))
    return 0
