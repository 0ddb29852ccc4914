"""Partner-to-partner collaboration levels (the Levels of Collaboration Scale).

Each respondent organisation rates its collaboration with each other partner from
0 (no interaction) to 5, on the scale of Frey, Lohmeier, Lee and Tollefson [frey2006],
adapted from Hogue [hogue1993]: 1 networking, 2 cooperation, 3 coordination,
4 coalition, 5 collaboration. Two partners often rate the same relationship
differently; such pairs are material for discussion rather than errors.

Definitions used here (recorded so that a reader can check them):

- A *rated pair* is an unordered pair of partners with at least one rating.
- A pair's level is the mean of the ratings it received (one or two), rounded half
  up to a whole level; ``level_shares`` are the shares of rated pairs at each level 0-5.
- ``mean_level`` is the mean of all ratings (each direction counts once).
- A pair is a *disagreement* when both partners rated each other and their ratings
  differ by ``threshold`` (default 2) levels or more.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"rater": ["a", "b", "a", "c"], "ratee": ["b", "a", "c", "a"],
...                    "level": [4, 1, 3, 3]})
>>> r = summarize_levels(df)
>>> r.mean_level, r.disagreements
(2.75, [('a', 'b')])
>>> r.level_shares[3], r.level_shares[4]
(1.0, 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from ..errors import CLSPInputError

__all__ = ["LEVEL_NAMES", "LevelsSummary", "levels_graph", "summarize_levels", "validate_levels"]

#: The scale's labels (frey2006, adapted from hogue1993).
LEVEL_NAMES: dict[int, str] = {
    0: "no interaction",
    1: "networking",
    2: "cooperation",
    3: "coordination",
    4: "coalition",
    5: "collaboration",
}
COLUMNS = ("rater", "ratee", "level")


def validate_levels(df: pd.DataFrame, *, source: str | Path | None = None, line_offset: int = 2) -> pd.DataFrame:
    """Check a ``rater, ratee, level`` table and return a clean copy (levels as ints).

    Errors name the source, line and column: a missing column, an empty name, a
    partner rating itself, a level that is not a whole number from 0 to 5, or the same
    rater rating the same partner twice.
    """
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise CLSPInputError(f"missing column(s) {', '.join(missing)}; expected columns: {', '.join(COLUMNS)}",
                             file=source, line=1, field=missing[0])
    out = df.copy()
    levels = []
    for pos, (a, b, raw) in enumerate(zip(out["rater"], out["ratee"], out["level"], strict=True)):
        line = pos + line_offset
        for name, value in (("rater", a), ("ratee", b)):
            if value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip():
                raise CLSPInputError(f"{name} is empty; expected a partner id", file=source, line=line, field=name)
        if str(a).strip() == str(b).strip():
            raise CLSPInputError(f"{a!r} rates itself; expected a rating of another partner", file=source,
                                 line=line, field="ratee")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = float("nan")
        if math.isnan(value) or not value.is_integer() or not 0 <= value <= 5:
            raise CLSPInputError(f"level {raw!r} is not valid; expected a whole number from 0 (no interaction) "
                                 "to 5 (collaboration)", file=source, line=line, field="level")
        levels.append(int(value))
    out["rater"] = out["rater"].astype(str).str.strip()
    out["ratee"] = out["ratee"].astype(str).str.strip()
    out["level"] = levels
    dup = out.duplicated(["rater", "ratee"], keep=False)
    if dup.any():
        second = [i for i, d in enumerate(dup) if d][1] + line_offset
        raise CLSPInputError("the same rater rates the same partner twice; expected one rating per ordered pair",
                             file=source, line=second, field="ratee")
    return out[list(COLUMNS)]


@dataclass
class LevelsSummary:
    """What a set of partner-to-partner ratings shows.

    Attributes
    ----------
    ratings
        The validated ratings.
    pairs
        One row per rated pair: ``a``, ``b`` (sorted), ``a_rates_b``, ``b_rates_a`` (NaN if
        missing), ``level`` (the pair's level), ``gap`` (absolute difference or NaN).
    mean_level
        Mean of all ratings.
    level_shares
        Level (0-5) -> share of rated pairs at that level.
    disagreements
        Pairs ``(a, b)`` whose two ratings differ by the threshold or more.
    threshold
        The gap that counts as disagreement.
    """

    ratings: pd.DataFrame
    pairs: pd.DataFrame
    mean_level: float
    level_shares: dict[int, float]
    disagreements: list[tuple[str, str]]
    threshold: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``clsp survey levels --json``)."""
        return {
            "mean_level": round(self.mean_level, 4) if not math.isnan(self.mean_level) else None,
            "level_shares": {str(k): round(v, 4) for k, v in self.level_shares.items()},
            "level_names": {str(k): v for k, v in LEVEL_NAMES.items()},
            "rated_pairs": len(self.pairs),
            "ratings": len(self.ratings),
            "reciprocated_pairs": int(self.pairs["gap"].notna().sum()),
            "disagreements": [list(p) for p in self.disagreements],
            "disagreement_threshold": self.threshold,
        }


def summarize_levels(df: pd.DataFrame, *, threshold: int = 2, validate: bool = True) -> LevelsSummary:
    """Summarise partner-to-partner ratings (see the module's definitions)."""
    ratings = validate_levels(df) if validate else df.copy()
    lookup = {(a, b): lv for a, b, lv in zip(ratings["rater"], ratings["ratee"], ratings["level"], strict=True)}
    pair_keys = sorted({tuple(sorted(k)) for k in lookup})
    rows = []
    for a, b in pair_keys:
        ab, ba = lookup.get((a, b)), lookup.get((b, a))
        got = [x for x in (ab, ba) if x is not None]
        level = math.floor(sum(got) / len(got) + 0.5)
        gap = abs(ab - ba) if ab is not None and ba is not None else float("nan")
        rows.append({"a": a, "b": b, "a_rates_b": ab if ab is not None else float("nan"),
                     "b_rates_a": ba if ba is not None else float("nan"), "level": level, "gap": gap})
    pairs = pd.DataFrame(rows, columns=["a", "b", "a_rates_b", "b_rates_a", "level", "gap"])
    n = len(pairs)
    shares = {lv: (float((pairs["level"] == lv).sum()) / n if n else 0.0) for lv in LEVEL_NAMES}
    disagreements = [(r.a, r.b) for r in pairs.itertuples() if not math.isnan(r.gap) and r.gap >= threshold]
    mean_level = float(ratings["level"].mean()) if len(ratings) else float("nan")
    return LevelsSummary(ratings, pairs, mean_level, shares, disagreements, threshold)


def levels_graph(summary: LevelsSummary) -> nx.Graph:
    """The network of rated pairs: edge attributes ``level``, ``gap`` and ``disagreement``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = summarize_levels(pd.DataFrame({"rater": ["a"], "ratee": ["b"], "level": [2]}))
    >>> g = levels_graph(s)
    >>> g["a"]["b"]["level"], g["a"]["b"]["disagreement"]
    (2, False)
    """
    g = nx.Graph()
    g.add_nodes_from(sorted(set(summary.ratings["rater"]) | set(summary.ratings["ratee"])))
    flagged = set(summary.disagreements)
    for r in summary.pairs.itertuples():
        g.add_edge(r.a, r.b, level=int(r.level), gap=None if math.isnan(r.gap) else float(r.gap),
                   disagreement=(r.a, r.b) in flagged)
    return g
