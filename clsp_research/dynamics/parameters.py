"""Parameters of the partnership-dynamics model: defaults, ranges, the claims they encode.

Every parameter is listed in :data:`PARAMETERS` with its default, its valid range,
what it means, the claim from the literature it encodes and the works that make the
claim (``references.bib`` keys with pages, and the paragraph of Griffith's 2002
paper that discusses them). :class:`Parameters` holds one validated set of values.

The defaults are an *illustrative calibration*: values chosen so that each mechanism
is visible over a few dozen periods (a period stands for about a quarter of a year),
not estimates from data. Researchers are meant to vary them and see which
conclusions survive.

Examples
--------
>>> p = Parameters()
>>> p.turnover, p.strategy
(0.025, 'small_wins')
>>> p.replace(turnover=0.3).turnover
0.3
>>> Parameters.from_assignments(["funding=0", "strategy=flagship"]).funding
0.0
>>> try:
...     Parameters(turnovr=0.2)
... except Exception as exc:
...     print(str(exc)[:60])
unknown parameter 'turnovr'; expected one of: turnover, pers
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import CLSPInputError, UnknownValueError

__all__ = [
    "PARAMETERS",
    "STAGES",
    "STRATEGIES",
    "TIE_KIND_STAGE",
    "ParamSpec",
    "Parameters",
    "parameter_table",
]

#: Stages of the continuum (griffith2002 §2.4-2.7), from the loosest to the closest.
STAGES: tuple[str, ...] = ("networking", "co-operation", "co-ordination", "integration")

#: Strategies of joint work: small wins (bryson1988, p.11, 14) against the flagship developments that 1980s
#: guidance favoured (hutchinson1998, p.50 via griffith2002 §3.69 n.69).
STRATEGIES: tuple[str, ...] = ("small_wins", "flagship")

#: A simple stage per tie kind, the base levels of the assessment's tie rules without their
#: upgrades for formal ties (``rules/tie_levels.yaml``). By default a simulation starts from
#: the assessment's own rules; pass ``tie_levels=TIE_KIND_STAGE`` (or any such mapping) to
#: :func:`~clsp_research.dynamics.model.compile_structure` to use a plain mapping instead.
#: Information exchange is networking (griffith2002 §2.4); referral, funding and a working
#: agreement are members co-operating while keeping their own goals (§2.5); a joint project
#: and shared staff are work and resources put together towards shared objectives (§2.6); a
#: pooled budget brings resources into a structure the group controls (§2.7).
TIE_KIND_STAGE: dict[str, str] = {
    "information_exchange": "networking",
    "referral": "co-operation",
    "funding": "co-operation",
    "agreement": "co-operation",
    "joint_project": "co-ordination",
    "shared_staff": "co-ordination",
    "pooled_budget": "integration",
}


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: default, type, range, meaning, the claim it encodes and its sources.

    ``refs`` are ``references.bib`` citations (``"key, locator"``); ``seed`` names the
    paragraphs of Griffith's paper (griffith2002) that discuss the claim.
    """

    name: str
    default: Any
    kind: type
    meaning: str
    claim: str
    refs: tuple[str, ...] = ()
    seed: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    optional: bool = False
    group: str = ""

    def range_text(self) -> str:
        """The valid values in words."""
        if self.choices:
            return "one of: " + ", ".join(self.choices)
        lo = "-inf" if self.low is None else f"{self.low:g}"
        hi = "inf" if self.high is None else f"{self.high:g}"
        kind = "a whole number" if self.kind is int else "a number"
        extra = " (or 'auto' to derive it from the case)" if self.optional else ""
        return f"{kind} from {lo} to {hi}{extra}"

    def check(self, value: Any) -> Any:
        """Validate and coerce ``value`` (text from the command line is parsed)."""
        if value is None or (isinstance(value, str) and value.strip().lower() in ("auto", "none")):
            if self.optional:
                return None
            raise CLSPInputError(f"expected {self.range_text()}, found {value!r}", field=self.name)
        if self.choices:
            if not isinstance(value, str) or value not in self.choices:
                raise UnknownValueError.for_value(value, self.choices, self.name.replace("_", " "),
                                                  field=self.name)
            return value
        given = value
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise CLSPInputError(f"expected {self.range_text()}, found {value!r}", field=self.name) from None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise CLSPInputError(f"expected {self.range_text()}, found {given!r}", field=self.name)
        if self.kind is int:
            if float(value) != int(value):
                raise CLSPInputError(f"expected {self.range_text()}, found {given!r}", field=self.name)
            value = int(value)
        else:
            value = float(value)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise CLSPInputError(f"expected {self.range_text()}, found {given!r}", field=self.name)
        return value


def _p(name: str, default: Any, meaning: str, claim: str, refs: tuple[str, ...] = (), seed: str = "",
       low: float | None = 0.0, high: float | None = 1.0, kind: type = float, group: str = "",
       **kw: Any) -> ParamSpec:
    return ParamSpec(name, default, kind, meaning, claim, refs, seed, low, high, group=group, **kw)


_SPECS: tuple[ParamSpec, ...] = (
    # -- turnover -------------------------------------------------------------------------
    _p("turnover", 0.025, "share of members' representatives replaced each period",
       "changing representatives erodes continuity and trust; turnover should be as low as possible",
       ("williamson2001, p.124", "huxham2000, p.300", "huxham1993, p.25"), "§3.63, §3.70, §3.73",
       group="turnover"),
    _p("personal_trust", 0.25, "share of a relationship's trust that leaves with a departing representative",
       "personalities are crucial: collaborative working depends on individuals",
       ("dtlr2002, p.6",), "§3.63", group="turnover"),
    _p("inexperience", 0.5, "share of capacity a brand-new representative lacks",
       "partnership working is a skilled activity; joint work needs the most competent staff",
       ("webb1991, p.239", "charnley2001, p.161"), "§3.63", group="turnover"),
    _p("learning_periods", 2.0, "periods over which a new representative's inexperience fades (time constant)",
       "(project convention: no source says how fast a newcomer learns the job; the paper says only that joint "
       "work needs the most competent staff and low turnover)", (), "§3.63",
       low=0.01, high=100.0, group="turnover"),
    _p("initial_tenure", 4.0, "periods the representatives have been in post when the simulation starts",
       "(starting condition)", (), "", low=0.0, high=1000.0, group="turnover"),
    # -- resources and funding -----------------------------------------------------------
    _p("funding", 0.1, "external funding per period, as a share of the members' mean initial resources "
       "per member (0 = none; 0.1 replaces what `resource_decay` uses up)",
       "finance is the strongest incentive to collaborate; without resources a partnership is a talking shop",
       ("gilling1994, p.248", "webb1991, p.235", "hutchinson1998, p.61"), "§3.30-3.31, §3.35",
       high=10.0, group="resources"),
    _p("resource_decay", 0.1, "share of the resources available for partnership work used up each period",
       "progress is limited without appropriate funding: resources for joint work run down",
       ("hutchinson1998, p.61", "williamson2001, p.121"), "§3.29, §3.35", group="resources"),
    _p("capacity_building", 0.0, "share of the funding spent equally on all members to build their capacity "
       "(the rest follows influence)",
       "capacity building for the less-resourced members offsets the drift of power",
       ("mayo1997, p.12", "pearson2001b, pp.132-33", "dtlr2002, p.29"), "§3.43, §3.55", group="resources"),
    _p("capacity_half", 1.0, "resources (in units of the mean initial member's) at which capacity is half",
       "capacity is largely a question of resources", ("huxham1996, p.250", "williamson2001, p.139"),
       "§3.60", low=0.01, high=100.0, group="resources"),
    # -- power -----------------------------------------------------------------------------
    _p("power_drift", 0.1, "rate per period at which influence moves toward its resource-based target",
       "inequality among the partners grows over time, as each slips back into its usual role",
       ("mayo2001, p.39",), "§3.41", group="power"),
    _p("power_exponent", 1.25, "how steeply influence grows with resources (1 = in proportion)",
       "partnerships are dominated by the more powerful partners, above all through the resources they bring "
       "(the exponent itself is a project convention)",
       ("balloch2001a, p.8", "hutchinson1998, p.64"), "§3.42", low=0.0, high=5.0, group="power"),
    # -- trust -------------------------------------------------------------------------------
    _p("initial_trust", 0.5, "trust between members of the same sector when the simulation starts (0-1)",
       "how far partners trust each other rests on how their earlier joint work went",
       ("huxham2000, p.296", "steele1999"), "§3.68, §4.9", group="trust"),
    _p("sector_gap", 0.1, "lower starting trust between members of different sectors",
       "new partnerships bring together organisations with different cultures and interests",
       ("steele1999",), "§4.9", group="trust"),
    _p("trust_noise", 0.05, "half-width of the uniform spread of starting trust around its level",
       "(starting condition)", (), "", high=0.5, group="trust"),
    _p("clarity", None, "clarity of purpose, roles and ways of working (0-1); 'auto' derives it from the "
       "case's shared mission, terms of reference, strategic plan and SMART objectives",
       "agreeing plainly how the partners will work together builds trust and co-operation",
       ("steele1999", "huxham1996, p.250", "hutchinson1998, p.43"), "§3.58-3.59, §4.9", optional=True,
       group="trust"),
    # -- joint activities -------------------------------------------------------------------
    _p("strategy", "small_wins", "how joint work is organised: many small projects or one flagship at a time",
       "a series of small wins builds commitment and trust where flagship projects stall",
       ("bryson1988, p.11", "bryson1988, p.14", "huxham2000, p.300", "hutchinson1998, p.50"), "§3.69-3.70",
       low=None, high=None, kind=str, choices=STRATEGIES, group="activities"),
    _p("activity_rate", 6.0, "joint activities a representative could take part in per period at full "
       "commitment and capacity (their attention, shared among their partners)",
       "time is finite: partnerships must not be overloaded, and small groups work faster",
       ("dtlr2002, p.27", "huxham2000, p.306"), "§3.57, §3.72", high=20.0, group="activities"),
    _p("inclusivity", 1.0, "share of the members engaged from the start (key players first: the most "
       "resources, then the most ties)",
       "bringing every stakeholder in costs more time than working with a few main players",
       ("steele1999", "huxham2000, p.306", "balloch2001a, p.7"), "§3.56-3.57, §3.74, §4.9", low=0.01,
       group="activities"),
    _p("small_difficulty", 0.35, "readiness at which a small project succeeds half the time",
       "small wins must be easy to say yes to", ("bryson1988, p.14",), "§3.69", group="activities"),
    _p("small_gain", 0.15, "share of the remaining distrust removed by a small success",
       "nothing succeeds like success: tangible benefits sustain joint working",
       ("williamson2001, p.123", "webb1991, p.237"), "§3.68-3.69", group="activities"),
    _p("small_loss", 0.03, "trust lost when a small project fails",
       "small wins reduce the cost of failure", ("bryson1988, p.14",), "§3.69", group="activities"),
    _p("small_promotion", 0.25, "chance that a small success moves a relationship one stage closer "
       "(when its trust and capacity allow)",
       "successful outcomes underpin more substantial collaboration", ("webb1991, p.237",), "§3.68",
       group="activities"),
    _p("flagship_duration", 4.0, "mean periods a flagship project runs before its outcome is known",
       "(project convention: flagship projects are taken to be large and slow; the paper only contrasts early "
       "small successes with the flagship developments of 1980s guidance, §3.69 n.69)", (), "", low=1.0, high=100.0,
       group="activities"),
    _p("flagship_difficulty", 0.35, "readiness at which a flagship of two partners would succeed half the time "
       "(it rises with the number of partners: `flagship_size_cost`)",
       "substantial, risky collaboration needs trust first", ("webb1991, p.237", "huxham2000, p.299"),
       "§3.68", group="activities"),
    _p("flagship_size_cost", 0.04, "rise in a flagship's difficulty for each doubling of the members taking part",
       "success is likelier with few partners and simple tasks", ("huxham2000, p.306", "huxham1996, p.252"),
       "§3.57, §3.59", group="activities"),
    _p("flagship_gain", 0.3, "share of the remaining distrust removed by a flagship success",
       "a visible success reinforces trusting attitudes", ("webb1991, p.237",), "§3.68", group="activities"),
    _p("flagship_loss", 0.12, "trust lost when a flagship fails",
       "losing disheartens partners and may breed enmity (the size of the loss is a project convention)",
       ("tilson1997, p.11",), "§3.34",
       group="activities"),
    _p("flagship_promotion", 0.6, "chance that a flagship success moves a relationship one stage closer",
       "(project convention: a flagship, when it succeeds, is taken to be a big step; no source says so)", (), "",
       group="activities"),
    _p("success_slope", 8.0, "steepness of the success probability around the difficulty",
       "(shape of the logistic success curve)", (), "", low=0.1, high=100.0, group="activities"),
    _p("weight_trust", 0.4, "weight of trust in a joint activity's readiness",
       "trust is, for many, the most important factor", ("webb1991, p.237", "huxham2000, p.298"), "§3.68",
       high=10.0, group="activities"),
    _p("flagship_weight_trust", 0.6, "weight of trust in a flagship's readiness (the other weights share the rest "
       "in their usual proportions)",
       "substantial, risky collaboration leans on trust more heavily than small projects do; without trust "
       "it is only worth it for very significant ends",
       ("webb1991, p.237", "huxham2000, p.299"), "§3.68 n.68", group="activities"),
    _p("weight_capacity", 0.25, "weight of capacity in readiness",
       "organisations need capacity to play an active role", ("huxham1996, p.250",), "§3.60", high=10.0,
       group="activities"),
    _p("weight_commitment", 0.15, "weight of commitment in readiness",
       "organisations need commitment to play an active role", ("huxham1996, p.250",), "§3.60", high=10.0,
       group="activities"),
    _p("weight_clarity", 0.2, "weight of clarity in readiness",
       "clear, agreed, realistic goals increase the chances of success", ("hutchinson1998, p.43",),
       "§3.59", high=10.0, group="activities"),
    # -- stages --------------------------------------------------------------------------------
    _p("trust_cooperation", 0.25, "trust a relationship needs to be sustained at co-operation",
       "sufficient trust is needed to initiate co-operation", ("webb1991, p.237",), "§3.68", group="stages"),
    _p("trust_coordination", 0.4, "trust needed at co-ordination",
       "working together on collective goals is riskier and needs more trust", ("webb1991, p.237",),
       "§2.6, §3.68", group="stages"),
    _p("trust_integration", 0.7, "trust needed at integration",
       "at integration each member stakes its own resources and reputation", (), "§2.7", group="stages"),
    _p("capacity_coordination", 0.25, "capacity (geometric mean of the pair's) needed at co-ordination",
       "co-ordination needs project management", (), "§2.6", group="stages"),
    _p("capacity_integration", 0.5, "capacity needed at integration",
       "integration pools or jointly secures resources", (), "§2.7", group="stages"),
    _p("breakdown", 0.5, "chance per period that a relationship lacking the trust or capacity its stage "
       "needs drops one stage",
       "trust, once built, is easily lost", ("dtlr2002, p.15",), "§3.68",
       group="stages"),
    _p("shock_period", 0, "period at which a crisis strikes (0 = none): a failed bid, a funding dispute, "
       "the loss of a champion",
       "trust, once built, is easily lost, and a failure can turn partners against each other",
       ("dtlr2002, p.15", "tilson1997, p.11"), "§3.34, §3.68", high=10000, kind=int, group="stages"),
    _p("shock_trust", 0.5, "share of every relationship's trust lost in the crisis",
       "(size of the crisis)", ("dtlr2002, p.15",), "§3.68", group="stages"),
    _p("placement_share", 0.5, "share of the relationships that must have reached a stage for the "
       "partnership to be placed there",
       "real partnerships mix elements of several stages", (), "§2.8", low=0.01, group="stages"),
    # -- commitment and membership -----------------------------------------------------------
    _p("initial_commitment", 0.6, "members' commitment when the simulation starts (0-1)",
       "(starting condition)", (), "", group="commitment"),
    _p("commitment_gain", 0.1, "change in commitment from a period of successes (or failures)",
       "partners join and stay committed when they are rewarded rather than penalised",
       ("bryson1988, p.14", "williamson2001, p.123"), "§3.69", group="commitment"),
    _p("funding_incentive", 0.02, "commitment gained per period by a member whose funding is at the "
       "`incentive_half` level (saturating)",
       "financial incentives bring partners together and help retain their involvement",
       ("gilling1994, p.248", "balloch2001a, p.1", "williamson2001, p.117"), "§3.30", high=10.0,
       group="commitment"),
    _p("incentive_half", 0.05, "funding received per period at which its incentive is half its maximum",
       "(shape of the incentive)", (), "", low=0.001, high=100.0, group="commitment"),
    _p("commitment_decay", 0.03, "share of commitment lost each period (the opportunity cost of partnership work)",
       "keeping organisations involved without funding them is difficult", ("butt2001, p.211",), "§3.55",
       group="commitment"),
    _p("exit_commitment", 0.1, "members whose commitment falls below this leave the partnership",
       "organisations have to be kept on board", ("butt2001, p.211",), "§3.55", group="commitment"),
)

#: Every parameter by name, in documentation order.
PARAMETERS: dict[str, ParamSpec] = {s.name: s for s in _SPECS}


class Parameters(Mapping[str, Any]):
    """A validated set of parameter values (defaults from :data:`PARAMETERS`).

    Behaves as a read-only mapping and as an object with one attribute per
    parameter. Unknown names or values out of range raise :class:`CLSPInputError`
    naming the parameter and what is expected.
    """

    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        for name in values:
            if name not in PARAMETERS:
                raise UnknownValueError.for_value(name, tuple(PARAMETERS), "parameter")
        checked = {}
        for name, spec in PARAMETERS.items():
            v = values.get(name, spec.default)
            checked[name] = v if (v is None and spec.optional) else spec.check(v)
        object.__setattr__(self, "_values", checked)

    @classmethod
    def from_assignments(cls, assignments: Iterable[str], base: Parameters | None = None) -> Parameters:
        """Parameters from ``NAME=VALUE`` strings (the command line's ``--set``)."""
        changes: dict[str, Any] = {}
        for text in assignments:
            name, eq, value = text.partition("=")
            name = name.strip()
            if not eq or not name:
                raise CLSPInputError(f"expected NAME=VALUE, found {text!r}; parameters are: "
                                     + ", ".join(PARAMETERS), field="--set")
            changes[name] = value.strip()
        return (base or cls()).replace(**changes)

    def replace(self, **changes: Any) -> Parameters:
        """A copy with some values changed (validated)."""
        return Parameters(**{**self._values, **changes})

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Parameters are read-only: use .replace(...)")

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Parameters):
            return self._values == other._values
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._values.items()))

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if v != PARAMETERS[k].default}
        return "Parameters(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"

    def __reduce__(self):
        return (_rebuild, (self._values,))

    def changed(self) -> dict[str, Any]:
        """The values that differ from the defaults."""
        return {k: v for k, v in self._values.items() if v != PARAMETERS[k].default}

    def to_dict(self) -> dict[str, Any]:
        """All values as a plain dict."""
        return dict(self._values)


def _rebuild(values: dict[str, Any]) -> Parameters:
    return Parameters(**values)


def parameter_table():  # -> pandas.DataFrame
    """Every parameter with its default, range, meaning, the claim it encodes and its sources.

    ``references`` holds the bibliography keys (for tools); ``sources`` the same as a reader sees
    them, author-year, or "project convention" where no source supports the number.

    Examples
    --------
    >>> t = parameter_table()
    >>> t.loc["turnover", "references"]
    'williamson2001, p.124; huxham2000, p.300; huxham1993, p.25'
    >>> t.loc["turnover", "sources"]
    'Williamson 2001, p.124; Huxham and Vangen 2000, p.300; Huxham 1993, p.25'
    >>> t.loc["learning_periods", "sources"]
    'project convention'
    """
    import pandas as pd

    from ..literature.citations import cite_many

    def sources(spec: ParamSpec) -> str:
        if spec.refs:
            return cite_many(spec.refs)
        return f"Griffith 2002, {spec.seed}" if spec.seed and not spec.claim.startswith("(") else "project convention"

    rows = [{"parameter": s.name, "group": s.group, "default": "auto" if s.default is None else s.default,
             "range": s.range_text(), "meaning": s.meaning, "claim": s.claim, "references": "; ".join(s.refs),
             "sources": sources(s), "griffith2002": s.seed} for s in _SPECS]
    return pd.DataFrame(rows).set_index("parameter")
