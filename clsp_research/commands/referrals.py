"""``clsp referrals CASE --max-hops K``: how seamless is a partnership's referral network?

For each provider and each category of law served in the partnership: can a client who
arrives at that provider reach a provider serving the category within K referrals
(:func:`clsp_research.tasks.referrals.seamlessness`)? With ``--json`` one object with at least
``seamlessness`` (share of provider-category pairs reachable) and ``unreachable`` (a list of
``[provider, category]`` pairs).
"""

from __future__ import annotations

import argparse

from ._output import print_json

NAME = "referrals"
HELP = "referral seamlessness: can clients reach help in every category within K referrals?"
DESCRIPTION = (
    "For each provider and each category of law served in a partnership, check whether a client "
    "arriving at the provider can reach a provider serving the category within K referral ties "
    "(followed in their direction; a provider reaches itself when it serves the category), and "
    "print the share of such pairs that are reachable (seamlessness) and those that are not."
)


def _hops(text: str) -> int | None:
    if text.strip().lower() in ("none", "unlimited", "inf"):
        return None
    try:
        k = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, or 'none', found {text!r}") from None
    if k < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, found {k}")
    return k


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..tasks.referrals import DEFAULT_MAX_HOPS

    parser.add_argument("case", metavar="CASE", help="case file (YAML) or shipped case study name")
    parser.add_argument("--max-hops", "-k", type=_hops, default=DEFAULT_MAX_HOPS, metavar="K",
                        help=f"most referrals a client makes (default {DEFAULT_MAX_HOPS}; 'none' for no limit)")
    parser.add_argument("--by-category", action="store_true",
                        help="a referral tie that names categories carries only clients in those categories")
    parser.add_argument("--critical", action="store_true",
                        help="also list the referral ties whose loss makes pairs unreachable")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from ..partnership.casefile import load_case
    from ..partnership.datasets import resolve_case
    from ..tasks.referrals import critical_referrals, seamlessness

    path = resolve_case(args.case)
    p = load_case(path)
    r = seamlessness(p, args.max_hops, by_category=args.by_category)
    crit = critical_referrals(p, args.max_hops, by_category=args.by_category) if args.critical else None
    if args.json:
        out = {"partnership": p.name, "case": str(path), **r.to_dict()}
        if crit is not None:
            out["critical"] = [
                {"source": c["source"], "target": c["target"], "pairs_lost": int(c["pairs_lost"]),
                 "seamlessness_without": c["seamlessness_without"]}
                for c in crit.to_dict("records") if c["pairs_lost"] > 0
            ]
        print_json(out)
        return 0
    k = "any number of" if args.max_hops is None else f"at most {args.max_hops}"
    lines = [f"{p.name}: referral seamlessness with {k} referral(s)"
             + (" (ties carry only their categories)" if args.by_category else "")]
    if r.seamlessness is None:
        lines.append("  no provider serves any category of law: nothing to check")
    else:
        n = len(r.pairs)
        lines.append(f"  {r.seamlessness:.0%} of {n} provider-category pairs reachable "
                     f"({len(r.providers)} providers, {len(r.categories)} categories)")
        lines.append("")
        lines.append("  By category:")
        for c, v in r.category_seamlessness().items():
            lines.append(f"    {c:<24} {v:6.0%}")
        if r.unreachable:
            lines.append("")
            lines.append("  Unreachable (provider: categories):")
            missing: dict[str, list[str]] = {}
            for a, c in r.unreachable:
                missing.setdefault(a, []).append(c)
            for a in r.providers:
                if a in missing:
                    lines.append(f"    {a}: {', '.join(missing[a])}")
    if crit is not None:
        lines += ["", "  Referral ties whose loss makes pairs unreachable:"]
        shown = [c for c in crit.to_dict("records") if c["pairs_lost"] > 0]
        for c in shown:
            lines.append(f"    {c['source']} -> {c['target']}: {c['pairs_lost']} pair(s)")
        if not shown:
            lines.append("    none: every reachable pair has another route")
    print("\n".join(lines))
    return 0
