"""Factor self-assessment surveys: the instrument, many respondents' answers, and what they add up to.

Partners rate plain-language statements about the fourteen success factors from 1
(strongly disagree) to 5 (strongly agree), or answer "don't know". This module
aggregates the answers per factor (mean, count, spread, a confidence interval and a
band), reports non-response, and measures disagreement: between respondents, and
between stakeholder groups, since partners come to a partnership with different
expectations that are rarely put on the table [griffith2002 §3.23, quoting
balloch2001a p.7].

Conventions, each recorded in the summary so that a reader knows the choice made:

- *Don't know* is not a rating: it is counted (``n_dont_know``) and left out of the
  mean. Figures are computed on **observed answers only**; no value is imputed for a
  non-respondent (``missing_policy = "observed_only"``).
- Bands follow the Wilder Collaboration Factors Inventory's reading of factor means
  [mattessich2001]: 4.0 and above a strength, 3.0 to 3.99 borderline, below 3.0 a
  concern. The cut-offs are parameters (:class:`Bands`).
- Agreement among respondents is James, Demaree and Wolf's r_wg [james1984]: one minus
  the ratio of the observed variance to the variance of a uniform ("random") answer
  on the scale, (A**2 - 1) / 12 for A options; 0.70 and above is the usual reading of
  agreement [lebreton2008].
- Small numbers are not stretched: a factor with fewer than :data:`MIN_N` (3) ratings gets
  its mean but **no interval and no agreement verdict** ("too few answers"). The interval
  of a mean is a seeded percentile bootstrap [efron1993, ch. 13], which never leaves the
  rating scale (a t interval on two or three answers does: "-1.30 - 7.30" on 1-5).
- Breakdowns by stakeholder group can hide small groups: ``min_group_size`` replaces a
  group's mean by NaN (and drops it from the gaps) when fewer answers stand behind it.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({
...     "respondent": ["a", "b", "c", "a", "b", "c"],
...     "member": ["cab", "lsc", "cab", "cab", "lsc", "cab"],
...     "factor": ["trust"] * 3 + ["clarity"] * 3,
...     "rating": [4, 5, 4, 2, None, 3],
... })
>>> s = summarize(df)
>>> row = s.factors.set_index("id").loc["trust"]
>>> round(float(row["mean"]), 2), int(row["n"]), row["band"]
(4.33, 3, 'strength')
>>> clarity = s.factors.set_index("id").loc["clarity"]
>>> int(clarity["n"]), int(clarity["n_dont_know"]), clarity["band"]
(2, 1, 'concern')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CLSPInputError, UnknownValueError
from .instrument import Instrument, SurveyItem, factor_ids, instrument

__all__ = [
    "MIN_N",
    "Bands",
    "Instrument",
    "SurveyItem",
    "SurveySummary",
    "agreement_rwg",
    "bootstrap_difference_interval",
    "bootstrap_mean_interval",
    "factor_ids",
    "instrument",
    "item_responses_to_factors",
    "pseudonymise",
    "rating_value",
    "summarize",
    "t_cdf",
    "t_quantile",
    "validate_responses",
]

RESPONSE_COLUMNS = ("respondent", "member", "factor", "rating")
#: Fewest ratings behind an interval or an agreement verdict; fewer are "too few answers".
MIN_N = 3
#: Bootstrap resamples per interval.
BOOTSTRAP_RESAMPLES = 2000
#: How intervals are computed, as recorded in summaries and ``--json``.
INTERVAL_METHOD = f"percentile bootstrap, {BOOTSTRAP_RESAMPLES} resamples (efron1993 ch. 13)"


# -- bands ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bands:
    """Cut-offs that read a factor mean as a strength, borderline, or a concern.

    The defaults are the Wilder Collaboration Factors Inventory's [mattessich2001]:
    a mean of 4.0 or more is a strength, 3.0 to 3.99 borderline, under 3.0 a concern.

    Examples
    --------
    >>> Bands().band(4.0), Bands().band(3.99), Bands().band(2.5), Bands().band(float("nan"))
    ('strength', 'borderline', 'concern', None)
    >>> Bands(strength=3.5).band(3.6)
    'strength'
    """

    strength: float = 4.0
    borderline: float = 3.0
    cites: tuple[str, ...] = ("mattessich2001",)

    def __post_init__(self) -> None:
        if not self.borderline <= self.strength:
            raise CLSPInputError(
                f"the borderline cut-off ({self.borderline}) must not exceed the strength cut-off ({self.strength})",
                field="bands",
            )

    def band(self, mean: float | None) -> str | None:
        """The band of a mean (``None`` when there is no mean)."""
        if mean is None or (isinstance(mean, float) and math.isnan(mean)):
            return None
        if mean >= self.strength:
            return "strength"
        if mean >= self.borderline:
            return "borderline"
        return "concern"


# -- statistics helpers ------------------------------------------------------------------------

def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b) by its continued fraction (modified Lentz)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1.0) / (a + b + 2.0):  # the fraction converges fast on this side only
        return 1.0 - _betainc(b, a, 1.0 - x)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-14:
            break
    return math.exp(log_front) * h / a


def t_cdf(t: float, df: float) -> float:
    """Cumulative distribution function of Student's t.

    Examples
    --------
    >>> round(t_cdf(0.0, 5), 6), round(t_cdf(2.228139, 10), 4)
    (0.5, 0.975)
    """
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """Quantile of Student's t distribution (closed forms for 1 and 2 degrees of freedom,
    otherwise a normal-based first guess refined by Newton steps on :func:`t_cdf`).

    Examples
    --------
    >>> [round(t_quantile(0.975, df), 3) for df in (1, 2, 3, 4, 10, 30)]
    [12.706, 4.303, 3.182, 2.776, 2.228, 2.042]
    >>> round(t_quantile(0.975, 1e6), 3)
    1.96
    """
    if not 0 < p < 1:
        raise ValueError("p must be in (0, 1)")
    if df <= 0:
        raise ValueError("df must be positive")
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    from statistics import NormalDist

    z = NormalDist().inv_cdf(p)
    t = z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    for _ in range(50):
        density = math.exp(log_norm - (df + 1) / 2 * math.log1p(t * t / df))
        step = (t_cdf(t, df) - p) / density
        t -= step
        if abs(step) < 1e-12:
            break
    return t


def _resampled_means(values: Any, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Means of ``resamples`` bootstrap resamples of ``values`` (drawn as multinomial counts of the
    distinct values: the same distribution as resampling rows, in time independent of n)."""
    x = np.asarray(values, dtype=float)
    uniq, counts = np.unique(x, return_counts=True)
    draws = rng.multinomial(len(x), counts / counts.sum(), size=resamples)
    return draws @ uniq / len(x)


def bootstrap_mean_interval(values: Any, confidence: float = 0.95, *, seed: int = 0,
                            resamples: int = BOOTSTRAP_RESAMPLES, min_n: int = MIN_N) -> tuple[float, float]:
    """Percentile bootstrap interval of a mean [efron1993, ch. 13]; ``(nan, nan)`` under ``min_n`` values.

    Every resample's mean lies between the smallest and largest value observed, so the
    interval never leaves the rating scale (unlike a t interval on a handful of answers).
    The resamples are drawn from ``numpy.random.default_rng(seed)``: the same data and
    seed give the same interval. With very few answers the percentile interval is too
    narrow (three equal answers give a zero-width interval), which is why fewer than
    ``min_n`` answers get no interval at all.

    Examples
    --------
    >>> lo, hi = bootstrap_mean_interval([1, 5, 5])
    >>> 1 <= lo <= 11 / 3 <= hi <= 5
    True
    >>> bootstrap_mean_interval([1, 5])
    (nan, nan)
    >>> bootstrap_mean_interval([2, 4, 3, 5], seed=1) == bootstrap_mean_interval([5, 3, 4, 2], seed=1)
    True
    """
    x = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").dropna().to_numpy(dtype=float)
    if len(x) < max(min_n, 1):
        return math.nan, math.nan
    means = _resampled_means(x, resamples, np.random.default_rng(seed))
    alpha = (1 - confidence) / 2
    lo, hi = np.quantile(means, [alpha, 1 - alpha])
    return float(max(lo, x.min())), float(min(hi, x.max()))


def bootstrap_difference_interval(before: Any, after: Any, confidence: float = 0.95, *, seed: int = 0,
                                  resamples: int = BOOTSTRAP_RESAMPLES,
                                  min_n: int = MIN_N) -> tuple[float, float]:
    """Percentile bootstrap interval of ``mean(after) - mean(before)``, each wave resampled on its own
    [efron1993, ch. 13]; ``(nan, nan)`` when either wave has fewer than ``min_n`` values.

    The interval stays within the largest change the data allow (max(after) - min(before)
    and min(after) - max(before)), so never beyond the width of the scale.

    Examples
    --------
    >>> lo, hi = bootstrap_difference_interval([1, 2, 2], [4, 5, 4])
    >>> 1 < lo <= 8 / 3 <= hi < 4
    True
    >>> bootstrap_difference_interval([1, 2], [4, 5, 4])
    (nan, nan)
    """
    a = pd.to_numeric(pd.Series(before, dtype=object), errors="coerce").dropna().to_numpy(dtype=float)
    b = pd.to_numeric(pd.Series(after, dtype=object), errors="coerce").dropna().to_numpy(dtype=float)
    if len(a) < max(min_n, 1) or len(b) < max(min_n, 1):
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    diffs = _resampled_means(b, resamples, rng) - _resampled_means(a, resamples, rng)
    alpha = (1 - confidence) / 2
    lo, hi = np.quantile(diffs, [alpha, 1 - alpha])
    return float(lo), float(hi)


def agreement_rwg(ratings: Any, options: int = 5, min_n: int = 2) -> float:
    """James, Demaree and Wolf's r_wg: 1 - observed variance / uniform-null variance, floored at 0.

    NaN when fewer than ``min_n`` ratings (two at least: :func:`summarize` asks for
    :data:`MIN_N`, so that one or two answers never read as "agreement"). Perfect
    agreement gives 1; answers as spread as random ones give 0.

    Examples
    --------
    >>> agreement_rwg([4, 4, 4])
    1.0
    >>> agreement_rwg([1, 5, 1, 5])
    0.0
    >>> round(agreement_rwg([3, 4, 4, 5]), 3)
    0.667
    """
    x = np.asarray(pd.to_numeric(pd.Series(ratings), errors="coerce").dropna(), dtype=float)
    if len(x) < max(min_n, 2):
        return float("nan")
    expected = (options**2 - 1) / 12.0
    return float(max(0.0, 1.0 - x.var(ddof=1) / expected))


# -- input -------------------------------------------------------------------------------------

def rating_value(raw: Any, scale: tuple[int, int], *, source: str | Path | None = None,
                 line: int | None = None) -> float:
    """One rating cell as a number: a whole number on the scale, NaN for *don't know* (an empty cell).

    Parameters
    ----------
    raw
        The cell: a number, its text, or ``None``, NaN or blank text for *don't know*.
    scale
        ``(lowest, highest)`` rating allowed.
    source, line
        Where the cell is, for messages (its column is ``rating``).

    Returns
    -------
    float

    Raises
    ------
    CLSPInputError
        For text that is not a finite number, and for a number off the scale or not whole.

    Examples
    --------
    >>> rating_value("4", (1, 5)), rating_value(" ", (1, 5))
    (4.0, nan)
    >>> rating_value("4.5", (1, 5), source="s.csv", line=3)
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: s.csv:3: rating: rating '4.5' is out of range; expected a whole ...
    """
    lo, hi = scale
    if raw is None or (isinstance(raw, float) and math.isnan(raw)) or (isinstance(raw, str) and not raw.strip()):
        return math.nan
    try:
        value = float(raw)
        if not math.isfinite(value):  # 'nan', 'inf' are not answers
            raise ValueError(raw)
    except (TypeError, ValueError):
        raise CLSPInputError(f"rating {raw!r} is not a number; expected a whole number from {lo} to {hi}, "
                             "or empty for don't know", file=source, line=line, field="rating") from None
    if not value.is_integer() or not lo <= value <= hi:
        raise CLSPInputError(f"rating {raw!r} is out of range; expected a whole number from {lo} to {hi}, "
                             "or empty for don't know", file=source, line=line, field="rating")
    return value


def _fast_ratings(df: pd.DataFrame, valid: list[str], scale: tuple[int, int]) -> pd.Series | None:
    """The ratings checked all at once, or ``None`` if any row is wrong (the row loop then names it).

    The same rules as :func:`rating_value` and the respondent and factor checks, vectorised:
    a million rows in about a second instead of twenty.
    """
    lo, hi = scale
    resp = df["respondent"]
    if resp.isna().any() or (resp.astype(str).str.strip() == "").any() or not df["factor"].isin(valid).all():
        return None
    raw = df["rating"]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        nums = raw.astype(float)
        empty = nums.isna()
    else:
        if raw.map(lambda v: isinstance(v, bool)).any():
            return None
        text = raw.where(raw.notna(), "").astype(str).str.strip()
        empty = text == ""
        nums = pd.to_numeric(text.where(~empty), errors="coerce").astype(float)
    ok = empty | (nums.notna() & np.isfinite(nums) & (nums == np.floor(nums)) & nums.between(lo, hi))
    if not ok.all():
        return None
    return nums.where(~empty).set_axis(df.index)


def validate_responses(
    df: pd.DataFrame,
    *,
    source: str | Path | None = None,
    scale: tuple[int, int] = (1, 5),
    factors: list[str] | None = None,
    line_offset: int = 2,
) -> pd.DataFrame:
    """Check a long factor-level table and return a clean copy.

    Columns ``respondent, member, factor, rating`` (``group`` optional). ``rating`` is a
    whole number on the scale or empty for *don't know*. Errors name the source, the
    line (``line_offset`` is the file line of the first data row: 2 under a header) and
    the column, and say what is expected.
    """
    missing = [c for c in RESPONSE_COLUMNS if c not in df.columns]
    if missing:
        raise CLSPInputError(
            f"missing column(s) {', '.join(missing)}; expected columns: {', '.join(RESPONSE_COLUMNS)}"
            " (and optionally group)", file=source, line=1, field=missing[0])
    valid = factors or factor_ids()
    out = df.copy()
    fast = _fast_ratings(out, valid, scale)
    ratings = [] if fast is None else fast
    rows = [] if fast is not None else zip(out["respondent"], out["factor"], out["rating"], strict=True)
    for pos, (resp, fac, raw) in enumerate(rows):
        line = pos + line_offset
        if resp is None or (isinstance(resp, float) and math.isnan(resp)) or not str(resp).strip():
            raise CLSPInputError("respondent is empty; expected a respondent id or name", file=source, line=line,
                                 field="respondent")
        if fac not in valid:
            raise UnknownValueError.for_value(fac, tuple(valid), "factor", file=source, line=line, field="factor")
        ratings.append(rating_value(raw, scale, source=source, line=line))
    out["rating"] = pd.Series(ratings, index=out.index, dtype=float) if fast is None else fast
    out["respondent"] = out["respondent"].astype(str).str.strip()
    out["member"] = out["member"].where(out["member"].notna(), None)
    dup = out.duplicated(["respondent", "factor"], keep=False)
    if dup.any():
        first = int(np.flatnonzero(dup.to_numpy())[1]) + line_offset
        raise CLSPInputError("a second rating of the same factor by the same respondent; expected one row per "
                             "respondent and factor", file=source, line=first, field="factor")
    return out


def pseudonymise(
    df: pd.DataFrame, column: str = "respondent", prefix: str = "R", *, seed: int | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Replace names in ``column`` by pseudonyms (``R1``, ``R2``...) drawn at random.

    The numbers are a random permutation, not the order of the rows, so that someone who
    holds the file's order or a sign-in list cannot map them back. Each call draws anew
    (pseudonyms are random per run) unless ``seed`` is given, which makes them reproducible.
    Returns the new table and the key (name -> pseudonym). The key is never written by the
    package unless the caller writes it: reports and exports see pseudonyms only.

    Examples
    --------
    >>> import pandas as pd
    >>> out, key = pseudonymise(pd.DataFrame({"respondent": ["Ann", "Bob", "Ann", "Cy"]}), seed=3)
    >>> sorted(key.values()), out.respondent[0] == out.respondent[2] == key["Ann"]
    (['R1', 'R2', 'R3'], True)
    >>> key == pseudonymise(pd.DataFrame({"respondent": ["Ann", "Bob", "Cy"]}), seed=3)[1]
    True
    """
    import random
    import secrets

    names = list(dict.fromkeys(df[column].astype(str)))
    width = len(str(len(names)))
    numbers = list(range(1, len(names) + 1))
    random.Random(secrets.randbits(64) if seed is None else seed).shuffle(numbers)
    key = {n: f"{prefix}{k:0{width}d}" for n, k in zip(names, numbers, strict=True)}
    out = df.copy()
    out[column] = out[column].astype(str).map(key)
    return out, key


def item_responses_to_factors(items: pd.DataFrame, inst: Instrument | None = None) -> pd.DataFrame:
    """Turn item-level answers (``respondent, member, item, rating``) into factor-level ratings.

    Reverse-worded items are scored ``max + min - rating``. A respondent's factor rating
    is the mean of their answered items for that factor (observed only); a factor
    whose items were all *don't know* stays empty.
    """
    inst = inst or instrument()
    item_factor = {i.id: i.factor for i in inst.items}
    reverse = {i.id for i in inst.items if i.reverse}
    unknown = sorted(set(items["item"]) - set(item_factor))
    if unknown:
        raise UnknownValueError.for_value(unknown[0], tuple(item_factor), "survey item", field="item")
    df = items.copy()
    df["rating"] = pd.to_numeric(df["rating"], errors="coerce")
    rev = df["item"].isin(reverse)
    df.loc[rev, "rating"] = inst.scale_max + inst.scale_min - df.loc[rev, "rating"]
    df["factor"] = df["item"].map(item_factor)
    keys = ["respondent", "member", "factor"] + (["group"] if "group" in df.columns else [])
    out = df.groupby(keys, dropna=False, sort=False)["rating"].mean().reset_index()
    return out[[*RESPONSE_COLUMNS, *(["group"] if "group" in df.columns else [])]]


# -- aggregation ------------------------------------------------------------------------------

@dataclass
class SurveySummary:
    """What many respondents' answers add up to.

    Attributes
    ----------
    factors
        One row per factor: ``id``, ``name``, ``mean``, ``n`` (ratings), ``n_dont_know``,
        ``sd``, ``se``, ``ci_low``, ``ci_high``, ``band``, ``rwg`` (agreement), ``min``, ``max``,
        ``too_few`` (fewer than ``min_n`` ratings: no interval, no r_wg).
    by_group
        Mean rating per factor (rows) and stakeholder group (columns); empty when no
        respondent's group is known. A cell with fewer than ``min_group_size`` ratings
        behind it is NaN (see ``by_group_n``).
    by_group_n
        Number of ratings behind each cell of ``by_group`` (before hiding small groups).
    ratings
        Factor id -> its observed ratings, sorted (no respondent attached): what the
        intervals of a comparison between waves resample.
    group_gaps
        Per factor: the largest difference between two groups' means, which groups,
        and ``flagged`` when it reaches ``gap_threshold``.
    response
        Per member: respondents, expected respondents (from the roster), response rate.
    respondents
        Number of distinct respondents.
    missing_policy
        How missing answers were treated (``"observed_only"``).
    bands
        The cut-offs used.
    """

    factors: pd.DataFrame
    by_group: pd.DataFrame
    group_gaps: pd.DataFrame
    response: pd.DataFrame
    respondents: int
    missing_policy: str
    bands: Bands
    confidence: float
    gap_threshold: float
    by_group_n: pd.DataFrame = field(default_factory=pd.DataFrame)
    min_group_size: int = 1
    min_n: int = MIN_N
    interval_method: str = INTERVAL_METHOD
    seed: int = 0
    ratings: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``clsp survey summarize --json``)."""

        def clean(v: Any) -> Any:
            if isinstance(v, float | np.floating):
                return None if math.isnan(v) else round(float(v), 4)
            if isinstance(v, np.integer):
                return int(v)
            if isinstance(v, np.bool_):
                return bool(v)
            return v

        def records(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: clean(v) for k, v in r.items()} for r in df.to_dict(orient="records")]

        return {
            "respondents": int(self.respondents),
            "missing_policy": self.missing_policy,
            "confidence": self.confidence,
            "interval_method": self.interval_method,
            "seed": self.seed,
            "min_n": self.min_n,
            "min_group_size": self.min_group_size,
            "bands": {"strength": self.bands.strength, "borderline": self.bands.borderline,
                      "cites": list(self.bands.cites)},
            "factors": records(self.factors),
            "group_gaps": records(self.group_gaps),
            "by_group": {f: {g: clean(v) for g, v in row.items()} for f, row in self.by_group.iterrows()},
            "by_group_n": {f: {g: clean(v) for g, v in row.items()} for f, row in self.by_group_n.iterrows()},
            "response": records(self.response),
        }

    def concerns(self) -> list[str]:
        """Factor ids banded as a concern, weakest first."""
        df = self.factors[self.factors["band"] == "concern"].sort_values("mean")
        return list(df["id"])

    def contested(self, threshold: float = 0.7) -> list[str]:
        """Factor ids on which respondents disagree (r_wg below ``threshold``)."""
        return list(self.factors.loc[self.factors["rwg"] < threshold, "id"])


def _groups_of(members: Any) -> dict[str, tuple[str, ...]]:
    if members is None:
        return {}
    if hasattr(members, "members") and hasattr(members, "graph"):  # a Partnership
        return {mid: m.groups for mid, m in members.members.items()}
    return {k: (v,) if isinstance(v, str) else tuple(v) for k, v in dict(members).items()}


def summarize(
    responses: pd.DataFrame,
    *,
    members: Any = None,
    roster: Mapping[str, int] | None = None,
    bands: Bands | None = None,
    confidence: float = 0.95,
    gap_threshold: float = 1.0,
    validate: bool = True,
    seed: int = 0,
    min_group_size: int = 1,
    min_n: int = MIN_N,
) -> SurveySummary:
    """Aggregate factor-level ratings from many respondents.

    Parameters
    ----------
    responses
        Long table ``respondent, member, factor, rating`` (``rating`` 1-5 or empty for
        don't know; an optional ``group`` column gives the respondent's stakeholder group).
    members
        A :class:`~clsp_research.partnership.model.Partnership` or a mapping member id -> group(s), to
        place respondents in stakeholder groups (a member in several groups counts in each).
    roster
        Expected respondents per member, for response rates (``None``: rates unknown).
    bands
        Cut-offs for strength / borderline / concern (Wilder defaults).
    confidence
        Level of the bootstrap interval of each factor mean (:func:`bootstrap_mean_interval`).
    gap_threshold
        A difference between two groups' means of at least this many scale points is
        flagged as disagreement between groups.
    validate
        Check the table first (see :func:`validate_responses`).
    seed
        Seed of the bootstrap resampling (the same data and seed give the same intervals).
    min_group_size
        A stakeholder group's mean of a factor is shown only when at least this many
        ratings stand behind it (1: always); hidden cells take no part in the gaps.
    min_n
        Fewest ratings for an interval and an agreement (r_wg) verdict (:data:`MIN_N`).
    """
    bands = bands or Bands()
    if min_group_size < 1:
        raise CLSPInputError(f"min_group_size must be at least 1, found {min_group_size}", field="min_group_size")
    df = validate_responses(responses) if validate else responses.copy()
    names = _factor_names()
    order = factor_ids()
    rows = []
    observed: dict[str, tuple[float, ...]] = {}
    for fid in order:
        sub = df[df["factor"] == fid]
        r = sub["rating"].dropna()
        if len(r):
            observed[fid] = tuple(sorted(float(v) for v in r))
        n = int(r.size)
        mean = float(r.mean()) if n else float("nan")
        sd = float(r.std(ddof=1)) if n > 1 else float("nan")
        se = sd / math.sqrt(n) if n > 1 else float("nan")
        low, high = bootstrap_mean_interval(r, confidence, seed=seed, min_n=min_n)
        rows.append({
            "id": fid, "name": names.get(fid, fid), "mean": mean, "n": n,
            "n_dont_know": int(sub["rating"].isna().sum()), "sd": sd, "se": se,
            "ci_low": low, "ci_high": high, "band": bands.band(mean),
            "rwg": agreement_rwg(r, min_n=max(min_n, 2)), "min": float(r.min()) if n else float("nan"),
            "max": float(r.max()) if n else float("nan"), "too_few": n < min_n,
        })
    factors = pd.DataFrame(rows)
    factors = factors[(factors["n"] > 0) | (factors["n_dont_know"] > 0)].reset_index(drop=True)

    # Stakeholder groups of respondents.
    groups = _groups_of(members)
    if "group" in df.columns:
        long = df.assign(_g=df["group"].map(lambda g: (g,) if isinstance(g, str) and g else ()))
    else:
        long = df.assign(_g=df["member"].map(lambda m: groups.get(m, ()) if isinstance(m, str) else ()))
    long = long.explode("_g").dropna(subset=["_g"])
    if len(long):
        by_group = long.pivot_table(index="factor", columns="_g", values="rating", aggfunc="mean")
        by_group = by_group.reindex([f for f in order if f in by_group.index])
        by_group.columns.name = None
        by_group_n = (long.dropna(subset=["rating"]).pivot_table(index="factor", columns="_g", values="rating",
                                                                  aggfunc="count")
                      .reindex(index=by_group.index, columns=by_group.columns).fillna(0).astype(int))
        by_group_n.columns.name = None
        by_group = by_group.where(by_group_n >= min_group_size)
    else:
        by_group = pd.DataFrame()
        by_group_n = pd.DataFrame()
    gaps = []
    for fid, row in by_group.iterrows():
        row = row.dropna()
        if len(row) < 2:
            continue
        lo_g = row.idxmin()
        hi_g = row.drop(lo_g).idxmax()  # two different groups even when their means tie
        gap = float(row.max() - row.min())
        gaps.append({"id": fid, "gap": gap, "high_group": hi_g, "low_group": lo_g,
                     "flagged": gap >= gap_threshold})
    group_gaps = pd.DataFrame(gaps, columns=["id", "gap", "high_group", "low_group", "flagged"])

    # Response per member.
    per_member = df.dropna(subset=["member"]).groupby("member")["respondent"].nunique()
    members_all = sorted(set(per_member.index) | set(roster or {}))
    response = pd.DataFrame({
        "member": members_all,
        "respondents": [int(per_member.get(m, 0)) for m in members_all],
        "expected": [(roster or {}).get(m) for m in members_all],
    })
    response["response_rate"] = [
        (r / e if e else float("nan")) if e is not None else float("nan")
        for r, e in zip(response["respondents"], response["expected"], strict=True)
    ]
    return SurveySummary(
        factors=factors, by_group=by_group, group_gaps=group_gaps, response=response,
        respondents=int(df["respondent"].nunique()), missing_policy="observed_only", bands=bands,
        confidence=confidence, gap_threshold=gap_threshold, by_group_n=by_group_n,
        min_group_size=min_group_size, min_n=min_n, seed=seed, ratings=observed,
    )


@lru_cache(maxsize=1)
def _factor_names() -> dict[str, str]:
    from ..literature import framework

    return {i.id: i.name for i in framework("success_factors").items}
