r"""The model of partnership dynamics: state, equations and the vectorised engine.

A simulation starts from a :class:`~clsp_research.partnership.model.Partnership`. Its recorded ties
are the working relationships whose trust and stage the model follows; its members
carry resources, capacity, commitment, influence and a representative's tenure. Many
runs are simulated at once: every state variable is an array with one row per run
(``runs x pairs`` or ``runs x members``). One period stands for about a quarter of a
year. Every default is an illustrative calibration documented with the claim it encodes
in :mod:`clsp_research.dynamics.parameters` (names in ``code`` below).

State
-----
For each relationship :math:`p=(i,j)` (a pair of members with at least one recorded tie):
trust :math:`T_p\in[0,1]` and stage :math:`L_p\in\{1,2,3,4\}` (networking, co-operation,
co-ordination, integration: griffith2002 §2.4-2.7). For each member :math:`i`: resources
:math:`R_i\ge 0` for partnership work, capacity :math:`K_i\in[0,1]`, commitment
:math:`C_i\in[0,1]`, influence :math:`I_i` (shares summing to one over the members present),
the tenure :math:`\tau_i` of its representative in periods, and presence :math:`a_i\in\{0,1\}`.
A relationship is *active* when both its members are present; only active relationships
are counted and acted on. Below, :math:`\kappa_p=\sqrt{K_iK_j}` and :math:`\bar C_p=\sqrt{C_iC_j}`.

Start (period 0)
----------------
* :math:`L_p(0)` is the stage the assessment gives the pair: the closest stage among its ties
  under the tie rules of :mod:`clsp_research.assess.ties` (the levels the assessment reports,
  with its upgrades for formal ties), or under a plain mapping such as
  :data:`TIE_KIND_STAGE` (``compile_structure(p, tie_levels=...)``).
* :math:`T_p(0)=\mathrm{clip}(T_0-g\,[s_i\ne s_j]+\epsilon_p)`, :math:`\epsilon_p\sim U(-\sigma,\sigma)`
  with :math:`T_0` = ``initial_trust``, :math:`g` = ``sector_gap`` (members of different recorded
  sectors start further apart: steele1999) and :math:`\sigma` = ``trust_noise``.
* :math:`R_i(0)` is the member's recorded ``resources``; members without a record get a
  relative default by stakeholder group (:data:`GROUP_RESOURCES`, scaled to the recorded
  ones). Resources are rescaled so that the members present start with a mean of 1.
* The :math:`\lceil \text{inclusivity}\cdot N\rceil` key players (most resources, then most ties)
  are present; :math:`C_i(0)` = ``initial_commitment``, :math:`\tau_i(0)` = ``initial_tenure``,
  :math:`I_i(0)=1/n` (formally equal seats at the table).

Each period
-----------
0. **Crisis** (dtlr2002, p.15; tilson1997, p.11): in period ``shock_period`` (if not 0) every
   relationship loses a share ``shock_trust`` of its trust.
1. **Turnover** (williamson2001, p.124; huxham2000, p.300). Each representative is replaced
   with probability ``turnover``; then :math:`\tau_i\leftarrow 0`, :math:`C_i\leftarrow\min(C_i,C_0)`
   and, for every relationship of the member, :math:`T_p\leftarrow(1-\psi)\,T_p` with
   :math:`\psi` = ``personal_trust`` (dtlr2002, p.6). Otherwise :math:`\tau_i\leftarrow\tau_i+1`.
2. **Funding** (gilling1994, p.248; degroot1992, p.199). An inflow :math:`F=f\,n_0` (``funding``
   times the initial membership) is shared out, a part :math:`b` = ``capacity_building`` equally
   and the rest by influence: :math:`\phi_i=F\,a_i\,[(1-b)\,I_i+b/n]`, and
   :math:`R_i\leftarrow(1-\rho)R_i+\phi_i` with :math:`\rho` = ``resource_decay``.
3. **Capacity** (williamson2001, p.139; webb1991, p.239):
   :math:`K_i=\dfrac{R_i}{R_i+h}\,\bigl(1-\chi\,e^{-\tau_i/\lambda}\bigr)` with :math:`h` =
   ``capacity_half``, :math:`\chi` = ``inexperience``, :math:`\lambda` = ``learning_periods``.
4. **Influence** (mayo2001, p.39): with :math:`w_i=a_iR_i^{\gamma}/\sum_k a_kR_k^{\gamma}`,
   :math:`I_i\leftarrow(1-\delta)I_i+\delta w_i` (``power_drift`` :math:`\delta`,
   ``power_exponent`` :math:`\gamma`).
5. **Joint activities.** Readiness
   :math:`x_p=\omega_T T_p+\omega_K\kappa_p+\omega_C\bar C_p+\omega_Q Q` (weights ``weight_*``
   normalised to sum to one; :math:`Q` = ``clarity``) and success probability
   :math:`\Pr(\text{success})=\sigma\bigl(s\,(x-d)\bigr)` with :math:`\sigma` the logistic function,
   :math:`s` = ``success_slope`` and :math:`d` the strategy's difficulty.

   * ``small_wins`` (bryson1988, p.14): each active relationship undertakes a small project
     with probability :math:`1-\exp\bigl(-\alpha\,\bar C_p\,\kappa_p\,\tfrac{2}{d_i+d_j}\bigr)`,
     where :math:`\alpha` = ``activity_rate`` (joint work needs commitment and capacity:
     huxham1996, p.250) and :math:`d_i` is the number of active relationships
     of member :math:`i` (attention is shared among partners: steele1999; huxham2000, p.306);
     its outcome is drawn with :math:`x_p` and :math:`d` = ``small_difficulty``.
   * ``flagship`` (hutchinson1998, p.50): one project involving every active relationship
     ends each period with probability :math:`1/D` (``flagship_duration``); a single outcome
     is drawn with the mean readiness :math:`\bar x` (trust weighted :math:`\omega_T^f` =
     ``flagship_weight_trust``, the other weights scaled to share the rest: risky collaboration
     leans on trust, webb1991, p.237) and difficulty
     :math:`d=d_f+c\,\log_2(m/2)`, where :math:`m` is the number of members taking part,
     :math:`d_f` = ``flagship_difficulty`` and :math:`c` = ``flagship_size_cost`` (few partners
     and simple tasks make success likelier: huxham2000, p.306; huxham1996, p.252), and it
     applies to every active relationship.

   A success raises trust, :math:`T_p\leftarrow T_p+u\,(1-T_p)`, and with probability
   :math:`\pi` moves the relationship one stage up when :math:`T_p\ge\theta_{L+1}` and
   :math:`\kappa_p\ge k_{L+1}` (the virtuous spiral: webb1991, p.237). A failure cuts it,
   :math:`T_p\leftarrow\max(0,\,T_p-\ell)` (trust is fragile: dtlr2002, p.15; a fixed loss weighs
   most where little trust has been built). :math:`u,\ell,\pi` are
   ``small_gain``, ``small_loss``, ``small_promotion`` or their ``flagship_`` counterparts;
   :math:`\theta` = (0, ``trust_cooperation``, ``trust_coordination``, ``trust_integration``),
   :math:`k` = (0, 0, ``capacity_coordination``, ``capacity_integration``).
6. **Commitment and membership** (bryson1988, p.14; gilling1994, p.248; butt2001, p.211):
   with :math:`S_i,F_i` the member's successes and failures this period and
   :math:`v_i=\phi_i/(\phi_i+h_v)` its funding incentive (:math:`h_v` = ``incentive_half``),
   :math:`C_i\leftarrow\mathrm{clip}\bigl(C_i+\eta\,\tfrac{S_i-F_i}{1+S_i+F_i}+\varphi v_i-\nu C_i\bigr)`
   (``commitment_gain`` :math:`\eta`, ``funding_incentive`` :math:`\varphi`, ``commitment_decay``
   :math:`\nu`). A member whose commitment falls below ``exit_commitment`` leaves.
7. **Breakdown** (dtlr2002, p.15; webb1991, p.235): an active relationship at stage
   :math:`L\ge 2` with :math:`T_p<\theta_L` or :math:`\kappa_p<k_L` drops one stage with
   probability ``breakdown``.

Measures (each run, each period)
--------------------------------
Over the active relationships: ``mean_trust``, ``mean_level`` (1-4), the shares at each stage
(``share_<stage>``), and the placement ``stage``: the closest stage that at least
``placement_share`` of them have reached (griffith2002 §2.8: real partnerships mix stages);
a partnership without active relationships is placed at networking.
:func:`~clsp_research.dynamics.ensemble.simulate` adds the stage profile ``profile_<stage>``,
the share of relationships at that stage or a closer one. Over the members
present: ``influence_gini`` (the Gini coefficient of influence), ``membership``,
``mean_commitment``, ``mean_capacity`` and ``resources`` (their total). Per period:
``activities`` and ``success_rate``.

Examples
--------
>>> from clsp_research.partnership.synthetic import synthetic_partnership
>>> s = compile_structure(synthetic_partnership(20, seed=1))
>>> s.n_members, s.n_pairs > 0
(20, True)
>>> out = run_chunk(s, Parameters(), periods=3, runs=4, seed=np.random.SeedSequence(0))
>>> out["mean_trust"].shape
(4, 4)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .parameters import STAGES, TIE_KIND_STAGE, Parameters

if TYPE_CHECKING:  # pragma: no cover
    from ..partnership.model import Partnership

__all__ = [
    "GROUP_RESOURCES",
    "MEASURES",
    "Structure",
    "case_clarity",
    "compile_structure",
    "gini",
    "key_players",
    "run_chunk",
]

#: Relative resources a member brings to partnership work when the case records none, by
#: stakeholder group (a member in several groups takes the largest). Illustrative: funders
#: bring the money and the more powerful partners dominate through the resources they bring,
#: while voluntary and community groups often lack the means to take a full part
#: (griffith2002 §3.42-3.43).
GROUP_RESOURCES: dict[str, float] = {
    "funder": 3.0,
    "other_sector": 1.5,
    "provider": 1.0,
    "network": 0.7,
    "community": 0.4,
}

#: Partnership-level fields read by ``clarity="auto"`` (True = 1, False = 0, unrecorded = 0.5).
CLARITY_FIELDS: tuple[str, ...] = ("shared_mission", "terms_of_reference", "strategic_plan", "smart_objectives")

#: Measures recorded for each run and period, in column order.
MEASURES: tuple[str, ...] = (
    "mean_trust",
    "mean_level",
    "stage_index",
    *(f"share_{s}" for s in STAGES),
    "influence_gini",
    "membership",
    "mean_commitment",
    "mean_capacity",
    "resources",
    "activities",
    "success_rate",
)


@dataclass(frozen=True)
class Structure:
    """What a simulation needs from a partnership, as plain arrays (cheap to send to workers).

    Attributes
    ----------
    name
        The partnership's name.
    member_ids
        Member ids, in the partnership's order.
    resources
        Starting resources per member, before rescaling (recorded or group default).
    sector
        Sector code per member (-1 when not recorded).
    degree
        Number of relationships per member.
    pair_i, pair_j
        The two members of each relationship (indices into ``member_ids``).
    level0
        Starting stage of each relationship, 1 (networking) to 4 (integration).
    clarity
        Clarity derived from the case (see :func:`case_clarity`).
    levels_from
        Where the starting stages came from: ``"assessment rules"`` or ``"mapping"``.
    """

    name: str
    member_ids: tuple[str, ...]
    resources: np.ndarray
    sector: np.ndarray
    degree: np.ndarray
    pair_i: np.ndarray
    pair_j: np.ndarray
    level0: np.ndarray
    clarity: float
    levels_from: str = "mapping"

    @property
    def n_members(self) -> int:
        """Number of members."""
        return len(self.member_ids)

    @property
    def n_pairs(self) -> int:
        """Number of relationships (pairs with at least one tie)."""
        return int(self.pair_i.size)


def case_clarity(partnership: Partnership) -> float:
    """Clarity of purpose read from a case: the mean of :data:`CLARITY_FIELDS`
    (recorded true = 1, false = 0, not recorded = 0.5).

    Examples
    --------
    >>> from clsp_research.partnership.model import Partnership, PartnershipInfo
    >>> case_clarity(Partnership(PartnershipInfo("P", shared_mission=True, strategic_plan=False)))
    0.5
    >>> case_clarity(Partnership(PartnershipInfo("P", shared_mission=True, terms_of_reference=True)))
    0.75
    """
    vals = []
    for f in CLARITY_FIELDS:
        v = getattr(partnership.info, f)
        vals.append(0.5 if v is None else float(bool(v)))
    return float(np.mean(vals))


def _pair_stages(partnership: Partnership, tie_levels: Mapping[str, str] | None) -> tuple[dict, str]:
    """Starting stage index (0-3) of each connected pair, keyed by its sorted member ids."""
    if tie_levels is None:
        try:
            from ..assess.rubric import load_rubric
            from ..assess.ties import pair_levels
        except ImportError:  # the assessment is optional for the simulation
            tie_levels = TIE_KIND_STAGE
        else:
            rubric = load_rubric()
            return ({tuple(sorted((q.source, q.target))): int(q.level) for q in pair_levels(partnership, rubric)},
                    "assessment rules")
    from ..errors import UnknownValueError

    for kind, stage in tie_levels.items():
        if stage not in STAGES:
            raise UnknownValueError.for_value(stage, STAGES, "stage", field=f"tie_levels.{kind}")
    out = {}
    for u, v, kinds in partnership.iter_pairs():
        out[tuple(sorted((u, v)))] = max(STAGES.index(tie_levels.get(k, TIE_KIND_STAGE[k])) for k in kinds)
    return out, "mapping"


def compile_structure(partnership: Partnership, tie_levels: Mapping[str, str] | None = None) -> Structure:
    """The arrays a simulation of ``partnership`` needs (see :class:`Structure`).

    Parameters
    ----------
    partnership
        The partnership.
    tie_levels
        ``None`` (default): each pair starts at the stage the assessment's tie rules give it
        (:mod:`clsp_research.assess.ties`; the plain :data:`TIE_KIND_STAGE` if the assessment
        is not installed). A mapping tie kind -> stage uses that mapping instead (kinds it
        leaves out take :data:`TIE_KIND_STAGE`).

    Raises :class:`~clsp_research.errors.CLSPInputError` when the partnership has fewer
    than two members or no ties: there is nothing to simulate.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("P", [Member(i, i, groups=("provider",)) for i in "abc"],
    ...                 [Tie("a", "b", "referral", formal=True), Tie("b", "c", "pooled_budget")])
    >>> compile_structure(p, tie_levels=TIE_KIND_STAGE).level0.tolist()
    [2, 4]
    """
    from ..errors import CLSPInputError
    from ..partnership.model import SECTORS

    members = partnership.members
    ids = tuple(members)
    if len(ids) < 2:
        raise CLSPInputError(f"{partnership.name!r} has {len(ids)} member(s); a simulation needs at least two",
                             field="members")
    index = {m: k for k, m in enumerate(ids)}
    stages, levels_from = _pair_stages(partnership, tie_levels)
    pi, pj, lv = [], [], []
    for (u, v), stage in stages.items():
        if u == v:
            continue
        a, b = sorted((index[u], index[v]))
        pi.append(a)
        pj.append(b)
        lv.append(1 + stage)
    if not pi:
        raise CLSPInputError(f"{partnership.name!r} has no ties between members; a simulation follows the "
                             "working relationships the case records", field="ties")
    order = np.lexsort((np.array(pj), np.array(pi)))
    pair_i = np.array(pi, dtype=np.intp)[order]
    pair_j = np.array(pj, dtype=np.intp)[order]
    level0 = np.array(lv, dtype=np.int8)[order]
    degree = np.bincount(pair_i, minlength=len(ids)) + np.bincount(pair_j, minlength=len(ids))
    default = np.array([max(GROUP_RESOURCES.get(g, 1.0) for g in m.groups) for m in members.values()])
    recorded = np.array([np.nan if m.resources is None else float(m.resources) for m in members.values()])
    have = ~np.isnan(recorded)
    if have.all():
        resources = recorded
    elif have.any() and np.median(recorded[have]) > 0:
        resources = np.where(have, recorded, default * np.median(recorded[have]) / np.median(default[have]))
    else:
        resources = default
    sector = np.array([SECTORS.index(m.sector) if m.sector in SECTORS else -1 for m in members.values()])
    return Structure(partnership.name, ids, resources.astype(float), sector, degree, pair_i, pair_j, level0,
                     case_clarity(partnership), levels_from)


def key_players(structure: Structure, inclusivity: float) -> np.ndarray:
    """Boolean mask of the members present at the start: the ``ceil(inclusivity * N)``
    (at least two) members with the most resources, ties broken by most relationships.

    Examples
    --------
    >>> from clsp_research.partnership.synthetic import synthetic_partnership
    >>> s = compile_structure(synthetic_partnership(10, seed=2))
    >>> int(key_players(s, 0.3).sum()), int(key_players(s, 1.0).sum())
    (3, 10)
    """
    n = structure.n_members
    k = min(n, max(2, math.ceil(inclusivity * n - 1e-9)))
    order = np.lexsort((np.arange(n), -structure.degree, -structure.resources))
    mask = np.zeros(n, dtype=bool)
    mask[order[:k]] = True
    return mask


def gini(x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Gini coefficient of each row of ``x`` over the entries where ``mask`` is true.

    0 is perfect equality; ``(n - 1) / n`` is everything held by one of ``n``. Rows with no
    entries or a zero total give 0.

    Examples
    --------
    >>> gini(np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 1.0]]))
    array([0.  , 0.75])
    >>> gini(np.array([[5.0, 1.0, 1.0]]), np.array([[False, True, True]]))
    array([0.])
    """
    x = np.asarray(x, dtype=float)
    if mask is None:
        mask = np.ones_like(x, dtype=bool)
    n = mask.sum(axis=1)
    xs = np.sort(np.where(mask, x, np.inf), axis=1)
    rank = np.arange(1, x.shape[1] + 1)
    valid = rank[None, :] <= n[:, None]
    xs = np.where(valid, xs, 0.0)
    total = xs.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        g = 2.0 * (xs * rank).sum(axis=1) / (n * total) - (n + 1.0) / n
    return np.where((n > 0) & (total > 0), np.maximum(g, 0.0), 0.0)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def run_chunk(
    structure: Structure, params: Parameters, periods: int, runs: int, seed: np.random.SeedSequence
) -> dict[str, np.ndarray]:
    """Simulate ``runs`` runs at once; return each measure as an array ``runs x (periods + 1)``.

    Column 0 is the starting state. The same structure, parameters and seed give the same
    arrays. The order of the random draws does not depend on the strategy, so two
    strategies run with one seed share their turnover and outcome draws (common random
    numbers make comparisons sharper).
    """
    q = params
    rng = np.random.default_rng(seed)
    n, npairs = structure.n_members, structure.n_pairs
    pi, pj = structure.pair_i, structure.pair_j
    # Sums over each member's relationships, run by run, with bincount on flat indices
    # (single-threaded and exact; a matrix product would call a multi-threaded BLAS).
    flat_i = (np.arange(runs)[:, None] * n + pi[None, :]).ravel()
    flat_j = (np.arange(runs)[:, None] * n + pj[None, :]).ravel()

    def per_member(x: np.ndarray) -> np.ndarray:
        w = x.ravel().astype(float)
        return (np.bincount(flat_i, weights=w, minlength=runs * n)
                + np.bincount(flat_j, weights=w, minlength=runs * n)).reshape(runs, n)

    theta = np.array([0.0, 0.0, q.trust_cooperation, q.trust_coordination, q.trust_integration, 2.0])
    kappa_need = np.array([0.0, 0.0, 0.0, q.capacity_coordination, q.capacity_integration, 2.0])
    wsum = q.weight_trust + q.weight_capacity + q.weight_commitment + q.weight_clarity
    if wsum <= 0:
        wsum = 1.0
    w_t, w_k, w_c, w_q = (q.weight_trust / wsum, q.weight_capacity / wsum, q.weight_commitment / wsum,
                          q.weight_clarity / wsum)
    clarity = structure.clarity if q.clarity is None else q.clarity
    flagship = q.strategy == "flagship"
    if flagship:
        gain, loss, promo, diff = q.flagship_gain, q.flagship_loss, q.flagship_promotion, q.flagship_difficulty
    else:
        gain, loss, promo, diff = q.small_gain, q.small_loss, q.small_promotion, q.small_difficulty

    # -- start -----------------------------------------------------------------------------
    present = np.broadcast_to(key_players(structure, q.inclusivity), (runs, n)).copy()
    n0 = int(present[0].sum())
    r0 = structure.resources.copy()
    mean_r = r0[present[0]].mean()
    r0 = r0 / mean_r if mean_r > 0 else np.ones(n)
    res = np.where(present, r0[None, :], 0.0)
    cross = (structure.sector[pi] != structure.sector[pj]) & (structure.sector[pi] >= 0) & (structure.sector[pj] >= 0)
    trust = q.initial_trust - q.sector_gap * cross[None, :] + rng.uniform(-q.trust_noise, q.trust_noise,
                                                                          (runs, npairs))
    np.clip(trust, 0.0, 1.0, out=trust)
    level = np.broadcast_to(structure.level0, (runs, npairs)).copy()
    commit = np.where(present, q.initial_commitment, 0.0)
    tenure = np.full((runs, n), q.initial_tenure)
    influence = present / present.sum(axis=1, keepdims=True)
    inflow = np.zeros((runs, n))
    cap = _capacity(res, tenure, q)
    activities = np.zeros(runs)
    successes = np.zeros(runs)

    out = {m: np.empty((runs, periods + 1)) for m in MEASURES}
    _record(out, 0, trust, level, present, pi, pj, influence, commit, cap, res, activities, successes, q)

    for t in range(1, periods + 1):
        # Draws, always in this order and shape whatever the strategy (common random numbers).
        u_turn = rng.random((runs, n))
        u_act = rng.random((runs, npairs))
        u_out = rng.random((runs, npairs))
        u_promo = rng.random((runs, npairs))
        u_break = rng.random((runs, npairs))
        u_end = rng.random(runs)
        u_flag = rng.random(runs)

        active = present[:, pi] & present[:, pj]
        if t == q.shock_period:  # 0. a crisis
            trust = trust * (1.0 - q.shock_trust)
        # 1. turnover
        turned = (u_turn < q.turnover) & present
        tenure = np.where(turned, 0.0, tenure + 1.0)
        commit = np.where(turned, np.minimum(commit, q.initial_commitment), commit)
        hits = turned[:, pi].astype(float) + turned[:, pj]
        trust = trust * (1.0 - q.personal_trust) ** hits
        # 2. funding
        n_now = present.sum(axis=1, keepdims=True)
        equal = np.where(present, 1.0 / np.maximum(n_now, 1), 0.0)
        inflow = q.funding * n0 * ((1.0 - q.capacity_building) * influence + q.capacity_building * equal)
        res = np.where(present, (1.0 - q.resource_decay) * res + inflow, 0.0)
        # 3. capacity
        cap = _capacity(res, tenure, q)
        # 4. influence
        target = np.where(present, res ** q.power_exponent if q.power_exponent != 1 else res, 0.0)
        tsum = target.sum(axis=1, keepdims=True)
        target = np.where(tsum > 0, target / np.where(tsum > 0, tsum, 1.0), equal)
        influence = (1.0 - q.power_drift) * influence + q.power_drift * target
        influence = np.where(present, influence, 0.0)
        isum = influence.sum(axis=1, keepdims=True)
        influence = np.where(isum > 0, influence / np.where(isum > 0, isum, 1.0), equal)
        # 5. joint activities
        kap = np.sqrt(cap[:, pi] * cap[:, pj])
        com = np.sqrt(commit[:, pi] * commit[:, pj])
        if flagship:
            rest = (1.0 - q.flagship_weight_trust) / max(w_k + w_c + w_q, 1e-12)
            ready = q.flagship_weight_trust * trust + rest * (w_k * kap + w_c * com + w_q * clarity)
            n_act = active.sum(axis=1)
            mean_ready = np.where(n_act > 0, (ready * active).sum(axis=1) / np.maximum(n_act, 1), 0.0)
            ends = (u_end < 1.0 / q.flagship_duration) & (n_act > 0)
            taking_part = (per_member(active) > 0).sum(axis=1)
            hard = diff + q.flagship_size_cost * np.log2(np.maximum(taking_part, 2) / 2.0)
            won = u_flag < _sigmoid(q.success_slope * (mean_ready - hard))
            did = active & ends[:, None]
            ok = did & won[:, None]
        else:
            ready = w_t * trust + w_k * kap + w_c * com + w_q * clarity
            deg = per_member(active)
            dsum = deg[:, pi] + deg[:, pj]
            rate = q.activity_rate * com * kap * 2.0 / np.maximum(dsum, 1.0)
            did = active & (u_act < -np.expm1(-rate))
            ok = did & (u_out < _sigmoid(q.success_slope * (ready - diff)))
        bad = did & ~ok
        trust = np.where(ok, trust + gain * (1.0 - trust), np.where(bad, np.maximum(trust - loss, 0.0), trust))
        up = ok & (level < 4) & (u_promo < promo) & (trust >= theta[level + 1]) & (kap >= kappa_need[level + 1])
        level = level + up
        activities = did.sum(axis=1).astype(float)
        successes = ok.sum(axis=1).astype(float)
        # 6. commitment and membership
        s_i = per_member(ok)
        f_i = per_member(bad)
        if flagship:  # one project: each member counts it once
            s_i = np.minimum(s_i, 1.0)
            f_i = np.minimum(f_i, 1.0)
        incentive = inflow / (inflow + q.incentive_half)
        commit = commit + q.commitment_gain * (s_i - f_i) / (1.0 + s_i + f_i) + q.funding_incentive * incentive \
            - q.commitment_decay * commit
        commit = np.where(present, np.clip(commit, 0.0, 1.0), 0.0)
        leaving = present & (commit < q.exit_commitment)
        if leaving.any():
            present = present & ~leaving
            res = np.where(present, res, 0.0)
            influence = np.where(present, influence, 0.0)
            isum = influence.sum(axis=1, keepdims=True)
            influence = np.where(isum > 0, influence / np.where(isum > 0, isum, 1.0), 0.0)
            cap = np.where(present, cap, 0.0)
            active = present[:, pi] & present[:, pj]
        # 7. breakdown
        kap = np.sqrt(cap[:, pi] * cap[:, pj])
        short = (level >= 2) & ((trust < theta[level]) | (kap < kappa_need[level]))
        level = level - (active & short & (u_break < q.breakdown))
        _record(out, t, trust, level, present, pi, pj, influence, commit, cap, res, activities, successes, q)
    return out


def _capacity(res: np.ndarray, tenure: np.ndarray, q: Parameters) -> np.ndarray:
    return res / (res + q.capacity_half) * (1.0 - q.inexperience * np.exp(-tenure / q.learning_periods))


def _record(out, t, trust, level, present, pi, pj, influence, commit, cap, res, activities, successes, q) -> None:
    active = present[:, pi] & present[:, pj]
    n_act = active.sum(axis=1)
    denom = np.maximum(n_act, 1)
    has = n_act > 0
    out["mean_trust"][:, t] = np.where(has, (trust * active).sum(axis=1) / denom, np.nan)
    out["mean_level"][:, t] = np.where(has, (level * active).sum(axis=1) / denom, np.nan)
    shares = [((level == k + 1) & active).sum(axis=1) / denom for k in range(len(STAGES))]
    placed = np.zeros(level.shape[0])
    cum = np.zeros(level.shape[0])
    for k in range(len(STAGES) - 1, -1, -1):
        cum = cum + shares[k]
        placed = np.where((placed == 0) & (cum >= q.placement_share - 1e-12), k, placed)
    for k, s in enumerate(STAGES):
        out[f"share_{s}"][:, t] = np.where(has, shares[k], np.nan)
    out["stage_index"][:, t] = np.where(has, placed, 0)
    nmem = present.sum(axis=1)
    out["membership"][:, t] = nmem
    out["influence_gini"][:, t] = gini(influence, present)
    with np.errstate(invalid="ignore"):
        out["mean_commitment"][:, t] = np.where(nmem > 0, (commit * present).sum(axis=1) / np.maximum(nmem, 1),
                                                np.nan)
        out["mean_capacity"][:, t] = np.where(nmem > 0, (cap * present).sum(axis=1) / np.maximum(nmem, 1), np.nan)
    out["resources"][:, t] = (res * present).sum(axis=1)
    out["activities"][:, t] = activities
    out["success_rate"][:, t] = np.where(activities > 0, successes / np.maximum(activities, 1), np.nan)
